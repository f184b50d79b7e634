/* CSV records from a file, one at a time, with each record's first line
 * and end offset. libcsv's push parser (strict RFC 4180) does the
 * parsing; it is fed one line at a time, so a record can only end at the
 * end of a piece and its end offset is the piece's end. Memory: one 64 KiB
 * read buffer and the record being built, capped at field_max bytes. */
#include "import_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

struct import_csv {
    FILE *f;
    struct csv_parser p;
    size_t field_max;
    unsigned char buf[CHUNK];
    size_t len, pos;
    uint64_t buf_off; /* file offset of buf[0] */
    size_t line;      /* line of buf[pos] */
    bool finished;    /* csv_fini done: end of file */
    /* the record being built */
    char *arena;
    size_t used, cap;
    size_t *offs, *lens;
    char **ptrs;
    size_t n, fcap;
    size_t row_line, field_line;
    bool in_row, row_done, too_big, failed;
    const char *problem;
    int problem_field;
    char problem_buf[96];
};

static int parser_init(struct import_csv *r)
{
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return -1;
    /* Grow a long field's buffer in big steps, not 128 bytes at a time. */
    csv_set_blk_size(&r->p, CHUNK);
    return 0;
}

struct import_csv *import_csv_new(FILE *f, size_t field_max)
{
    struct import_csv *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->f = f;
    r->field_max = field_max ? field_max : BENTO_IMPORT_FIELD_MAX;
    r->line = 1;
    if (parser_init(r) < 0) {
        free(r);
        return NULL;
    }
    return r;
}

void import_csv_free(struct import_csv *r)
{
    if (!r)
        return;
    csv_free(&r->p);
    free(r->arena);
    free(r->offs);
    free(r->lens);
    free(r->ptrs);
    free(r);
}

int import_csv_seek(struct import_csv *r, uint64_t offset, size_t line)
{
    if (fseeko(r->f, (off_t)offset, SEEK_SET) != 0)
        return -1;
    csv_free(&r->p);
    if (parser_init(r) < 0)
        return -1;
    r->len = r->pos = 0;
    r->buf_off = offset;
    r->line = line;
    r->finished = false;
    return 0;
}

static bool grow_fields(struct import_csv *r)
{
    size_t cap = r->fcap ? r->fcap * 2 : 32;
    size_t *o = realloc(r->offs, cap * sizeof *o);
    if (o)
        r->offs = o;
    size_t *l = realloc(r->lens, cap * sizeof *l);
    if (l)
        r->lens = l;
    char **p = realloc(r->ptrs, cap * sizeof *p);
    if (p)
        r->ptrs = p;
    if (!o || !l || !p)
        return false;
    r->fcap = cap;
    return true;
}

static bool arena_fit(struct import_csv *r, size_t need)
{
    if (r->used + need <= r->cap)
        return true;
    size_t cap = r->cap ? r->cap : 4096;
    while (cap < r->used + need)
        cap *= 2;
    char *a = realloc(r->arena, cap);
    if (!a)
        return false;
    r->arena = a;
    r->cap = cap;
    return true;
}

static void note_problem(struct import_csv *r, const char *why)
{
    if (!r->problem) {
        r->problem = why;
        r->problem_field = (int)r->n;
    }
}

static void check_text(struct import_csv *r, const char *s, size_t len)
{
    if (memchr(s, '\0', len)) {
        note_problem(r, "contains a NUL byte (is this a text file?)");
        return;
    }
    long bad = import_utf8_invalid_at(s, len);
    if (bad >= 0 && !r->problem) {
        snprintf(r->problem_buf, sizeof r->problem_buf,
                 "not UTF-8 text (byte 0x%02X): save the file as UTF-8", (unsigned char)s[bad]);
        note_problem(r, r->problem_buf);
    }
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct import_csv *r = ctx;
    const char *s = data ? data : "";
    if (r->failed)
        return;
    if (r->n == r->fcap && !grow_fields(r)) {
        r->failed = true;
        return;
    }
    if (r->used + len + 1 > r->field_max && !r->too_big) {
        r->too_big = true;
        note_problem(r, "the row is larger than the size limit");
    }
    size_t keep = r->too_big ? 0 : len;
    if (!arena_fit(r, keep + 1)) {
        r->failed = true;
        return;
    }
    memcpy(r->arena + r->used, s, keep);
    r->arena[r->used + keep] = '\0';
    if (keep)
        check_text(r, s, keep);
    r->offs[r->n] = r->used;
    r->lens[r->n] = keep;
    r->used += keep + 1;
    r->n++;
    r->field_line = r->line;
}

static void on_row(int c, void *ctx)
{
    struct import_csv *r = ctx;
    r->row_done = true;
}

static void reset_row(struct import_csv *r)
{
    r->used = r->n = 0;
    r->in_row = r->row_done = r->too_big = false;
    r->problem = NULL;
    r->problem_field = -1;
}

