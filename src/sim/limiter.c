/* Sliding-window rate limiter: remembers when each of the last `limit`
 * accepted requests arrived. */
#include <stdlib.h>

#include "sim_internal.h"

bool limiter_init(struct sim_limiter *l, int limit, int64_t window_ms)
{
    l->limit = limit > 0 ? limit : 0;
    l->window_ms = window_ms > 0 ? window_ms : 1;
    l->head = l->count = 0;
    l->stamps = NULL;
    if (l->limit)
        l->stamps = calloc((size_t)l->limit, sizeof *l->stamps);
    return !l->limit || l->stamps;
}

void limiter_free(struct sim_limiter *l)
{
    free(l->stamps);
    l->stamps = NULL;
}

bool limiter_take(struct sim_limiter *l, int64_t now, int *retry_s)
{
    if (!l->limit)
        return true;
    size_t cap = (size_t)l->limit;
    while (l->count && l->stamps[l->head] + l->window_ms <= now) {
        l->head = (l->head + 1) % cap;
        l->count--;
    }
    if (l->count < cap) {
        l->stamps[(l->head + l->count) % cap] = now;
        l->count++;
        return true;
    }
    int64_t wait = l->stamps[l->head] + l->window_ms - now;
    int secs = (int)((wait + 999) / 1000);
    *retry_s = secs < 1 ? 1 : secs;
    return false;
}
