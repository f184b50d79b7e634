/* Opening an import and its validation pass. */
#include "import_internal.h"

#include "bento/sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

/* dir/NAME.rejects.csv for dir/NAME.EXT */
static char *default_rejects(const char *path)
{
    const char *base = strrchr(path, '/');
    const char *dot = strrchr(base ? base + 1 : path, '.');
    size_t stem = dot && dot != (base ? base + 1 : path) ? (size_t)(dot - path) : strlen(path);
    char *out = malloc(stem + sizeof ".rejects.csv");
    if (!out)
        return NULL;
    memcpy(out, path, stem);
    memcpy(out + stem, ".rejects.csv", sizeof ".rejects.csv");
    return out;
}

static int keep_header(struct bento_import *im, const struct import_row *row)
{
    im->hdr = calloc(row->nfields + 1, sizeof *im->hdr);
    im->hdr_len = calloc(row->nfields + 1, sizeof *im->hdr_len);
    if (!im->hdr || !im->hdr_len)
        return -1;
    for (size_t i = 0; i < row->nfields; i++) {
        if (!(im->hdr[i] = strndup(row->field[i], row->len[i])))
            return -1;
        im->hdr_len[i] = row->len[i];
        im->hdr_n++;
    }
    return 0;
}

static int empty_file(struct bento_import *im, struct bento_error *err)
{
    bento_error_set(err, BENTO_E_VALIDATION, "%s is empty: there is nothing to import", im->shown);
    return -1;
}

/* CSV: read the header row and learn the columns. */
static int read_header(struct bento_import *im, struct bento_error *err)
{
    struct import_row row;
    int rc = import_csv_next(im->csv, &row, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return empty_file(im, err);
    if (import_header_parse(&im->header, im->kind, &row, err) < 0)
        return -1;
    if (keep_header(im, &row) < 0) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading the header row");
        return -1;
    }
    im->data = (struct import_cursor){row.end, row.end_line, 0};
    return 0;
}

/* What a file starts with when it is not text at all: said before any
 * parsing, so a spreadsheet or an archive is not read as 1000 bad rows. */
static const struct {
    const char *magic;
    size_t len;
    const char *what;
} binary_kinds[] = {
    {"\x89PNG", 4, "a PNG image"},
    {"\x1f\x8b", 2, "a gzip archive"},
    {"PK\x03\x04", 4, "a zip archive (an .xlsx workbook is one)"},
    {"%PDF-", 5, "a PDF document"},
    {"\177ELF", 4, "a program"},
    {"\xd0\xcf\x11\xe0", 4, "an old Excel or Word file"},
    {"\xff\xd8\xff", 3, "a JPEG image"},
};

static int refuse_binary(struct bento_import *im, struct bento_error *err)
{
    char head[8];
    size_t n = fread(head, 1, sizeof head, im->f);
    rewind(im->f);
    for (size_t i = 0; i < sizeof binary_kinds / sizeof *binary_kinds; i++)
        if (n >= binary_kinds[i].len && !memcmp(head, binary_kinds[i].magic, binary_kinds[i].len)) {
            bento_error_set(err, BENTO_E_IO,
                            "%s is not a text file (it starts like %s): export the data as CSV "
                            "(UTF-8) and import that",
                            im->shown, binary_kinds[i].what);
            return -1;
        }
    return 0;
}

/* O_NONBLOCK and fstat: the path may have been swapped for a FIFO since
 * import_identity_make() looked, and opening one would block. */
static int open_file(struct bento_import *im, struct bento_error *err)
{
    struct stat st;
    int fd = open(im->id.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        bento_error_set(err, BENTO_E_IO, "%s is not a regular file", im->shown);
        return -1;
    }
    if (fd < 0 || !(im->f = fdopen(fd, "rb"))) {
        bento_error_set(err, BENTO_E_IO, "Cannot read %s: %s", im->shown, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return 0;
}

static int open_reader(struct bento_import *im, struct bento_error *err)
{
    if (open_file(im, err) < 0)
        return -1;
    if (im->id.size == 0)
        return empty_file(im, err);
    if (refuse_binary(im, err) < 0)
        return -1;
    im->data = (struct import_cursor){0, 1, 0};
    if (im->jsonl) {
        im->jsonl_reader = import_jsonl_new(im->f, im->field_max);
        return im->jsonl_reader ? 0 : -1;
    }
    im->csv = import_csv_new(im->f, im->field_max);
    if (!im->csv) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory opening %s", im->shown);
        return -1;
    }
    return read_header(im, err);
}

static int take_options(struct bento_import *im, const struct bento_import_options *o,
                        struct bento_error *err)
{
    im->kind = o->kind;
    im->jsonl = o->kind == BENTO_IMPORT_EVENTS &&
                (ends_with(o->path, ".jsonl") || ends_with(o->path, ".ndjson"));
    im->batch_size = o->batch_size ? o->batch_size : 1000;
    if (im->batch_size > 1000)
        im->batch_size = 1000;
    im->field_max = o->field_max ? o->field_max : BENTO_IMPORT_FIELD_MAX;
    im->restart = o->restart;
    im->path = strdup(o->path);
    bento_sanitize_line(o->path, strlen(o->path), im->shown, sizeof im->shown);
    im->rejects_path = o->rejects_path ? strdup(o->rejects_path) : default_rejects(o->path);
    im->dir = import_journal_dir(o->state_dir);
    im->account = o->account ? strdup(o->account) : NULL;
    if (!im->path || !im->rejects_path || !im->dir || (o->account && !im->account)) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory starting the import");
        return -1;
    }
    return 0;
}

