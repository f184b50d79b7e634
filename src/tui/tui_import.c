/* Importing a CSV (or JSONL of events) from the console while the user
 * keeps working: the validation pass runs on a thread of its own (it
 * reads the whole file), then the calls go out one or two at a time
 * through the same client as everything else, paced by its budget, with
 * progress in the status line. The core's journal keeps the place, so a
 * stopped or crashed import continues when started again. */
#include <curses.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bento/import.h"
#include "bento/profile.h"
#include "bento/request.h"
#include "app/app.h"
#include "tui/tui.h"

#define AHEAD 2 /* calls prepared before the first is acknowledged */

enum import_state { IS_CHECKING, IS_ASKING, IS_SENDING, IS_STOPPING };

struct tui_import {
    enum import_state state;
    enum bento_import_kind kind;
    bool strict, thread_live;
    pthread_t thread;
    int pipe[2];
    char path[1024], account[1200];
    struct bento_import_options opt;
    struct bento_import *im;
    const struct bento_import_plan *plan;
    struct bento_error err;
    int check_rc;
    size_t in_flight;
    bool cancelled; /* asked to stop while the file was being checked */
};

static void *check_thread(void *arg)
{
    struct tui_import *t = arg;
    t->im = bento_import_open(&t->opt, &t->err);
    t->check_rc = t->im ? bento_import_check(t->im, !t->strict, &t->plan, &t->err) : -1;
    char b = 1;
    if (write(t->pipe[1], &b, 1) < 0) {
        /* the loop polls the pipe; nothing else to do */
    }
    return NULL;
}

static void import_end(struct tui *ui)
{
    struct tui_import *t = ui->import;
    if (!t)
        return;
    if (t->thread_live)
        pthread_join(t->thread, NULL);
    close(t->pipe[0]);
    close(t->pipe[1]);
    bento_import_free(t->im);
    free(t);
    ui->import = NULL;
    ui->dirty = true;
}

void tui_import_free(struct tui *ui)
{
    import_end(ui);
}

bool tui_import_busy(const struct tui *ui)
{
    return ui->import && ui->import->state == IS_CHECKING;
}

int tui_import_wake_fd(const struct tui *ui)
{
    return ui->import && ui->import->state == IS_CHECKING ? ui->import->pipe[0] : -1;
}

void tui_import_start(struct tui *ui, enum bento_import_kind kind, const char *path, bool strict,
                      bool restart)
{
    if (ui->import) {
        tui_flash(ui, true, "! An import is already running (:import cancel stops it).");
        return;
    }
    struct tui_import *t = calloc(1, sizeof *t);
    if (!t || pipe(t->pipe) < 0) {
        free(t);
        tui_flash(ui, true, "! Could not start the import.");
        return;
    }
    fcntl(t->pipe[0], F_SETFL, O_NONBLOCK);
    fcntl(t->pipe[0], F_SETFD, FD_CLOEXEC);
    fcntl(t->pipe[1], F_SETFD, FD_CLOEXEC);
    snprintf(t->path, sizeof t->path, "%s", path);
    app_import_account(ui->app, t->account, sizeof t->account);
    t->kind = kind;
    t->strict = strict;
    t->opt = (struct bento_import_options){
        .kind = kind, .path = t->path, .account = t->account, .restart = restart};
    ui->import = t;
    if (pthread_create(&t->thread, NULL, check_thread, t) != 0) {
        import_end(ui);
        tui_flash(ui, true, "! Could not start the import.");
        return;
    }
    t->thread_live = true;
    tui_flash(ui, false, "Checking %.200s...", path);
}

static void say_bad_rows(struct tui *ui, const struct bento_import_plan *p, bool refused)
{
    const struct bento_import_bad_row *b = &p->listed[0];
    tui_flash(ui, true, "! %zu bad row%s%s (first: line %zu%s%s: %s)%s", p->bad,
              p->bad == 1 ? "" : "s", refused ? " and --strict: nothing sent" : "", b->line,
              b->column[0] ? ", column " : "", b->column, b->reason,
              !refused && p->rejects_path ? "; see the reject file" : "");
}

static void ask(struct tui *ui)
{
    struct tui_import *t = ui->import;
    const struct bento_import_plan *p = t->plan;
    struct bento_client_status st;
    bento_client_status(ui->app->client, &st);
    struct bento_family_limit lim = {st.limit[BENTO_FAM_BATCH], st.window_ms[BENTO_FAM_BATCH]};
    char when[64] = "", bad[200] = "";
    int64_t ideal = bento_import_ideal_ms(p->calls, lim);
    if (ideal >= 1000) {
        char secs[32];
        tui_fmt_ms(ui, ideal, secs, sizeof secs);
        snprintf(when, sizeof when, " (at least %s at the rate limit)", secs);
    }
    char dups[64] = "";
    if (p->duplicates)
        snprintf(dups, sizeof dups, ", %zu of them duplicate%s (the first kept)", p->duplicates,
                 p->duplicates == 1 ? "" : "s");
    if (p->bad)
        snprintf(bad, sizeof bad, " %zu bad row%s%s left out (see %.100s).", p->bad,
                 p->bad == 1 ? "" : "s", dups,
                 p->rejects_path ? p->rejects_path : "the reject file");
    char msg[400];
    snprintf(msg, sizeof msg, "%s %zu %s in %zu call%s%s?%s",
             p->resuming ? "Resume: import the remaining" : "Import", p->to_send,
             t->kind == BENTO_IMPORT_EVENTS ? "events" : "rows", p->calls, p->calls == 1 ? "" : "s",
             when, bad);
    t->state = IS_ASKING;
    confirm_ask(ui, CF_IMPORT, msg);
}

