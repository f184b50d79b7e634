/* The Subscribers pane's state, private to the tui_subs*.c files; the
 * rest of the console reaches the pane through tui.h's functions. */
#ifndef BENTO_TUI_SUBS_INTERNAL_H
#define BENTO_TUI_SUBS_INTERNAL_H

#include "tui/tui.h"
#include "tui/tui_columns.h"

/* Whom a request of the Subscribers pane is about, given back with its
 * result. */
struct subs_ticket {
    char email[256]; /* whom it is about */
    char key[256];   /* what was looked up, or the change's key */
    char *value;
    int kind; /* enum bento_change_kind for commands */
};

/* The question the Subscribers pane is asking, one step at a time. */
struct subs_ask {
    int step;        /* which question of the action */
    int action;      /* enum subs_action */
    char email[256]; /* the person it is about */
    char key[256];   /* answers so far */
    char value[1024];
    char details[2048];
    char prompt[300]; /* the prompt's text */
    enum tui_complete complete;
    size_t marked; /* people marked when it began; 0: the one in email */
};

/* The list's columns, in the order drawn (tui_subs_sort.c). */
enum subs_column { SC_EMAIL, SC_STATUS, SC_TAGS, SC_FETCHED, SC_PENDING, SC__COUNT };

struct subs_pane {
    struct bento_subcache cache;
    char *cache_path;
    bool cache_loaded;
    size_t sel, top; /* positions in view */
    size_t *view;    /* cache entries matching the `/` filter */
    size_t view_count;
    struct tui_sort sort; /* of the cache's view; col -1: the cache's order */
    bool detail;          /* showing the selected person in full */
    size_t detail_top;
    struct subs_ask ask;
    char validation_email[256];
    char validation[300]; /* Bento's answer for that address */
    /* account fields, for completion and the fields view */
    char **field_keys;
    size_t field_count;
    bool fields_loaded, fields_running, fields_show;
    /* /fetch/search */
    bool search_mode, search_unavailable;
    struct bento_subscriber *results;
    size_t result_count;
    long search_page;
    long search_total; /* people matching in all pages, -1 when Bento did not say */
    char search_query[300];
    size_t demo_left; /* the demo's people still to look up when it opens */
    /* rows marked with Space, by email, in whichever list */
    char **marks;
    size_t mark_count;
};

/* tui_subs_demo.c */
void subs_demo_open(struct tui *ui);

extern const struct tui_column subs_columns[SC__COUNT];
const char *subs_status_text(const struct bento_cached_sub *e);
/* Order the filtered view by p->sort (subs_filter() calls it). */
void subs_sort_view(struct subs_pane *p);
size_t subs_view_pos(struct tui *ui, size_t i);
void subs_sort(struct tui *ui, const char *column, bool reverse);

/* The change an action of the pane (enum subs_action) sends. */
enum bento_change_kind subs_change_kind(int action);

/* tui_subs_marks.c */
bool subs_is_marked(const struct subs_pane *p, const char *email);
bool subs_marks_key(struct tui *ui, int key);
void subs_marks_clear(struct subs_pane *p);
bool subs_marks_back(struct tui *ui); /* Esc: false when none were marked */
void subs_marks_label(const struct subs_pane *p, char *buf, size_t size);
/* Send the asked change for every marked person, in one request. */
void subs_marks_send(struct tui *ui, const struct subs_ask *a, enum bento_change_kind kind);
/* The search result at pos, joining the cache as it came (as Enter does). */
struct bento_cached_sub *subs_adopt_result(struct tui *ui, size_t pos);
/* The cache entry for email: as a search result showed them when they are
 * one, else empty until looked up. */
struct bento_cached_sub *subs_remember(struct tui *ui, const char *email);

#endif
