/* Console handlers of the Tags pane named in the action table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "tui/tui_tags_internal.h"

void tui_cmd_tags_delete(struct tui *ui, int argc, char **argv)
{
    const struct tag_row *r = argc ? tags_model_find(ui->tags, argv[0])
                                   : tags_model_selected(ui->tags);
    if (!r) {
        tui_flash(ui, true,
                  argc ? "! No tag named \"%.100s\" in the list (press r to refresh)."
                       : "! No tag selected.%s",
                  argc ? argv[0] : "");
        return;
    }
    free(ui->confirm_id);
    free(ui->confirm_name);
    ui->confirm_id = strdup(r->id);
    ui->confirm_name = strdup(r->raw_name);
    char msg[300];
    snprintf(msg, sizeof msg, "Delete tag \"%.120s\" (id %.40s)?", r->name, r->id);
    confirm_ask(ui, CF_DELETE, msg);
}

/* Another profile: its tags are not these. */
void tui_tags_forget(struct tui *ui)
{
    tags_model_free(ui->tags);
    ui->tags->loaded = false;
}
