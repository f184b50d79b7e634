/* Walking the file record by record, each mapped to what Bento takes (or
 * refused, with the reason). Both passes walk the same way, so the calls
 * the check pass counts are the calls the send pass makes. */
#include "import_internal.h"

#include <stdlib.h>
#include <string.h>

/* Room kept for {"subscribers":[ ... ]} around the records. */
#define BODY_WRAPPER 32

bool import_fits(const struct bento_import *im, size_t n, size_t bytes, size_t len)
{
    if (n >= im->batch_size)
        return false;
    return n == 0 || bytes + 1 + len + BODY_WRAPPER <= BENTO_IMPORT_BODY_MAX;
}

static void item_clear(struct import_item *it)
{
    cJSON_Delete(it->record);
    free(it->json);
    it->record = NULL;
    it->json = NULL;
    it->json_len = 0;
    it->bad = false;
    it->duplicate = false;
    memset(&it->why, 0, sizeof it->why);
}

int import_walk_seek(struct bento_import *im, const struct import_cursor *c)
{
    if (!c)
        c = &im->data;
    int rc = im->jsonl ? import_jsonl_seek(im->jsonl_reader, c->offset, c->line)
                       : import_csv_seek(im->csv, c->offset, c->line);
    im->cur = *c;
    item_clear(&im->item);
    return rc;
}

static int read_record(struct bento_import *im, struct import_row *row, struct bento_error *err)
{
    return im->jsonl ? import_jsonl_next(im->jsonl_reader, row, err)
                     : import_csv_next(im->csv, row, err);
}

static int map_record(struct bento_import *im, const struct import_row *row)
{
    struct import_item *it = &im->item;
    if (im->jsonl)
        return import_map_event_json(row, im->id.file_id, &it->record, &it->why);
    if (im->kind == BENTO_IMPORT_EVENTS)
        return import_map_event_csv(&im->header, row, im->id.file_id, &it->record, &it->why);
    return import_map_subscriber(&im->header, row, &it->record, &it->why);
}

/* 1 when the record repeats an earlier one's key (then refused), 0 when
 * not, -1 out of memory. */
static int refuse_duplicate(struct bento_import *im, const struct import_row *row)
{
    struct import_item *it = &im->item;
    char buf[32];
    const char *key = import_record_key(im->kind, it->record, buf, sizeof buf);
    long first = 0;
    if (key && im->dupes_at) {
        pthread_mutex_lock(im->dupes_lock);
        first = import_dupes_first(im->dupes_at, key, row->line);
        pthread_mutex_unlock(im->dupes_lock);
    } else if (key) {
        first = import_dupes_first(&im->dupes, key, row->line);
    }
    if (first <= 0)
        return first < 0 ? -1 : 0;
    const char *column = im->kind == BENTO_IMPORT_EVENTS
                             ? "details"
                             : im->header.cols[import_column_of(&im->header, ROLE_EMAIL)].name;
    cJSON_Delete(it->record);
    it->record = NULL;
    it->duplicate = true;
    return import_bad(&it->why, column, "duplicate of line %ld, which is kept", first);
}

int import_walk_next(struct bento_import *im, struct bento_error *err)
{
    struct import_row *row = &im->row;
    struct import_item *it = &im->item;
    item_clear(it);
    int rc = read_record(im, row, err);
    if (rc <= 0)
        return rc;
    it->before = im->cur;
    it->line = row->line;
    it->row = row;
    im->cur = (struct import_cursor){row->end, row->end_line, im->cur.rows + 1};
    it->after = im->cur;
    rc = map_record(im, row);
    if (rc == 0)
        rc = refuse_duplicate(im, row);
    if (rc < 0) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory at line %zu", row->line);
        return -1;
    }
    if (rc > 0) {
        it->bad = true;
        return 1;
    }
    it->json = cJSON_PrintUnformatted(it->record);
    if (!it->json) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory at line %zu", row->line);
        return -1;
    }
    it->json_len = strlen(it->json);
    return 1;
}
