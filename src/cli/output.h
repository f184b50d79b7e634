/* Output of command-line commands: human tables or the --json envelope
 * {"success","error","data","meta"} the official Bento CLI prints. */
#ifndef BENTO_CLI_OUTPUT_H
#define BENTO_CLI_OUTPUT_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "bento/client.h"
#include "bento/error.h"

struct app;

/* --json success: prints and frees data and meta (either may be NULL). */
void out_json_success(struct app *app, cJSON *data, cJSON *meta);

/* Report err on stderr (one line, or the JSON envelope with --json) and
 * return the exit code for it. */
int out_fail(struct app *app, const struct bento_error *err);

/* A usage error: message + hint on stderr, returns 2. */
int out_usage(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Connect if needed, run req to completion. On failure reports it and
 * returns the exit code; on success *res holds the result (caller frees)
 * and 0 is returned. */
int cli_call(struct app *app, struct bento_request *req, struct bento_result **res);

/* Sanitise s and print it padded or cut to `width` terminal columns
 * (width 0: no padding). */
void out_cell(FILE *out, const char *s, int width);

/* Columns a sanitised, UTF-8 string takes on a terminal. */
int out_text_width(const char *s);

/* root as one line of JSON, made terminal- and parser-safe
 * (json_stream_write_text), then a newline; flushes. */
void out_json_print(FILE *out, const cJSON *root);

/* cJSON helpers that accept NULL strings (stored as JSON null). */
void out_json_add_str(cJSON *obj, const char *key, const char *value);

#endif
