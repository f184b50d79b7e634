#include "cli/output.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bento/sanitize.h"
#include "bento/utf8.h"
#include "app/app.h"
#include "cli/json_stream.h"

void out_json_print(FILE *out, const cJSON *root)
{
    char *text = cJSON_PrintUnformatted(root);
    json_stream_write_text(out, text ? text : "{}");
    fputc('\n', out);
    free(text);
    fflush(out);
}

static void print_envelope(FILE *out, cJSON *root)
{
    out_json_print(out, root);
    cJSON_Delete(root);
}

void out_json_success(struct app *app, cJSON *data, cJSON *meta)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 1);
    cJSON_AddNullToObject(root, "error");
    cJSON_AddItemToObject(root, "data", data ? data : cJSON_CreateNull());
    cJSON_AddItemToObject(root, "meta", meta ? meta : cJSON_CreateObject());
    print_envelope(app->out, root);
}

int out_fail(struct app *app, const struct bento_error *err)
{
    int code = bento_error_exit_code(err->kind);
    if (!app->json) {
        /* one line, whatever failed: the detail rides at its end */
        if (!err->detail[0])
            fprintf(app->err, "error: %s\n", err->message);
        else if (err->http_status)
            fprintf(app->err, "error: %s (Bento said: %s)\n", err->message, err->detail);
        else
            fprintf(app->err, "error: %s (%s)\n", err->message, err->detail);
        return code;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 0);
    cJSON_AddStringToObject(root, "error", err->message);
    cJSON_AddNullToObject(root, "data");
    cJSON_AddStringToObject(meta, "code", bento_error_kind_name(err->kind));
    if (err->http_status)
        cJSON_AddNumberToObject(meta, "status", err->http_status);
    if (err->detail[0])
        cJSON_AddStringToObject(meta, "detail", err->detail);
    cJSON_AddItemToObject(root, "meta", meta);
    print_envelope(app->err, root);
    return code;
}

int out_usage(struct app *app, const char *fmt, ...)
{
    struct bento_error err;
    va_list ap;
    bento_error_clear(&err);
    err.kind = BENTO_E_USAGE;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof err.message, fmt, ap);
    va_end(ap);
    out_fail(app, &err);
    if (!app->json)
        fputs("Run `bento-console --help` for the list of commands.\n", app->err);
    return 2;
}

int cli_call(struct app *app, struct bento_request *req, struct bento_result **res)
{
    struct bento_error err;
    bento_error_clear(&err);
    *res = NULL;
    if (!req) {
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory building the request");
        return out_fail(app, &err);
    }
    if (app_connect(app, &err) < 0) {
        bento_request_free(req);
        return out_fail(app, &err);
    }
    struct bento_result *r = bento_client_call(app->client, req);
    if (!r) {
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory waiting for the result");
        return out_fail(app, &err);
    }
    if (r->err.kind != BENTO_OK) {
        int code = out_fail(app, &r->err);
        bento_result_free(r);
        return code;
    }
    *res = r;
    return 0;
}

/* Print at most `width` columns of s (0: all), cutting on a character
 * boundary; with out NULL only count. Returns the columns used. */
static int print_cut(FILE *out, const char *s, int width)
{
    int used = 0;
    size_t len = strlen(s);
    while (len > 0) {
        uint32_t cp;
        size_t n = bento_utf8_step(s, len, &cp);
        int w = wcwidth(cp == BENTO_UTF8_INVALID ? L'?' : (wchar_t)cp);
        w = w > 0 ? w : 0;
        if (width > 0 && used + w > width)
            break;
        if (out)
            fwrite(s, 1, n, out);
        used += w;
        s += n;
        len -= n;
    }
    return used;
}

int out_text_width(const char *s)
{
    return print_cut(NULL, s, 0);
}

void out_cell(FILE *out, const char *s, int width)
{
    char buf[1024];
    bento_sanitize_line(s ? s : "", s ? strlen(s) : 0, buf, sizeof buf);
    int used = print_cut(out, buf, width);
    for (; width > 0 && used < width; used++)
        fputc(' ', out);
}

void out_json_add_str(cJSON *obj, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(obj, key, value);
    else
        cJSON_AddNullToObject(obj, key);
}
