/* One request from arrival to answer. The order of checks follows what a
 * client of Bento sees: the edge's User-Agent block, Rails routing (an
 * unknown path or method is a 404 before any authentication), HTTP Basic
 * auth, then site_uuid, then the per-family rate limit. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sim_internal.h"

#define API_PREFIX "/api/v1"

struct outcome {
    struct sim_reply reply;
    enum sim_family family;
    bool rate_limited;
    const struct sim_fault *fault;
    cJSON *body;
    cJSON *extra;
    int64_t at_ms; /* when the request was handled (after any delay) */
};

static bool ua_blocked(const char *ua)
{
    static const char *const generic[] = {
        "curl/", "python-requests/", "python-urllib/", "go-http-client", "libcurl",
        "wget",  "node-fetch",       "axios",          "okhttp",
    };
    if (!ua)
        return true;
    while (isspace((unsigned char)*ua))
        ua++;
    if (!*ua || strcmp(ua, "Mozilla/5.0") == 0)
        return true;
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if (strncasecmp(ua, generic[i], strlen(generic[i])) == 0)
            return true;
    return false;
}

const char *sim_param(const struct sim_req *r, const char *name)
{
    const char *v = r->conn->arg(r->conn->ctx, name);
    if (v)
        return v;
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r->body, name));
}

/* ---- a libmicrohttpd connection as the pipeline reads it ----------- */

static const char *mhd_header(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_HEADER_KIND, name);
}

static const char *mhd_arg(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

static bool mhd_auth_is(void *ctx, const char *want_user, const char *want_pass)
{
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(ctx, &pass);
    bool ok = user && pass && strcmp(user, want_user) == 0 && strcmp(pass, want_pass) == 0;
    if (user)
        MHD_free(user);
    if (pass)
        MHD_free(pass);
    return ok;
}

static bool auth_ok(const struct bento_sim *s, const struct sim_conn *c)
{
    return c->auth_is(c->ctx, s->opt.publishable_key, s->opt.secret_key);
}

static bool blank(const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)b[i]))
            return false;
    return true;
}

/* Wait for the fault delay, but wake at once when the server stops. */
static void fault_delay(struct bento_sim *s, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->stop_lock);
    int rc = 0;
    while (!s->stopping && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&s->stop_cond, &s->stop_lock, &until);
    pthread_mutex_unlock(&s->stop_lock);
}

static const struct sim_fault *fault_pick(struct bento_sim *s, const char *method, const char *path)
{
    const struct sim_fault *hit = NULL;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nfaults; i++) {
        struct sim_fault *f = &s->faults[i];
        if (!fault_matches(f, method, path))
            continue;
        long n = ++f->seen;
        if (!hit && n > f->after && (!f->times || n <= f->after + f->times))
            hit = f;
    }
    pthread_mutex_unlock(&s->lock);
    return hit;
}

static void fault_reply(const struct sim_fault *f, struct sim_reply *out)
{
    int status = f->status ? f->status : f->hostile ? 422 : 200;
    if (f->html || status == 403)
        reply_html(out, status);
    else if (status == 401) {
        reply_text(out, 401, "HTTP Basic: Access denied.");
        out->www_auth = true;
    } else
        reply_error(out, status, f->hostile ? SIM_HOSTILE_TEXT : "Simulated failure");
}

/* Cut a body short, as a dropped proxy connection would. */
static void truncate_reply(struct sim_reply *out)
{
    size_t n = out->body ? strlen(out->body) : 0;
    if (out->body)
        out->body[n > 1 ? n / 2 : 0] = '\0';
    out->status = 200;
}

static bool rate_ok(struct bento_sim *s, enum sim_family fam, struct sim_reply *out)
{
    int retry = 0;
    pthread_mutex_lock(&s->lock);
    bool ok = fam == FAM_NONE || limiter_take(&s->lim[fam], sim_now_ms(), &retry);
    pthread_mutex_unlock(&s->lock);
    if (!ok) {
        reply_error(out, 429, "Too many requests");
        out->retry_after = retry;
    }
    return ok;
}