struct bento_import *bento_import_open(const struct bento_import_options *o,
                                       struct bento_error *err)
{
    struct bento_import *im = calloc(1, sizeof *im);
    bento_error_clear(err);
    if (!im || !o || !o->path) {
        bento_error_set(err, im ? BENTO_E_USAGE : BENTO_E_NOMEM, "No file to import");
        free(im);
        return NULL;
    }
    if (take_options(im, o, err) < 0 ||
        import_identity_make(&im->id, o->kind, o->path, o->account, err) < 0 ||
        open_reader(im, err) < 0 ||
        (!im->restart && import_journal_read(im->dir, &im->id, &im->resume, err) < 0)) {
        if (err->kind == BENTO_OK)
            bento_error_set(err, BENTO_E_NOMEM, "Out of memory opening %s", im->shown);
        bento_import_free(im);
        return NULL;
    }
    return im;
}

/* ---- the validation pass ------------------------------------------------ */

struct check_state {
    struct import_rejects *rejects;
    bool write_rejects;
    size_t n, bytes;    /* the call being counted */
    uint64_t resume_at; /* records from here on are still to send */
    bool resume_found;  /* a record starts there (or the file ends there) */
};

/* Where a record starts: the journal's offset must be one of these, or
 * the send would begin mid-record. The file's own line and count win
 * over the journal's. */
static void note_record_start(struct bento_import *im, struct check_state *cs,
                              const struct import_cursor *at)
{
    if (at->offset != cs->resume_at)
        return;
    cs->resume_found = true;
    im->resume.line = im->plan.resume_line = at->line;
    im->resume.rows = at->rows;
}

static void list_bad(struct bento_import *im)
{
    struct bento_import_plan *p = &im->plan;
    const struct import_item *it = &im->item;
    if (!strncmp(it->why.reason, "not UTF-8", 9))
        p->bad_encoding++;
    if (it->duplicate)
        p->duplicates++;
    if (p->listed_count == BENTO_IMPORT_LISTED)
        return;
    struct bento_import_bad_row *b = &p->listed[p->listed_count++];
    b->line = it->line;
    snprintf(b->column, sizeof b->column, "%s", it->why.column);
    snprintf(b->reason, sizeof b->reason, "%s", it->why.reason);
}

static int on_bad(struct bento_import *im, struct check_state *cs, struct bento_error *err)
{
    im->plan.bad++;
    list_bad(im);
    if (!cs->write_rejects)
        return 0;
    if (!cs->rejects) {
        struct import_row hdr = {.nfields = im->hdr_n, .field = im->hdr, .len = im->hdr_len};
        cs->rejects = import_rejects_open(im->rejects_path, im->jsonl ? NULL : &hdr, err);
        if (!cs->rejects)
            return -1;
        im->plan.rejects_path = im->rejects_path;
    }
    if (import_rejects_add(cs->rejects, im->item.row, &im->item.why) < 0) {
        char shown[208];
        bento_sanitize_line(im->rejects_path, strlen(im->rejects_path), shown, sizeof shown);
        bento_error_set(err, BENTO_E_IO, "Cannot write the reject file %s: %s", shown,
                        strerror(errno));
        return -1;
    }
    return 0;
}

static void on_good(struct bento_import *im, struct check_state *cs)
{
    struct bento_import_plan *p = &im->plan;
    struct import_item *it = &im->item;
    p->good++;
    if (it->before.offset < cs->resume_at) {
        p->resume_rows++;
        return;
    }
    p->to_send++;
    if (!import_fits(im, cs->n, cs->bytes, it->json_len)) {
        p->calls++;
        cs->n = cs->bytes = 0;
    }
    cs->bytes += it->json_len + (cs->n ? 1 : 0);
    cs->n++;
    if (!p->sample) {
        p->sample = it->record;
        it->record = NULL;
    }
}

