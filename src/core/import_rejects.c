/* The reject file: each bad row with its line, the column at fault and
 * the reason, then the row as it was (CSV fields, or the JSONL line), so
 * it can be fixed and imported on its own. It holds personal data, so it
 * is written as the profile is: a fresh 0600 file beside the target,
 * fsync'd and renamed over it at the end, and never through a symbolic
 * link someone planted at its name. */
#include "import_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bento/csvout.h"
#include "bento/sanitize.h"
#include "fileio.h"

struct import_rejects {
    FILE *f;
    char *target; /* the path asked for */
    char *tmp;    /* where it is written until closed */
    char *path;   /* made safe for messages */
};

static void rejects_free(struct import_rejects *r)
{
    free(r->target);
    free(r->tmp);
    free(r->path);
    free(r);
}

/* Refuse a name that is a link or not a regular file: renaming over it
 * would be safe, but a link there is someone else's intent, or an attack. */
static int check_target(const struct import_rejects *r, struct bento_error *err)
{
    struct stat st;
    if (lstat(r->target, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (S_ISLNK(st.st_mode)) {
        bento_error_set(err, BENTO_E_IO,
                        "The reject file %.200s is a symbolic link; not writing through it: "
                        "remove it or choose another file",
                        r->path);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        bento_error_set(err, BENTO_E_IO,
                        "The reject file %.200s is not a regular file: choose another file",
                        r->path);
        return -1;
    }
    return 0;
}

/* A 0600 temporary file beside the target (mkstemp: O_EXCL, no links). */
static int open_tmp(struct import_rejects *r)
{
    size_t n = strlen(r->target);
    r->tmp = malloc(n + sizeof ".XXXXXX");
    if (!r->tmp)
        return -1;
    memcpy(r->tmp, r->target, n);
    memcpy(r->tmp + n, ".XXXXXX", sizeof ".XXXXXX");
    int fd = mkstemp(r->tmp);
    if (fd < 0)
        return -1;
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || fchmod(fd, 0600) != 0 || !(r->f = fdopen(fd, "w"))) {
        close(fd);
        unlink(r->tmp);
        return -1;
    }
    return 0;
}

static void write_header(FILE *f, const struct import_row *header_row)
{
    bento_csv_str(f, "line", true);
    bento_csv_str(f, "column", false);
    bento_csv_str(f, "reason", false);
    if (header_row) {
        for (size_t i = 0; i < header_row->nfields; i++)
            bento_csv_field(f, header_row->field[i], header_row->len[i], false);
    } else {
        bento_csv_str(f, "record", false);
    }
    bento_csv_end(f);
}

struct import_rejects *import_rejects_open(const char *path, const struct import_row *header_row,
                                           struct bento_error *err)
{
    struct import_rejects *r = calloc(1, sizeof *r);
    if (!r || !(r->target = strdup(path)) || !(r->path = bento_sanitize_dup(path))) {
        if (r)
            rejects_free(r);
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory opening the reject file");
        return NULL;
    }
    bento_error_clear(err);
    if (check_target(r, err) < 0 || open_tmp(r) < 0) {
        if (err->kind == BENTO_OK)
            bento_error_set(err, BENTO_E_IO, "Cannot write the reject file %.200s: %s", r->path,
                            strerror(errno));
        rejects_free(r);
        return NULL;
    }
    write_header(r->f, header_row);
    return r;
}

int import_rejects_add(struct import_rejects *r, const struct import_row *row,
                       const struct import_problem *why)
{
    fprintf(r->f, "%zu", row->line);
    bento_csv_str(r->f, why->column, false);
    bento_csv_str(r->f, why->reason, false);
    if (row->text)
        bento_csv_field(r->f, row->text, row->text_len, false);
    for (size_t i = 0; !row->text && i < row->nfields; i++)
        bento_csv_field(r->f, row->field[i], row->len[i], false);
    bento_csv_end(r->f);
    return ferror(r->f) ? -1 : 0;
}

/* Flush, fsync and rename into place; with a failure already in err the
 * half-written list is dropped instead (it would mislead). */
int import_rejects_close(struct import_rejects *r, struct bento_error *err)
{
    if (!r)
        return 0;
    bool keep = err->kind == BENTO_OK;
    int failed = ferror(r->f) || fflush(r->f) != 0 || (keep && fsync(fileno(r->f)) != 0);
    int saved = errno;
    failed |= fclose(r->f) != 0;
    if (keep && !failed && rename(r->tmp, r->target) != 0) {
        failed = 1;
        saved = errno;
    }
    if (!keep || failed)
        unlink(r->tmp);
    int rc = 0;
    if (keep && failed) {
        bento_error_set(err, BENTO_E_IO, "Could not write the reject file %.200s: %s", r->path,
                        strerror(saved));
        rc = -1;
    } else if (keep) {
        char *dir = strdup(r->target);
        if (dir)
            bento_dir_sync(dirname(dir));
        free(dir);
    }
    rejects_free(r);
    return rc;
}
