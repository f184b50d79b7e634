/* What one command accepts, read from its row of the action table: its
 * flags (from the usage and the summary: "--html-file F", "-e EMAIL...",
 * "--resume|--restart") and its arguments ("NAME", "FILE.csv",
 * "bash|zsh|fish"), each with the kind of value completion offers. Used
 * by completion.c only. */
#ifndef BENTO_APP_COMPLETION_SPEC_H
#define BENTO_APP_COMPLETION_SPEC_H

#include <stdbool.h>

struct action;

enum comp_kind {
    CK_NONE,    /* free text: nothing to offer */
    CK_FILE,    /* file names, by the shell */
    CK_PROFILE, /* saved profile names */
    CK_TAG,     /* cached tag names */
    CK_COMMAND, /* command words (help's argument) */
    CK_CHOICE,  /* the words in .choices */
};

struct comp_flag {
    char name[40];
    bool takes_value;
    enum comp_kind kind; /* of the value */
    char meta[24];       /* the value as the usage names it ("FILE") */
};

struct comp_arg {
    enum comp_kind kind;
    char choices[80]; /* CK_CHOICE: words separated by spaces */
    bool repeats;     /* "EMAIL...": every later argument too */
};

#define COMP_MAX_FLAGS 40
#define COMP_MAX_ARGS 8

struct comp_spec {
    struct comp_flag flags[COMP_MAX_FLAGS];
    int nflags;
    struct comp_arg args[COMP_MAX_ARGS];
    int nargs;
};

/* The spec of a row (its args and summary). */
void comp_spec_of_action(struct comp_spec *s, const struct action *a);

/* The global options (app_global_options[]), flags only. */
void comp_spec_global(struct comp_spec *s);

/* The flag a word names ("--profile", "--profile=x"), or NULL. */
const struct comp_flag *comp_spec_flag(const struct comp_spec *s, const char *word);

#endif