static void run_handler(struct bento_sim *s, const struct sim_conn *c, const char *method,
                        const char *path, struct conn_req *cr, struct outcome *o)
{
    char idbuf[128];
    const char *id = NULL;
    const struct sim_route *rt = route_find(method, path, &id, idbuf, sizeof idbuf);
    if (!rt) {
        reply_error(&o->reply, 404, "Not found");
        return;
    }
    if (!auth_ok(s, c)) {
        reply_text(&o->reply, 401, "HTTP Basic: Access denied.");
        o->reply.www_auth = true;
        return;
    }
    if (cr->len && !blank(cr->body, cr->len)) {
        o->body = cJSON_ParseWithLength(cr->body, cr->len);
        if (!o->body) {
            reply_error(&o->reply, 400, "Invalid JSON");
            return;
        }
    }
    struct sim_req r = {
        s, &s->store, c, method, path, id, o->body, o->extra, o->fault ? o->fault->page : 0, false};
    r.swap = o->fault && o->fault->swap;
    /* Experimental endpoints are not scoped to a site. */
    const char *site = sim_param(&r, "site_uuid");
    if (o->family != FAM_EXPERIMENTAL && (!site || strcmp(site, s->opt.site_uuid) != 0)) {
        /* Rails answers a failed Basic auth in plain text, while a bad
         * site_uuid gets the JSON {"error": ...} shape the docs list. The
         * sim keeps the two apart; real Bento may not. */
        reply_error(&o->reply, 401, "Unauthorized");
        return;
    }
    if (!rate_ok(s, o->family, &o->reply)) {
        o->rate_limited = true;
        return;
    }
    pthread_mutex_lock(&s->lock);
    rt->fn(&r, &o->reply);
    pthread_mutex_unlock(&s->lock);
}

static void process(struct bento_sim *s, const struct sim_conn *c, struct conn_req *cr,
                    const char *method, const char *path, bool in_api, struct outcome *o)
{
    const char *ua = c->header(c->ctx, MHD_HTTP_HEADER_USER_AGENT);
    if (cr->too_large)
        reply_error(&o->reply, 413, "Request Entity Too Large");
    else if (ua_blocked(ua))
        reply_html(&o->reply, 403);
    else if (!in_api)
        reply_error(&o->reply, 404, "Not found");
    else
        run_handler(s, c, method, path, cr, o);
}

/* ---- journal ------------------------------------------------------- */

static void collect_emails(const cJSON *item, cJSON *emails)
{
    const char *keys[] = {"email", "to"};
    for (size_t k = 0; k < 2; k++) {
        const char *e = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, keys[k]));
        if (e)
            cJSON_AddItemToArray(emails, cJSON_CreateString(e));
    }
}

static void journal_records(cJSON *entry, const cJSON *body, const struct sim_conn *c)
{
    static const char *const wrappers[] = {"subscribers", "events",     "emails",
                                           "command",     "broadcasts", "subscriber"};
    cJSON *emails = cJSON_CreateArray();
    int records = -1;
    for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++) {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(body, wrappers[i]);
        if (cJSON_IsArray(w)) {
            records = cJSON_GetArraySize(w);
            const cJSON *it;
            cJSON_ArrayForEach(it, w)
                collect_emails(it, emails);
        } else if (cJSON_IsObject(w)) {
            if (i == 3)
                records = 1; /* single-object command */
            collect_emails(w, emails);
        }
    }
    const char *q = c->arg(c->ctx, "email");
    if (q)
        cJSON_AddItemToArray(emails, cJSON_CreateString(q));
    if (records < 0)
        cJSON_AddNullToObject(entry, "records");
    else
        cJSON_AddNumberToObject(entry, "records", records);
    cJSON_AddItemToObject(entry, "emails", emails);
}

