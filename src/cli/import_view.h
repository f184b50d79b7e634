/* What `subscribers import` and `events import` print: the bad rows, the
 * dry-run plan, the progress line (or JSON lines) and the summary. */
#ifndef BENTO_CLI_IMPORT_VIEW_H
#define BENTO_CLI_IMPORT_VIEW_H

#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include "bento/import.h"

struct app;

struct import_view {
    struct app *app;
    const char *what; /* "subscribers" or "events" */
    const struct bento_import_plan *plan;
    struct bento_family_limit limit;
    bool tty;      /* draw the progress line on stderr */
    bool checking; /* the check runs alongside the calls: the plan is not in yet */
    bool line_shown;
    int64_t last_draw_ms;
    volatile sig_atomic_t *interrupted;
};

/* The first bad rows, on stderr (text mode). */
void import_view_bad_rows(struct import_view *v);
/* --dry-run: the plan, as text or the JSON envelope. */
void import_view_plan(struct import_view *v, const char *path);
/* The check that ran alongside the calls has ended: the bad rows (text)
 * or a "checked" event (--json). Once; nothing when there was none. */
void import_view_checked(struct import_view *v);
/* Progress callback for bento_import_run. */
int import_view_progress(const struct bento_import_progress *p, void *ctx);
/* Erase the progress line, if drawn. */
void import_view_clear(struct import_view *v);
/* The closing summary (text on stdout, or the JSON envelope). */
void import_view_summary(struct import_view *v, const struct bento_import *im, bool stopped);

/* "12,345" */
const char *import_view_count(size_t n, char *buf, size_t size);

#endif
