/* check email|domain|ip|content|name: Bento's experimental checks
 * (bento-api.md 3.10), one call per value, in order. The client paces
 * them by the experimental family's budget (ratelimit.h), so a long list
 * waits for the budget instead of meeting 429s; on a terminal a progress
 * line and the client's countdown show on stderr.
 *
 * Every value is checked locally before anything is sent (a bad one is
 * refused, exit 6). Exit 0 when every value is clean, 1 when one is
 * listed, not valid or flagged (as diff and grep do), 4 when Bento gave
 * no verdict for one and none was flagged; the first call Bento cannot
 * answer stops the run with its own code. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bento/checks.h"
#include "bento/client.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/check.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"

enum { OPT_RULESET = 700, OPT_BLOCK_FREE, OPT_WIGGLE };

static const struct option check_options[] = {
    {"file", required_argument, NULL, 'f'},
    {"ruleset", no_argument, NULL, OPT_RULESET},
    {"block-free", no_argument, NULL, OPT_BLOCK_FREE},
    {"wiggle-room", no_argument, NULL, OPT_WIGGLE},
    {NULL, 0, NULL, 0},
};

static void values_free(struct check_values *v)
{
    for (size_t i = 0; i < v->count; i++)
        free(v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}

/* Check text with the kind's rule and keep it; where names a file line. */
static int value_add(struct app *app, const struct check_kind *k, struct check_values *v,
                     const char *text, const char *where)
{
    struct bento_error err;
    char *buf = malloc(BENTO_CONTENT_MAX + 1);
    char **grown = buf ? realloc(v->items, (v->count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(buf);
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory reading the values to check");
        return out_fail(app, &err);
    }
    v->items = grown;
    if (k->validate(text, buf, BENTO_CONTENT_MAX + 1, &err) < 0) {
        free(buf);
        if (where) {
            char msg[sizeof err.message];
            memcpy(msg, err.message, sizeof msg);
            bento_error_set(&err, err.kind, "%.100s: %.150s", where, msg);
        }
        return out_fail(app, &err);
    }
    v->items[v->count++] = buf;
    return 0;
}

/* One value per line; blank lines are skipped. */
static int values_read(struct app *app, const struct check_kind *k, struct check_values *v,
                       const char *path)
{
    struct bento_error err;
    FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!fp) {
        bento_error_set(&err, BENTO_E_IO, "Cannot read %.200s: %s; check the path", path,
                        strerror(errno));
        return out_fail(app, &err);
    }
    char *line = NULL, where[256];
    size_t cap = 0;
    int rc = 0;
    for (long no = 1; !rc && getline(&line, &cap, fp) >= 0; no++) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[strspn(line, " \t")] == '\0')
            continue;
        snprintf(where, sizeof where, "%.200s line %ld", path, no);
        rc = value_add(app, k, v, line, where);
    }
    free(line);
    if (fp != stdin)
        fclose(fp);
    if (!rc && v->count == 0)
        rc = out_usage(app, "%.200s holds no %s to check: put one per line", path, k->noun);
    return rc;
}

static int parse_option(struct app *app, int c, struct check_opts *o, const char **file)
{
    switch (c) {
    case 'f':
        if (*file)
            return out_usage(app, "Give -f once");
        *file = optarg;
        return -1;
    case OPT_RULESET: o->ruleset = true; return -1;
    case OPT_BLOCK_FREE: o->block_free = true; return -1;
    case OPT_WIGGLE: o->wiggle_room = true; return -1;
    default: return -2;
    }
}

static int parse(struct app *app, const struct check_kind *k, int argc, char **argv,
                 struct check_opts *o, struct check_values *v)
{
    struct subopts s;
    const char *file = NULL;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc == -1 && (c = cli_subopts_next(&s, ":f:", check_options)) != -1) {
        if (c == ':')
            rc = out_usage(app, "Option %.60s needs a value", s.av[optind - 1]);
        else if ((rc = parse_option(app, c, o, &file)) == -2)
            rc = out_usage(app, "Unknown option %.60s; %s", s.av[optind - 1], k->usage);
    }
    int e = 0; /* the exit code of a value refused, a file unread */
    for (int i = optind; rc == -1 && !e && i < s.ac; i++)
        e = value_add(app, k, v, s.av[i], NULL);
    cli_subopts_end(&s);
    if (rc == -1 && !e && file)
        e = values_read(app, k, v, file);
    if (e)
        rc = e;
    if (rc == -1 && (o->ruleset || o->block_free || o->wiggle_room) && !k->ruleset_ok)
        rc = out_usage(app, "--ruleset, --block-free and --wiggle-room are for check email");
    if (rc == -1 && (o->block_free || o->wiggle_room) && !o->ruleset)
        rc = out_usage(app, "--block-free and --wiggle-room go with --ruleset");
    if (rc == -1 && v->count == 0)
        rc = out_usage(app, "%s", k->usage);
    return rc;
}

/* "Checking 3 of 10" on a terminal's stderr; n == 0 wipes it. */
static void progress(struct app *app, size_t i, size_t n)
{
    if (app->json || !isatty(fileno(app->err)))
        return;
    if (n)
        fprintf(app->err, "\rChecking %zu of %zu...\033[K", i + 1, n);
    else
        fputs("\r\033[K", app->err);
    fflush(app->err);
}

/* The calls, in order; results printed as they come (JSON at the end). */
static int run_all(struct app *app, const struct check_kind *k, const struct check_opts *o,
                   const struct check_values *v, cJSON *items, size_t tally[3])
{
    for (size_t i = 0; i < v->count; i++) {
        struct bento_result *r;
        if (v->count > 1)
            progress(app, i, v->count);
        int rc = cli_call(app, k->request(v->items[i], o), &r);
        progress(app, 0, 0);
        if (rc)
            return rc;
        enum check_verdict verdict = k->judge(r, o);
        tally[verdict]++;
        if (app->json)
            cJSON_AddItemToArray(items, k->json(v->items[i], r, o, verdict));
        else
            k->print(app->out, v->items[i], r, o, verdict);
        fflush(app->out);
        bento_result_free(r);
    }
    return 0;
}

int check_run(struct app *app, const struct check_kind *k, int argc, char **argv)
{
    struct check_opts o = {0};
    struct check_values v = {0};
    int rc = parse(app, k, argc, argv, &o, &v);
    if (rc != -1) {
        values_free(&v);
        return rc;
    }
    size_t tally[3] = {0};
    cJSON *items = app->json ? cJSON_CreateArray() : NULL;
    rc = run_all(app, k, &o, &v, items, tally);
    if (!rc && app->json) {
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddNumberToObject(meta, "checked", (double)v.count);
        if (k->flagged_key)
            cJSON_AddNumberToObject(meta, k->flagged_key, (double)tally[CHECK_FLAGGED]);
        cJSON_AddNumberToObject(meta, "unanswered", (double)tally[CHECK_UNKNOWN]);
        out_json_success(app, items, meta);
        items = NULL;
    }
    cJSON_Delete(items);
    values_free(&v);
    if (rc)
        return rc;
    return tally[CHECK_FLAGGED] ? 1 : tally[CHECK_UNKNOWN] ? 4 : 0;
}