static void journal_entry(struct bento_sim *s, const struct sim_conn *c, struct conn_req *cr,
                          const char *method, const char *path, const struct outcome *o)
{
    int64_t ms = sim_now_ms() - cr->start_ms;
    const char *ua = c->header(c->ctx, MHD_HTTP_HEADER_USER_AGENT);
    if (!s->opt.quiet)
        fprintf(stderr, "bento-sim: %s %s -> %d (%lld ms)%s%s\n", method, path, o->reply.status,
                (long long)ms, o->fault ? " fault " : "", o->fault ? o->fault->text : "");
    if (!s->journal.fp)
        return;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "method", method);
    cJSON_AddStringToObject(e, "path", path);
    const char *q = cr->uri ? strchr(cr->uri, '?') : NULL;
    if (q)
        cJSON_AddStringToObject(e, "query", q + 1);
    else
        cJSON_AddNullToObject(e, "query");
    cJSON_AddNumberToObject(e, "status", o->reply.status);
    const char *fam = family_name(o->family);
    if (fam)
        cJSON_AddStringToObject(e, "family", fam);
    else
        cJSON_AddNullToObject(e, "family");
    journal_records(e, o->body, c);
    cJSON_AddBoolToObject(e, "rate_limited", o->rate_limited);
    if (o->reply.status == 429 && o->reply.retry_after_text)
        cJSON_AddStringToObject(e, "retry_after", o->reply.retry_after_text);
    else if (o->reply.status == 429 && o->reply.retry_after >= 0)
        cJSON_AddNumberToObject(e, "retry_after", o->reply.retry_after);
    cJSON_AddNumberToObject(e, "at_ms", (double)o->at_ms);
    if (ua)
        cJSON_AddStringToObject(e, "ua", ua);
    else
        cJSON_AddNullToObject(e, "ua");
    cJSON_AddNumberToObject(e, "ms", (double)ms);
    if (o->fault)
        cJSON_AddStringToObject(e, "fault", o->fault->text);
    const cJSON *x;
    cJSON_ArrayForEach(x, o->extra)
        cJSON_AddItemToObject(e, x->string, cJSON_Duplicate(x, 1));
    journal_write(&s->journal, e);
    cJSON_Delete(e);
}

/* A delayed request is journalled as it starts waiting too, so a test
 * knows the call is in flight. The line has no "method", so it is not
 * counted as a request. */
static void journal_delay(struct bento_sim *s, const char *method, const char *path, int ms)
{
    if (!s->journal.fp)
        return;
    char what[300];
    snprintf(what, sizeof what, "%s %s", method, path);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "delaying", what);
    cJSON_AddNumberToObject(e, "delay_ms", ms);
    cJSON_AddNumberToObject(e, "at_ms", (double)sim_now_ms());
    journal_write(&s->journal, e);
    cJSON_Delete(e);
}

/* ---- answer -------------------------------------------------------- */

/* A body sent one byte at a time, a pause before each but the first. */
struct trickle {
    struct bento_sim *sim;
    char *body;
    size_t len;
    int ms;
};

static ssize_t trickle_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct trickle *t = cls;
    if (pos >= t->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (pos > 0)
        fault_delay(t->sim, t->ms);
    pthread_mutex_lock(&t->sim->stop_lock);
    bool stopping = t->sim->stopping;
    pthread_mutex_unlock(&t->sim->stop_lock);
    if (stopping || max < 1)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    buf[0] = t->body[pos];
    return 1;
}

static void trickle_free(void *cls)
{
    struct trickle *t = cls;
    free(t->body);
    free(t);
}

static struct MHD_Response *trickle_response(struct bento_sim *s, struct sim_reply *rep, int ms)
{
    struct trickle *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->sim = s;
    t->body = rep->body ? rep->body : strdup("");
    t->len = t->body ? strlen(t->body) : 0;
    t->ms = ms;
    rep->body = NULL;
    struct MHD_Response *resp = MHD_create_response_from_callback(t->len, 1, trickle_read, t,
                                                                  trickle_free);
    if (!resp)
        trickle_free(t);
    return resp;
}

