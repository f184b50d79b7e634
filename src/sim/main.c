/* bento-sim: run the Bento API simulator on a loopback port. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sim.h"

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: bento-sim [OPTIONS]\n"
        "Serve a simulated Bento account at http://HOST:PORT/api/v1 until SIGINT/SIGTERM.\n"
        "\n"
        "  --listen HOST:PORT      address to listen on (default 127.0.0.1:0, any free port)\n"
        "  --publishable-key KEY   accepted publishable key (env BENTO_SIM_PUBLISHABLE_KEY)\n"
        "  --secret-key KEY        accepted secret key (env BENTO_SIM_SECRET_KEY; prefer the\n"
        "                          environment, so the key does not show in process lists)\n"
        "  --site-uuid UUID        accepted site_uuid (env BENTO_SIM_SITE_UUID)\n"
        "  --seed demo|hostile|empty starting data (default demo; hostile adds server text\n"
        "                          full of escape sequences, for terminal-safety tests)\n"
        "  --tags N                add N generated tags\n"
        "  --subscribers N         add N generated subscribers\n"
        "  --broadcasts N          add N generated sent broadcasts (for paging)\n"
        "  --rate-limit N/MS|off   requests per window for each family (default 100/60000;\n"
        "                          stats default to 60/3600000 unless this is given)\n"
        "  --journal FILE          append one JSON line per request to FILE (method, path,\n"
        "                          status, records, emails, rate_limited, retry_after, at_ms;\n"
        "                          results, failed and event repeats for batches; drafts\n"
        "                          for broadcasts, changed for template PATCHes,\n"
        "                          email_template for new sequence emails), and a\n"
        "                          {\"delaying\"} line when a delayed request starts waiting\n"
        "  --fault RULE            inject a fault (repeatable): '[METHOD ]GLOB:ACTION[:ACTION...]'\n"
        "                          GLOB matches the path after /api/v1; actions: delay=MS,\n"
        "                          stall (no answer until the client gives up), status=CODE,\n"
        "                          retry_after=S|TEXT (TEXT is sent as is, %%XX-decoded, e.g.\n"
        "                          1e20, -5 or 'Thu, 01 Jan 2099 00%%3A00%%3A00 GMT'),\n"
        "                          trickle=MS (the body one byte per MS), reset, truncate, html,\n"
        "                          hostile (an error message of escape sequences),\n"
        "                          page=N (broadcasts, sequences, workflows: page N),\n"
        "                          swap (/stats/report: a number for a chart, points for\n"
        "                          a counter),\n"
        "                          body=NAME (what a handler never sends): the error shapes\n"
        "                          error, message, errors-string, errors-strings (a list),\n"
        "                          errors-array ({field, message}), errors-detail,\n"
        "                          errors-title, errors-hash (field -> messages; 422),\n"
        "                          text (401 plain text), author (the 500 \"Author not\n"
        "                          authorized\"), gateway (a proxy's 502/503 HTML page),\n"
        "                          empty, huge (50 MB of tags, streamed), deep (100000\n"
        "                          nested arrays); or the normal answer changed: badutf8\n"
        "                          (bytes that are not UTF-8 in every string), nullkeys\n"
        "                          (every value null), nokeys (every value left out),\n"
        "                          idnum / idstr (every \"id\" a number / a string);\n"
        "                          status=CODE overrides a body's status (400 for the\n"
        "                          error shapes unless named above, 200 for the rest)\n"
        "                          times=N, after=N\n"
        "                          e.g. --fault '/batch/*:status=500:times=1'\n"
        "  --search                enable /fetch/search (an Enterprise feature)\n"
        "  --quiet                 no request log on stderr\n"
        "  --help                  show this help\n"
        "\n"
        "Without key options the demo credentials are accepted:\n"
        "  publishable %s, secret %s,\n  site_uuid %s\n"
        "Once ready, prints 'bento-sim listening on http://HOST:PORT/api/v1'.\n",
        BENTO_SIM_DEMO_PUBLISHABLE, BENTO_SIM_DEMO_SECRET, BENTO_SIM_DEMO_SITE);
}

static int bad(const char *what, const char *value)
{
    fprintf(stderr, "bento-sim: invalid %s '%s'\n", what, value);
    usage(stderr);
    return 2;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* HOST:PORT, [V6]:PORT */
static bool parse_listen(char *arg, struct bento_sim_options *o)
{
    char *colon = strrchr(arg, ':');
    long port;
    if (!colon || colon == arg || !parse_long(colon + 1, 0, 65535, &port))
        return false;
    *colon = '\0';
    if (arg[0] == '[') {
        size_t n = strlen(arg);
        if (n < 3 || arg[n - 1] != ']')
            return false;
        arg[n - 1] = '\0';
        arg++;
    }
    o->host = arg;
    o->port = (int)port;
    return true;
}

