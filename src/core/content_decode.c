/* Decoders for broadcasts, sequences, workflows and email templates
 * (content.h). Each key is looked up where any source puts it: under
 * "attributes" or on the record, snake_case or camelCase for template
 * entries (bento-api.md A.2), counts and rates as numbers or strings. */
#include "bento/content.h"
#include "bento/decode.h"
#include "decode_json.h"

#include <stdlib.h>
#include <string.h>

static void out_of_memory(struct bento_error *err)
{
    if (err)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading Bento's response");
}

/* The first of the keys present and not null. */
static const cJSON *pick(const cJSON *rec, const char *const *keys)
{
    for (; *keys; keys++) {
        const cJSON *it = bento_json_attr_item(rec, *keys);
        if (it && !cJSON_IsNull(it))
            return it;
    }
    return NULL;
}

#define PICK(rec, ...) pick((rec), (const char *const[]){__VA_ARGS__, NULL})

static long count_of(const cJSON *it)
{
    long v;
    /* a negative count or delay means nothing: as absent */
    return bento_json_long(it, &v) && v >= 0 ? v : -1;
}

static double rate_of(const cJSON *it)
{
    if (cJSON_IsNumber(it))
        return it->valuedouble;
    if (cJSON_IsString(it) && it->valuestring && *it->valuestring) {
        char *end;
        double v = strtod(it->valuestring, &end);
        if (!*end || (end[0] == '%' && !end[1]))
            return v;
    }
    return -1;
}

/* true when stats is an object (null and absent are "no stats"). */
static bool fill_stats(const cJSON *stats, struct bento_content_stats *s)
{
    s->sent = count_of(PICK(stats, "sent", "recipients"));
    s->opened = count_of(PICK(stats, "opened", "total_opens", "opens"));
    s->clicked = count_of(PICK(stats, "clicked", "total_clicks", "clicks"));
    s->open_rate = rate_of(PICK(stats, "open_rate", "openRate"));
    s->click_rate = rate_of(PICK(stats, "click_rate", "clickRate"));
    return cJSON_IsObject(stats);
}

/* cJSON_ArrayForEach walks an object's members too: arrays only. */
static const cJSON *as_array(const cJSON *a)
{
    return cJSON_IsArray(a) ? a : NULL;
}

static char *text(const cJSON *it)
{
    return bento_json_strdup(it);
}

/* ---- template entries ---------------------------------------------- */

static void fill_entry(const cJSON *e, struct bento_email_entry *x)
{
    x->id = text(PICK(e, "id"));
    x->subject = text(PICK(e, "subject"));
    x->name = text(PICK(e, "name"));
    x->inbox_snippet = text(PICK(e, "inbox_snippet", "inboxSnippet"));
    x->delay_interval = text(PICK(e, "delay_interval", "delayInterval"));
    x->delay_count = count_of(PICK(e, "delay_interval_count", "delayIntervalCount"));
    x->has_stats = fill_stats(PICK(e, "stats"), &x->stats);
}

static void entries_free(struct bento_email_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].id);
        free(e[i].subject);
        free(e[i].name);
        free(e[i].inbox_snippet);
        free(e[i].delay_interval);
    }
    free(e);
}

/* The objects of rec's email_templates[] (or emailTemplates). */
static int fill_entries(const cJSON *rec, struct bento_email_entry **out, size_t *count)
{
    const cJSON *arr = PICK(rec, "email_templates", "emailTemplates");
    const cJSON *e;
    size_t n = 0;
    *out = NULL;
    *count = 0;
    cJSON_ArrayForEach(e, as_array(arr))
        n += cJSON_IsObject(e);
    if (!n)
        return 0;
    if (!(*out = calloc(n, sizeof **out)))
        return -1;
    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsObject(e))
            fill_entry(e, &(*out)[(*count)++]);
    return 0;
}

/* ---- lists under "data" -------------------------------------------- */

typedef int (*fill_fn)(const cJSON *rec, void *item);
typedef void (*free_fn)(void *items, size_t n);

/* The records under "data", else the objects of root's alt array (GO
 * and RUST read {"broadcasts": [...]}) when alt is given. */
static int collect(const cJSON *root, const char *alt, const cJSON ***recs, size_t *n)
{
    if (bento_json_records(root, recs, n) != 0)
        return -1;
    const cJSON *arr = alt && !*n ? cJSON_GetObjectItemCaseSensitive(root, alt) : NULL;
    const cJSON *e;
    size_t k = 0;
    cJSON_ArrayForEach(e, as_array(arr))
        k += cJSON_IsObject(e) && e->child;
    if (!k)
        return 0;
    if (!(*recs = malloc(k * sizeof **recs)))
        return -1;
    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsObject(e) && e->child)
            (*recs)[(*n)++] = e;
    return 0;
}

/* A list of the kind want (or also): a list of another kind is refused. */
struct list_kind {
    const char *alt, *want, *also;
};

