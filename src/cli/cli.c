#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bento/version.h"
#include "app/actions.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"

enum {
    OPT_DEMO = 256,
    OPT_PROFILE,
    OPT_BASE_URL,
    OPT_JSON,
    OPT_YES,
    OPT_NO_COLOR,
    OPT_NO_MOUSE,
    OPT_TIMEOUT,
    OPT_RATE_LIMIT,
    OPT_VERSION,
    OPT_HELP
};

static const struct option long_options[] = {
    {"demo", no_argument, NULL, OPT_DEMO},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"json", no_argument, NULL, OPT_JSON},
    {"yes", no_argument, NULL, OPT_YES},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"rate-limit", required_argument, NULL, OPT_RATE_LIMIT},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static int parse_seconds(const char *text, long *ms)
{
    char *end;
    double s = strtod(text, &end);
    if (end == text || *end || !(s > 0 && s <= 3600))
        return -1;
    *ms = (long)(s * 1000);
    return 0;
}

/* Apply one global option; returns -1 to go on, else an exit code. */
static int apply_option(struct app *app, int code, const char *value)
{
    switch (code) {
    case OPT_DEMO: app->demo = true; break;
    case OPT_PROFILE:
        if (!bento_profile_name_valid(value))
            return out_usage(app, "A profile name holds only letters, digits, - and _");
        app->profile_name = value;
        break;
    case OPT_BASE_URL: app->base_url = value; break;
    case OPT_JSON: app->json = true; break;
    case 'y':
    case OPT_YES: app->yes = true; break;
    case OPT_NO_COLOR: app->no_color = true; break;
    case OPT_NO_MOUSE: app->no_mouse = true; break;
    case OPT_TIMEOUT:
        if (parse_seconds(value, &app->timeout_ms) < 0)
            return out_usage(app, "--timeout takes seconds, e.g. --timeout 20");
        break;
    case OPT_RATE_LIMIT: {
        struct bento_family_limit lim;
        if (bento_limit_parse(value, &lim) < 0)
            return out_usage(app, "--rate-limit takes N/MS (requests per window), e.g. "
                                  "100/60000, or off");
        app->rate_limit = value;
        break;
    }
    case OPT_VERSION: fprintf(app->out, "bento-console %s\n", BENTO_VERSION); return 0;
    case 'h':
    case OPT_HELP: app_action_print_usage(app->out); return 0;
    default: return out_usage(app, "Unknown option");
    }
    return -1;
}

/* Options before the command, parsed with getopt up to the first word. */
static int parse_leading(struct app *app, int argc, char **argv)
{
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:hy", long_options, NULL)) != -1) {
        if (c == ':')
            return out_usage(app, "Option %s needs a value", argv[optind - 1]);
        if (c == '?')
            return out_usage(app, "Unknown option %s", argv[optind - 1]);
        int rc = apply_option(app, c, optarg);
        if (rc >= 0)
            return rc;
    }
    return -1;
}

/* A global option after the command ("tags list --json"). Returns the
 * words it used (0 when argv[0] is not a global option); *rc is set to
 * an exit code when the option ends the run. */
static int trailing_option(struct app *app, int argc, char **argv, int *rc)
{
    const char *word = argv[0];
    *rc = -1;
    if (!strcmp(word, "-y") || !strcmp(word, "-h"))
        return (*rc = apply_option(app, word[1], NULL)), 1;
    for (const struct option *o = long_options; word[0] == '-' && word[1] == '-' && o->name; o++) {
        size_t len = strlen(o->name);
        if (strncmp(word + 2, o->name, len) != 0)
            continue;
        const char *eq = word + 2 + len;
        if (*eq == '=' && o->has_arg)
            return (*rc = apply_option(app, o->val, eq + 1)), 1;
        if (*eq)
            continue;
        if (!o->has_arg)
            return (*rc = apply_option(app, o->val, NULL)), 1;
        if (argc < 2)
            return (*rc = out_usage(app, "Option %s needs a value", word)), 1;
        return (*rc = apply_option(app, o->val, argv[1])), 2;
    }
    return 0;
}

/* Global options may come before or after the command. Other words,
 * including the command's own options and a "--", are kept in order. */
/* A secret key on the command line is readable by every user of the
 * machine (ps, /proc) and kept in shell history, so no flag takes one. */
