#include "cli/cli.h"

#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "bento/version.h"
#include "cli/actions.h"
#include "cli/app.h"
#include "cli/output.h"
#include "tui/tui_commands.h"

enum { OPT_DEMO = 256, OPT_PROFILE, OPT_BASE_URL, OPT_JSON, OPT_YES, OPT_NO_COLOR,
       OPT_NO_MOUSE, OPT_TIMEOUT, OPT_VERSION, OPT_HELP };

static const struct option long_options[] = {
    {"demo", no_argument, NULL, OPT_DEMO},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"json", no_argument, NULL, OPT_JSON},
    {"yes", no_argument, NULL, OPT_YES},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
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

/* Returns -1 to go on, else an exit code. */
static int parse_options(struct app *app, int argc, char **argv)
{
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:hy", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DEMO: app->demo = true; break;
        case OPT_PROFILE: app->profile_name = optarg; break;
        case OPT_BASE_URL: app->base_url = optarg; break;
        case OPT_JSON: app->json = true; break;
        case 'y':
        case OPT_YES: app->yes = true; break;
        case OPT_NO_COLOR: app->no_color = true; break;
        case OPT_NO_MOUSE: app->no_mouse = true; break;
        case OPT_TIMEOUT:
            if (parse_seconds(optarg, &app->timeout_ms) < 0)
                return out_usage(app, "--timeout takes seconds, e.g. --timeout 20");
            break;
        case OPT_VERSION: fprintf(app->out, "bento-console %s\n", BENTO_VERSION); return 0;
        case 'h':
        case OPT_HELP: action_print_usage(app->out); return 0;
        case ':': return out_usage(app, "Option %s needs a value", argv[optind - 1]);
        default: return out_usage(app, "Unknown option %s", argv[optind - 1]);
        }
    }
    if (app->profile_name && !bento_profile_name_valid(app->profile_name))
        return out_usage(app, "A profile name holds only letters, digits, - and _");
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        app->no_color = true;
    return -1;
}

/* Options may also follow the command ("tags list --json"): collect the
 * words, treating a lone "--" as the end of options. */
static int split_words(struct app *app, int argc, char **argv, char **words, int *count)
{
    int n = 0;
    while (optind < argc) {
        int rc = parse_options(app, argc, argv);
        if (rc >= 0)
            return rc;
        if (optind >= argc)
            break;
        if (!strcmp(argv[optind], "--")) {
            for (optind++; optind < argc; optind++)
                words[n++] = argv[optind];
            break;
        }
        words[n++] = argv[optind++];
    }
    *count = n;
    return -1;
}

static int run_action(struct app *app, int argc, char **argv)
{
    int used = 0;
    const struct action *a = action_find(argc, argv, &used);
    if (!a || (a->flags & ACTION_HIDDEN))
        return out_usage(app, "Unknown command \"%.100s\"", argv[0]);
    if (!a->run_cli)
        return out_usage(app, "\"%s\" only works inside the console", a->command);
    int nargs = argc - used;
    if (nargs < a->min_args || nargs > a->max_args)
        return out_usage(app, "Usage: bento-console %s %s", a->command, a->args);
    if (strcmp(a->command, "help") && strncmp(a->command, "profile", 7)) {
        struct bento_error err;
        if (app_load_profile(app, &err) < 0)
            return out_fail(app, &err);
    }
    return a->run_cli(app, nargs, argv + used);
}

static int open_console(struct app *app)
{
    struct bento_error err;
    if (app->json)
        return out_usage(app, "--json needs a command");
    if (app_load_profile(app, &err) < 0)
        return out_fail(app, &err);
    return tui_run(app);
}

int cli_main(int argc, char **argv)
{
    struct app app;
    app_init(&app);
    setlocale(LC_ALL, "");
    char **words = calloc((size_t)argc + 1, sizeof *words);
    int count = 0;
    int rc = words ? split_words(&app, argc, argv, words, &count) : 1;
    if (rc < 0)
        rc = count == 0 ? open_console(&app) : run_action(&app, count, words);
    free(words);
    app_free(&app);
    return rc;
}
