/* subscribers import FILE.csv / events import FILE.csv|FILE.jsonl:
 * validate, show or confirm the plan, send at the rate limit's ceiling
 * with a progress line, and resume after an interruption. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bento/import.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/import_view.h"
#include "cli/output.h"
#include "cli/subopts.h"

enum { OPT_DRY_RUN = 400, OPT_STRICT, OPT_RESUME, OPT_RESTART, OPT_REJECTS, OPT_BATCH_SIZE };

static const struct option import_options[] = {
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"resume", no_argument, NULL, OPT_RESUME},
    {"restart", no_argument, NULL, OPT_RESTART},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"batch-size", required_argument, NULL, OPT_BATCH_SIZE},
    {NULL, 0, NULL, 0},
};

struct import_cli {
    enum bento_import_kind kind;
    const char *what; /* "subscribers", "events" */
    const char *file;
    const char *rejects;
    long batch_size;
    bool dry_run, strict, resume, restart;
};

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    interrupted = 1;
}

static int usage(struct app *app, const struct import_cli *o)
{
    return out_usage(app,
                     "Usage: bento-console %s import FILE [--dry-run] [--strict] "
                     "[--resume|--restart] [--rejects FILE] [--rate-limit N/MS]",
                     o->what);
}

static int option(struct app *app, int c, struct import_cli *o)
{
    char *end;
    switch (c) {
    case OPT_DRY_RUN: o->dry_run = true; return -1;
    case OPT_STRICT: o->strict = true; return -1;
    case OPT_RESUME: o->resume = true; return -1;
    case OPT_RESTART: o->restart = true; return -1;
    case OPT_REJECTS: o->rejects = optarg; return -1;
    case OPT_BATCH_SIZE:
        o->batch_size = strtol(optarg, &end, 10);
        if (*end || o->batch_size < 1 || o->batch_size > 1000)
            return out_usage(app, "--batch-size takes 1 to 1000 (rows per call)");
        return -1;
    default: return usage(app, o);
    }
}

static bool is_jsonl(const char *path)
{
    size_t n = strlen(path);
    return (n > 6 && !strcasecmp(path + n - 6, ".jsonl")) ||
           (n > 7 && !strcasecmp(path + n - 7, ".ndjson"));
}

static int parse(struct app *app, int argc, char **argv, struct import_cli *o)
{
    struct subopts s;
    if (cli_subopts_begin(&s, argc, argv))
        return 1;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&s, ":", import_options)) != -1)
        rc = option(app, c, o);
    if (rc < 0 && optind == s.ac - 1)
        o->file = s.av[optind];
    else if (rc < 0)
        rc = usage(app, o);
    cli_subopts_end(&s);
    if (rc < 0 && o->resume && o->restart)
        rc = out_usage(app, "--resume and --restart exclude each other");
    if (rc < 0 && !strcmp(o->file, "-"))
        rc = out_usage(app, "An import reads a file on disk (twice, and resumes by offset); "
                            "save standard input to a file first");
    if (rc < 0 && o->kind == BENTO_IMPORT_SUBSCRIBERS && is_jsonl(o->file))
        rc = out_usage(app, "subscribers import takes a CSV file");
    return rc;
}

static struct bento_import *open_import(struct app *app, const struct import_cli *o,
                                        struct bento_error *err)
{
    char account[BENTO_KEY_MAX + BENTO_URL_MAX + 2];
    app_import_account(app, account, sizeof account);
    struct bento_import_options io = {
        .kind = o->kind,
        .path = o->file,
        .rejects_path = o->rejects,
        .account = account,
        .batch_size = (size_t)o->batch_size,
        .restart = o->restart,
    };
    return bento_import_open(&io, err);
}

/* A file name made safe to print (it may hold control characters). */
static const char *shown(const char *path, char *buf, size_t size)
{
    bento_sanitize_line(path, strlen(path), buf, size);
    return buf;
}

