/* The layout and the bytes of the exported tree (app/export_tree.h): the
 * names, the .json beside each body and its hash. Everything here is a
 * pure function of what the account holds, so two exports of the same
 * account give the same bytes: keys sorted, no times of the export, the
 * body written as Bento holds it and nothing added. */
#include "app/export_tree.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#define SLUG_MAX 40
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

void app_export_slug(const char *text, char *out, size_t size)
{
    size_t n = 0, cap = size - 1 < SLUG_MAX ? size - 1 : SLUG_MAX;
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p && n < cap; p++) {
        if (isalnum(*p) && *p < 0x80)
            out[n++] = (char)tolower(*p);
        else if (n > 0 && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    if (!n)
        snprintf(out, size, "untitled");
}

/* An id as part of a file name: letters, digits, '_' and '-' only. */
static void id_part(const char *id, char *out, size_t size)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p && n + 1 < size; p++)
        out[n++] = isalnum(*p) && *p < 0x80 ? (char)*p : *p == '-' ? '-' : '_';
    out[n] = '\0';
    if (!n)
        snprintf(out, size, "noid");
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

void app_export_hash(const char *subject, const char *html, char out[APP_EXPORT_HASH_SIZE])
{
    const char *s = subject ? subject : "", *b = html ? html : "";
    uint64_t h = fnv(FNV_OFFSET, s, strlen(s) + 1); /* the NUL keeps "ab"+"c" from "a"+"bc" */
    h = fnv(h, b, strlen(b));
    snprintf(out, APP_EXPORT_HASH_SIZE, "fnv1a64:%016" PRIx64, h);
}

int app_export_add(struct app_export_tree *t, const char *rel, const char *data, size_t len)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        struct app_export_file *grown = realloc(t->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        t->items = grown;
        t->cap = cap;
    }
    struct app_export_file *f = &t->items[t->count];
    f->rel = strdup(rel);
    f->data = malloc(len + 1);
    if (!f->rel || !f->data) {
        free(f->rel);
        free(f->data);
        return -1;
    }
    memcpy(f->data, data, len);
    f->data[len] = '\0';
    f->len = len;
    t->count++;
    return 0;
}

void app_export_flow_folder(char *out, size_t size, const char *kind, const char *name,
                            const char *id)
{
    char slug[SLUG_MAX + 1], idp[64];
    app_export_slug(name, slug, sizeof slug);
    id_part(id, idp, sizeof idp);
    snprintf(out, size, "%s/%s-%s", kind, slug, idp);
}

static void add_str(cJSON *o, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(o, key, value);
    else
        cJSON_AddNullToObject(o, key);
}

/* The .json as text: cJSON keeps keys in the order added (sorted here),
 * one key a line, and a final newline. */
static int add_json(struct app_export_tree *t, const char *rel, cJSON *o)
{
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return -1;
    size_t n = strlen(text);
    char *line = malloc(n + 2);
    int rc = -1;
    if (line) {
        memcpy(line, text, n);
        line[n] = '\n';
        rc = app_export_add(t, rel, line, n + 1);
    }
    free(line);
    free(text);
    return rc;
}

int app_export_add_email(struct app_export_tree *t, const char *folder,
                         const struct app_export_email *e)
{
    char slug[SLUG_MAX + 1], rel[512], hash[APP_EXPORT_HASH_SIZE];
    app_export_slug(e->name && *e->name ? e->name : e->subject, slug, sizeof slug);
    app_export_hash(e->subject, e->html, hash);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return -1;
    add_str(o, "delay_interval", e->delay_interval);
    if (e->delay_count >= 0)
        cJSON_AddNumberToObject(o, "delay_interval_count", (double)e->delay_count);
    else
        cJSON_AddNullToObject(o, "delay_interval_count");
    cJSON_AddStringToObject(o, "hash", hash);
    add_str(o, "id", e->id);
    add_str(o, "name", e->name);
    cJSON_AddNumberToObject(o, "position", (double)e->position);
    add_str(o, "subject", e->subject);
    snprintf(rel, sizeof rel, "%s/%02zu-%s.html", folder, e->position, slug);
    const char *html = e->html ? e->html : "";
    if (app_export_add(t, rel, html, strlen(html)) < 0)
        return cJSON_Delete(o), -1;
    app_export_sibling(rel, ".json", rel, sizeof rel);
    return add_json(t, rel, o);
}

