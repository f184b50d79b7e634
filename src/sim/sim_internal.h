/* Internal structures of the simulator shared by its source files. */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "bento/sim.h"
#include "sim_hostile.h"

/* ---- string -> index map (chained hash) ---------------------------- */
struct strmap_node;
struct strmap {
    struct strmap_node **buckets;
    size_t nbuckets;
    size_t count;
};
void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
bool strmap_get(const struct strmap *m, const char *key, size_t *out);
bool strmap_put(struct strmap *m, const char *key, size_t value);
void strmap_del(struct strmap *m, const char *key);

/* ---- time ---------------------------------------------------------- */
int64_t sim_now_ms(void);
/* "2024-08-06T05:44:04.444Z"; buf must hold 32 bytes. */
void sim_iso(int64_t ms, char *buf);
/* Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[.mmm][Z]". */
bool sim_parse_iso(const char *s, int64_t *ms);

/* ---- account state ------------------------------------------------- */
struct sim_tag {
    long id;
    char *name;
    int64_t created_ms;
    int64_t discarded_ms; /* 0 = active */
};

struct sim_field {
    long id;
    char *key;
    char *name;
    int64_t created_ms;
};

struct sim_sub {
    long id;
    char uuid[33];
    char *email;
    cJSON *fields; /* object, never NULL */
    long *tag_ids;
    size_t ntags, tagcap;
    int64_t created_ms, updated_ms, unsubscribed_ms; /* 0 = subscribed */
    int64_t last_event_ms;                           /* 0 = no event yet */
};

struct sim_author {
    long id;
    const char *name;
    const char *email;
};

/* ---- content: templates, broadcasts, sequences, workflows -------- */
/* An email template. attrs holds the keys GET /fetch/emails/templates/:id
 * answers (name, subject, html, created_at, stats); extra what a sequence
 * email carries besides (inbox_snippet, delay_interval, ...). */
struct sim_template {
    long id;
    cJSON *attrs;
    cJSON *extra;
};

enum sim_bstatus { BS_SENT, BS_DRAFT, BS_SENDING, BS_SCHEDULED, BS_PAUSED, BS_CANCELED, BS_COUNT };

/* attrs: name, share_url, created_at, send_at, sent_final_batch_at, stats;
 * the template is added from template_id when answering. */
struct sim_broadcast {
    long id;
    enum sim_bstatus status;
    long template_id;
    cJSON *attrs;
};

/* A sequence or a workflow: attrs (name, created_at, and prefix_id or
 * status) and its emails in order. */
struct sim_flow {
    char *id;
    cJSON *attrs;
    long *template_ids;
    size_t ntemplates, cap;
};

struct sim_content {
    struct sim_template *templates; /* ids ascending */
    size_t ntemplates, tcap;
    struct sim_broadcast *broadcasts; /* ids ascending */
    size_t nbroadcasts, bcap;
    struct sim_flow *sequences, *workflows;
    size_t nsequences, scap, nworkflows, wcap;
    long next_template_id, next_broadcast_id;
};

struct sim_store {
    struct sim_tag *tags;
    size_t ntags, tagcap;
    struct strmap tag_by_name;
    struct sim_field *fields;
    size_t nfields, fieldcap;
    struct strmap field_by_key;
    struct sim_sub *subs;
    size_t nsubs, subcap;
    struct strmap sub_by_email; /* lower-cased */
    struct strmap sub_by_uuid;
    struct strmap event_keys; /* details.unique.key already applied */
    const struct sim_author *authors;
    size_t nauthors;
    cJSON *sent_emails; /* accepted /batch/emails records */
    struct sim_content content;
    long next_tag_id, next_field_id, next_sub_id;
    int site_id;
};

void store_init(struct sim_store *st);
void store_free(struct sim_store *st);

struct sim_tag *store_tag_find(struct sim_store *st, const char *name);
struct sim_tag *store_tag_by_id(struct sim_store *st, long id);
struct sim_tag *store_tag_add(struct sim_store *st, const char *name, int64_t created_ms);
cJSON *store_tag_json(const struct sim_store *st, const struct sim_tag *t);

struct sim_field *store_field_find(struct sim_store *st, const char *key);
struct sim_field *store_field_add(struct sim_store *st, const char *key, int64_t created_ms);
cJSON *store_field_json(const struct sim_field *f);
/* "this_is_a_key", "thisIsAKey", "this-is-a-key" -> "This Is A Key". */
char *sim_field_name(const char *key);

