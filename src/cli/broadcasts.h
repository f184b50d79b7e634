/* `broadcasts list|get|create` on the command line. Bento has no
 * single-broadcast endpoint (bento-api.md 3.6), so `get` looks through
 * the lists; `create` makes drafts through /batch/broadcasts, 100 a call,
 * each call sent at most once. */
#ifndef BENTO_CLI_BROADCASTS_H
#define BENTO_CLI_BROADCASTS_H

#include <stdbool.h>
#include <stddef.h>
#include "bento/client.h"

struct app;

#define BROADCAST_PAGE 25 /* Bento's page size (CLI README) */

/* Broadcasts of one status gathered over pages, each id once. The
 * records point into the results, which the set owns. */
struct broadcast_set {
    struct bento_result **pages;
    size_t npages;
    const struct bento_broadcast **items;
    size_t count, cap;
    size_t *seen, nseen; /* open addressing: item index + 1 by id hash */
};

/* status: Bento's spelling (broadcasts_status). page > 0: that page
 * only; 0: every page until a short or empty one (a page that brings
 * nothing new is asked once more, as pages can repeat). Returns 0, or
 * the exit code with the failure reported. */
int broadcasts_fetch(struct app *app, const char *status, long page, struct broadcast_set *s);
void broadcasts_free(struct broadcast_set *s);

/* The status as sent to Bento ("cancelled" is "canceled"), or NULL when
 * it is not one Bento knows. */
const char *broadcasts_status(const char *text);

/* The valid statuses, for messages. */
extern const char broadcasts_statuses[];

#endif
