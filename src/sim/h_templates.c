/* GET and PATCH /fetch/emails/templates/:id (bento-api.md 3.7 #17, #18).
 * A PATCH changes only subject and html, keeps what it received byte for
 * byte, and names both in the journal line ("changed"), so a test can
 * prove a round trip on the server's side. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static struct sim_template *find(struct sim_req *r, struct sim_reply *out)
{
    char *end;
    long id = r->id ? strtol(r->id, &end, 10) : 0;
    struct sim_template *t = r->id && *r->id && !*end ? content_template_by_id(&r->st->content, id)
                                                      : NULL;
    if (!t)
        reply_error(out, 404, "Email template not found");
    return t;
}

void h_template_get(struct sim_req *r, struct sim_reply *out)
{
    struct sim_template *t = find(r, out);
    if (t)
        reply_json(out, 200, json_data(content_template_json(t)));
}

static bool blank(const char *s)
{
    while (s && isspace((unsigned char)*s))
        s++;
    return !s || !*s;
}

/* The 422 errors of a PATCH, or NULL. Keys other than subject and html
 * are ignored, as Rails' permitted parameters drop them. */
static cJSON *patch_errors(const cJSON *subject, const cJSON *html)
{
    cJSON *errs = NULL;
    if (!subject && !html)
        sim_errors_add(&errs, "email_template", "must include subject or html");
    const cJSON *given[] = {subject, html};
    for (size_t i = 0; i < 2; i++) {
        const char *key = i ? "html" : "subject";
        if (given[i] && !cJSON_IsString(given[i]))
            sim_errors_add(&errs, key, "must be a string");
        else if (given[i] && blank(given[i]->valuestring))
            sim_errors_add(&errs, key, "can't be blank");
    }
    return errs;
}

void h_template_update(struct sim_req *r, struct sim_reply *out)
{
    struct sim_template *t = find(r, out);
    if (!t)
        return;
    const cJSON *et = cJSON_GetObjectItemCaseSensitive(r->body, "email_template");
    if (!cJSON_IsObject(et)) {
        reply_param_missing(out, "email_template");
        return;
    }
    const cJSON *subject = cJSON_GetObjectItemCaseSensitive(et, "subject");
    const cJSON *html = cJSON_GetObjectItemCaseSensitive(et, "html");
    cJSON *errs = patch_errors(subject, html);
    if (errs) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, "errors", errs);
        reply_json(out, 422, j);
        return;
    }
    cJSON *changed = cJSON_AddObjectToObject(r->journal_extra, "changed");
    if (subject) {
        cJSON_ReplaceItemInObjectCaseSensitive(t->attrs, "subject", cJSON_Duplicate(subject, 1));
        cJSON_AddItemToObject(changed, "subject", cJSON_Duplicate(subject, 1));
    }
    if (html) {
        cJSON_ReplaceItemInObjectCaseSensitive(t->attrs, "html", cJSON_Duplicate(html, 1));
        cJSON_AddItemToObject(changed, "html", cJSON_Duplicate(html, 1));
    }
    cJSON_AddNumberToObject(r->journal_extra, "template_id", (double)t->id);
    reply_json(out, 200, json_data(content_template_json(t)));
}
