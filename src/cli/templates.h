/* What the templates commands share: the change of one template, shown
 * as a diff, confirmed, kept in the local history and sent once. */
#ifndef BENTO_CLI_TEMPLATES_H
#define BENTO_CLI_TEMPLATES_H

#include <stdbool.h>
#include <stddef.h>
#include "bento/content.h"

struct app;
struct bento_result;

/* What the command asks for: NULL keeps the template's own. */
struct template_change {
    const char *id;
    const char *subject, *html;
    bool dry_run;
    const char *what; /* "Update", "Restore version 3 of" */
};

/* GET the template; 0 with *out filled (free with bento_content_free on
 * the result), else the exit code, reported. */
int templates_fetch(struct app *app, const char *id, struct bento_result **out);

/* Check, diff, ask, keep the current version, PATCH at most once.
 * cur: the version the diff is made against. Returns the exit code. */
int templates_change(struct app *app, const struct bento_template *cur,
                     const struct template_change *ch);

/* The template's id from the command line, validated; 0 or the exit code. */
int templates_id(struct app *app, const char *word, char *out, size_t size);

#endif
