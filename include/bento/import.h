/* Streaming import of subscribers (CSV) and events (CSV or JSONL) into
 * Bento, in calls of at most 1000 records, resumable after a crash.
 *
 * The file is read twice, a batch at a time, so memory stays flat
 * whatever its size: bento_import_check() validates every record, writes
 * the bad ones to a reject file and counts the calls; bento_import_run()
 * (or the step-wise next_request/acknowledge pair) sends the good ones.
 * Each acknowledged call is recorded, fsync'd, in a journal under
 * $XDG_STATE_HOME/bento-console/imports keyed by the file's absolute path,
 * size and modification time, so the same import started again continues
 * after the last acknowledged call.
 *
 * Columns. Subscribers: email (required), first_name, last_name, tags and
 * remove_tags (separated by , or ;), any other column a flat custom field
 * (a "fields." prefix is dropped). Events: type and email (required),
 * date (ISO 8601), fields.KEY, details (a JSON object). Events in JSONL
 * are objects with the same keys (fields and details as objects). Every
 * event gets details.unique.key (unless it has one) made of the file's
 * identity and the line, so Bento drops an event sent twice.
 *
 * Duplicates. A subscriber row whose address (trimmed, lowercased), or an
 * event whose details.unique.key, repeats an earlier row's is refused as
 * "duplicate of line N": the first row is kept, as a person reading the
 * file top-down expects, and the later ones go to the reject file. The
 * check keeps a 16-byte hash per distinct key (about 4 MiB for 100,000
 * rows), nothing else of the rows. */
#ifndef BENTO_IMPORT_H
#define BENTO_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "bento/error.h"
#include "bento/ratelimit.h"

struct bento_client;
struct bento_request;
struct bento_result;

enum bento_import_kind {
    BENTO_IMPORT_SUBSCRIBERS = 0,
    BENTO_IMPORT_EVENTS,
};

#define BENTO_IMPORT_FIELD_MAX ((size_t)1024 * 1024)    /* one CSV field, one row, one JSONL line */
#define BENTO_IMPORT_BODY_MAX ((size_t)4 * 1024 * 1024) /* a call closes early past this */
#define BENTO_IMPORT_LISTED 10                          /* bad rows kept for messages */

struct bento_import_options {
    enum bento_import_kind kind;
    const char *path;
    const char *rejects_path; /* NULL: NAME.rejects.csv beside the input */
    const char *state_dir;    /* NULL: $XDG_STATE_HOME/bento-console/imports */
    const char *account;      /* site_uuid and base URL: part of the journal key */
    size_t batch_size;        /* records per call, 1..1000; 0 = 1000 */
    size_t field_max;         /* 0 = BENTO_IMPORT_FIELD_MAX */
    bool restart;             /* ignore (and replace) an earlier journal */
};

struct bento_import_bad_row {
    size_t line;
    char column[64]; /* "" when the whole row is at fault */
    char reason[160];
};

/* What the validation pass found. */
struct bento_import_plan {
    bool jsonl;
    size_t rows; /* data records in the file */
    size_t good, bad;
    struct bento_import_bad_row listed[BENTO_IMPORT_LISTED]; /* the first bad rows */
    size_t listed_count;
    size_t bad_encoding;      /* bad rows that are not UTF-8 */
    size_t duplicates;        /* bad rows that repeat an earlier row (first kept) */
    const char *rejects_path; /* where the bad rows were written; NULL if not */
    /* An earlier run of the same import: */
    bool resuming;          /* it stopped part-way; sending continues after it */
    bool done_before;       /* it finished */
    size_t resume_line;     /* first line not yet acknowledged */
    size_t resume_rows;     /* records before that line */
    size_t resume_sent;     /* rows it sent */
    char earlier_start[32]; /* ISO time the earlier run began */
    size_t to_send;         /* good rows still to send */
    size_t calls;           /* calls they need */
    cJSON *sample;          /* the first record as it will be sent, or NULL */
};

