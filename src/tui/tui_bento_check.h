/* Bento's own checks of an email on screen (`c` in Compose and in the
 * broadcast draft form), private to the panes that show them: the
 * sender's domain and every link's domain against Bento's blacklists and
 * the subject through its content moderation, one call at a time (the
 * client paces them by the experimental budget), only when asked. */
#ifndef BENTO_TUI_BENTO_CHECK_H
#define BENTO_TUI_BENTO_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tui;
struct bento_compose;

struct tui_bento_check {
    uint64_t gen;  /* of this run; a result of an older one is dropped */
    uint64_t call; /* the call in flight, 0 when none */
    bool running, stopped;
    char *from, *subject, *html; /* the email checked: another clears the findings */
    char **domains;              /* distinct, in order: From's, then the links' */
    size_t domain_count, step;   /* step: the next call; domain_count is moderation */
    bool moderate;               /* the subject is checked too */
    char **lines;                /* the findings, one sanitised line each */
    bool *bad;                   /* the line is a listing, a flag or a failure */
    size_t line_count;
    size_t clean, listed, unknown, failed;
    char listed_names[200], listed_by[120]; /* the listed domains, their lists */
    char mod_summary[200];                  /* the subject's verdict, for the count line */
};

/* Start the checks of mail (any run before is dropped). */
void tui_bento_check_start(struct tui *ui, struct tui_bento_check *bc,
                           const struct bento_compose *mail);
/* Esc: stop a run, cancelling its call in flight. false when none runs. */
bool tui_bento_check_stop(struct tui *ui, struct tui_bento_check *bc);
/* The email changed: findings of another email are cleared. */
void tui_bento_check_seen(struct tui *ui, struct tui_bento_check *bc,
                          const struct bento_compose *mail);
void tui_bento_check_free(struct tui_bento_check *bc);
/* The count line and the findings from row y; returns the next row. */
int tui_bento_check_draw(const struct tui_bento_check *bc, int y, int end, int bad_attr);

#endif
