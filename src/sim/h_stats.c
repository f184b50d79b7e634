/* /stats/segment, /stats/report, /stats/ads (bento-api.md 3.9 #24-#26)
 * and /fetch/responses (3.8 #21). The reference names no answer for an
 * unknown segment or report: the sim answers 404 {"error"}, as for other
 * records; an unknown form has no responses, {"data": []}. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim_stats.h"

#define DAY_MS (24 * 3600000LL)

static bool seeded(const struct sim_req *r)
{
    return !r->sim->opt.seed || strcmp(r->sim->opt.seed, "empty") != 0;
}

static bool hostile(const struct sim_req *r)
{
    return r->sim->opt.seed && strcmp(r->sim->opt.seed, "hostile") == 0;
}

/* The id parameter, or NULL with the 400 already in out. */
static const char *required(struct sim_req *r, struct sim_reply *out, const char *name)
{
    const char *v = sim_param(r, name);
    if (!v || !*v) {
        reply_param_missing(out, name);
        return NULL;
    }
    return v;
}

void h_stats_segment(struct sim_req *r, struct sim_reply *out)
{
    const char *id = required(r, out, "segment_id");
    const struct sim_segment *s = id && seeded(r) ? sim_stats_segment(id) : NULL;
    if (!id)
        return;
    if (!s) {
        reply_error(out, 404, "Segment not found");
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "user_count", (double)s->users);
    cJSON_AddNumberToObject(j, "subscriber_count", (double)s->subscribers);
    cJSON_AddNumberToObject(j, "unsubscriber_count", (double)s->unsubscribers);
    reply_json(out, 200, j);
}

static cJSON *points(const struct sim_report *rep)
{
    static const int64_t start = 1767571200000LL; /* 2026-01-05 */
    const struct sim_report *shape = rep;
    static const struct sim_report fallback = {"", "", "", SC_COLUMN, 0,    {"All"},
                                               1,  12, 30, 100,       false};
    if (shape->ngroups == 0)
        shape = &fallback; /* a counter answering points (the swap fault) */
    cJSON *data = cJSON_CreateArray();
    for (int g = 0; g < shape->ngroups; g++) {
        for (int i = 0; i < shape->points; i++) {
            char day[32];
            sim_iso(start + (int64_t)i * shape->step_days * DAY_MS, day);
            day[10] = '\0';
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "g", shape->groups[g]);
            /* A hostile report's x labels run through the catalogue. */
            bool evil = rep->hostile && i % 2 == 1;
            cJSON_AddStringToObject(p, "x",
                                    evil ? sim_hostile_texts[i / 2 % SIM_HOSTILE_COUNT] : day);
            cJSON_AddNumberToObject(p, "y", (double)sim_stats_point(shape, g, i));
            cJSON_AddItemToArray(data, p);
        }
    }
    return data;
}

/* The Node SDK's shape: data, chart_style, report_type, report_name.
 * The swap fault answers a number for a chart and points for a counter. */
void h_stats_report(struct sim_req *r, struct sim_reply *out)
{
    static const char *const styles[] = {"counter", "column_chart", "area_chart", "line_chart"};
    const char *id = required(r, out, "report_id");
    const struct sim_report *rep = id && seeded(r) ? sim_stats_report(id, hostile(r)) : NULL;
    if (!id)
        return;
    if (!rep) {
        reply_error(out, 404, "Report not found");
        return;
    }
    bool counter = (rep->style == SC_COUNTER) != r->swap;
    cJSON *j = cJSON_CreateObject();
    if (counter)
        cJSON_AddNumberToObject(j, "data", (double)(rep->counter ? rep->counter : 7316));
    else
        cJSON_AddItemToObject(j, "data", points(rep));
    cJSON_AddStringToObject(j, "chart_style", styles[rep->style]);
    cJSON_AddStringToObject(j, "report_type", rep->type);
    cJSON_AddStringToObject(j, "report_name", rep->name);
    reply_json(out, 200, j);
}

static bool one_of(const char *v, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

/* first_revenue and subscriptions count part of all revenue. */
static long mode_share(const char *mode, long cents)
{
    if (strcmp(mode, "first_revenue") == 0)
        return cents * 6 / 10;
    if (strcmp(mode, "subscriptions") == 0)
        return cents * 4 / 10;
    return cents;
}

struct ads_sum {
    long signups, customers, usd, eur;
};

static cJSON *by_currency(long usd, long eur)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "USD", (double)usd);
    if (eur)
        cJSON_AddNumberToObject(o, "EUR", (double)eur);
    return o;
}

static double rate(long part, long whole)
{
    return whole ? (double)(part * 1000 / whole) / 10.0 : 0;
}

