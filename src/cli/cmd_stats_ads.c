/* stats ads [--dimension D] [--value V] [--from DATE] [--to DATE]
 *           [--revenue-mode MODE] [--csv]
 * Totals (signups, customers, revenue per currency), then the breakdown
 * as a table with a bar of signups per row. Dates are Bento's free text
 * ("2026-01-01", "last week"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/stats.h"
#include "bento/validate.h"
#include "app/ads_table.h"
#include "app/app.h"
#include "app/chart.h"
#include "cli/commands.h"
#include "cli/csv_export.h"
#include "cli/output.h"
#include "cli/stats_cli.h"

enum { AO_DIMENSION = 700, AO_VALUE, AO_FROM, AO_TO, AO_MODE, AO_CSV };
static const struct option ads_options[] = {
    {"dimension", required_argument, NULL, AO_DIMENSION},
    {"value", required_argument, NULL, AO_VALUE},
    {"from", required_argument, NULL, AO_FROM},
    {"to", required_argument, NULL, AO_TO},
    {"revenue-mode", required_argument, NULL, AO_MODE},
    {"csv", no_argument, NULL, AO_CSV},
    {NULL, 0, NULL, 0},
};

static const char ads_usage[] =
    "Usage: bento-console stats ads [--dimension source|campaign|medium|content|ad] [--value V] "
    "[--from DATE] [--to DATE] [--revenue-mode all_revenue|first_revenue|subscriptions] [--csv]";

#define VAL(a, opt) ((a)->value[(opt)-700])

struct ads_values {
    char dimension[BENTO_VALUE_MAX], value[BENTO_VALUE_MAX], from[BENTO_VALUE_MAX],
        to[BENTO_VALUE_MAX], mode[BENTO_VALUE_MAX];
};

static int one_of(const char *what, const char *v, const char *const *list, size_t n,
                  struct bento_error *err)
{
    if (app_ads_one_of(list, n, v))
        return 0;
    char names[128] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? "," : "",
                 list[i]);
    bento_error_set(err, BENTO_E_VALIDATION, "%s \"%.40s\" is not one of %s", what, v, names);
    return -1;
}

/* Each given value checked; "" for those not given. */
static int check(const struct stats_args *a, struct ads_values *v, struct bento_error *err)
{
    memset(v, 0, sizeof *v);
    const struct {
        int opt;
        const char *what;
        char *out;
    } fields[] = {
        {AO_DIMENSION, "--dimension", v->dimension},
        {AO_VALUE, "--value", v->value},
        {AO_FROM, "--from", v->from},
        {AO_TO, "--to", v->to},
        {AO_MODE, "--revenue-mode", v->mode},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *in = VAL(a, fields[i].opt);
        if (in && bento_validate_text(fields[i].what, in, fields[i].out, BENTO_VALUE_MAX, err) < 0)
            return -1;
    }
    if (v->dimension[0] &&
        one_of("--dimension", v->dimension, app_ads_dimensions, APP_ADS_DIMENSIONS, err) < 0)
        return -1;
    if (v->mode[0] && one_of("--revenue-mode", v->mode, app_ads_modes, APP_ADS_MODES, err) < 0)
        return -1;
    return 0;
}

static void print_totals(FILE *out, const struct bento_ads_stats *s)
{
    const struct bento_ads_figures *t = &s->totals;
    char n[64], line[512];
    fputs("Ads attribution by ", out);
    out_cell(out,
             s->dimension_label ? s->dimension_label
             : s->dimension     ? s->dimension
                                : "source",
             0);
    if (s->attribution_label) {
        fputs(" (", out);
        out_cell(out, s->attribution_label, 0);
        if (s->window_days > 0)
            fprintf(out, ", %ld-day window", s->window_days);
        fputc(')', out);
    }
    if (s->revenue_mode_label || s->revenue_mode) {
        fputs("; ", out);
        out_cell(out, s->revenue_mode_label ? s->revenue_mode_label : s->revenue_mode, 0);
    }
    fputc('\n', out);
    chart_number((double)t->signups, n, sizeof n);
    fprintf(out, "%-12s %s\n", "Signups", t->signups >= 0 ? n : "-");
    chart_number((double)t->customers, n, sizeof n);
    fprintf(out, "%-12s %s", "Customers", t->customers >= 0 ? n : "-");
    if (t->customer_rate >= 0)
        fprintf(out, " (%.1f%%)", t->customer_rate);
    fputc('\n', out);
    fprintf(out, "%-12s", "Revenue");
    for (size_t i = 0; i < t->currency_count; i++) {
        app_ads_money(line, sizeof line, t->by_currency[i].currency, t->by_currency[i].cents);
        fputc(' ', out);
        out_cell(out, line, 0);
    }
    if (!t->currency_count && t->revenue_cents >= 0) {
        app_ads_money(line, sizeof line, t->revenue_currency, t->revenue_cents);
        fputc(' ', out);
        out_cell(out, line, 0);
    }
    fputs(t->currency_count || t->revenue_cents >= 0 ? "\n" : " -\n", out);
    if (t->top_source) {
        fprintf(out, "%-12s ", "Top source");
        out_cell(out, t->top_source, 0);
        fputc('\n', out);
    }
    if (s->revenue_truncated)
        fputs("Bento cut the revenue figures short: narrow the period for exact totals.\n", out);
}

