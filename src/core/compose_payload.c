/* What Bento receives for a form: the recipient list and the
 * /batch/emails records. */
#include "compose_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/email.h"

struct slot {
    const char *s;
    size_t i;
};

static int by_text_then_index(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

size_t compose_mark_unique(char *const *items, size_t n, bool *keep)
{
    struct slot *slots = n ? malloc(n * sizeof *slots) : NULL;
    size_t dups = 0;
    if (n && !slots)
        return (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        slots[i] = (struct slot){items[i], i};
        keep[i] = true;
    }
    if (n > 1) /* qsort's array may not be NULL, even when empty */
        qsort(slots, n, sizeof *slots, by_text_then_index);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(slots[i].s, slots[i - 1].s) == 0) {
            keep[slots[i].i] = false;
            dups++;
        }
    }
    free(slots);
    return dups;
}

char **compose_normalized_to(const struct bento_compose *c)
{
    char **out = calloc(c->to_count ? c->to_count : 1, sizeof *out);
    for (size_t i = 0; out && i < c->to_count; i++) {
        if (!(out[i] = strdup(c->to[i]))) {
            bento_compose_recipients_free(out, i);
            return NULL;
        }
        bento_email_normalize(out[i]);
    }
    return out;
}

void bento_compose_recipients_free(char **list, size_t count)
{
    for (size_t i = 0; list && i < count; i++)
        free(list[i]);
    free(list);
}

int bento_compose_recipients(const struct bento_compose *c, char ***out, size_t *count)
{
    char **all = compose_normalized_to(c);
    bool *keep = calloc(c->to_count ? c->to_count : 1, sizeof *keep);
    *out = NULL;
    *count = 0;
    if (!all || !keep || compose_mark_unique(all, c->to_count, keep) == (size_t)-1) {
        bento_compose_recipients_free(all, c->to_count);
        free(keep);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->to_count; i++) {
        if (keep[i] && bento_email_plausible(all[i], NULL))
            all[n++] = all[i];
        else
            free(all[i]);
    }
    free(keep);
    *out = all;
    *count = n;
    return 0;
}

/* The fields every record shares; NULL when out of memory. */
static cJSON *template_record(const struct bento_compose *c)
{
    cJSON *e = cJSON_CreateObject();
    char *from = strdup(c->from ? c->from : "");
    bool ok = e && from;
    if (ok) {
        bento_email_normalize(from);
        ok = cJSON_AddStringToObject(e, "from", from) &&
             cJSON_AddStringToObject(e, "subject", c->subject ? c->subject : "") &&
             cJSON_AddStringToObject(e, "html_body", c->html ? c->html : "") &&
             cJSON_AddBoolToObject(e, "transactional", c->transactional);
    }
    cJSON *vars = ok && c->var_count ? cJSON_AddObjectToObject(e, "personalizations") : NULL;
    for (size_t i = 0; ok && vars && i < c->var_count; i++)
        if (c->vars[i].key && *c->vars[i].key)
            ok = cJSON_AddStringToObject(vars, c->vars[i].key,
                                         c->vars[i].value ? c->vars[i].value : "") != NULL;
    free(from);
    if (!ok || (c->var_count && !vars)) {
        cJSON_Delete(e);
        return NULL;
    }
    return e;
}

/* One record: "to" first, then the shared fields. */
static cJSON *record_for(const cJSON *tmpl, const char *to)
{
    cJSON *e = cJSON_CreateObject();
    if (!e || !cJSON_AddStringToObject(e, "to", to))
        goto fail;
    for (const cJSON *f = tmpl->child; f; f = f->next) {
        cJSON *copy = cJSON_Duplicate(f, 1);
        if (!copy || !cJSON_AddItemToObject(e, f->string, copy)) {
            cJSON_Delete(copy);
            goto fail;
        }
    }
    return e;
fail:
    cJSON_Delete(e);
    return NULL;
}

/* A field's value as personalization text; NULL for objects, arrays and
 * null, which keep the shared value. */
static char *field_text(const cJSON *v)
{
    char buf[64];
    if (cJSON_IsString(v) && v->valuestring)
        return strdup(v->valuestring);
    if (cJSON_IsBool(v))
        return strdup(cJSON_IsTrue(v) ? "true" : "false");
    if (!cJSON_IsNumber(v))
        return NULL;
    double d = v->valuedouble;
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
        snprintf(buf, sizeof buf, "%lld", (long long)d);
    else
        snprintf(buf, sizeof buf, "%.17g", d);
    return strdup(buf);
}

/* The record's personalizations replaced, key by key, by the person's. */
static int personalize(cJSON *record, const cJSON *fields)
{
    cJSON *vars = cJSON_GetObjectItemCaseSensitive(record, "personalizations");
    for (cJSON *v = vars ? vars->child : NULL; v; v = v->next) {
        char *text = field_text(cJSON_GetObjectItemCaseSensitive(fields, v->string));
        bool ok = !text || cJSON_SetValuestring(v, text) != NULL;
        free(text);
        if (!ok)
            return -1;
    }
    return 0;
}

cJSON *bento_compose_emails(const struct bento_compose *c)
{
    return bento_compose_emails_each(c, NULL, NULL);
}

cJSON *bento_compose_emails_each(const struct bento_compose *c, bento_compose_fields_fn fields_of,
                                 void *user)
{
    char **to = NULL;
    size_t n = 0;
    cJSON *tmpl = template_record(c);
    cJSON *arr = tmpl ? cJSON_CreateArray() : NULL;
    if (!arr || bento_compose_recipients(c, &to, &n) < 0) {
        cJSON_Delete(tmpl);
        cJSON_Delete(arr);
        return NULL;
    }
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *e = record_for(tmpl, to[i]);
        const cJSON *own = e && fields_of ? fields_of(to[i], user) : NULL;
        if (!e || (own && personalize(e, own) < 0) || !cJSON_AddItemToArray(arr, e)) {
            cJSON_Delete(e);
            cJSON_Delete(arr);
            arr = NULL;
        }
    }
    bento_compose_recipients_free(to, n);
    cJSON_Delete(tmpl);
    return arr;
}
