/* The Reports pane (7): the site's counts, asked once when the pane is
 * first shown and kept for the session (the stats budget is 60 calls an
 * hour), with when they were fetched and what is left of the budget; r
 * asks again. A failed refresh (429, budget spent) keeps the values.
 * Below them the pinned segments and reports (bento/pins.h), each with
 * its value: a segment's people, a report's number or its points. */
#include <curses.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/pins.h"
#include "bento/ratelimit.h"
#include "bento/request.h"
#include "bento/sanitize.h"
#include "bento/stats.h"
#include "bento/validate.h"
#include "app/app.h"
#include "app/chart.h"
#include "tui/tui.h"
#include "tui/tui_reports_internal.h"

static const char *rp_profile(const struct tui *ui)
{
    return ui->app->profile.name[0] ? ui->app->profile.name : "default";
}

void tui_reports_stamp(struct tui *ui, char *buf, size_t size)
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
    tui_reports_stamp(ui, p->fetched, sizeof p->fetched);
}

/* ---- pins ---------------------------------------------------------------- */

/* The pin a result is for ("s:ID" or "r:ID"), or -1 when unpinned since. */
static long rp_pin_of(const struct reports_pane *p, const char *key)
{
    enum bento_pin_kind kind = key[0] == 'r' ? BENTO_PIN_REPORT : BENTO_PIN_SEGMENT;
    for (size_t i = 0; i < p->pins.count; i++)
        if (p->pins.items[i].kind == kind && !strcmp(p->pins.items[i].id, key + 2))
            return (long)i;
    return -1;
}

static void rp_report_text(const struct bento_report *rep, char *buf, size_t size)
{
    char n[64];
    if (rep->has_number) {
        chart_number(rep->number, n, sizeof n);
        snprintf(buf, size, "%s", n);
    } else if (rep->has_points)
        snprintf(buf, size, "%zu point%s", rep->point_count, rep->point_count == 1 ? "" : "s");
    else
        snprintf(buf, size, "no data");
}

static int rp_value_text(const struct bento_result *r, char kind, struct rp_value *v, char *buf,
                         size_t size, struct bento_error *err)
{
    if (kind == 's') {
        struct bento_site_stats s;
        if (bento_stats_decode_segment(r->json, &s, err) < 0)
            return -1;
        char n[64] = "-";
        if (s.user_count >= 0)
            chart_number((double)s.user_count, n, sizeof n);
        snprintf(buf, size, "%s people", n);
        return 0;
    }
    struct bento_report rep;
    if (bento_stats_decode_report(r->json, &rep, err) < 0)
        return -1;
    rp_report_text(&rep, buf, size);
    if (v->has_rep)
        bento_report_free(&v->rep);
    v->rep = rep, v->has_rep = true;
    return 0;
}

static void rp_value_got(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct reports_pane *p = ui->rp;
    const char *key = ctx;
    long i = rp_pin_of(p, key);
    if (i < 0)
        return;
    struct rp_value *v = &p->vals[i];
    struct bento_error err = r->err;
    char text[sizeof v->text];
    v->loading = false;
    if (err.kind == BENTO_OK && rp_value_text(r, key[0], v, text, sizeof text, &err) == 0) {
        memcpy(v->text, text, sizeof text);
        v->have = true, v->failed = false;
        return;
    }
    v->failed = true;
    char what[160], safe[80];
    bento_sanitize_line(key + 2, strlen(key + 2), safe, sizeof safe);
    snprintf(what, sizeof what, "Could not read %s %s%s",
             bento_pin_kind_name(p->pins.items[i].kind), safe, v->have ? " (value kept)" : "");
    tui_report_error(ui, what, &err, r->err.kind == BENTO_OK ? NULL : r);
}

static void rp_ask_pin(struct tui *ui, size_t i)
{
    struct reports_pane *p = ui->rp;
    const struct bento_pin *pin = &p->pins.items[i];
    size_t n = strlen(pin->id) + 3;
    char *key = malloc(n);
    if (!key || p->vals[i].loading) {
        free(key);
        return;
    }
    snprintf(key, n, "%c:%s", pin->kind == BENTO_PIN_REPORT ? 'r' : 's', pin->id);
    struct bento_request *req = pin->kind == BENTO_PIN_REPORT
                                    ? bento_request_stats_report(pin->id)
                                    : bento_request_stats_segment(pin->id);
    if (req && tui_post_owned(ui, req, rp_value_got, key, free))
        p->vals[i].loading = true;
    else if (!req)
        free(key);
}

