/* export DIR: the account's content as files made for git
 * (app/export_tree.h has the layout), and diff DIR: the tree against the
 * account now, per template, with diff's exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/export_tree.h"
#include "cli/account_tree.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"
#include "cli/templates.h"

/* The one word DIR, no options; 0 or the exit code. */
static int dir_word(struct app *app, int argc, char **argv, const char *usage, const char **dir)
{
    static const struct option none[] = {{0}};
    struct subopts s;
    int c, rc = cli_subopts_begin(&s, argc, argv);
    while (!rc && (c = cli_subopts_next(&s, "", none)) != -1)
        rc = out_usage(app, "Usage: bento-console %s", usage);
    if (!rc && s.ac - optind != 1)
        rc = out_usage(app, "Usage: bento-console %s", usage);
    if (!rc)
        *dir = s.av[optind];
    cli_subopts_end(&s);
    return rc;
}

static size_t count_under(const struct app_export_tree *t, const char *top, const char *ext)
{
    size_t n = 0, tl = strlen(top), el = strlen(ext);
    for (size_t i = 0; i < t->count; i++) {
        const char *r = t->items[i].rel;
        size_t rl = strlen(r);
        n += !strncmp(r, top, tl) && rl > el && !strcmp(r + rl - el, ext);
    }
    return n;
}

static void report_export(struct app *app, const char *dir, const struct app_export_tree *t,
                          size_t removed)
{
    size_t emails = count_under(t, "sequences/", ".json") + count_under(t, "workflows/", ".json");
    size_t broadcasts = count_under(t, "broadcasts/", ".json");
    if (app->json) {
        cJSON *o = cJSON_CreateObject();
        out_json_add_str(o, "dir", dir);
        cJSON_AddNumberToObject(o, "files", (double)t->count);
        cJSON_AddNumberToObject(o, "emails", (double)emails);
        cJSON_AddNumberToObject(o, "broadcasts", (double)broadcasts);
        cJSON_AddNumberToObject(o, "removed", (double)removed);
        out_json_success(app, o, NULL);
        return;
    }
    fprintf(app->out, "Exported %zu emails, %zu broadcasts, tags.csv and fields.csv to ", emails,
            broadcasts);
    out_cell(app->out, dir, 0);
    if (removed)
        fprintf(app->out, " (%zu old files removed)", removed);
    fputc('\n', app->out);
}

int cli_export(struct app *app, int argc, char **argv)
{
    const char *dir = NULL;
    int rc = dir_word(app, argc, argv, "export DIR", &dir);
    struct app_export_tree t;
    if (rc || (rc = account_tree_fetch(app, &t)))
        return rc;
    struct bento_error err;
    size_t removed = 0;
    if (app_export_write(dir, &t, &removed, &err) < 0)
        rc = out_fail(app, &err);
    else
        report_export(app, dir, &t, removed);
    app_export_tree_free(&t);
    return rc;
}

static cJSON *change_json(const struct tree_change *ch, const char *diff)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", ch->id);
    out_json_add_str(o, "file", ch->file);
    out_json_add_str(o, "state", tree_state_name(ch->state));
    cJSON_AddBoolToObject(o, "subject_changed",
                          strcmp(ch->tree_subject ? ch->tree_subject : "",
                                 ch->now_subject ? ch->now_subject : "") != 0);
    cJSON_AddBoolToObject(
        o, "html_changed",
        strcmp(ch->tree_html ? ch->tree_html : "", ch->now_html ? ch->now_html : "") != 0);
    out_json_add_str(o, "diff", diff);
    return o;
}

static cJSON *notes_json(const struct tree_compare *c)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < c->nnotes; i++) {
        cJSON *o = cJSON_CreateObject();
        out_json_add_str(o, "file", c->notes[i].file);
        out_json_add_str(o, "reason", c->notes[i].why);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static void print_notes(struct app *app, FILE *out, const struct tree_compare *c)
{
    for (size_t i = 0; i < c->nnotes; i++) {
        out_cell(out, c->notes[i].file, 0);
        fputs(": ", out);
        out_cell(out, c->notes[i].why, 0);
        fputc('\n', out);
    }
    (void)app;
}

int cli_diff(struct app *app, int argc, char **argv)
{
    const char *dir = NULL;
    struct tree_compare c;
    int rc = dir_word(app, argc, argv, "diff DIR", &dir);
    if (rc || (rc = tree_compare_run(app, dir, &c)))
        return rc;
    cJSON *templates = app->json ? cJSON_CreateArray() : NULL;
    struct bento_error err;
    for (size_t i = 0; !rc && i < c.nchanges; i++) {
        char *d = tree_change_diff(&c.changes[i], &err);
        if (!d)
            rc = out_fail(app, &err);
        else if (templates)
            cJSON_AddItemToArray(templates, change_json(&c.changes[i], d));
        else
            tree_print_diff(app, app->out, d);
        free(d);
    }
    if (!rc && templates) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "templates", templates);
        cJSON_AddItemToObject(o, "cannot_apply", notes_json(&c));
        templates = NULL;
        out_json_success(app, o, NULL);
    } else if (!rc) {
        print_notes(app, app->out, &c);
    }
    cJSON_Delete(templates);
    if (!rc)
        rc = c.nchanges || c.nnotes ? 1 : 0;
    tree_compare_free(&c);
    return rc;
}
