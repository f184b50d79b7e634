/* The tag names of the last `tags list`, kept a short while so shell
 * completion can offer them without a network call. One name a line in
 * $XDG_CACHE_HOME/bento-console/tags-PROFILE.txt, mode 0600; names that
 * would need sanitising are left out. Never holds a key. */
#ifndef BENTO_APP_TAG_CACHE_H
#define BENTO_APP_TAG_CACHE_H

#include <stdio.h>

struct bento_tag_list;

/* Seconds a cache file is offered for; older ones are ignored. */
#define APP_TAG_CACHE_MAX_AGE 600

/* The file for profile (NULL or "": "default"), allocated; NULL when no
 * cache directory is known or the name is not a profile name. */
char *app_tag_cache_path(const char *profile);

/* Replace the file with the list's active tags. Best effort: a failure
 * only means completion offers no tags. Returns 0 or -1. */
int app_tag_cache_save(const char *profile, const struct bento_tag_list *tags);

/* Print the cached names that start with prefix, one a line, when the
 * file is younger than APP_TAG_CACHE_MAX_AGE. Returns how many. */
int app_tag_cache_print(FILE *out, const char *profile, const char *prefix);

#endif