static void rp_ask(struct tui *ui)
{
    struct reports_pane *p = ui->rp;
    p->opened = true;
    if (!p->loading && tui_post(ui, bento_request_stats_site(), rp_site_got, NULL))
        p->loading = true;
    for (size_t i = 0; i < p->pins.count; i++)
        rp_ask_pin(ui, i);
}

static void rp_load_pins(struct tui *ui)
{
    struct reports_pane *p = ui->rp;
    struct bento_error err;
    if (bento_pins_load(rp_profile(ui), &p->pins, &err) < 0) {
        tui_report_error(ui, "Could not read the pinned reports", &err, NULL);
        return;
    }
    p->vals = calloc(p->pins.count + 1, sizeof *p->vals);
    if (!p->vals)
        bento_pins_free(&p->pins);
}

static bool rp_save(struct tui *ui)
{
    struct bento_error err;
    if (bento_pins_save(rp_profile(ui), &ui->rp->pins, &err) == 0)
        return true;
    tui_report_error(ui, "Could not keep the pins", &err, NULL);
    return false;
}

/* "segment ID NAME..." or "report ID NAME..." (the name defaults to the id). */
static int rp_pin_words(struct tui *ui, int argc, char **argv)
{
    struct reports_pane *p = ui->rp;
    struct bento_error err;
    char id[BENTO_VALUE_MAX], name[BENTO_VALUE_MAX], joined[BENTO_VALUE_MAX] = "";
    bool report = argc > 0 && !strcmp(argv[0], "report");
    if (argc < 2 || (!report && strcmp(argv[0], "segment"))) {
        tui_flash(ui, true, "! Pin what? Type segment ID NAME or report ID NAME.");
        return -1;
    }
    for (int i = 2; i < argc; i++)
        snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i > 2 ? " " : "",
                 argv[i]);
    if (bento_validate_text(report ? "Report id" : "Segment id", argv[1], id, sizeof id, &err) <
            0 ||
        bento_validate_text("Name", joined[0] ? joined : id, name, sizeof name, &err) < 0) {
        tui_report_error(ui, "Not pinned", &err, NULL);
        return -1;
    }
    struct rp_value *vals = realloc(p->vals, (p->pins.count + 2) * sizeof *vals);
    if (vals)
        p->vals = vals;
    size_t before = p->pins.count;
    if (!vals ||
        bento_pins_add(&p->pins, report ? BENTO_PIN_REPORT : BENTO_PIN_SEGMENT, id, name) < 0) {
        tui_flash(ui, true, "! Out of memory keeping the pin.");
        return -1;
    }
    if (p->pins.count > before)
        memset(&p->vals[before], 0, sizeof *p->vals);
    for (size_t i = 0; i < p->pins.count; i++)
        if (p->pins.items[i].kind == (report ? BENTO_PIN_REPORT : BENTO_PIN_SEGMENT) &&
            !strcmp(p->pins.items[i].id, id))
            p->sel = i;
    if (rp_save(ui))
        tui_flash(ui, false, "Pinned %s %s.", report ? "report" : "segment", id);
    rp_ask_pin(ui, p->sel);
    return 0;
}

const char *tui_reports_prompt_text(const struct tui *ui)
{
    (void)ui;
    return "Pin (segment ID NAME or report ID NAME): ";
}

void tui_reports_prompt_done(struct tui *ui, const char *line)
{
    char copy[BENTO_VALUE_MAX * 2], *argv[16], *save = NULL;
    int argc = 0;
    snprintf(copy, sizeof copy, "%s", line);
    for (char *w = strtok_r(copy, " \t", &save); w && argc < 16; w = strtok_r(NULL, " \t", &save))
        argv[argc++] = w;
    if (rp_pin_words(ui, argc, argv) < 0)
        prompt_open(ui, PR_REPORTS, line);
}

void tui_cmd_reports_pin(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_REPORTS);
    if (argc == 0)
        prompt_open(ui, PR_REPORTS, "");
    else
        rp_pin_words(ui, argc, argv);
}

