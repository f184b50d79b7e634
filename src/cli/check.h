/* The check commands (cmd_check.c runs them, check_kinds.c describes
 * each kind: its local rule, request, verdict and output). */
#ifndef BENTO_CLI_CHECK_H
#define BENTO_CLI_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "bento/client.h"
#include "bento/error.h"

struct app;

struct check_opts {
    bool ruleset, block_free, wiggle_room; /* check email --ruleset ... */
};

struct check_values {
    char **items; /* checked and trimmed, in the order given */
    size_t count;
};

enum check_verdict { CHECK_CLEAN, CHECK_FLAGGED, CHECK_UNKNOWN };

struct check_kind {
    const char *noun;        /* "domain": in messages, and each JSON item's key */
    const char *usage;       /* "Usage: bento-console check domain ..." */
    const char *flagged_key; /* the --json meta count ("listed"), NULL for none */
    bool ruleset_ok;         /* takes --ruleset (check email) */
    int (*validate)(const char *text, char *out, size_t size, struct bento_error *err);
    struct bento_request *(*request)(const char *value, const struct check_opts *o);
    enum check_verdict (*judge)(const struct bento_result *r, const struct check_opts *o);
    void (*print)(FILE *out, const char *value, const struct bento_result *r,
                  const struct check_opts *o, enum check_verdict v);
    cJSON *(*json)(const char *value, const struct bento_result *r, const struct check_opts *o,
                   enum check_verdict v);
};

/* Parse the command's words, check the values, run the calls, print;
 * returns the exit code (see cmd_check.c). */
int check_run(struct app *app, const struct check_kind *k, int argc, char **argv);

#endif