/* The validation pass finished. */
void tui_import_poll(struct tui *ui)
{
    struct tui_import *t = ui->import;
    char b;
    if (!t || t->state != IS_CHECKING || read(t->pipe[0], &b, 1) != 1)
        return;
    pthread_join(t->thread, NULL);
    t->thread_live = false;
    if (t->cancelled) {
        tui_flash(ui, false, "Import cancelled; nothing sent.");
        import_end(ui);
        return;
    }
    if (t->check_rc < 0) {
        tui_report_error(ui, "The file cannot be imported", &t->err, NULL);
        import_end(ui);
        return;
    }
    const struct bento_import_plan *p = t->plan;
    if (t->strict && p->bad) {
        say_bad_rows(ui, p, true);
        import_end(ui);
    } else if (p->to_send == 0) {
        tui_flash(ui, false,
                  p->done_before ? "This file was imported before; nothing is left to "
                                   "send (--restart sends it again)."
                                 : "Nothing to send: no good rows.");
        import_end(ui);
    } else {
        ask(ui);
    }
}

static void post_more(struct tui *ui)
{
    struct tui_import *t = ui->import;
    while (t->state == IS_SENDING && t->in_flight < AHEAD) {
        struct bento_error err;
        struct bento_request *req = bento_import_next_request(t->im, &err);
        if (!req) {
            if (err.kind != BENTO_OK) {
                tui_report_error(ui, "The import stopped", &err, NULL);
                t->state = IS_STOPPING;
            }
            break;
        }
        if (!tui_post_no_esc(ui, req, tui_import_result, NULL)) {
            t->state = IS_STOPPING;
            break;
        }
        t->in_flight++;
    }
}

static void summary(struct tui *ui)
{
    struct tui_import *t = ui->import;
    struct bento_import_progress p;
    char took[32];
    bento_import_progress(t->im, &p);
    bool finished = p.rows_sent >= p.rows_total;
    tui_fmt_ms(ui, p.elapsed_ms, took, sizeof took);
    char dups[48] = "";
    if (t->plan->duplicates)
        snprintf(dups, sizeof dups, " (%zu duplicate%s)", t->plan->duplicates,
                 t->plan->duplicates == 1 ? "" : "s");
    if (finished)
        tui_flash(ui, p.failed > 0,
                  "%sImport done: %zu sent, %zu accepted, %zu failed, %zu "
                  "rejected%s, %zu calls, %zu 429s, %s.",
                  p.failed ? "! " : "", p.rows_sent, p.accepted, p.failed, t->plan->bad, dups,
                  p.calls, p.responses_429, took);
    else if (!ui->flash_error)
        tui_flash(ui, false, "Import stopped after line %zu; the same command resumes it.",
                  p.next_line ? p.next_line - 1 : 0);
}

void tui_import_confirmed(struct tui *ui, bool yes)
{
    struct tui_import *t = ui->import;
    if (!t)
        return;
    if (!yes) {
        tui_flash(ui, false, "Nothing imported.");
        import_end(ui);
        return;
    }
    t->state = IS_SENDING;
    post_more(ui);
    if (t->in_flight == 0) {
        summary(ui);
        import_end(ui);
    }
}

void tui_import_result(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct tui_import *t = ui->import;
    struct bento_error err;
    if (!t)
        return;
    t->in_flight--;
    if (bento_import_acknowledge(t->im, r, &err) < 0 && t->state != IS_STOPPING) {
        tui_report_error(ui, "The import stopped (run it again to resume)", &err, r);
        t->state = IS_STOPPING;
    }
    post_more(ui);
    if (t->in_flight == 0) {
        summary(ui);
        import_end(ui);
    }
}

void tui_import_cancel(struct tui *ui)
{
    struct tui_import *t = ui->import;
    if (!t) {
        tui_flash(ui, false, "No import is running.");
        return;
    }
    if (t->state == IS_SENDING) {
        t->state = IS_STOPPING;
        tui_flash(ui, false, "Stopping after the calls in flight...");
    } else if (t->state == IS_CHECKING) {
        tui_flash(ui, false, "The file is still being checked; nothing will be sent.");
        t->cancelled = true;
    }
}

/* "import 12000/25000 rows 2400/s ETA 5s" for the status line. */
void tui_import_status_text(struct tui *ui, char *buf, size_t size)
{
    struct tui_import *t = ui->import;
    buf[0] = 0;
    if (!t)
        return;
    if (t->state == IS_CHECKING) {
        snprintf(buf, size, "import: checking  ");
        return;
    }
    if (t->state != IS_SENDING && t->state != IS_STOPPING)
        return;
    struct bento_import_progress p;
    bento_import_progress(t->im, &p);
    double secs = p.elapsed_ms > 0 ? (double)p.elapsed_ms / 1000.0 : 0;
    double rate = secs > 0 ? (double)p.rows_sent / secs : 0;
    char eta[32] = "-";
    if (rate > 0 && p.rows_total > p.rows_sent)
        tui_fmt_ms(ui, (int64_t)((double)(p.rows_total - p.rows_sent) / rate * 1000.0), eta,
                   sizeof eta);
    if (ui->fake_clock)
        snprintf(buf, size, "import %zu/%zu  ", p.rows_sent, p.rows_total);
    else
        snprintf(buf, size, "import %zu/%zu %.0f/s ETA %s%s  ", p.rows_sent, p.rows_total, rate,
                 eta, p.failed ? " (failures)" : "");
}
