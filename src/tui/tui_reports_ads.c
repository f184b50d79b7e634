/* The Reports pane's ads attribution view (a): totals (signups,
 * customers, revenue per currency) and the breakdown by a dimension, a
 * bar of signups per row. d cycles the dimension, P the period (the last
 * 7, 30, 90 days; `:reports period FROM TO` takes dates), m the revenue
 * mode. Answers share the stats budget (60 calls an hour), so each is
 * kept for the session under its query: coming back to one asks
 * nothing, r asks again. A refused or failed call says why on one line
 * and leaves the view on what it showed. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/request.h"
#include "bento/sanitize.h"
#include "bento/stats.h"
#include "bento/validate.h"
#include "app/ads_table.h"
#include "app/app.h"
#include "app/chart.h"
#include "tui/tui.h"
#include "tui/tui_commands.h"
#include "tui/tui_reports_internal.h"

#define ADS_DEFAULT_DAYS 30

/* ---- the query and its cache -------------------------------------------- */

static bool want_same(const struct rp_ads_want *a, const struct rp_ads_want *b)
{
    return !strcmp(a->dimension, b->dimension) && !strcmp(a->mode, b->mode) && a->days == b->days &&
           !strcmp(a->from, b->from) && !strcmp(a->to, b->to);
}

/* A preset's dates: today and `days` days before, in local time. */
static void want_dates(struct rp_ads_want *w)
{
    if (w->days <= 0)
        return;
    time_t now = time(NULL), start = now - (time_t)w->days * 86400;
    struct tm tm;
    strftime(w->to, sizeof w->to, "%Y-%m-%d", localtime_r(&now, &tm));
    strftime(w->from, sizeof w->from, "%Y-%m-%d", localtime_r(&start, &tm));
}

static struct rp_ads_answer *cached(struct rp_ads *a, const struct rp_ads_want *w)
{
    for (size_t i = 0; i < a->cached; i++)
        if (want_same(&a->cache[i].want, w))
            return &a->cache[i];
    return NULL;
}

/* The slot for w's answer: its old one, a free one, else the oldest. */
static struct rp_ads_answer *slot_for(struct rp_ads *a, const struct rp_ads_want *w)
{
    struct rp_ads_answer *e = cached(a, w);
    if (!e && a->cached < RP_ADS_CACHE)
        return &a->cache[a->cached++];
    if (!e) {
        e = &a->cache[a->next_slot];
        a->next_slot = (a->next_slot + 1) % RP_ADS_CACHE;
    }
    bento_ads_stats_free(&e->stats);
    return e;
}

static void period_text(const struct rp_ads_want *w, char *buf, size_t size)
{
    if (w->days > 0)
        snprintf(buf, size, "the last %ld days", w->days);
    else
        snprintf(buf, size, "%s to %s", w->from, w->to);
}

/* A 422 names Bento's reason; the view keeps what it showed. */
static void ads_refused(struct tui *ui, const struct bento_result *r)
{
    char why[120];
    const char *d = r->err.detail[0] ? r->err.detail : "the query was refused";
    bento_sanitize_line(d, strlen(d), why, sizeof why);
    tui_flash(ui, true, "! Bento refused the ads query (422): %s; pick another period (P).", why);
}

static void ads_got(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct rp_ads *a = &ui->rp->ads;
    struct bento_ads_stats s;
    struct bento_error err = r->err;
    (void)ctx;
    a->loading = false;
    if (r->err.http_status == 422) {
        ads_refused(ui, r);
        return;
    }
    if (err.kind != BENTO_OK || bento_stats_decode_ads(r->json, &s, &err) < 0) {
        tui_report_error(ui,
                         a->have ? "Could not read the ads figures"
                                 : "Could not read the ads figures (r asks again)",
                         &err, r->err.kind == BENTO_OK ? NULL : r);
        return;
    }
    struct rp_ads_answer *e = slot_for(a, &a->asking);
    e->want = a->asking, e->stats = s;
    tui_reports_stamp(ui, e->fetched, sizeof e->fetched);
    a->shown = a->asking, a->have = true;
    a->sel = a->top = 0;
}

