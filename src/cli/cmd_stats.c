/* stats segment ID
 * stats report ID [--chart] [--csv]
 * A report prints as a table of its points (one column per group), as
 * a chart sized to the terminal with --chart, or its one number. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/stats.h"
#include "bento/validate.h"
#include "app/app.h"
#include "app/chart.h"
#include "cli/commands.h"
#include "cli/csv_export.h"
#include "cli/output.h"
#include "cli/stats_cli.h"

#define CHART_HEIGHT 20

static void add_count(cJSON *o, const char *key, long v)
{
    if (v >= 0)
        cJSON_AddNumberToObject(o, key, (double)v);
    else
        cJSON_AddNullToObject(o, key);
}

static void print_count(FILE *out, const char *label, long v)
{
    char n[64];
    chart_number((double)v, n, sizeof n);
    fprintf(out, "%-14s %s\n", label, v >= 0 ? n : "-");
}

static const struct option segment_options[] = {{NULL, 0, NULL, 0}};

int cli_stats_segment(struct app *app, int argc, char **argv)
{
    struct stats_args a;
    int rc = stats_args_parse(app, argc, argv, segment_options, true,
                              "Usage: bento-console stats segment ID", &a);
    if (rc >= 0)
        return rc;
    char id[BENTO_VALUE_MAX], what[BENTO_VALUE_MAX + 16];
    struct bento_error err;
    if (bento_validate_text("Segment id", a.id, id, sizeof id, &err) < 0)
        return out_fail(app, &err);
    snprintf(what, sizeof what, "Segment %.100s", id);
    struct bento_result *r;
    if ((rc = stats_call(app, bento_request_stats_segment(id), what,
                         "take the id from the segment's page in Bento", &r)))
        return rc;
    struct bento_site_stats s;
    if (bento_stats_decode_segment(r->json, &s, &err) < 0) {
        bento_result_free(r);
        return out_fail(app, &err);
    }
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        add_count(data, "user_count", s.user_count);
        add_count(data, "subscriber_count", s.subscriber_count);
        add_count(data, "unsubscriber_count", s.unsubscriber_count);
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddStringToObject(meta, "segment_id", id);
        out_json_success(app, data, meta);
    } else {
        fputs("Segment ", app->out);
        out_cell(app->out, id, 0);
        fputc('\n', app->out);
        print_count(app->out, "People:", s.user_count);
        print_count(app->out, "Subscribed:", s.subscriber_count);
        print_count(app->out, "Unsubscribed:", s.unsubscriber_count);
    }
    bento_result_free(r);
    return 0;
}

/* The points as a table: x values sorted, one column per group in the
 * order the groups first appear. */
struct table {
    const char **groups, **xs; /* borrowed */
    size_t ng, nx;
    double *v; /* ng * nx; NAN: no point */
};

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static size_t find(const char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return n;
}

static int table_build(const struct bento_report *r, struct table *t)
{
    size_t n = r->point_count;
    memset(t, 0, sizeof *t);
    t->groups = calloc(n + 1, sizeof *t->groups);
    t->xs = calloc(n + 1, sizeof *t->xs);
    if (!t->groups || !t->xs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *g = or_empty(r->points[i].group), *x = or_empty(r->points[i].x);
        if (find(t->groups, t->ng, g) == t->ng)
            t->groups[t->ng++] = g;
        if (find(t->xs, t->nx, x) == t->nx)
            t->xs[t->nx++] = x;
    }
    qsort(t->xs, t->nx, sizeof *t->xs, by_text);
    if (!(t->v = malloc((t->ng * t->nx + 1) * sizeof *t->v)))
        return -1;
    for (size_t i = 0; i < t->ng * t->nx; i++)
        t->v[i] = NAN;
    for (size_t i = 0; i < n; i++) {
        size_t g = find(t->groups, t->ng, or_empty(r->points[i].group));
        size_t x = find(t->xs, t->nx, or_empty(r->points[i].x));
        double *cell = &t->v[g * t->nx + x];
        *cell = isnan(*cell) ? r->points[i].y : *cell + r->points[i].y;
    }
    return 0;
}

static void table_free(struct table *t)
{
    free(t->groups);
    free(t->xs);
    free(t->v);
}

static int cell_width(const struct table *t, size_t g)
{
    int w = out_text_width(t->groups[g][0] ? t->groups[g] : "value");
    for (size_t x = 0; x < t->nx; x++) {
        char n[64];
        chart_number(t->v[g * t->nx + x], n, sizeof n);
        int nw = (int)strlen(n);
        w = nw > w ? nw : w;
    }
    return w > 24 ? 24 : w;
}

static void print_table(FILE *out, const struct table *t)
{
    int xw = 1;
    for (size_t x = 0; x < t->nx; x++) {
        int w = out_text_width(t->xs[x]);
        xw = w > xw ? w : xw;
    }
    xw = xw > 24 ? 24 : xw;
    out_cell(out, "x", xw);
    for (size_t g = 0; g < t->ng; g++) {
        int w = cell_width(t, g);
        const char *name = t->groups[g][0] ? t->groups[g] : "value";
        fprintf(out, "  %*s", w - out_text_width(name) > 0 ? w - out_text_width(name) : 0, "");
        out_cell(out, name, 0);
    }
    fputc('\n', out);
    for (size_t x = 0; x < t->nx; x++) {
        out_cell(out, t->xs[x], xw);
        for (size_t g = 0; g < t->ng; g++) {
            double v = t->v[g * t->nx + x];
            char n[64] = "-";
            if (!isnan(v))
                chart_number(v, n, sizeof n);
            fprintf(out, "  %*s", cell_width(t, g), n);
        }
        fputc('\n', out);
    }
}

