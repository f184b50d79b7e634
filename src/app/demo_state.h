/* The demo's own state files: a private directory, fresh at every start,
 * so nothing the demo does reaches the real cache, drafts or sent log. */
#ifndef BENTO_APP_DEMO_STATE_H
#define BENTO_APP_DEMO_STATE_H

#include "bento/error.h"

/* Make a fresh directory under $TMPDIR (or /tmp) and point XDG_CACHE_HOME
 * and XDG_STATE_HOME into it. Returns the directory (allocated), or NULL
 * with err set. Call before any thread starts: it changes the environment. */
char *app_demo_state_open(struct bento_error *err);

/* Remove the directory and everything the demo wrote in it. */
void app_demo_state_remove(const char *dir);

#endif
