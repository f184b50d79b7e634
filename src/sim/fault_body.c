/* --fault body=NAME: the answers a client must survive that no handler
 * gives, built from the error shapes and pages Bento is known to send
 * (docs: bento-api.md, "Error body shapes"), plus bodies that test the
 * client's limits and JSON transforms of the normal answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* A canned body replaces the answer; its status is the rule's status=,
 * else this one. A transform keeps the status the handler gave. */
struct body_kind {
    const char *name;
    int status; /* 0: a transform of the normal answer */
    const char *ctype;
    const char *text; /* NULL: built in code */
};

#define JSON_CT "application/json; charset=utf-8"
#define HTML_CT "text/html; charset=UTF-8"

static const struct body_kind kinds[SIM_BODY__COUNT] = {
    [SIM_BODY_NONE] = {"", 0, NULL, NULL},
    [SIM_BODY_ERROR] = {"error", 400, JSON_CT, "{\"error\":\"Simulated failure\"}"},
    [SIM_BODY_MESSAGE] = {"message", 400, JSON_CT, "{\"message\":\"Simulated failure\"}"},
    [SIM_BODY_ERRORS_STRING] = {"errors-string", 400, JSON_CT,
                                "{\"errors\":\"Simulated failure\"}"},
    [SIM_BODY_ERRORS_STRINGS] = {"errors-strings", 400, JSON_CT,
                                 "{\"errors\":[\"Email is invalid\",\"Name can't be blank\"]}"},
    [SIM_BODY_ERRORS_ARRAY] = {"errors-array", 400, JSON_CT,
                               "{\"errors\":[{\"field\":\"email\",\"message\":\"is invalid\"}]}"},
    [SIM_BODY_ERRORS_DETAIL] = {"errors-detail", 400, JSON_CT,
                                "{\"errors\":[{\"field\":\"email\",\"detail\":\"is invalid\"}]}"},
    [SIM_BODY_ERRORS_TITLE] = {"errors-title", 400, JSON_CT,
                               "{\"errors\":[{\"title\":\"Email is invalid\"}]}"},
    [SIM_BODY_ERRORS_HASH] = {"errors-hash", 422, JSON_CT,
                              "{\"errors\":{\"delay_interval_count\":"
                              "[\"must be a positive integer\"]}}"},
    [SIM_BODY_TEXT] = {"text", 401, "text/plain; charset=utf-8", "HTTP Basic: Access denied."},
    [SIM_BODY_AUTHOR] = {"author", 500, JSON_CT,
                         "{\"error\":\"Author not authorized to send on this account\"}"},
    [SIM_BODY_GATEWAY] = {"gateway", 502, HTML_CT, NULL},
    [SIM_BODY_EMPTY] = {"empty", 200, JSON_CT, ""},
    [SIM_BODY_HUGE] = {"huge", 200, JSON_CT, NULL},
    [SIM_BODY_DEEP] = {"deep", 200, JSON_CT, NULL},
    [SIM_BODY_BADUTF8] = {"badutf8", 0, NULL, NULL},
    [SIM_BODY_NULLKEYS] = {"nullkeys", 0, NULL, NULL},
    [SIM_BODY_NOKEYS] = {"nokeys", 0, NULL, NULL},
    [SIM_BODY_IDNUM] = {"idnum", 0, NULL, NULL},
    [SIM_BODY_IDSTR] = {"idstr", 0, NULL, NULL},
};

bool fault_body_parse(const char *name, int *out)
{
    for (int i = 1; i < SIM_BODY__COUNT; i++)
        if (strcmp(kinds[i].name, name) == 0) {
            *out = i;
            return true;
        }
    return false;
}

bool fault_body_replaces(int body)
{
    return body > SIM_BODY_NONE && body < SIM_BODY__COUNT && kinds[body].status != 0;
}

/* What a proxy in front of Rails answers when the app is down. */
static char *gateway_page(int status)
{
    const char *what = status == 503   ? "Service Unavailable"
                       : status == 504 ? "Gateway Timeout"
                                       : "Bad Gateway";
    char page[512];
    snprintf(page, sizeof page,
             "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n"
             "<center><h1>%d %s</h1></center>\r\n<hr><center>nginx</center>\r\n"
             "</body>\r\n</html>\r\n",
             status, what, status, what);
    return strdup(page);
}

static char *deep_body(void)
{
    size_t n = SIM_DEEP_LEVELS;
    char *b = malloc(2 * n + 1);
    if (!b)
        abort();
    memset(b, '[', n);
    memset(b + n, ']', n);
    b[2 * n] = '\0';
    return b;
}

void fault_body_reply(const struct sim_fault *f, struct sim_reply *out)
{
    const struct body_kind *k = &kinds[f->body];
    int status = f->status ? f->status : k->status;
    char *text = k->text                    ? strdup(k->text)
                 : f->body == SIM_BODY_DEEP ? deep_body()
                 : f->body == SIM_BODY_HUGE ? strdup("")
                                            : gateway_page(status);
    if (!text)
        abort();
    free(out->body);
    out->status = status;
    out->body = text;
    out->ctype = k->ctype;
    out->www_auth = status == 401;
}

/* ---- transforms of the normal answer ---------------------------------- */

static void put_string(cJSON *item, const char *s)
{
    char *copy = strdup(s);
    if (!copy)
        abort();
    if (!(item->type & cJSON_IsReference))
        free(item->valuestring);
    item->valuestring = copy;
}

