/* Bento's experimental checks (bento-api.md 3.10): Jesse's B2B ruleset,
 * the domain and IP blacklists, content moderation and the gender guess
 * (email validation is bento_request_email_validate, request.h). Requests
 * to hand to the client, and lenient decoders: every key optional, a
 * "data" wrapper (object or one-element array) read as well, booleans as
 * JSON booleans, 0/1 or "true"/"false". Strings are owned and stored as
 * the server sent them; sanitise before drawing. */
#ifndef BENTO_CHECKS_H
#define BENTO_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include "bento/error.h"
#include "bento/model.h"

struct bento_request;

/* One provider of a blacklist answer (a key of "results"). */
struct bento_blacklist_hit {
    char *name;
    int listed; /* 1 listed (true = a problem), 0 clean, -1 no readable answer */
};

struct bento_blacklist {
    char *query; /* the domain or IP Bento looked up; NULL when not echoed */
    char *description;
    bool results_null; /* "results": null, which DOCS-old says means all
                        * clean; no results key and no hits: no answer */
    struct bento_blacklist_hit *hits;
    size_t hit_count;
};

struct bento_moderation {
    struct bento_validation v; /* valid and reasons */
    char *safe_content;        /* safe_original_content, NULL when absent */
};

struct bento_gender {
    char *gender;      /* NULL when Bento does not know */
    double confidence; /* 0..1, negative when absent or null */
};

/* What a check decoded into (bento_result.checks); the ruleset lands in
 * bento_result.validation, as email validation does. */
struct bento_checks {
    struct bento_blacklist blacklist;   /* CHECK_BLACKLIST */
    struct bento_moderation moderation; /* CHECK_MODERATION */
    struct bento_gender gender;         /* CHECK_GENDER */
};

/* ---- requests (NULL when out of memory or an argument is missing) ---- */

/* POST /experimental/jesses_ruleset: email, block_free_providers and
 * wiggleroom (sent as wiggle_room too), in the query and a JSON body. */
struct bento_request *bento_request_check_ruleset(const char *email, bool block_free,
                                                  bool wiggle_room);
/* GET /experimental/blacklist?domain= (no protocol), or ?ip= when is_ip. */
struct bento_request *bento_request_check_blacklist(const char *query, bool is_ip);
/* POST /experimental/content_moderation with {"content": ...} (a body:
 * the text may be long). */
struct bento_request *bento_request_check_moderation(const char *content);
/* POST /experimental/gender: name in the query and a JSON body. */
struct bento_request *bento_request_check_gender(const char *name);

/* ---- decoders (0, or -1 with err set and *out left empty) ----------- */

/* The documented {"query","description","results":{...}}, DOCS-old's
 * {"data": [ {...} ]}, a bare array (DOTNET takes element 0), and
 * results null. */
int bento_decode_blacklist(const char *body, size_t len, struct bento_blacklist *out,
                           struct bento_error *err);
int bento_decode_moderation(const char *body, size_t len, struct bento_moderation *out,
                            struct bento_error *err);
/* confidence as a number or a numeric string; nulls are "unknown". */
int bento_decode_gender(const char *body, size_t len, struct bento_gender *out,
                        struct bento_error *err);

/* Listed providers (listed == 1) of an answer. */
size_t bento_blacklist_listed(const struct bento_blacklist *b);
/* How many providers answered clean (not listed, not unreadable). */
size_t bento_blacklist_clean(const struct bento_blacklist *b);

void bento_checks_free(struct bento_checks *c);

#endif
