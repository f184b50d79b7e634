/* Template editing in the console (see tui_template_edit.h). */
#include "tui/tui_template_edit.h"

#include "tui/tui.h"

void tui_template_edit(struct tui *ui, const char *template_id)
{
    (void)template_id;
    tui_flash(ui, true,
              "Editing templates in the console is not available yet: use "
              "`bento-console templates edit ID`.");
}

void tui_template_history(struct tui *ui, const char *template_id)
{
    (void)template_id;
    tui_flash(ui, true,
              "Template history in the console is not available yet: use "
              "`bento-console templates history ID`.");
}
