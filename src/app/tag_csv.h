/* The columns of `tags list --csv`, for the command line's standard
 * output and the console's `:tags list --csv FILE`: the same file from
 * both, which `subscribers import` and a spreadsheet read back. */
#ifndef BENTO_APP_TAG_CSV_H
#define BENTO_APP_TAG_CSV_H

#include <stdbool.h>

struct bento_tag;

#define APP_TAG_CSV_COLS 4

extern const char *const app_tag_csv_head[APP_TAG_CSV_COLS];

/* One tag's values in the columns' order (NULL: empty); they point into t. */
void app_tag_csv_values(const struct bento_tag *t, const char *values[APP_TAG_CSV_COLS]);

/* Whether the tag's name holds filter, case ignored (NULL: every tag). */
bool app_tag_csv_matches(const struct bento_tag *t, const char *filter);

#endif
