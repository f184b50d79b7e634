/* broadcasts create --name NAME --subject S (--html S | --html-file F)
 *   --from EMAIL [--from-name NAME] [--include-tags T,...]
 *   [--exclude-tags T,...] [--segment ID] [--type TYPE] [--per-hour N]
 *   [--dry-run]
 * broadcasts create -f FILE (JSONL, one draft a line)
 * Every draft is checked (and its From address against the authors)
 * before anything is sent, shown, then sent in calls of at most 100,
 * each at most once. Bento creates drafts only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/content.h"
#include "bento/request.h"
#include "app/app.h"
#include "cli/broadcasts_draft.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/subopts.h"

#define DASHBOARD "https://app.bentonow.com/account/emails/broadcasts"
#define FILE_MAX (16 * 1024 * 1024)
#define SHOWN_PROBLEMS 20

static const char create_usage[] =
    "Usage: bento-console broadcasts create --name NAME --subject S (--html S | --html-file F) "
    "--from EMAIL [--from-name NAME] [--include-tags T,...] [--exclude-tags T,...] "
    "[--segment ID] [--type TYPE] [--per-hour N] [--dry-run], or broadcasts create -f FILE";

struct drafts {
    cJSON *list;  /* checked drafts, as sent */
    long *lines;  /* each draft's line in the file (0: options) */
    size_t count; /* drafts */
    bool dry_run;
    /* Why the authors could not be read: told with the result, as a
     * failed send's one line says all there is. */
    char authors_unread[BENTO_ERROR_MSG_MAX];
};

/* The whole file, NUL-terminated, or NULL with err set. */
static char *read_all(const char *path, struct bento_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long len = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && len <= FILE_MAX &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1)) &&
        fread(buf, 1, (size_t)len, f) == (size_t)len) {
        buf[len] = '\0';
        fclose(f);
        return buf;
    }
    bento_error_set(err, BENTO_E_IO, "Cannot read %.200s: %s", path,
                    len > FILE_MAX ? "larger than 16 MiB" : strerror(errno ? errno : EIO));
    free(buf);
    if (f)
        fclose(f);
    return NULL;
}

static int add_draft(struct drafts *d, cJSON *draft, long line)
{
    long *lines = realloc(d->lines, (d->count + 1) * sizeof *lines);
    if (!lines) {
        cJSON_Delete(draft);
        return -1;
    }
    d->lines = lines;
    d->lines[d->count++] = line;
    cJSON_AddItemToArray(d->list, draft);
    return 0;
}

/* ---- the checks ---- */

/* One "line N (NAME): why" problem, on stderr or into the --json list. */
static void problem(struct app *app, cJSON *problems, long line, const cJSON *in, const char *why)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(in, "name"));
    if (app->json) {
        cJSON *p = cJSON_CreateObject();
        if (line)
            cJSON_AddNumberToObject(p, "line", (double)line);
        else
            cJSON_AddNullToObject(p, "line");
        out_json_add_str(p, "name", name);
        cJSON_AddStringToObject(p, "error", why);
        cJSON_AddItemToArray(problems, p);
    } else if (cJSON_GetArraySize(problems) < SHOWN_PROBLEMS) {
        fputs("error: ", app->err);
        if (line)
            fprintf(app->err, "line %ld", line);
        if (line && name) {
            fputs(" (", app->err);
            out_cell(app->err, name, 0);
            fputc(')', app->err);
        }
        fputs(line ? ": " : "", app->err);
        out_cell(app->err, why, 0);
        fputc('\n', app->err);
        cJSON_AddItemToArray(problems, cJSON_CreateNull());
    }
}

/* Nothing was sent: the refused drafts, then one line. Returns 6. */
static int refuse_all(struct app *app, cJSON *problems, size_t bad, size_t total)
{
    char msg[200];
    snprintf(msg, sizeof msg, "%zu of %zu draft%s refused; nothing was sent: fix %s and run again",
             bad, total, total == 1 ? "" : "s", bad == 1 ? "it" : "them");
    if (!app->json) {
        if (total > 1) /* one draft: its own line says all */
            fprintf(app->err, "error: %s\n", msg);
        cJSON_Delete(problems);
        return 6;
    }
    cJSON *root = cJSON_CreateObject(), *meta = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 0);
    cJSON_AddStringToObject(root, "error", msg);
    cJSON_AddNullToObject(root, "data");
    cJSON_AddStringToObject(meta, "code", bento_error_kind_name(BENTO_E_VALIDATION));
    cJSON_AddItemToObject(meta, "problems", problems);
    cJSON_AddItemToObject(root, "meta", meta);
    out_json_print(app->err, root);
    cJSON_Delete(root);
    return 6;
}

