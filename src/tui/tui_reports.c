/* The Reports pane (7): the site's counts, asked once when the pane is
 * first shown and kept for the session (the stats budget is 60 calls an
 * hour), with when they were fetched and what is left of the budget; r
 * asks again. A failed refresh (429, budget spent) keeps the values. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/ratelimit.h"
#include "bento/request.h"
#include "app/app.h"
#include "app/chart.h"
#include "tui/tui.h"

struct reports_pane {
    struct bento_site_stats site;
    bool have, loading, opened, failed;
    char fetched[16]; /* hh:mm:ss of the answer shown */
};

static void rp_stamp(struct tui *ui, char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    if (ui->fake_clock || !localtime_r(&now, &tm))
        snprintf(buf, size, "hh:mm:ss");
    else
        strftime(buf, size, "%H:%M:%S", &tm);
}

static void rp_site_got(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct reports_pane *p = ui->rp;
    (void)ctx;
    p->loading = false;
    if (r->err.kind != BENTO_OK) {
        p->failed = true;
        tui_report_error(ui,
                         p->have ? "Could not refresh the site's counts (the counts shown are kept)"
                                 : "Could not read the site's counts (r asks again)",
                         &r->err, r);
        return;
    }
    p->site = r->stats;
    p->have = true, p->failed = false;
    rp_stamp(ui, p->fetched, sizeof p->fetched);
}

static void rp_ask(struct tui *ui)
{
    struct reports_pane *p = ui->rp;
    p->opened = true;
    if (!p->loading && tui_post(ui, bento_request_stats_site(), rp_site_got, NULL))
        p->loading = true;
}

/* ---- drawing ------------------------------------------------------------ */

static void draw_count(int y, const char *label, long v)
{
    char n[64], line[96];
    if (v >= 0)
        chart_number((double)v, n, sizeof n);
    else
        snprintf(n, sizeof n, "-");
    snprintf(line, sizeof line, "%-14s %12s", label, n);
    tui_draw_str(y, 4, COLS - 4, line, 0);
}

/* What is left of the stats family's window, as the client counts it. */
static void draw_budget(struct tui *ui, int y)
{
    struct bento_client_status st;
    char line[160];
    memset(&st, 0, sizeof st);
    if (ui->app->client)
        bento_client_status(ui->app->client, &st);
    int f = BENTO_FAM_STATS;
    if (st.limit[f] > 0)
        snprintf(line, sizeof line, "Stats budget: %d of %d calls left this hour", st.remaining[f],
                 st.limit[f]);
    else
        snprintf(line, sizeof line, "Stats budget: no limit set for this profile");
    tui_draw_str(y, 2, COLS - 2, line, 0);
}

static void rp_draw(struct tui *ui, int y0, int rows)
{
    struct reports_pane *p = ui->rp;
    char head[96];
    (void)rows;
    if (!p->have) {
        const char *why = p->loading  ? "Loading the site's counts..."
                          : p->failed ? "The site's counts could not be read (r asks again)."
                                      : "No counts yet (r asks for them).";
        tui_draw_str(y0 + 1, 2, COLS - 4, why, 0);
        draw_budget(ui, y0 + 3);
        return;
    }
    snprintf(head, sizeof head, "Site counts, fetched %s%s", p->fetched,
             p->loading  ? " (refreshing...)"
             : p->failed ? " (refresh failed: kept)"
                         : "");
    tui_draw_str(y0 + 1, 2, COLS - 4, head, A_BOLD);
    draw_count(y0 + 2, "People:", p->site.user_count);
    draw_count(y0 + 3, "Subscribed:", p->site.subscriber_count);
    draw_count(y0 + 4, "Unsubscribed:", p->site.unsubscriber_count);
    draw_budget(ui, y0 + 6);
    tui_draw_str(y0 + 7, 2, COLS - 4, "Answers are kept for the session: r asks Bento again.", 0);
}

/* ---- commands and ops ---------------------------------------------------- */

void tui_cmd_reports_reload(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    tui_show_pane(ui, TP_REPORTS);
    if (ui->rp->loading) {
        tui_flash(ui, false, "The site's counts are loading already.");
        return;
    }
    rp_ask(ui);
}

void tui_cmd_pane_reports(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    tui_show_pane(ui, TP_REPORTS);
}

static void rp_open(struct tui *ui)
{
    if (!ui->rp->opened)
        rp_ask(ui);
}

static int rp_init(struct tui *ui)
{
    ui->rp = calloc(1, sizeof *ui->rp);
    return ui->rp ? 0 : -1;
}

static void rp_pane_free(struct tui *ui)
{
    free(ui->rp);
    ui->rp = NULL;
}

const struct tui_pane_ops tui_reports_pane = {
    .init = rp_init,
    .open = rp_open,
    .draw = rp_draw,
    .free = rp_pane_free,
};