static cJSON *ads_row(const struct sim_ads_row *a, const char *mode, struct ads_sum *sum)
{
    long usd = mode_share(mode, a->usd_cents), eur = mode_share(mode, a->eur_cents);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "key", a->key);
    cJSON_AddStringToObject(o, "label", a->label);
    cJSON_AddNumberToObject(o, "signups", (double)a->signups);
    cJSON_AddNumberToObject(o, "customers", (double)a->customers);
    cJSON_AddNumberToObject(o, "customerRate", rate(a->customers, a->signups));
    cJSON_AddNumberToObject(o, "revenueCents", (double)usd);
    cJSON_AddStringToObject(o, "revenueCurrency", "USD");
    cJSON_AddItemToObject(o, "revenueByCurrency", by_currency(usd, eur));
    cJSON_AddNumberToObject(o, "revenuePerSignupCents",
                            a->signups ? (double)(usd / a->signups) : 0);
    sum->signups += a->signups;
    sum->customers += a->customers;
    sum->usd += usd;
    sum->eur += eur;
    return o;
}

static cJSON *ads_totals(const struct ads_sum *s, const char *top)
{
    cJSON *t = cJSON_CreateObject();
    cJSON_AddNumberToObject(t, "signups", (double)s->signups);
    cJSON_AddNumberToObject(t, "customers", (double)s->customers);
    cJSON_AddNumberToObject(t, "revenueCents", (double)s->usd);
    cJSON_AddStringToObject(t, "revenueCurrency", "USD");
    cJSON_AddItemToObject(t, "revenueByCurrency", by_currency(s->usd, s->eur));
    cJSON_AddNumberToObject(t, "revenueVisitorCount", (double)(s->signups * 7));
    cJSON_AddNumberToObject(t, "customerRate", rate(s->customers, s->signups));
    if (top)
        cJSON_AddStringToObject(t, "topSource", top);
    else
        cJSON_AddNullToObject(t, "topSource");
    return t;
}

/* Fourteen days of the totals, ending today. */
static cJSON *ads_chart(const struct ads_sum *s)
{
    cJSON *list = cJSON_CreateArray();
    int64_t today = sim_now_ms() / DAY_MS * DAY_MS;
    for (int i = 0; i < 14; i++) {
        char day[32];
        sim_iso(today - (int64_t)(13 - i) * DAY_MS, day);
        day[10] = '\0';
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "x", day);
        cJSON_AddNumberToObject(p, "signups", (double)(s->signups * (i + 4) / 119));
        cJSON_AddNumberToObject(p, "customers", (double)(s->customers * (i + 4) / 119));
        cJSON_AddNumberToObject(p, "revenue", (double)(s->usd * (i + 4) / 119));
        cJSON_AddItemToArray(list, p);
    }
    return list;
}

static cJSON *ads_header(cJSON *j, const char *dimension, const char *mode)
{
    static const char *const mode_labels[][2] = {
        {"all_revenue", "All revenue"},
        {"first_revenue", "First revenue"},
        {"subscriptions", "Subscriptions"},
    };
    char label[32];
    snprintf(label, sizeof label, "%c%s", dimension[0] - 'a' + 'A', dimension + 1);
    cJSON_AddStringToObject(j, "dimension", dimension);
    cJSON_AddStringToObject(j, "dimensionLabel", label);
    cJSON *a = cJSON_AddObjectToObject(j, "attribution");
    cJSON_AddStringToObject(a, "mode", "first_touch");
    cJSON_AddStringToObject(a, "modeLabel", "First touch");
    cJSON_AddNumberToObject(a, "windowDays", 30);
    cJSON_AddStringToObject(a, "settingsPath", "/account/settings/attribution");
    cJSON_AddBoolToObject(a, "appliesToAdRevenue", true);
    cJSON *m = cJSON_AddObjectToObject(j, "revenueMode");
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(mode, mode_labels[i][0]) != 0)
            continue;
        cJSON_AddStringToObject(m, "mode", mode);
        cJSON_AddStringToObject(m, "label", mode_labels[i][1]);
        cJSON_AddStringToObject(m, "description", "Revenue attributed to the first touch");
    }
    return j;
}

static bool ads_params(struct sim_req *r, struct sim_reply *out, const char **dim,
                       const char **mode)
{
    static const char *const dims[] = {"source", "campaign", "medium", "content", "ad"};
    static const char *const modes[] = {"all_revenue", "first_revenue", "subscriptions"};
    *dim = sim_param(r, "dimension");
    *mode = sim_param(r, "revenue_mode");
    if (!*dim || !**dim)
        *dim = "source";
    if (!*mode || !**mode)
        *mode = "all_revenue";
    if (!one_of(*dim, dims, 5)) {
        reply_field_error(out, 422, "dimension",
                          "must be one of source, campaign, medium, content, ad");
        return false;
    }
    if (!one_of(*mode, modes, 3)) {
        reply_field_error(out, 422, "revenue_mode",
                          "must be one of all_revenue, first_revenue, subscriptions");
        return false;
    }
    return true;
}

