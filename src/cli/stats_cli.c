/* Options, calls and failures shared by the stats and forms commands. */
#include "cli/stats_cli.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/flows.h"
#include "cli/output.h"
#include "cli/subopts.h"

static int one_option(struct app *app, const struct option *options, int c, const char *usage,
                      struct stats_args *out)
{
    int i = c - 700;
    if (i < 0 || i >= STATS_OPTS_MAX || !options[i].name)
        return out_usage(app, "%s", usage);
    if (out->value[i])
        return out_usage(app, "Give --%s once; %s", options[i].name, usage);
    out->value[i] = options[i].has_arg ? optarg : "";
    return -1;
}

int stats_args_parse(struct app *app, int argc, char **argv, const struct option *options,
                     bool want_id, const char *usage, struct stats_args *out)
{
    memset(out, 0, sizeof *out);
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, ":", options)) != -1) {
        if (c == ':')
            rc = out_usage(app, "Option %.60s needs a value", s.av[optind - 1]);
        else if (c == '?')
            rc = out_usage(app, "Unknown option %.60s; %s", s.av[optind - 1], usage);
        else
            rc = one_option(app, options, c, usage, out);
    }
    if (rc < 0 && want_id && optind < s.ac)
        out->id = s.av[optind++];
    if (rc < 0 && optind < s.ac)
        rc = out_usage(app, "Unexpected argument \"%.100s\"; %s", s.av[optind], usage);
    cli_subopts_end(&s);
    if (rc < 0 && want_id && !out->id)
        rc = out_usage(app, "%s", usage);
    return rc;
}

/* "try again at 04:37" from the client's 429 message, if it has one. */
static void refill_time(const char *msg, char *at, size_t size)
{
    const char *p = strstr(msg, "try again at ");
    size_t n = 0;
    at[0] = '\0';
    if (!p)
        return;
    for (p += 13; *p && *p != ';' && !(*p == '.' && (!p[1] || p[1] == ' ')) && n + 1 < size;)
        at[n++] = *p++;
    at[n] = '\0';
}

static int failed(struct app *app, const char *what, const char *hint, struct bento_error *err)
{
    if (err->kind == BENTO_E_RATE_LIMITED) {
        char at[40];
        refill_time(err->message, at, sizeof at);
        if (at[0])
            cli_flows_reword(err,
                             "Bento's stats budget is used up (429; about 60 stats calls an "
                             "hour): it refills at %s; try again then.",
                             at);
        else
            cli_flows_reword(err, "Bento's stats budget is used up (429; about 60 stats calls an "
                                  "hour): it refills within the hour; try again later.");
    } else if (err->kind == BENTO_E_NOT_FOUND && what) {
        cli_flows_reword(err, "%s not found (404): %s", what, hint);
    }
    return out_fail(app, err);
}

int stats_call(struct app *app, struct bento_request *req, const char *what, const char *hint,
               struct bento_result **res)
{
    int rc = cli_flows_call(app, req, res);
    if (rc)
        return rc;
    if ((*res)->err.kind == BENTO_OK)
        return 0;
    struct bento_error err = (*res)->err;
    bento_result_free(*res);
    *res = NULL;
    return failed(app, what, hint, &err);
}

bool stats_ascii(const struct app *app)
{
    const char *cs = nl_langinfo(CODESET);
    return app->no_color || !cs || strcmp(cs, "UTF-8") != 0;
}

int stats_columns(void)
{
    const char *c = getenv("COLUMNS");
    char *end;
    long n = c && *c ? strtol(c, &end, 10) : 0;
    return c && *c && !*end && n >= 20 && n <= 400 ? (int)n : 80;
}
