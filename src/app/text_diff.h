/* A unified diff of two texts, made by the system's `diff -u`
 * (diffutils, Essential in Debian) rather than by hand: see
 * docs/ARCHITECTURE.md. */
#ifndef BENTO_APP_TEXT_DIFF_H
#define BENTO_APP_TEXT_DIFF_H

#include "bento/error.h"

/* The diff of old_text and new_text under the two labels (allocated; ""
 * when they are the same), or NULL with err set. */
char *app_text_diff(const char *old_label, const char *old_text, const char *new_label,
                    const char *new_text, struct bento_error *err);

/* The diff of two versions of a template, each as a "Subject: S" line,
 * a blank line and the body; labels "template ID (NAME)". As above. */
char *app_text_diff_template(const char *id, const char *old_name, const char *old_subject,
                             const char *old_html, const char *new_name, const char *new_subject,
                             const char *new_html, struct bento_error *err);

#endif
