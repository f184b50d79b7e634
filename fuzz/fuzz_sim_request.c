/* The simulator's request pipeline (src/sim: routing, the :id segment,
 * query and JSON body parameters, auth, the User-Agent check, the
 * handlers and the journal) on requests made up in memory, through
 * sim_handle() without libmicrohttpd's sockets. A fresh demo account
 * takes up to four requests, so one can change what the next one sees.
 *
 * Input: a flag byte, then per request four NUL-separated parts: the
 * method, the target (path and query; one not starting with '/' gets
 * /api/v1/ in front), header lines ("Name: value") and the body. Flags:
 * bit 0 wrong Basic auth, bit 1 a rate limit of one request, bit 2
 * search enabled, bit 3 the hostile seed, bit 4 the empty seed.
 *
 * Checked: every request is answered with a status from 100 to 599 and
 * a body that is JSON when its type says so (else the plain text or HTML
 * page); the account stays consistent (each name, key, address and uuid
 * indexed once, at its record; a subscriber's tags exist; ids ascend);
 * nothing crashes or leaks. What libmicrohttpd itself parses (the
 * request line, header framing, percent-decoding, Basic auth's base64)
 * is its own and stands in here as a simple query splitter and a flag. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_util.h"
#include "sim/sim_internal.h"

#define REQUESTS 4
#define MAX_ARGS 32
#define MAX_HEADERS 16

struct fake {
    char *names[MAX_ARGS], *values[MAX_ARGS];
    size_t nargs;
    char *hnames[MAX_HEADERS], *hvalues[MAX_HEADERS];
    size_t nheaders;
    bool wrong_auth;
};

static int hex(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* In place: %XX and '+' as a browser's form encoding means them. */
static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        int hi, lo;
        if (*r == '+')
            *w++ = ' ';
        else if (*r == '%' && (hi = hex((unsigned char)r[1])) >= 0 &&
                 (lo = hex((unsigned char)r[2])) >= 0 && (hi || lo))
            *w++ = (char)(hi * 16 + lo), r += 2;
        else
            *w++ = *r;
    }
    *w = '\0';
}

static void parse_query(struct fake *f, char *q)
{
    for (char *part = strtok(q, "&"); part && f->nargs < MAX_ARGS; part = strtok(NULL, "&")) {
        char *eq = strchr(part, '=');
        if (eq)
            *eq++ = '\0';
        unescape(part);
        if (eq)
            unescape(eq);
        f->names[f->nargs] = part;
        f->values[f->nargs++] = eq;
    }
}

static void parse_headers(struct fake *f, char *text)
{
    for (char *line = strtok(text, "\r\n"); line && f->nheaders < MAX_HEADERS;
         line = strtok(NULL, "\r\n")) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon++ = '\0';
        while (*colon == ' ')
            colon++;
        f->hnames[f->nheaders] = line;
        f->hvalues[f->nheaders++] = colon;
    }
}

static const char *fake_header(void *ctx, const char *name)
{
    struct fake *f = ctx;
    for (size_t i = 0; i < f->nheaders; i++)
        if (!strcasecmp(f->hnames[i], name))
            return f->hvalues[i];
    if (!strcasecmp(name, "User-Agent"))
        return "bento-console/fuzz"; /* most inputs are about more than the UA check */
    return NULL;
}

static const char *fake_arg(void *ctx, const char *name)
{
    struct fake *f = ctx;
    for (size_t i = 0; i < f->nargs; i++)
        if (!strcmp(f->names[i], name))
            return f->values[i];
    return NULL;
}

static bool fake_auth_is(void *ctx, const char *user, const char *pass)
{
    struct fake *f = ctx;
    return !f->wrong_auth && user && pass;
}

static void check_reply(const struct sim_reply *r)
{
    FUZZ_CHECK(r->status >= 100 && r->status <= 599, "every request gets a status 100-599");
    FUZZ_CHECK(r->body != NULL && r->ctype != NULL, "every answer has a body and a type");
    if (!strncmp(r->ctype, "application/json", 16)) {
        cJSON *j = cJSON_Parse(r->body);
        FUZZ_CHECK(j != NULL, "a JSON answer parses");
        cJSON_Delete(j);
    } else {
        FUZZ_CHECK(!strncmp(r->ctype, "text/plain", 10) || !strncmp(r->ctype, "text/html", 9),
                   "an answer that is not JSON is the plain text or HTML page");
    }
    if (r->status == 429)
        FUZZ_CHECK(r->retry_after >= 0 || r->retry_after_text, "a 429 says when to retry");
}

static void check_index(const struct strmap *m, const char *key, size_t at, const char *what)
{
    size_t i = (size_t)-1;
    FUZZ_CHECK(strmap_get(m, key, &i) && i == at, what);
}

