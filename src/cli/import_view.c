#include "cli/import_view.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "cli/output.h"

#define REDRAW_MS 100

const char *import_view_count(size_t n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "4.2 s", "3 min 05 s", "1 h 02 min" */
static const char *duration(int64_t ms, char *buf, size_t size)
{
    if (ms < 60000)
        snprintf(buf, size, "%.1f s", (double)ms / 1000.0);
    else if (ms < 3600000)
        snprintf(buf, size, "%d min %02d s", (int)(ms / 60000), (int)(ms / 1000 % 60));
    else
        snprintf(buf, size, "%d h %02d min", (int)(ms / 3600000), (int)(ms / 60000 % 60));
    return buf;
}

void import_view_bad_rows(struct import_view *v)
{
    const struct bento_import_plan *p = v->plan;
    FILE *err = v->app->err;
    char n[32];
    if (v->app->json || !p->bad)
        return;
    for (size_t i = 0; i < p->listed_count; i++) {
        const struct bento_import_bad_row *b = &p->listed[i];
        fprintf(err, "bad row: line %zu%s", b->line, b->column[0] ? ", " : "");
        out_cell(err, b->column, 0);
        fputs(": ", err);
        out_cell(err, b->reason, 0);
        fputc('\n', err);
    }
    if (p->bad > p->listed_count)
        fprintf(err, "... and %s more bad rows\n",
                import_view_count(p->bad - p->listed_count, n, sizeof n));
    if (p->bad_encoding)
        fputs("Some rows are not UTF-8 text: the file may be in another encoding. Save it as "
              "UTF-8 (e.g. iconv -f latin1 -t utf-8) and import again.\n",
              err);
}

/* ---- dry run --------------------------------------------------------------- */

static cJSON *bad_rows_json(const struct bento_import_plan *p)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < p->listed_count; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "line", (double)p->listed[i].line);
        cJSON_AddStringToObject(o, "column", p->listed[i].column);
        cJSON_AddStringToObject(o, "reason", p->listed[i].reason);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static void plan_json(struct import_view *v, const char *path, int64_t ideal)
{
    const struct bento_import_plan *p = v->plan;
    cJSON *d = cJSON_CreateObject();
    cJSON_AddBoolToObject(d, "dryRun", 1);
    cJSON_AddStringToObject(d, "action", v->what);
    cJSON_AddStringToObject(d, "file", path);
    cJSON_AddNumberToObject(d, "rows", (double)p->rows);
    cJSON_AddNumberToObject(d, "valid", (double)p->good);
    cJSON_AddNumberToObject(d, "rejected", (double)p->bad);
    cJSON_AddNumberToObject(d, "duplicates", (double)p->duplicates);
    cJSON_AddItemToObject(d, "badRows", bad_rows_json(p));
    cJSON_AddNumberToObject(d, "wouldAffect", (double)p->to_send);
    cJSON_AddNumberToObject(d, "calls", (double)p->calls);
    cJSON_AddNumberToObject(d, "sentBefore", (double)p->resume_rows);
    cJSON_AddNumberToObject(d, "estimatedMs", (double)ideal);
    cJSON *rl = cJSON_AddObjectToObject(d, "rateLimit");
    cJSON_AddNumberToObject(rl, "limit", v->limit.limit);
    cJSON_AddNumberToObject(rl, "windowMs", (double)v->limit.window_ms);
    cJSON *preview = cJSON_AddArrayToObject(d, "preview");
    if (p->sample)
        cJSON_AddItemToArray(preview, cJSON_Duplicate(p->sample, 1));
    out_json_success(v->app, d, NULL);
}

static void estimate_text(struct import_view *v, int64_t ideal)
{
    FILE *out = v->app->out;
    char d[32], w[32];
    if (v->limit.limit <= 0) {
        fputs("  time:    no rate limit set: as fast as Bento answers\n", out);
        return;
    }
    duration(v->limit.window_ms, w, sizeof w);
    if (ideal == 0)
        fprintf(out,
                "  time:    as fast as Bento answers: the calls fit in one window of the "
                "rate limit (%d per %s)\n",
                v->limit.limit, w);
    else
        fprintf(out, "  time:    at least %s at the rate limit (%d calls per %s)\n",
                duration(ideal, d, sizeof d), v->limit.limit, w);
}

