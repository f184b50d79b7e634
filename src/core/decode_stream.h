/* Lists decoded as the body arrives: chunks go through yajl's callback
 * parser and only the fields a record keeps are copied, into one arena
 * per list. The same answers as the tree decoders of decode_tree.h for
 * every body, with two exceptions where the JSON is broken and cJSON
 * (the tree decoders' parser) is laxer or stricter: raw control
 * characters (other than the four of RFC 8259) as whitespace or inside
 * strings are refused here, and a \u escape of half a surrogate pair is
 * read as yajl does ('?' or the bytes of the code point) instead of
 * failing the whole answer. Not public API. */
#ifndef BENTO_DECODE_STREAM_H
#define BENTO_DECODE_STREAM_H

#include <stddef.h>
#include "bento/error.h"
#include "bento/model.h"

enum bento_list_kind { BENTO_LIST_TAGS, BENTO_LIST_FIELDS, BENTO_LIST_AUTHORS };

struct bento_list_stream;

struct bento_list_stream *bento_list_stream_new(enum bento_list_kind kind);
/* The next n bytes of the body. Once the body is known to be bad the
 * rest is only counted; finish says why. */
void bento_list_stream_feed(struct bento_list_stream *s, const char *p, size_t n);
/* The end of the body: the list (ownership moves to *out), or -1 with
 * *out empty and err saying why, worded as bento_decode_tags would. Use
 * the finish of the stream's kind, once. */
int bento_list_stream_finish_tags(struct bento_list_stream *s, struct bento_tag_list *out,
                                  struct bento_error *err);
int bento_list_stream_finish_fields(struct bento_list_stream *s, struct bento_field_list *out,
                                    struct bento_error *err);
int bento_list_stream_finish_authors(struct bento_list_stream *s, struct bento_author_list *out,
                                     struct bento_error *err);
void bento_list_stream_free(struct bento_list_stream *s);

#endif