/* Show w: from the cache when it was asked already (fresh: ask anyway). */
static void ads_ask(struct tui *ui, struct rp_ads_want w, bool fresh)
{
    struct rp_ads *a = &ui->rp->ads;
    a->open = true;
    if (a->loading) {
        tui_flash(ui, false, "The ads figures are loading already.");
        return;
    }
    want_dates(&w);
    if (!fresh && cached(a, &w)) {
        a->shown = w, a->have = true;
        a->sel = a->top = 0;
        return;
    }
    struct bento_ads_query q = {w.dimension, NULL, w.from, w.to, w.mode};
    a->asking = w;
    if (tui_post(ui, bento_request_stats_ads(&q), ads_got, NULL))
        a->loading = true;
}

/* What the view shows now, or the defaults before its first answer. */
static struct rp_ads_want current(const struct rp_ads *a)
{
    if (a->have)
        return a->shown;
    if (a->loading)
        return a->asking;
    struct rp_ads_want w = {app_ads_dimensions[0], app_ads_modes[0], ADS_DEFAULT_DAYS, "", ""};
    return w;
}

void tui_reports_ads_reload(struct tui *ui)
{
    ads_ask(ui, current(&ui->rp->ads), true);
}

void tui_reports_ads_free(struct tui *ui)
{
    struct rp_ads *a = &ui->rp->ads;
    for (size_t i = 0; i < a->cached; i++)
        bento_ads_stats_free(&a->cache[i].stats);
    a->cached = 0;
}

/* ---- commands ----------------------------------------------------------- */

/* A day as Bento takes it: YYYY-MM-DD; -1 when refused (said). */
static int day_of(struct tui *ui, const char *text, char *out, size_t size)
{
    struct bento_error err;
    char day[BENTO_VALUE_MAX];
    if (bento_validate_date(text, day, sizeof day, &err) < 0 || strlen(day) != 10) {
        char safe[64];
        bento_sanitize_line(text, strlen(text), safe, sizeof safe);
        tui_flash(ui, true, "! \"%s\" is no date: give the period as YYYY-MM-DD YYYY-MM-DD.", safe);
        return -1;
    }
    snprintf(out, size, "%s", day);
    return 0;
}

/* FROM TO, checked before anything is sent. */
static void ask_dates(struct tui *ui, int argc, char **argv, const char *command)
{
    struct rp_ads_want w = current(&ui->rp->ads);
    if (argc != 2) {
        tui_flash(ui, true, "! Usage: :%s FROM TO (dates as YYYY-MM-DD).", command);
        return;
    }
    if (day_of(ui, argv[0], w.from, sizeof w.from) < 0 ||
        day_of(ui, argv[1], w.to, sizeof w.to) < 0)
        return;
    if (strcmp(w.from, w.to) > 0) {
        tui_flash(ui, true, "! The period ends before it starts: give FROM on or before TO.");
        return;
    }
    w.days = 0;
    ads_ask(ui, w, false);
}

/* a, or `:reports ads FROM TO`: the view, over that period if given. */
void tui_cmd_reports_ads(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_REPORTS);
    if (argc > 0) {
        ask_dates(ui, argc, argv, "reports ads");
        return;
    }
    struct rp_ads *a = &ui->rp->ads;
    if (a->have || a->loading)
        a->open = true;
    else
        ads_ask(ui, current(a), false);
}

/* P cycles the last 7, 30 and 90 days; `:reports period FROM TO`. */
void tui_cmd_reports_period(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_REPORTS);
    if (argc > 0) {
        ask_dates(ui, argc, argv, "reports period");
        return;
    }
    struct rp_ads_want w = current(&ui->rp->ads);
    w.days = w.days == 7 ? 30 : w.days == 30 ? 90 : 7;
    ads_ask(ui, w, false);
}

