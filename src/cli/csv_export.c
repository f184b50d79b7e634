#include "cli/csv_export.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bento/csvout.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "cli/output.h"

int csv_export_words(struct app *app, int argc, char **argv, int max_plain, const char **plain,
                     bool *csv)
{
    int plain_count = 0;
    bool dashes = false;
    *csv = false;
    *plain = NULL;
    for (int i = 0; i < argc; i++) {
        if (!dashes && !strcmp(argv[i], "--")) {
            dashes = true;
        } else if (!dashes && !strcmp(argv[i], "--csv")) {
            *csv = true;
        } else if (!dashes && argv[i][0] == '-' && argv[i][1]) {
            return out_usage(app, "Unknown option %s", argv[i]);
        } else if (plain_count++ < max_plain) {
            *plain = argv[i];
        } else {
            return out_usage(app, "Too many arguments");
        }
    }
    if (*csv && app->json)
        return out_usage(app, "--csv and --json exclude each other");
    return -1;
}

void csv_export_row(struct app *app, const char *const *values, int n)
{
    bool tty = isatty(fileno(app->out));
    for (int i = 0; i < n; i++) {
        char *safe = tty && values[i] ? bento_sanitize_dup(values[i]) : NULL;
        bento_csv_str(app->out, safe ? safe : values[i], i == 0);
        free(safe);
    }
    bento_csv_end(app->out);
}
