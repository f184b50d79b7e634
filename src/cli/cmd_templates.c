/* templates get ID [--html], templates set ID [--subject S] [--html S |
 * --html-file F] [--dry-run], templates edit ID, templates history ID,
 * templates revert ID [VERSION]. The changes go through templates_change()
 * (templates_change.c). */
#define _GNU_SOURCE /* mkstemps */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bento/sanitize.h"
#include "bento/template_history.h"
#include "bento/validate.h"
#include "app/app.h"
#include "app/file_text.h"
#include "app/child.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"
#include "cli/templates.h"

#define TEMPLATE_HTML_MAX (8 * 1024 * 1024)

/* The body on a terminal: each line sanitised, so that the server's
 * bytes cannot drive the terminal (a pipe or a file gets them as they are). */
static void print_escaped_lines(FILE *out, const char *text)
{
    while (*text) {
        size_t len = strcspn(text, "\n");
        char *safe = malloc(len * 6 + 1);
        if (safe) {
            bento_sanitize(text, len, safe, len * 6 + 1);
            fprintf(out, "%s\n", safe);
        }
        free(safe);
        text += len + (text[len] == '\n');
    }
}

int templates_id(struct app *app, const char *word, char *out, size_t size)
{
    struct bento_error err;
    if (bento_validate_id(word, out, size, &err) < 0)
        return out_fail(app, &err);
    return 0;
}

/* Exactly one word, the id, after the options. */
static int id_word(struct app *app, struct subopts *s, const char *usage, char *id, size_t size)
{
    if (s->ac - optind != 1)
        return out_usage(app, "Usage: %s", usage);
    return templates_id(app, s->av[optind], id, size);
}

static cJSON *template_json(const struct bento_template *t)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", t->id);
    out_json_add_str(o, "name", t->name);
    out_json_add_str(o, "subject", t->subject);
    out_json_add_str(o, "html", t->html);
    out_json_add_str(o, "created_at", t->created_at);
    if (t->has_stats) {
        cJSON *st = cJSON_AddObjectToObject(o, "stats");
        cJSON_AddNumberToObject(st, "opened", (double)t->stats.opened);
        cJSON_AddNumberToObject(st, "clicked", (double)t->stats.clicked);
        cJSON_AddNumberToObject(st, "open_rate", t->stats.open_rate);
        cJSON_AddNumberToObject(st, "click_rate", t->stats.click_rate);
    }
    return o;
}

static void print_template(struct app *app, const struct bento_template *t)
{
    const char *label[] = {"Id", "Name", "Subject", "Created"};
    const char *value[] = {t->id, t->name, t->subject, t->created_at};
    for (size_t i = 0; i < 4; i++) {
        fprintf(app->out, "%-9s ", label[i]);
        out_cell(app->out, value[i] ? value[i] : "-", 0);
        fputc('\n', app->out);
    }
    if (t->has_stats && t->stats.opened >= 0)
        fprintf(app->out, "%-9s %ld opened, %ld clicked\n", "Stats", t->stats.opened,
                t->stats.clicked);
    fprintf(app->out, "%-9s %zu bytes (templates get ", "Body", t->html ? strlen(t->html) : 0);
    out_cell(app->out, t->id ? t->id : "ID", 0); /* the server's id: sanitised */
    fputs(" --html prints it)\n", app->out);
}

int cli_templates_get(struct app *app, int argc, char **argv)
{
    static const struct option opts[] = {{"html", no_argument, NULL, 'H'}, {0}};
    struct subopts s;
    bool html = false;
    char id[BENTO_VALUE_MAX];
    struct bento_result *r;
    int c, rc = cli_subopts_begin(&s, argc, argv);
    while (!rc && (c = cli_subopts_next(&s, "", opts)) != -1)
        rc = c == 'H' ? (html = true, 0) : out_usage(app, "Usage: templates get ID [--html]");
    if (!rc)
        rc = id_word(app, &s, "templates get ID [--html]", id, sizeof id);
    cli_subopts_end(&s);
    if (rc || (rc = templates_fetch(app, id, &r)))
        return rc;
    const struct bento_template *t = &r->content.tmpl;
    if (app->json)
        out_json_success(app, template_json(t), NULL);
    else if (html && t->html && isatty(fileno(app->out)))
        print_escaped_lines(app->out, t->html);
    else if (html && t->html) /* as it is, byte for byte, for piping */
        fwrite(t->html, 1, strlen(t->html), app->out);
    else if (!html)
        print_template(app, t);
    bento_result_free(r);
    return 0;
}

struct set_opts {
    const char *subject, *html;
    char *html_file_text;
    bool dry_run, html_given;
};

