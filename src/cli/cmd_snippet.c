/* snippet [--identify]: the Bento.js script tag for the profile's site,
 * ready to paste; no network. The path is the one Bento's WordPress
 * plugin and JavaScript SDK load (https://app.bentonow.com/SITE.js); the
 * API reference lists it as unverified, and so does the output. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"

#define SCRIPT_BASE "https://app.bentonow.com/"

static const struct option snippet_options[] = {
    {"identify", no_argument, NULL, 'i'},
    {NULL, 0, NULL, 0},
};

/* A site_uuid is hex; anything else must not reach an HTML attribute. */
static bool site_ok(const char *site)
{
    if (!*site)
        return false;
    for (const char *p = site; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

static int parse(struct app *app, int argc, char **argv, bool *identify)
{
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, "", snippet_options)) != -1) {
        if (c == 'i')
            *identify = true;
        else
            rc = out_usage(app, "Usage: bento-console snippet [--identify]");
    }
    if (rc < 0 && optind < s.ac)
        rc = out_usage(app,
                       "Unexpected argument \"%.100s\"; Usage: bento-console snippet "
                       "[--identify]",
                       s.av[optind]);
    cli_subopts_end(&s);
    return rc;
}

static void print_snippet(FILE *out, const char *site, bool identify)
{
    fprintf(out,
            "<!-- Bento.js for site %s. Unverified path: " SCRIPT_BASE
            "%s.js is what Bento's WordPress plugin and JavaScript SDK load; Bento's API "
            "reference does not document it. -->\n",
            site, site);
    fprintf(out, "<script src=\"" SCRIPT_BASE "%s.js\" async defer></script>\n", site);
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

int cli_snippet(struct app *app, int argc, char **argv)
{
    bool identify = false;
    int rc = parse(app, argc, argv, &identify);
    if (rc >= 0)
        return rc;
    const char *site = app->profile.site_uuid;
    if (!site_ok(site)) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_CONFIG,
                        *site ? "The profile's site_uuid holds characters a site_uuid never "
                                "has: check it with `bento-console doctor`"
                              : "No site_uuid: run `bento-console profile add NAME`, or set "
                                "BENTO_SITE_UUID");
        return out_fail(app, &err);
    }
    if (!app->json) {
        print_snippet(app->out, site, identify);
        return 0;
    }
    char *html = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&html, &len);
    if (mem) {
        print_snippet(mem, site, identify);
        fclose(mem);
    }
    char url[sizeof SCRIPT_BASE + sizeof app->profile.site_uuid + 4];
    snprintf(url, sizeof url, SCRIPT_BASE "%s.js", site);
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "site_uuid", site);
    cJSON_AddStringToObject(data, "script_url", url);
    cJSON_AddBoolToObject(data, "path_verified", 0);
    out_json_add_str(data, "html", html);
    free(html);
    out_json_success(app, data, NULL);
    return 0;
}
