/* /fetch/sequences and /fetch/sequences/:id/emails/templates
 * (bento-api.md 3.7 #15, #16; addendum A.2). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define PAGE_SIZE 25 /* undocumented; the demo account fits in one page */

void h_sequences_list(struct sim_req *r, struct sim_reply *out)
{
    struct sim_content *c = &r->st->content;
    size_t from, to;
    sim_page_slice(r, PAGE_SIZE, PAGE_SIZE, c->nsequences, &from, &to);
    cJSON *data = cJSON_CreateArray();
    for (size_t i = from; i < to; i++)
        cJSON_AddItemToArray(data, content_flow_json(c, &c->sequences[i], "sequences"));
    reply_json(out, 200, json_data(data));
}

static const cJSON *member(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNull(v) ? NULL : v;
}

static bool blank_string(const cJSON *v)
{
    const char *s = cJSON_GetStringValue(v);
    while (s && isspace((unsigned char)*s))
        s++;
    return !s || !*s;
}

static void check_delay(const cJSON *et, cJSON **errs)
{
    static const char *const units[] = {"minutes", "hours", "days", "months"};
    const cJSON *unit = member(et, "delay_interval");
    const cJSON *count = member(et, "delay_interval_count");
    bool unit_ok = false;
    for (size_t i = 0; cJSON_IsString(unit) && i < sizeof units / sizeof units[0]; i++)
        unit_ok = unit_ok || !strcmp(unit->valuestring, units[i]);
    if (unit && !unit_ok)
        sim_errors_add(errs, "delay_interval", "must be one of minutes, hours, days or months");
    if (count && (!cJSON_IsNumber(count) || count->valuedouble < 1 ||
                  count->valuedouble != (double)(long)count->valuedouble))
        sim_errors_add(errs, "delay_interval_count", "must be a positive integer");
    else if (count && count->valuedouble > 999)
        sim_errors_add(errs, "delay_interval_count", "must be less than or equal to 999");
    /* The two only make sense together (the CLI refuses one alone too). */
    if (unit && !count)
        sim_errors_add(errs, "delay_interval_count", "can't be blank when delay_interval is given");
    if (count && !unit)
        sim_errors_add(errs, "delay_interval", "can't be blank when delay_interval_count is given");
}

/* Rails-style {"errors": {field: [messages]}} for a 422, or NULL. */
static cJSON *email_errors(const cJSON *et)
{
    static const char *const strings[] = {"inbox_snippet", "editor_choice", "cc", "bcc", "to"};
    cJSON *errs = NULL;
    if (blank_string(member(et, "subject")))
        sim_errors_add(&errs, "subject", "can't be blank");
    if (blank_string(member(et, "html")))
        sim_errors_add(&errs, "html", "can't be blank");
    check_delay(et, &errs);
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const cJSON *v = member(et, strings[i]);
        if (v && !cJSON_IsString(v))
            sim_errors_add(&errs, strings[i], "must be a string");
    }
    return errs;
}

static void keep_extra(struct sim_template *t, const cJSON *et)
{
    static const char *const keys[] = {"inbox_snippet",
                                       "delay_interval",
                                       "delay_interval_count",
                                       "editor_choice",
                                       "cc",
                                       "bcc",
                                       "to"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const cJSON *v = member(et, keys[i]);
        if (v)
            cJSON_AddItemToObject(t->extra, keys[i], cJSON_Duplicate(v, 1));
    }
}

/* :id is the id GET /fetch/sequences gave, or its prefix_id (3.7 #16
 * lists both). The new email goes last; its reply is 201 with the
 * template record. */
void h_sequence_add_email(struct sim_req *r, struct sim_reply *out)
{
    struct sim_content *c = &r->st->content;
    struct sim_flow *seq = content_flow_find(c->sequences, c->nsequences, r->id);
    if (!seq) {
        reply_error(out, 404, "Sequence not found");
        return;
    }
    const cJSON *et = cJSON_GetObjectItemCaseSensitive(r->body, "email_template");
    if (!cJSON_IsObject(et)) {
        reply_param_missing(out, "email_template");
        return;
    }
    cJSON *errs = email_errors(et);
    if (errs) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, "errors", errs);
        reply_json(out, 422, j);
        return;
    }
    const char *subject = cJSON_GetStringValue(member(et, "subject"));
    struct sim_template *t = content_template_add(
        c, subject, subject, cJSON_GetStringValue(member(et, "html")), sim_now_ms());
    keep_extra(t, et);
    content_flow_add_template(seq, t->id);
    cJSON_AddNumberToObject(r->journal_extra, "template_id", (double)t->id);
    cJSON_AddItemToObject(r->journal_extra, "email_template", cJSON_Duplicate(et, 1));
    reply_json(out, 201, json_data(content_template_json(t)));
}
