/* The route table. Like Rails routing, a known path with the wrong
 * method is simply not a route (404), and an optional ".json" format
 * suffix is accepted. */
#include <string.h>
#include <strings.h>

#include "sim_internal.h"
#include "sim_stats.h"

static const struct sim_route routes[] = {
    {"GET", "/fetch/tags", h_tags_list},
    {"POST", "/fetch/tags", h_tags_create},
    {"DELETE", "/fetch/tags", h_tags_delete},
    {"DELETE", "/fetch/tags/:id", h_tags_delete},
    {"GET", "/fetch/fields", h_fields_list},
    {"POST", "/fetch/fields", h_fields_create},
    {"GET", "/fetch/subscribers", h_subscriber_get},
    {"POST", "/fetch/subscribers", h_subscriber_create},
    {"POST", "/fetch/commands", h_commands},
    {"GET", "/fetch/search", h_search},
    {"POST", "/fetch/search", h_search},
    {"GET", "/fetch/authors", h_authors},
    {"POST", "/batch/subscribers", h_batch_subscribers},
    {"POST", "/batch/events", h_batch_events},
    {"POST", "/batch/emails", h_batch_emails},
    {"GET", "/fetch/broadcasts", h_broadcasts_list},
    {"POST", "/batch/broadcasts", h_broadcasts_create},
    {"GET", "/fetch/sequences", h_sequences_list},
    {"POST", "/fetch/sequences/:id/emails/templates", h_sequence_add_email},
    {"GET", "/fetch/emails/templates/:id", h_template_get},
    {"PATCH", "/fetch/emails/templates/:id", h_template_update},
    {"GET", "/fetch/workflows", h_workflows_list},
    {"GET", "/fetch/workflows/:id/stats", h_workflow_stats},
    {"GET", "/stats/site", h_stats_site},
    {"GET", "/stats/segment", h_stats_segment},
    {"GET", "/stats/report", h_stats_report},
    {"GET", "/stats/ads", h_stats_ads},
    {"GET", "/fetch/responses", h_form_responses},
    {"POST", "/experimental/validation", h_exp_validation},
    {"POST", "/experimental/gender", h_exp_gender},
    {"GET", "/experimental/geolocation", h_exp_geolocation},
    {"GET", "/experimental/blacklist", h_exp_blacklist},
    {"POST", "/experimental/content_moderation", h_exp_moderation},
    {"POST", "/experimental/jesses_ruleset", h_exp_ruleset},
    {"POST", "/experimental/blacklist", h_exp_blacklist},
};

/* ":id" stands for one path segment, at the end or followed by more. */
static bool match(const char *pattern, const char *path, size_t plen, char *idbuf, size_t idlen)
{
    const char *colon = strstr(pattern, "/:id");
    if (!colon)
        return strlen(pattern) == plen && strncmp(pattern, path, plen) == 0;
    size_t pre = (size_t)(colon - pattern) + 1; /* including the slash */
    const char *suffix = colon + 4;
    size_t slen = strlen(suffix);
    if (plen <= pre + slen || strncmp(pattern, path, pre) != 0 ||
        strncmp(path + plen - slen, suffix, slen) != 0)
        return false;
    size_t n = plen - pre - slen;
    if (memchr(path + pre, '/', n) || n >= idlen)
        return false;
    memcpy(idbuf, path + pre, n);
    idbuf[n] = '\0';
    return true;
}

const struct sim_route *route_find(const char *method, const char *path, const char **id,
                                   char *idbuf, size_t idlen)
{
    size_t plen = strlen(path);
    if (plen > 5 && strcmp(path + plen - 5, ".json") == 0)
        plen -= 5;
    *id = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (strcmp(routes[i].method, method) != 0)
            continue;
        if (match(routes[i].path, path, plen, idbuf, idlen)) {
            if (strstr(routes[i].path, "/:id"))
                *id = idbuf;
            return &routes[i];
        }
    }
    return NULL;
}

static bool has_prefix(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(path, prefix, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

enum sim_family route_family(const char *path)
{
    if (has_prefix(path, "/fetch"))
        return FAM_FETCH;
    if (has_prefix(path, "/batch"))
        return FAM_BATCH;
    if (has_prefix(path, "/experimental"))
        return FAM_EXPERIMENTAL;
    if (has_prefix(path, "/stats"))
        return FAM_STATS;
    return FAM_NONE;
}

const char *family_name(enum sim_family f)
{
    static const char *const names[] = {"fetch", "batch", "experimental", "stats"};
    return f >= 0 && f < FAM_COUNT ? names[f] : NULL;
}
