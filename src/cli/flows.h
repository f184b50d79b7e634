/* Sequences and workflows on the command line: every page fetched and
 * de-duplicated by id, then printed as a table of each one's emails or
 * as the --json envelope. */
#ifndef BENTO_CLI_FLOWS_H
#define BENTO_CLI_FLOWS_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "bento/content.h"

struct app;
struct bento_request;
struct bento_result;

/* The pages as answered, and the distinct flows across them. */
struct cli_flows {
    struct bento_result **pages;
    size_t npages;
    const struct bento_flow **items; /* point into pages */
    size_t count;
};

/* All pages of sequences (workflows false) or workflows. Returns 0, or
 * the exit code with the failure reported. */
int cli_flows_fetch(struct app *app, bool workflows, struct cli_flows *out);
void cli_flows_free(struct cli_flows *f);

/* Connect and run req. *res holds the result whether or not Bento
 * accepted it (the caller reports res->err); returns 0, or the exit code
 * with the failure reported when there is no result. */
int cli_flows_call(struct app *app, struct bento_request *req, struct bento_result **res);

/* A new message for a failure Bento answered (naming what the user
 * asked for), keeping its kind, HTTP status and detail. */
void cli_flows_reword(struct bento_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The table (text) or the envelope (--json) of every flow. */
void cli_flows_print(struct app *app, const struct cli_flows *f, bool workflows);

/* One email entry as JSON: every field, null where Bento left it out. */
cJSON *cli_flows_email_json(const struct bento_email_entry *e);

/* "-" or the count; a rate as "40.0%". */
void cli_flows_count(char *buf, size_t size, long v);
void cli_flows_rate(char *buf, size_t size, double v);

#endif
