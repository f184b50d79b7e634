/* Decoders for ads attribution and form responses (stats.h). The ads
 * answer is camelCase (bento-api.md 3.9 #26); snake_case spellings are
 * read too. Every key is optional. */
#include "bento/decode.h"
#include "bento/stats.h"
#include "decode_json.h"

#include <stdlib.h>
#include <string.h>

static int no_memory(struct bento_error *err)
{
    if (err)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading Bento's response");
    return -1;
}

static const cJSON *first_of(const cJSON *o, const char *const *keys)
{
    for (; *keys; keys++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, *keys);
        if (it && !cJSON_IsNull(it))
            return it;
    }
    return NULL;
}

#define FIRST(o, ...) first_of((o), (const char *const[]){__VA_ARGS__, NULL})
#define TEXT(o, ...) bento_json_strdup(FIRST((o), __VA_ARGS__))

static long count(const cJSON *it)
{
    long v;
    return bento_json_long(it, &v) ? v : -1;
}

static double rate(const cJSON *it)
{
    if (cJSON_IsNumber(it))
        return it->valuedouble;
    char *end;
    double v = cJSON_IsString(it) && *it->valuestring ? strtod(it->valuestring, &end) : -1;
    return cJSON_IsString(it) && *it->valuestring && !*end ? v : -1;
}

static bool read_money(const cJSON *by, struct bento_ads_figures *f)
{
    size_t n = cJSON_IsObject(by) ? (size_t)cJSON_GetArraySize(by) : 0;
    if (n == 0)
        return true;
    if (!(f->by_currency = calloc(n, sizeof *f->by_currency)))
        return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, by) {
        long cents;
        if (!it->string || !bento_json_long(it, &cents))
            continue;
        struct bento_money *m = &f->by_currency[f->currency_count];
        if (!(m->currency = strdup(it->string)))
            return false;
        m->cents = cents;
        f->currency_count++;
    }
    return true;
}

static bool read_figures(const cJSON *o, struct bento_ads_figures *f)
{
    f->key = TEXT(o, "key");
    f->label = TEXT(o, "label");
    f->signups = count(FIRST(o, "signups"));
    f->customers = count(FIRST(o, "customers"));
    f->customer_rate = rate(FIRST(o, "customerRate", "customer_rate"));
    f->revenue_cents = count(FIRST(o, "revenueCents", "revenue_cents"));
    f->revenue_currency = TEXT(o, "revenueCurrency", "revenue_currency");
    f->revenue_per_signup_cents = count(
        FIRST(o, "revenuePerSignupCents", "revenue_per_signup_cents"));
    f->visitor_count = count(FIRST(o, "revenueVisitorCount", "revenue_visitor_count"));
    f->top_source = TEXT(o, "topSource", "top_source");
    return read_money(FIRST(o, "revenueByCurrency", "revenue_by_currency"), f);
}

static void free_figures(struct bento_ads_figures *f)
{
    for (size_t i = 0; i < f->currency_count; i++)
        free(f->by_currency[i].currency);
    free(f->by_currency);
    free(f->key);
    free(f->label);
    free(f->revenue_currency);
    free(f->top_source);
}

static bool read_rows(const cJSON *list, struct bento_ads_stats *a)
{
    size_t n = cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 0;
    if (n == 0)
        return true;
    if (!(a->rows = calloc(n, sizeof *a->rows)))
        return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, list) {
        if (!cJSON_IsObject(it))
            continue;
        if (!read_figures(it, &a->rows[a->row_count++]))
            return false;
    }
    return true;
}

int bento_stats_decode_ads(const cJSON *root, struct bento_ads_stats *out, struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    out->window_days = -1;
    if (!cJSON_IsObject(root)) {
        if (err)
            bento_error_set(err, BENTO_E_BAD_RESPONSE,
                            "Bento's ads answer is not a JSON object: check the base URL");
        return -1;
    }
    const cJSON *d = FIRST(root, "data");
    const cJSON *o = cJSON_IsObject(d) && (FIRST(d, "totals") || FIRST(d, "breakdown")) ? d : root;
    const cJSON *att = FIRST(o, "attribution"), *mode = FIRST(o, "revenueMode", "revenue_mode");
    out->dimension = TEXT(o, "dimension");
    out->dimension_label = TEXT(o, "dimensionLabel", "dimension_label");
    out->attribution_label = TEXT(att, "modeLabel", "mode_label", "mode");
    out->window_days = count(FIRST(att, "windowDays", "window_days"));
    out->revenue_mode = cJSON_IsString(mode) ? bento_json_strdup(mode) : TEXT(mode, "mode");
    out->revenue_mode_label = TEXT(mode, "label");
    const cJSON *chart = FIRST(o, "chartData", "chart_data");
    out->chart_points = cJSON_IsArray(chart) ? (size_t)cJSON_GetArraySize(chart) : 0;
    out->revenue_truncated = cJSON_IsTrue(FIRST(o, "revenueTruncated", "revenue_truncated"));
    bool ok = read_figures(FIRST(o, "totals"), &out->totals) &&
              read_rows(FIRST(o, "breakdown"), out);
    if (!ok) {
        bento_ads_stats_free(out);
        return no_memory(err);
    }
    return 0;
}

