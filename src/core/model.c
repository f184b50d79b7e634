/* Releasing decoded records. Each free leaves the record zeroed so a
 * second call (or a reuse) is harmless. A list with an arena frees its
 * strings in one go, and a big one hands its pages back (arena.h). */
#include "bento/model.h"
#include "arena.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The arena and the items array; true when that was all. */
static bool free_arena_list(struct bento_arena *arena, void *items, size_t item_bytes)
{
    if (!arena)
        return false;
    size_t freed = bento_arena_size(arena) + item_bytes;
    bento_arena_free(arena);
    free(items);
    bento_mem_trim(freed);
    return true;
}

void bento_tag_list_free(struct bento_tag_list *l)
{
    if (!l)
        return;
    if (free_arena_list(l->arena, l->items, l->count * sizeof *l->items)) {
        memset(l, 0, sizeof *l);
        return;
    }
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].id);
        free(l->items[i].name);
        free(l->items[i].created_at);
        free(l->items[i].discarded_at);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void bento_field_list_free(struct bento_field_list *l)
{
    if (!l)
        return;
    if (free_arena_list(l->arena, l->items, l->count * sizeof *l->items)) {
        memset(l, 0, sizeof *l);
        return;
    }
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].id);
        free(l->items[i].key);
        free(l->items[i].name);
        free(l->items[i].created_at);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void bento_subscriber_free(struct bento_subscriber *s)
{
    if (!s)
        return;
    free(s->id);
    free(s->uuid);
    free(s->email);
    free(s->unsubscribed_at);
    free(s->navigation_url);
    cJSON_Delete(s->fields);
    for (size_t i = 0; i < s->tag_id_count; i++)
        free(s->tag_ids[i]);
    free(s->tag_ids);
    memset(s, 0, sizeof *s);
}

void bento_validation_free(struct bento_validation *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->reason_count; i++)
        free(v->reasons[i]);
    free(v->reasons);
    memset(v, 0, sizeof *v);
}

void bento_author_list_free(struct bento_author_list *l)
{
    if (!l)
        return;
    if (free_arena_list(l->arena, l->items, l->count * sizeof *l->items)) {
        memset(l, 0, sizeof *l);
        return;
    }
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].id);
        free(l->items[i].name);
        free(l->items[i].email);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
