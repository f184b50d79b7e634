/* `:tags list [FILTER] --csv FILE` (or -o FILE): the account's tags,
 * fetched afresh, written to FILE in the columns of the command line's
 * `tags list --csv` (app/tag_csv.h), which the console cannot print. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/csvout.h"
#include "app/tag_csv.h"
#include "tui/tui.h"

struct tags_export {
    char *path;
    char *filter; /* NULL: every tag */
};

static void export_free(void *ctx)
{
    struct tags_export *x = ctx;
    if (!x)
        return;
    free(x->path);
    free(x->filter);
    free(x);
}

/* Returns the number of tags written, or -1 with errno set. */
static long write_csv(const char *path, const struct bento_tag_list *l, const char *filter)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    long n = 0;
    for (int c = 0; c < APP_TAG_CSV_COLS; c++)
        bento_csv_str(fp, app_tag_csv_head[c], c == 0);
    bento_csv_end(fp);
    for (size_t i = 0; i < l->count; i++) {
        const char *row[APP_TAG_CSV_COLS];
        if (!app_tag_csv_matches(&l->items[i], filter))
            continue;
        app_tag_csv_values(&l->items[i], row);
        for (int c = 0; c < APP_TAG_CSV_COLS; c++)
            bento_csv_str(fp, row[c], c == 0);
        bento_csv_end(fp);
        n++;
    }
    int failed = ferror(fp), saved = errno;
    if (fclose(fp) != 0 || failed) {
        errno = failed ? saved : errno;
        return -1;
    }
    return n;
}

static void tags_exported(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct tags_export *x = ctx;
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not list the tags", &r->err, r);
        return;
    }
    long n = write_csv(x->path, &r->tags, x->filter);
    if (n < 0)
        tui_flash(ui, true, "! Could not write %.200s: %s; choose another file", x->path,
                  strerror(errno));
    else
        tui_flash(ui, false, "Wrote %ld tag%s to %.200s", n, n == 1 ? "" : "s", x->path);
}

/* Words: at most one filter, and --csv FILE or -o FILE. */
static bool export_words(struct tui *ui, int argc, char **argv, const char **filter,
                         const char **path)
{
    for (int i = 0; i < argc; i++) {
        bool file_opt = !strcmp(argv[i], "--csv") || !strcmp(argv[i], "-o");
        if (file_opt && i + 1 < argc && argv[i + 1][0] != '-') {
            *path = argv[++i];
        } else if (!strcmp(argv[i], "--csv")) {
            continue; /* with -o FILE after it */
        } else if (argv[i][0] == '-' || *filter) {
            tui_flash(ui, true, "! Usage: :tags list [FILTER] --csv FILE");
            return false;
        } else {
            *filter = argv[i];
        }
    }
    if (!*path)
        tui_flash(ui, true, "! The console writes the CSV to a file: :tags list --csv FILE");
    return *path != NULL;
}

void tui_tags_export(struct tui *ui, int argc, char **argv)
{
    const char *filter = NULL, *path = NULL;
    if (!export_words(ui, argc, argv, &filter, &path))
        return;
    struct tags_export *x = calloc(1, sizeof *x);
    if (x) {
        x->path = strdup(path);
        x->filter = filter ? strdup(filter) : NULL;
    }
    if (!x || !x->path || (filter && !x->filter)) {
        export_free(x);
        tui_flash(ui, true, "! Out of memory");
        return;
    }
    tui_post_owned(ui, bento_request_tags_list(), tags_exported, x, export_free);
}
