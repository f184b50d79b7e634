/* Pieces of the import engine shared by its source files (import*.c).
 * Not part of the public API: see include/bento/import.h. */
#ifndef BENTO_IMPORT_INTERNAL_H
#define BENTO_IMPORT_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "bento/error.h"
#include "bento/import.h"

/* ---- one record as read from the file ------------------------------- */

/* A CSV record (fields) or a JSONL line (text). Pointers stay valid until
 * the next read. */
struct import_row {
    size_t line;     /* line the record begins on, 1-based */
    uint64_t end;    /* byte offset just past the record */
    size_t end_line; /* line number at that offset */
    size_t nfields;
    char **field; /* NUL-terminated; field[i] holds len[i] bytes */
    size_t *len;
    const char *text; /* JSONL: the line without its newline */
    size_t text_len;
    const char *problem; /* set when the record cannot be used as read */
    int problem_field;   /* CSV: the field the problem is in, or -1 */
};

/* ---- CSV reader (import_csv.c): libcsv's push parser in strict mode,
 * fed a line at a time so every record's end offset is known. -------- */

struct import_csv;

struct import_csv *import_csv_new(FILE *f, size_t field_max);
void import_csv_free(struct import_csv *r);
/* Continue from a record boundary found by an earlier pass. */
int import_csv_seek(struct import_csv *r, uint64_t offset, size_t line);
/* 1: a record in *row; 0: end of file; -1: the file cannot be read on
 * (err says where and why; nothing after it is trustworthy). */
int import_csv_next(struct import_csv *r, struct import_row *row, struct bento_error *err);

/* ---- JSONL reader (import_jsonl.c) ---------------------------------- */

struct import_jsonl;

struct import_jsonl *import_jsonl_new(FILE *f, size_t line_max);
void import_jsonl_free(struct import_jsonl *r);
int import_jsonl_seek(struct import_jsonl *r, uint64_t offset, size_t line);
/* Blank lines are skipped. A line longer than line_max comes back with
 * row->problem set and no text. */
int import_jsonl_next(struct import_jsonl *r, struct import_row *row, struct bento_error *err);

/* ---- checks (import_check.c) ---------------------------------------- */

/* Offset of the first byte that is not valid UTF-8, or -1 when all is. */
long import_utf8_invalid_at(const char *s, size_t len);
/* ISO 8601 date or date-time, as Bento's "date" takes. */
bool import_date_valid(const char *s);
/* "a; b,c " -> "a,b,c" in a new string ("" when no tag). */
char *import_tag_list(const char *s);
/* Normalise and check an address; returns NULL when fine, else why. */
const char *import_email_check(char *email);

/* ---- mapping a record to what Bento takes (import_map.c) ------------ */

enum import_role {
    ROLE_EMAIL,
    ROLE_FIRST_NAME,
    ROLE_LAST_NAME,
    ROLE_TAGS,
    ROLE_REMOVE_TAGS,
    ROLE_FIELD, /* subscriber custom field, or an event's fields.KEY */
    ROLE_TYPE,
    ROLE_DATE,
    ROLE_DETAILS,
};

struct import_column {
    enum import_role role;
    char *name; /* as in the header, trimmed */
    char *key;  /* the JSON key it becomes */
};

struct import_header {
    enum bento_import_kind kind;
    struct import_column *cols;
    size_t count;
};

/* Why a record is refused: the column (or "" for the whole row) and a
 * one-line reason. */
struct import_problem {
    char column[64];
    char reason[160];
};

/* Read the header row's roles; fails (BENTO_E_VALIDATION) on a header the
 * import cannot use: no email column, an unknown events column, a blank or
 * repeated name. */
int import_header_parse(struct import_header *h, enum bento_import_kind kind,
                        const struct import_row *row, struct bento_error *err);
void import_header_free(struct import_header *h);

