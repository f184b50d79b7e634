/* Decoders: JSON body -> records. Lenient as the reference asks: every
 * key optional, ids as string or number, create responses as object or
 * array, "results" or "result". Hostile input returns an error, never a
 * crash. On error *out is left empty and err says why. */
#ifndef BENTO_DECODE_H
#define BENTO_DECODE_H

#include <stddef.h>
#include "bento/error.h"
#include "bento/model.h"

int bento_decode_tags(const char *body, size_t len, struct bento_tag_list *out,
                      struct bento_error *err);
/* A create/delete response holding one tag ({"data":{..}} or [{..}]);
 * an empty or null data decodes to zero tags, not an error. */
int bento_decode_fields(const char *body, size_t len, struct bento_field_list *out,
                        struct bento_error *err);
int bento_decode_subscriber(const char *body, size_t len, struct bento_subscriber *out,
                            struct bento_error *err);
int bento_decode_authors(const char *body, size_t len, struct bento_author_list *out,
                         struct bento_error *err);
/* {"results":N,"failed":M} (or "result"); adds into *out. */
int bento_decode_batch_counts(const char *body, size_t len, struct bento_batch_counts *out,
                              struct bento_error *err);
/* /experimental/validation: {"valid": bool} as documented; also a
 * "true"/"false" string or 0/1, the verdict under "data", optional
 * "reasons" (array or one string); {} or null data is no verdict. */
int bento_decode_validation(const char *body, size_t len, struct bento_validation *out,
                            struct bento_error *err);
int bento_decode_site_stats(const char *body, size_t len, struct bento_site_stats *out,
                            struct bento_error *err);

/* Helpers shared by the decoders and the simulator's tests: an "id" or
 * any scalar as an owned string (numbers printed without exponent),
 * NULL for null/absent/objects. */
char *bento_json_strdup(const cJSON *item);

#endif
