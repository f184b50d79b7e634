/* A CSV record or a JSONL line as the event /batch/events takes:
 * {"type","email","date"?,"fields"?: flat,"details": {..,"unique":{"key"}}}. */
#include "import_internal.h"

#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"

int import_event_set_unique(cJSON *event, const char *file_id, size_t line)
{
    cJSON *details = cJSON_GetObjectItemCaseSensitive(event, "details");
    if (!details)
        details = cJSON_AddObjectToObject(event, "details");
    if (!cJSON_IsObject(details))
        return 1;
    cJSON *unique = cJSON_GetObjectItemCaseSensitive(details, "unique");
    if (!unique)
        unique = cJSON_AddObjectToObject(details, "unique");
    if (!cJSON_IsObject(unique))
        return 1;
    cJSON *key = cJSON_GetObjectItemCaseSensitive(unique, "key");
    if (cJSON_IsString(key) || cJSON_IsNumber(key))
        return 0;
    char text[64];
    snprintf(text, sizeof text, "import-%s-%zu", file_id, line);
    cJSON_DeleteItemFromObjectCaseSensitive(unique, "key");
    return cJSON_AddStringToObject(unique, "key", text) ? 0 : -1;
}

/* A JSON object given as text (a details cell). */
static int parse_object(const char *text, size_t len, const char *what, cJSON **out,
                        struct import_problem *why)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (j && end) {
        while (end < text + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
            end++;
        if (end != text + len) {
            cJSON_Delete(j);
            j = NULL;
        }
    }
    if (!j) {
        long at = end && end >= text ? (long)(end - text) + 1 : 1;
        return import_bad(why, what, "not valid JSON (near character %ld)", at);
    }
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return import_bad(why, what, "not a JSON object ({...})");
    }
    *out = j;
    return 0;
}

static int finish(cJSON *ev, const char *file_id, size_t line, cJSON **out,
                  struct import_problem *why)
{
    int rc = import_event_set_unique(ev, file_id, line);
    if (rc) {
        cJSON_Delete(ev);
        return rc < 0 ? -1 : import_bad(why, "details", "details.unique must be an object");
    }
    *out = ev;
    return 0;
}

static int start_event(const char *type, const char *email_text, const char *email_column,
                       cJSON **ev, struct import_problem *why)
{
    char *email = NULL;
    if (!type || !*type)
        return import_bad(why, "type", "no event type");
    int rc = import_email_value(email_text, email_column, &email, why);
    if (rc)
        return rc;
    *ev = cJSON_CreateObject();
    if (!*ev || !cJSON_AddStringToObject(*ev, "type", type) ||
        !cJSON_AddStringToObject(*ev, "email", email))
        rc = -1;
    free(email);
    return rc;
}

static int add_date(cJSON *ev, const char *date, struct import_problem *why)
{
    if (!import_date_valid(date)) {
        char shown[40];
        bento_sanitize_line(date, strlen(date), shown, sizeof shown);
        return import_bad(why, "date",
                          "\"%s\" is not an ISO 8601 date (2024-05-01 or 2024-05-01T09:30:00Z)",
                          shown);
    }
    return cJSON_AddStringToObject(ev, "date", date) ? 0 : -1;
}

/* ---- CSV ---------------------------------------------------------------- */

static int csv_column(cJSON *ev, const struct import_column *c, const char *value, size_t len,
                      struct import_problem *why)
{
    cJSON *details = NULL, *fields;
    int rc;
    switch (c->role) {
    case ROLE_DATE: return add_date(ev, value, why);
    case ROLE_DETAILS:
        rc = parse_object(value, len, c->name, &details, why);
        if (rc == 0 && !cJSON_AddItemToObject(ev, "details", details)) {
            cJSON_Delete(details);
            rc = -1;
        }
        return rc;
    case ROLE_FIELD:
        fields = cJSON_GetObjectItemCaseSensitive(ev, "fields");
        if (!fields && !(fields = cJSON_AddObjectToObject(ev, "fields")))
            return -1;
        return cJSON_AddStringToObject(fields, c->key, value) ? 0 : -1;
    default: return 0;
    }
}

