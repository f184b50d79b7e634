/* Sliding-window request budget per API family. Each family keeps the
 * send times of the requests still inside its window in a ring buffer,
 * oldest first; nothing here reads a clock. */
#include "bento/ratelimit.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>

/* A taken slot whose call has not been answered: it frees a window after
 * the answer, which is when the server has surely counted the call. */
#define SLOT_PENDING INT64_MAX

struct family_state {
    struct bento_family_limit configured;
    int effective;                         /* limit right after the last 429 cut */
    int64_t last_429;                      /* when the last cut happened */
    int64_t spacing;                       /* margin added to every window, ms */
    int64_t blocked_until;                 /* 0 = not blocked */
    int64_t frees[BENTO_BUDGET_MAX_SLOTS]; /* when each slot frees; <= now: free */
    size_t used;                           /* entries ever used: the scan bound */
};

struct bento_budget {
    struct family_state fam[BENTO_FAM__COUNT];
};

static const char *const family_names[BENTO_FAM__COUNT] = {
    [BENTO_FAM_FETCH] = "fetch",
    [BENTO_FAM_BATCH] = "batch",
    [BENTO_FAM_EXPERIMENTAL] = "experimental",
    [BENTO_FAM_STATS] = "stats",
};

void bento_limits_default(struct bento_limits *out)
{
    for (int f = 0; f < BENTO_FAM__COUNT; f++)
        out->fam[f] = (struct bento_family_limit){.limit = 100, .window_ms = 60000};
    out->fam[BENTO_FAM_STATS] = (struct bento_family_limit){.limit = 60, .window_ms = 3600000};
}

