/* Client-side rate-limit budget: one sliding window per API family.
 * Pure logic with the clock passed in, so it is testable; the client
 * wraps it in a mutex. */
#ifndef BENTO_RATELIMIT_H
#define BENTO_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

enum bento_family {
    BENTO_FAM_FETCH = 0,
    BENTO_FAM_BATCH,
    BENTO_FAM_EXPERIMENTAL,
    BENTO_FAM_STATS,
    BENTO_FAM__COUNT
};

/* Longest window the budget can track is 1 hour at up to this many
 * requests; larger limits are clamped. */
#define BENTO_BUDGET_MAX_SLOTS 4096

struct bento_family_limit {
    int limit; /* requests per window; 0 = unlimited */
    int64_t window_ms;
};

struct bento_limits {
    struct bento_family_limit fam[BENTO_FAM__COUNT];
};

struct bento_budget;

/* Bento's documented limits: fetch, batch, experimental 100 per minute;
 * stats 60 per hour. */
void bento_limits_default(struct bento_limits *out);

/* Parse "N/MS" (e.g. "100/60000") or "off" into one family limit.
 * Returns 0 on success, -1 on bad text. */
int bento_limit_parse(const char *text, struct bento_family_limit *out);

/* Family of an API path such as "/fetch/tags" or "/api/v1/batch/events". */
enum bento_family bento_family_for_path(const char *path);
const char *bento_family_name(enum bento_family fam);

struct bento_budget *bento_budget_new(const struct bento_limits *limits);
void bento_budget_free(struct bento_budget *b);
void bento_budget_set_limit(struct bento_budget *b, enum bento_family fam,
                            struct bento_family_limit lim);
struct bento_family_limit bento_budget_limit(const struct bento_budget *b, enum bento_family fam);
/* The limit in force at now_ms, after any recovery since the last 429. */
struct bento_family_limit bento_budget_limit_at(const struct bento_budget *b, enum bento_family fam,
                                                int64_t now_ms);

/* A margin (>= 0) added to every slot's window, for clock granularity. */
void bento_budget_set_spacing(struct bento_budget *b, enum bento_family fam, int64_t spacing_ms);

/* Take one request slot at now_ms for a call about to be sent. Returns 0
 * with *slot set, or the number of ms to wait (nothing taken, *slot -1).
 * The slot stays taken until bento_budget_release and then a window
 * more: the server counts a call somewhere between its start and its
 * answer, so only a window after the answer is the slot surely free,
 * however long the call travelled. */
int64_t bento_budget_take_slot(struct bento_budget *b, enum bento_family fam, int64_t now_ms,
                               long *slot);
/* The call of slot was answered (or failed, or was cancelled) at now_ms. */
void bento_budget_release(struct bento_budget *b, enum bento_family fam, long slot, int64_t now_ms);

/* Take and release at once: the slot is held a window from now_ms.
 * Returns 0 when taken, or the number of ms to wait. */
int64_t bento_budget_take(struct bento_budget *b, enum bento_family fam, int64_t now_ms);

/* Slots left in the window ending at now_ms. */
int bento_budget_remaining(const struct bento_budget *b, enum bento_family fam, int64_t now_ms);

/* A 429 arrived: block the family until now_ms + wait_ms (the caller
 * decides wait_ms from Retry-After or backoff). Also lowers the family's
 * effective limit by a tenth (at least one) so pacing adapts when the
 * server's limit is below ours. The cut recovers: every whole window
 * without a 429 adds a tenth of the configured limit back (at least
 * one), never above the configured limit. */
void bento_budget_on_429(struct bento_budget *b, enum bento_family fam, int64_t now_ms,
                         int64_t wait_ms);

/* When the family is blocked by a 429, the time it unblocks; else 0. */
int64_t bento_budget_blocked_until(const struct bento_budget *b, enum bento_family fam,
                                   int64_t now_ms);

/* Backoff for retry number attempt (1-based) with full jitter, given a
 * random value r in [0,1): base 1 s doubling to a 30 s cap. */
int64_t bento_backoff_ms(int attempt, double r);

/* Parse a Retry-After header value (delta-seconds or HTTP date relative
 * to now_epoch_s). Returns ms, or -1 when absent/unparseable. */
int64_t bento_retry_after_ms(const char *value, int64_t now_epoch_s);

/* Longest Retry-After taken at its word: a day. */
#define BENTO_RETRY_AFTER_MAX_MS (86400LL * 1000)

enum bento_retry_after {
    BENTO_RA_NONE,       /* no header: the caller backs off */
    BENTO_RA_WAIT,       /* *wait_ms is the wait asked for, 0..a day */
    BENTO_RA_IMPLAUSIBLE /* negative, over a day, or unreadable; *wait_ms
                           * is the wait asked for when it could be read
                           * (INT64_MAX when too large to hold), else -1 */
};

/* Judge a Retry-After value (delta-seconds or HTTP date relative to
 * now_epoch_s). A date already past means no wait. */
enum bento_retry_after bento_retry_after_parse(const char *value, int64_t now_epoch_s,
                                               int64_t *wait_ms);

#endif
