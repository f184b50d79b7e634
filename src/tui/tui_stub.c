/* Placeholder handlers so the tree links until the console lands. */
#include <stdio.h>

#include "cli/commands.h"
#include "tui/tui_commands.h"

#define STUB(name) \
    void name(struct tui *ui, int argc, char **argv) { (void)ui; (void)argc; (void)argv; }

STUB(tui_cmd_quit)
STUB(tui_cmd_help)
STUB(tui_cmd_doctor)
STUB(tui_cmd_pane_tags)
STUB(tui_cmd_pane_subscribers)
STUB(tui_cmd_pane_compose)
STUB(tui_cmd_pane_activity)
STUB(tui_cmd_tags_refresh)
STUB(tui_cmd_tags_create)
STUB(tui_cmd_tags_delete)
STUB(tui_cmd_fields_create)
STUB(tui_cmd_profile_use)
STUB(tui_cmd_filter)
STUB(tui_cmd_sort)
STUB(tui_cmd_open)
STUB(tui_cmd_errors)
STUB(tui_cmd_command_line)
STUB(tui_cmd_redraw)

/* Until the screen exists, show what the console would: the doctor's
 * checks and the tag list. */
int tui_run(struct app *app)
{
    int rc = cli_doctor(app, 0, NULL);
    return rc ? rc : cli_tags_list(app, 0, NULL);
}