static char *lower(const char *s)
{
    char *d = strdup(s);
    FUZZ_CHECK(d != NULL, "memory");
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

static void check_subs(struct sim_store *st)
{
    FUZZ_CHECK(st->sub_by_email.count == st->nsubs && st->sub_by_uuid.count == st->nsubs,
               "each subscriber is indexed once by address and once by uuid");
    for (size_t i = 0; i < st->nsubs; i++) {
        const struct sim_sub *s = &st->subs[i];
        char *k = lower(s->email);
        check_index(&st->sub_by_email, k, i, "a subscriber's address finds it");
        free(k);
        check_index(&st->sub_by_uuid, s->uuid, i, "a subscriber's uuid finds it");
        FUZZ_CHECK(i == 0 || st->subs[i - 1].id < s->id, "subscriber ids ascend");
        FUZZ_CHECK(cJSON_IsObject(s->fields), "a subscriber's fields are an object");
        FUZZ_CHECK(s->ntags <= s->tagcap || !s->ntags, "tag count within its array");
        for (size_t t = 0; t < s->ntags; t++) {
            FUZZ_CHECK(store_tag_by_id(st, s->tag_ids[t]) != NULL, "a subscriber's tag exists");
            for (size_t u = 0; u < t; u++)
                FUZZ_CHECK(s->tag_ids[u] != s->tag_ids[t], "a subscriber has a tag once");
        }
    }
}

static void check_store(struct sim_store *st)
{
    FUZZ_CHECK(st->tag_by_name.count == st->ntags, "each tag is indexed once");
    for (size_t i = 0; i < st->ntags; i++) {
        check_index(&st->tag_by_name, st->tags[i].name, i, "a tag's name finds it");
        FUZZ_CHECK(i == 0 || st->tags[i - 1].id < st->tags[i].id, "tag ids ascend");
    }
    FUZZ_CHECK(st->field_by_key.count == st->nfields, "each field is indexed once");
    for (size_t i = 0; i < st->nfields; i++)
        check_index(&st->field_by_key, st->fields[i].key, i, "a field's key finds it");
    check_subs(st);
    const struct sim_content *c = &st->content;
    for (size_t i = 1; i < c->ntemplates; i++)
        FUZZ_CHECK(c->templates[i - 1].id < c->templates[i].id, "template ids ascend");
    for (size_t i = 1; i < c->nbroadcasts; i++)
        FUZZ_CHECK(c->broadcasts[i - 1].id < c->broadcasts[i].id, "broadcast ids ascend");
}

static void one_request(struct bento_sim *s, char **part, bool wrong_auth)
{
    struct fake f = {.wrong_auth = wrong_auth};
    const char *method = part[0] ? part[0] : "GET";
    const char *target = part[1] ? part[1] : "";
    size_t tlen = strlen(target) + 16;
    char *uri = malloc(tlen), *headers = strdup(part[2] ? part[2] : "");
    FUZZ_CHECK(uri && headers, "memory");
    snprintf(uri, tlen, "%s%s", target[0] == '/' ? "" : "/api/v1/", target);
    char *url = strdup(uri); /* the path the server is handed, without the query */
    FUZZ_CHECK(url != NULL, "memory");
    char *q = strchr(url, '?');
    if (q)
        *q++ = '\0', parse_query(&f, q);
    parse_headers(&f, headers);
    struct conn_req cr = {.uri = uri, .start_ms = sim_now_ms(), .started = true};
    cr.body = part[3];
    cr.len = part[3] ? strlen(part[3]) : 0;
    const struct sim_conn conn = {fake_header, fake_arg, fake_auth_is, &f};
    struct sim_reply reply;
    int trickle = -1;
    FUZZ_CHECK(sim_handle(s, &conn, &cr, url, method, &reply, &trickle),
               "without a reset fault every request is answered");
    FUZZ_CHECK(trickle == 0, "no fault, no trickle");
    check_reply(&reply);
    free(reply.body);
    free(url);
    free(uri);
    free(headers);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    struct bento_sim_options o;
    bento_sim_options_default(&o);
    o.quiet = true;
    o.journal_path = "/dev/null"; /* the journal's code runs too */
    o.rate_limit = flags & 2 ? 1 : 100;
    o.search_enabled = flags & 4;
    o.seed = flags & 8 ? "hostile" : flags & 16 ? "empty" : "demo";
    char err[200];
    struct bento_sim *s = sim_create(&o, err, sizeof err);
    FUZZ_CHECK(s != NULL, "the simulator starts");
    char *parts[REQUESTS * 4];
    size_t n = fuzz_split(data + 1, size - 1, parts, REQUESTS * 4);
    for (size_t i = 0; i < n; i += 4) {
        one_request(s, parts + i, flags & 1);
        check_store(&s->store);
    }
    fuzz_parts_free(parts, REQUESTS * 4);
    bento_sim_stop(s);
    return 0;
}
