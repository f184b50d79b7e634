/* The columns of `tags list --csv` and `fields list --csv`, for the
 * command line's standard output and the console's `--csv FILE`: the
 * same file from both, for a spreadsheet to read back. */
#ifndef BENTO_APP_LIST_CSV_H
#define BENTO_APP_LIST_CSV_H

#include <stdbool.h>

struct bento_tag;
struct bento_field;

#define APP_TAG_CSV_COLS 4

extern const char *const app_tag_csv_head[APP_TAG_CSV_COLS];

/* One tag's values in the columns' order (NULL: empty); they point into t. */
void app_tag_csv_values(const struct bento_tag *t, const char *values[APP_TAG_CSV_COLS]);

/* Whether the tag's name holds filter, case ignored (NULL: every tag). */
bool app_tag_csv_matches(const struct bento_tag *t, const char *filter);

#define APP_FIELD_CSV_COLS 4

extern const char *const app_field_csv_head[APP_FIELD_CSV_COLS];

/* One field's values in the columns' order (NULL: empty). */
void app_field_csv_values(const struct bento_field *f, const char *values[APP_FIELD_CSV_COLS]);

#endif
