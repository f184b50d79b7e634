/* /fetch/broadcasts and /batch/broadcasts (bento-api.md 3.6 #13, #14). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim_internal.h"

#define MAX_BROADCASTS 100
#define PAGE_SIZE 25      /* CLI README: Bento's pages hold 25 */
#define MAX_PAGE_SIZE 100 /* what the CLI asks for with per_page */

/* Newest first, so a draft created between two page requests pushes the
 * last record of one page onto the next: pages can repeat, as the CLI's
 * de-duplication by id expects. */
void h_broadcasts_list(struct sim_req *r, struct sim_reply *out)
{
    struct sim_content *c = &r->st->content;
    enum sim_bstatus want = BS_SENT; /* omitted or unknown: sent */
    content_bstatus_parse(sim_param(r, "status"), &want);
    size_t n = 0;
    const struct sim_broadcast **hits = malloc((c->nbroadcasts + 1) * sizeof *hits);
    if (!hits)
        abort();
    for (size_t i = c->nbroadcasts; i-- > 0;)
        if (c->broadcasts[i].status == want)
            hits[n++] = &c->broadcasts[i];
    size_t from, to;
    sim_page_slice(r, PAGE_SIZE, MAX_PAGE_SIZE, n, &from, &to);
    cJSON *data = cJSON_CreateArray();
    for (size_t i = from; i < to; i++)
        cJSON_AddItemToArray(data, content_broadcast_json(c, hits[i]));
    free(hits);
    reply_json(out, 200, json_data(data));
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static bool blank(const char *v)
{
    while (v && isspace((unsigned char)*v))
        v++;
    return !v || !*v;
}

static bool is_author(const struct sim_store *st, const char *email)
{
    for (size_t i = 0; email && i < st->nauthors; i++)
        if (strcasecmp(st->authors[i].email, email) == 0)
            return true;
    return false;
}

/* type: plain or raw (OAS), html or markdown (Node SDK, CLI); all are
 * accepted since the sources disagree. */
static bool type_ok(const cJSON *b)
{
    static const char *const types[] = {"plain", "raw", "html", "markdown"};
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(b, "type");
    if (!t || cJSON_IsNull(t))
        return true;
    for (size_t i = 0; cJSON_IsString(t) && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(t->valuestring, types[i]))
            return true;
    return false;
}

/* Why this broadcast cannot become a draft, or NULL. */
static const char *refusal(const struct sim_store *st, const cJSON *b)
{
    if (!cJSON_IsObject(b))
        return "broadcast must be an object";
    if (blank(str(b, "name")))
        return "name can't be blank";
    if (blank(str(b, "subject")))
        return "subject can't be blank";
    if (blank(str(b, "content")))
        return "content can't be blank";
    const char *from = str(cJSON_GetObjectItemCaseSensitive(b, "from"), "email");
    if (blank(from))
        return "from.email can't be blank";
    if (!is_author(st, from))
        return "Author not authorized to send on this account";
    if (!type_ok(b))
        return "type must be one of plain, raw, html or markdown";
    const cJSON *per = cJSON_GetObjectItemCaseSensitive(b, "batch_size_per_hour");
    if (per && !cJSON_IsNull(per) &&
        (!cJSON_IsNumber(per) || per->valuedouble < 10 || per->valuedouble > 250000))
        return "batch_size_per_hour must be between 10 and 250000"; /* Node SDK mock */
    return NULL;
}

static cJSON *create_draft(struct sim_store *st, const cJSON *b)
{
    struct sim_content *c = &st->content;
    int64_t now = sim_now_ms();
    const struct sim_template *t = content_template_add(c, str(b, "name"), str(b, "subject"),
                                                        str(b, "content"), now);
    struct sim_broadcast *d = content_broadcast_add(c, BS_DRAFT, str(b, "name"), t->id, now);
    cJSON_AddNullToObject(d->attrs, "share_url");
    cJSON_AddNullToObject(d->attrs, "send_at");
    cJSON_AddNullToObject(d->attrs, "sent_final_batch_at");
    cJSON_AddNullToObject(d->attrs, "stats");
    char url[128];
    snprintf(url, sizeof url, "https://app.bentonow.com/account/emails/broadcasts/%ld/edit", d->id);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "id", (double)d->id);
    cJSON_AddNumberToObject(j, "template_id", (double)t->id);
    cJSON_AddStringToObject(j, "name", str(b, "name"));
    cJSON_AddStringToObject(j, "dashboard_url", url);
    return j;
}

static cJSON *failure(int index, const cJSON *b, const char *why)
{
    cJSON *f = cJSON_CreateObject();
    cJSON_AddNumberToObject(f, "index", index);
    const char *name = str(b, "name");
    if (name)
        cJSON_AddStringToObject(f, "name", name);
    else
        cJSON_AddNullToObject(f, "name");
    cJSON_AddStringToObject(f, "error", why);
    return f;
}

/* Each broadcast becomes a draft or a failure on its own; the answer is
 * the Node SDK 2.0.0 fixture's shape. The journal keeps the accepted
 * broadcasts as received, under "drafts". */
void h_broadcasts_create(struct sim_req *r, struct sim_reply *out)
{
    const cJSON *arr = sim_batch_array(r, out, "broadcasts", MAX_BROADCASTS);
    if (!arr)
        return;
    cJSON *j = cJSON_CreateObject();
    cJSON *made = cJSON_CreateArray();
    cJSON *failed = cJSON_CreateArray();
    cJSON *drafts = cJSON_AddArrayToObject(r->journal_extra, "drafts");
    int index = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, arr) {
        const char *why = refusal(r->st, b);
        if (why) {
            cJSON_AddItemToArray(failed, failure(index, b, why));
        } else {
            cJSON_AddItemToArray(made, create_draft(r->st, b));
            cJSON_AddItemToArray(drafts, cJSON_Duplicate(b, 1));
        }
        index++;
    }
    int ok = cJSON_GetArraySize(made), bad = cJSON_GetArraySize(failed);
    cJSON_AddNumberToObject(r->journal_extra, "results", ok);
    cJSON_AddNumberToObject(r->journal_extra, "failed", bad);
    cJSON_AddNumberToObject(j, "results", ok);
    cJSON_AddNumberToObject(j, "failed", bad);
    cJSON_AddItemToObject(j, "broadcasts", made);
    cJSON_AddItemToObject(j, "failures", failed);
    reply_json(out, 200, j);
}