/* Each line of the file checked; nothing is kept unless all pass. */
static int read_file(struct app *app, const char *path, struct drafts *d)
{
    struct bento_error err;
    char *text = read_all(path, &err);
    if (!text)
        return out_fail(app, &err);
    cJSON *problems = cJSON_CreateArray();
    size_t bad = 0, total = 0;
    long line = 0;
    for (char *l = text, *next; l; l = next) {
        if ((next = strchr(l, '\n')))
            *next++ = '\0';
        line++;
        if (strspn(l, " \t\r") == strlen(l))
            continue;
        total++;
        cJSON *in = cJSON_Parse(l);
        cJSON *draft = in ? broadcast_draft_check(in, &err) : NULL;
        if (!in)
            bento_error_set(&err, BENTO_E_VALIDATION, "Not a JSON object");
        if (!draft || add_draft(d, draft, line) < 0) {
            problem(app, problems, line, in, err.message);
            bad++;
        }
        cJSON_Delete(in);
    }
    free(text);
    if (!total) {
        cJSON_Delete(problems);
        return out_usage(app, "%.200s holds no drafts (one JSON object a line)", path);
    }
    if (bad)
        return refuse_all(app, problems, bad, total);
    cJSON_Delete(problems);
    return total > 1000 ? out_usage(app, "At most 1000 drafts a file") : -1;
}

/* Each draft's From address must be an author. When the authors cannot
 * be read, Bento judges (a warning with the result says so). Returns -1
 * to go on. */
static int check_authors(struct app *app, struct drafts *d)
{
    struct bento_error err;
    if (app_connect(app, &err) < 0)
        return out_fail(app, &err);
    struct bento_result *r = bento_client_call(app->client, bento_request_authors_list());
    if (!r || r->err.kind != BENTO_OK) {
        snprintf(d->authors_unread, sizeof d->authors_unread, "%s",
                 r ? r->err.message : "out of memory");
        bento_result_free(r);
        return -1;
    }
    cJSON *problems = cJSON_CreateArray();
    size_t bad = 0;
    for (size_t i = 0; i < d->count; i++) {
        const cJSON *b = cJSON_GetArrayItem(d->list, (int)i);
        const char *from = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItem(b, "from"), "email"));
        bool ok = false;
        for (size_t k = 0; !ok && k < r->authors.count; k++)
            ok = r->authors.items[k].email && !strcasecmp(r->authors.items[k].email, from);
        if (ok)
            continue;
        char why[400];
        snprintf(why, sizeof why,
                 "%.200s is not an author of this account (bento-console authors list shows "
                 "them)",
                 from);
        problem(app, problems, d->lines[i], b, why);
        bad++;
    }
    bento_result_free(r);
    if (bad)
        return refuse_all(app, problems, bad, d->count);
    cJSON_Delete(problems);
    return -1;
}

/* ---- the options ---- */

enum {
    OPT_NAME = 600,
    OPT_SUBJECT,
    OPT_HTML,
    OPT_HTML_FILE,
    OPT_FROM,
    OPT_FROM_NAME,
    OPT_INCLUDE,
    OPT_EXCLUDE,
    OPT_SEGMENT,
    OPT_TYPE,
    OPT_PER_HOUR,
    OPT_DRY_RUN
};

static const struct option create_options[] = {
    {"name", required_argument, NULL, OPT_NAME},
    {"subject", required_argument, NULL, OPT_SUBJECT},
    {"html", required_argument, NULL, OPT_HTML},
    {"html-file", required_argument, NULL, OPT_HTML_FILE},
    {"from", required_argument, NULL, OPT_FROM},
    {"from-name", required_argument, NULL, OPT_FROM_NAME},
    {"include-tags", required_argument, NULL, OPT_INCLUDE},
    {"exclude-tags", required_argument, NULL, OPT_EXCLUDE},
    {"segment", required_argument, NULL, OPT_SEGMENT},
    {"type", required_argument, NULL, OPT_TYPE},
    {"per-hour", required_argument, NULL, OPT_PER_HOUR},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"file", required_argument, NULL, 'f'},
    {NULL, 0, NULL, 0},
};

