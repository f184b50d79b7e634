/* Decoders for segment counts and reports (stats.h). A report's "data"
 * is kept as it came: a number, or a list of points in any of the shapes
 * the SDKs and Chartkick use, whatever chart_style claims. */
#include "bento/decode.h"
#include "bento/stats.h"
#include "decode_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int no_memory(struct bento_error *err)
{
    if (err)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading Bento's response");
    return -1;
}

static int not_object(struct bento_error *err, const char *what)
{
    if (err)
        bento_error_set(err, BENTO_E_BAD_RESPONSE,
                        "Bento's %s answer is not a JSON object: check the base URL", what);
    return -1;
}

int bento_stats_decode_segment(const cJSON *root, struct bento_site_stats *out,
                               struct bento_error *err)
{
    out->user_count = out->subscriber_count = out->unsubscriber_count = -1;
    if (!cJSON_IsObject(root))
        return not_object(err, "segment");
    char *text = cJSON_PrintUnformatted(root);
    if (!text)
        return no_memory(err);
    int rc = bento_decode_site_stats(text, strlen(text), out, err);
    free(text);
    return rc;
}

/* A number, or a string holding only one ("42", "12.5"). */
static bool number_of(const cJSON *it, double *out)
{
    if (cJSON_IsNumber(it)) {
        *out = it->valuedouble;
        return isfinite(*out);
    }
    if (!cJSON_IsString(it) || !it->valuestring || !*it->valuestring)
        return false;
    char *end;
    *out = strtod(it->valuestring, &end);
    return !*end && isfinite(*out);
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

static const char *const style_names[] = {NULL, "counter", "column_chart", "area_chart",
                                          "line_chart"};

const char *bento_chart_style_name(enum bento_chart_style s)
{
    return (int)s > 0 && (int)s < 5 ? style_names[s] : NULL;
}

static enum bento_chart_style style_of(const char *s)
{
    for (int i = 1; s && i < 5; i++)
        if (strcmp(s, style_names[i]) == 0)
            return (enum bento_chart_style)i;
    return BENTO_CHART_UNKNOWN;
}

/* A group or x label as text: NULL for null, absent, lists and objects;
 * false only when out of memory. */
static bool label_of(const cJSON *it, char **out)
{
    bool scalar = it && (cJSON_IsString(it) || cJSON_IsNumber(it) || cJSON_IsBool(it));
    *out = scalar ? bento_json_strdup(it) : NULL;
    return !scalar || *out;
}

/* Adds one point; false only when out of memory. A point without a
 * usable y is left out. */
static bool add_point(struct bento_report *r, size_t cap, const cJSON *g, const cJSON *x,
                      const cJSON *y)
{
    double v;
    if (!number_of(y, &v) || r->point_count >= cap)
        return true;
    struct bento_report_point *p = &r->points[r->point_count];
    if (!label_of(g, &p->group) || !label_of(x, &p->x)) {
        free(p->group);
        p->group = NULL;
        return false;
    }
    p->y = v;
    r->point_count++;
    return true;
}

/* Chartkick's series data: {x: y, ...} or [[x, y], ...]. */
static bool add_series(struct bento_report *r, size_t cap, const cJSON *name, const cJSON *data)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, data) {
        bool ok = cJSON_IsArray(data) ? add_point(r, cap, name, cJSON_GetArrayItem(it, 0),
                                                  cJSON_GetArrayItem(it, 1))
                                      : true;
        if (cJSON_IsObject(data)) {
            cJSON key = {0};
            key.type = cJSON_String;
            key.valuestring = it->string;
            ok = add_point(r, cap, name, &key, it);
        }
        if (!ok)
            return false;
    }
    return true;
}

static size_t count_points(const cJSON *data)
{
    size_t n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, data) {
        const cJSON *inner = cJSON_GetObjectItemCaseSensitive(it, "data");
        n += (cJSON_IsObject(it) && (cJSON_IsObject(inner) || cJSON_IsArray(inner)))
                 ? (size_t)cJSON_GetArraySize(inner)
                 : 1;
    }
    return n;
}

static bool read_points(struct bento_report *r, const cJSON *data)
{
    size_t cap = cJSON_IsObject(data) ? (size_t)cJSON_GetArraySize(data) : count_points(data);
    r->has_points = true;
    if (cap == 0)
        return true;
    if (!(r->points = calloc(cap, sizeof *r->points)))
        return false;
    if (cJSON_IsObject(data)) /* {"2026-01": 3, ...}: one series */
        return add_series(r, cap, NULL, data);
    const cJSON *it;
    cJSON_ArrayForEach(it, data) {
        const cJSON *inner = cJSON_GetObjectItemCaseSensitive(it, "data");
        bool ok;
        if (cJSON_IsArray(it))
            ok = add_point(r, cap, NULL, cJSON_GetArrayItem(it, 0), cJSON_GetArrayItem(it, 1));
        else if (cJSON_IsObject(inner) || cJSON_IsArray(inner))
            ok = add_series(r, cap, FIRST(it, "name", "g", "group"), inner);
        else
            ok = add_point(r, cap, FIRST(it, "g", "group", "name"), FIRST(it, "x", "date", "label"),
                           FIRST(it, "y", "value", "count"));
        if (!ok)
            return false;
    }
    return true;
}

/* The object that holds the report's keys: root, or a wrapper of it. */
static const cJSON *report_body(const cJSON *root)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "report_data");
    if (cJSON_IsObject(w))
        return w;
    w = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (cJSON_IsObject(w) && (cJSON_GetObjectItemCaseSensitive(w, "chart_style") ||
                              cJSON_GetObjectItemCaseSensitive(w, "data")))
        return w;
    return root;
}

int bento_stats_decode_report(const cJSON *root, struct bento_report *out, struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(root))
        return not_object(err, "report");
    const cJSON *b = report_body(root);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(b, "data");
    out->name = bento_json_strdup(FIRST(b, "report_name", "name", "reportName"));
    out->type = bento_json_strdup(FIRST(b, "report_type", "type", "reportType"));
    out->style_text = bento_json_strdup(FIRST(b, "chart_style", "chartStyle"));
    out->style = style_of(out->style_text);
    bool ok = true;
    if (number_of(data, &out->number))
        out->has_number = true;
    else if (cJSON_IsArray(data) || cJSON_IsObject(data))
        ok = read_points(out, data);
    if (!ok) {
        bento_report_free(out);
        return no_memory(err);
    }
    return 0;
}

int bento_stats_decode_report_text(const char *body, size_t len, struct bento_report *out,
                                   struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root = bento_json_parse_object(body, len, err);
    if (!root)
        return -1;
    int rc = bento_stats_decode_report(root, out, err);
    cJSON_Delete(root);
    return rc;
}

void bento_report_free(struct bento_report *r)
{
    for (size_t i = 0; i < r->point_count; i++) {
        free(r->points[i].group);
        free(r->points[i].x);
    }
    free(r->points);
    free(r->name);
    free(r->type);
    free(r->style_text);
    memset(r, 0, sizeof *r);
}
