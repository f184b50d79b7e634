/* The Automations pane's state, shared by its files: tui_automations.c
 * (loading, the list, fold, sort, filter), tui_automations_open.c (an
 * email's preview, a workflow's period, the template keys) and
 * tui_automations_append.c (appending an email to a sequence). */
#ifndef BENTO_TUI_AUTOMATIONS_INTERNAL_H
#define BENTO_TUI_AUTOMATIONS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bento/content.h"
#include "tui/tui_columns.h"
#include "tui/tui_idset.h"

struct tui;
struct au_append;
struct tui_hint;

enum au_kind { AU_SEQUENCE, AU_WORKFLOW, AU__KINDS };

struct au_flow {
    struct bento_flow f; /* owned */
    enum au_kind kind;
    bool folded;                    /* its emails hidden */
    long days;                      /* the period of ws: days, 0 for from..to, -1: none */
    char from[16], to[16];          /* YYYY-MM-DD when days is 0 */
    bool has_ws;                    /* ws holds the period's statistics */
    struct bento_workflow_stats ws; /* owned when has_ws */
};

/* One line of the list: a sequence or workflow, or one of its emails. */
struct au_row {
    size_t flow;
    long email; /* index in the flow's emails; -1: the flow's own row */
};

/* Paging of one kind: pages can repeat, so a page of nothing new is
 * asked once more before the kind counts as loaded. */
struct au_pager {
    long page; /* the next page to ask */
    bool done, loading, asked_again;
    bool failed;          /* the last page failed (the error was shown) */
    struct tui_idset ids; /* of the kind's flows listed, for de-duplicating pages */
};

struct automations_pane {
    struct au_flow *flows;
    size_t count, cap;
    struct au_row *view;
    size_t view_count, view_cap;
    size_t sel, top;
    struct tui_sort sort;
    struct au_pager pager[AU__KINDS];
    bool opened;
    unsigned gen;             /* a reload drops the answers still coming */
    struct au_append *append; /* the append form, or NULL */
};

/* tui_automations.c */
/* The selected row (NULL when the list is empty); *flow is its flow. */
const struct au_row *au_selected(struct tui *ui, struct au_flow **flow);
/* The email's statistics: the period's for a workflow that has them. */
const struct bento_content_stats *au_email_stats(const struct au_flow *fl,
                                                 const struct bento_email_entry *e);
void au_rate(double rate, char *out, size_t size);
void au_delay(const struct bento_email_entry *e, char *out, size_t size);
void au_refilter(struct tui *ui);
void au_reload(struct tui *ui);
/* Select the email of the flow with that id, if listed. */
void au_select_email(struct tui *ui, const char *flow_id, const char *email_id);

/* tui_automations_open.c */
void au_open_email(struct tui *ui, const struct au_flow *fl, const struct bento_email_entry *e);
void au_stats_free(struct au_flow *fl);

/* tui_automations_append.c */
bool au_append_key(struct tui *ui, int key);
void au_append_draw(struct tui *ui, int y0, int rows);
void au_append_free(struct tui *ui);
const struct tui_hint *au_append_hints(struct tui *ui);

#endif