/* Every string gets bytes that are not UTF-8 in the middle. */
static void add_bad_bytes(cJSON *item)
{
    static const char bad[] = "\xff\xfe\xc3(end";
    size_t n = strlen(item->valuestring);
    char *buf = malloc(n + sizeof bad);
    if (!buf)
        abort();
    memcpy(buf, item->valuestring, n);
    memcpy(buf + n, bad, sizeof bad);
    put_string(item, buf);
    free(buf);
}

static bool is_id_key(const char *k)
{
    return k && strcmp(k, "id") == 0;
}

static void id_to_number(cJSON *item, long *next)
{
    char *end;
    double v = strtod(item->valuestring, &end);
    if (end == item->valuestring || *end)
        v = (double)++*next; /* a uuid has no number: a made-up one */
    free(item->valuestring);
    item->valuestring = NULL;
    item->type = cJSON_Number;
    cJSON_SetNumberValue(item, v);
}

static void id_to_string(cJSON *item)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", item->valuedouble);
    item->type = cJSON_String;
    item->valuestring = NULL;
    put_string(item, buf);
}

static void make_null(cJSON *item)
{
    if (cJSON_IsString(item) && !(item->type & cJSON_IsReference))
        free(item->valuestring);
    item->valuestring = NULL;
    item->type = cJSON_NULL | (item->type & cJSON_StringIsConst);
}

static void transform(cJSON *item, int body, long *next)
{
    cJSON *c = item->child;
    while (c) {
        cJSON *after = c->next;
        bool leaf = !cJSON_IsObject(c) && !cJSON_IsArray(c);
        if (body == SIM_BODY_BADUTF8 && cJSON_IsString(c))
            add_bad_bytes(c);
        else if (body == SIM_BODY_IDNUM && is_id_key(c->string) && cJSON_IsString(c))
            id_to_number(c, next);
        else if (body == SIM_BODY_IDSTR && is_id_key(c->string) && cJSON_IsNumber(c))
            id_to_string(c);
        else if (body == SIM_BODY_NULLKEYS && leaf && c->string)
            make_null(c);
        else if (body == SIM_BODY_NOKEYS && leaf && c->string)
            cJSON_Delete(cJSON_DetachItemViaPointer(item, c));
        else if (!leaf)
            transform(c, body, next);
        c = after;
    }
}

void fault_body_transform(const struct sim_fault *f, struct sim_reply *out)
{
    cJSON *j = out->body ? cJSON_Parse(out->body) : NULL;
    if (!j)
        return; /* not JSON (a 404 page): nothing to change */
    long next = 0;
    transform(j, f->body, &next);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (!text)
        abort();
    free(out->body);
    out->body = text;
}

/* ---- body=huge: 50 MB of tags, made as it is sent ---------------------- */

#define HUGE_HEAD "{\"data\":["
#define HUGE_TAIL "]}"
#define HUGE_RECORD                                                  \
    ",{\"id\":\"%09ld\",\"type\":\"tags\",\"attributes\":{\"name\":" \
    "\"generated-tag-%09ld\",\"created_at\":\"2024-01-01T00:00:00.000Z\",\"discarded_at\":null}}"

struct huge {
    struct bento_sim *sim;
    long count, next; /* records, and the one being sent */
    char rec[200];
    size_t rec_len, rec_off;
    size_t head_off;
    size_t tail_off;
};

static size_t huge_record(struct huge *h, long i)
{
    int n = snprintf(h->rec, sizeof h->rec, HUGE_RECORD, i, i);
    /* the first record has no comma before it */
    if (i == 0)
        memmove(h->rec, h->rec + 1, (size_t)n--);
    return (size_t)n;
}

static ssize_t huge_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct huge *h = cls;
    size_t n = 0;
    (void)pos;
    pthread_mutex_lock(&h->sim->stop_lock);
    bool stopping = h->sim->stopping;
    pthread_mutex_unlock(&h->sim->stop_lock);
    if (stopping)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    while (n < max) {
        if (h->head_off < sizeof HUGE_HEAD - 1) {
            buf[n++] = HUGE_HEAD[h->head_off++];
        } else if (h->next < h->count) {
            if (h->rec_off == h->rec_len) {
                h->rec_len = huge_record(h, h->next);
                h->rec_off = 0;
            }
            size_t take = h->rec_len - h->rec_off < max - n ? h->rec_len - h->rec_off : max - n;
            memcpy(buf + n, h->rec + h->rec_off, take);
            n += take;
            h->rec_off += take;
            if (h->rec_off == h->rec_len) {
                h->next++;
                h->rec_len = h->rec_off = 0;
            }
        } else if (h->tail_off < sizeof HUGE_TAIL - 1) {
            buf[n++] = HUGE_TAIL[h->tail_off++];
        } else {
            break;
        }
    }
    return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

struct MHD_Response *fault_body_huge(struct bento_sim *s)
{
    struct huge *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->sim = s;
    size_t rec = huge_record(h, 1); /* every record after the first is as long */
    h->rec_len = 0;
    size_t fixed = sizeof HUGE_HEAD - 1 + sizeof HUGE_TAIL - 1 - 1;
    h->count = (long)((SIM_HUGE_BYTES - fixed) / rec);
    uint64_t total = fixed + (uint64_t)h->count * rec;
    struct MHD_Response *resp = MHD_create_response_from_callback(total, 64 * 1024, huge_read, h,
                                                                  free);
    if (!resp)
        free(h);
    return resp;
}