struct sim_sub *store_sub_find(struct sim_store *st, const char *email);
struct sim_sub *store_sub_by_uuid(struct sim_store *st, const char *uuid);
struct sim_sub *store_sub_add(struct sim_store *st, const char *email, int64_t created_ms);
/* Find or create; *created tells which. */
struct sim_sub *store_sub_upsert(struct sim_store *st, const char *email, bool *created);
bool store_sub_change_email(struct sim_store *st, struct sim_sub *s, const char *email);
void sub_add_tag(struct sim_sub *s, long tag_id);
void sub_remove_tag(struct sim_sub *s, long tag_id);
/* Sets a flat field (value copied) and defines the field if new. */
void store_sub_set_field(struct sim_store *st, struct sim_sub *s, const char *key,
                         const cJSON *value);
void store_sub_tag_by_name(struct sim_store *st, struct sim_sub *s, const char *name);
void store_sub_untag_by_name(struct sim_store *st, struct sim_sub *s, const char *name);
cJSON *store_sub_json(const struct sim_sub *s);

bool sim_email_valid(const char *email);

void content_init(struct sim_content *c);
void content_free(struct sim_content *c);
struct sim_template *content_template_add(struct sim_content *c, const char *name,
                                          const char *subject, const char *html,
                                          int64_t created_ms);
struct sim_template *content_template_by_id(struct sim_content *c, long id);
/* {"id": "N", "type": "email_template", "attributes": {...}} */
cJSON *content_template_json(const struct sim_template *t);
/* One entry of a sequence's or workflow's email_templates[]. */
cJSON *content_template_entry(const struct sim_template *t);
struct sim_broadcast *content_broadcast_add(struct sim_content *c, enum sim_bstatus status,
                                            const char *name, long template_id, int64_t created_ms);
cJSON *content_broadcast_json(struct sim_content *c, const struct sim_broadcast *b);
/* "sent", "draft", ..., "canceled" or "cancelled"; false for anything else. */
bool content_bstatus_parse(const char *s, enum sim_bstatus *out);
struct sim_flow *content_sequence_add(struct sim_content *c, const char *id, cJSON *attrs);
struct sim_flow *content_workflow_add(struct sim_content *c, const char *id, cJSON *attrs);
void content_flow_add_template(struct sim_flow *f, long template_id);
/* By id, or by attributes.prefix_id (sequences are named both ways). */
struct sim_flow *content_flow_find(struct sim_flow *arr, size_t n, const char *id);
cJSON *content_flow_json(struct sim_content *c, const struct sim_flow *f, const char *type);

/* ---- seed ---------------------------------------------------------- */
void seed_demo(struct sim_store *st);
/* --seed hostile: the demo account plus, for each entry of the hostile
 * catalogue (sim_hostile.h), a tag, a field and an author, and
 * hostile@example.com whose names, keys and values are those entries. */
void seed_hostile(struct sim_store *st);
void seed_authors(struct sim_store *st);
void seed_generate(struct sim_store *st, long tags, long subscribers);
/* Broadcasts in every status, three sequences, two workflows. */
void seed_content_demo(struct sim_store *st);
/* A broadcast per catalogue entry (name, subject, body), a sequence and a
 * workflow whose names and emails' subjects are hostile text. */
void seed_content_hostile(struct sim_store *st);
/* --broadcasts N: N generated sent broadcasts, for paging. */
void seed_content_generate(struct sim_store *st, long broadcasts);

/* ---- rate limiter (sliding window) --------------------------------- */
struct sim_limiter {
    int limit; /* 0 = off */
    int64_t window_ms;
    int64_t *stamps; /* ring of the last `limit` accepted requests */
    size_t head, count;
};
bool limiter_init(struct sim_limiter *l, int limit, int64_t window_ms);
void limiter_free(struct sim_limiter *l);
/* true = allowed (and counted); false = over, *retry_s set. */
bool limiter_take(struct sim_limiter *l, int64_t now, int *retry_s);

/* ---- faults -------------------------------------------------------- */
/* --fault body=NAME (fault_body.c). */
enum sim_body {
    SIM_BODY_NONE,
    SIM_BODY_ERROR,
    SIM_BODY_MESSAGE,
    SIM_BODY_ERRORS_STRING,
    SIM_BODY_ERRORS_STRINGS,
    SIM_BODY_ERRORS_ARRAY,
    SIM_BODY_ERRORS_DETAIL,
    SIM_BODY_ERRORS_TITLE,
    SIM_BODY_ERRORS_HASH,
    SIM_BODY_TEXT,
    SIM_BODY_AUTHOR,
    SIM_BODY_GATEWAY,
    SIM_BODY_EMPTY,
    SIM_BODY_HUGE,
    SIM_BODY_DEEP,
    SIM_BODY_BADUTF8,
    SIM_BODY_NULLKEYS,
    SIM_BODY_NOKEYS,
    SIM_BODY_IDNUM,
    SIM_BODY_IDSTR,
    SIM_BODY__COUNT
};
#define SIM_HUGE_BYTES ((uint64_t)50 * 1000 * 1000)
#define SIM_DEEP_LEVELS 100000
struct sim_fault;
struct sim_reply;
struct bento_sim;
bool fault_body_parse(const char *name, int *out);
/* true: the body replaces the answer; false: it transforms the normal one. */
bool fault_body_replaces(int body);
void fault_body_reply(const struct sim_fault *f, struct sim_reply *out);
void fault_body_transform(const struct sim_fault *f, struct sim_reply *out);
/* body=huge: SIM_HUGE_BYTES of a tags list, generated as it is sent. */
struct MHD_Response *fault_body_huge(struct bento_sim *s);

