#define _GNU_SOURCE /* strcasestr */
/* The columns of the tags and fields exports, shared by both front ends. */
#include "app/list_csv.h"

#include <string.h>

#include "bento/model.h"

const char *const app_tag_csv_head[APP_TAG_CSV_COLS] = {"name", "id", "created_at", "discarded_at"};

void app_tag_csv_values(const struct bento_tag *t, const char *values[APP_TAG_CSV_COLS])
{
    values[0] = t->name;
    values[1] = t->id;
    values[2] = t->created_at;
    values[3] = t->discarded_at;
}

bool app_tag_csv_matches(const struct bento_tag *t, const char *filter)
{
    return !filter || (t->name && strcasestr(t->name, filter));
}

const char *const app_field_csv_head[APP_FIELD_CSV_COLS] = {"key", "name", "id", "created_at"};

void app_field_csv_values(const struct bento_field *f, const char *values[APP_FIELD_CSV_COLS])
{
    values[0] = f->key;
    values[1] = f->name;
    values[2] = f->id;
    values[3] = f->created_at;
}
