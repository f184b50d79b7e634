/* The account's content: broadcasts, sequences, workflows and their email
 * templates (bento-api.md 3.6, 3.7, addendum A.1 and A.2). Requests to
 * hand to the client (client.h), and the decoders its worker runs on the
 * answers. Decoders are lenient as decode.h's are: every key optional, at
 * the record's top level or under "attributes" (and for template entries
 * in camelCase too), ids as string or number. Strings are owned and
 * stored as the server sent them; sanitise before drawing. */
#ifndef BENTO_CONTENT_H
#define BENTO_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "bento/error.h"

struct bento_request;

/* Counts are -1 and rates negative when the server left them out. */
struct bento_content_stats {
    long sent, opened, clicked; /* a broadcast's recipients, total_opens, total_clicks */
    double open_rate, click_rate;
};

struct bento_broadcast {
    char *id;
    char *name;
    char *subject; /* template.subject; NULL for drafts, which name only */
    char *html;    /* template.html */
    char *to;
    char *template_id; /* template.template_id (drafts) */
    char *share_url;
    char *created_at, *send_at, *sent_at; /* sent_at: sent_final_batch_at */
    struct bento_content_stats stats;
};

struct bento_broadcast_list {
    struct bento_broadcast *items;
    size_t count;
};

struct bento_broadcast_created {
    char *id, *template_id, *name, *dashboard_url;
};

struct bento_broadcast_failure {
    long index; /* in the call's broadcasts[], -1 when not given */
    char *name;
    char *error;
};

/* POST /batch/broadcasts: results and failed (-1 when absent), and the
 * Node SDK 2.0.0 shape's lists when Bento sends them. */
struct bento_broadcast_batch {
    long results, failed;
    struct bento_broadcast_created *created;
    size_t created_count;
    struct bento_broadcast_failure *failures;
    size_t failure_count;
};

/* One email of a sequence or workflow (email_templates[] entry), or of
 * workflow statistics. delay_count is -1 when absent. */
struct bento_email_entry {
    char *id;
    char *subject;
    char *name;
    char *inbox_snippet;
    char *delay_interval;
    long delay_count;
    bool has_stats; /* false for "stats": null or none */
    struct bento_content_stats stats;
};

/* A sequence or a workflow. id: "id", else attributes.id, else
 * prefix_id (A.2), the id to append emails with. */
struct bento_flow {
    char *id;
    char *prefix_id;
    char *name;
    char *status; /* workflows: live or draft */
    char *created_at;
    struct bento_email_entry *emails;
    size_t email_count;
};

struct bento_flow_list {
    struct bento_flow *items;
    size_t count;
};

struct bento_template {
    bool found; /* false for {"data":null} or {} */
    char *id, *name, *subject, *html, *created_at;
    bool has_stats;
    struct bento_content_stats stats;
};

/* GET /fetch/workflows/:id/stats. No source shows its shape (A.1): the
 * period when given, and per-email counts under email_templates[]. */
struct bento_workflow_stats {
    char *start_date, *end_date;
    long days; /* -1 when absent */
    struct bento_email_entry *emails;
    size_t email_count;
};

/* What a content request decoded into (bento_result.content). */
struct bento_content {
    struct bento_broadcast_list broadcasts; /* BROADCASTS_LIST */
    struct bento_broadcast_batch batch;     /* BROADCASTS_CREATE */
    struct bento_flow_list flows;           /* SEQUENCES_LIST, WORKFLOWS_LIST */
    struct bento_template tmpl;             /* TEMPLATE_GET/_UPDATE, SEQUENCE_ADD_EMAIL */
    struct bento_workflow_stats wstats;     /* WORKFLOW_STATS */
};

/* ---- requests (NULL when out of memory or an argument is missing) ---- */

/* status NULL: Bento's default (sent); page, per_page 0: not sent. */
struct bento_request *bento_request_broadcasts_list(const char *status, long page, long per_page);
/* broadcasts: an array of 1..BENTO_CAP_BROADCASTS drafts (copied); one
 * call, at most once (a repeat would make the drafts twice). */
#define BENTO_CAP_BROADCASTS 100
struct bento_request *bento_request_broadcasts_create(const cJSON *broadcasts);
struct bento_request *bento_request_sequences_list(long page);
/* email_template: {"subject","html",...} (copied); at most once. */
struct bento_request *bento_request_sequence_add_email(const char *sequence_id,
                                                       const cJSON *email_template);
struct bento_request *bento_request_template_get(const char *id);
/* Only subject and html can change; NULL leaves one as it is, and at
 * least one is required. At most once. */
struct bento_request *bento_request_template_update(const char *id, const char *subject,
                                                    const char *html);
struct bento_request *bento_request_workflows_list(long page);
/* days > 0, or start_date and end_date (YYYY-MM-DD) together, or
 * neither (Bento's default, 30 days). */
struct bento_request *bento_request_workflow_stats(const char *id, long days,
                                                   const char *start_date, const char *end_date);

/* ---- decoders (0, or -1 with err set and *out left empty) ----------- */

int bento_decode_broadcasts(const char *body, size_t len, struct bento_broadcast_list *out,
                            struct bento_error *err);
int bento_decode_broadcast_batch(const char *body, size_t len, struct bento_broadcast_batch *out,
                                 struct bento_error *err);
int bento_decode_flows(const char *body, size_t len, struct bento_flow_list *out,
                       struct bento_error *err);
int bento_decode_template(const char *body, size_t len, struct bento_template *out,
                          struct bento_error *err);
int bento_decode_workflow_stats(const char *body, size_t len, struct bento_workflow_stats *out,
                                struct bento_error *err);

void bento_content_free(struct bento_content *c);

#endif