static void print_csv(struct app *app, const struct bento_report *rep)
{
    char n[64];
    if (!rep->has_points) {
        csv_export_row(app, (const char *const[]){"value"}, 1);
        snprintf(n, sizeof n, "%.15g", rep->number);
        csv_export_row(app, (const char *const[]){rep->has_number ? n : NULL}, 1);
        return;
    }
    csv_export_row(app, (const char *const[]){"group", "x", "y"}, 3);
    for (size_t i = 0; i < rep->point_count; i++) {
        const struct bento_report_point *p = &rep->points[i];
        snprintf(n, sizeof n, "%.15g", p->y);
        csv_export_row(app, (const char *const[]){p->group, p->x, n}, 3);
    }
}

static cJSON *report_json(const char *id, const struct bento_report *rep)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", id);
    out_json_add_str(o, "name", rep->name);
    out_json_add_str(o, "type", rep->type);
    out_json_add_str(o, "chart_style", rep->style_text);
    if (rep->has_number) {
        cJSON_AddNumberToObject(o, "data", rep->number);
    } else if (rep->has_points) {
        cJSON *list = cJSON_AddArrayToObject(o, "data");
        for (size_t i = 0; i < rep->point_count; i++) {
            cJSON *p = cJSON_CreateObject();
            out_json_add_str(p, "g", rep->points[i].group);
            out_json_add_str(p, "x", rep->points[i].x);
            cJSON_AddNumberToObject(p, "y", rep->points[i].y);
            cJSON_AddItemToArray(list, p);
        }
    } else {
        cJSON_AddNullToObject(o, "data");
    }
    return o;
}

static int print_chart(struct app *app, const struct bento_report *rep)
{
    struct chart_opts o = {stats_columns(), CHART_HEIGHT, stats_ascii(app)};
    struct chart_lines l;
    if (chart_report(rep, &o, &l) < 0) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory drawing the chart");
        return out_fail(app, &err);
    }
    for (size_t i = 0; i < l.count; i++)
        fprintf(app->out, "%s\n", l.lines[i]);
    chart_lines_free(&l);
    return 0;
}

static void print_text(struct app *app, const char *id, const struct bento_report *rep,
                       const struct table *t)
{
    fputs("Report ", app->out);
    out_cell(app->out, id, 0);
    fputs(": ", app->out);
    out_cell(app->out, rep->name ? rep->name : "(no name)", 0);
    fputs(" (", app->out);
    out_cell(app->out, rep->style_text ? rep->style_text : "no chart style", 0);
    fputs(")\n", app->out);
    if (rep->has_points && rep->point_count) {
        print_table(app->out, t);
    } else if (rep->has_number) {
        char n[64];
        chart_number(rep->number, n, sizeof n);
        fprintf(app->out, "Value: %s\n", n);
    } else {
        fputs("No data yet.\n", app->out);
    }
}

enum { RO_CHART = 700, RO_CSV };
static const struct option report_options[] = {
    {"chart", no_argument, NULL, RO_CHART},
    {"csv", no_argument, NULL, RO_CSV},
    {NULL, 0, NULL, 0},
};

static int show_report(struct app *app, const char *id, const struct stats_args *a,
                       const struct bento_report *rep)
{
    struct table t;
    int rc = 0;
    if (table_build(rep, &t) < 0) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory reading the report");
        rc = out_fail(app, &err);
    } else if (app->json) {
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddStringToObject(meta, "report_id", id);
        out_json_success(app, report_json(id, rep), meta);
    } else if (a->value[RO_CSV - 700]) {
        print_csv(app, rep);
    } else if (a->value[RO_CHART - 700]) {
        rc = print_chart(app, rep);
    } else {
        print_text(app, id, rep, &t);
    }
    table_free(&t);
    return rc;
}

int cli_stats_report(struct app *app, int argc, char **argv)
{
    static const char usage[] = "Usage: bento-console stats report ID [--chart | --csv]";
    struct stats_args a;
    int rc = stats_args_parse(app, argc, argv, report_options, true, usage, &a);
    if (rc >= 0)
        return rc;
    if (a.value[0] && a.value[1])
        return out_usage(app, "Give --chart or --csv, not both");
    char id[BENTO_VALUE_MAX], what[BENTO_VALUE_MAX + 16];
    struct bento_error err;
    if (bento_validate_text("Report id", a.id, id, sizeof id, &err) < 0)
        return out_fail(app, &err);
    snprintf(what, sizeof what, "Report %.100s", id);
    struct bento_result *r;
    if ((rc = stats_call(app, bento_request_stats_report(id), what,
                         "take the id from the report's page in Bento", &r)))
        return rc;
    struct bento_report rep;
    if (bento_stats_decode_report(r->json, &rep, &err) < 0) {
        bento_result_free(r);
        return out_fail(app, &err);
    }
    rc = show_report(app, id, &a, &rep);
    bento_report_free(&rep);
    bento_result_free(r);
    return rc;
}
