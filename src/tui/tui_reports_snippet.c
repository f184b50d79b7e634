/* The Bento.js snippet from the Reports pane: `s` shows it, `c` copies
 * it to the clipboard with OSC 52 (the same text `bento-console snippet
 * --identify` prints, from src/app/snippet.c). */
#include <stdlib.h>

#include "app/app.h"
#include "app/snippet.h"
#include "tui/tui.h"
#include "tui/tui_commands.h"
#include "tui/tui_curl.h"

/* The snippet for the profile's site, or NULL with the reason flashed. */
static char *snippet_or_say(struct tui *ui)
{
    const char *site = ui->app->profile.site_uuid;
    const char *problem = app_snippet_problem(site);
    if (problem) {
        tui_flash(ui, true, "! %s", problem);
        return NULL;
    }
    char *text = app_snippet_text(site, true);
    if (!text)
        tui_flash(ui, true, "! Out of memory writing the snippet.");
    return text;
}

void tui_cmd_reports_snippet(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    char *text = snippet_or_say(ui);
    if (!text)
        return;
    text_open(ui, "Bento.js for this site (c in the Reports pane copies it)");
    text_add_block(&ui->text, text, "");
    free(text);
}

void tui_cmd_reports_copy_snippet(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    char *text = snippet_or_say(ui);
    if (!text)
        return;
    if (tui_osc52_copy(text) < 0)
        tui_flash(ui, true,
                  "! Could not write the copy to the terminal: `bento-console snippet "
                  "--identify > snippet.html` writes it to a file.");
    else
        tui_flash(ui, false, "Copied the Bento.js snippet (OSC 52: the terminal must allow it).");
    free(text);
}
