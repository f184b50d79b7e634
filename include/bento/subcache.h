/* The subscribers a user has looked up or changed, kept in a small local
 * file so the console can list people although Bento cannot. One file
 * per profile: $XDG_CACHE_HOME/bento-console/subscribers-<profile>.json.
 *
 * Each entry holds the subscriber as Bento last reported it, when that
 * was, and the changes sent since that Bento has not yet been seen to
 * apply (commands are asynchronous: a change is "pending" until a fresh
 * lookup shows it). */
#ifndef BENTO_SUBCACHE_H
#define BENTO_SUBCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "bento/error.h"
#include "bento/model.h"

/* Entries beyond this many, least recently used first, are dropped. */
#define BENTO_SUBCACHE_MAX 500

enum bento_change_kind {
    BENTO_CH_ADD_TAG,
    BENTO_CH_ADD_TAG_VIA_EVENT,
    BENTO_CH_REMOVE_TAG,
    BENTO_CH_SET_FIELD,
    BENTO_CH_REMOVE_FIELD,
    BENTO_CH_SUBSCRIBE,
    BENTO_CH_UNSUBSCRIBE,
    BENTO_CH_CHANGE_EMAIL,
    BENTO_CH_CREATE,
    BENTO_CH__COUNT
};

struct bento_change {
    enum bento_change_kind kind;
    char *key;       /* tag name, field key or new email; NULL if none */
    char *value;     /* field value (as text); NULL if none */
    int64_t sent_at; /* unix seconds */
};

struct bento_cached_sub {
    char *email;                 /* the address it is known by (lowercase) */
    int64_t fetched_at;          /* unix seconds of the last lookup; 0: never */
    bool found;                  /* what the last lookup said */
    struct bento_subscriber sub; /* as last fetched (empty when not found) */
    char **tag_names;            /* sub's tags by name, as resolved then */
    size_t tag_name_count;
    struct bento_change *pending;
    size_t pending_count;
    uint64_t file_hash; /* of the entry as loaded from the file; 0: not from it */
};

struct bento_subcache {
    struct bento_cached_sub *items; /* most recently used first */
    size_t count;
    char **forgotten; /* addresses and uuids removed since the last save */
    size_t forgotten_count;
};

/* Where the cache of `profile` lives (allocated), NULL without a home. */
char *bento_subcache_path(const char *profile);

/* Load a cache file; a missing file is an empty cache. A file that does
 * not parse is an error (the caller may start empty and overwrite it). */
int bento_subcache_load(struct bento_subcache *c, const char *path, struct bento_error *err);
/* Write atomically (0600), merged with the file as it is now: under a
 * lock on <path>.lock the file is read again; for a person whose entry
 * there changed since it was loaded, the newest lookup wins (pending
 * changes sent since it are kept), else this cache's entry does; people
 * only the file holds (another console's) follow this cache's own, up
 * to BENTO_SUBCACHE_MAX, except those removed here since the last save.
 * Two consoles on one profile thus lose no entry. */
int bento_subcache_save(struct bento_subcache *c, const char *path, struct bento_error *err);
void bento_subcache_free(struct bento_subcache *c);

/* The entry for an email (case-insensitive) or uuid, or NULL. */
struct bento_cached_sub *bento_subcache_find(struct bento_subcache *c, const char *email_or_uuid);

/* The entry for an email, created empty when missing, moved to the front.
 * NULL when out of memory. */
struct bento_cached_sub *bento_subcache_touch(struct bento_subcache *c, const char *email);

/* Record a lookup's answer for the entry (moved to the front): the
 * subscriber is copied, with its tags' names. Pending changes that the
 * answer shows applied are removed; their descriptions are appended to
 * `applied` (a JSON array of strings) when it is not NULL. */
void bento_subcache_record(struct bento_cached_sub *e, const struct bento_subscriber *s,
                           const char *const *tag_names, size_t tag_count, int64_t now,
                           cJSON *applied);

/* A tag's name from its id, or NULL when unknown. */
typedef const char *(*bento_tag_namer)(const char *id, void *ctx);

/* bento_subcache_record with the tags named by name_of ("#id" for an id
 * it does not know). Returns true when some id had no name. */
bool bento_subcache_record_named(struct bento_cached_sub *e, const struct bento_subscriber *s,
                                 bento_tag_namer name_of, void *ctx, int64_t now, cJSON *applied);

/* The entry for a person Bento has just reported: found by uuid, else by
 * known_as (may be NULL) or the email, renamed when the email changed,
 * created when new; moved to the front. NULL when out of memory. */
struct bento_cached_sub *bento_subcache_entry_for(struct bento_subcache *c,
                                                  const struct bento_subscriber *s,
                                                  const char *known_as);

/* Note a change sent for the entry. Returns -1 when out of memory. */
int bento_subcache_add_change(struct bento_cached_sub *e, enum bento_change_kind kind,
                              const char *key, const char *value, int64_t now);

/* Move an entry to a new address (after a confirmed email change),
 * dropping another entry already under it. Returns the entry (it may
 * have moved in the array), or NULL when out of memory. */
struct bento_cached_sub *bento_subcache_rename(struct bento_subcache *c, struct bento_cached_sub *e,
                                               const char *new_email);

void bento_subcache_remove(struct bento_subcache *c, struct bento_cached_sub *e);

/* Whether subscriber s (with its tags' names) shows the change applied. */
bool bento_change_applied(const struct bento_change *ch, const struct bento_subscriber *s,
                          const char *const *tag_names, size_t tag_count);

/* A short description ("add tag vip", "set plan = pro"). */
void bento_change_describe(const struct bento_change *ch, char *buf, size_t size);

/* The /fetch/commands entry that makes the change for `email`, or NULL
 * for BENTO_CH_CREATE (not a command). */
cJSON *bento_change_command(enum bento_change_kind kind, const char *email, const char *key,
                            const char *value);

#endif