struct sim_fault {
    char *text;
    char method[16]; /* "" = any */
    char *glob;
    int delay_ms;
    int status;
    int retry_after;
    char retry_after_text[64]; /* any other Retry-After value, sent as is */
    int trickle_ms;            /* send the body one byte per trickle_ms */
    bool reset, truncate, html;
    bool hostile;      /* the error message is SIM_HOSTILE_TEXT */
    bool swap;         /* /stats/report: a number for a chart, points for a counter */
    int body;          /* enum sim_body */
    long page;         /* page=N: a list answers page N, whatever was asked */
    long times, after; /* 0 = unlimited / none */
    long seen;
};
bool fault_parse(const char *text, struct sim_fault *f, char *err, size_t errlen);
void fault_free(struct sim_fault *f);
bool fault_matches(const struct sim_fault *f, const char *method, const char *path);

/* ---- journal ------------------------------------------------------- */
struct sim_journal {
    FILE *fp;
    pthread_mutex_t lock;
};
bool journal_open(struct sim_journal *j, const char *path);
void journal_close(struct sim_journal *j);
void journal_write(struct sim_journal *j, const cJSON *entry);

/* ---- replies ------------------------------------------------------- */
struct sim_reply {
    int status;
    char *body; /* malloc'd */
    const char *ctype;
    int retry_after;              /* -1 = no header */
    const char *retry_after_text; /* sent instead when set */
    bool www_auth;
    bool huge; /* --fault body=huge: the body is generated as it is sent */
};
void reply_json(struct sim_reply *out, int status, cJSON *j); /* takes j */
void reply_error(struct sim_reply *out, int status, const char *msg);
void reply_field_error(struct sim_reply *out, int status, const char *field, const char *msg);
void reply_html(struct sim_reply *out, int status);
void reply_text(struct sim_reply *out, int status, const char *text);
/* {"data": [...] } built from a list */
cJSON *json_data(cJSON *data);

/* ---- the server ---------------------------------------------------- */
enum sim_family { FAM_NONE = -1, FAM_FETCH, FAM_BATCH, FAM_EXPERIMENTAL, FAM_STATS, FAM_COUNT };

struct bento_sim {
    struct bento_sim_options opt;
    char *owned[8]; /* copies of option strings */
    struct MHD_Daemon *daemon;
    int port;
    char base_url[160];
    pthread_mutex_t lock; /* store, limiters, fault counters */
    struct sim_store store;
    struct sim_limiter lim[FAM_COUNT];
    struct sim_fault faults[BENTO_SIM_MAX_FAULTS];
    size_t nfaults;
    struct sim_journal journal;
    pthread_mutex_t stop_lock;
    pthread_cond_t stop_cond;
    bool stopping;
};

/* What the pipeline reads of a request besides its target, method and
 * body: libmicrohttpd's connection in the server (pipeline.c), a request
 * made up in memory in fuzz/fuzz_sim_request.c. header and arg return
 * NULL when absent; arg is a query parameter, already decoded; auth_is
 * tells whether Basic auth gave this user and password. */
struct sim_conn {
    const char *(*header)(void *ctx, const char *name);
    const char *(*arg)(void *ctx, const char *name);
    bool (*auth_is)(void *ctx, const char *user, const char *pass);
    void *ctx;
};

struct sim_req {
    struct bento_sim *sim;
    struct sim_store *st;
    const struct sim_conn *conn;
    const char *method;
    const char *path;     /* without /api/v1 */
    const char *id;       /* ":id" path segment, or NULL */
    cJSON *body;          /* parsed JSON body, or NULL */
    cJSON *journal_extra; /* object: keys a handler adds to the journal line */
    long page;            /* a fault's page=N, else 0 */
    bool swap;            /* a fault's swap */
};
/* Query parameter, else a top-level string of the JSON body (Rails merges them). */
const char *sim_param(const struct sim_req *r, const char *name);

