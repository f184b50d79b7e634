/* `:tags list [FILTER] --csv FILE` and `:fields list --csv FILE` (or
 * -o FILE): the list, fetched afresh, written to FILE in the columns of
 * the command line's `--csv` (app/list_csv.h), which the console cannot
 * print. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bento/csvout.h"
#include "app/list_csv.h"
#include "tui/tui.h"

struct list_export {
    char *path;
    char *filter; /* tags only; NULL: every tag */
};

static void export_free(void *ctx)
{
    struct list_export *x = ctx;
    if (!x)
        return;
    free(x->path);
    free(x->filter);
    free(x);
}

static void put_row(FILE *fp, const char *const *values, int n)
{
    for (int c = 0; c < n; c++)
        bento_csv_str(fp, values[c], c == 0);
    bento_csv_end(fp);
}

/* The rows of the result, after the header; returns how many. */
static long put_rows(FILE *fp, const struct bento_result *r, const char *filter)
{
    long n = 0;
    const char *row[APP_TAG_CSV_COLS > APP_FIELD_CSV_COLS ? APP_TAG_CSV_COLS : APP_FIELD_CSV_COLS];
    if (r->op == BENTO_OP_FIELDS_LIST) {
        put_row(fp, app_field_csv_head, APP_FIELD_CSV_COLS);
        for (size_t i = 0; i < r->fields.count; i++, n++) {
            app_field_csv_values(&r->fields.items[i], row);
            put_row(fp, row, APP_FIELD_CSV_COLS);
        }
        return n;
    }
    put_row(fp, app_tag_csv_head, APP_TAG_CSV_COLS);
    for (size_t i = 0; i < r->tags.count; i++) {
        if (!app_tag_csv_matches(&r->tags.items[i], filter))
            continue;
        app_tag_csv_values(&r->tags.items[i], row);
        put_row(fp, row, APP_TAG_CSV_COLS);
        n++;
    }
    return n;
}

/* NULL when path may be written, else why not: a link there is someone
 * else's intent or an attack, and opening a FIFO would block the console. */
static const char *refusal(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return NULL;
    if (S_ISLNK(st.st_mode))
        return "it is a symbolic link; not writing through it";
    return S_ISREG(st.st_mode) ? NULL : "it is not a regular file";
}

/* Into a 0600 temporary file beside path (mkstemp: O_EXCL, no links),
 * synced, then renamed over it: never half a CSV. Returns the number of
 * rows written, or -1 with errno set. */
static long write_csv(const char *path, const struct bento_result *r, const char *filter)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + sizeof ".XXXXXX");
    int fd = -1;
    if (tmp) {
        memcpy(tmp, path, len);
        memcpy(tmp + len, ".XXXXXX", sizeof ".XXXXXX");
        fd = mkstemp(tmp);
    }
    FILE *fp = fd < 0 ? NULL : fdopen(fd, "w");
    if (!fp) {
        int saved = tmp ? errno : ENOMEM;
        if (fd >= 0)
            close(fd), unlink(tmp);
        free(tmp);
        errno = saved;
        return -1;
    }
    long n = put_rows(fp, r, filter);
    int failed = ferror(fp) || fflush(fp) != 0 || fsync(fd) != 0, saved = errno;
    if (fclose(fp) != 0 && !failed)
        failed = 1, saved = errno;
    if (!failed && rename(tmp, path) != 0)
        failed = 1, saved = errno;
    if (failed)
        unlink(tmp);
    free(tmp);
    errno = saved;
    return failed ? -1 : n;
}

static void list_exported(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct list_export *x = ctx;
    const char *what = r->op == BENTO_OP_FIELDS_LIST ? "field" : "tag";
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not list them for the CSV", &r->err, r);
        return;
    }
    const char *why = refusal(x->path);
    if (why) {
        tui_flash(ui, true, "! Not writing %.200s: %s; choose another file", x->path, why);
        return;
    }
    long n = write_csv(x->path, r, x->filter);
    if (n < 0)
        tui_flash(ui, true, "! Could not write %.200s: %s; choose another file", x->path,
                  strerror(errno));
    else
        tui_flash(ui, false, "Wrote %ld %s%s to %.200s", n, what, n == 1 ? "" : "s", x->path);
}

/* Words: at most max_filter filter words, and --csv FILE or -o FILE. */
static bool export_words(struct tui *ui, int argc, char **argv, int max_filter, const char *usage,
                         const char **filter, const char **path)
{
    for (int i = 0; i < argc; i++) {
        bool file_opt = !strcmp(argv[i], "--csv") || !strcmp(argv[i], "-o");
        if (file_opt && i + 1 < argc && argv[i + 1][0] != '-') {
            *path = argv[++i];
        } else if (!strcmp(argv[i], "--csv")) {
            continue; /* with -o FILE after it */
        } else if (argv[i][0] == '-' || *filter || !max_filter) {
            tui_flash(ui, true, "! Usage: %s", usage);
            return false;
        } else {
            *filter = argv[i];
        }
    }
    if (!*path)
        tui_flash(ui, true, "! The console writes the CSV to a file: %s", usage);
    return *path != NULL;
}

static void export(struct tui *ui, struct bento_request *req, const char *filter, const char *path)
{
    struct list_export *x = calloc(1, sizeof *x);
    if (x) {
        x->path = strdup(path);
        x->filter = filter ? strdup(filter) : NULL;
    }
    if (!x || !x->path || (filter && !x->filter)) {
        export_free(x);
        bento_request_free(req);
        tui_flash(ui, true, "! Out of memory");
        return;
    }
    tui_post_owned(ui, req, list_exported, x, export_free);
}

void tui_tags_export(struct tui *ui, int argc, char **argv)
{
    const char *filter = NULL, *path = NULL;
    if (export_words(ui, argc, argv, 1, ":tags list [FILTER] --csv FILE", &filter, &path))
        export(ui, bento_request_tags_list(), filter, path);
}

void tui_fields_export(struct tui *ui, int argc, char **argv)
{
    const char *filter = NULL, *path = NULL;
    if (export_words(ui, argc, argv, 0, ":fields list --csv FILE", &filter, &path))
        export(ui, bento_request_fields_list(), NULL, path);
}
