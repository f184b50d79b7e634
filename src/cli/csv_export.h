/* `tags list --csv` and `fields list --csv`: RFC 4180 output of what the
 * list commands print, so the data can be edited and imported again. */
#ifndef BENTO_CLI_CSV_EXPORT_H
#define BENTO_CLI_CSV_EXPORT_H

#include <stdbool.h>

struct app;

/* Words of a list command: --csv and at most max_plain other words (the
 * first lands in *plain). Returns -1 to go on, else an exit code. */
int csv_export_words(struct app *app, int argc, char **argv, int max_plain, const char **plain,
                     bool *csv);

/* One record of n values (NULL = empty) on app->out. On a terminal the
 * values are made safe to show first. */
void csv_export_row(struct app *app, const char *const *values, int n);

#endif