void tui_cmd_reports_unpin(struct tui *ui, int argc, char **argv)
{
    struct reports_pane *p = ui->rp;
    (void)argc, (void)argv;
    tui_show_pane(ui, TP_REPORTS);
    if (p->sel >= p->pins.count) {
        tui_flash(ui, false, "Nothing pinned to unpin (p pins a segment or a report).");
        return;
    }
    char id[80];
    bento_sanitize_line(p->pins.items[p->sel].id, strlen(p->pins.items[p->sel].id), id, sizeof id);
    bento_pins_remove(&p->pins, p->sel);
    if (p->vals[p->sel].has_rep)
        bento_report_free(&p->vals[p->sel].rep);
    p->chart = -1;
    memmove(&p->vals[p->sel], &p->vals[p->sel + 1], (p->pins.count - p->sel) * sizeof *p->vals);
    if (p->sel > 0 && p->sel >= p->pins.count)
        p->sel--;
    if (rp_save(ui))
        tui_flash(ui, false, "Unpinned %s.", id);
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
void tui_reports_draw_budget(struct tui *ui, int y)
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

static void draw_pin(const struct bento_pin *pin, const struct rp_value *v, int y, bool on)
{
    char name[120], id[80], line[400];
    bento_sanitize_line(pin->name, strlen(pin->name), name, sizeof name);
    bento_sanitize_line(pin->id, strlen(pin->id), id, sizeof id);
    const char *value = v->have      ? v->text
                        : v->loading ? "loading..."
                        : v->failed  ? "could not be read (r asks again)"
                                     : "-";
    snprintf(line, sizeof line, "%s%-8s %-24s %-14s %s%s", on ? "> " : "  ",
             bento_pin_kind_name(pin->kind), name, id, value,
             v->have && v->failed ? " (kept)" : "");
    if (on) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
        attroff(A_REVERSE);
    }
    tui_draw_str(y, 0, COLS, line, on ? A_REVERSE : 0);
}

static void draw_pins(struct tui *ui, int y, int rows)
{
    struct reports_pane *p = ui->rp;
    if (rows < 2)
        return;
    tui_draw_str(y, 2, COLS - 4, "Pinned", A_BOLD);
    if (p->pins.count == 0) {
        tui_draw_str(y + 1, 2, COLS - 4, "Nothing pinned: p pins a segment or a report by id.", 0);
        return;
    }
    list_clamp(&p->sel, &p->top, p->pins.count, rows - 1);
    for (int i = 0; i < rows - 1 && p->top + (size_t)i < p->pins.count; i++) {
        size_t k = p->top + (size_t)i;
        draw_pin(&p->pins.items[k], &p->vals[k], y + 1 + i, k == p->sel);
    }
}

/* ---- one report's chart ------------------------------------------------- */

bool tui_reports_ascii(const struct tui *ui)
{
    const char *cs = nl_langinfo(CODESET);
    return ui->app->no_color || !cs || strcmp(cs, "UTF-8") != 0;
}

static void draw_table(const struct bento_report *rep, int y, int rows)
{
    char n[64], g[80], x[80], line[256];
    snprintf(line, sizeof line, "%-20s %-20s %12s", "GROUP", "X", "VALUE");
    tui_draw_str(y, 2, COLS - 4, line, A_UNDERLINE | A_BOLD);
    if (!rep->has_points) {
        chart_number(rep->number, n, sizeof n);
        snprintf(line, sizeof line, "%-20s %-20s %12s", "-", "-", rep->has_number ? n : "-");
        tui_draw_str(y + 1, 2, COLS - 4, line, 0);
        return;
    }
    for (int i = 0; i < rows - 1 && (size_t)i < rep->point_count; i++) {
        const struct bento_report_point *pt = &rep->points[i];
        bento_sanitize_line(pt->group ? pt->group : "-", strlen(pt->group ? pt->group : "-"), g,
                            sizeof g);
        bento_sanitize_line(pt->x ? pt->x : "", strlen(pt->x ? pt->x : ""), x, sizeof x);
        chart_number(pt->y, n, sizeof n);
        snprintf(line, sizeof line, "%-20.20s %-20.20s %12s", g, x, n);
        tui_draw_str(y + 1 + i, 2, COLS - 4, line, 0);
    }
}

static void draw_chart(struct tui *ui, int y0, int rows)
{
    struct reports_pane *p = ui->rp;
    const struct bento_pin *pin = &p->pins.items[p->chart];
    const struct bento_report *rep = &p->vals[p->chart].rep;
    char name[120], head[200];
    bento_sanitize_line(pin->name, strlen(pin->name), name, sizeof name);
    snprintf(head, sizeof head, "%s (report %.40s)  Esc: back  t: table", name, pin->id);
    tui_draw_str(y0 + 1, 2, COLS - 4, head, A_BOLD);
    int height = p->table ? (rows - 2) / 2 : rows - 2;
    struct chart_opts o = {COLS - 4, height < 3 ? 3 : height, tui_reports_ascii(ui)};
    struct chart_lines lines = {NULL, 0};
    if (chart_report(rep, &o, &lines) < 0) {
        tui_draw_str(y0 + 2, 2, COLS - 4, "Out of memory drawing the chart.", 0);
        return;
    }
    for (size_t i = 0; i < lines.count && (int)i < o.height; i++)
        tui_draw_str(y0 + 2 + (int)i, 2, COLS - 4, lines.lines[i], 0);
    chart_lines_free(&lines);
    if (p->table)
        draw_table(rep, y0 + 2 + o.height, rows - 2 - o.height);
}

