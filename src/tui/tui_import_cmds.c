/* The console's import commands: `:subscribers import FILE`, `:events
 * import FILE`, `:import subscribers|events FILE` and `:import cancel`,
 * with --strict and --restart as on the command line; `I` in the
 * Subscribers pane asks for the file. */
#include <string.h>

#include "tui/tui.h"

static void start(struct tui *ui, enum bento_import_kind kind, int argc, char **argv)
{
    const char *path = NULL;
    bool strict = false, restart = false;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--strict"))
            strict = true;
        else if (!strcmp(argv[i], "--restart"))
            restart = true;
        else if (argv[i][0] == '-') {
            tui_flash(ui, true, "! In the console, import takes FILE, --strict and --restart.");
            return;
        } else if (path) {
            tui_flash(ui, true, "! One file at a time.");
            return;
        } else
            path = argv[i];
    }
    if (!path) {
        tui_flash(ui, true, "! Which file? e.g. :%s import people.csv",
                  kind == BENTO_IMPORT_EVENTS ? "events" : "subscribers");
        return;
    }
    tui_import_start(ui, kind, path, strict, restart);
}

void tui_cmd_subs_import(struct tui *ui, int argc, char **argv)
{
    if (argc == 0) {
        ui->pane = TP_SUBSCRIBERS;
        subs_begin(ui, SA_IMPORT, 0, NULL);
        return;
    }
    start(ui, BENTO_IMPORT_SUBSCRIBERS, argc, argv);
}

void tui_cmd_events_import(struct tui *ui, int argc, char **argv)
{
    start(ui, BENTO_IMPORT_EVENTS, argc, argv);
}

void tui_cmd_import(struct tui *ui, int argc, char **argv)
{
    if (argc == 1 && !strcmp(argv[0], "cancel"))
        tui_import_cancel(ui);
    else if (argc >= 1 && !strcmp(argv[0], "subscribers"))
        start(ui, BENTO_IMPORT_SUBSCRIBERS, argc - 1, argv + 1);
    else if (argc >= 1 && !strcmp(argv[0], "events"))
        start(ui, BENTO_IMPORT_EVENTS, argc - 1, argv + 1);
    else
        tui_flash(ui, true,
                  "! Usage: :import subscribers|events FILE [--strict] [--restart], "
                  "or :import cancel");
}
