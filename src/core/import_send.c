/* Sending: records go into calls of at most batch_size (and about 4 MiB),
 * one call out at a time so acknowledgements come back in file order;
 * each is journalled before the next is sent. The client's budget paces
 * the calls and retries 429s and 5xx on the same call. */
#include "import_internal.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "bento/request.h"

#define TICK_MS 100
/* A call that starts this much after it was posted waited for the budget
 * (the worker itself picks a call up within a millisecond or two). */
#define WAIT_MS 50

struct body {
    char *s;
    size_t len, cap;
};

static int body_add(struct body *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown)
            return -1;
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

static int start_sending(struct bento_import *im, struct bento_error *err)
{
    const struct import_resume *r = &im->resume;
    bool resume = r->found && !r->done && !im->restart;
    struct import_cursor c = im->data;

    if (!im->checked && !im->checker) {
        bento_error_set(err, BENTO_E_USAGE, "The import must be checked before it is sent");
        return -1;
    }
    im->journal = import_journal_begin(im->dir, &im->id, im->kind, !resume, err);
    if (!im->journal)
        return -1;
    if (resume) {
        c = (struct import_cursor){r->offset, r->line, r->rows};
        im->totals = (struct import_ack){.sent = r->sent,
                                         .accepted = r->accepted,
                                         .failed = r->failed,
                                         .calls = r->calls,
                                         .batches = r->batches};
    }
    if (import_walk_seek(im, &c) < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot read %s again", im->shown);
        return -1;
    }
    im->prog.rows_total = im->plan.to_send;
    im->prog.next_line = c.line;
    im->start_mono = import_mono_ms();
    im->started = true;
    return 0;
}

/* Everything read and acknowledged: the journal's last word, once the
 * check (if it still runs) agrees; a file with nothing to send leaves no
 * journal saying it was imported. */
static int finish_if_done(struct bento_import *im, struct bento_error *err)
{
    if (!im->started || im->finished || !im->eof || im->carry || im->qn)
        return 0;
    if (bento_import_check_end(im, NULL, err) < 0)
        return -1;
    im->finished = true;
    if (!im->plan.good && !im->resume.found)
        return 0;
    im->totals.offset = im->cur.offset;
    im->totals.line = im->cur.line;
    im->totals.rows = im->cur.rows;
    return import_journal_ack(im->journal, &im->totals, true, err);
}

static void take_carry(struct bento_import *im, struct body *b, struct import_batch *bt)
{
    body_add(b, im->carry, im->carry_len);
    bt->first_line = bt->last_line = im->carry_line;
    bt->good = 1;
    bt->end = im->carry_after;
    free(im->carry);
    im->carry = NULL;
}

/* Read records into b until the call is full; 0, or -1 on a read error. */
static int fill(struct bento_import *im, struct body *b, struct import_batch *bt,
                struct bento_error *err)
{
    while (!im->eof && bt->good < im->batch_size) {
        int rc = import_walk_next(im, err);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            im->eof = true;
            break;
        }
        struct import_item *it = &im->item;
        if (it->bad) {
            bt->end = it->after; /* already in the reject file */
            continue;
        }
        if (!import_fits(im, bt->good, b->len, it->json_len)) {
            im->carry = it->json;
            im->carry_len = it->json_len;
            im->carry_line = it->line;
            im->carry_after = it->after;
            it->json = NULL;
            break;
        }
        if ((bt->good && body_add(b, ",", 1) < 0) || body_add(b, it->json, it->json_len) < 0) {
            bento_error_set(err, BENTO_E_NOMEM, "Out of memory at line %zu", it->line);
            return -1;
        }
        if (!bt->good)
            bt->first_line = it->line;
        bt->last_line = it->line;
        bt->good++;
        bt->end = it->after;
    }
    return 0;
}

struct bento_request *bento_import_next_request(struct bento_import *im, struct bento_error *err)
{
    bool events = im->kind == BENTO_IMPORT_EVENTS;
    struct body b = {0};
    struct import_batch bt = {.end = im->cur};

    bento_error_clear(err);
    import_check_poll(im);
    if (im->check_rc < 0) {
        *err = im->check_err;
        return NULL;
    }
    if (!im->started && start_sending(im, err) < 0)
        return NULL;
    if (im->qn == 2) {
        bento_error_set(err, BENTO_E_USAGE, "Two calls are already waiting to be acknowledged");
        return NULL;
    }
    if (body_add(&b, events ? "{\"events\":[" : "{\"subscribers\":[", events ? 11 : 16) < 0)
        goto nomem;
    if (im->carry)
        take_carry(im, &b, &bt);
    if (fill(im, &b, &bt, err) < 0) {
        free(b.s);
        return NULL;
    }
    if (!bt.good) {
        free(b.s);
        im->cur = bt.end;
        finish_if_done(im, err);
        return NULL;
    }
    if (body_add(&b, "]}", 2) < 0)
        goto nomem;
    bt.posted_wall = import_wall_ms();
    im->q[im->qn++] = bt;
    struct bento_request *req = bento_request_batch_prepared(
        events ? BENTO_OP_BATCH_EVENTS : BENTO_OP_BATCH_SUBSCRIBERS, b.s, bt.good);
    if (req)
        return req;
    im->qn--;
    bento_error_set(err, BENTO_E_NOMEM, "Out of memory preparing a call");
    return NULL;
nomem:
    free(b.s);
    bento_error_set(err, BENTO_E_NOMEM, "Out of memory preparing a call");
    return NULL;
}

/* Attempts, 429s and time spent waiting (for the budget before the first
 * attempt, for backoff between attempts). */