static void rp_open_selected(struct tui *ui)
{
    struct reports_pane *p = ui->rp;
    if (p->ads.open || p->sel >= p->pins.count)
        return;
    if (p->pins.items[p->sel].kind != BENTO_PIN_REPORT)
        tui_flash(ui, false, "A segment has its counts only; Enter draws a report.");
    else if (!p->vals[p->sel].has_rep)
        tui_flash(ui, false, "This report has not been read yet (r asks again).");
    else
        p->chart = (long)p->sel;
}

static bool rp_back(struct tui *ui)
{
    if (ui->rp->ads.open) {
        ui->rp->ads.open = false;
        return true;
    }
    if (ui->rp->chart < 0)
        return false;
    ui->rp->chart = -1;
    return true;
}

void tui_cmd_reports_table(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    tui_show_pane(ui, TP_REPORTS);
    if (ui->rp->chart < 0) {
        tui_flash(ui, false, "t shows a report's table: Enter on a pinned report draws it first.");
        return;
    }
    ui->rp->table = !ui->rp->table;
}

static void rp_draw(struct tui *ui, int y0, int rows)
{
    struct reports_pane *p = ui->rp;
    char head[96];
    if (p->ads.open) {
        tui_reports_ads_draw(ui, y0, rows);
        return;
    }
    if (p->chart >= 0 && (size_t)p->chart < p->pins.count) {
        draw_chart(ui, y0, rows);
        return;
    }
    if (!p->have) {
        const char *why = p->loading  ? "Loading the site's counts..."
                          : p->failed ? "The site's counts could not be read (r asks again)."
                                      : "No counts yet (r asks for them).";
        tui_draw_str(y0 + 1, 2, COLS - 4, why, 0);
        tui_reports_draw_budget(ui, y0 + 3);
        draw_pins(ui, y0 + 5, rows - 5);
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
    tui_reports_draw_budget(ui, y0 + 6);
    tui_draw_str(y0 + 7, 2, COLS - 4, "Answers are kept for the session: r asks Bento again.", 0);
    draw_pins(ui, y0 + 9, rows - 9);
}

/* ---- commands and ops ---------------------------------------------------- */

void tui_cmd_reports_reload(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    tui_show_pane(ui, TP_REPORTS);
    if (ui->rp->ads.open) {
        tui_reports_ads_reload(ui);
        return;
    }
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
    if (!ui->rp->opened) {
        rp_load_pins(ui);
        rp_ask(ui);
    }
}

static bool rp_move(struct tui *ui, int key)
{
    struct reports_pane *p = ui->rp;
    if (p->ads.open)
        return tui_reports_ads_move(ui, key);
    return list_move_key(&p->sel, &p->top, p->pins.count, tui_list_rows(), key);
}

static int rp_init(struct tui *ui)
{
    ui->rp = calloc(1, sizeof *ui->rp);
    if (ui->rp)
        ui->rp->chart = -1;
    return ui->rp ? 0 : -1;
}

static void rp_pane_free(struct tui *ui)
{
    for (size_t i = 0; ui->rp && ui->rp->vals && i < ui->rp->pins.count; i++)
        if (ui->rp->vals[i].has_rep)
            bento_report_free(&ui->rp->vals[i].rep);
    if (ui->rp) {
        tui_reports_ads_free(ui);
        bento_pins_free(&ui->rp->pins);
        free(ui->rp->vals);
    }
    free(ui->rp);
    ui->rp = NULL;
}

/* A chart takes fewer keys than the list of pins under it. */
static const struct tui_hint *rp_hints(struct tui *ui)
{
    static const struct tui_hint chart[] = {
        {"t", "table"}, {"r", "reload"}, {"Esc", "back"}, {"?", "help"}, {NULL, NULL},
    };
    if (ui->rp->ads.open)
        return tui_reports_ads_hints();
    return ui->rp->chart >= 0 ? chart : NULL;
}

const struct tui_pane_ops tui_reports_pane = {
    .init = rp_init,
    .open = rp_open,
    .draw = rp_draw,
    .move_key = rp_move,
    .back = rp_back,
    .open_selected = rp_open_selected,
    .hints = rp_hints,
    .free = rp_pane_free,
};