typedef void (*sim_handler)(struct sim_req *r, struct sim_reply *out);
struct sim_route {
    const char *method;
    const char *path; /* may end in "/:id" */
    sim_handler fn;
};
const struct sim_route *route_find(const char *method, const char *path, const char **id,
                                   char *idbuf, size_t idlen);
enum sim_family route_family(const char *path);
const char *family_name(enum sim_family f);

/* A simulator with its state set up but no socket (bento_sim_start
 * without listening); NULL with a reason in err. Free with bento_sim_stop. */
struct bento_sim *sim_create(const struct bento_sim_options *o, char *err, size_t errlen);

/* ---- request pipeline (pipeline.c) -------------------------------- */
#define SIM_MAX_BODY (16u * 1024 * 1024)
struct conn_req {
    char *uri; /* raw request target, with the query */
    int64_t start_ms;
    bool started, too_large;
    char *body;
    size_t len, cap;
};
/* The answer to a fully received request (url without the query, cr->uri
 * with it), as sim_answer queues it: false when the connection is to be
 * dropped instead (a reset fault). *trickle_ms: a fault's pause between
 * bytes, else 0. The seam the request fuzzer drives without a socket. */
bool sim_handle(struct bento_sim *s, const struct sim_conn *c, struct conn_req *cr, const char *url,
                const char *method, struct sim_reply *out, int *trickle_ms);
/* Answer a fully received request; returns MHD_NO to drop the connection. */
enum MHD_Result sim_answer(struct bento_sim *s, struct MHD_Connection *c, struct conn_req *cr,
                           const char *url, const char *method);

/* handlers */
void h_tags_list(struct sim_req *r, struct sim_reply *out);
void h_tags_create(struct sim_req *r, struct sim_reply *out);
void h_tags_delete(struct sim_req *r, struct sim_reply *out);
void h_fields_list(struct sim_req *r, struct sim_reply *out);
void h_fields_create(struct sim_req *r, struct sim_reply *out);
void h_subscriber_get(struct sim_req *r, struct sim_reply *out);
void h_subscriber_create(struct sim_req *r, struct sim_reply *out);
void h_search(struct sim_req *r, struct sim_reply *out);
void h_commands(struct sim_req *r, struct sim_reply *out);
void h_authors(struct sim_req *r, struct sim_reply *out);
void h_batch_subscribers(struct sim_req *r, struct sim_reply *out);
void h_batch_events(struct sim_req *r, struct sim_reply *out);
void h_batch_emails(struct sim_req *r, struct sim_reply *out);
void h_stats_site(struct sim_req *r, struct sim_reply *out);
void h_broadcasts_list(struct sim_req *r, struct sim_reply *out);
void h_broadcasts_create(struct sim_req *r, struct sim_reply *out);
void h_sequences_list(struct sim_req *r, struct sim_reply *out);
void h_sequence_add_email(struct sim_req *r, struct sim_reply *out);
void h_template_get(struct sim_req *r, struct sim_reply *out);
void h_template_update(struct sim_req *r, struct sim_reply *out);
void h_workflows_list(struct sim_req *r, struct sim_reply *out);
void h_workflow_stats(struct sim_req *r, struct sim_reply *out);
void h_exp_validation(struct sim_req *r, struct sim_reply *out);
void h_exp_gender(struct sim_req *r, struct sim_reply *out);
void h_exp_geolocation(struct sim_req *r, struct sim_reply *out);
void h_exp_blacklist(struct sim_req *r, struct sim_reply *out);
void h_exp_moderation(struct sim_req *r, struct sim_reply *out);
void h_exp_ruleset(struct sim_req *r, struct sim_reply *out);

/* shared by the import paths: apply one flat subscriber record.
 * Returns false (and changes nothing) when the record is invalid. */
bool sim_import_record(struct sim_store *st, const cJSON *rec, int64_t now, bool *created);
/* The wrapper array of a batch body (1..max records), or NULL with the
 * 400 already in out. */
const cJSON *sim_batch_array(struct sim_req *r, struct sim_reply *out, const char *key, int max);
/* {"results": N, "failed": M} */
void reply_counts(struct sim_reply *out, int results, int failed);
/* page (from 1) and per_page (1..max, else def) of a list request; the
 * slice [*from, *to) of n records that page covers. */
void sim_page_slice(const struct sim_req *r, long def, long max, size_t n, size_t *from,
                    size_t *to);
/* {"errors": {"FIELD": ["MSG"]}} (Rails' errors hash), added to *errs. */
void sim_errors_add(cJSON **errs, const char *field, const char *msg);
/* "param is missing or the value is empty: NAME" (Rails ParameterMissing). */
void reply_param_missing(struct sim_reply *out, const char *name);

#endif