/* An old reject file left by an earlier run would mislead: drop it, if
 * it is one of ours. */
static void drop_stale_rejects(const char *path)
{
    char head[20] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    if (!strncmp(head, "line,column,reason", 18))
        unlink(path);
}

static void plan_resume(struct bento_import *im, struct check_state *cs)
{
    struct bento_import_plan *p = &im->plan;
    const struct import_resume *r = &im->resume;
    p->jsonl = im->jsonl;
    if (!r->found)
        return;
    p->done_before = r->done;
    p->resuming = !r->done;
    p->resume_line = r->line;
    p->resume_sent = r->sent;
    snprintf(p->earlier_start, sizeof p->earlier_start, "%s", r->started);
    cs->resume_at = r->done ? UINT64_MAX : r->offset;
}

int bento_import_check(struct bento_import *im, bool write_rejects,
                       const struct bento_import_plan **plan, struct bento_error *err)
{
    struct check_state cs = {.write_rejects = write_rejects};
    int rc;
    bento_error_clear(err);
    cJSON_Delete(im->plan.sample);
    memset(&im->plan, 0, sizeof im->plan);
    import_dupes_clear(&im->dupes);
    plan_resume(im, &cs);
    if (import_walk_seek(im, NULL) < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot read %s: %s", im->shown, strerror(errno));
        return -1;
    }
    while ((rc = import_walk_next(im, err)) > 0) {
        if (im->stop && atomic_load(im->stop)) {
            bento_error_set(err, BENTO_E_CANCELLED, "The check of %s was stopped", im->shown);
            rc = -1;
            break;
        }
        note_record_start(im, &cs, &im->item.before);
        im->plan.rows++;
        if (!im->item.bad)
            on_good(im, &cs);
        else if (on_bad(im, &cs, err) < 0)
            break;
    }
    if (rc == 0)
        note_record_start(im, &cs, &im->cur);
    if (rc == 0 && cs.n)
        im->plan.calls++;
    if (rc == 0 && im->plan.rows == 0)
        bento_error_set(err, BENTO_E_VALIDATION, "%s has no rows to import%s", im->shown,
                        im->jsonl ? "" : " (only a header row)");
    if (import_rejects_close(cs.rejects, err) < 0 || err->kind != BENTO_OK) {
        if (rc < 0 && im->plan.rejects_path) {
            unlink(im->rejects_path); /* half a list would mislead */
            im->plan.rejects_path = NULL;
        }
        return -1;
    }
    if (im->plan.resuming && !cs.resume_found) {
        /* a journal pointing inside a record (edited, or another file's):
         * start over, which Bento's upserts and unique keys make safe */
        memset(&im->resume, 0, sizeof im->resume);
        return bento_import_check(im, write_rejects, plan, err);
    }
    if (write_rejects && !im->plan.bad)
        drop_stale_rejects(im->rejects_path);
    im->checked = true;
    if (plan)
        *plan = &im->plan;
    return 0;
}

/* ---- accessors ------------------------------------------------------------- */

const char *bento_import_path(const struct bento_import *im)
{
    return im ? im->path : NULL;
}

const size_t *bento_import_failed_lines(const struct bento_import *im, size_t *n)
{
    *n = im ? im->nfailed : 0;
    return im ? im->failed_lines : NULL;
}

void bento_import_progress(const struct bento_import *im, struct bento_import_progress *out)
{
    *out = im->prog;
    out->checking = im->checker != NULL;
    if (im->started)
        out->elapsed_ms = import_mono_ms() - im->start_mono;
}

int64_t bento_import_ideal_ms(size_t calls, struct bento_family_limit lim)
{
    if (lim.limit <= 0 || calls == 0)
        return 0;
    size_t windows = (calls + (size_t)lim.limit - 1) / (size_t)lim.limit;
    return (int64_t)(windows - 1) * lim.window_ms;
}

void bento_import_free(struct bento_import *im)
{
    if (!im)
        return;
    import_check_abandon(im);
    import_journal_close(im->journal);
    cJSON_Delete(im->item.record);
    free(im->item.json);
    cJSON_Delete(im->plan.sample);
    import_csv_free(im->csv);
    import_jsonl_free(im->jsonl_reader);
    if (im->f)
        fclose(im->f);
    import_header_free(&im->header);
    import_dupes_clear(&im->dupes);
    for (size_t i = 0; i < im->hdr_n; i++)
        free(im->hdr[i]);
    free(im->hdr);
    free(im->hdr_len);
    import_identity_free(&im->id);
    free(im->carry);
    free(im->failed_lines);
    free(im->path);
    free(im->rejects_path);
    free(im->dir);
    free(im->account);
    if (im->lock_made)
        pthread_mutex_destroy(&im->lock);
    free(im);
}