#define SET_USAGE "templates set ID [--subject S] [--html S | --html-file F] [--dry-run] [--yes]"

static int set_option(struct app *app, int c, struct set_opts *o)
{
    struct bento_error err;
    if ((c == 'h' || c == 'f') && o->html_given)
        return out_usage(app, "Give the body once: --html TEXT or --html-file FILE");
    switch (c) {
    case 's': o->subject = optarg; return 0;
    case 'h': o->html = optarg; return (o->html_given = true), 0;
    case 'd': o->dry_run = true; return 0;
    case 'f':
        o->html_given = true;
        if (!(o->html = o->html_file_text = app_file_text(optarg, TEMPLATE_HTML_MAX, NULL, &err)))
            return out_fail(app, &err);
        return 0;
    default: return out_usage(app, "Usage: " SET_USAGE);
    }
}

int cli_templates_set(struct app *app, int argc, char **argv)
{
    static const struct option opts[] = {{"subject", required_argument, NULL, 's'},
                                         {"html", required_argument, NULL, 'h'},
                                         {"html-file", required_argument, NULL, 'f'},
                                         {"dry-run", no_argument, NULL, 'd'},
                                         {0}};
    struct set_opts o = {0};
    struct subopts s;
    char id[BENTO_VALUE_MAX];
    struct bento_result *r = NULL;
    int c, rc = cli_subopts_begin(&s, argc, argv);
    while (!rc && (c = cli_subopts_next(&s, "", opts)) != -1)
        rc = set_option(app, c, &o);
    if (!rc)
        rc = id_word(app, &s, SET_USAGE, id, sizeof id);
    cli_subopts_end(&s);
    if (!rc && !o.subject && !o.html)
        rc = out_usage(app, "Nothing to change: give --subject, --html or --html-file");
    if (!rc && !(rc = templates_fetch(app, id, &r))) {
        struct template_change ch = {id, o.subject, o.html, o.dry_run, "Update"};
        rc = templates_change(app, &r->content.tmpl, &ch);
    }
    bento_result_free(r);
    free(o.html_file_text);
    return rc;
}

/* The body through $VISUAL or $EDITOR in a 0600 temporary file; the
 * editor gets neither the keys nor our descriptors (app/child.c). */
static char *edit_body(struct app *app, const char *html, int *rc)
{
    const char *editor = getenv("VISUAL");
    if (!editor || !*editor)
        editor = getenv("EDITOR");
    const char *tmp = getenv("TMPDIR");
    char path[600];
    struct bento_error err;
    snprintf(path, sizeof path, "%s/bento-template-XXXXXX.html", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemps(path, 5); /* O_EXCL, mode 0600 */
    size_t len = html ? strlen(html) : 0;
    bool ok = fd >= 0 && (len == 0 || write(fd, html, len) == (ssize_t)len);
    if (fd >= 0)
        close(fd);
    int status = ok ? app_child_run_editor(editor && *editor ? editor : "vi", path) : -1;
    char *text = NULL;
    if (!ok)
        bento_error_set(&err, BENTO_E_IO, "Cannot write a temporary file for the editor: %s",
                        strerror(errno));
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bento_error_set(&err, BENTO_E_USAGE,
                        "The editor did not finish cleanly: nothing was sent; set EDITOR to a "
                        "program that waits until you are done");
    else
        text = app_file_text(path, TEMPLATE_HTML_MAX, NULL, &err);
    if (fd >= 0)
        unlink(path);
    if (!text)
        *rc = out_fail(app, &err);
    return text;
}

int cli_templates_edit(struct app *app, int argc, char **argv)
{
    struct subopts s;
    char id[BENTO_VALUE_MAX];
    struct bento_result *r = NULL;
    int c, rc = cli_subopts_begin(&s, argc, argv);
    static const struct option none[] = {{0}};
    while (!rc && (c = cli_subopts_next(&s, "", none)) != -1)
        rc = out_usage(app, "Usage: templates edit ID");
    if (!rc)
        rc = id_word(app, &s, "templates edit ID", id, sizeof id);
    cli_subopts_end(&s);
    if (rc || (rc = templates_fetch(app, id, &r)))
        return rc;
    char *html = edit_body(app, r->content.tmpl.html, &rc);
    if (html) {
        struct template_change ch = {id, NULL, html, false, "Update"};
        rc = templates_change(app, &r->content.tmpl, &ch);
    }
    free(html);
    bento_result_free(r);
    return rc;
}

static void saved_time(long long at, char *out, size_t size)
{
    time_t t = (time_t)at;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, size, "-");
}

