/* The reject file: each bad row with its line, the column at fault and
 * the reason, then the row as it was (CSV fields, or the JSONL line), so
 * it can be fixed and imported on its own. */
#include "import_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bento/csvout.h"
#include "bento/sanitize.h"

struct import_rejects {
    FILE *f;
    char *path;            /* made safe for messages */
};

struct import_rejects *import_rejects_open(const char *path, const struct import_row *header_row,
                                           struct bento_error *err)
{
    struct import_rejects *r = calloc(1, sizeof *r);
    if (!r || !(r->path = bento_sanitize_dup(path))) {
        free(r);
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory opening the reject file");
        return NULL;
    }
    r->f = fopen(path, "w");
    if (!r->f) {
        bento_error_set(err, BENTO_E_IO, "Cannot write the reject file %.200s: %s", r->path,
                        strerror(errno));
        free(r->path);
        free(r);
        return NULL;
    }
    bento_csv_str(r->f, "line", true);
    bento_csv_str(r->f, "column", false);
    bento_csv_str(r->f, "reason", false);
    if (header_row) {
        for (size_t i = 0; i < header_row->nfields; i++)
            bento_csv_field(r->f, header_row->field[i], header_row->len[i], false);
    } else {
        bento_csv_str(r->f, "record", false);
    }
    bento_csv_end(r->f);
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

int import_rejects_close(struct import_rejects *r, struct bento_error *err)
{
    int rc = 0;
    if (!r)
        return 0;
    if (ferror(r->f) | fclose(r->f)) {
        bento_error_set(err, BENTO_E_IO, "Could not write the reject file %.200s: %s", r->path,
                        strerror(errno));
        rc = -1;
    }
    free(r->path);
    free(r);
    return rc;
}