static const char *const option_keys[] = {
    [OPT_NAME - OPT_NAME] = "name",
    [OPT_SUBJECT - OPT_NAME] = "subject",
    [OPT_HTML - OPT_NAME] = "content",
    [OPT_HTML_FILE - OPT_NAME] = "content",
    [OPT_FROM - OPT_NAME] = "from",
    [OPT_FROM_NAME - OPT_NAME] = "from_name",
    [OPT_INCLUDE - OPT_NAME] = "inclusive_tags",
    [OPT_EXCLUDE - OPT_NAME] = "exclusive_tags",
    [OPT_SEGMENT - OPT_NAME] = "segment_id",
    [OPT_TYPE - OPT_NAME] = "type",
    [OPT_PER_HOUR - OPT_NAME] = "batch_size_per_hour",
};

/* One option into the draft's input object. Returns -1 to go on. */
static int option(struct app *app, int c, cJSON *in)
{
    struct bento_error err;
    if (c < OPT_NAME || c > OPT_PER_HOUR)
        return out_usage(app, "%s", create_usage);
    const char *key = option_keys[c - OPT_NAME];
    if (cJSON_GetObjectItemCaseSensitive(in, key) && !strcmp(key, "content"))
        return out_usage(app, "Give the body once: --html TEXT or --html-file FILE");
    if (cJSON_GetObjectItemCaseSensitive(in, key))
        return out_usage(app, "Give --%s once", create_options[c - OPT_NAME].name);
    if (c == OPT_PER_HOUR) {
        char *end;
        long n = strtol(optarg, &end, 10);
        if (*end || end == optarg || n < 1)
            return out_usage(app, "--per-hour takes a whole number from 1, got \"%.40s\"", optarg);
        cJSON_AddNumberToObject(in, key, (double)n);
        return -1;
    }
    if (c == OPT_HTML_FILE) {
        char *html = read_all(optarg, &err);
        if (!html)
            return out_fail(app, &err);
        cJSON_AddStringToObject(in, key, html);
        free(html);
        return -1;
    }
    cJSON_AddStringToObject(in, key, optarg);
    return -1;
}

static int parse(struct app *app, int argc, char **argv, struct drafts *d)
{
    struct subopts so;
    if (cli_subopts_begin(&so, argc, argv))
        return 1;
    cJSON *in = cJSON_CreateObject();
    const char *file = NULL;
    int c, rc = -1;
    while (rc < 0 && (c = cli_subopts_next(&so, "f:", create_options)) != -1) {
        if (c == OPT_DRY_RUN)
            d->dry_run = true;
        else if (c == 'f')
            file = optarg;
        else
            rc = option(app, c, in);
    }
    if (rc < 0 && so.av[optind])
        rc = out_usage(app, "%s", create_usage);
    if (rc < 0 && file && in->child)
        rc = out_usage(app, "Give -f FILE or the draft's options, not both");
    if (rc < 0 && file)
        rc = read_file(app, file, d);
    else if (rc < 0) {
        struct bento_error err;
        cJSON *draft = broadcast_draft_check(in, &err);
        rc = !draft ? out_fail(app, &err) : add_draft(d, draft, 0) < 0 ? 1 : -1;
    }
    cJSON_Delete(in);
    cli_subopts_end(&so);
    return rc;
}

/* ---- show, send, report ---- */

static size_t calls_for(size_t n)
{
    return (n + BENTO_CAP_BROADCASTS - 1) / BENTO_CAP_BROADCASTS;
}

static void show_part(FILE *out, const char *label, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        fprintf(out, "; %s ", label);
        out_cell(out, v->valuestring, 0);
    }
}

