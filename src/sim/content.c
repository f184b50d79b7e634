/* The account's content: email templates, broadcasts, sequences and
 * workflows, and the JSON records Bento answers for them (bento-api.md
 * 3.6, 3.7 and addendum A.2). Callers hold sim->lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define GROW(arr, n, cap)                                   \
    do {                                                    \
        if ((n) == (cap)) {                                 \
            size_t nc_ = (cap) ? (cap)*2 : 16;              \
            void *p_ = realloc((arr), nc_ * sizeof *(arr)); \
            if (!p_)                                        \
                abort();                                    \
            (arr) = p_;                                     \
            (cap) = nc_;                                    \
        }                                                   \
    } while (0)

void content_init(struct sim_content *c)
{
    memset(c, 0, sizeof *c);
    c->next_template_id = 7001;
    c->next_broadcast_id = 42;
}

static void flows_free(struct sim_flow *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].id);
        cJSON_Delete(f[i].attrs);
        free(f[i].template_ids);
    }
    free(f);
}

void content_free(struct sim_content *c)
{
    for (size_t i = 0; i < c->ntemplates; i++) {
        cJSON_Delete(c->templates[i].attrs);
        cJSON_Delete(c->templates[i].extra);
    }
    for (size_t i = 0; i < c->nbroadcasts; i++)
        cJSON_Delete(c->broadcasts[i].attrs);
    free(c->templates);
    free(c->broadcasts);
    flows_free(c->sequences, c->nsequences);
    flows_free(c->workflows, c->nworkflows);
}

static void add_time(cJSON *o, const char *key, int64_t ms)
{
    char iso[32];
    if (!ms) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    sim_iso(ms, iso);
    cJSON_AddStringToObject(o, key, iso);
}

/* ---- templates ----------------------------------------------------- */

struct sim_template *content_template_add(struct sim_content *c, const char *name,
                                          const char *subject, const char *html, int64_t created_ms)
{
    GROW(c->templates, c->ntemplates, c->tcap);
    struct sim_template *t = &c->templates[c->ntemplates++];
    t->id = c->next_template_id++;
    t->attrs = cJSON_CreateObject();
    t->extra = cJSON_CreateObject();
    cJSON_AddStringToObject(t->attrs, "name", name);
    cJSON_AddStringToObject(t->attrs, "subject", subject);
    cJSON_AddStringToObject(t->attrs, "html", html);
    add_time(t->attrs, "created_at", created_ms);
    cJSON_AddNullToObject(t->attrs, "stats");
    return t;
}

