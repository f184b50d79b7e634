/* apply DIR [--dry-run] [--force]: the subjects and bodies edited in an
 * exported tree sent as template PATCHes, after one summary and one
 * question. Each replaced version is kept in the local history first, so
 * `templates revert` undoes an apply; each PATCH is sent at most once,
 * and the first failure stops the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/client.h"
#include "bento/content.h"
#include "bento/template_history.h"
#include "app/app.h"
#include "cli/account_tree.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/output.h"
#include "cli/subopts.h"
#include "cli/templates.h"

#define APPLY_USAGE "apply DIR [--dry-run] [--yes] [--force]"

struct apply_opts {
    const char *dir;
    bool dry_run, force;
};

static int parse(struct app *app, int argc, char **argv, struct apply_opts *o)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, 'd'}, {"force", no_argument, NULL, 'f'}, {0}};
    struct subopts s;
    int c, rc = cli_subopts_begin(&s, argc, argv);
    while (!rc && (c = cli_subopts_next(&s, "", opts)) != -1) {
        if (c == 'd')
            o->dry_run = true;
        else if (c == 'f')
            o->force = true;
        else
            rc = out_usage(app, "Usage: bento-console " APPLY_USAGE);
    }
    if (!rc && s.ac - optind != 1)
        rc = out_usage(app, "Usage: bento-console " APPLY_USAGE);
    if (!rc)
        o->dir = s.av[optind];
    cli_subopts_end(&s);
    return rc;
}

static bool sends(const struct tree_change *ch, bool force)
{
    return ch->state == TREE_CHANGED || (force && ch->state == TREE_CONFLICT);
}

static bool same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static void line(FILE *out, const struct tree_change *ch)
{
    bool subject = !same(ch->tree_subject, ch->now_subject);
    bool html = !same(ch->tree_html, ch->now_html);
    fprintf(out, "  template %s  ", ch->id);
    out_cell(out, ch->file, 0);
    fprintf(out, "  (%s)\n", subject && html ? "subject and body" : subject ? "subject" : "body");
}

/* Every group of the summary: what is sent, and what is not and why. */
static size_t summary(const struct tree_compare *c, FILE *out, bool force)
{
    static const char *const heads[] = {
        "To send (the version on Bento is kept in the local history first):",
        "Conflicts, skipped (changed on Bento and in the tree since the export; --force sends "
        "the tree's):",
        "Skipped (changed on Bento only since the export: export again to take it):",
    };
    size_t n = 0;
    for (int group = 0; group < 3; group++) {
        bool headed = false;
        for (size_t i = 0; i < c->nchanges; i++) {
            const struct tree_change *ch = &c->changes[i];
            bool in = group == 0   ? sends(ch, force)
                      : group == 1 ? ch->state == TREE_CONFLICT && !force
                                   : ch->state == TREE_ON_BENTO;
            if (!in)
                continue;
            if (!headed)
                fprintf(out, "%s\n", heads[group]);
            headed = true;
            line(out, ch);
            n += group == 0;
        }
    }
    if (c->ndone)
        fputs("Already on Bento, nothing to send (edited in the tree since the export and "
              "the same there, as an interrupted apply leaves them):\n",
              out);
    for (size_t i = 0; i < c->ndone; i++) {
        fprintf(out, "  template %.64s  ", c->done[i].why);
        out_cell(out, c->done[i].file, 0);
        fputc('\n', out);
    }
    if (c->nnotes)
        fputs("Not applied (the API cannot change these):\n", out);
    for (size_t i = 0; i < c->nnotes; i++) {
        fputs("  ", out);
        out_cell(out, c->notes[i].file, 0);
        fputs(": ", out);
        out_cell(out, c->notes[i].why, 0);
        fputc('\n', out);
    }
    return n;
}

static int show_diffs(struct app *app, FILE *out, const struct tree_compare *c, bool force)
{
    struct bento_error err;
    for (size_t i = 0; i < c->nchanges; i++) {
        if (!sends(&c->changes[i], force) && c->changes[i].state != TREE_CONFLICT)
            continue;
        char *d = tree_change_diff(&c->changes[i], &err);
        if (!d)
            return out_fail(app, &err);
        tree_print_diff(app, out, d);
        free(d);
    }
    return 0;
}

/* Ids sent so far, for the line that says where an apply stopped. */
static void applied_list(const struct tree_compare *c, size_t upto, bool force, char *out,
                         size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < upto; i++)
        if (sends(&c->changes[i], force) && n < size)
            n += (size_t)snprintf(out + n, size - n, "%s%.64s", n ? ", " : "", c->changes[i].id);
    if (!out[0])
        snprintf(out, size, "nothing");
}

