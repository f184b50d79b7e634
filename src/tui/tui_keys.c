/* Key dispatch: prompt, form and confirmation first, then overlays, list
 * movement, and finally the action table for the current pane. */
#include <curses.h>
#include <string.h>

#include "app/actions.h"
#include "tui/tui.h"
#include "tui/tui_script.h"

/* The key as the action table spells it ("n", "Enter", "^L"). */
static const char *table_key_name(int key, char *buf)
{
    if (key == '\n' || key == '\r' || key == KEY_ENTER)
        return "Enter";
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
    int rows = tui_list_rows();
    if (ui->pane == TP_TAGS)
        return list_move_key(&ui->tags.sel, &ui->tags.top, ui->tags.view_count, rows, key);
    if (ui->pane == TP_ACTIVITY)
        return list_move_key(&ui->act.sel, &ui->act.top, ui->act.view_count, rows, key);
    if (ui->pane == TP_SUBSCRIBERS)
        return subs_move_key(ui, key);
    return false;
}

static void select_row(struct tui *ui, int y)
{
    int first = 3; /* header, tabs, column titles */
    if (y < first || y >= first + tui_list_rows())
        return;
    size_t pos = (size_t)(y - first);
    if (ui->pane == TP_TAGS && ui->tags.top + pos < ui->tags.view_count)
        ui->tags.sel = ui->tags.top + pos;
    else if (ui->pane == TP_ACTIVITY && ui->act.top + pos < ui->act.view_count)
        ui->act.sel = ui->act.top + pos;
    else if (ui->pane == TP_SUBSCRIBERS && !ui->subs.detail)
        ui->subs.sel = ui->subs.top + pos; /* clamped when drawn */
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
    } else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
        if (ev.y == 1 && ev.x >= 0) {
            int tab = ev.x / 16; /* tabs are drawn 16 columns apart */
            if (tab < TP__COUNT) {
                ui->pane = (enum tui_pane)tab;
                ui->overlay = OV_NONE;
            }
        } else if (!ui->overlay) {
            select_row(ui, ev.y);
        }
    }
}

/* Returns false when there was nothing to leave. */
static bool back_out(struct tui *ui)
{
    if (ui->pane == TP_SUBSCRIBERS && subs_back(ui))
        return true;
    if (!ui->filter[ui->pane][0])
        return false;
    ui->filter[ui->pane][0] = 0;
    if (ui->pane == TP_TAGS)
        tags_model_filter(&ui->tags, "");
    else if (ui->pane == TP_ACTIVITY)
        activity_filter(&ui->act, "");
    else if (ui->pane == TP_SUBSCRIBERS)
        subs_filter(ui);
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
    if (key == KEY_MOUSE) {
        mouse_event(ui);
        return;
    }
    if (key == 'n' && subs_fields_shown(ui)) {
        prompt_open(ui, PR_COMMAND, "fields create ");
        return;
    }
    if (ui->overlay && text_key(ui, key))
        return;
    if (!ui->overlay && ui->pane == TP_COMPOSE && compose_key(ui, key))
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
    const struct action *a = name ? action_for_key(name, 1u << ui->pane) : NULL;
    if (a)
        tui_handlers[a->id](ui, 0, NULL);
}