struct bento_import_progress {
    bool batch_done; /* false: a timer tick while a call is out */
    size_t batch;    /* calls acknowledged in this run */
    size_t batch_first_line, batch_last_line, batch_rows, batch_failed;
    size_t rows_total;                  /* good rows this run will send */
    size_t rows_sent, accepted, failed; /* in acknowledged calls, this run */
    size_t calls;                       /* HTTP attempts, retries included */
    size_t responses_429;
    size_t waits;       /* calls that waited for the rate-limit budget */
    int64_t wait_ms;    /* time spent waiting for it (and after 429s) */
    int64_t waiting_ms; /* ticks: the call out is waiting this long yet */
    int64_t elapsed_ms;
    size_t next_line; /* first line after the acknowledged calls */
    bool checking;    /* the check still runs (bento_import_check_begin): rows_total is 0 */
};

/* Return non-zero to stop after the call in flight is acknowledged. */
typedef int (*bento_import_progress_fn)(const struct bento_import_progress *p, void *ctx);

struct bento_import;

/* Opens the file and reads its header (CSV) and identity. Fails with
 * BENTO_E_IO (unreadable, UTF-16, not text) or BENTO_E_VALIDATION (empty,
 * unusable header). */
struct bento_import *bento_import_open(const struct bento_import_options *o,
                                       struct bento_error *err);

/* The validation pass. write_rejects: write bad rows to the reject file
 * (none is created, and an old one is removed, when every row is good).
 * Fails on what makes the file unreadable past some point: an unterminated
 * quote, a field over the size limit, a stray quote (strict RFC 4180). The
 * plan belongs to im and lives until bento_import_free. */
int bento_import_check(struct bento_import *im, bool write_rejects,
                       const struct bento_import_plan **plan, struct bento_error *err);

/* The validation pass on a thread of its own, so that sending can start
 * before it ends: the first call needs only the first 1000 good rows. The
 * send pass walks the file behind it in the same order, so it keeps and
 * refuses exactly the rows the check counts; *plan (im's own) is filled in
 * when the check ends, which bento_import_run, bento_import_next_request
 * and bento_import_acknowledge notice (progress.checking turns false).
 * A file unreadable further on (an unterminated quote) stops the send at
 * that line, with the calls before it sent and journalled. Returns 1 and
 * does nothing when an earlier run of the import is in the journal (a
 * resume needs the keys of the rows before the resume point: call
 * bento_import_check), 0 when started, -1 with err. */
int bento_import_check_begin(struct bento_import *im, bool write_rejects,
                             const struct bento_import_plan **plan, struct bento_error *err);
/* Wait for that check (at once when none runs); returns how it ended
 * (0, or -1 with err), as bento_import_check would have. */
int bento_import_check_end(struct bento_import *im, const struct bento_import_plan **plan,
                           struct bento_error *err);
bool bento_import_checking(const struct bento_import *im);

/* Sends what the plan counted, one call at a time, reading the next batch
 * while a call is out; fn (may be NULL) hears of each acknowledged call
 * and, about ten times a second, of the wait. Stops at the first call that
 * fails after the client's retries (the journal keeps the place). Returns
 * 0 when all was sent (or fn asked to stop: see *stopped), -1 with err. */
int bento_import_run(struct bento_import *im, struct bento_client *client,
                     bento_import_progress_fn fn, void *ctx, bool *stopped,
                     struct bento_error *err);

/* Step-wise use from a caller's own event loop: the next call (NULL with
 * err->kind BENTO_OK when nothing is left), then its result. At most two
 * calls may be prepared ahead of their acknowledgement. */
struct bento_request *bento_import_next_request(struct bento_import *im, struct bento_error *err);
int bento_import_acknowledge(struct bento_import *im, const struct bento_result *r,
                             struct bento_error *err);

void bento_import_progress(const struct bento_import *im, struct bento_import_progress *out);
/* Line ranges of calls in which Bento reported failed rows (it does not
 * say which): pairs first,last; count of pairs in *n. */
const size_t *bento_import_failed_lines(const struct bento_import *im, size_t *n);
const char *bento_import_path(const struct bento_import *im);

/* Least time `calls` calls need under lim: (ceil(calls/limit) - 1) x window. */
int64_t bento_import_ideal_ms(size_t calls, struct bento_family_limit lim);

void bento_import_free(struct bento_import *im);

#endif