/* Read the next chunk; false at end of file. */
static bool refill(struct import_csv *r)
{
    r->buf_off += r->len;
    r->len = fread(r->buf, 1, sizeof r->buf, r->f);
    r->pos = 0;
    return r->len > 0;
}

static bool is_term(unsigned char c)
{
    return c == '\n' || c == '\r';
}

/* End of the piece starting at pos: just past the first line break, or
 * the end of the buffer. */
static size_t piece_end(const struct import_csv *r)
{
    size_t i = r->pos;
    while (i < r->len && !is_term(r->buf[i]))
        i++;
    return i < r->len ? i + 1 : i;
}

static bool has_content(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && !is_term(s[i]))
            return true;
    return false;
}

static int nomem(struct import_csv *r, struct bento_error *err)
{
    bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading line %zu", r->line);
    return -1;
}

static int feed(struct import_csv *r, const unsigned char *s, size_t n, struct bento_error *err)
{
    size_t done = csv_parse(&r->p, s, n, on_field, on_row, r);
    if (r->failed || csv_error(&r->p) == CSV_ENOMEM)
        return nomem(r, err);
    if (done != n) {
        bento_error_set(err, BENTO_E_IO,
                        "line %zu, field %zu: a stray quote. A field with a quote in it must be "
                        "enclosed in quotes, and each quote inside doubled (\"\")",
                        r->line, r->n + 1);
        return -1;
    }
    if (r->p.entry_pos > r->field_max) {
        bento_error_set(err, BENTO_E_IO,
                        "line %zu, field %zu: a field is larger than the size limit (%zu KiB); "
                        "is a closing quote missing?",
                        r->field_line, r->n + 1, r->field_max / 1024);
        return -1;
    }
    return 0;
}

/* Feed one piece; a CR is taken with the LF after it, so a record never
 * ends between the two. */
static int feed_piece(struct import_csv *r, struct bento_error *err)
{
    size_t end = piece_end(r);
    const unsigned char *s = r->buf + r->pos;
    size_t n = end - r->pos;
    unsigned char last = s[n - 1];

    if (!r->in_row && has_content(s, n)) {
        r->in_row = true;
        r->row_line = r->field_line = r->line;
    }
    if (feed(r, s, n, err) < 0)
        return -1;
    r->pos = end;
    if (last == '\r') {
        if (r->pos == r->len && !refill(r))
            return ++r->line, 0;
        if (r->buf[r->pos] == '\n') {
            if (feed(r, r->buf + r->pos, 1, err) < 0)
                return -1;
            r->pos++;
        }
    }
    if (is_term(last))
        r->line++;
    return 0;
}

static void fill_row(struct import_csv *r, struct import_row *row)
{
    for (size_t i = 0; i < r->n; i++)
        r->ptrs[i] = r->arena + r->offs[i];
    memset(row, 0, sizeof *row);
    row->line = r->row_line;
    row->end = r->buf_off + r->pos;
    row->end_line = r->line;
    row->nfields = r->n;
    row->field = r->ptrs;
    row->len = r->lens;
    row->problem = r->problem;
    row->problem_field = r->problem_field;
}

static int at_end(struct import_csv *r, struct import_row *row, struct bento_error *err)
{
    r->finished = true;
    if (csv_fini(&r->p, on_field, on_row, r) != 0) {
        bento_error_set(err, BENTO_E_IO,
                        "line %zu, field %zu: a quoted field never ends (a closing quote is "
                        "missing)",
                        r->field_line, r->n + 1);
        return -1;
    }
    if (r->failed)
        return nomem(r, err);
    if (!r->row_done)
        return 0;
    fill_row(r, row);
    return 1;
}

static int check_start(struct import_csv *r, struct bento_error *err)
{
    const unsigned char *b = r->buf;
    if (r->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        bento_error_set(err, BENTO_E_IO,
                        "The file is UTF-16 text; save it as UTF-8 (CSV UTF-8) and try again");
        return -1;
    }
    if (r->len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        r->pos = 3; /* a UTF-8 byte order mark */
    return 0;
}

int import_csv_next(struct import_csv *r, struct import_row *row, struct bento_error *err)
{
    if (r->finished)
        return 0;
    reset_row(r);
    while (!r->row_done) {
        if (r->pos == r->len) {
            bool first = r->buf_off == 0 && r->len == 0;
            if (!refill(r)) {
                if (ferror(r->f)) {
                    bento_error_set(err, BENTO_E_IO, "Cannot read line %zu: %s", r->line,
                                    strerror(errno));
                    return -1;
                }
                return at_end(r, row, err);
            }
            if (first && check_start(r, err) < 0)
                return -1;
            if (r->pos == r->len)
                continue;
        }
        if (feed_piece(r, err) < 0)
            return -1;
    }
    fill_row(r, row);
    return 1;
}
