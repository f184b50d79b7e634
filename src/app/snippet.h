/* The Bento.js script tag for a site, ready to paste into a page; the
 * command line prints it (`snippet`) and the Reports pane shows and
 * copies it. */
#ifndef APP_SNIPPET_H
#define APP_SNIPPET_H

#include <stdbool.h>

#define APP_SNIPPET_BASE "https://app.bentonow.com/"

/* A site_uuid is letters, digits, '-' and '_'; anything else must not
 * reach an HTML attribute. */
bool app_snippet_site_ok(const char *site);

/* Why there is no snippet for this site (a one-line message), or NULL
 * when app_snippet_site_ok(site). */
const char *app_snippet_problem(const char *site);

/* The snippet (allocated; NULL when out of memory): a comment that the
 * path is unverified, the script tag, and the bento:ready listener with
 * an identify example when asked. */
char *app_snippet_text(const char *site, bool identify);

#endif
