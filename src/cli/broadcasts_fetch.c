/* Paging through /fetch/broadcasts for one status, de-duplicated by id:
 * a draft made between two page requests pushes a record onto the next
 * page, so the same broadcast can come back twice. */
#include "cli/broadcasts.h"

#include <stdlib.h>
#include <string.h>

#include "bento/content.h"
#include "cli/output.h"

#define MAX_PAGES 200 /* the official CLI's bound */

const char broadcasts_statuses[] = "sent, draft, scheduled, sending, paused, canceled (or "
                                   "cancelled)";

const char *broadcasts_status(const char *text)
{
    static const char *const known[] = {"sent",    "draft",  "scheduled",
                                        "sending", "paused", "canceled"};
    if (!text)
        return NULL;
    if (!strcmp(text, "cancelled"))
        return "canceled";
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(text, known[i]))
            return known[i];
    return NULL;
}

static size_t id_hash(const char *id)
{
    size_t h = 5381;
    for (; *id; id++)
        h = h * 33 ^ (unsigned char)*id;
    return h;
}

/* The slot of id in the index: its item's, or the empty one it would take. */
static size_t *id_slot(size_t *slots, size_t n, const struct bento_broadcast **items,
                       const char *id)
{
    size_t i = id_hash(id) & (n - 1);
    while (slots[i] && strcmp(items[slots[i] - 1]->id, id))
        i = (i + 1) & (n - 1);
    return &slots[i];
}

/* The index of ids seen, kept at most half full; false when out of memory. */
static bool index_room(struct broadcast_set *s)
{
    if (s->nseen && (s->count + 1) * 2 <= s->nseen)
        return true;
    size_t n = s->nseen ? s->nseen * 2 : 128;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < s->nseen; i++)
        if (s->seen[i])
            *id_slot(slots, n, s->items, s->items[s->seen[i] - 1]->id) = s->seen[i];
    free(s->seen);
    s->seen = slots;
    s->nseen = n;
    return true;
}

static bool grow(struct broadcast_set *s)
{
    if (s->count < s->cap)
        return true;
    size_t cap = s->cap ? s->cap * 2 : 64;
    const struct bento_broadcast **items = realloc(s->items, cap * sizeof *items);
    if (!items)
        return false;
    s->items = items;
    s->cap = cap;
    return true;
}

/* Keeps r; returns how many of its broadcasts were new, or -1. A hash
 * index of the ids: a page can be huge, and a list of every id seen
 * would make its reading quadratic. */
static long add_page(struct broadcast_set *s, struct bento_result *r)
{
    struct bento_result **pages = realloc(s->pages, (s->npages + 1) * sizeof *pages);
    if (!pages) {
        bento_result_free(r);
        return -1;
    }
    s->pages = pages;
    s->pages[s->npages++] = r;
    long fresh = 0;
    const struct bento_broadcast_list *l = &r->content.broadcasts;
    for (size_t i = 0; i < l->count; i++) {
        const char *id = l->items[i].id;
        size_t *slot = NULL;
        if (id) {
            if (!index_room(s))
                return -1;
            slot = id_slot(s->seen, s->nseen, s->items, id);
            if (*slot)
                continue; /* seen on an earlier page */
        }
        if (!grow(s))
            return -1;
        s->items[s->count++] = &l->items[i];
        if (slot)
            *slot = s->count;
        fresh++;
    }
    return fresh;
}

static int out_of_memory(struct app *app)
{
    struct bento_error err;
    bento_error_set(&err, BENTO_E_NOMEM, "Out of memory reading the broadcasts");
    return out_fail(app, &err);
}

int broadcasts_fetch(struct app *app, const char *status, long page, struct broadcast_set *s)
{
    memset(s, 0, sizeof *s);
    bool asked_again = false;
    for (long p = page > 0 ? page : 1; p <= MAX_PAGES;) {
        struct bento_result *r;
        int rc = cli_call(app, bento_request_broadcasts_list(status, p, 0), &r);
        if (rc)
            return rc;
        size_t got = r->content.broadcasts.count;
        long fresh = add_page(s, r);
        if (fresh < 0)
            return out_of_memory(app);
        if (page > 0 || got < BROADCAST_PAGE)
            break;
        if (fresh == 0 && !asked_again) {
            asked_again = true; /* a repeated page: ask for it once more */
            continue;
        }
        if (fresh == 0)
            break; /* the server answers the same page whatever is asked */
        asked_again = false;
        p++;
    }
    return 0;
}

void broadcasts_free(struct broadcast_set *s)
{
    for (size_t i = 0; i < s->npages; i++)
        bento_result_free(s->pages[i]);
    free(s->pages);
    free(s->items);
    free(s->seen);
    memset(s, 0, sizeof *s);
}
