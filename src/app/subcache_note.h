/* Recording command-line lookups in the console's subscriber cache. */
#ifndef BENTO_APP_SUBCACHE_NOTE_H
#define BENTO_APP_SUBCACHE_NOTE_H

#include "bento/model.h"

struct app;

/* Remember s (found by a lookup) with its tags' names from tags (may be
 * NULL). Never fails loudly: the cache is a convenience. */
void app_subcache_note(const struct app *app, const struct bento_subscriber *s,
                       const struct bento_tag_list *tags);

/* The cache file of app's profile (allocated), NULL without a home. */
char *app_subcache_path(const struct app *app);

#endif
