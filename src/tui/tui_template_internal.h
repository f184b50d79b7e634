/* State shared by tui_template_edit.c and tui_template_history.c: one
 * change of one template at a time (the console has one UI thread). */
#ifndef TUI_TEMPLATE_INTERNAL_H
#define TUI_TEMPLATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "bento/template_history.h"
#include "bento/validate.h"

struct tui;

enum tmpl_stage {
    TS_NONE,    /* nothing under way */
    TS_FETCH,   /* reading the template to edit or restore */
    TS_CONFIRM, /* the diff is shown, y/N asked */
    TS_RECHECK, /* reading it again just before the PATCH */
    TS_SEND     /* the PATCH is out */
};

struct tmpl_state {
    char id[BENTO_VALUE_MAX];
    enum tmpl_stage stage;
    uintptr_t gen;      /* a result for an older start is ignored */
    long restore;       /* the version being restored, 0 for an edit */
    char *base_subject; /* the template on Bento, as last shown */
    char *base_html;
    char *new_subject; /* the version to send */
    char *new_html;
    long kept;                       /* the history number kept for the PATCH out */
    char unsent_id[BENTO_VALUE_MAX]; /* an edit not sent, reopened by the next */
    char *unsent_subject, *unsent_html;
    /* the history list */
    struct bento_template_history hist;
    size_t sel;
    char list_title[128];
    char view_title[128]; /* a preview or diff opened from the list */
};

struct tmpl_state *tmpl_state(void);
void tmpl_set(char **slot, const char *value);
/* Start reading the template (an edit, or restoring version `restore`). */
void tmpl_begin(struct tui *ui, const char *id, long restore);
/* The subject and body "diff -u" sees, as the command line shows them;
 * NULL with a message flashed. */
char *tmpl_diff(struct tui *ui, const char *old_name, const char *os, const char *oh,
                const char *new_name, const char *ns, const char *nh);
/* Add a diff to the open text view, coloured on a colour terminal. */
void tmpl_add_diff(struct tui *ui, const char *diff);
/* The history list again, the selected version on screen. */
void tmpl_list_draw(struct tui *ui);

#endif