/* One line a draft: what will be created. */
static void show(struct app *app, const struct drafts *d)
{
    const cJSON *b;
    size_t i = 0;
    cJSON_ArrayForEach(b, d->list) {
        const cJSON *from = cJSON_GetObjectItem(b, "from");
        fprintf(app->out, "  %zu. ", ++i);
        out_cell(app->out, cJSON_GetStringValue(cJSON_GetObjectItem(b, "name")), 0);
        fputs(": subject \"", app->out);
        out_cell(app->out, cJSON_GetStringValue(cJSON_GetObjectItem(b, "subject")), 0);
        fputs("\", from ", app->out);
        out_cell(app->out, cJSON_GetStringValue(cJSON_GetObjectItem(from, "email")), 0);
        show_part(app->out, "to tags", cJSON_GetObjectItem(b, "inclusive_tags"));
        show_part(app->out, "not tags", cJSON_GetObjectItem(b, "exclusive_tags"));
        show_part(app->out, "segment", cJSON_GetObjectItem(b, "segment_id"));
        show_part(app->out, "type", cJSON_GetObjectItem(b, "type"));
        const cJSON *per = cJSON_GetObjectItem(b, "batch_size_per_hour");
        if (per)
            fprintf(app->out, "; %.0f per hour", per->valuedouble);
        fprintf(app->out, "; %zu bytes of HTML\n",
                strlen(cJSON_GetStringValue(cJSON_GetObjectItem(b, "content"))));
    }
}

static int dry_run(struct app *app, const struct drafts *d)
{
    size_t calls = calls_for(d->count);
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddBoolToObject(data, "dryRun", 1);
        cJSON_AddNumberToObject(data, "drafts", (double)d->count);
        cJSON_AddNumberToObject(data, "calls", (double)calls);
        cJSON_AddItemToObject(data, "broadcasts", cJSON_Duplicate(d->list, 1));
        out_json_success(app, data, NULL);
        return 0;
    }
    fprintf(app->out,
            "Dry run: would create %zu broadcast draft%s in %zu call%s to /batch/broadcasts; "
            "nothing was sent.\n",
            d->count, d->count == 1 ? "" : "s", calls, calls == 1 ? "" : "s");
    show(app, d);
    return 0;
}

struct outcome {
    cJSON *created, *failures; /* for the report, indexes over every draft */
    long results, failed;
    size_t calls, sent; /* calls answered, drafts in them */
};

static void note_answer(struct outcome *o, const struct drafts *d, size_t offset,
                        const struct bento_broadcast_batch *b)
{
    o->results += b->results > 0 ? b->results : (long)b->created_count;
    o->failed += b->failed > 0 ? b->failed : (long)b->failure_count;
    for (size_t i = 0; i < b->created_count; i++) {
        cJSON *c = cJSON_CreateObject();
        out_json_add_str(c, "id", b->created[i].id);
        out_json_add_str(c, "template_id", b->created[i].template_id);
        out_json_add_str(c, "name", b->created[i].name);
        out_json_add_str(c, "dashboard_url", b->created[i].dashboard_url);
        cJSON_AddItemToArray(o->created, c);
    }
    for (size_t i = 0; i < b->failure_count; i++) {
        long at = b->failures[i].index >= 0 ? (long)offset + b->failures[i].index : -1;
        cJSON *f = cJSON_CreateObject();
        cJSON_AddNumberToObject(f, "index", (double)at);
        if (at >= 0 && (size_t)at < d->count && d->lines[at])
            cJSON_AddNumberToObject(f, "line", (double)d->lines[at]);
        else
            cJSON_AddNullToObject(f, "line");
        out_json_add_str(f, "name", b->failures[i].name);
        out_json_add_str(f, "error", b->failures[i].error);
        cJSON_AddItemToArray(o->failures, f);
    }
}

/* The drafts in calls of at most 100; a failed call stops the rest.
 * Returns 0, or the exit code of the failed call (reported). */
static int send_all(struct app *app, const struct drafts *d, struct outcome *o)
{
    for (size_t off = 0; off < d->count; off += BENTO_CAP_BROADCASTS) {
        cJSON *part = cJSON_CreateArray();
        for (size_t i = off; i < d->count && i < off + BENTO_CAP_BROADCASTS; i++)
            cJSON_AddItemToArray(part, cJSON_Duplicate(cJSON_GetArrayItem(d->list, (int)i), 1));
        size_t n = (size_t)cJSON_GetArraySize(part);
        struct bento_result *r;
        int rc = cli_call(app, bento_request_broadcasts_create(part), &r);
        cJSON_Delete(part);
        if (rc)
            return rc;
        note_answer(o, d, off, &r->content.batch);
        bento_result_free(r);
        o->calls++;
        o->sent += n;
    }
    return 0;
}

