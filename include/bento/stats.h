/* Statistics beyond the site's counts: a segment's counts, a report
 * (counter or chart), ads attribution and form responses (bento-api.md
 * 3.8 #21, 3.9 #24-#26). Requests to hand to the client (client.h) and
 * lenient decoders for their answers: every key optional, ids as string
 * or number, a report's "data" a number or a list whatever its chart
 * style says (both are kept; the caller decides). Stats calls share the
 * stats budget (60 an hour at Bento). Strings are owned and stored as
 * the server sent them; sanitise before drawing. */
#ifndef BENTO_STATS_H
#define BENTO_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "bento/error.h"
#include "bento/model.h"

struct bento_request;

enum bento_chart_style {
    BENTO_CHART_UNKNOWN = 0, /* absent, or a style no source names */
    BENTO_CHART_COUNTER,
    BENTO_CHART_COLUMN,
    BENTO_CHART_AREA,
    BENTO_CHART_LINE
};

/* One {g, x, y} point; group NULL when the point names none. */
struct bento_report_point {
    char *group;
    char *x;
    double y;
};

struct bento_report {
    char *name, *type;
    char *style_text; /* chart_style as sent, NULL when absent */
    enum bento_chart_style style;
    bool has_number; /* data was a number (or a numeric string) */
    double number;
    bool has_points; /* data was a list (possibly empty) */
    struct bento_report_point *points;
    size_t point_count;
};

/* A revenue in one currency, in cents. */
struct bento_money {
    char *currency;
    long cents;
};

/* Counts are -1 and rates negative when absent. */
struct bento_ads_figures {
    char *key, *label; /* breakdown rows only */
    long signups, customers;
    double customer_rate;
    long revenue_cents;
    char *revenue_currency;
    struct bento_money *by_currency;
    size_t currency_count;
    long revenue_per_signup_cents; /* rows */
    long visitor_count;            /* totals: revenueVisitorCount */
    char *top_source;              /* totals */
};

struct bento_ads_stats {
    char *dimension, *dimension_label;
    char *attribution_label; /* attribution.modeLabel (or mode) */
    long window_days;
    char *revenue_mode, *revenue_mode_label;
    struct bento_ads_figures totals;
    struct bento_ads_figures *rows; /* breakdown[] */
    size_t row_count;
    size_t chart_points; /* chartData[] entries */
    bool revenue_truncated;
};

/* One field of a form response, its value as text (objects as JSON). */
struct bento_form_field {
    char *name, *value;
};

struct bento_form_response {
    char *id, *uuid, *email, *date, *url, *ip, *city, *country;
    struct bento_form_field *fields;
    size_t field_count;
};

struct bento_form_responses {
    struct bento_form_response *items;
    size_t count;
};

/* Filters of GET /stats/ads; NULL or "" leaves one out. */
struct bento_ads_query {
    const char *dimension; /* source|campaign|medium|content|ad */
    const char *value;
    const char *start_date, *end_date; /* free text: "2026-01-01", "last week" */
    const char *revenue_mode;          /* all_revenue|first_revenue|subscriptions */
};

/* ---- requests (NULL when out of memory or an id is missing) -------- */
/* The answer is JSON in bento_result.json, for the decoders below. */
struct bento_request *bento_request_stats_segment(const char *segment_id);
struct bento_request *bento_request_stats_report(const char *report_id);
struct bento_request *bento_request_stats_ads(const struct bento_ads_query *q);
struct bento_request *bento_request_form_responses(const char *form_id);

/* ---- decoders (0, or -1 with err set and *out left empty) ----------- */
/* From a parsed answer (bento_result.json) or from its text. The
 * segment's counts have the site's shape (decode.h's site stats). */
int bento_stats_decode_segment(const cJSON *root, struct bento_site_stats *out,
                               struct bento_error *err);
/* {data, chart_style, report_type, report_name}, also wrapped as
 * {"report_data": {...}} or {"data": {...}}; points as {g, x, y} or
 * Chartkick series ({name, data: {x: y}} or [[x, y], ...]). */
int bento_stats_decode_report(const cJSON *root, struct bento_report *out, struct bento_error *err);
int bento_stats_decode_ads(const cJSON *root, struct bento_ads_stats *out, struct bento_error *err);
int bento_stats_decode_responses(const cJSON *root, struct bento_form_responses *out,
                                 struct bento_error *err);
/* The same from a body's text. */
int bento_stats_decode_report_text(const char *body, size_t len, struct bento_report *out,
                                   struct bento_error *err);
int bento_stats_decode_ads_text(const char *body, size_t len, struct bento_ads_stats *out,
                                struct bento_error *err);
int bento_stats_decode_responses_text(const char *body, size_t len,
                                      struct bento_form_responses *out, struct bento_error *err);

/* "counter", "column_chart", ... (NULL for UNKNOWN). */
const char *bento_chart_style_name(enum bento_chart_style s);

void bento_report_free(struct bento_report *r);
void bento_ads_stats_free(struct bento_ads_stats *a);
void bento_form_responses_free(struct bento_form_responses *f);

#endif