static bool parse_rate(const char *arg, struct bento_sim_options *o)
{
    long n, ms;
    if (strcmp(arg, "off") == 0) {
        o->rate_limit = 0;
        return true;
    }
    const char *slash = strchr(arg, '/');
    if (!slash)
        return false;
    char num[32];
    size_t len = (size_t)(slash - arg);
    if (len == 0 || len >= sizeof num)
        return false;
    memcpy(num, arg, len);
    num[len] = '\0';
    if (!parse_long(num, 1, 1000000, &n) || !parse_long(slash + 1, 1, 86400000L * 7, &ms))
        return false;
    o->rate_limit = (int)n;
    o->rate_window_ms = ms;
    return true;
}

enum {
    OPT_LISTEN = 256,
    OPT_PK,
    OPT_SK,
    OPT_SITE,
    OPT_SEED,
    OPT_TAGS,
    OPT_SUBS,
    OPT_BROADCASTS,
    OPT_RATE,
    OPT_JOURNAL,
    OPT_FAULT,
    OPT_SEARCH,
    OPT_QUIET,
    OPT_HELP
};

static const struct option longopts[] = {
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"publishable-key", required_argument, NULL, OPT_PK},
    {"secret-key", required_argument, NULL, OPT_SK},
    {"site-uuid", required_argument, NULL, OPT_SITE},
    {"seed", required_argument, NULL, OPT_SEED},
    {"tags", required_argument, NULL, OPT_TAGS},
    {"subscribers", required_argument, NULL, OPT_SUBS},
    {"broadcasts", required_argument, NULL, OPT_BROADCASTS},
    {"rate-limit", required_argument, NULL, OPT_RATE},
    {"journal", required_argument, NULL, OPT_JOURNAL},
    {"fault", required_argument, NULL, OPT_FAULT},
    {"search", no_argument, NULL, OPT_SEARCH},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static void env_defaults(struct bento_sim_options *o)
{
    const char *v;
    if ((v = getenv("BENTO_SIM_PUBLISHABLE_KEY")) && *v)
        o->publishable_key = v;
    if ((v = getenv("BENTO_SIM_SECRET_KEY")) && *v)
        o->secret_key = v;
    if ((v = getenv("BENTO_SIM_SITE_UUID")) && *v)
        o->site_uuid = v;
}

/* Returns -1 to go on, else an exit status. */
static int parse_one(int c, char *arg, struct bento_sim_options *o)
{
    switch (c) {
    case OPT_LISTEN: return parse_listen(arg, o) ? -1 : bad("--listen (want HOST:PORT)", arg);
    case OPT_PK: o->publishable_key = arg; return -1;
    case OPT_SK: o->secret_key = arg; return -1;
    case OPT_SITE: o->site_uuid = arg; return -1;
    case OPT_SEED:
        if (strcmp(arg, "demo") && strcmp(arg, "empty") && strcmp(arg, "hostile"))
            return bad("--seed (want demo, hostile or empty)", arg);
        o->seed = arg;
        return -1;
    case OPT_TAGS: return parse_long(arg, 0, 10000000, &o->tags) ? -1 : bad("--tags", arg);
    case OPT_SUBS:
        return parse_long(arg, 0, 10000000, &o->subscribers) ? -1 : bad("--subscribers", arg);
    case OPT_BROADCASTS:
        return parse_long(arg, 0, 1000000, &o->broadcasts) ? -1 : bad("--broadcasts", arg);
    case OPT_RATE: return parse_rate(arg, o) ? -1 : bad("--rate-limit (want N/MS or off)", arg);
    case OPT_JOURNAL: o->journal_path = arg; return -1;
    case OPT_FAULT:
        if (o->fault_count >= BENTO_SIM_MAX_FAULTS)
            return bad("--fault (too many rules)", arg);
        o->faults[o->fault_count++] = arg;
        return -1;
    case OPT_SEARCH: o->search_enabled = true; return -1;
    case OPT_QUIET: o->quiet = true; return -1;
    case OPT_HELP: usage(stdout); return 0;
    default: usage(stderr); return 2;
    }
}

int main(int argc, char **argv)
{
    struct bento_sim_options o;
    bento_sim_options_default(&o);
    env_defaults(&o);
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int rc = parse_one(c, optarg, &o);
        if (rc >= 0)
            return rc;
    }
    if (optind < argc)
        return bad("argument", argv[optind]);

    /* Block the stop signals before the server threads exist, so only
     * sigwait below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    char err[256];
    struct bento_sim *s = bento_sim_start(&o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bento-sim: %s\n", err);
        return 2;
    }
    printf("bento-sim listening on %s\n", bento_sim_base_url(s));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    bento_sim_stop(s);
    return 0;
}
