/* snippet [--identify]: the Bento.js script tag for the profile's site
 * (src/app/snippet.c), ready to paste; no network. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/snippet.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"

static const struct option snippet_options[] = {
    {"identify", no_argument, NULL, 'i'},
    {NULL, 0, NULL, 0},
};

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

int cli_snippet(struct app *app, int argc, char **argv)
{
    bool identify = false;
    int rc = parse(app, argc, argv, &identify);
    if (rc >= 0)
        return rc;
    const char *site = app->profile.site_uuid;
    const char *problem = app_snippet_problem(site);
    if (problem) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_CONFIG, "%s", problem);
        return out_fail(app, &err);
    }
    char *html = app_snippet_text(site, identify);
    if (!html) {
        struct bento_error err;
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory writing the snippet");
        return out_fail(app, &err);
    }
    if (!app->json) {
        fputs(html, app->out);
        free(html);
        return 0;
    }
    char url[sizeof APP_SNIPPET_BASE + sizeof app->profile.site_uuid + 4];
    snprintf(url, sizeof url, APP_SNIPPET_BASE "%s.js", site);
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "site_uuid", site);
    cJSON_AddStringToObject(data, "script_url", url);
    cJSON_AddBoolToObject(data, "path_verified", 0);
    out_json_add_str(data, "html", html);
    free(html);
    out_json_success(app, data, NULL);
    return 0;
}
