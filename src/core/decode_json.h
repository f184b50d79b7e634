/* JSON helpers shared by the decoders (decode.c). Not public API. */
#ifndef BENTO_DECODE_JSON_H
#define BENTO_DECODE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "bento/error.h"

/* Parse body[0..len) as one JSON object and nothing else (trailing
 * whitespace allowed). NULL with BENTO_E_BAD_RESPONSE otherwise. */
cJSON *bento_json_parse_object(const char *body, size_t len, struct bento_error *err);

/* The records under root's "data": an array (its object elements), one
 * non-empty object, or none for null/{}/absent. *recs is an allocated
 * array of borrowed pointers (NULL when *count is 0). -1 when out of
 * memory. */
int bento_json_records(const cJSON *root, const cJSON ***recs, size_t *count);

/* A record's attribute: attributes.<key>, else <key> on the record. */
const cJSON *bento_json_attr_item(const cJSON *rec, const char *key);
char *bento_json_attr(const cJSON *rec, const char *key);

/* A count as a number or a numeric string, clamped to [LONG_MIN, LONG_MAX]. */
bool bento_json_long(const cJSON *item, long *out);

#endif
