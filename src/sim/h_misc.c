/* /fetch/authors, /stats/site and the experimental utilities. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "sim_internal.h"

void h_authors(struct sim_req *r, struct sim_reply *out)
{
    cJSON *data = cJSON_CreateArray();
    for (size_t i = 0; i < r->st->nauthors; i++) {
        const struct sim_author *a = &r->st->authors[i];
        cJSON *o = cJSON_CreateObject();
        char id[24];
        snprintf(id, sizeof id, "%ld", a->id);
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "type", "authors");
        cJSON *at = cJSON_AddObjectToObject(o, "attributes");
        cJSON_AddStringToObject(at, "name", a->name);
        cJSON_AddStringToObject(at, "email", a->email);
        cJSON_AddItemToArray(data, o);
    }
    reply_json(out, 200, json_data(data));
}

void h_stats_site(struct sim_req *r, struct sim_reply *out)
{
    long unsub = 0;
    for (size_t i = 0; i < r->st->nsubs; i++)
        unsub += r->st->subs[i].unsubscribed_ms != 0;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "user_count", (double)r->st->nsubs);
    cJSON_AddNumberToObject(j, "subscriber_count", (double)((long)r->st->nsubs - unsub));
    cJSON_AddNumberToObject(j, "unsubscriber_count", (double)unsub);
    reply_json(out, 200, j);
}

/* The sim has no DNS: the reserved top-level domains (RFC 2606 and
 * 6761), which can never receive mail, stand in for the domains Bento's
 * heuristic turns down. */
static bool reserved_domain(const char *email)
{
    static const char *const tlds[] = {".invalid", ".test", ".example", ".localhost"};
    size_t n = strlen(email);
    for (size_t i = 0; i < sizeof tlds / sizeof tlds[0]; i++) {
        size_t t = strlen(tlds[i]);
        if (n > t && strcasecmp(email + n - t, tlds[i]) == 0)
            return true;
    }
    return false;
}

/* email is required; name, user_agent and ip are accepted (query or JSON
 * body) but, without census or geolocation data, not judged. */
void h_exp_validation(struct sim_req *r, struct sim_reply *out)
{
    const char *email = sim_param(r, "email");
    if (!email || !*email) {
        reply_param_missing(out, "email");
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "valid", sim_email_valid(email) && !reserved_domain(email));
    reply_json(out, 200, j);
}

/* The sim has no census data: it never guesses. */
void h_exp_gender(struct sim_req *r, struct sim_reply *out)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNullToObject(j, "gender");
    cJSON_AddNullToObject(j, "confidence");
    reply_json(out, 200, j);
}

/* Documented as currently disabled: Bento answers {}. */
void h_exp_geolocation(struct sim_req *r, struct sim_reply *out)
{
    reply_json(out, 200, cJSON_CreateObject());
}

void h_exp_blacklist(struct sim_req *r, struct sim_reply *out)
{
    static const char *const lists[] = {"just_registered", "spamhaus", "nordspam",
                                        "spfbl",           "sorbs",    "abusix"};
    const char *q = sim_param(r, "domain");
    if (!q)
        q = sim_param(r, "ip");
    if (!q || !*q) {
        reply_param_missing(out, "domain");
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "query", q);
    cJSON_AddStringToObject(j, "description", "No blacklist entries found.");
    cJSON *res = cJSON_AddObjectToObject(j, "results");
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        cJSON_AddFalseToObject(res, lists[i]);
    reply_json(out, 200, j);
}

void h_exp_moderation(struct sim_req *r, struct sim_reply *out)
{
    const char *c = sim_param(r, "content");
    cJSON *j = cJSON_CreateObject();
    cJSON *reasons = cJSON_CreateArray();
    bool blank = true;
    for (const char *p = c; p && *p; p++)
        blank = blank && isspace((unsigned char)*p);
    if (blank)
        cJSON_AddItemToArray(reasons, cJSON_CreateString("Content is required"));
    else if (strstr(c, "http://") || strstr(c, "https://") || strstr(c, "www."))
        cJSON_AddItemToArray(reasons, cJSON_CreateString("Link spam"));
    else if (strchr(c, '<'))
        cJSON_AddItemToArray(reasons, cJSON_CreateString("HTML is not allowed"));
    bool valid = cJSON_GetArraySize(reasons) == 0;
    cJSON_AddBoolToObject(j, "valid", valid);
    cJSON_AddItemToObject(j, "reasons", reasons);
    if (!blank)
        cJSON_AddStringToObject(j, "safe_original_content", c);
    reply_json(out, 200, j);
}