int app_export_add_broadcast(struct app_export_tree *t, const struct app_export_broadcast *b)
{
    char slug[SLUG_MAX + 1], idp[64], st[SLUG_MAX + 1], rel[512], hash[APP_EXPORT_HASH_SIZE];
    app_export_slug(b->name, slug, sizeof slug);
    app_export_slug(b->status, st, sizeof st);
    id_part(b->id, idp, sizeof idp);
    app_export_hash(b->subject, b->html, hash);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return -1;
    cJSON_AddStringToObject(o, "hash", hash);
    add_str(o, "id", b->id);
    add_str(o, "name", b->name);
    add_str(o, "status", b->status);
    add_str(o, "subject", b->subject);
    add_str(o, "template_id", b->template_id);
    snprintf(rel, sizeof rel, "broadcasts/%s/%s-%s.html", st, slug, idp);
    const char *html = b->html ? b->html : "";
    if (app_export_add(t, rel, html, strlen(html)) < 0)
        return cJSON_Delete(o), -1;
    app_export_sibling(rel, ".json", rel, sizeof rel);
    return add_json(t, rel, o);
}

static int by_rel(const void *a, const void *b)
{
    return strcmp(((const struct app_export_file *)a)->rel,
                  ((const struct app_export_file *)b)->rel);
}

void app_export_sort(struct app_export_tree *t)
{
    if (t->count)
        qsort(t->items, t->count, sizeof *t->items, by_rel);
}

const struct app_export_file *app_export_find(const struct app_export_tree *t, const char *rel)
{
    for (size_t i = 0; i < t->count; i++)
        if (!strcmp(t->items[i].rel, rel))
            return &t->items[i];
    return NULL;
}

void app_export_tree_free(struct app_export_tree *t)
{
    for (size_t i = 0; t && i < t->count; i++) {
        free(t->items[i].rel);
        free(t->items[i].data);
    }
    if (t) {
        free(t->items);
        memset(t, 0, sizeof *t);
    }
}

bool app_export_is_email(const char *rel, const char *ext)
{
    size_t n = strlen(rel), e = strlen(ext);
    if ((strncmp(rel, "sequences/", 10) && strncmp(rel, "workflows/", 10)) || n <= e ||
        strcmp(rel + n - e, ext))
        return false;
    const char *name = strrchr(rel, '/');
    return name && name - rel > 10 && strchr(rel + 10, '/') == name;
}

void app_export_sibling(const char *rel, const char *ext, char *out, size_t size)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", rel);
    char *dot = strrchr(buf, '.'), *slash = strrchr(buf, '/');
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    snprintf(out, size, "%s%s", buf, ext);
}

static char *dup_str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? strdup(s) : NULL;
}

int app_export_meta_parse(const struct app_export_file *f, struct app_export_meta *m)
{
    memset(m, 0, sizeof *m);
    cJSON *o = cJSON_ParseWithLength(f->data, f->len);
    if (cJSON_IsObject(o)) {
        m->id = dup_str(o, "id");
        m->subject = dup_str(o, "subject");
        m->hash = dup_str(o, "hash");
    }
    cJSON_Delete(o);
    if (m->id)
        return 0;
    app_export_meta_free(m);
    return -1;
}

void app_export_meta_free(struct app_export_meta *m)
{
    free(m->id);
    free(m->subject);
    free(m->hash);
    memset(m, 0, sizeof *m);
}
