/* The local history of email templates: before a change is sent, the
 * version it replaces is kept under
 * $XDG_STATE_HOME/bento-console/templates/PROFILE/ID/ as NUMBER.json
 * (0600, written to a temporary file and renamed; links refused), so a
 * change made from the command line or the console can be undone. */
#ifndef BENTO_TEMPLATE_HISTORY_H
#define BENTO_TEMPLATE_HISTORY_H

#include <stddef.h>
#include "bento/error.h"

struct bento_template_version {
    long number;        /* the file's name; a higher one is newer */
    long long saved_at; /* seconds since the epoch */
    char *subject;      /* as Bento sent them; NULL when absent */
    char *html;
};

/* Newest first. */
struct bento_template_history {
    struct bento_template_version *items;
    size_t count;
};

/* The directory for one template (allocated), or NULL with err set.
 * profile and id: letters, digits, '.', '_', '-', '@' (no leading dot). */
char *bento_template_history_dir(const char *profile, const char *id, struct bento_error *err);

/* Keep one version, numbered after the newest kept (a number another
 * writer took meanwhile is skipped: never two versions under one number);
 * *number (may be NULL) is its number. 0, or -1 with err set and nothing
 * kept. */
int bento_template_history_store(const char *profile, const char *id, const char *subject,
                                 const char *html, long long saved_at, long *number,
                                 struct bento_error *err);

/* The versions kept (none when the directory does not exist). out starts
 * zeroed. Files that are links, or not ours, are skipped. */
int bento_template_history_load(const char *profile, const char *id,
                                struct bento_template_history *out, struct bento_error *err);

/* Forget version number, when the change it was kept for failed. */
int bento_template_history_remove(const char *profile, const char *id, long number,
                                  struct bento_error *err);

/* The version with that number, or NULL. */
const struct bento_template_version *
bento_template_history_find(const struct bento_template_history *h, long number);

/* What restoring v sends, given the template as it is now: each field v
 * has that differs from the current one, else NULL (leave it as it is).
 * A version kept without a subject never sends an empty one. */
void bento_template_version_patch(const struct bento_template_version *v, const char *cur_subject,
                                  const char *cur_html, const char **subject, const char **html);

void bento_template_history_free(struct bento_template_history *h);

#endif