static int refuse(struct app *app, enum bento_err_kind kind, const char *msg, const char *path)
{
    struct bento_error err;
    char name[256];
    bento_error_set(&err, kind, "%s%s%s", msg, path ? ": " : "",
                    path ? shown(path, name, sizeof name) : "");
    return out_fail(app, &err);
}

/* Reasons not to send: -1 to go on, else the exit code. */
static int gate(struct app *app, const struct import_cli *o, const struct bento_import_plan *p)
{
    char n[32], name[256];
    if (p->done_before && !o->dry_run) {
        fprintf(app->err,
                "%s was imported in full by an earlier run (started %s); nothing "
                "to do. --restart sends it again.\n",
                shown(o->file, name, sizeof name), p->earlier_start);
        if (app->json)
            out_json_success(app, NULL, NULL);
        return 0;
    }
    if (o->resume && !p->resuming)
        return refuse(app, BENTO_E_USAGE,
                      "Nothing to resume: no interrupted import of this file (same size and "
                      "modification time)",
                      o->file);
    if (o->strict && p->bad) {
        char msg[160];
        snprintf(msg, sizeof msg, "--strict: refused, %s bad row%s and nothing was sent",
                 import_view_count(p->bad, n, sizeof n), p->bad == 1 ? "" : "s");
        return refuse(app, BENTO_E_VALIDATION, msg, p->rejects_path);
    }
    if (!p->good)
        return refuse(app, BENTO_E_VALIDATION, "No valid row to send", NULL);
    return -1;
}

static int confirm(struct app *app, const struct import_cli *o, const struct bento_import_plan *p)
{
    char q[400], n[32], name[201], site[65];
    if (p->to_send < 10)
        return 1;
    snprintf(q, sizeof q, "Import %s %s from %s into site %s?",
             import_view_count(p->to_send, n, sizeof n), o->what, shown(o->file, name, sizeof name),
             shown(app->profile.site_uuid, site, sizeof site));
    return cli_confirm(app, q);
}

static void announce_resume(struct app *app, const struct import_cli *o,
                            const struct bento_import_plan *p)
{
    char n[32];
    if (!p->resuming)
        return;
    if (app->json) {
        fprintf(app->out,
                "{\"event\":\"resume\",\"line\":%zu,\"sentBefore\":%zu,"
                "\"started\":\"%s\"}\n",
                p->resume_line, p->resume_sent, p->earlier_start);
        return;
    }
    fprintf(app->err,
            "Resuming: an earlier run (started %s) sent %s rows; continuing at line "
            "%zu. --restart starts over.\n",
            p->earlier_start, import_view_count(p->resume_sent, n, sizeof n), p->resume_line);
}

/* The check that ran alongside the calls has ended: its error, if any,
 * is the run's (the calls stopped at it), and it may have found nothing
 * to send. */
static int check_ended(struct bento_import *im, struct import_view *v, int rc,
                       struct bento_error *err)
{
    struct bento_error cerr;
    int crc = bento_import_check_end(im, NULL, &cerr);
    import_view_checked(v);
    if (crc < 0 && rc == 0) {
        *err = cerr;
        return -1;
    }
    if (rc == 0 && !v->plan->good) {
        bento_error_set(err, BENTO_E_VALIDATION, "No valid row to send");
        return -1;
    }
    return rc;
}

