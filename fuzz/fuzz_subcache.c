/* The subscriber cache file as found on disk (another version, a crash
 * or a hand edit may have left anything there), through
 * bento_subcache_load and what the Subscribers pane then does with each
 * entry: describe its pending changes, build their commands, record a
 * fresh lookup, save, and load again.
 * Checked: a file that loads holds at most BENTO_SUBCACHE_MAX entries,
 * each with an address and no two alike; everything shown sanitises to
 * safe text; and a saved cache loads back with the same entries. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/sanitize.h"
#include "bento/subcache.h"
#include "fuzz_util.h"

static void show(const char *s)
{
    char *safe = bento_sanitize_dup(s);
    FUZZ_CHECK(safe != NULL, "sanitising only fails for memory");
    fuzz_check_terminal_str(safe, NULL, "cached text sanitises to safe text");
    free(safe);
}

static void check_entry(const struct bento_subcache *c, size_t i)
{
    const struct bento_cached_sub *e = &c->items[i];
    FUZZ_CHECK(e->email && e->email[0], "an entry has an address");
    for (size_t j = 0; j < i; j++)
        FUZZ_CHECK(strcasecmp(c->items[j].email, e->email) != 0, "an address is cached once");
    FUZZ_CHECK(!e->found || e->sub.found, "an entry found has its subscriber");
    show(e->email);
    show(e->sub.email);
    for (size_t t = 0; t < e->tag_name_count; t++) {
        FUZZ_CHECK(e->tag_names[t] != NULL, "every tag name counted is there");
        show(e->tag_names[t]);
    }
    for (size_t p = 0; p < e->pending_count; p++) {
        const struct bento_change *ch = &e->pending[p];
        char what[300];
        FUZZ_CHECK(ch->kind < BENTO_CH__COUNT, "a pending change is a known kind");
        bento_change_describe(ch, what, sizeof what);
        show(what);
        bento_change_applied(ch, &e->sub, (const char *const *)e->tag_names, e->tag_name_count);
        cJSON *cmd = bento_change_command(ch->kind, e->email, ch->key, ch->value);
        FUZZ_CHECK(cmd != NULL || ch->kind == BENTO_CH_CREATE, "a change has its command");
        cJSON_Delete(cmd);
    }
}

/* What a fresh lookup of the entry does (the pane re-records the
 * subscriber with the tag names it resolved). */
static void record_again(struct bento_cached_sub *e)
{
    cJSON *applied = cJSON_CreateArray();
    bento_subcache_record(e, &e->sub, (const char *const *)e->tag_names, e->tag_name_count,
                          1700000000, applied);
    const cJSON *it;
    cJSON_ArrayForEach(it, applied)
        show(cJSON_GetStringValue(it));
    cJSON_Delete(applied);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write_file("subscribers.json", data, size);
    struct bento_subcache c;
    struct bento_error err;
    if (bento_subcache_load(&c, path, &err) != 0) {
        FUZZ_CHECK(c.count == 0, "a cache that does not load is empty");
        fuzz_check_terminal_str(err.message, NULL, "the error is one safe line");
        bento_subcache_free(&c);
        free(path);
        return 0;
    }
    FUZZ_CHECK(c.count <= BENTO_SUBCACHE_MAX, "the cache keeps its size limit");
    for (size_t i = 0; i < c.count; i++)
        check_entry(&c, i);
    for (size_t i = 0; i < c.count; i++)
        if (c.items[i].found)
            record_again(&c.items[i]);
    if (c.count > 0)
        FUZZ_CHECK(bento_subcache_find(&c, c.items[c.count - 1].email) != NULL,
                   "an entry is found by its address");

    FUZZ_CHECK(bento_subcache_save(&c, path, &err) == 0, "the cache saves");
    struct bento_subcache again;
    FUZZ_CHECK(bento_subcache_load(&again, path, &err) == 0, "a saved cache loads");
    FUZZ_CHECK(again.count == c.count, "a saved cache loads back whole");
    for (size_t i = 0; i < c.count; i++) {
        FUZZ_CHECK(strcmp(again.items[i].email, c.items[i].email) == 0, "in the same order");
        FUZZ_CHECK(again.items[i].pending_count == c.items[i].pending_count,
                   "with the same pending changes");
        FUZZ_CHECK(again.items[i].found == c.items[i].found, "found or not, as saved");
    }
    bento_subcache_free(&again);
    bento_subcache_free(&c);
    free(path);
    return 0;
}