void bento_ads_stats_free(struct bento_ads_stats *a)
{
    free(a->dimension);
    free(a->dimension_label);
    free(a->attribution_label);
    free(a->revenue_mode);
    free(a->revenue_mode_label);
    free_figures(&a->totals);
    for (size_t i = 0; i < a->row_count; i++)
        free_figures(&a->rows[i]);
    free(a->rows);
    memset(a, 0, sizeof *a);
}

/* ---- form responses ------------------------------------------------ */

static bool read_fields(const cJSON *fields, struct bento_form_response *f)
{
    size_t n = cJSON_IsObject(fields) ? (size_t)cJSON_GetArraySize(fields) : 0;
    if (n == 0)
        return true;
    if (!(f->fields = calloc(n, sizeof *f->fields)))
        return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, fields) {
        if (!it->string || cJSON_IsNull(it))
            continue;
        struct bento_form_field *x = &f->fields[f->field_count];
        bool nested = cJSON_IsObject(it) || cJSON_IsArray(it);
        x->name = strdup(it->string);
        x->value = nested ? cJSON_PrintUnformatted(it) : bento_json_strdup(it);
        f->field_count++;
        if (!x->name || !x->value)
            return false;
    }
    return true;
}

/* Keys under attributes.data (the Node SDK's type), else attributes,
 * else the record. */
static bool read_response(const cJSON *rec, struct bento_form_response *f)
{
    const cJSON *a = FIRST(rec, "attributes");
    const cJSON *d = FIRST(a, "data");
    if (!cJSON_IsObject(d))
        d = cJSON_IsObject(a) ? a : rec;
    const cJSON *page = FIRST(d, "page"), *loc = FIRST(d, "location");
    f->id = TEXT(rec, "id");
    f->uuid = TEXT(a, "uuid");
    f->email = TEXT(FIRST(d, "identity"), "email");
    if (!f->email)
        f->email = TEXT(d, "email");
    f->date = TEXT(d, "date", "created_at");
    f->url = TEXT(page, "url", "path");
    f->ip = TEXT(d, "ip");
    f->city = TEXT(loc, "city", "city_name");
    f->country = TEXT(loc, "country", "country_code2", "country_name");
    return read_fields(FIRST(d, "fields", "details"), f);
}

int bento_stats_decode_responses(const cJSON *root, struct bento_form_responses *out,
                                 struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    const cJSON **recs = NULL;
    size_t n = 0;
    if (!cJSON_IsObject(root) && !cJSON_IsArray(root)) {
        if (err)
            bento_error_set(err, BENTO_E_BAD_RESPONSE,
                            "Bento's form responses are not JSON: check the base URL");
        return -1;
    }
    cJSON *wrap = NULL;
    if (cJSON_IsArray(root)) { /* a bare list: read it as {"data": [...]} */
        wrap = cJSON_CreateObject();
        if (!wrap || !cJSON_AddItemReferenceToObject(wrap, "data", (cJSON *)root)) {
            cJSON_Delete(wrap);
            return no_memory(err);
        }
    }
    int rc = bento_json_records(wrap ? wrap : root, &recs, &n);
    if (rc == 0 && n && !(out->items = calloc(n, sizeof *out->items)))
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++, out->count++)
        if (!read_response(recs[i], &out->items[i]))
            rc = -1;
    free(recs);
    cJSON_Delete(wrap);
    if (rc < 0) {
        bento_form_responses_free(out);
        return no_memory(err);
    }
    return 0;
}

void bento_form_responses_free(struct bento_form_responses *f)
{
    for (size_t i = 0; i < f->count; i++) {
        struct bento_form_response *r = &f->items[i];
        for (size_t k = 0; k < r->field_count; k++) {
            free(r->fields[k].name);
            free(r->fields[k].value);
        }
        free(r->fields);
        free(r->id);
        free(r->uuid);
        free(r->email);
        free(r->date);
        free(r->url);
        free(r->ip);
        free(r->city);
        free(r->country);
    }
    free(f->items);
    memset(f, 0, sizeof *f);
}

static int from_text(const char *body, size_t len, void *out, struct bento_error *err,
                     int (*decode)(const cJSON *, void *, struct bento_error *))
{
    cJSON *root = cJSON_ParseWithLength(body, len);
    if (!root) {
        if (err)
            bento_error_set(err, BENTO_E_BAD_RESPONSE,
                            "Bento's answer is not JSON: check the base URL");
        return -1;
    }
    int rc = decode(root, out, err);
    cJSON_Delete(root);
    return rc;
}

static int ads_any(const cJSON *root, void *out, struct bento_error *err)
{
    return bento_stats_decode_ads(root, out, err);
}

static int responses_any(const cJSON *root, void *out, struct bento_error *err)
{
    return bento_stats_decode_responses(root, out, err);
}

int bento_stats_decode_ads_text(const char *body, size_t len, struct bento_ads_stats *out,
                                struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    return from_text(body, len, out, err, ads_any);
}

int bento_stats_decode_responses_text(const char *body, size_t len,
                                      struct bento_form_responses *out, struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    return from_text(body, len, out, err, responses_any);
}
