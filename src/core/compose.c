/* The compose form: owned strings, recipients and personalizations. */
#include "compose_internal.h"

#include <stdlib.h>
#include <string.h>

void bento_compose_init(struct bento_compose *c)
{
    memset(c, 0, sizeof *c);
}

void bento_compose_clear_to(struct bento_compose *c)
{
    for (size_t i = 0; i < c->to_count; i++)
        free(c->to[i]);
    free(c->to);
    c->to = NULL;
    c->to_count = 0;
}

static void free_vars(struct bento_compose *c)
{
    for (size_t i = 0; i < c->var_count; i++) {
        free(c->vars[i].key);
        free(c->vars[i].value);
    }
    free(c->vars);
    c->vars = NULL;
    c->var_count = 0;
}

void bento_compose_free(struct bento_compose *c)
{
    if (!c)
        return;
    bento_compose_clear_to(c);
    free_vars(c);
    free(c->from);
    free(c->subject);
    free(c->html);
    bento_compose_init(c);
}

/* Replace *field with a copy of value (NULL for NULL or ""). */
static int set_text(char **field, const char *value)
{
    char *copy = NULL;
    if (value && *value && !(copy = strdup(value)))
        return -1;
    free(*field);
    *field = copy;
    return 0;
}

int bento_compose_set_from(struct bento_compose *c, const char *from)
{
    return set_text(&c->from, from);
}

int bento_compose_set_subject(struct bento_compose *c, const char *subject)
{
    return set_text(&c->subject, subject);
}

int bento_compose_set_html(struct bento_compose *c, const char *html)
{
    return set_text(&c->html, html);
}

static int add_to_n(struct bento_compose *c, const char *addr, size_t n)
{
    char *copy = compose_trimdup(addr, n);
    if (!copy)
        return -1;
    if (!*copy) {
        free(copy);
        return 0;
    }
    char **grown = realloc(c->to, (c->to_count + 1) * sizeof *grown);
    if (!grown) {
        free(copy);
        return -1;
    }
    c->to = grown;
    c->to[c->to_count++] = copy;
    return 0;
}

int bento_compose_add_to(struct bento_compose *c, const char *addr)
{
    return addr ? add_to_n(c, addr, strlen(addr)) : 0;
}

int bento_compose_set_to_text(struct bento_compose *c, const char *text)
{
    struct bento_compose fresh;
    static const char seps[] = ",; \t\r\n";
    bento_compose_init(&fresh);
    for (const char *p = text ? text : ""; *p;) {
        size_t n = strcspn(p, seps);
        if (n && add_to_n(&fresh, p, n) < 0) {
            bento_compose_clear_to(&fresh);
            return -1;
        }
        p += n;
        p += strspn(p, seps);
    }
    bento_compose_clear_to(c);
    c->to = fresh.to;
    c->to_count = fresh.to_count;
    return 0;
}

char *bento_compose_to_text(const struct bento_compose *c)
{
    struct cbuf b = {0};
    for (size_t i = 0; i < c->to_count; i++) {
        if (i)
            cbuf_adds(&b, ", ");
        cbuf_adds(&b, c->to[i]);
    }
    return cbuf_take(&b);
}

static long var_index(const struct bento_compose *c, const char *key)
{
    for (size_t i = 0; i < c->var_count; i++)
        if (strcmp(c->vars[i].key, key) == 0)
            return (long)i;
    return -1;
}

int bento_compose_set_var(struct bento_compose *c, const char *key, const char *value)
{
    char *k = compose_trimdup(key ? key : "", key ? strlen(key) : 0);
    char *v = strdup(value ? value : "");
    int rc = !k || !v ? -2 : !*k ? -1 : 0;
    long at = rc == 0 ? var_index(c, k) : -1;
    if (rc == 0 && at >= 0) {
        free(c->vars[at].value);
        c->vars[at].value = v;
        free(k);
        return 0;
    }
    struct bento_kv *grown = rc == 0 ? realloc(c->vars, (c->var_count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(k);
        free(v);
        return rc ? rc : -2;
    }
    c->vars = grown;
    c->vars[c->var_count++] = (struct bento_kv){k, v};
    return 0;
}

int bento_compose_parse_var(struct bento_compose *c, const char *kv)
{
    const char *eq = kv ? strchr(kv, '=') : NULL;
    if (!eq)
        return -1;
    char *key = strndup(kv, (size_t)(eq - kv));
    if (!key)
        return -2;
    int rc = bento_compose_set_var(c, key, eq + 1);
    free(key);
    return rc;
}

bool bento_compose_remove_var(struct bento_compose *c, const char *key)
{
    long at = key ? var_index(c, key) : -1;
    if (at < 0)
        return false;
    free(c->vars[at].key);
    free(c->vars[at].value);
    memmove(c->vars + at, c->vars + at + 1, (c->var_count - (size_t)at - 1) * sizeof *c->vars);
    c->var_count--;
    return true;
}

const char *bento_compose_get_var(const struct bento_compose *c, const char *key)
{
    long at = key ? var_index(c, key) : -1;
    return at >= 0 ? c->vars[at].value : NULL;
}

int bento_compose_copy(struct bento_compose *dst, const struct bento_compose *src)
{
    struct bento_compose tmp;
    int rc = 0;
    bento_compose_init(&tmp);
    tmp.transactional = src->transactional;
    rc |= set_text(&tmp.from, src->from);
    rc |= set_text(&tmp.subject, src->subject);
    rc |= set_text(&tmp.html, src->html);
    for (size_t i = 0; rc == 0 && i < src->to_count; i++)
        rc = bento_compose_add_to(&tmp, src->to[i]);
    for (size_t i = 0; rc == 0 && i < src->var_count; i++)
        rc = bento_compose_set_var(&tmp, src->vars[i].key, src->vars[i].value) == -2 ? -1 : 0;
    if (rc != 0) {
        bento_compose_free(&tmp);
        return -1;
    }
    bento_compose_free(dst);
    *dst = tmp;
    return 0;
}