static struct MHD_Response *make_response(struct bento_sim *s, struct sim_reply *rep,
                                          int trickle_ms, bool huge)
{
    if (huge)
        return fault_body_huge(s);
    if (trickle_ms)
        return trickle_response(s, rep, trickle_ms);
    const char *body = rep->body ? rep->body : "";
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        strlen(body), (void *)body, rep->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (resp)
        rep->body = NULL;
    return resp;
}

static enum MHD_Result queue(struct bento_sim *s, struct MHD_Connection *c, struct sim_reply *rep,
                             int trickle_ms, bool huge)
{
    struct MHD_Response *resp = make_response(s, rep, trickle_ms, huge);
    if (!resp)
        return MHD_NO;
    if (rep->ctype)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->ctype);
    if (rep->retry_after_text) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, rep->retry_after_text);
    } else if (rep->retry_after >= 0) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", rep->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, buf);
    }
    if (rep->www_auth)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Basic realm=\"Application\"");
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)rep->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

bool sim_handle(struct bento_sim *s, const struct sim_conn *c, struct conn_req *cr, const char *url,
                const char *method, struct sim_reply *out, int *trickle_ms)
{
    size_t plen = strlen(API_PREFIX);
    bool in_api = strncmp(url, API_PREFIX, plen) == 0 && url[plen] == '/';
    const char *path = in_api ? url + plen : url;
    struct outcome o = {.reply = {.retry_after = -1},
                        .family = in_api ? route_family(path) : FAM_NONE};
    o.extra = cJSON_CreateObject();
    o.fault = fault_pick(s, method, path);
    if (o.fault && o.fault->delay_ms) {
        journal_delay(s, method, path, o.fault->delay_ms);
        fault_delay(s, o.fault->delay_ms);
    }
    o.at_ms = sim_now_ms();
    bool answered = !(o.fault && o.fault->reset);
    if (!answered) {
        journal_entry(s, c, cr, method, path, &o); /* status 0: no answer */
    } else {
        if (o.fault && fault_body_replaces(o.fault->body)) {
            fault_body_reply(o.fault, &o.reply);
            if (cr->len && !blank(cr->body, cr->len))
                o.body = cJSON_ParseWithLength(cr->body, cr->len);
        } else if (o.fault && (o.fault->status || o.fault->html || o.fault->hostile)) {
            fault_reply(o.fault, &o.reply);
            /* The journal still names the records a faulted call carried,
             * so a test can tell a retry of the same part from a skip. */
            if (cr->len && !blank(cr->body, cr->len))
                o.body = cJSON_ParseWithLength(cr->body, cr->len);
        } else {
            process(s, c, cr, method, path, in_api, &o);
            if (o.fault && o.fault->body)
                fault_body_transform(o.fault, &o.reply);
        }
        if (o.fault && o.fault->truncate)
            truncate_reply(&o.reply);
        if (o.fault && o.fault->retry_after)
            o.reply.retry_after = o.fault->retry_after;
        if (o.fault && o.fault->retry_after_text[0])
            o.reply.retry_after_text = o.fault->retry_after_text;
        journal_entry(s, c, cr, method, path, &o);
        o.reply.huge = o.fault && o.fault->body == SIM_BODY_HUGE;
    }
    *out = o.reply;
    *trickle_ms = o.fault ? o.fault->trickle_ms : 0;
    cJSON_Delete(o.body);
    cJSON_Delete(o.extra);
    if (!answered) {
        free(out->body);
        out->body = NULL;
    }
    return answered;
}

enum MHD_Result sim_answer(struct bento_sim *s, struct MHD_Connection *c, struct conn_req *cr,
                           const char *url, const char *method)
{
    const struct sim_conn conn = {mhd_header, mhd_arg, mhd_auth_is, c};
    struct sim_reply reply;
    int trickle_ms = 0;
    enum MHD_Result rc = MHD_NO;
    if (sim_handle(s, &conn, cr, url, method, &reply, &trickle_ms))
        rc = queue(s, c, &reply, trickle_ms, reply.huge);
    free(reply.body);
    return rc;
}
