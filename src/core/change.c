/* Subscriber changes: the command that makes each, how to tell from a
 * fresh lookup that Bento applied it, and how to name it for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/request.h"
#include "bento/subcache.h"

static const char *const command_names[BENTO_CH__COUNT] = {
    "add_tag",   "add_tag_via_event", "remove_tag",   "add_field", "remove_field",
    "subscribe", "unsubscribe",       "change_email", NULL,
};

cJSON *bento_change_command(enum bento_change_kind kind, const char *email, const char *key,
                            const char *value)
{
    if (kind >= BENTO_CH__COUNT || !command_names[kind] || !email)
        return NULL;
    cJSON *query = NULL;
    if (kind == BENTO_CH_SET_FIELD) {
        query = cJSON_CreateObject();
        cJSON_AddStringToObject(query, "key", key ? key : "");
        cJSON_AddStringToObject(query, "value", value ? value : "");
    } else if (kind != BENTO_CH_SUBSCRIBE && kind != BENTO_CH_UNSUBSCRIBE) {
        query = cJSON_CreateString(key ? key : "");
    }
    return bento_command(command_names[kind], email, query);
}

static bool has_tag(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; name && i < n; i++)
        if (names[i] && !strcasecmp(names[i], name))
            return true;
    return false;
}

/* Field values arrive as strings or numbers; compare their text. */
static bool field_equals(const cJSON *fields, const char *key, const char *value)
{
    const cJSON *f = key ? cJSON_GetObjectItemCaseSensitive(fields, key) : NULL;
    if (!f || cJSON_IsNull(f))
        return false;
    if (cJSON_IsString(f))
        return value && !strcmp(f->valuestring, value);
    char *text = cJSON_PrintUnformatted(f);
    bool same = text && value && !strcmp(text, value);
    cJSON_free(text);
    return same;
}

static bool field_present(const cJSON *fields, const char *key)
{
    const cJSON *f = key ? cJSON_GetObjectItemCaseSensitive(fields, key) : NULL;
    return f && !cJSON_IsNull(f);
}

bool bento_change_applied(const struct bento_change *ch, const struct bento_subscriber *s,
                          const char *const *tag_names, size_t tag_count)
{
    if (!s->found)
        return false;
    switch (ch->kind) {
    case BENTO_CH_ADD_TAG:
    case BENTO_CH_ADD_TAG_VIA_EVENT: return has_tag(ch->key, tag_names, tag_count);
    case BENTO_CH_REMOVE_TAG: return !has_tag(ch->key, tag_names, tag_count);
    case BENTO_CH_SET_FIELD: return field_equals(s->fields, ch->key, ch->value);
    case BENTO_CH_REMOVE_FIELD: return !field_present(s->fields, ch->key);
    case BENTO_CH_SUBSCRIBE: return s->unsubscribed_at == NULL;
    case BENTO_CH_UNSUBSCRIBE: return s->unsubscribed_at != NULL;
    case BENTO_CH_CHANGE_EMAIL: return s->email && ch->key && !strcasecmp(s->email, ch->key);
    case BENTO_CH_CREATE: return true;
    case BENTO_CH__COUNT: break;
    }
    return false;
}

void bento_change_describe(const struct bento_change *ch, char *buf, size_t size)
{
    const char *k = ch->key ? ch->key : "", *v = ch->value ? ch->value : "";
    switch (ch->kind) {
    case BENTO_CH_ADD_TAG: snprintf(buf, size, "add tag %s", k); break;
    case BENTO_CH_ADD_TAG_VIA_EVENT: snprintf(buf, size, "add tag %s (via event)", k); break;
    case BENTO_CH_REMOVE_TAG: snprintf(buf, size, "remove tag %s", k); break;
    case BENTO_CH_SET_FIELD: snprintf(buf, size, "set %s = %s", k, v); break;
    case BENTO_CH_REMOVE_FIELD: snprintf(buf, size, "remove field %s", k); break;
    case BENTO_CH_SUBSCRIBE: snprintf(buf, size, "subscribe"); break;
    case BENTO_CH_UNSUBSCRIBE: snprintf(buf, size, "unsubscribe"); break;
    case BENTO_CH_CHANGE_EMAIL: snprintf(buf, size, "change email to %s", k); break;
    case BENTO_CH_CREATE: snprintf(buf, size, "create"); break;
    default: snprintf(buf, size, "change"); break;
    }
}
