/* The experimental utilities ("Spam API", bento-api.md 3.10). The sim has
 * no DNS, census or blacklist data: fixed, documented inputs stand in for
 * what Bento's heuristics turn down, so tests can ask for each answer and
 * each documented shape of it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim_internal.h"

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcasecmp(s + n - t, tail) == 0;
}

/* The reserved top-level domains (RFC 2606 and 6761), which can never
 * receive mail, stand in for the domains Bento's heuristic turns down. */
static bool reserved_domain(const char *email)
{
    static const char *const tlds[] = {".invalid", ".test", ".example", ".localhost"};
    for (size_t i = 0; i < sizeof tlds / sizeof tlds[0]; i++)
        if (strlen(email) > strlen(tlds[i]) && ends_with(email, tlds[i]))
            return true;
    return false;
}

/* A boolean parameter: a JSON true/false/number/string in the body, or
 * "true"/"1" in the query (Rails merges the two). */
/* --seed hostile: the checks' answers carry hostile text too. */
static bool hostile_seed(const struct sim_req *r)
{
    return r->sim->opt.seed && strcmp(r->sim->opt.seed, "hostile") == 0;
}

static bool bool_param(const struct sim_req *r, const char *name)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(r->body, name);
    if (cJSON_IsBool(b))
        return cJSON_IsTrue(b);
    if (cJSON_IsNumber(b))
        return b->valuedouble != 0;
    const char *v = sim_param(r, name);
    return v && (!strcasecmp(v, "true") || !strcmp(v, "1"));
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

static const char *const free_providers[] = {"gmail.com",   "googlemail.com", "yahoo.com",
                                             "hotmail.com", "outlook.com",    "aol.com",
                                             "icloud.com",  "proton.me",      "gmx.com"};
static const char *const role_parts[] = {"info",    "admin",  "sales",     "support",  "contact",
                                         "hello",   "office", "noreply",   "no-reply", "team",
                                         "billing", "abuse",  "postmaster"};

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && strncasecmp(s, list[i], n) == 0)
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void add_reason(cJSON *reasons, const char *text)
{
    cJSON_AddItemToArray(reasons, cJSON_CreateString(text));
}

/* The B2B screening: free providers only with block_free_providers; role
 * and plus addresses are forgiven with wiggleroom (also spelt
 * wiggle_room). */
static void ruleset_reasons(const char *email, bool block_free, bool wiggle, cJSON *reasons)
{
    if (!sim_email_valid(email)) {
        add_reason(reasons, "Email address is not valid");
        return;
    }
    const char *at = strrchr(email, '@');
    size_t local = (size_t)(at - email);
    if (reserved_domain(email))
        add_reason(reasons, "Domain does not accept email");
    if (block_free && in_list(at + 1, strlen(at + 1), free_providers, COUNT(free_providers)))
        add_reason(reasons, "Free email provider");
    if (!wiggle && in_list(email, strcspn(email, "+@"), role_parts, COUNT(role_parts)))
        add_reason(reasons, "Role-based address");
    if (!wiggle && memchr(email, '+', local))
        add_reason(reasons, "Plus-addressed email");
}

void h_exp_ruleset(struct sim_req *r, struct sim_reply *out)
{
    const char *email = sim_param(r, "email");
    if (!email || !*email) {
        reply_param_missing(out, "email");
        return;
    }
    bool wiggle = bool_param(r, "wiggleroom") || bool_param(r, "wiggle_room");
    cJSON *reasons = cJSON_CreateArray();
    ruleset_reasons(email, bool_param(r, "block_free_providers"), wiggle, reasons);
    if (hostile_seed(r))
        add_reason(reasons, SIM_HOSTILE_C1);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "valid", cJSON_GetArraySize(reasons) == 0);
    cJSON_AddItemToObject(j, "reasons", reasons);
    reply_json(out, 200, j);
}

/* A few census-style first names; any other name is not guessed (both
 * null, as Bento answers). */
void h_exp_gender(struct sim_req *r, struct sim_reply *out)
{
    static const struct {
        const char *name, *gender;
        double confidence;
    } names[] = {{"mary", "female", 0.99}, {"jane", "female", 0.97}, {"alex", "male", 0.62},
                 {"john", "male", 0.99},   {"james", "male", 0.99},  {"taylor", "female", 0.55}};
    const char *name = sim_param(r, "name");
    if (!name || !*name) {
        reply_param_missing(out, "name");
        return;
    }
    size_t first = strcspn(name, " \t");
    cJSON *j = cJSON_CreateObject();
    for (size_t i = 0; i < COUNT(names); i++) {
        if (strlen(names[i].name) == first && !strncasecmp(name, names[i].name, first)) {
            cJSON_AddStringToObject(j, "gender", names[i].gender);
            cJSON_AddNumberToObject(j, "confidence", names[i].confidence);
            reply_json(out, 200, j);
            return;
        }
    }
    cJSON_AddNullToObject(j, "gender");
    cJSON_AddNullToObject(j, "confidence");
    reply_json(out, 200, j);
}

/* Documented as currently disabled: Bento answers {}. */
void h_exp_geolocation(struct sim_req *r, struct sim_reply *out)
{
    (void)r;
    reply_json(out, 200, cJSON_CreateObject());
}

enum { BL_JUST_REGISTERED, BL_SPAMHAUS, BL_NORDSPAM, BL_SPFBL, BL_SORBS, BL_ABUSIX, BL_COUNT };