static int parse_positive(const char *s, const char *end, long long *out)
{
    char *stop;
    long long v;
    if (s == end || !isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    v = strtoll(s, &stop, 10);
    if (errno || stop != end || v <= 0)
        return -1;
    *out = v;
    return 0;
}

int bento_limit_parse(const char *text, struct bento_family_limit *out)
{
    const char *slash;
    long long n, ms;

    if (!text || !out)
        return -1;
    if (!strcasecmp(text, "off")) {
        *out = (struct bento_family_limit){.limit = 0, .window_ms = 0};
        return 0;
    }
    slash = strchr(text, '/');
    if (!slash || parse_positive(text, slash, &n) < 0 ||
        parse_positive(slash + 1, slash + strlen(slash), &ms) < 0 || n > INT_MAX)
        return -1;
    out->limit = (int)n;
    out->window_ms = ms;
    return 0;
}

/* True when path starts with word followed by '/', '?' or the end. */
static int starts_with_segment(const char *path, const char *word)
{
    size_t n = strlen(word);
    return !strncmp(path, word, n) && (path[n] == '\0' || path[n] == '/' || path[n] == '?');
}

enum bento_family bento_family_for_path(const char *path)
{
    if (!path)
        return BENTO_FAM_FETCH;
    if (*path == '/')
        path++;
    if (starts_with_segment(path, "api/v1"))
        path += 6;
    if (*path == '/')
        path++;
    if (starts_with_segment(path, "batch"))
        return BENTO_FAM_BATCH;
    if (starts_with_segment(path, "experimental"))
        return BENTO_FAM_EXPERIMENTAL;
    if (starts_with_segment(path, "stats"))
        return BENTO_FAM_STATS;
    return BENTO_FAM_FETCH;
}

const char *bento_family_name(enum bento_family fam)
{
    if ((int)fam < 0 || fam >= BENTO_FAM__COUNT)
        return "unknown";
    return family_names[fam];
}

static int valid_family(enum bento_family fam)
{
    return (int)fam >= 0 && fam < BENTO_FAM__COUNT;
}

struct bento_budget *bento_budget_new(const struct bento_limits *limits)
{
    struct bento_budget *b = calloc(1, sizeof *b);
    struct bento_limits defaults;

    if (!b)
        return NULL;
    if (!limits) {
        bento_limits_default(&defaults);
        limits = &defaults;
    }
    for (int f = 0; f < BENTO_FAM__COUNT; f++)
        bento_budget_set_limit(b, (enum bento_family)f, limits->fam[f]);
    return b;
}

void bento_budget_free(struct bento_budget *b)
{
    free(b);
}

void bento_budget_set_limit(struct bento_budget *b, enum bento_family fam,
                            struct bento_family_limit lim)
{
    struct family_state *s;
    if (!b || !valid_family(fam))
        return;
    s = &b->fam[fam];
    if (lim.limit <= 0 || lim.window_ms <= 0)
        lim = (struct bento_family_limit){.limit = 0, .window_ms = 0};
    if (lim.limit > BENTO_BUDGET_MAX_SLOTS)
        lim.limit = BENTO_BUDGET_MAX_SLOTS;
    s->configured = lim;
    s->effective = lim.limit;
}

/* The limit at now_ms: a 429 cut recovers by a tenth of the configured
 * limit (at least one) for every whole window without another 429, up
 * to the configured limit (additive increase, multiplicative decrease). */
static int effective_at(const struct family_state *s, int64_t now_ms)
{
    int target = s->configured.limit;
    if (s->effective >= target || s->configured.window_ms <= 0 || now_ms <= s->last_429)
        return s->effective;
    int64_t windows = (now_ms - s->last_429) / s->configured.window_ms;
    int step = target / 10 > 0 ? target / 10 : 1;
    if (windows >= target)
        return target;
    int64_t v = s->effective + windows * step;
    return v > target ? target : (int)v;
}

struct bento_family_limit bento_budget_limit(const struct bento_budget *b, enum bento_family fam)
{
    struct bento_family_limit none = {0, 0};
    if (!b || !valid_family(fam))
        return none;
    return (struct bento_family_limit){.limit = b->fam[fam].effective,
                                       .window_ms = b->fam[fam].configured.window_ms};
}

struct bento_family_limit bento_budget_limit_at(const struct bento_budget *b, enum bento_family fam,
                                                int64_t now_ms)
{
    struct bento_family_limit lim = bento_budget_limit(b, fam);
    if (b && valid_family(fam))
        lim.limit = effective_at(&b->fam[fam], now_ms);
    return lim;
}

void bento_budget_set_spacing(struct bento_budget *b, enum bento_family fam, int64_t spacing_ms)
{
    if (b && valid_family(fam))
        b->fam[fam].spacing = spacing_ms > 0 ? spacing_ms : 0;
}

/* How long a slot stays taken after its call (or, without one, its start). */
static int64_t held(const struct family_state *s)
{
    return s->configured.window_ms + s->spacing;
}

static size_t live_count(const struct family_state *s, int64_t now_ms)
{
    size_t live = 0;
    for (size_t i = 0; i < s->used; i++)
        live += s->frees[i] > now_ms;
    return live;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Wait until enough slots free to bring the live ones below the limit;
 * a pending slot's time is unknown, so when only pending ones would do,
 * look again shortly (an answer also makes the caller look again). */
static int64_t wait_for_slot(const struct family_state *s, int64_t now_ms, size_t live,
                             int effective)
{
    int64_t known[BENTO_BUDGET_MAX_SLOTS]; /* 32 KiB of stack; workers have plenty */
    size_t n = 0, need = live - (size_t)effective + 1;
    for (size_t i = 0; i < s->used; i++)
        if (s->frees[i] > now_ms && s->frees[i] != SLOT_PENDING)
            known[n++] = s->frees[i];
    if (n < need)
        return 50;
    qsort(known, n, sizeof *known, cmp_i64);
    return known[need - 1] - now_ms;
}

static long free_index(struct family_state *s, int64_t now_ms)
{
    for (size_t i = 0; i < s->used; i++)
        if (s->frees[i] <= now_ms)
            return (long)i;
    return s->used < BENTO_BUDGET_MAX_SLOTS ? (long)s->used++ : -1;
}

int64_t bento_budget_take_slot(struct bento_budget *b, enum bento_family fam, int64_t now_ms,
                               long *slot)
{
    struct family_state *s;
    *slot = -1;
    if (!b || !valid_family(fam))
        return 0;
    s = &b->fam[fam];
    if (s->blocked_until > now_ms)
        return s->blocked_until - now_ms;
    s->blocked_until = 0;
    int effective = effective_at(s, now_ms);
    if (effective <= 0)
        return 0;
    size_t live = live_count(s, now_ms);
    if (live >= (size_t)effective)
        return wait_for_slot(s, now_ms, live, effective);
    long i = free_index(s, now_ms);
    if (i < 0)
        return 50;
    s->frees[i] = SLOT_PENDING;
    *slot = i;
    return 0;
}

void bento_budget_release(struct bento_budget *b, enum bento_family fam, long slot, int64_t now_ms)
{
    if (!b || !valid_family(fam) || slot < 0 || (size_t)slot >= b->fam[fam].used)
        return;
    b->fam[fam].frees[slot] = now_ms + held(&b->fam[fam]);
}

int64_t bento_budget_take(struct bento_budget *b, enum bento_family fam, int64_t now_ms)
{
    long slot;
    int64_t wait = bento_budget_take_slot(b, fam, now_ms, &slot);
    bento_budget_release(b, fam, slot, now_ms);
    return wait;
}

int bento_budget_remaining(const struct bento_budget *b, enum bento_family fam, int64_t now_ms)
{
    const struct family_state *s;
    size_t live;
    if (!b || !valid_family(fam))
        return 0;
    s = &b->fam[fam];
    int effective = effective_at(s, now_ms);
    if (effective <= 0)
        return INT_MAX;
    live = live_count(s, now_ms);
    return live >= (size_t)effective ? 0 : effective - (int)live;
}

void bento_budget_on_429(struct bento_budget *b, enum bento_family fam, int64_t now_ms,
                         int64_t wait_ms)
{
    struct family_state *s;
    if (!b || !valid_family(fam))
        return;
    s = &b->fam[fam];
    if (wait_ms < 0)
        wait_ms = 0;
    if (now_ms + wait_ms > s->blocked_until)
        s->blocked_until = now_ms + wait_ms;
    s->effective = effective_at(s, now_ms);
    s->last_429 = now_ms;
    if (s->effective > 1) {
        int cut = s->effective / 10;
        s->effective -= cut > 0 ? cut : 1;
    }
}

int64_t bento_budget_blocked_until(const struct bento_budget *b, enum bento_family fam,
                                   int64_t now_ms)
{
    if (!b || !valid_family(fam))
        return 0;
    return b->fam[fam].blocked_until > now_ms ? b->fam[fam].blocked_until : 0;
}

int64_t bento_backoff_ms(int attempt, double r)
{
    int64_t cap = 1000;
    if (attempt < 1)
        attempt = 1;
    for (int i = 1; i < attempt && cap < 30000; i++)
        cap *= 2;
    if (cap > 30000)
        cap = 30000;
    if (!(r >= 0.0))
        r = 0.0;
    if (r >= 1.0)
        r = 0.999999;
    return (int64_t)(r * (double)cap);
}

/* The header's value without surrounding white space: *start and the
 * returned end; NULL when there is nothing left. */
static const char *trimmed(const char *value, const char **start)
{
    const char *p = value, *end;
    if (!p)
        return NULL;
    while (isspace((unsigned char)*p))
        p++;
    end = p + strlen(p);
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    *start = p;
    return end == p ? NULL : end;
}

int64_t bento_retry_after_ms(const char *value, int64_t now_epoch_s)
{
    const char *p, *end = trimmed(value, &p);
    char *stop;
    long long secs;
    time_t when;

    if (!end)
        return -1;
    if (isdigit((unsigned char)*p)) {
        errno = 0;
        secs = strtoll(p, &stop, 10);
        if (stop == end && !errno)
            return secs > 86400LL * 365 ? 86400LL * 365 * 1000 : secs * 1000;
        if (stop == end)
            return 86400LL * 365 * 1000;
    }
    char *copy = strndup(p, (size_t)(end - p));
    if (!copy)
        return -1;
    when = curl_getdate(copy, NULL);
    free(copy);
    if (when == (time_t)-1)
        return -1;
    return when > now_epoch_s ? ((int64_t)when - now_epoch_s) * 1000 : 0;
}

/* Seconds as Retry-After writes them, or an HTTP date; the number may be
 * any size or sign here, the caller judges it. Returns 0 with *ms set. */
static int retry_after_value(const char *p, const char *end, int64_t now_epoch_s, int64_t *ms)
{
    char *stop;
    const char *digits = (*p == '-' || *p == '+') ? p + 1 : p;
    if (digits < end && isdigit((unsigned char)*digits)) {
        errno = 0;
        double secs = strtod(p, &stop);
        if (stop == end) {
            *ms = secs > 9.0e15 ? INT64_MAX : secs < -9.0e15 ? INT64_MIN : (int64_t)(secs * 1000.0);
            return 0;
        }
    }
    char *copy = strndup(p, (size_t)(end - p));
    if (!copy)
        return -1;
    time_t when = curl_getdate(copy, NULL);
    free(copy);
    if (when == (time_t)-1)
        return -1;
    *ms = ((int64_t)when - now_epoch_s) * 1000;
    return 0;
}

enum bento_retry_after bento_retry_after_parse(const char *value, int64_t now_epoch_s,
                                               int64_t *wait_ms)
{
    const char *p, *end = trimmed(value, &p);
    int64_t ms = 0;

    *wait_ms = -1;
    if (!end)
        return BENTO_RA_NONE;
    if (retry_after_value(p, end, now_epoch_s, &ms) < 0)
        return BENTO_RA_IMPLAUSIBLE;
    bool date = !isdigit((unsigned char)*p) && *p != '-' && *p != '+';
    if (date && ms < 0)
        ms = 0; /* a date already past: go ahead now */
    *wait_ms = ms < 0 ? -1 : ms;
    if (ms < 0 || ms > BENTO_RETRY_AFTER_MAX_MS)
        return BENTO_RA_IMPLAUSIBLE;
    return BENTO_RA_WAIT;
}