/* Fill *why; returns 1 (the row is bad). */
int import_bad(struct import_problem *why, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* 1 with *why when the reader found a problem or the field count differs
 * from the header's; else 0. */
int import_row_shape(const struct import_header *h, const struct import_row *row,
                     struct import_problem *why);
/* Normalised copy of an address in *out (0), or 1 with *why, or -1. */
int import_email_value(const char *text, const char *column, char **out,
                       struct import_problem *why);
/* Index of the first column with role (0 when none). */
size_t import_column_of(const struct import_header *h, enum import_role role);

/* Mapping: 0 and a new object in *out, 1 with *why filled (the row is
 * bad), -1 out of memory. */
int import_map_subscriber(const struct import_header *h, const struct import_row *row, cJSON **out,
                          struct import_problem *why);
int import_map_event_csv(const struct import_header *h, const struct import_row *row,
                         const char *file_id, cJSON **out, struct import_problem *why);
int import_map_event_json(const struct import_row *row, const char *file_id, cJSON **out,
                          struct import_problem *why);
/* details.unique.key = "<file_id>-<line>" unless the record has one. */
int import_event_set_unique(cJSON *event, const char *file_id, size_t line);

/* ---- reject file (import_rejects.c) --------------------------------- */

struct import_rejects;

/* Starts a 0600 file that replaces path at close (refused when path is a
 * symbolic link or not a regular file); header_row may be NULL (JSONL). */
struct import_rejects *import_rejects_open(const char *path, const struct import_row *header_row,
                                           struct bento_error *err);
int import_rejects_add(struct import_rejects *r, const struct import_row *row,
                       const struct import_problem *why);
/* Flushes, fsyncs and renames it into place, or drops it when err already
 * holds a failure; returns -1 when a write failed. */
int import_rejects_close(struct import_rejects *r, struct bento_error *err);

/* ---- resume journal (import_journal.c) ------------------------------ */

struct import_identity {
    char *path; /* absolute */
    uint64_t size;
    int64_t mtime_ns;
    char key[17];     /* hex hash of kind, path, size, mtime and account */
    char file_id[17]; /* hex hash of path, size and mtime */
};

struct import_resume {
    bool found, done;
    uint64_t offset; /* next record after the last acknowledged batch */
    size_t line;
    size_t rows; /* records (good and bad) before offset */
    size_t sent, accepted, failed, calls, batches;
    char started[32];
    char finished[32];
};

struct import_ack {
    uint64_t offset;
    size_t line, rows, sent, accepted, failed, calls, batches;
};

int import_identity_make(struct import_identity *id, enum bento_import_kind kind, const char *path,
                         const char *account, struct bento_error *err);
void import_identity_free(struct import_identity *id);
/* Journal directory: state_dir, else $XDG_STATE_HOME (~/.local/state)
 * /bento-console/imports. Allocated. */
char *import_journal_dir(const char *state_dir);
/* Read an earlier run's journal, if any (a torn last line is ignored). */
int import_journal_read(const char *dir, const struct import_identity *id,
                        struct import_resume *out, struct bento_error *err);

struct import_journal;
/* Start writing: a fresh journal (fresh = true) or one appended to. */
struct import_journal *import_journal_begin(const char *dir, const struct import_identity *id,
                                            enum bento_import_kind kind, bool fresh,
                                            struct bento_error *err);
/* Append and fdatasync one acknowledged batch (or the end, done = true). */
int import_journal_ack(struct import_journal *j, const struct import_ack *a, bool done,
                       struct bento_error *err);
void import_journal_close(struct import_journal *j);

/* ---- the engine (import.c, import_walk.c, import_send.c) ------------ */

/* Where the reader stands: just past the last record taken. */
struct import_cursor {
    uint64_t offset;
    size_t line;
    size_t rows; /* records (good and bad) since the header */
};

/* One record the walk produced: printed JSON, or why it is bad. */
struct import_item {
    struct import_cursor before, after;
    size_t line;
    bool bad;
    bool duplicate; /* bad: it repeats an earlier row's key */
    struct import_problem why;
    char *json; /* good: the record, printed */
    size_t json_len;
    cJSON *record; /* good: the record (owned until the next walk) */
    const struct import_row *row;
};

/* Keys of the rows seen (import_dupes.c): the 64-bit hash of each
 * distinct address or unique key and the line it was first on. */
struct import_dupes {
    struct import_dupe_slot {
        uint64_t hash; /* 0: empty */
        size_t line;
    } * slots;
    size_t nslots, count;
};

struct import_batch {
    size_t first_line, last_line, good;
    struct import_cursor end;
    int64_t posted_wall;
};

struct bento_import {
    enum bento_import_kind kind;
    bool jsonl;
    size_t batch_size, field_max;
    bool restart;
    char *path, *rejects_path, *dir, *account;
    char shown[208]; /* path made safe for messages */
    struct import_identity id;
    FILE *f;
    struct import_csv *csv;
    struct import_jsonl *jsonl_reader;
    struct import_header header;
    char **hdr; /* the header row as read, for the reject file */
    size_t *hdr_len, hdr_n;
    struct import_cursor data; /* where records start */
    struct import_cursor cur;  /* the walk's position */
    struct import_row row;     /* views into the reader's buffers */
    struct import_item item;
    struct import_dupes dupes; /* filled by the check, read by the send */
    struct import_resume resume;
    struct bento_import_plan plan;
    bool checked;
    /* sending */
    bool started, eof, finished;
    struct import_journal *journal;
    char *carry; /* a record read but left for the next call */
    size_t carry_len, carry_line;
    struct import_cursor carry_after;
    struct import_batch q[2];
    size_t qn;
    struct import_ack totals;
    struct bento_import_progress prog;
    size_t *failed_lines, nfailed;
    int64_t start_mono;
    /* the check on a thread of its own while sending (import_overlap.c) */
    struct import_checker *checker;
    atomic_bool check_stop;  /* tells the checker to give up (on free) */
    const atomic_bool *stop; /* in the checker's own import: check_stop */
    int check_rc;            /* how the check ended: 0, or -1 with check_err */
    /* While both run, one table of keys: the main import's, under its lock
     * (both walk in file order, so either may record a key first). */
    struct import_dupes *dupes_at; /* NULL: this import's own, unlocked */
    pthread_mutex_t *dupes_lock;
    pthread_mutex_t lock;
    bool lock_made;
    struct bento_error check_err;
};

/* Start walking at c (after the header when c is NULL). */
int import_walk_seek(struct bento_import *im, const struct import_cursor *c);
/* 1: im->item holds a record; 0: end of file; -1 fatal (err). */
int import_walk_next(struct bento_import *im, struct bento_error *err);
/* Would a record of len bytes still fit in a call holding n records of
 * bytes bytes? */
bool import_fits(const struct bento_import *im, size_t n, size_t bytes, size_t len);

/* The line an earlier row with the same key (address, unique key) is on,
 * or 0 when this row is the first: then it is recorded as seen on line.
 * -1 when out of memory. */
long import_dupes_first(struct import_dupes *d, const char *key, size_t line);
void import_dupes_clear(struct import_dupes *d);
/* The key a record is de-duplicated by, or NULL (writes into buf). */
const char *import_record_key(enum bento_import_kind kind, const cJSON *record, char *buf,
                              size_t size);

/* The check started by bento_import_check_begin: take its plan over once
 * it has ended (poll: without waiting; abandon: stop it and wait). */
void import_check_poll(struct bento_import *im);
void import_check_abandon(struct bento_import *im);

/* ---- time ----------------------------------------------------------- */
int64_t import_mono_ms(void);
int64_t import_wall_ms(void);
void import_iso_now(char *buf, size_t size);

#endif
