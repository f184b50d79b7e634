/* /fetch/authors and /stats/site (the experimental utilities are in
 * h_experimental.c). */

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
