#define _GNU_SOURCE /* strcasestr */
/* The columns of a tags export, shared by both front ends. */
#include "app/tag_csv.h"

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
