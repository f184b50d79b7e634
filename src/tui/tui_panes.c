/* The pane table's rows, expanded from TUI_PANES, and the calls that go
 * through it. */
#include "app/actions.h"
#include "tui/tui.h"

#define TUI_PANE_ROW(pid, pkey, ptitle, phelp, pbit, pops) \
    [pid] = {.id = pid, .key = pkey, .title = ptitle, .help = phelp, .bit = pbit, .ops = &pops},
const struct tui_pane_info tui_panes[TP__COUNT] = {TUI_PANES(TUI_PANE_ROW)};
#undef TUI_PANE_ROW

const struct tui_pane_ops *tui_pane_ops(const struct tui *ui)
{
    return tui_panes[ui->pane].ops;
}

void tui_show_pane(struct tui *ui, enum tui_pane pane)
{
    ui->pane = pane;
    ui->overlay = OV_NONE;
    ui->dirty = true;
    if (tui_panes[pane].ops->open)
        tui_panes[pane].ops->open(ui);
}

int tui_panes_init(struct tui *ui)
{
    for (int i = 0; i < TP__COUNT; i++) {
        if (tui_panes[i].ops->init && tui_panes[i].ops->init(ui) < 0) {
            tui_panes_free(ui);
            return -1;
        }
    }
    return 0;
}

void tui_panes_free(struct tui *ui)
{
    for (int i = 0; i < TP__COUNT; i++)
        if (tui_panes[i].ops->free)
            tui_panes[i].ops->free(ui);
}
