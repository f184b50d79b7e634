/* The Automations pane's actions on one row: an email's template fetched
 * whole into a preview, a workflow's statistics over a period (p cycles
 * 7, 30 and 90 days; `:automations period` takes dates), and the
 * template keys e and h, which tui_template_edit.c carries out. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/content.h"
#include "bento/sanitize.h"
#include "bento/validate.h"
#include "tui/tui.h"
#include "tui/tui_automations_internal.h"
#include "tui/tui_template_edit.h"

/* What the preview shows beside the template: taken when Enter was
 * pressed, since the list may be reloaded before the answer comes. */
struct au_preview {
    char flow[200], kind[16], delay[32], stats[160];
};

static void stats_line(const struct bento_content_stats *s, char *out, size_t size)
{
    if (!s) {
        snprintf(out, size, "none yet");
        return;
    }
    char open[16], click[16];
    au_rate(s->open_rate, open, sizeof open);
    au_rate(s->click_rate, click, sizeof click);
    snprintf(out, size, "%ld opened (%s), %ld clicked (%s)", s->opened, open, s->clicked, click);
}

static void add_line(struct tui *ui, const char *label, const char *value)
{
    char safe[600];
    const char *v = value && value[0] ? value : "-";
    bento_sanitize_line(v, strlen(v), safe, sizeof safe);
    text_add(&ui->text, "%-12s %s", label, safe);
}

static void email_fetched(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct au_preview *pv = ctx;
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not fetch the email's template", &r->err, r);
        return;
    }
    const struct bento_template *t = &r->content.tmpl;
    if (!t->found) {
        tui_flash(ui, true, "! Bento has no template with this id: r reloads the list.");
        return;
    }
    text_open(ui, "Email");
    add_line(ui, pv->kind, pv->flow);
    add_line(ui, "Template:", t->id);
    add_line(ui, "Delay:", pv->delay);
    add_line(ui, "Stats:", pv->stats);
    text_add(&ui->text, "%s", "");
    tui_preview_add(ui, t->subject, t->html);
}

void au_open_email(struct tui *ui, const struct au_flow *fl, const struct bento_email_entry *e)
{
    if (!e->id) {
        tui_flash(ui, true, "! This email has no template id: r reloads the list.");
        return;
    }
    struct au_preview *pv = calloc(1, sizeof *pv);
    if (!pv) {
        tui_flash(ui, true, "! Out of memory opening the email.");
        return;
    }
    snprintf(pv->flow, sizeof pv->flow, "%s", fl->f.name ? fl->f.name : fl->f.id);
    snprintf(pv->kind, sizeof pv->kind, "%s", fl->kind == AU_SEQUENCE ? "Sequence:" : "Workflow:");
    au_delay(e, pv->delay, sizeof pv->delay);
    stats_line(au_email_stats(fl, e), pv->stats, sizeof pv->stats);
    tui_post_owned(ui, bento_request_template_get(e->id), email_fetched, pv, free);
}

/* ---- a workflow's period ------------------------------------------------ */

void au_stats_free(struct au_flow *fl)
{
    if (!fl->has_ws)
        return;
    for (size_t i = 0; i < fl->ws.email_count; i++) {
        struct bento_email_entry *e = &fl->ws.emails[i];
        free(e->id), free(e->subject), free(e->name), free(e->inbox_snippet);
        free(e->delay_interval);
    }
    free(fl->ws.emails), free(fl->ws.start_date), free(fl->ws.end_date);
    memset(&fl->ws, 0, sizeof fl->ws);
    fl->has_ws = false;
}

/* The answer names its workflow by id: a reload may have moved it. */
struct au_period {
    char id[128];
    long days;
    char from[16], to[16];
};

static struct au_flow *flow_by_id(struct tui *ui, const char *id)
{
    struct automations_pane *p = ui->au;
    for (size_t i = 0; i < p->count; i++)
        if (p->flows[i].kind == AU_WORKFLOW && p->flows[i].f.id && !strcmp(p->flows[i].f.id, id))
            return &p->flows[i];
    return NULL;
}

/* A 422 says Bento's reason and what to change, on one line. */
static void period_refused(struct tui *ui, const struct bento_error *e)
{
    tui_flash(ui, true, "! Bento: %.100s (422): give FROM on or before TO.",
              e->detail[0] ? e->detail : "the period was refused");
}