struct sim_template *content_template_by_id(struct sim_content *c, long id)
{
    size_t lo = 0, hi = c->ntemplates;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->templates[mid].id == id)
            return &c->templates[mid];
        if (c->templates[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* 3.7 #17: data.id is a string there, as in the #16 reply. */
cJSON *content_template_json(const struct sim_template *t)
{
    char id[32];
    snprintf(id, sizeof id, "%ld", t->id);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", id);
    cJSON_AddStringToObject(j, "type", "email_template");
    cJSON_AddItemToObject(j, "attributes", cJSON_Duplicate(t->attrs, 1));
    return j;
}

/* 3.7 #15/#19: numeric id, subject, stats; A.2 adds name, inbox_snippet
 * and the delay, which a sequence email has. */
cJSON *content_template_entry(const struct sim_template *t)
{
    static const char *const keys[] = {"subject", "name", "stats"};
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "id", (double)t->id);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cJSON_AddItemToObject(j, keys[i],
                              cJSON_Duplicate(cJSON_GetObjectItem(t->attrs, keys[i]), 1));
    const cJSON *x;
    cJSON_ArrayForEach(x, t->extra) {
        if (!strcmp(x->string, "inbox_snippet") || !strncmp(x->string, "delay_interval", 14))
            cJSON_AddItemToObject(j, x->string, cJSON_Duplicate(x, 1));
    }
    return j;
}

/* ---- broadcasts ---------------------------------------------------- */

static const char *const bstatus_names[BS_COUNT] = {
    "sent", "draft", "sending", "scheduled", "paused", "canceled",
};

bool content_bstatus_parse(const char *s, enum sim_bstatus *out)
{
    if (!s)
        return false;
    if (!strcmp(s, "cancelled")) {
        *out = BS_CANCELED;
        return true;
    }
    for (int i = 0; i < BS_COUNT; i++)
        if (!strcmp(s, bstatus_names[i])) {
            *out = (enum sim_bstatus)i;
            return true;
        }
    return false;
}

struct sim_broadcast *content_broadcast_add(struct sim_content *c, enum sim_bstatus status,
                                            const char *name, long template_id, int64_t created_ms)
{
    GROW(c->broadcasts, c->nbroadcasts, c->bcap);
    struct sim_broadcast *b = &c->broadcasts[c->nbroadcasts++];
    b->id = c->next_broadcast_id++;
    b->status = status;
    b->template_id = template_id;
    b->attrs = cJSON_CreateObject();
    cJSON_AddStringToObject(b->attrs, "name", name);
    add_time(b->attrs, "created_at", created_ms);
    return b;
}

/* 3.6 #13: drafts name only their template_id; others carry its subject,
 * to and html. The record has no status key (none is documented); a
 * client knows it from the status it asked for. */
cJSON *content_broadcast_json(struct sim_content *c, const struct sim_broadcast *b)
{
    char id[32];
    snprintf(id, sizeof id, "%ld", b->id);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", id);
    cJSON_AddStringToObject(j, "type", "broadcasts");
    cJSON *a = cJSON_Duplicate(b->attrs, 1);
    cJSON *tpl = cJSON_CreateObject();
    const struct sim_template *t = content_template_by_id(c, b->template_id);
    if (b->status == BS_DRAFT || !t) {
        cJSON_AddNumberToObject(tpl, "template_id", (double)b->template_id);
    } else {
        cJSON_AddItemToObject(tpl, "subject",
                              cJSON_Duplicate(cJSON_GetObjectItem(t->attrs, "subject"), 1));
        cJSON_AddStringToObject(tpl, "to", "{{ visitor.email }}");
        cJSON_AddItemToObject(tpl, "html",
                              cJSON_Duplicate(cJSON_GetObjectItem(t->attrs, "html"), 1));
    }
    cJSON_AddItemToObject(a, "template", tpl);
    cJSON_AddItemToObject(j, "attributes", a);
    return j;
}

/* ---- sequences and workflows --------------------------------------- */

static struct sim_flow *flow_add(struct sim_flow **arr, size_t *n, size_t *cap, const char *id,
                                 cJSON *attrs)
{
    GROW(*arr, *n, *cap);
    struct sim_flow *f = &(*arr)[(*n)++];
    memset(f, 0, sizeof *f);
    f->id = strdup(id);
    if (!f->id)
        abort();
    f->attrs = attrs;
    return f;
}

struct sim_flow *content_sequence_add(struct sim_content *c, const char *id, cJSON *attrs)
{
    return flow_add(&c->sequences, &c->nsequences, &c->scap, id, attrs);
}

struct sim_flow *content_workflow_add(struct sim_content *c, const char *id, cJSON *attrs)
{
    return flow_add(&c->workflows, &c->nworkflows, &c->wcap, id, attrs);
}

void content_flow_add_template(struct sim_flow *f, long template_id)
{
    GROW(f->template_ids, f->ntemplates, f->cap);
    f->template_ids[f->ntemplates++] = template_id;
}

struct sim_flow *content_flow_find(struct sim_flow *arr, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++) {
        const char *prefix = cJSON_GetStringValue(cJSON_GetObjectItem(arr[i].attrs, "prefix_id"));
        if (!strcmp(arr[i].id, id) || (prefix && !strcmp(prefix, id)))
            return &arr[i];
    }
    return NULL;
}

cJSON *content_flow_json(struct sim_content *c, const struct sim_flow *f, const char *type)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", f->id);
    cJSON_AddStringToObject(j, "type", type);
    cJSON *a = cJSON_Duplicate(f->attrs, 1);
    cJSON *list = cJSON_AddArrayToObject(a, "email_templates");
    for (size_t i = 0; i < f->ntemplates; i++) {
        const struct sim_template *t = content_template_by_id(c, f->template_ids[i]);
        if (t)
            cJSON_AddItemToArray(list, content_template_entry(t));
    }
    cJSON_AddItemToObject(j, "attributes", a);
    return j;
}

/* ---- shared by the list and create handlers ------------------------ */

static long param_long(const struct sim_req *r, const char *name, long def)
{
    const char *v = sim_param(r, name);
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    return v && *v && !*end && n > 0 ? n : def;
}

void sim_page_slice(const struct sim_req *r, long def, long max, size_t n, size_t *from, size_t *to)
{
    long page = r->page ? r->page : param_long(r, "page", 1);
    long per = param_long(r, "per_page", def);
    if (per > max)
        per = max;
    size_t start = (size_t)(page - 1) * (size_t)per;
    if (page > 1000000 || start >= n) {
        *from = *to = n;
        return;
    }
    *from = start;
    *to = n - start < (size_t)per ? n : start + (size_t)per;
}

void sim_errors_add(cJSON **errs, const char *field, const char *msg)
{
    if (!*errs)
        *errs = cJSON_CreateObject();
    cJSON *list = cJSON_GetObjectItemCaseSensitive(*errs, field);
    if (!list)
        list = cJSON_AddArrayToObject(*errs, field);
    cJSON_AddItemToArray(list, cJSON_CreateString(msg));
}
