/* Appending an email to a sequence from the Automations pane. */
#include <stdbool.h>

#include "tui/tui.h"
#include "tui/tui_automations_internal.h"

bool au_append_key(struct tui *ui, int key)
{
    (void)ui, (void)key;
    return false;
}

void au_append_draw(struct tui *ui, int y0, int rows)
{
    (void)ui, (void)y0, (void)rows;
}

void au_append_free(struct tui *ui)
{
    (void)ui;
}

void tui_cmd_automations_append(struct tui *ui, int argc, char **argv)
{
    (void)argc, (void)argv;
    tui_flash(ui, true, "! Not yet.");
}