void import_view_plan(struct import_view *v, const char *path)
{
    const struct bento_import_plan *p = v->plan;
    FILE *out = v->app->out;
    int64_t ideal = bento_import_ideal_ms(p->calls, v->limit);
    char a[32], b[32], c[32];
    if (v->app->json) {
        plan_json(v, path, ideal);
        return;
    }
    fprintf(out, "Dry run: nothing is sent.\n  file:    ");
    out_cell(out, path, 0);
    fprintf(out, "\n  rows:    %s (%s valid, %s rejected", import_view_count(p->rows, a, sizeof a),
            import_view_count(p->good, b, sizeof b), import_view_count(p->bad, c, sizeof c));
    if (p->duplicates)
        fprintf(out, ", of them %s duplicate%s of earlier rows; the first is kept",
                import_view_count(p->duplicates, a, sizeof a), p->duplicates == 1 ? "" : "s");
    fputs(")\n", out);
    if (p->done_before)
        fprintf(out,
                "  resume:  an earlier run (started %s) imported this file in full; "
                "--restart sends it again\n",
                p->earlier_start);
    else if (p->resume_rows)
        fprintf(out, "  resume:  %s rows were sent by an earlier run; it continues at line %zu\n",
                import_view_count(p->resume_rows, a, sizeof a), p->resume_line);
    fprintf(out, "  send:    %s %s in %s call%s to /batch/%s\n",
            import_view_count(p->to_send, a, sizeof a), v->what,
            import_view_count(p->calls, b, sizeof b), p->calls == 1 ? "" : "s", v->what);
    estimate_text(v, ideal);
    if (p->sample) {
        char *s = cJSON_PrintUnformatted(p->sample);
        fputs("  sample:  ", out);
        out_cell(out, s ? s : "", 0);
        fputc('\n', out);
        cJSON_free(s);
    }
}

/* ---- progress ---------------------------------------------------------------- */

static void progress_json(struct import_view *v, const struct bento_import_progress *p)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "event", "progress");
    cJSON_AddNumberToObject(e, "batch", (double)p->batch);
    cJSON_AddNumberToObject(e, "firstLine", (double)p->batch_first_line);
    cJSON_AddNumberToObject(e, "lastLine", (double)p->batch_last_line);
    cJSON_AddNumberToObject(e, "rowsSent", (double)p->rows_sent);
    cJSON_AddNumberToObject(e, "rowsTotal", (double)p->rows_total);
    cJSON_AddNumberToObject(e, "accepted", (double)p->accepted);
    cJSON_AddNumberToObject(e, "failed", (double)p->failed);
    cJSON_AddNumberToObject(e, "batchFailed", (double)p->batch_failed);
    cJSON_AddNumberToObject(e, "calls", (double)p->calls);
    cJSON_AddNumberToObject(e, "responses429", (double)p->responses_429);
    cJSON_AddNumberToObject(e, "waits", (double)p->waits);
    cJSON_AddNumberToObject(e, "elapsedMs", (double)p->elapsed_ms);
    cJSON_AddNumberToObject(e, "nextLine", (double)p->next_line);
    out_json_print(v->app->out, e);
    cJSON_Delete(e);
}

void import_view_clear(struct import_view *v)
{
    if (v->line_shown)
        fputs("\r\033[K", v->app->err);
    v->line_shown = false;
}

/* Columns of the terminal on stderr (80 when unknown). */
static int columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 80;
}

/* "12,000/25,000 rows 48% 1,950/s ETA 7.0 s waits 3 429s 0 errors 0 limit 0.8 s",
 * cut to the terminal's width so \r can redraw it. */
