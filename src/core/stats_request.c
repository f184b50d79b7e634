/* Requests for segment, report and ads statistics and form responses
 * (stats.h). All are reads, safe to retry; the stats ones count against
 * the stats family's budget by their path. */
#include "bento/request.h"
#include "bento/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define QUERY_MAX 1024

static bool empty(const char *s)
{
    return !s || !*s;
}

/* Appends "&name=escaped value" (without the first '&'); false when it
 * does not fit or memory runs out. */
static bool add_param(char *query, size_t size, const char *name, const char *value)
{
    if (empty(value))
        return true;
    char *esc = curl_easy_escape(NULL, value, 0);
    size_t n = strlen(query);
    int w = esc ? snprintf(query + n, size - n, "%s%s=%s", n ? "&" : "", name, esc) : -1;
    curl_free(esc);
    return w > 0 && (size_t)w < size - n;
}

static struct bento_request *by_id(const char *path, const char *name, const char *id)
{
    char query[QUERY_MAX] = "";
    if (empty(id) || !add_param(query, sizeof query, name, id))
        return NULL;
    return bento_request_raw("GET", path, query, NULL);
}

struct bento_request *bento_request_stats_segment(const char *segment_id)
{
    return by_id("/stats/segment", "segment_id", segment_id);
}

struct bento_request *bento_request_stats_report(const char *report_id)
{
    return by_id("/stats/report", "report_id", report_id);
}

struct bento_request *bento_request_form_responses(const char *form_id)
{
    return by_id("/fetch/responses", "id", form_id);
}

struct bento_request *bento_request_stats_ads(const struct bento_ads_query *q)
{
    char query[QUERY_MAX] = "";
    if (q && !(add_param(query, sizeof query, "dimension", q->dimension) &&
               add_param(query, sizeof query, "value", q->value) &&
               add_param(query, sizeof query, "start_date", q->start_date) &&
               add_param(query, sizeof query, "end_date", q->end_date) &&
               add_param(query, sizeof query, "revenue_mode", q->revenue_mode)))
        return NULL;
    return bento_request_raw("GET", "/stats/ads", query, NULL);
}
