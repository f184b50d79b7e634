/* A small streaming JSON writer for the --json envelopes of long lists:
 * rows go to the FILE* as they are written, with no cJSON tree and no
 * whole-document string. The bytes are those cJSON_PrintUnformatted
 * would print for the same document (same string escaping, integers
 * printed whole) once passed through json_stream_write_text, so
 * switching a command to it changes no output. */
#ifndef BENTO_CLI_JSON_STREAM_H
#define BENTO_CLI_JSON_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JSON_STREAM_DEPTH 16

struct json_stream {
    FILE *out;
    unsigned depth;
    bool after_key;                    /* the next value follows "key": */
    bool has_items[JSON_STREAM_DEPTH]; /* a comma goes before the next one */
    char closer[JSON_STREAM_DEPTH];    /* ']' or '}' */
};

void json_stream_init(struct json_stream *js, FILE *out);
void json_stream_begin_object(struct json_stream *js);
void json_stream_end_object(struct json_stream *js);
void json_stream_begin_array(struct json_stream *js);
void json_stream_end_array(struct json_stream *js);
void json_stream_key(struct json_stream *js, const char *key);
/* A string value, or null when s is NULL. */
void json_stream_string(struct json_stream *js, const char *s);
void json_stream_null(struct json_stream *js);
void json_stream_bool(struct json_stream *js, bool v);
void json_stream_size(struct json_stream *js, size_t v);

/* s as a quoted JSON string, escaped as cJSON prints it and then made
 * safe as json_stream_write_text does. */
void json_stream_write_quoted(FILE *out, const char *s);

/* A JSON document as cJSON printed it, with what a terminal could act on
 * or a parser reject fixed inside its strings: DEL and C1 controls
 * (U+0080..U+009F) as \u escapes, bytes that are not UTF-8 as U+FFFD.
 * Every --json output goes through this or json_stream_write_quoted. */
void json_stream_write_text(FILE *out, const char *json);

/* The success envelope around a streamed array:
 * {"success":true,"error":null,"data":[ ... ],"meta":{ ... }}
 * envelope_begin leaves the writer inside "data"; envelope_meta closes
 * it and opens "meta" for the caller's keys. json_stream_finish closes
 * whatever is open, prints the newline and flushes. */
void json_stream_envelope_begin(struct json_stream *js, FILE *out);
void json_stream_envelope_meta(struct json_stream *js);
void json_stream_finish(struct json_stream *js);

#endif