static void draw_line(struct import_view *v, const struct bento_import_progress *p)
{
    char sent[32], total[32] = "?", rate[32], eta[32] = "-", wait[32] = "", pct[8] = "", line[256];
    double secs = (double)p->elapsed_ms / 1000.0;
    double per_s = secs > 0 ? (double)p->rows_sent / secs : 0;
    size_t left = p->rows_total > p->rows_sent ? p->rows_total - p->rows_sent : 0;
    if (per_s > 0 && !p->checking)
        duration((int64_t)((double)left / per_s * 1000.0), eta, sizeof eta);
    if (!p->checking) {
        import_view_count(p->rows_total, total, sizeof total);
        snprintf(pct, sizeof pct, " %d%%",
                 p->rows_total ? (int)(p->rows_sent * 100 / p->rows_total) : 100);
    }
    if (p->waiting_ms > 0)
        snprintf(wait, sizeof wait, " limit %.1f s", (double)p->waiting_ms / 1000.0);
    int n = snprintf(line, sizeof line, "%s/%s rows%s %s/s ETA %s waits %zu 429s %zu errors %zu%s",
                     import_view_count(p->rows_sent, sent, sizeof sent), total, pct,
                     import_view_count((size_t)per_s, rate, sizeof rate), eta, p->waits,
                     p->responses_429, p->failed, wait);
    int width = columns() - 1;
    fprintf(v->app->err, "\r\033[K%.*s", n < width ? n : width, line);
    fflush(v->app->err);
    v->line_shown = true;
}

static void partial_failure(struct import_view *v, const struct bento_import_progress *p)
{
    if (v->app->json) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "event", "partialFailure");
        cJSON_AddNumberToObject(e, "firstLine", (double)p->batch_first_line);
        cJSON_AddNumberToObject(e, "lastLine", (double)p->batch_last_line);
        cJSON_AddNumberToObject(e, "rows", (double)p->batch_rows);
        cJSON_AddNumberToObject(e, "failed", (double)p->batch_failed);
        out_json_print(v->app->out, e);
        cJSON_Delete(e);
        return;
    }
    import_view_clear(v);
    if (p->batch_failed == p->batch_rows)
        fprintf(v->app->err, "warning: Bento refused all %zu rows on lines %zu-%zu\n",
                p->batch_rows, p->batch_first_line, p->batch_last_line);
    else
        fprintf(v->app->err,
                "warning: Bento refused %zu of the %zu rows on lines %zu-%zu "
                "(it does not say which)\n",
                p->batch_failed, p->batch_rows, p->batch_first_line, p->batch_last_line);
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void import_view_checked(struct import_view *v)
{
    const struct bento_import_plan *p = v->plan;
    if (!v->checking)
        return;
    v->checking = false;
    if (!v->app->json) {
        import_view_clear(v);
        import_view_bad_rows(v);
        return;
    }
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "event", "checked");
    cJSON_AddNumberToObject(e, "rows", (double)p->rows);
    cJSON_AddNumberToObject(e, "good", (double)p->good);
    cJSON_AddNumberToObject(e, "bad", (double)p->bad);
    cJSON_AddNumberToObject(e, "duplicates", (double)p->duplicates);
    cJSON_AddNumberToObject(e, "calls", (double)p->calls);
    cJSON_AddNumberToObject(e, "atMs", (double)wall_ms());
    out_json_print(v->app->out, e);
    cJSON_Delete(e);
}

int import_view_progress(const struct bento_import_progress *p, void *ctx)
{
    struct import_view *v = ctx;
    if (v->checking && !p->checking)
        import_view_checked(v);
    if (p->batch_done && p->batch_failed)
        partial_failure(v, p);
    if (p->batch_done && v->app->json)
        progress_json(v, p);
    if (v->tty && !v->app->json) {
        int64_t now = now_ms();
        if (now - v->last_draw_ms >= REDRAW_MS) {
            draw_line(v, p);
            v->last_draw_ms = now;
        }
    }
    return v->interrupted && *v->interrupted;
}

/* ---- summary ------------------------------------------------------------------- */

static cJSON *failed_lines_json(const struct bento_import *im)
{
    size_t n;
    const size_t *lines = bento_import_failed_lines(im, &n);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *pair = cJSON_CreateArray();
        cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)lines[2 * i]));
        cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)lines[2 * i + 1]));
        cJSON_AddItemToArray(arr, pair);
    }
    return arr;
}

