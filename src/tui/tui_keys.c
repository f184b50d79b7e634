/* Key dispatch: prompt, form and confirmation first, then overlays, list
 * movement, and finally the action table for the current pane. */
#include <curses.h>
#include <string.h>

#include "app/actions.h"
#include "tui/tui.h"
#include "tui/tui_script.h"
#include "tui/tui_template_edit.h"

/* The key as the action table spells it ("n", "Enter", "^L"). */
static const char *table_key_name(int key, char *buf)
{
    if (key == '\n' || key == '\r' || key == KEY_ENTER)
        return "Enter";
    if (key == KEY_DC)
        return "Del";
    if (key > 0 && key < 32) {
        buf[0] = '^';
        buf[1] = (char)(key + '@');
        buf[2] = 0;
        return buf;
    }
    if (key > 32 && key < 127) {
        buf[0] = (char)key;
        buf[1] = 0;
        return buf;
    }
    return NULL;
}

static bool pane_move(struct tui *ui, int key)
{
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    return ops->move_key && ops->move_key(ui, key);
}

#define DOUBLE_CLICK_MS 400

/* The last press on a list row, for double clicks (one console a process). */
static int click_y = -1;
static int64_t click_ms;

/* A press on a list row selects it; a second on the same row within
 * DOUBLE_CLICK_MS opens it, as Enter would. */
static void select_row(struct tui *ui, int y, int64_t now, bool twice)
{
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    if (y < TUI_LIST_Y || y >= TUI_LIST_Y + tui_list_rows() || !ops->click)
        return;
    ops->click(ui, (size_t)(y - TUI_LIST_Y));
    twice = twice || (y == click_y && now - click_ms <= DOUBLE_CLICK_MS);
    click_y = twice ? -1 : y;
    click_ms = now;
    if (twice && ops->open_selected)
        ops->open_selected(ui);
}

static void click(struct tui *ui, int y, int x, int64_t now, bool twice)
{
    if (y == 1 && x >= 0) {
        int tab = 0;
        while (tab < TP__COUNT && x >= tui_tab_x(tab + 1))
            tab++;
        if (tab < TP__COUNT) {
            ui->pane = (enum tui_pane)tab;
            ui->overlay = OV_NONE;
        }
        click_y = -1;
    } else if (!ui->overlay) {
        select_row(ui, y, now, twice);
    }
}

static void mouse_event(struct tui *ui)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (ev.bstate & BUTTON4_PRESSED) {
        for (int i = 0; i < 3; i++)
            ui->overlay ? text_key(ui, KEY_UP) : pane_move(ui, KEY_UP);
    } else if (ev.bstate & BUTTON5_PRESSED) {
        for (int i = 0; i < 3; i++)
            ui->overlay ? text_key(ui, KEY_DOWN) : pane_move(ui, KEY_DOWN);
    } else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED)) {
        click(ui, ev.y, ev.x, tui_now_ms(), ev.bstate & BUTTON1_DOUBLE_CLICKED);
    }
}

/* Returns false when there was nothing to leave. */
static bool back_out(struct tui *ui)
{
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    if (ops->back && ops->back(ui))
        return true;
    if (!ui->filter[ui->pane][0] || !ops->filter)
        return false;
    ui->filter[ui->pane][0] = 0;
    ops->filter(ui, "");
    return true;
}

void tui_handle_key(struct tui *ui, int key)
{
    if (key & TUI_KEY_RESIZE_FLAG) {
        tui_resize(ui, (key >> 12) & 0xfff, key & 0xfff);
        return;
    }
    if (key == KEY_RESIZE) {
        tui_resize(ui, 0, 0);
        return;
    }
    ui->dirty = true;
    if (ui->form) {
        form_key(ui, key);
        return;
    }
    if (ui->prompt_active) {
        prompt_key(ui, key);
        return;
    }
    if (ui->flash[0])
        tui_flash_clear(ui);
    if (ui->confirm) {
        confirm_key(ui, key);
        return;
    }
    if (ui->edit) {
        tui_edit_key(ui, key);
        return;
    }
    if (key == KEY_MOUSE) {
        mouse_event(ui);
        return;
    }
    if (key & TUI_KEY_CLICK_FLAG) {
        click(ui, (key >> 12) & 0xfff, key & 0xfff, script_click_ms(ui->script), false);
        return;
    }
    if (key == 'n' && subs_fields_shown(ui)) {
        prompt_open(ui, PR_COMMAND, "fields create ");
        return;
    }
    if (ui->overlay == OV_TEXT && tui_template_key(ui, key))
        return;
    if (ui->overlay && text_key(ui, key))
        return;
    const struct tui_pane_ops *ops = tui_pane_ops(ui);
    if (!ui->overlay && ops->key && ops->key(ui, key))
        return;
    if (!ui->overlay && pane_move(ui, key))
        return;
    if (key == 27) {
        /* with nothing to leave, Esc stops what is in flight or waiting on a 429 */
        if (!back_out(ui) && !ui->overlay)
            tui_cancel_requests(ui);
        return;
    }
    char buf[4];
    const char *name = table_key_name(key, buf);
    const struct action *a = name ? app_action_for_key(name, tui_panes[ui->pane].bit) : NULL;
    if (a)
        tui_handlers[a->id](ui, 0, NULL);
}
