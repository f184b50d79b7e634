#include "app/addresses.h"

#include <csv.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bento/email.h"
#include "bento/sanitize.h"

/* FNV-1a: short keys, no adversary worth a keyed hash (the list is the
 * user's own file). */
static size_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

/* The slot holding addr, or the empty slot where it would go. */
static size_t *probe(const struct address_list *l, const char *addr)
{
    size_t mask = l->nslots - 1;
    for (size_t i = hash(addr) & mask;; i = (i + 1) & mask)
        if (!l->slots[i] || !strcmp(l->items[l->slots[i] - 1], addr))
            return &l->slots[i];
}

int address_list_contains(const struct address_list *l, const char *addr)
{
    return l->nslots && *probe(l, addr) != 0;
}

/* Double the table (at least 64 slots) and re-insert every item. */
static int grow_set(struct address_list *l)
{
    size_t n = l->nslots ? l->nslots * 2 : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(l->slots);
    l->slots = slots;
    l->nslots = n;
    for (size_t i = 0; i < l->count; i++)
        *probe(l, l->items[i]) = i + 1;
    return 0;
}

/* arr with room for one more element (it doubles when full), or NULL
 * when out of memory, arr and *cap then unchanged. */
static void *reserve(void *arr, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return arr;
    size_t n = *cap ? *cap * 2 : 16;
    void *grown = realloc(arr, n * size);
    if (grown)
        *cap = n;
    return grown;
}

static int reject(struct address_list *l, const char *text, size_t row, const char *why)
{
    struct address_reject *grown = reserve(l->rejects, &l->reject_cap, l->reject_count,
                                           sizeof *l->rejects);
    if (!grown)
        return -1;
    l->rejects = grown;
    struct address_reject *r = &l->rejects[l->reject_count++];
    r->row = row;
    snprintf(r->reason, sizeof r->reason, "%s", why);
    bento_sanitize_line(text, strlen(text), r->value, sizeof r->value);
    return 0;
}

int address_list_add(struct address_list *l, const char *text, size_t row)
{
    char *addr = strdup(text);
    if (!addr)
        return -1;
    bento_email_normalize(addr);
    const char *why;
    if (!bento_email_plausible(addr, &why)) {
        free(addr);
        return reject(l, text, row, why);
    }
    if (address_list_contains(l, addr)) {
        free(addr);
        return 0;
    }
    char **items = reserve(l->items, &l->cap, l->count, sizeof *l->items);
    if (items)
        l->items = items;
    if (!items || (2 * (l->count + 1) > l->nslots && grow_set(l) < 0)) {
        free(addr);
        return -1;
    }
    *probe(l, addr) = l->count + 1;
    l->items[l->count++] = addr;
    return 0;
}

/* Parser state for libcsv's callbacks. */
struct reader {
    struct address_list *list;
    size_t row;     /* rows completed so far */
    size_t field;   /* index of the field within the current row */
    long email_col; /* -1 until known; -2: one address a line */
    size_t fields_in_row;
    char *first; /* first row's lone field, for header-less files */
    int failed;
};

static int is_email_header(const char *s, size_t len)
{
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { /* UTF-8 BOM */
        s += 3;
        len -= 3;
    }
    while (len && (*s == ' ')) {
        s++;
        len--;
    }
    while (len && s[len - 1] == ' ')
        len--;
    return len == 5 && !strncasecmp(s, "email", 5);
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct reader *r = ctx;
    const char *s = data ? data : "";
    if (r->row == 0) {
        if (is_email_header(s, len))
            r->email_col = (long)r->field;
        else if (r->field == 0)
            r->first = strndup(s, len);
    } else if ((long)r->field == r->email_col || (r->email_col == -2 && r->field == 0)) {
        if (address_list_add(r->list, s, r->row + 1) < 0)
            r->failed = 1;
    }
    r->field++;
}

static void on_row(int c, void *ctx)
{
    struct reader *r = ctx;
    if (r->row == 0 && r->email_col < 0 && r->field == 1) {
        r->email_col = -2; /* no header: the first row is an address too */
        if (r->first && address_list_add(r->list, r->first, 1) < 0)
            r->failed = 1;
    }
    r->fields_in_row = r->field;
    r->field = 0;
    r->row++;
}

static int too_large(struct bento_error *err, const char *path)
{
    bento_error_set(err, BENTO_E_IO,
                    "%.200s is larger than the %d MiB an address file may hold: split it", path,
                    ADDRESS_FILE_MAX_MIB);
    return -1;
}

static int parse_stream(FILE *f, struct reader *r, struct bento_error *err, const char *path)
{
    struct csv_parser p;
    char buf[65536];
    size_t n, total = 0;
    csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
    while (!r->failed && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        if ((total += n) > (size_t)ADDRESS_FILE_MAX_MIB * 1024 * 1024) {
            csv_free(&p); /* standard input, or a file that grew */
            return too_large(err, path);
        }
        if (csv_parse(&p, buf, n, on_field, on_row, r) != n) {
            bento_error_set(err, BENTO_E_IO, "%.200s: %s near row %zu", path,
                            csv_strerror(csv_error(&p)), r->row + 1);
            csv_free(&p);
            return -1;
        }
        if (r->row >= 1 && r->email_col == -1) {
            bento_error_set(err, BENTO_E_VALIDATION,
                            "%.200s has several columns but none is called \"email\"", path);
            csv_free(&p);
            return -1;
        }
    }
    csv_fini(&p, on_field, on_row, r);
    csv_free(&p);
    return 0;
}

/* As an import does: a regular file, and not past the cap, so a device
 * or a FIFO cannot feed it forever. */
static FILE *open_file(const char *path, const char *shown, struct bento_error *err)
{
    struct stat st;
    /* O_NONBLOCK: opening a FIFO without a writer would block */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f && fd >= 0)
        close(fd);
    if (!f || fstat(fileno(f), &st) < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot read %.200s: %s", shown, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        bento_error_set(err, BENTO_E_IO,
                        "%.200s is not a regular file: give a file of addresses (or - for "
                        "standard input)",
                        shown);
    } else if (st.st_size > (off_t)ADDRESS_FILE_MAX_MIB * 1024 * 1024) {
        too_large(err, shown);
    } else {
        return f;
    }
    if (f)
        fclose(f);
    return NULL;
}

int address_list_read_file(struct address_list *l, const char *path, struct bento_error *err)
{
    char shown[208];
    bool is_stdin = !strcmp(path, "-");
    const char *name = is_stdin ? "standard input" : path;
    bento_sanitize_line(name, strlen(name), shown, sizeof shown);
    FILE *f = is_stdin ? stdin : open_file(path, shown, err);
    if (!f)
        return -1;
    path = shown;
    struct reader r = {.list = l, .email_col = -1};
    int rc = parse_stream(f, &r, err, path);
    if (rc == 0 && r.row >= 1 && r.email_col == -1) {
        bento_error_set(err, BENTO_E_VALIDATION,
                        "%.200s has several columns but none is called \"email\"", path);
        rc = -1;
    }
    if (rc == 0 && r.failed) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading %.200s", path);
        rc = -1;
    }
    free(r.first);
    if (f != stdin)
        fclose(f);
    return rc;
}

void address_list_free(struct address_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    free(l->rejects);
    free(l->slots);
    memset(l, 0, sizeof *l);
}