/* d (or m) cycles; `:reports dimension campaign` names one. */
static void pick(struct tui *ui, int argc, char **argv, bool dimension)
{
    const char *const *list = dimension ? app_ads_dimensions : app_ads_modes;
    size_t n = dimension ? APP_ADS_DIMENSIONS : APP_ADS_MODES;
    struct rp_ads_want w = current(&ui->rp->ads);
    const char **field = dimension ? &w.dimension : &w.mode;
    tui_show_pane(ui, TP_REPORTS);
    if (argc == 0) {
        *field = app_ads_next(list, n, *field);
    } else {
        size_t i = 0;
        while (i < n && strcmp(list[i], argv[0]))
            i++;
        if (i == n) {
            char safe[48];
            bento_sanitize_line(argv[0], strlen(argv[0]), safe, sizeof safe);
            tui_flash(ui, true, "! \"%s\" is no %s: give one of %s.", safe,
                      dimension ? "dimension" : "revenue mode",
                      dimension ? "source, campaign, medium, content, ad"
                                : "all_revenue, first_revenue, subscriptions");
            return;
        }
        *field = list[i];
    }
    ads_ask(ui, w, false);
}

void tui_cmd_reports_dimension(struct tui *ui, int argc, char **argv)
{
    pick(ui, argc, argv, true);
}

void tui_cmd_reports_revenue(struct tui *ui, int argc, char **argv)
{
    pick(ui, argc, argv, false);
}

/* ---- drawing ------------------------------------------------------------ */

static void safe_copy(const char *in, char *out, size_t size)
{
    bento_sanitize_line(in ? in : "", in ? strlen(in) : 0, out, size);
}

static void count_text(long v, char *buf, size_t size)
{
    if (v >= 0)
        chart_number((double)v, buf, size);
    else
        snprintf(buf, size, "-");
}

/* "Source: the last 30 days; First touch, 30-day window; All revenue". */
static void draw_head(struct tui *ui, const struct rp_ads_answer *e, int y)
{
    const struct bento_ads_stats *s = &e->stats;
    const struct rp_ads *a = &ui->rp->ads;
    char dim[64], attr[64], mode[64], period[40], line[400], busy[80] = "";
    safe_copy(s->dimension_label ? s->dimension_label : e->want.dimension, dim, sizeof dim);
    safe_copy(s->revenue_mode_label ? s->revenue_mode_label : e->want.mode, mode, sizeof mode);
    period_text(&e->want, period, sizeof period);
    snprintf(line, sizeof line, "Ads by %s: %s; %s", dim, period, mode);
    tui_draw_str(y, 2, COLS - 4, line, A_BOLD);
    attr[0] = '\0';
    if (s->attribution_label) {
        char label[48];
        safe_copy(s->attribution_label, label, sizeof label);
        snprintf(attr, sizeof attr, "%s", label);
        if (s->window_days > 0)
            snprintf(attr + strlen(attr), sizeof attr - strlen(attr), ", %ld-day window",
                     s->window_days);
        snprintf(attr + strlen(attr), sizeof attr - strlen(attr), "; ");
    }
    if (a->loading) {
        char p[40];
        period_text(&a->asking, p, sizeof p);
        snprintf(busy, sizeof busy, " (loading %s, %s...)", a->asking.dimension, p);
    }
    snprintf(line, sizeof line, "%sfetched %s%s  Esc: back", attr, e->fetched, busy);
    tui_draw_str(y + 1, 2, COLS - 4, line, 0);
}