static int send_all(struct app *app, struct bento_import *im, struct import_view *v)
{
    struct bento_error err;
    struct sigaction sa = {.sa_handler = on_sigint, .sa_flags = SA_RESETHAND}, old;
    bool stopped = false;
    if (app_connect(app, &err) < 0)
        return out_fail(app, &err);
    interrupted = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    int rc = bento_import_run(im, app->client, import_view_progress, v, &stopped, &err);
    sigaction(SIGINT, &old, NULL);
    import_view_clear(v);
    rc = check_ended(im, v, rc, &err);
    if (rc < 0) {
        struct bento_import_progress p;
        bento_import_progress(im, &p);
        if (!p.calls)
            p.next_line = 0; /* found before a call went out: nothing to continue */
        if (p.next_line && app->json)
            fprintf(app->out, "{\"event\":\"stopped\",\"nextLine\":%zu,\"rowsSent\":%zu}\n",
                    p.next_line, p.rows_sent);
        int code = out_fail(app, &err);
        /* Only when this run got calls through: else the error is the
         * whole story (one line), and running again starts where the
         * last acknowledged call ended in any case. */
        if (p.next_line && p.batch && !app->json)
            fprintf(app->err,
                    "Stopped before line %zu: %zu rows were sent and acknowledged. Run "
                    "the same command again to continue from there.\n",
                    p.next_line, p.rows_sent);
        return code;
    }
    import_view_summary(v, im, stopped);
    struct bento_import_progress p;
    bento_import_progress(im, &p);
    return stopped ? 1 : p.failed ? 4 : v->plan->bad ? 6 : 0;
}

/* Unattended (--yes) and lenient (no --strict), nothing needs the whole
 * file checked before the first call: a question would need the plan's
 * numbers, --strict a file without a bad row. */
static bool overlaps(const struct app *app, const struct import_cli *o)
{
    return app->yes && !o->strict && !o->dry_run && !o->resume;
}

/* Sending while the check reads on. */
static int send_checking(struct app *app, const struct import_cli *o, struct bento_import *im,
                         const struct bento_import_plan *p)
{
    struct import_view v = {.app = app,
                            .what = o->what,
                            .plan = p,
                            .limit = app->limits.fam[BENTO_FAM_BATCH],
                            .tty = isatty(STDERR_FILENO),
                            .interrupted = &interrupted,
                            .checking = true};
    return send_all(app, im, &v);
}

static int plan_and_send(struct app *app, const struct import_cli *o, struct bento_import *im)
{
    const struct bento_import_plan *p;
    struct bento_error err;
    int early = overlaps(app, o) ? bento_import_check_begin(im, true, &p, &err) : 1;
    if (early < 0)
        return out_fail(app, &err);
    if (early == 0)
        return send_checking(app, o, im, p);
    if (bento_import_check(im, !o->dry_run, &p, &err) < 0)
        return out_fail(app, &err);
    struct import_view v = {.app = app,
                            .what = o->what,
                            .plan = p,
                            .limit = app->limits.fam[BENTO_FAM_BATCH],
                            .tty = isatty(STDERR_FILENO),
                            .interrupted = &interrupted};
    import_view_bad_rows(&v);
    int rc = gate(app, o, p);
    if (rc >= 0)
        return rc;
    if (o->dry_run) {
        import_view_plan(&v, o->file);
        return p->bad ? 6 : 0;
    }
    announce_resume(app, o, p);
    int ok = confirm(app, o, p);
    if (ok <= 0) {
        if (ok == 0)
            fputs("Cancelled; nothing was sent.\n", app->err);
        return ok < 0 ? 2 : 1;
    }
    return send_all(app, im, &v);
}

static int run_import(struct app *app, struct import_cli *o, int argc, char **argv)
{
    struct bento_error err;
    int rc = parse(app, argc, argv, o);
    if (rc >= 0)
        return rc;
    struct bento_import *im = open_import(app, o, &err);
    if (!im)
        return out_fail(app, &err);
    rc = plan_and_send(app, o, im);
    bento_import_free(im);
    return rc;
}

int cli_subscribers_import(struct app *app, int argc, char **argv)
{
    struct import_cli o = {.kind = BENTO_IMPORT_SUBSCRIBERS, .what = "subscribers"};
    return run_import(app, &o, argc, argv);
}

int cli_events_import(struct app *app, int argc, char **argv)
{
    struct import_cli o = {.kind = BENTO_IMPORT_EVENTS, .what = "events"};
    return run_import(app, &o, argc, argv);
}
