/* Shared by the subscriber cache's files. Not public API. */
#ifndef BENTO_SUBCACHE_INTERNAL_H
#define BENTO_SUBCACHE_INTERNAL_H

#include <cjson/cJSON.h>
#include "bento/model.h"
#include "bento/subcache.h"

/* The subscriber in the API's shape: {"data":{"id","attributes":{...}}}. */
cJSON *bento_subcache_sub_json(const struct bento_subscriber *s);
/* Deep copy through the decoder. Returns -1 when out of memory. */
int bento_subcache_sub_copy(const struct bento_subscriber *s, struct bento_subscriber *out);
void bento_subcache_entry_free(struct bento_cached_sub *e);

#endif