static void revenue_text(const struct bento_ads_figures *t, char *buf, size_t size)
{
    char one[128], safe[128];
    buf[0] = '\0';
    for (size_t i = 0; i < t->currency_count; i++) {
        app_ads_money(one, sizeof one, t->by_currency[i].currency, t->by_currency[i].cents);
        safe_copy(one, safe, sizeof safe);
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? "  " : "", safe);
    }
    if (!t->currency_count && t->revenue_cents >= 0) {
        app_ads_money(one, sizeof one, t->revenue_currency, t->revenue_cents);
        safe_copy(one, buf, size);
    }
    if (!buf[0])
        snprintf(buf, size, "-");
}

/* The totals, one per line, or on one line when the pane is short. */
static int draw_totals(const struct bento_ads_stats *s, int y, bool compact)
{
    const struct bento_ads_figures *t = &s->totals;
    char sign[64], cust[64], rate[32] = "", rev[400], top[80], line[600];
    count_text(t->signups, sign, sizeof sign);
    count_text(t->customers, cust, sizeof cust);
    if (t->customer_rate >= 0)
        snprintf(rate, sizeof rate, " (%.1f%%)", t->customer_rate);
    revenue_text(t, rev, sizeof rev);
    if (compact) {
        snprintf(line, sizeof line, "Signups %s  Customers %s%s", sign, cust, rate);
        tui_draw_str(y, 4, COLS - 6, line, 0);
        snprintf(line, sizeof line, "Revenue %s", rev);
        tui_draw_str(y + 1, 4, COLS - 6, line, 0);
        return 2;
    }
    int n = 0;
    snprintf(line, sizeof line, "%-12s %12s", "Signups:", sign);
    tui_draw_str(y + n++, 4, COLS - 6, line, 0);
    snprintf(line, sizeof line, "%-12s %12s%s", "Customers:", cust, rate);
    tui_draw_str(y + n++, 4, COLS - 6, line, 0);
    snprintf(line, sizeof line, "%-12s %s", "Revenue:", rev);
    tui_draw_str(y + n++, 4, COLS - 6, line, 0);
    if (t->top_source) {
        safe_copy(t->top_source, top, sizeof top);
        snprintf(line, sizeof line, "%-12s %s", "Top source:", top);
        tui_draw_str(y + n++, 4, COLS - 6, line, 0);
    }
    if (s->revenue_truncated)
        tui_draw_str(y + n++, 4, COLS - 6,
                     "Bento cut the revenue figures short: a shorter period gives exact totals.",
                     0);
    return n;
}

/* The table's columns for this width: customers, then revenue, go
 * first when the bar would be too short. */
struct ads_cols {
    int label, count, money, bar;
    bool customers, revenue;
};

static struct ads_cols cols_for(int width)
{
    struct ads_cols c = {20, 9, 16, 0, true, true};
    c.bar = width - c.label - 2 - c.count - 2 - c.count - 2 - c.money - 2;
    if (c.bar < 10)
        c.customers = false, c.bar += c.count + 2;
    if (c.bar < 10)
        c.revenue = false, c.bar += c.money + 2;
    if (c.bar < 10) {
        c.bar += c.label - 12;
        c.label = 12;
    }
    c.bar = c.bar < 4 ? 4 : c.bar > 60 ? 60 : c.bar;
    return c;
}

/* Right-aligned in w cells at x. */
static int cell_right(int y, int x, int w, const char *text, int attr)
{
    int tw = tui_str_width(text);
    tui_draw_str(y, x + (tw < w ? w - tw : 0), w, text, attr);
    return x + w + 2;
}

static void draw_header_row(const struct bento_ads_stats *s, const struct ads_cols *c, int y)
{
    char label[64];
    int attr = A_UNDERLINE | A_BOLD;
    safe_copy(s->dimension_label ? s->dimension_label : "Key", label, sizeof label);
    tui_draw_str(y, 2, c->label, label, attr);
    int x = cell_right(y, 2 + c->label + 2, c->count, "Signups", attr);
    if (c->customers)
        x = cell_right(y, x, c->count, "Customers", attr);
    if (c->revenue)
        x = cell_right(y, x, c->money, "Revenue", attr);
    tui_draw_str(y, x, COLS - x, "Signups", attr);
}