static int decode_list(const char *body, size_t len, const struct list_kind *kind, size_t size,
                       fill_fn fill, free_fn drop, void **items, size_t *count,
                       struct bento_error *err)
{
    const cJSON **recs = NULL;
    size_t n = 0, done = 0;
    *items = NULL;
    *count = 0;
    cJSON *root = bento_json_parse_object(body, len, err);
    if (!root)
        return -1;
    int rc = collect(root, kind->alt, &recs, &n);
    const char *foreign = rc == 0 && n ? bento_json_record_foreign(recs[0], kind->want, kind->also)
                                       : NULL;
    if (foreign) {
        bento_json_wrong_kind(err, foreign, kind->want, kind->also);
        free(recs);
        cJSON_Delete(root);
        return -1;
    }
    if (rc == 0 && n && !(*items = calloc(n, size)))
        rc = -1;
    for (; rc == 0 && done < n; done++) /* done counts a half-filled record too */
        rc = fill(recs[done], (char *)*items + done * size);
    free(recs);
    cJSON_Delete(root);
    if (rc < 0) {
        drop(*items, done);
        *items = NULL;
        out_of_memory(err);
        return -1;
    }
    *count = n;
    return 0;
}

static void broadcast_clear(struct bento_broadcast *b)
{
    char *const strings[] = {b->id,          b->name,      b->subject,    b->html,    b->to,
                             b->template_id, b->share_url, b->created_at, b->send_at, b->sent_at};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
}

static void broadcasts_drop(void *items, size_t n)
{
    struct bento_broadcast *b = items;
    for (size_t i = 0; i < n; i++)
        broadcast_clear(&b[i]);
    free(items);
}

static int fill_broadcast(const cJSON *rec, void *item)
{
    struct bento_broadcast *b = item;
    const cJSON *tpl = PICK(rec, "template");
    b->id = text(cJSON_GetObjectItemCaseSensitive(rec, "id"));
    b->name = text(PICK(rec, "name"));
    b->subject = text(PICK(tpl, "subject"));
    b->html = text(PICK(tpl, "html"));
    b->to = text(PICK(tpl, "to"));
    b->template_id = text(PICK(tpl, "template_id", "id"));
    if (!b->template_id)
        b->template_id = text(PICK(rec, "template_id"));
    b->share_url = text(PICK(rec, "share_url"));
    b->created_at = text(PICK(rec, "created_at"));
    b->send_at = text(PICK(rec, "send_at"));
    b->sent_at = text(PICK(rec, "sent_final_batch_at", "sent_at"));
    fill_stats(PICK(rec, "stats"), &b->stats);
    return 0;
}

int bento_decode_broadcasts(const char *body, size_t len, struct bento_broadcast_list *out,
                            struct bento_error *err)
{
    void *items;
    static const struct list_kind kind = {"broadcasts", "broadcasts", NULL};
    int rc = decode_list(body, len, &kind, sizeof *out->items, fill_broadcast, broadcasts_drop,
                         &items, &out->count, err);
    out->items = items;
    return rc;
}

static void flows_drop(void *items, size_t n)
{
    struct bento_flow *f = items;
    for (size_t i = 0; i < n; i++) {
        free(f[i].id);
        free(f[i].prefix_id);
        free(f[i].name);
        free(f[i].status);
        free(f[i].created_at);
        entries_free(f[i].emails, f[i].email_count);
    }
    free(items);
}

static int fill_flow(const cJSON *rec, void *item)
{
    struct bento_flow *f = item;
    f->id = text(cJSON_GetObjectItemCaseSensitive(rec, "id"));
    if (!f->id)
        f->id = text(PICK(rec, "id", "prefix_id"));
    f->prefix_id = text(PICK(rec, "prefix_id", "prefixId"));
    f->name = text(PICK(rec, "name"));
    f->status = text(PICK(rec, "status"));
    f->created_at = text(PICK(rec, "created_at"));
    return fill_entries(rec, &f->emails, &f->email_count);
}

int bento_decode_flows(const char *body, size_t len, struct bento_flow_list *out,
                       struct bento_error *err)
{
    void *items;
    static const struct list_kind kind = {NULL, "sequences", "workflows"};
    int rc = decode_list(body, len, &kind, sizeof *out->items, fill_flow, flows_drop, &items,
                         &out->count, err);
    out->items = items;
    return rc;
}

/* ---- one record ---------------------------------------------------- */

/* The record under "data", else the root itself when it looks like one. */
static const cJSON *one_record(const cJSON *root)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (cJSON_IsArray(data))
        data = cJSON_GetArrayItem(data, 0);
    if (cJSON_IsObject(data) && data->child)
        return data;
    if (!data && (cJSON_GetObjectItemCaseSensitive(root, "attributes") ||
                  cJSON_GetObjectItemCaseSensitive(root, "id")))
        return root;
    return NULL;
}

