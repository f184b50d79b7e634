/* /fetch/workflows and /fetch/workflows/:id/stats (bento-api.md 3.7 #19,
 * addendum A.1). */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define PAGE_SIZE 25 /* undocumented; the demo account fits in one page */
#define DAY_MS (24 * 3600000LL)
#define MAX_DAYS 3650

void h_workflows_list(struct sim_req *r, struct sim_reply *out)
{
    struct sim_content *c = &r->st->content;
    size_t from, to;
    sim_page_slice(r, PAGE_SIZE, PAGE_SIZE, c->nworkflows, &from, &to);
    cJSON *data = cJSON_CreateArray();
    for (size_t i = from; i < to; i++)
        cJSON_AddItemToArray(data, content_flow_json(c, &c->workflows[i], "workflows"));
    reply_json(out, 200, json_data(data));
}

static bool day_count(const char *v, long *days)
{
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || n < 1 || n > MAX_DAYS)
        return false;
    *days = n;
    return true;
}

/* days=N, or start_date and end_date together, or neither (30 days).
 * false for one date alone, a date that does not parse, or a range that
 * ends before it starts. */
static bool period(const struct sim_req *r, int64_t *start, int64_t *end)
{
    const char *s = sim_param(r, "start_date"), *e = sim_param(r, "end_date");
    const char *d = sim_param(r, "days");
    if (s || e) {
        return s && e && sim_parse_iso(s, start) && sim_parse_iso(e, end) && *start <= *end &&
               *end - *start <= (int64_t)MAX_DAYS * DAY_MS;
    }
    long days = 30;
    if (d && !day_count(d, &days))
        return false;
    int64_t now = sim_now_ms();
    *end = now - now % DAY_MS;
    *start = *end - (days - 1) * DAY_MS;
    return true;
}

static double count(const cJSON *stats, const char *key)
{
    const cJSON *n = cJSON_GetObjectItem(stats, key);
    return cJSON_IsNumber(n) ? n->valuedouble : 0; /* null stats: nothing sent yet */
}

/* Counts over the period, from the template's all-time stats spread
 * evenly over 90 days; steady, so a longer period never shows fewer. */
static cJSON *email_stats(const struct sim_template *t, long days)
{
    const cJSON *all = cJSON_GetObjectItem(t->attrs, "stats");
    long o = (long)(count(all, "opened") * (double)days / 90.0);
    long k = (long)(count(all, "clicked") * (double)days / 90.0);
    long sent = o ? o * 5 / 2 : 0;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "sent", (double)sent);
    cJSON_AddNumberToObject(j, "opened", (double)o);
    cJSON_AddNumberToObject(j, "clicked", (double)k);
    cJSON_AddNumberToObject(j, "open_rate", sent ? (double)(o * 1000 / sent) / 10.0 : 0);
    cJSON_AddNumberToObject(j, "click_rate", sent ? (double)(k * 1000 / sent) / 10.0 : 0);
    return j;
}

/* No source shows this answer's shape (A.1): the sim answers per-email
 * counts and rates with the period it covers, and clients must take
 * every key as optional. */
void h_workflow_stats(struct sim_req *r, struct sim_reply *out)
{
    struct sim_content *c = &r->st->content;
    const struct sim_flow *wf = content_flow_find(c->workflows, c->nworkflows, r->id);
    int64_t start = 0, end = 0;
    if (!wf) {
        reply_error(out, 404, "Workflow not found");
        return;
    }
    if (!period(r, &start, &end)) {
        reply_error(out, 422, "Invalid date range");
        return;
    }
    long days = (long)((end - start) / DAY_MS) + 1;
    char from[32], to[32];
    sim_iso(start, from);
    sim_iso(end, to);
    from[10] = to[10] = '\0'; /* YYYY-MM-DD */
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "start_date", from);
    cJSON_AddStringToObject(a, "end_date", to);
    cJSON_AddNumberToObject(a, "days", (double)days);
    cJSON *list = cJSON_AddArrayToObject(a, "email_templates");
    for (size_t i = 0; i < wf->ntemplates; i++) {
        const struct sim_template *t = content_template_by_id(c, wf->template_ids[i]);
        if (!t)
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "id", (double)t->id);
        cJSON_AddItemToObject(e, "subject",
                              cJSON_Duplicate(cJSON_GetObjectItem(t->attrs, "subject"), 1));
        cJSON_AddItemToObject(e, "stats", email_stats(t, days));
        cJSON_AddItemToArray(list, e);
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", wf->id);
    cJSON_AddStringToObject(j, "type", "workflow_stats");
    cJSON_AddItemToObject(j, "attributes", a);
    reply_json(out, 200, json_data(j));
}
