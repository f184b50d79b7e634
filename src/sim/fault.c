/* --fault rules: '[METHOD ]GLOB:ACTION[:ACTION...]'. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim_internal.h"

static bool parse_num(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Retry-After text other than 0..86400 seconds, %XX-decoded so it can
 * hold the ':' of an HTTP date. */
static bool parse_retry_text(const char *val, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = val; *p; p++) {
        unsigned hex;
        if (n + 1 >= size)
            return false;
        if (p[0] == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]) &&
            sscanf(p + 1, "%2x", &hex) == 1) {
            out[n++] = (char)hex;
            p += 2;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return n > 0 && !strpbrk(out, "\r\n");
}

static bool apply_action(struct sim_fault *f, const char *a, char *err, size_t errlen)
{
    const char *eq = strchr(a, '=');
    size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
    const char *val = eq ? eq + 1 : NULL;
    long v = 0;
#define IS(name) (nlen == strlen(name) && strncmp(a, name, nlen) == 0)
    if (!eq && IS("reset"))
        f->reset = true;
    else if (!eq && IS("truncate"))
        f->truncate = true;
    else if (!eq && IS("html"))
        f->html = true;
    else if (!eq && IS("hostile"))
        f->hostile = true;
    else if (!eq && IS("swap"))
        f->swap = true;
    else if (val && IS("delay") && parse_num(val, 0, 600000, &v))
        f->delay_ms = (int)v;
    else if (val && IS("status") && parse_num(val, 100, 599, &v))
        f->status = (int)v;
    else if (!eq && IS("stall"))
        f->delay_ms = 600000; /* until the client gives up, or the server stops */
    else if (val && IS("retry_after") && parse_num(val, 0, 86400, &v))
        f->retry_after = (int)v;
    else if (val && IS("retry_after") &&
             parse_retry_text(val, f->retry_after_text, sizeof f->retry_after_text))
        f->retry_after = -1;
    else if (val && IS("trickle") && parse_num(val, 1, 60000, &v))
        f->trickle_ms = (int)v;
    else if (val && IS("times") && parse_num(val, 1, 1000000000, &v))
        f->times = v;
    else if (val && IS("after") && parse_num(val, 0, 1000000000, &v))
        f->after = v;
    else if (val && IS("page") && parse_num(val, 1, 1000000, &v))
        f->page = v;
    else if (val && IS("body") && fault_body_parse(val, &f->body))
        ;
    else {
        snprintf(err, errlen,
                 "bad --fault rule '%s': unknown or invalid action '%s' "
                 "(use delay=MS, stall, status=CODE, retry_after=S|TEXT, trickle=MS, reset, "
                 "truncate, html, hostile, page=N, swap, body=NAME, times=N, after=N; "
                 "body=error|message|errors-string|errors-strings|errors-array|errors-detail|"
                 "errors-title|errors-hash|text|author|gateway|empty|huge|deep|badutf8|"
                 "nullkeys|nokeys|idnum|idstr)",
                 f->text, a);
        return false;
    }
#undef IS
    return true;
}

static bool parse_head(struct sim_fault *f, char *head, char *err, size_t errlen)
{
    char *sp = strchr(head, ' ');
    if (sp) {
        *sp = '\0';
        size_t n = strlen(head);
        if (n == 0 || n >= sizeof f->method) {
            snprintf(err, errlen, "bad --fault rule '%s': bad method", f->text);
            return false;
        }
        for (size_t i = 0; i < n; i++)
            f->method[i] = (char)toupper((unsigned char)head[i]);
        head = sp + 1;
    }
    if (head[0] != '/' && head[0] != '*') {
        snprintf(err, errlen,
                 "bad --fault rule '%s': the path must start with '/' or '*' "
                 "(e.g. /fetch/tags or 'POST /batch/*')",
                 f->text);
        return false;
    }
    f->glob = strdup(head);
    return f->glob != NULL;
}

bool fault_parse(const char *text, struct sim_fault *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->text = strdup(text);
    char *copy = strdup(text);
    bool ok = f->text && copy;
    char *save = NULL;
    char *head = ok ? strtok_r(copy, ":", &save) : NULL;
    if (ok && (!head || !strchr(text, ':'))) {
        snprintf(err, errlen, "bad --fault rule '%s': expected GLOB:ACTION[:ACTION...]", text);
        ok = false;
    }
    ok = ok && parse_head(f, head, err, errlen);
    int actions = 0;
    for (char *a; ok && (a = strtok_r(NULL, ":", &save)); actions++)
        ok = apply_action(f, a, err, errlen);
    if (ok && actions == 0) {
        snprintf(err, errlen, "bad --fault rule '%s': no action given", text);
        ok = false;
    }
    if (ok && f->status == 0 && ((f->retry_after || f->retry_after_text[0]) && !f->html)) {
        /* retry_after alone means a 429, which is what it is for. */
        f->status = 429;
    }
    free(copy);
    if (!ok)
        fault_free(f);
    return ok;
}

void fault_free(struct sim_fault *f)
{
    free(f->text);
    free(f->glob);
    f->text = f->glob = NULL;
}

bool fault_matches(const struct sim_fault *f, const char *method, const char *path)
{
    if (f->method[0] && strcasecmp(f->method, method) != 0)
        return false;
    return fnmatch(f->glob, path, 0) == 0;
}