static void report_text(struct app *app, const struct drafts *d, const struct outcome *o)
{
    FILE *out = app->out;
    fprintf(out,
            "Bento created %ld of %zu broadcast draft%s in %zu call%s. Bento creates drafts "
            "only: review and send %s in the dashboard (" DASHBOARD ").\n",
            o->results, d->count, d->count == 1 ? "" : "s", o->calls, o->calls == 1 ? "" : "s",
            o->results == 1 ? "it" : "them");
    const cJSON *c;
    cJSON_ArrayForEach(c, o->created) {
        fputs("  ", out);
        out_cell(out, cJSON_GetStringValue(cJSON_GetObjectItem(c, "name")), 0);
        fputs("  ", out);
        const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(c, "dashboard_url"));
        out_cell(out, url ? url : DASHBOARD, 0);
        fputc('\n', out);
    }
    cJSON_ArrayForEach(c, o->failures) {
        const cJSON *line = cJSON_GetObjectItem(c, "line");
        fprintf(app->err, "error: draft %.0f", cJSON_GetObjectItem(c, "index")->valuedouble + 1);
        if (cJSON_IsNumber(line))
            fprintf(app->err, " (line %.0f)", line->valuedouble);
        fputs(" \"", app->err);
        out_cell(app->err, cJSON_GetStringValue(cJSON_GetObjectItem(c, "name")), 0);
        fputs("\" was refused: ", app->err);
        out_cell(app->err, cJSON_GetStringValue(cJSON_GetObjectItem(c, "error")), 0);
        fputc('\n', app->err);
    }
}

static int report(struct app *app, const struct drafts *d, struct outcome *o)
{
    int rc = o->failed > 0 || o->results < (long)d->count ? 6 : 0;
    if (!app->json) {
        report_text(app, d, o);
        return rc;
    }
    cJSON *data = cJSON_CreateObject();
    cJSON_AddNumberToObject(data, "results", (double)o->results);
    cJSON_AddNumberToObject(data, "failed", (double)o->failed);
    cJSON_AddNumberToObject(data, "drafts", (double)d->count);
    cJSON_AddNumberToObject(data, "calls", (double)o->calls);
    cJSON_AddItemToObject(data, "created", o->created);
    cJSON_AddItemToObject(data, "failures", o->failures);
    o->created = o->failures = NULL;
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddStringToObject(meta, "note",
                            "Bento creates drafts only: review and send them in "
                            "the dashboard");
    cJSON_AddStringToObject(meta, "dashboard", DASHBOARD);
    out_json_success(app, data, meta);
    return rc;
}

/* After a failed call: what the earlier calls made, what was not sent. */
static void partial_line(struct app *app, const struct drafts *d, const struct outcome *o)
{
    size_t unsent = d->count - o->sent;
    if (app->json || !o->calls)
        return;
    fprintf(app->err,
            "  Bento had created %ld draft%s in %zu earlier call%s (" DASHBOARD "); the %zu "
            "draft%s from the failed call on may not exist: check the dashboard before running "
            "again.\n",
            o->results, o->results == 1 ? "" : "s", o->calls, o->calls == 1 ? "" : "s", unsent,
            unsent == 1 ? "" : "s");
}

static void warn_authors_unread(struct app *app, const struct drafts *d)
{
    if (d->authors_unread[0] && !app->json)
        fprintf(app->err,
                "warning: could not read the authors (%s); Bento checks the From addresses "
                "itself\n",
                d->authors_unread);
}

int cli_broadcasts_create(struct app *app, int argc, char **argv)
{
    struct drafts d = {cJSON_CreateArray(), NULL, 0, false, ""};
    int rc = parse(app, argc, argv, &d);
    if (rc < 0)
        rc = check_authors(app, &d);
    if (rc < 0 && d.dry_run) {
        warn_authors_unread(app, &d);
        rc = dry_run(app, &d);
    }
    if (rc < 0) {
        if (!app->json) {
            fprintf(app->out, "Creating %zu broadcast draft%s in %zu call%s:\n", d.count,
                    d.count == 1 ? "" : "s", calls_for(d.count),
                    calls_for(d.count) == 1 ? "" : "s");
            show(app, &d);
        }
        struct outcome o = {cJSON_CreateArray(), cJSON_CreateArray(), 0, 0, 0, 0};
        if ((rc = send_all(app, &d, &o))) {
            partial_line(app, &d, &o);
        } else {
            warn_authors_unread(app, &d);
            rc = report(app, &d, &o);
        }
        cJSON_Delete(o.created);
        cJSON_Delete(o.failures);
    }
    cJSON_Delete(d.list);
    free(d.lines);
    return rc;
}