static void count_exchanges(struct bento_import *im, const struct bento_result *r,
                            int64_t posted_wall)
{
    struct bento_import_progress *p = &im->prog;
    for (size_t i = 0; i < r->exchange_count; i++) {
        const struct bento_exchange *x = &r->exchanges[i];
        int64_t since = i ? r->exchanges[i - 1].started_ms + r->exchanges[i - 1].latency_ms
                          : posted_wall;
        int64_t waited = x->started_ms - since;
        p->calls++;
        if (x->status == 429)
            p->responses_429++;
        if (waited > WAIT_MS) {
            p->wait_ms += waited;
            if (i == 0)
                p->waits++;
        }
    }
}

static void note_failed(struct bento_import *im, const struct import_batch *bt)
{
    size_t *grown = realloc(im->failed_lines, (im->nfailed + 1) * 2 * sizeof *grown);
    if (!grown)
        return;
    im->failed_lines = grown;
    grown[im->nfailed * 2] = bt->first_line;
    grown[im->nfailed * 2 + 1] = bt->last_line;
    im->nfailed++;
}

int bento_import_acknowledge(struct bento_import *im, const struct bento_result *r,
                             struct bento_error *err)
{
    struct bento_import_progress *p = &im->prog;
    bento_error_clear(err);
    if (!im->qn || !r) {
        bento_error_set(err, BENTO_E_USAGE, "No call is waiting to be acknowledged");
        return -1;
    }
    struct import_batch bt = im->q[0];
    im->q[0] = im->q[1];
    im->qn--;
    count_exchanges(im, r, bt.posted_wall);
    if (r->err.kind != BENTO_OK) {
        *err = r->err;
        return -1;
    }
    size_t accepted = r->counts.results > 0 ? (size_t)r->counts.results : 0;
    size_t failed = r->counts.failed > 0 ? (size_t)r->counts.failed : 0;
    struct import_ack *t = &im->totals;
    t->offset = bt.end.offset;
    t->line = bt.end.line;
    t->rows = bt.end.rows;
    t->sent += bt.good;
    t->accepted += accepted;
    t->failed += failed;
    t->calls += r->exchange_count;
    t->batches++;
    if (import_journal_ack(im->journal, t, false, err) < 0)
        return -1;
    p->batch_done = true;
    p->batch++;
    p->batch_first_line = bt.first_line;
    p->batch_last_line = bt.last_line;
    p->batch_rows = bt.good;
    p->batch_failed = failed;
    p->rows_sent += bt.good;
    p->accepted += accepted;
    p->failed += failed;
    p->next_line = bt.end.line;
    p->waiting_ms = 0;
    if (failed)
        note_failed(im, &bt);
    return finish_if_done(im, err);
}

/* ---- the blocking loop ---------------------------------------------------- */

static int tick(struct bento_import *im, struct bento_client *c, bento_import_progress_fn fn,
                void *ctx)
{
    struct bento_client_status st;
    struct bento_import_progress p;
    bento_client_status(c, &st);
    bento_import_progress(im, &p);
    p.batch_done = false;
    p.waiting_ms = st.pacing_ms > st.blocked_ms[BENTO_FAM_BATCH] ? st.pacing_ms
                                                                 : st.blocked_ms[BENTO_FAM_BATCH];
    return fn(&p, ctx);
}

static struct bento_result *wait_for(struct bento_import *im, struct bento_client *c, uint64_t id,
                                     bento_import_progress_fn fn, void *ctx, bool *stop)
{
    struct pollfd pfd = {.fd = bento_client_wake_fd(c), .events = POLLIN};
    for (;;) {
        struct bento_result *r;
        while ((r = bento_client_next(c))) {
            if (r->id == id)
                return r;
            bento_result_free(r); /* not ours: nothing else is posted here */
        }
        /* Asked to stop while the call waits (for the budget, say): cancel
         * it rather than wait. A cancelled call is not journalled; the
         * next run sends it again. */
        int woke = poll(&pfd, 1, TICK_MS);
        import_check_poll(im);
        if (woke == 0 && fn && tick(im, c, fn, ctx) && !*stop) {
            *stop = true;
            bento_client_cancel(c, id);
        }
    }
}

static void drop(struct bento_import *im, struct bento_request *req)
{
    if (req) {
        bento_request_free(req);
        im->qn--; /* the call prepared ahead never went out */
    }
}

int bento_import_run(struct bento_import *im, struct bento_client *client,
                     bento_import_progress_fn fn, void *ctx, bool *stopped, struct bento_error *err)
{
    struct bento_error read_err;
    bool stop = false;
    struct bento_request *req = bento_import_next_request(im, err);
    *stopped = false;
    while (req) {
        im->q[0].posted_wall = import_wall_ms();
        uint64_t id = bento_client_post(client, req);
        if (!id) {
            bento_error_set(err, BENTO_E_NOMEM, "The API client refused the call");
            return -1;
        }
        struct bento_request *next = bento_import_next_request(im, &read_err);
        struct bento_result *r = wait_for(im, client, id, fn, ctx, &stop);
        int rc = bento_import_acknowledge(im, r, err);
        bento_result_free(r);
        if (rc == 0 && fn) {
            struct bento_import_progress p;
            bento_import_progress(im, &p);
            stop = fn(&p, ctx) || stop;
        }
        if (rc == 0 && !next && read_err.kind != BENTO_OK) {
            *err = read_err;
            rc = -1;
        }
        if (rc < 0 && stop && err->kind == BENTO_E_CANCELLED)
            rc = 0;
        if (rc < 0 || stop) {
            drop(im, next);
            *stopped = rc == 0;
            return rc;
        }
        req = next;
    }
    if (err->kind != BENTO_OK)
        return -1;
    return bento_import_check_end(im, NULL, err);
}