/* Which lists name q: 127.0.0.2 is on every list (the DNSBL test
 * address), dbltest.com on Spamhaus (its DBL test domain), a name with
 * "spam" in it on nordspam and SPFBL, a domain starting "new-" is just
 * registered. */
static void blacklist_hits(const char *q, bool hit[BL_COUNT])
{
    bool all = strcmp(q, "127.0.0.2") == 0;
    for (int i = 0; i < BL_COUNT; i++)
        hit[i] = all;
    hit[BL_SPAMHAUS] |= !strcasecmp(q, "dbltest.com") || ends_with(q, ".dbltest.com");
    bool spam = false;
    for (const char *p = q; *p && !spam; p++)
        spam = strncasecmp(p, "spam", 4) == 0;
    hit[BL_NORDSPAM] |= spam;
    hit[BL_SPFBL] |= spam;
    hit[BL_JUST_REGISTERED] |= strncasecmp(q, "new-", 4) == 0;
}

/* The documented answer; "legacy." in front of the query gives DOCS-old's
 * {"data": [ {...} ]} wrapping, "quiet." its null results when nothing
 * is listed. */
static cJSON *blacklist_answer(const char *q, bool hostile)
{
    static const char *const lists[BL_COUNT] = {"just_registered", "spamhaus", "nordspam",
                                                "spfbl",           "sorbs",    "abusix"};
    bool hit[BL_COUNT];
    blacklist_hits(q, hit);
    int listed = 0;
    for (int i = 0; i < BL_COUNT; i++)
        listed += hit[i];
    char desc[64] = "No blacklist entries found.";
    if (listed)
        snprintf(desc, sizeof desc, "Found on %d blacklist%s.", listed, listed > 1 ? "s" : "");
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "query", q);
    cJSON_AddStringToObject(j, "description", desc);
    if (!listed && strncasecmp(q, "quiet.", 6) == 0) {
        cJSON_AddNullToObject(j, "results");
        return j;
    }
    cJSON *res = cJSON_AddObjectToObject(j, "results");
    for (int i = 0; i < BL_COUNT; i++)
        cJSON_AddBoolToObject(res, lists[i], hit[i]);
    if (hostile) { /* provider names are server text as well */
        cJSON_AddBoolToObject(res, SIM_HOSTILE_OSC, true);
        cJSON_AddBoolToObject(res, SIM_HOSTILE_BIDI, false);
    }
    return j;
}

/* domain (no protocol) or ip; the docs' older ip_address is read too.
 * GET as documented, and POST with a JSON body as ELIXIR sends it. */
void h_exp_blacklist(struct sim_req *r, struct sim_reply *out)
{
    const char *q = sim_param(r, "domain");
    if (!q || !*q)
        q = sim_param(r, "ip");
    if (!q || !*q)
        q = sim_param(r, "ip_address");
    if (!q || !*q) {
        reply_param_missing(out, "domain");
        return;
    }
    if (strstr(q, "://")) {
        reply_error(out, 400, "domain must not include a protocol");
        return;
    }
    cJSON *j = blacklist_answer(q, hostile_seed(r));
    if (strncasecmp(q, "legacy.", 7) == 0) {
        cJSON *data = cJSON_CreateArray();
        cJSON_AddItemToArray(data, j);
        j = json_data(data);
    }
    reply_json(out, 200, j);
}

/* safe_original_content: the text with HTML's special characters escaped. */
static char *escaped(const char *c)
{
    size_t n = 1;
    for (const char *p = c; *p; p++)
        n += strchr("<>&\"", *p) ? 6 : 1;
    char *s = malloc(n), *o = s;
    for (const char *p = c; s && *p; p++) {
        const char *e = *p == '<'   ? "&lt;"
                        : *p == '>' ? "&gt;"
                        : *p == '&' ? "&amp;"
                        : *p == '"' ? "&quot;"
                                    : NULL;
        if (e)
            o += sprintf(o, "%s", e);
        else
            *o++ = *p;
    }
    if (s)
        *o = '\0';
    return s;
}

/* Every reason that applies: links, HTML, shouting. */
void h_exp_moderation(struct sim_req *r, struct sim_reply *out)
{
    const char *c = sim_param(r, "content");
    cJSON *j = cJSON_CreateObject();
    cJSON *reasons = cJSON_CreateArray();
    if (c) /* so a test can see the exact text moderated */
        cJSON_AddStringToObject(r->journal_extra, "content", c);
    bool blank = true;
    for (const char *p = c; p && *p; p++)
        blank = blank && isspace((unsigned char)*p);
    if (blank)
        add_reason(reasons, "Content is required");
    if (!blank && (strstr(c, "http://") || strstr(c, "https://") || strstr(c, "www.")))
        add_reason(reasons, "Link spam");
    if (!blank && strchr(c, '<'))
        add_reason(reasons, "HTML is not allowed");
    if (!blank && strstr(c, "FREE MONEY"))
        add_reason(reasons, "Spam phrases");
    if (hostile_seed(r))
        add_reason(reasons, SIM_HOSTILE_CSI);
    cJSON_AddBoolToObject(j, "valid", cJSON_GetArraySize(reasons) == 0);
    cJSON_AddItemToObject(j, "reasons", reasons);
    char *safe = blank ? NULL : escaped(c);
    if (safe)
        cJSON_AddStringToObject(j, "safe_original_content", safe);
    free(safe);
    reply_json(out, 200, j);
}
