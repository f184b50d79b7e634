/* Building response bodies in the shapes Bento uses. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* The edge's answer to a blocked request: HTML, not JSON. */
static const char blocked_page[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Access denied</title></head>\n<body>\n<h1>Sorry, you have been blocked</h1>\n"
    "<p>This request was blocked by the security service protecting this site.</p>\n"
    "<p>Requests need a User-Agent that names the application sending them.</p>\n"
    "</body>\n</html>\n";

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

static void set(struct sim_reply *out, int status, char *body, const char *ctype)
{
    free(out->body);
    out->status = status;
    out->body = body;
    out->ctype = ctype;
}

void reply_json(struct sim_reply *out, int status, cJSON *j)
{
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    set(out, status, text ? text : xstrdup("{}"), "application/json; charset=utf-8");
}

void reply_error(struct sim_reply *out, int status, const char *msg)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "error", msg);
    reply_json(out, status, j);
}

void reply_param_missing(struct sim_reply *out, const char *name)
{
    char msg[128];
    snprintf(msg, sizeof msg, "param is missing or the value is empty: %s", name);
    reply_error(out, 400, msg);
}

void reply_field_error(struct sim_reply *out, int status, const char *field, const char *msg)
{
    cJSON *j = cJSON_CreateObject();
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "field", field);
    cJSON_AddStringToObject(e, "message", msg);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(j, "errors"), e);
    reply_json(out, status, j);
}

void reply_html(struct sim_reply *out, int status)
{
    set(out, status, xstrdup(blocked_page), "text/html; charset=UTF-8");
}

void reply_text(struct sim_reply *out, int status, const char *text)
{
    set(out, status, xstrdup(text), "text/plain; charset=utf-8");
}

cJSON *json_data(cJSON *data)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "data", data);
    return j;
}

void reply_counts(struct sim_reply *out, int results, int failed)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "results", results);
    cJSON_AddNumberToObject(j, "failed", failed);
    reply_json(out, 200, j);
}