static void draw_row(const struct bento_ads_figures *f, const struct ads_cols *c, long max,
                     bool ascii, int y, bool on)
{
    char label[128], n[64], money[128], safe[128], bar[4 * 60 + 1];
    int attr = on ? A_REVERSE : 0;
    if (on) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    safe_copy(app_ads_row_label(f), label, sizeof label);
    tui_draw_str(y, 0, 2, on ? "> " : "  ", attr);
    tui_draw_str(y, 2, c->label, label, attr);
    count_text(f->signups, n, sizeof n);
    int x = cell_right(y, 2 + c->label + 2, c->count, n, attr);
    if (c->customers) {
        count_text(f->customers, n, sizeof n);
        x = cell_right(y, x, c->count, n, attr);
    }
    if (c->revenue) {
        snprintf(safe, sizeof safe, "-");
        if (f->revenue_cents >= 0) {
            app_ads_money(money, sizeof money, f->revenue_currency, f->revenue_cents);
            safe_copy(money, safe, sizeof safe);
        }
        x = cell_right(y, x, c->money, safe, attr);
    }
    chart_bar((double)(f->signups > 0 ? f->signups : 0), (double)max, c->bar, ascii, bar,
              sizeof bar);
    tui_draw_str(y, x, COLS - x, bar, attr);
}

static void draw_breakdown(struct tui *ui, const struct bento_ads_stats *s, int y, int rows)
{
    struct rp_ads *a = &ui->rp->ads;
    if (rows < 2)
        return;
    if (s->row_count == 0) {
        tui_draw_str(y, 2, COLS - 4, "No signups in this period (P picks another).", 0);
        return;
    }
    struct ads_cols c = cols_for(COLS - 4);
    draw_header_row(s, &c, y);
    list_clamp(&a->sel, &a->top, s->row_count, rows - 1);
    long max = app_ads_max_signups(s);
    bool ascii = tui_reports_ascii(ui);
    for (int i = 0; i < rows - 1 && a->top + (size_t)i < s->row_count; i++) {
        size_t k = a->top + (size_t)i;
        draw_row(&s->rows[k], &c, max, ascii, y + 1 + i, k == a->sel);
    }
}

void tui_reports_ads_draw(struct tui *ui, int y0, int rows)
{
    struct rp_ads *a = &ui->rp->ads;
    struct rp_ads_answer *e = a->have ? cached(a, &a->shown) : NULL;
    if (!e) {
        tui_draw_str(y0 + 1, 2, COLS - 4,
                     a->loading ? "Loading the ads figures..."
                                : "No ads figures yet (r asks for them, Esc goes back).",
                     0);
        tui_reports_draw_budget(ui, y0 + 3);
        return;
    }
    bool compact = rows < 16;
    draw_head(ui, e, y0 + 1);
    int y = y0 + 3 + draw_totals(&e->stats, y0 + 3, compact);
    tui_reports_draw_budget(ui, y);
    y += compact ? 1 : 2;
    draw_breakdown(ui, &e->stats, y, y0 + rows - y);
}

bool tui_reports_ads_move(struct tui *ui, int key)
{
    struct rp_ads *a = &ui->rp->ads;
    struct rp_ads_answer *e = a->have ? cached(a, &a->shown) : NULL;
    size_t n = e ? e->stats.row_count : 0;
    return list_move_key(&a->sel, &a->top, n, tui_list_rows(), key);
}

const struct tui_hint *tui_reports_ads_hints(void)
{
    static const struct tui_hint hints[] = {
        {"d", "dimension"}, {"P", "period"}, {"m", "revenue"}, {"r", "reload"},
        {"j/k", "move"},    {"Esc", "back"}, {"?", "help"},    {NULL, NULL},
    };
    return hints;
}