int bento_decode_template(const char *body, size_t len, struct bento_template *out,
                          struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root = bento_json_parse_object(body, len, err);
    if (!root)
        return -1;
    const cJSON *rec = one_record(root);
    const char *foreign = rec ? bento_json_record_foreign(rec, "email_template", NULL) : NULL;
    if (foreign) {
        bento_json_wrong_kind(err, foreign, "email_template", NULL);
        cJSON_Delete(root);
        return -1;
    }
    if (rec) {
        out->found = true;
        out->id = text(cJSON_GetObjectItemCaseSensitive(rec, "id"));
        out->name = text(PICK(rec, "name"));
        out->subject = text(PICK(rec, "subject"));
        out->html = text(PICK(rec, "html"));
        out->created_at = text(PICK(rec, "created_at"));
        out->has_stats = fill_stats(PICK(rec, "stats"), &out->stats);
    }
    cJSON_Delete(root);
    return 0;
}

static void batch_fill(const cJSON *root, struct bento_broadcast_batch *out)
{
    const cJSON *made = cJSON_GetObjectItemCaseSensitive(root, "broadcasts");
    const cJSON *bad = cJSON_GetObjectItemCaseSensitive(root, "failures");
    const cJSON *e;
    out->results = count_of(PICK(root, "results", "result"));
    out->failed = count_of(PICK(root, "failed"));
    cJSON_ArrayForEach(e, as_array(made)) {
        if (!cJSON_IsObject(e))
            continue;
        struct bento_broadcast_created *c = &out->created[out->created_count++];
        c->id = text(PICK(e, "id"));
        c->template_id = text(PICK(e, "template_id"));
        c->name = text(PICK(e, "name"));
        c->dashboard_url = text(PICK(e, "dashboard_url"));
    }
    cJSON_ArrayForEach(e, as_array(bad)) {
        if (!cJSON_IsObject(e))
            continue;
        struct bento_broadcast_failure *f = &out->failures[out->failure_count++];
        f->index = count_of(PICK(e, "index"));
        f->name = text(PICK(e, "name"));
        f->error = text(PICK(e, "error", "message"));
    }
}

static size_t objects_in(const cJSON *arr)
{
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, as_array(arr))
        n += cJSON_IsObject(e);
    return n;
}

int bento_decode_broadcast_batch(const char *body, size_t len, struct bento_broadcast_batch *out,
                                 struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root = bento_json_parse_object(body, len, err);
    if (!root)
        return -1;
    size_t nc = objects_in(cJSON_GetObjectItemCaseSensitive(root, "broadcasts"));
    size_t nf = objects_in(cJSON_GetObjectItemCaseSensitive(root, "failures"));
    out->created = nc ? calloc(nc, sizeof *out->created) : NULL;
    out->failures = nf ? calloc(nf, sizeof *out->failures) : NULL;
    if ((nc && !out->created) || (nf && !out->failures)) {
        free(out->created);
        free(out->failures);
        memset(out, 0, sizeof *out);
        cJSON_Delete(root);
        out_of_memory(err);
        return -1;
    }
    batch_fill(root, out);
    cJSON_Delete(root);
    return 0;
}

int bento_decode_workflow_stats(const char *body, size_t len, struct bento_workflow_stats *out,
                                struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    out->days = -1;
    cJSON *root = bento_json_parse_object(body, len, err);
    if (!root)
        return -1;
    const cJSON *rec = one_record(root);
    if (!rec)
        rec = root;
    out->start_date = text(PICK(rec, "start_date", "startDate"));
    out->end_date = text(PICK(rec, "end_date", "endDate"));
    out->days = count_of(PICK(rec, "days"));
    int rc = fill_entries(rec, &out->emails, &out->email_count);
    cJSON_Delete(root);
    if (rc < 0) {
        free(out->start_date);
        free(out->end_date);
        memset(out, 0, sizeof *out);
        out_of_memory(err);
    }
    return rc;
}

void bento_content_free(struct bento_content *c)
{
    if (!c)
        return;
    broadcasts_drop(c->broadcasts.items, c->broadcasts.count);
    flows_drop(c->flows.items, c->flows.count);
    for (size_t i = 0; i < c->batch.created_count; i++) {
        free(c->batch.created[i].id);
        free(c->batch.created[i].template_id);
        free(c->batch.created[i].name);
        free(c->batch.created[i].dashboard_url);
    }
    for (size_t i = 0; i < c->batch.failure_count; i++) {
        free(c->batch.failures[i].name);
        free(c->batch.failures[i].error);
    }
    free(c->batch.created);
    free(c->batch.failures);
    free(c->tmpl.id);
    free(c->tmpl.name);
    free(c->tmpl.subject);
    free(c->tmpl.html);
    free(c->tmpl.created_at);
    free(c->wstats.start_date);
    free(c->wstats.end_date);
    entries_free(c->wstats.emails, c->wstats.email_count);
    memset(c, 0, sizeof *c);
}
