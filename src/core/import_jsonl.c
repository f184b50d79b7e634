/* JSON Lines: one event object a line. Lines are read through a 64 KiB
 * buffer; a line over the size limit is skipped (and reported as a bad
 * row) without ever being held whole. */
#include "import_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

struct import_jsonl {
    FILE *f;
    size_t line_max;
    unsigned char buf[CHUNK];
    size_t len, pos;
    uint64_t buf_off;
    size_t line;
    char *text;
    size_t tlen, tcap;
    bool too_long;
};

struct import_jsonl *import_jsonl_new(FILE *f, size_t line_max)
{
    struct import_jsonl *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->f = f;
    r->line_max = line_max ? line_max : BENTO_IMPORT_FIELD_MAX;
    r->line = 1;
    return r;
}

void import_jsonl_free(struct import_jsonl *r)
{
    if (!r)
        return;
    free(r->text);
    free(r);
}

int import_jsonl_seek(struct import_jsonl *r, uint64_t offset, size_t line)
{
    if (fseeko(r->f, (off_t)offset, SEEK_SET) != 0)
        return -1;
    r->len = r->pos = 0;
    r->buf_off = offset;
    r->line = line;
    return 0;
}

static int append(struct import_jsonl *r, const unsigned char *s, size_t n)
{
    if (r->too_long || r->tlen + n > r->line_max) {
        r->too_long = true;
        return 0;
    }
    if (r->tlen + n + 1 > r->tcap) {
        size_t cap = r->tcap ? r->tcap : 1024;
        while (cap < r->tlen + n + 1)
            cap *= 2;
        char *t = realloc(r->text, cap);
        if (!t)
            return -1;
        r->text = t;
        r->tcap = cap;
    }
    memcpy(r->text + r->tlen, s, n);
    r->tlen += n;
    r->text[r->tlen] = '\0';
    return 0;
}

/* Gather one line into text; 1 when a line (maybe empty) was read, 0 at
 * end of file, -1 on a read error or out of memory. */
static int read_line(struct import_jsonl *r)
{
    bool any = false;
    r->tlen = 0;
    r->too_long = false;
    if (r->text)
        r->text[0] = '\0';
    for (;;) {
        if (r->pos == r->len) {
            r->buf_off += r->len;
            r->len = fread(r->buf, 1, sizeof r->buf, r->f);
            r->pos = 0;
            if (!r->len)
                return ferror(r->f) ? -1 : any;
        }
        any = true;
        unsigned char *start = r->buf + r->pos;
        unsigned char *nl = memchr(start, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - start) : r->len - r->pos;
        if (append(r, start, n) < 0)
            return -1;
        r->pos += n;
        if (nl) {
            r->pos++;
            r->line++;
            return 1;
        }
    }
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

int import_jsonl_next(struct import_jsonl *r, struct import_row *row, struct bento_error *err)
{
    for (;;) {
        bool at_start = r->buf_off + r->pos == 0;
        size_t line = r->line;
        int rc = read_line(r);
        if (rc < 0) {
            bento_error_set(err, errno == ENOMEM ? BENTO_E_NOMEM : BENTO_E_IO,
                            "Cannot read line %zu: %s", line, strerror(errno));
            return -1;
        }
        if (rc == 0)
            return 0;
        char *t = r->text ? r->text : "";
        size_t n = r->tlen;
        if (at_start && n >= 2 &&
            (((unsigned char)t[0] == 0xFF && (unsigned char)t[1] == 0xFE) ||
             ((unsigned char)t[0] == 0xFE && (unsigned char)t[1] == 0xFF))) {
            bento_error_set(err, BENTO_E_IO,
                            "The file is UTF-16 text; save it as UTF-8 and try again");
            return -1;
        }
        if (at_start && n >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) {
            t += 3;
            n -= 3;
        }
        if (n && t[n - 1] == '\r')
            t[--n] = '\0';
        if (!r->too_long && blank(t, n))
            continue;
        memset(row, 0, sizeof *row);
        row->line = line;
        row->end = r->buf_off + r->pos;
        row->end_line = r->line;
        row->text = r->too_long ? "" : t;
        row->text_len = r->too_long ? 0 : n;
        row->problem_field = -1;
        if (r->too_long)
            row->problem = "the line is larger than the size limit";
        return 1;
    }
}