int import_map_event_csv(const struct import_header *h, const struct import_row *row,
                         const char *file_id, cJSON **out, struct import_problem *why)
{
    cJSON *ev = NULL;
    *out = NULL;
    if (import_row_shape(h, row, why))
        return 1;
    size_t tc = import_column_of(h, ROLE_TYPE), ec = import_column_of(h, ROLE_EMAIL);
    int rc = start_event(row->field[tc], row->field[ec], h->cols[ec].name, &ev, why);
    /* fields before details, so the record reads in the documented order */
    for (size_t i = 0; rc == 0 && i < h->count; i++)
        if (row->len[i] && h->cols[i].role != ROLE_DETAILS)
            rc = csv_column(ev, &h->cols[i], row->field[i], row->len[i], why);
    for (size_t i = 0; rc == 0 && i < h->count; i++)
        if (row->len[i] && h->cols[i].role == ROLE_DETAILS)
            rc = csv_column(ev, &h->cols[i], row->field[i], row->len[i], why);
    if (rc) {
        cJSON_Delete(ev);
        return rc;
    }
    return finish(ev, file_id, row->line, out, why);
}

/* ---- JSONL -------------------------------------------------------------- */

static const char *const event_keys[] = {"type", "email", "date", "fields", "details"};

static int check_keys(const cJSON *obj, struct import_problem *why)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) {
        bool ok = false;
        for (size_t i = 0; i < sizeof event_keys / sizeof event_keys[0]; i++)
            ok = ok || !strcmp(it->string, event_keys[i]);
        if (!ok) {
            char shown[40];
            bento_sanitize_line(it->string, strlen(it->string), shown, sizeof shown);
            return import_bad(why, shown,
                              "unknown key (an event has type, email, date, fields, details)");
        }
    }
    return 0;
}

static int json_fields(cJSON *ev, cJSON *fields, struct import_problem *why)
{
    const cJSON *it;
    if (!fields)
        return 0;
    if (!cJSON_IsObject(fields))
        return import_bad(why, "fields", "not a JSON object");
    cJSON_ArrayForEach(it, fields)
        if (cJSON_IsObject(it) || cJSON_IsArray(it))
            return import_bad(why, "fields",
                              "\"%.60s\" is not a flat value (Bento takes only "
                              "strings, numbers and booleans in fields)",
                              it->string);
    return cJSON_AddItemReferenceToObject(ev, "fields", fields) ? 0 : -1;
}

static int from_object(cJSON *obj, cJSON *ev, struct import_problem *why)
{
    cJSON *date = cJSON_GetObjectItemCaseSensitive(obj, "date");
    cJSON *details = cJSON_GetObjectItemCaseSensitive(obj, "details");
    int rc = 0;
    if (date && !cJSON_IsNull(date))
        rc = cJSON_IsString(date) ? add_date(ev, date->valuestring, why)
                                  : import_bad(why, "date", "not a string");
    if (rc == 0)
        rc = json_fields(ev, cJSON_GetObjectItemCaseSensitive(obj, "fields"), why);
    if (rc == 0 && details && !cJSON_IsNull(details)) {
        if (!cJSON_IsObject(details))
            return import_bad(why, "details", "not a JSON object");
        rc = cJSON_AddItemReferenceToObject(ev, "details", details) ? 0 : -1;
    }
    return rc;
}

int import_map_event_json(const struct import_row *row, const char *file_id, cJSON **out,
                          struct import_problem *why)
{
    cJSON *obj = NULL, *ev = NULL;
    *out = NULL;
    if (row->problem)
        return import_bad(why, "", "%s", row->problem);
    long bad_at = import_utf8_invalid_at(row->text, row->text_len);
    if (bad_at >= 0)
        return import_bad(why, "", "not UTF-8 text (byte 0x%02X): save the file as UTF-8",
                          (unsigned char)row->text[bad_at]);
    int rc = parse_object(row->text, row->text_len, "", &obj, why);
    if (rc == 0)
        rc = check_keys(obj, why);
    if (rc == 0) {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "type"));
        const char *email = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "email"));
        rc = start_event(type, email ? email : "", "email", &ev, why);
    }
    if (rc == 0)
        rc = from_object(obj, ev, why);
    if (rc == 0) {
        /* The references above point into obj: make ev own its copy. */
        cJSON *copy = cJSON_Duplicate(ev, 1);
        cJSON_Delete(ev);
        ev = copy;
        rc = ev ? 0 : -1;
    }
    cJSON_Delete(obj);
    if (rc) {
        cJSON_Delete(ev);
        return rc;
    }
    return finish(ev, file_id, row->line, out, why);
}