#define LABEL_W 20
#define COUNT_W 9
#define MONEY_W 16

static void print_breakdown(struct app *app, const struct bento_ads_stats *s)
{
    FILE *out = app->out;
    long max = app_ads_max_signups(s);
    int bar_w = stats_columns() - LABEL_W - 2 * COUNT_W - MONEY_W - 9;
    bar_w = bar_w < 8 ? 8 : bar_w > 60 ? 60 : bar_w;
    fputc('\n', out);
    if (s->row_count == 0) {
        fputs("No signups in this period.\n", out);
        return;
    }
    out_cell(out, s->dimension_label ? s->dimension_label : "Key", LABEL_W);
    fprintf(out, "  %*s  %*s  %*s  %s\n", COUNT_W, "Signups", COUNT_W, "Customers", MONEY_W,
            "Revenue", "Signups");
    bool ascii = stats_ascii(app);
    for (size_t i = 0; i < s->row_count; i++) {
        const struct bento_ads_figures *f = &s->rows[i];
        char sign[64] = "-", cust[64] = "-", rev[96] = "-", bar[512];
        if (f->signups >= 0)
            chart_number((double)f->signups, sign, sizeof sign);
        if (f->customers >= 0)
            chart_number((double)f->customers, cust, sizeof cust);
        if (f->revenue_cents >= 0)
            app_ads_money(rev, sizeof rev, f->revenue_currency, f->revenue_cents);
        chart_bar((double)(f->signups > 0 ? f->signups : 0), (double)max, bar_w, ascii, bar,
                  sizeof bar);
        size_t n = strlen(bar);
        while (n > 0 && bar[n - 1] == ' ')
            bar[--n] = '\0';
        out_cell(out, app_ads_row_label(f), LABEL_W);
        fprintf(out, "  %*s  %*s  ", COUNT_W, sign, COUNT_W, cust);
        fprintf(out, "%*s", MONEY_W - out_text_width(rev) > 0 ? MONEY_W - out_text_width(rev) : 0,
                "");
        out_cell(out, rev, 0);
        fprintf(out, "  %s\n", bar);
    }
}

static void print_csv(struct app *app, const struct bento_ads_stats *s)
{
    csv_export_row(app,
                   (const char *const[]){"key", "label", "signups", "customers", "customer_rate",
                                         "revenue_cents", "revenue_currency"},
                   7);
    for (size_t i = 0; i < s->row_count; i++) {
        const struct bento_ads_figures *f = &s->rows[i];
        char sign[32] = "", cust[32] = "", rate[32] = "", rev[32] = "";
        if (f->signups >= 0)
            snprintf(sign, sizeof sign, "%ld", f->signups);
        if (f->customers >= 0)
            snprintf(cust, sizeof cust, "%ld", f->customers);
        if (f->customer_rate >= 0)
            snprintf(rate, sizeof rate, "%.1f", f->customer_rate);
        if (f->revenue_cents >= 0)
            snprintf(rev, sizeof rev, "%ld", f->revenue_cents);
        csv_export_row(
            app,
            (const char *const[]){f->key, f->label, sign, cust, rate, rev, f->revenue_currency}, 7);
    }
}

static cJSON *query_meta(const struct ads_values *v)
{
    cJSON *meta = cJSON_CreateObject();
    out_json_add_str(meta, "dimension", v->dimension[0] ? v->dimension : NULL);
    out_json_add_str(meta, "value", v->value[0] ? v->value : NULL);
    out_json_add_str(meta, "start_date", v->from[0] ? v->from : NULL);
    out_json_add_str(meta, "end_date", v->to[0] ? v->to : NULL);
    out_json_add_str(meta, "revenue_mode", v->mode[0] ? v->mode : NULL);
    return meta;
}

int cli_stats_ads(struct app *app, int argc, char **argv)
{
    struct stats_args a;
    int rc = stats_args_parse(app, argc, argv, ads_options, false, ads_usage, &a);
    if (rc >= 0)
        return rc;
    struct ads_values v;
    struct bento_error err;
    if (check(&a, &v, &err) < 0)
        return out_fail(app, &err);
    struct bento_ads_query q = {v.dimension, v.value, v.from, v.to, v.mode};
    struct bento_result *r;
    if ((rc = stats_call(app, bento_request_stats_ads(&q), NULL, NULL, &r)))
        return rc;
    struct bento_ads_stats s;
    if (bento_stats_decode_ads(r->json, &s, &err) < 0) {
        bento_result_free(r);
        return out_fail(app, &err);
    }
    if (app->json) {
        out_json_success(app, cJSON_Duplicate(r->json, 1), query_meta(&v));
    } else if (VAL(&a, AO_CSV)) {
        print_csv(app, &s);
    } else {
        print_totals(app->out, &s);
        print_breakdown(app, &s);
    }
    bento_ads_stats_free(&s);
    bento_result_free(r);
    return 0;
}
