/* See snippet.h. The path is the one Bento's WordPress plugin and
 * JavaScript SDK load (https://app.bentonow.com/SITE.js); the API
 * reference lists it as unverified, and so does the snippet. */
#define _GNU_SOURCE /* open_memstream */
#include "app/snippet.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

bool app_snippet_site_ok(const char *site)
{
    if (!site || !*site)
        return false;
    for (const char *p = site; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

const char *app_snippet_problem(const char *site)
{
    if (app_snippet_site_ok(site))
        return NULL;
    return site && *site ? "The profile's site_uuid holds characters a site_uuid never has: "
                           "check it with `bento-console doctor`"
                         : "No site_uuid: run `bento-console profile add NAME`, or set "
                           "BENTO_SITE_UUID";
}

static void write_snippet(FILE *out, const char *site, bool identify)
{
    fprintf(out,
            "<!-- Bento.js for site %s. Unverified path: " APP_SNIPPET_BASE
            "%s.js is what Bento's WordPress plugin and JavaScript SDK load; Bento's API "
            "reference does not document it. -->\n",
            site, site);
    fprintf(out, "<script src=\"" APP_SNIPPET_BASE "%s.js\" async defer></script>\n", site);
    fputs("<script>\n"
          "  window.addEventListener(\"bento:ready\", function () {\n"
          "    if (typeof bento$ !== \"undefined\") {\n"
          "      bento$(function () {\n",
          out);
    if (identify)
        fputs("        // A signed-in visitor: identify them before tracking (your own value).\n"
              "        bento.identify(\"visitor@example.com\");\n",
              out);
    fputs("        bento.view();\n"
          "      });\n"
          "    }\n"
          "  });\n"
          "</script>\n",
          out);
}

char *app_snippet_text(const char *site, bool identify)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    write_snippet(f, site, identify);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