static void summary_json(struct import_view *v, const struct bento_import *im,
                         const struct bento_import_progress *p, bool stopped)
{
    const struct bento_import_plan *plan = v->plan;
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "action", v->what);
    cJSON_AddStringToObject(d, "file", bento_import_path(im));
    cJSON_AddBoolToObject(d, "complete", !stopped);
    cJSON_AddNumberToObject(d, "rowsRead", (double)plan->rows);
    cJSON_AddNumberToObject(d, "sent", (double)p->rows_sent);
    cJSON_AddNumberToObject(d, "accepted", (double)p->accepted);
    cJSON_AddNumberToObject(d, "failed", (double)p->failed);
    cJSON_AddNumberToObject(d, "rejected", (double)plan->bad);
    cJSON_AddNumberToObject(d, "duplicates", (double)plan->duplicates);
    cJSON_AddNumberToObject(d, "sentBefore", (double)plan->resume_rows);
    cJSON_AddNumberToObject(d, "calls", (double)p->calls);
    cJSON_AddNumberToObject(d, "responses429", (double)p->responses_429);
    cJSON_AddNumberToObject(d, "waits", (double)p->waits);
    cJSON_AddNumberToObject(d, "waitMs", (double)p->wait_ms);
    cJSON_AddNumberToObject(d, "elapsedMs", (double)p->elapsed_ms);
    cJSON_AddNumberToObject(d, "nextLine", (double)p->next_line);
    cJSON_AddItemToObject(d, "failedLines", failed_lines_json(im));
    cJSON_AddItemToObject(d, "badRows", bad_rows_json(plan));
    out_json_add_str(d, "rejectsFile", plan->rejects_path);
    out_json_success(v->app, d, NULL);
}

static void failed_text(FILE *out, const struct bento_import *im)
{
    size_t n;
    const size_t *lines = bento_import_failed_lines(im, &n);
    if (!n)
        return;
    fputs("  Bento refused rows among lines", out);
    for (size_t i = 0; i < n && i < 10; i++)
        fprintf(out, "%s %zu-%zu", i ? "," : "", lines[2 * i], lines[2 * i + 1]);
    fputs(n > 10 ? ", ...\n" : "\n", out);
}

void import_view_summary(struct import_view *v, const struct bento_import *im, bool stopped)
{
    const struct bento_import_plan *plan = v->plan;
    struct bento_import_progress p;
    FILE *out = v->app->out;
    char a[32], b[32], c[32], d[32], e[32], t[32];
    bento_import_progress(im, &p);
    import_view_clear(v);
    if (v->app->json) {
        summary_json(v, im, &p, stopped);
        return;
    }
    fputs(stopped ? "Stopped importing " : "Imported ", out);
    out_cell(out, bento_import_path(im), 0);
    fprintf(out, " in %s\n", duration(p.elapsed_ms, t, sizeof t));
    fprintf(out, "  rows read %s, sent %s, accepted %s, failed %s, rejected %s",
            import_view_count(plan->rows, a, sizeof a), import_view_count(p.rows_sent, b, sizeof b),
            import_view_count(p.accepted, c, sizeof c), import_view_count(p.failed, d, sizeof d),
            import_view_count(plan->bad, e, sizeof e));
    if (plan->duplicates)
        fprintf(out, " (%s duplicate%s)", import_view_count(plan->duplicates, a, sizeof a),
                plan->duplicates == 1 ? "" : "s");
    fputc('\n', out);
    fprintf(out, "  calls %zu, 429 answers %zu, waits for the rate limit %zu (%s)\n", p.calls,
            p.responses_429, p.waits, duration(p.wait_ms, t, sizeof t));
    if (plan->resume_rows)
        fprintf(out, "  an earlier run had sent %s rows\n",
                import_view_count(plan->resume_rows, a, sizeof a));
    failed_text(out, im);
    if (plan->rejects_path) {
        fputs("  rejected rows are in ", out);
        out_cell(out, plan->rejects_path, 0);
        fputc('\n', out);
    }
    if (stopped)
        fprintf(out, "Run the same command again to continue from line %zu.\n", p.next_line);
    else
        fputs("Bento applies imports within a few minutes.\n", out);
}