/* The reference's camelCase answer. value keeps the rows whose key or
 * label it names; start_date and end_date are free text ("last week")
 * and, with constant data, change nothing. */
void h_stats_ads(struct sim_req *r, struct sim_reply *out)
{
    const char *dim, *mode, *value = sim_param(r, "value");
    if (!ads_params(r, out, &dim, &mode))
        return;
    size_t n = 0;
    const struct sim_ads_row *rows = seeded(r) ? sim_stats_ads(dim, &n) : NULL;
    cJSON *j = ads_header(cJSON_CreateObject(), dim, mode);
    cJSON *breakdown = cJSON_CreateArray();
    struct ads_sum sum = {0};
    const char *top = NULL;
    long best = -1;
    size_t nh = 0;
    const struct sim_ads_row *extra = hostile(r) ? sim_stats_ads_hostile(dim, &nh) : NULL;
    for (size_t i = 0; i < n + nh; i++) {
        const struct sim_ads_row *a = i < n ? &rows[i] : &extra[i - n];
        if ((a->hostile && !hostile(r)) ||
            (value && *value && strcasecmp(value, a->key) && strcasecmp(value, a->label)))
            continue;
        cJSON_AddItemToArray(breakdown, ads_row(a, mode, &sum));
        if (a->signups > best) {
            best = a->signups;
            top = a->label;
        }
    }
    cJSON_AddItemToObject(j, "totals", ads_totals(&sum, top));
    cJSON_AddItemToObject(j, "chartData", ads_chart(&sum));
    cJSON_AddItemToObject(j, "breakdown", breakdown);
    cJSON_AddBoolToObject(j, "revenueTruncated", false);
    reply_json(out, 200, j);
}

static cJSON *response_json(const struct sim_form_response *f)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", f->id);
    cJSON_AddStringToObject(o, "type", "form_responses");
    cJSON *a = cJSON_AddObjectToObject(o, "attributes");
    char uuid[40];
    snprintf(uuid, sizeof uuid, "f0%s0000000000000000000000000", f->id);
    cJSON_AddStringToObject(a, "uuid", uuid);
    cJSON *d = cJSON_AddObjectToObject(a, "data");
    cJSON_AddStringToObject(d, "browser", "Firefox");
    cJSON_AddStringToObject(d, "date", f->date);
    cJSON *fields = cJSON_AddObjectToObject(d, "fields");
    cJSON_AddStringToObject(fields, "name", f->name);
    if (f->message)
        cJSON_AddStringToObject(fields, "message", f->message);
    cJSON_AddItemToObject(d, "details", cJSON_Duplicate(fields, 1));
    cJSON_AddStringToObject(d, "id", f->form);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(d, "identity"), "email", f->email);
    cJSON_AddStringToObject(d, "ip", f->ip);
    cJSON *loc = cJSON_AddObjectToObject(d, "location");
    cJSON_AddStringToObject(loc, "city", f->city);
    cJSON_AddStringToObject(loc, "country", f->country);
    cJSON *page = cJSON_AddObjectToObject(d, "page");
    char url[160];
    snprintf(url, sizeof url, "https://demo.example.com%s", f->path);
    cJSON_AddStringToObject(page, "host", "demo.example.com");
    cJSON_AddStringToObject(page, "path", f->path);
    cJSON_AddStringToObject(page, "protocol", "https:");
    cJSON_AddStringToObject(page, "referrer", "");
    cJSON_AddStringToObject(page, "url", url);
    cJSON_AddStringToObject(d, "site", BENTO_SIM_DEMO_SITE);
    cJSON_AddStringToObject(d, "type", "form");
    cJSON_AddStringToObject(d, "visit", uuid);
    cJSON_AddStringToObject(d, "visitor", uuid);
    return o;
}

void h_form_responses(struct sim_req *r, struct sim_reply *out)
{
    const char *id = required(r, out, "id");
    if (!id)
        return;
    size_t n = 0;
    const struct sim_form_response *all = seeded(r) ? sim_stats_responses(&n) : NULL;
    size_t nh = 0;
    const struct sim_form_response *extra = hostile(r) ? sim_stats_responses_hostile(&nh) : NULL;
    cJSON *data = cJSON_CreateArray();
    for (size_t i = 0; i < n + nh; i++) {
        const struct sim_form_response *f = i < n ? &all[i] : &extra[i - n];
        if (strcmp(f->form, id) == 0)
            cJSON_AddItemToArray(data, response_json(f));
    }
    reply_json(out, 200, json_data(data));
}