static void period_done(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct au_period *pd = ctx;
    if (r->err.http_status == 422) {
        period_refused(ui, &r->err);
        return;
    }
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not load the workflow's statistics", &r->err, r);
        return;
    }
    struct au_flow *fl = flow_by_id(ui, pd->id);
    if (!fl)
        return;
    au_stats_free(fl);
    fl->ws = r->content.wstats;
    memset(&r->content.wstats, 0, sizeof r->content.wstats);
    fl->has_ws = true;
    fl->days = pd->days;
    snprintf(fl->from, sizeof fl->from, "%s", pd->from);
    snprintf(fl->to, sizeof fl->to, "%s", pd->to);
    au_refilter(ui);
    if (pd->days > 0)
        tui_flash(ui, false, "Workflow statistics: the last %ld days", pd->days);
    else
        tui_flash(ui, false, "Workflow statistics: %s to %s", pd->from, pd->to);
}

static void ask_period(struct tui *ui, const struct au_flow *fl, long days, const char *from,
                       const char *to)
{
    struct au_period *pd = calloc(1, sizeof *pd);
    if (!pd) {
        tui_flash(ui, true, "! Out of memory asking for the workflow's statistics.");
        return;
    }
    snprintf(pd->id, sizeof pd->id, "%s", fl->f.id);
    pd->days = days;
    snprintf(pd->from, sizeof pd->from, "%s", from ? from : "");
    snprintf(pd->to, sizeof pd->to, "%s", to ? to : "");
    tui_post_owned(ui, bento_request_workflow_stats(fl->f.id, days, from, to), period_done, pd,
                   free);
}

/* The selected row's workflow, or NULL (said in the status line). */
static struct au_flow *selected_workflow(struct tui *ui)
{
    struct au_flow *fl = NULL;
    if (ui->pane != TP_AUTOMATIONS || !au_selected(ui, &fl) || fl->kind != AU_WORKFLOW ||
        !fl->f.id) {
        tui_flash(ui, true, "! Select a workflow (or one of its emails) in Automations first.");
        return NULL;
    }
    return fl;
}

/* A date as Bento takes it: YYYY-MM-DD; -1 when refused (said). */
static int day_of(struct tui *ui, const char *text, char *out, size_t size)
{
    struct bento_error err;
    if (bento_validate_date(text, out, size, &err) < 0 || strlen(out) != 10) {
        char safe[64];
        bento_sanitize_line(text, strlen(text), safe, sizeof safe);
        tui_flash(ui, true, "! \"%s\" is no date: give the period as YYYY-MM-DD YYYY-MM-DD.", safe);
        return -1;
    }
    return 0;
}

/* `p` cycles the last 7, 30 and 90 days; `:automations period FROM TO`
 * asks for those dates (Bento judges the range). */
void tui_cmd_automations_period(struct tui *ui, int argc, char **argv)
{
    struct au_flow *fl = selected_workflow(ui);
    if (!fl)
        return;
    if (argc == 0) {
        long next = fl->has_ws && fl->days == 7 ? 30 : fl->has_ws && fl->days == 30 ? 90 : 7;
        ask_period(ui, fl, next, NULL, NULL);
        return;
    }
    if (argc != 2) {
        tui_flash(ui, true, "! Usage: :automations period FROM TO (dates as YYYY-MM-DD).");
        return;
    }
    char from[BENTO_VALUE_MAX], to[BENTO_VALUE_MAX];
    if (day_of(ui, argv[0], from, sizeof from) < 0 || day_of(ui, argv[1], to, sizeof to) < 0)
        return;
    ask_period(ui, fl, 0, from, to);
}

/* ---- the template keys -------------------------------------------------- */

/* The selected email's template id, or NULL (said in the status line). */
static const char *selected_template(struct tui *ui)
{
    struct au_flow *fl = NULL;
    const struct au_row *r = ui->pane == TP_AUTOMATIONS ? au_selected(ui, &fl) : NULL;
    if (!r || r->email < 0 || !fl->f.emails[r->email].id) {
        tui_flash(ui, true, "! Select an email in Automations first (Enter unfolds a sequence).");
        return NULL;
    }
    return fl->f.emails[r->email].id;
}

void tui_cmd_automations_edit(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    const char *id = selected_template(ui);
    if (id)
        tui_template_edit(ui, id);
}

void tui_cmd_automations_history(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    const char *id = selected_template(ui);
    if (id)
        tui_template_history(ui, id);
}
