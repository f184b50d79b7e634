/* /fetch/commands: {"command": [ {command, email, query}, ... ]} or a
 * single object (NODE 2.0.0). Bento queues commands and applies them
 * later; the sim applies them at once. "failed" counts malformed commands
 * only (unknown name, bad email or query), as a queue would. */
#include <string.h>

#include "sim_internal.h"

#define MAX_COMMANDS 100

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static bool nonempty(const char *s)
{
    return s && *s;
}

static bool do_field(struct sim_store *st, const char *email, const cJSON *q)
{
    const char *key = str(q, "key");
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(q, "value");
    if (!cJSON_IsObject(q) || !nonempty(key) || !val || cJSON_IsObject(val) || cJSON_IsArray(val))
        return false;
    struct sim_sub *s = store_sub_upsert(st, email, NULL);
    store_sub_set_field(st, s, key, val);
    return true;
}

static bool do_change_email(struct sim_store *st, const char *email, const char *to)
{
    if (!sim_email_valid(to))
        return false;
    struct sim_sub *s = store_sub_find(st, email);
    if (s)
        store_sub_change_email(st, s, to);
    return true;
}

static bool run_command(struct sim_store *st, const cJSON *c, int64_t now)
{
    const char *name = str(c, "command"), *email = str(c, "email");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(c, "query");
    const char *qs = cJSON_GetStringValue(q);
    if (!cJSON_IsObject(c) || !name || !sim_email_valid(email))
        return false;
    struct sim_sub *s = NULL;
    if (strcmp(name, "add_tag") == 0 || strcmp(name, "add_tag_via_event") == 0) {
        if (!nonempty(qs))
            return false;
        store_sub_tag_by_name(st, s = store_sub_upsert(st, email, NULL), qs);
    } else if (strcmp(name, "remove_tag") == 0) {
        if (!nonempty(qs))
            return false;
        if ((s = store_sub_find(st, email)))
            store_sub_untag_by_name(st, s, qs);
    } else if (strcmp(name, "add_field") == 0) {
        if (!do_field(st, email, q))
            return false;
        s = store_sub_find(st, email);
    } else if (strcmp(name, "remove_field") == 0) {
        if (!nonempty(qs))
            return false;
        if ((s = store_sub_find(st, email)))
            cJSON_DeleteItemFromObjectCaseSensitive(s->fields, qs);
    } else if (strcmp(name, "subscribe") == 0) {
        (s = store_sub_upsert(st, email, NULL))->unsubscribed_ms = 0;
    } else if (strcmp(name, "unsubscribe") == 0) {
        (s = store_sub_upsert(st, email, NULL))->unsubscribed_ms = now;
    } else if (strcmp(name, "change_email") == 0) {
        if (!do_change_email(st, email, qs))
            return false;
        s = store_sub_find(st, qs);
    } else {
        return false;
    }
    if (s)
        s->updated_ms = now;
    return true;
}

void h_commands(struct sim_req *r, struct sim_reply *out)
{
    const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(r->body, "command");
    int ok = 0, failed = 0;
    int64_t now = sim_now_ms();
    /* The journal keeps each command as received, so a test can see the
     * exact tag name or field key that arrived. */
    cJSON *seen = cJSON_AddArrayToObject(r->journal_extra, "commands");
    if (cJSON_IsObject(cmd)) {
        cJSON_AddItemToArray(seen, cJSON_Duplicate(cmd, 1));
        if (run_command(r->st, cmd, now))
            ok++;
        else
            failed++;
        reply_counts(out, ok, failed);
        return;
    }
    const cJSON *arr = sim_batch_array(r, out, "command", MAX_COMMANDS);
    if (!arr)
        return;
    const cJSON *c;
    cJSON_ArrayForEach(c, arr) {
        cJSON_AddItemToArray(seen, cJSON_Duplicate(c, 1));
        if (run_command(r->st, c, now))
            ok++;
        else
            failed++;
    }
    reply_counts(out, ok, failed);
}
