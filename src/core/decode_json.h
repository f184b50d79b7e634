/* JSON helpers shared by the decoders (decode.c). Not public API. */
#ifndef BENTO_DECODE_JSON_H
#define BENTO_DECODE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "bento/error.h"

/* BENTO_E_BAD_RESPONSE "Bento sent a response that <what>", with the
 * body's first bytes, sanitised, as the detail. */
void bento_json_bad_response(struct bento_error *err, const char *what, const char *body,
                             size_t len);
void bento_json_out_of_memory(struct bento_error *err);

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

/* bento_json_parse_object + bento_json_records; the caller frees both. */
int bento_json_open_records(const char *body, size_t len, cJSON **root, const cJSON ***recs,
                            size_t *count, struct bento_error *err);

/* A record's JSON:API "type" (type, the text) when it names a kind of
 * Bento record other than want or also (also may be NULL): "tags" in an
 * answer that should list broadcasts is another call's answer. A type
 * this client does not know is accepted (not every one is documented).
 * Returns the foreign type, or NULL. */
const char *bento_json_foreign_type(const char *type, const char *want, const char *also);
const char *bento_json_record_foreign(const cJSON *rec, const char *want, const char *also);

/* BENTO_E_BAD_RESPONSE: the answer lists records of kind found where
 * records of kind want (or also, which may be NULL) were asked for. */
void bento_json_wrong_kind(struct bento_error *err, const char *found, const char *want,
                           const char *also);

/* A number as an id's text (whole numbers without exponent); false for
 * inf (1e999 parses to it), which reads as absent. */
#define BENTO_JSON_NUMBER_MAX 512
bool bento_json_number_text(double v, char *buf, size_t cap);

/* true/false, 1/0 as bool, number or string: 1, 0, or -1 for anything
 * else. */
int bento_json_tri_state(const cJSON *item);
int bento_json_tri_text(const char *s);

/* A count as a number or a numeric string, clamped to [LONG_MIN, LONG_MAX]. */
bool bento_json_long(const cJSON *item, long *out);

#endif
