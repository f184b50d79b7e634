/* The id set of tui_idset.h: open addressing, FNV-1a, kept at most half
 * full so a probe ends soon. */
#include "tui/tui_idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t slot_of(const char *id, size_t cap)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return (size_t)h & (cap - 1);
}

/* The slot holding id, or the empty one where it would go. */
static size_t probe(const struct tui_idset *s, const char *id)
{
    size_t i = slot_of(id, s->cap);
    while (s->slots[i] && strcmp(s->slots[i], id) != 0)
        i = (i + 1) & (s->cap - 1);
    return i;
}

bool tui_idset_has(const struct tui_idset *s, const char *id)
{
    return id && s->cap && s->slots[probe(s, id)];
}

static bool grow(struct tui_idset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    struct tui_idset bigger = {calloc(cap, sizeof *bigger.slots), cap, s->count};
    if (!bigger.slots)
        return false;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i])
            bigger.slots[probe(&bigger, s->slots[i])] = s->slots[i];
    free(s->slots);
    *s = bigger;
    return true;
}

bool tui_idset_add(struct tui_idset *s, const char *id)
{
    if (!id)
        return true;
    if ((s->count + 1) * 2 > s->cap && !grow(s))
        return false;
    size_t i = probe(s, id);
    if (!s->slots[i]) {
        s->slots[i] = id;
        s->count++;
    }
    return true;
}

void tui_idset_clear(struct tui_idset *s)
{
    free(s->slots);
    s->slots = NULL;
    s->cap = s->count = 0;
}
