/* Decoded API records. Every string is owned, NUL-terminated and may be
 * NULL when the server omitted it: malloc'd one by one, except in a list
 * with an arena, where the list's free releases them all at once (never
 * free or realloc one of those; copy what outlives the list). Strings are stored as the
 * server sent them; sanitise before drawing (sanitize.h). */
#ifndef BENTO_MODEL_H
#define BENTO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

struct bento_arena; /* the strings of one decoded list */

struct bento_tag {
    char *id; /* ids arrive as string or number; kept as text */
    char *name;
    char *created_at;
    char *discarded_at; /* NULL when active */
};

struct bento_tag_list {
    struct bento_tag *items;
    size_t count;
    struct bento_arena *arena; /* holds the strings; NULL: each is malloc'd */
};

struct bento_field {
    char *id;
    char *key;
    char *name;
    char *created_at;
    int whitelisted; /* 1, 0, or -1 for null/absent */
};

struct bento_field_list {
    struct bento_field *items;
    size_t count;
    struct bento_arena *arena; /* holds the strings; NULL: each is malloc'd */
};

struct bento_subscriber {
    bool found; /* false for 200 {"data":null}, {} or empty data */
    char *id;
    char *uuid;
    char *email;
    char *unsubscribed_at; /* NULL means subscribed */
    char *navigation_url;
    cJSON *fields; /* object of custom fields, owned; may be NULL */
    char **tag_ids;
    size_t tag_id_count;
};

struct bento_author {
    char *id;
    char *name;
    char *email;
};

struct bento_author_list {
    struct bento_author *items;
    size_t count;
    struct bento_arena *arena; /* holds the strings; NULL: each is malloc'd */
};

/* Counters of a batch write or commands call, summed over its parts. */
struct bento_batch_counts {
    long results;
    long failed;
    size_t parts_total;  /* HTTP calls the request was split into */
    size_t parts_done;   /* calls acknowledged by the server */
    size_t records_sent; /* records in acknowledged calls */
};

struct bento_site_stats {
    long user_count; /* -1 when absent */
    long subscriber_count;
    long unsubscriber_count;
};

/* /experimental/validation's answer. A zeroed record has no verdict. */
enum bento_verdict {
    BENTO_VERDICT_NONE = 0, /* the answer held no "valid" ({} or null) */
    BENTO_VERDICT_VALID,
    BENTO_VERDICT_INVALID
};

struct bento_validation {
    enum bento_verdict verdict;
    char **reasons; /* "reasons" when Bento gives any (as its sibling
                              * experimental checks do); may be empty */
    size_t reason_count;
};

void bento_tag_list_free(struct bento_tag_list *l);
void bento_field_list_free(struct bento_field_list *l);
void bento_subscriber_free(struct bento_subscriber *s);
void bento_author_list_free(struct bento_author_list *l);
void bento_validation_free(struct bento_validation *v);

#endif
