/* The list decoders as they were before decode_stream.c: the whole body
 * parsed into a cJSON tree, then copied string by string. Kept as the
 * reference the streaming decoder is tested and fuzzed against
 * (tests/unit/test_decode_stream.c, fuzz/fuzz_decode.c); nothing else
 * calls them. Not public API. */
#ifndef BENTO_DECODE_TREE_H
#define BENTO_DECODE_TREE_H

#include <stddef.h>
#include "bento/error.h"
#include "bento/model.h"

int bento_decode_tags_tree(const char *body, size_t len, struct bento_tag_list *out,
                           struct bento_error *err);
int bento_decode_fields_tree(const char *body, size_t len, struct bento_field_list *out,
                             struct bento_error *err);
int bento_decode_authors_tree(const char *body, size_t len, struct bento_author_list *out,
                              struct bento_error *err);

/* Decode body with both decoders of kind (decode_stream.h's enum), the
 * streaming one fed `chunk` bytes at a time (0: in one piece), and
 * compare rc, error and every record. 0 when they agree; 1 when they
 * differ, `why` saying where; 2 when they differ only as decode_stream.h
 * allows (the body is not JSON by RFC 8259 though cJSON took it, or it
 * holds half a surrogate pair). */
int bento_decode_diff(int kind, const char *body, size_t len, size_t chunk, char *why, size_t cap);

#endif
