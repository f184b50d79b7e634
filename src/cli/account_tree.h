/* The account as the tree `export DIR` writes (app/export_tree.h), read
 * from Bento now, and the comparison of such a tree with one read from
 * DIR that `diff` and `apply` share. */
#ifndef BENTO_CLI_ACCOUNT_TREE_H
#define BENTO_CLI_ACCOUNT_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "app/export_tree.h"

struct app;

/* Every file of the account's tree, sorted. 0, or the exit code with the
 * failure reported. */
int account_tree_fetch(struct app *app, struct app_export_tree *t);

enum tree_state {
    TREE_CHANGED,  /* edited in the tree only: apply sends it */
    TREE_CONFLICT, /* edited in the tree and changed on Bento since the export */
    TREE_ON_BENTO, /* changed on Bento only: the tree is older (export again) */
};

/* One template whose subject or body differs between the tree and Bento. */
struct tree_change {
    enum tree_state state;
    char *id, *file;                  /* file: the .html under DIR */
    char *tree_subject, *now_subject; /* owned */
    const char *tree_html, *now_html; /* point into the trees */
};

/* What differs that apply cannot send, one line each ("tags.csv: ..."). */
struct tree_note {
    char *file, *why;
};

struct tree_compare {
    struct app_export_tree tree, now;
    struct tree_change *changes;
    size_t nchanges;
    struct tree_note *notes;
    size_t nnotes;
    /* Edited in the tree since the export and already the same on Bento
     * (an apply that was interrupted, or the same edit made there): file,
     * and the template's id as why. Nothing to send, nothing differs. */
    struct tree_note *done;
    size_t ndone;
};

/* Read DIR and the account and compare them. 0, or the exit code with
 * the failure reported. */
int tree_compare_run(struct app *app, const char *dir, struct tree_compare *c);
void tree_compare_free(struct tree_compare *c);

/* The unified diff of one change, Bento's version first (allocated), or
 * NULL with err set. */
char *tree_change_diff(const struct tree_change *ch, struct bento_error *err);

/* The diff on out, each line made safe for a terminal but kept whole. */
void tree_print_diff(struct app *app, FILE *out, const char *diff);

/* "changed", "conflict", "changed on Bento". */
const char *tree_state_name(enum tree_state s);

#endif