/* Keep the version on Bento, then one PATCH; 0, or -1 with err set. */
static int send_one(struct app *app, const struct tree_change *ch, long *number,
                    struct bento_error *err)
{
    if (bento_template_history_store(app_cache_name(app), ch->id, ch->now_subject, ch->now_html,
                                     (long long)time(NULL), number, err) < 0)
        return -1;
    const char *subject = same(ch->tree_subject, ch->now_subject)
                              ? NULL
                              : (ch->tree_subject ? ch->tree_subject : "");
    const char *html = same(ch->tree_html, ch->now_html) ? NULL : ch->tree_html;
    struct bento_request *req = bento_request_template_update(ch->id, subject, html ? html : NULL);
    struct bento_result *r = NULL;
    if (!req)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory building the request");
    else if (app_connect(app, err) < 0)
        bento_request_free(req);
    else if (!(r = bento_client_call(app->client, req)))
        bento_error_set(err, BENTO_E_OUTCOME_UNKNOWN, "Out of memory waiting for the result");
    else if (r->err.kind != BENTO_OK)
        *err = r->err;
    bool ok = r && r->err.kind == BENTO_OK;
    bento_result_free(r);
    if (ok)
        return 0;
    struct bento_error gone; /* a refused PATCH changed nothing: its kept version goes */
    if (err->kind != BENTO_E_OUTCOME_UNKNOWN)
        bento_template_history_remove(app_cache_name(app), ch->id, *number, &gone);
    return -1;
}

static int stopped(struct app *app, const struct tree_compare *c, size_t at, bool force,
                   const struct bento_error *cause)
{
    char done[400];
    struct bento_error err;
    applied_list(c, at, force, done, sizeof done);
    bento_error_set(&err, cause->kind,
                    "Stopped at template %.64s (%.200s): %s; applied before it: %s%s",
                    c->changes[at].id, c->changes[at].file, cause->message, done,
                    strcmp(done, "nothing") ? " (templates revert ID undoes each)" : "");
    err.http_status = cause->http_status;
    return out_fail(app, &err);
}

static int send_all(struct app *app, const struct tree_compare *c, bool force)
{
    cJSON *arr = app->json ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < c->nchanges; i++) {
        const struct tree_change *ch = &c->changes[i];
        long number = 0;
        struct bento_error err;
        if (!sends(ch, force))
            continue;
        if (send_one(app, ch, &number, &err) < 0) {
            cJSON_Delete(arr);
            return stopped(app, c, i, force, &err);
        }
        if (arr) {
            cJSON *o = cJSON_CreateObject();
            out_json_add_str(o, "id", ch->id);
            out_json_add_str(o, "file", ch->file);
            cJSON_AddNumberToObject(o, "kept_version", (double)number);
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        fprintf(app->out,
                "Updated template %s; the version it replaced is kept as %ld "
                "(templates revert %s %ld)\n",
                ch->id, number, ch->id, number);
    }
    if (arr) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "applied", arr);
        out_json_success(app, o, NULL);
    }
    return 0;
}

static int ask(struct app *app, size_t n)
{
    char question[120];
    snprintf(question, sizeof question, "Send %zu template change%s to Bento?", n,
             n == 1 ? "" : "s");
    int ok = cli_confirm(app, question);
    if (ok < 0)
        return 2;
    if (ok == 0) {
        fputs("Cancelled; nothing was sent.\n", app->err);
        return 1;
    }
    return 0;
}

int cli_apply(struct app *app, int argc, char **argv)
{
    struct apply_opts o = {0};
    struct tree_compare c;
    int rc = parse(app, argc, argv, &o);
    if (rc || (rc = tree_compare_run(app, o.dir, &c)))
        return rc;
    FILE *out = app->json ? app->err : app->out; /* with --json stdout is the envelope */
    rc = show_diffs(app, out, &c, o.force);
    size_t n = rc ? 0 : summary(&c, out, o.force);
    if (!rc && (o.dry_run || !n)) {
        fprintf(app->err, "%s\n",
                o.dry_run ? "Dry run: nothing was sent" : "Nothing to apply: nothing was sent");
        if (app->json)
            out_json_success(app, cJSON_CreateArray(), NULL);
    } else if (!rc && !(rc = ask(app, n))) {
        rc = send_all(app, &c, o.force);
    }
    tree_compare_free(&c);
    return rc;
}