static bool secret_flag(const char *word)
{
    static const char *const names[] = {"--secret-key", "--secret", "--secret_key", "--sk"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t len = strlen(names[i]);
        if (!strncmp(word, names[i], len) && (word[len] == '\0' || word[len] == '='))
            return true;
    }
    return false;
}

static int refuse_secret_flag(struct app *app, int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!secret_flag(argv[i]))
            continue;
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(argv[i], "="), argv[i]);
        return out_usage(app,
                         "%s is refused: a key in the argument list is visible to other users "
                         "(ps) and stays in shell history; set BENTO_SECRET_KEY, or save it with "
                         "`bento-console profile add`, which asks for it hidden",
                         name);
    }
    return -1;
}

int cli_parse_options(struct app *app, int argc, char **argv, char **words, int *count)
{
    int rc = refuse_secret_flag(app, argc, argv);
    if (rc >= 0)
        return rc;
    rc = parse_leading(app, argc, argv);
    int n = 0;
    for (int i = optind; rc < 0 && i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            while (i < argc)
                words[n++] = argv[i++];
            break;
        }
        if (n > 0 && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))) {
            words[n++] = argv[i]; /* the command's help, not the global one */
            continue;
        }
        int used = trailing_option(app, argc - i, argv + i, &rc);
        if (used)
            i += used - 1;
        else
            words[n++] = argv[i];
    }
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        app->no_color = true;
    *count = n;
    return rc;
}

/* Commands without options of their own take only plain words; "--"
 * lets a word start with a dash. Returns the new count, or -1. */
static int plain_words(struct app *app, int argc, char **argv)
{
    int n = 0, after_dashes = 0;
    for (int i = 0; i < argc; i++) {
        if (!after_dashes && !strcmp(argv[i], "--")) {
            after_dashes = 1;
            continue;
        }
        if (!after_dashes && argv[i][0] == '-' && argv[i][1]) {
            out_usage(app, "Unknown option %s", argv[i]);
            return -1;
        }
        argv[n++] = argv[i];
    }
    return n;
}

/* "--help" or "-h" among a command's words, before any "--". */
static int asks_help(int argc, char **argv)
{
    for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

/* "tags --help", "tags create --help": that command's help; words that
 * name no command get the group's list or the nearest command. */
static int unknown_or_help(struct app *app, int argc, char **argv, const struct action *a, int used)
{
    if (a && !(a->flags & ACTION_HIDDEN))
        return cli_help_command(app, used, argv);
    int words = 0;
    while (words < argc && argv[words][0] != '-')
        words++;
    if (words < argc && asks_help(argc - words, argv + words) && words)
        return cli_help_command(app, words, argv);
    char line[512];
    app_action_unknown(argc, argv, ACTION_CLI, "run bento-console help for the list", line,
                       sizeof line);
    return out_usage(app, "%s", line);
}

int cli_run(struct app *app, int argc, char **argv)
{
    int used = 0;
    const struct action *a = app_action_find(argc, argv, &used);
    if (!a || (a->flags & ACTION_HIDDEN) || asks_help(argc - used, argv + used))
        return unknown_or_help(app, argc, argv, a, used);
    cli_handler run = cli_handlers[a->id];
    if (!run)
        return out_usage(app, "\"%s\" only works inside the console", a->command);
    int nargs = argc - used;
    if (!(a->flags & ACTION_OPTIONS) && (nargs = plain_words(app, nargs, argv + used)) < 0)
        return 2;
    if (!(a->flags & ACTION_OPTIONS) && (nargs < a->min_args || nargs > a->max_args))
        return out_usage(app, "Usage: bento-console %s %s", a->command, a->args);
    if (!(a->flags & ACTION_NO_PROFILE)) {
        struct bento_error err;
        if (app_load_profile(app, &err) < 0)
            return out_fail(app, &err);
    }
    app->countdown = true;
    return run(app, nargs, argv + used);
}

int cli_console_ready(struct app *app)
{
    struct bento_error err;
    if (app->json)
        return out_usage(app, "--json needs a command");
    app->demo_later = true; /* the console's first frame does not wait for it */
    if (app_load_profile(app, &err) < 0)
        return out_fail(app, &err);
    return -1;
}
