/* Rows that repeat an earlier row's key: subscribers by address, events
 * by details.unique.key. The check pass records the first line of every
 * key; both passes then refuse a later row with the same key, so what the
 * check counted is what the send leaves out. */
#include "import_internal.h"
#include "fnv.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a, never 0 (0 marks an empty slot). A collision would refuse a
 * row as a duplicate, visibly (it goes to the reject file); at 64 bits it
 * is about one in 10^9 for a million rows. */
static uint64_t key_hash(const char *s)
{
    uint64_t h = bento_fnv(BENTO_FNV_OFFSET, s, strlen(s));
    return h ? h : 1;
}

static struct import_dupe_slot *probe(const struct import_dupes *d, uint64_t h)
{
    size_t mask = d->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask)
        if (!d->slots[i].hash || d->slots[i].hash == h)
            return &d->slots[i];
}

/* Double the table (1024 slots at first), kept under 3/4 full. */
static int grow(struct import_dupes *d)
{
    struct import_dupes bigger = {.nslots = d->nslots ? d->nslots * 2 : 1024};
    bigger.slots = calloc(bigger.nslots, sizeof *bigger.slots);
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < d->nslots; i++)
        if (d->slots[i].hash)
            *probe(&bigger, d->slots[i].hash) = d->slots[i];
    bigger.count = d->count;
    free(d->slots);
    *d = bigger;
    return 0;
}

long import_dupes_first(struct import_dupes *d, const char *key, size_t line)
{
    uint64_t h = key_hash(key);
    if (4 * (d->count + 1) > 3 * d->nslots && grow(d) < 0)
        return -1;
    struct import_dupe_slot *s = probe(d, h);
    if (s->hash)
        return s->line == line ? 0 : (long)s->line;
    s->hash = h;
    s->line = line;
    d->count++;
    return 0;
}

void import_dupes_clear(struct import_dupes *d)
{
    free(d->slots);
    memset(d, 0, sizeof *d);
}

const char *import_record_key(enum bento_import_kind kind, const cJSON *record, char *buf,
                              size_t size)
{
    if (kind == BENTO_IMPORT_SUBSCRIBERS)
        return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(record, "email"));
    const cJSON *unique = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(record, "details"), "unique");
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(unique, "key");
    if (cJSON_IsString(key))
        return key->valuestring;
    if (!cJSON_IsNumber(key))
        return NULL;
    snprintf(buf, size, "%.17g", key->valuedouble);
    return buf;
}