static void print_history(struct app *app, const char *id, const struct bento_template_history *h)
{
    char when[32];
    if (app->json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < h->count; i++) {
            cJSON *o = cJSON_CreateObject();
            saved_time(h->items[i].saved_at, when, sizeof when);
            cJSON_AddNumberToObject(o, "version", (double)h->items[i].number);
            cJSON_AddStringToObject(o, "saved_at", when);
            out_json_add_str(o, "subject", h->items[i].subject);
            cJSON_AddItemToArray(arr, o);
        }
        out_json_success(app, arr, NULL);
        return;
    }
    if (!h->count) {
        fprintf(app->out, "No versions of template %s are kept yet (each change keeps one)\n", id);
        return;
    }
    fprintf(app->out, "%-8s %-20s %s\n", "VERSION", "SAVED", "SUBJECT");
    for (size_t i = 0; i < h->count; i++) {
        saved_time(h->items[i].saved_at, when, sizeof when);
        fprintf(app->out, "%-8ld %-20s ", h->items[i].number, when);
        out_cell(app->out, h->items[i].subject ? h->items[i].subject : "-", 0);
        fputc('\n', app->out);
    }
}

static int load_history(struct app *app, const char *id, struct bento_template_history *h)
{
    struct bento_error err;
    if (bento_template_history_load(app_cache_name(app), id, h, &err) < 0)
        return out_fail(app, &err);
    return 0;
}

int cli_templates_history(struct app *app, int argc, char **argv)
{
    struct subopts s;
    char id[BENTO_VALUE_MAX];
    struct bento_template_history h = {0};
    static const struct option none[] = {{0}};
    int c, rc = cli_subopts_begin(&s, argc, argv);
    while (!rc && (c = cli_subopts_next(&s, "", none)) != -1)
        rc = out_usage(app, "Usage: templates history ID");
    if (!rc)
        rc = id_word(app, &s, "templates history ID", id, sizeof id);
    cli_subopts_end(&s);
    if (rc || (rc = load_history(app, id, &h)))
        return rc;
    print_history(app, id, &h);
    bento_template_history_free(&h);
    return 0;
}

/* VERSION, or the newest kept: the one the last change replaced. */
static const struct bento_template_version *pick_version(struct app *app, const char *id,
                                                         const struct bento_template_history *h,
                                                         const char *word, int *rc)
{
    char *end = NULL;
    long n = word ? strtol(word, &end, 10) : 0;
    const struct bento_template_version *v = !word ? (h->count ? &h->items[0] : NULL)
                                                   : (*word && !*end
                                                          ? bento_template_history_find(h, n)
                                                          : NULL);
    if (v)
        return v;
    struct bento_error err;
    if (!h->count)
        bento_error_set(&err, BENTO_E_NOT_FOUND,
                        "No versions of template %.64s are kept here yet: nothing to revert to",
                        id);
    else
        bento_error_set(&err, BENTO_E_NOT_FOUND,
                        "Template %.64s has no kept version %.32s: templates history %.64s "
                        "lists them",
                        id, word, id);
    *rc = out_fail(app, &err);
    return NULL;
}

int cli_templates_revert(struct app *app, int argc, char **argv)
{
    struct subopts s;
    char id[BENTO_VALUE_MAX], what[64];
    struct bento_template_history h = {0};
    struct bento_result *r = NULL;
    static const struct option none[] = {{0}};
    int c, rc = cli_subopts_begin(&s, argc, argv);
    while (!rc && (c = cli_subopts_next(&s, "", none)) != -1)
        rc = out_usage(app, "Usage: templates revert ID [VERSION]");
    int words = s.ac - optind;
    if (!rc && (words < 1 || words > 2))
        rc = out_usage(app, "Usage: templates revert ID [VERSION]");
    if (!rc)
        rc = templates_id(app, s.av[optind], id, sizeof id);
    const char *version = !rc && words == 2 ? s.av[optind + 1] : NULL;
    const struct bento_template_version *v = NULL;
    if (!rc && !(rc = load_history(app, id, &h)))
        v = pick_version(app, id, &h, version, &rc);
    if (v && !(rc = templates_fetch(app, id, &r))) {
        snprintf(what, sizeof what, "Restore version %ld of", v->number);
        const char *subject, *html; /* only what the version has: never an empty subject */
        bento_template_version_patch(v, r->content.tmpl.subject, r->content.tmpl.html, &subject,
                                     &html);
        struct template_change ch = {id, subject, html, false, what};
        rc = templates_change(app, &r->content.tmpl, &ch);
    }
    cli_subopts_end(&s);
    bento_result_free(r);
    bento_template_history_free(&h);
    return rc;
}
