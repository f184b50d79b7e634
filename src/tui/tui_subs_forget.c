/* x or Delete in the Subscribers pane: drop a person from the console's
 * list (the local cache). Nothing is sent: Bento keeps them. */
#include <stdlib.h>
#include <string.h>

#include "bento/email.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

static struct bento_cached_sub *whom(struct tui *ui, int argc, char **argv)
{
    struct subs_pane *p = ui->subs;
    if (!argc) {
        struct bento_cached_sub *e = subs_selected(ui);
        if (!e && p->search_mode && p->sel < p->result_count)
            tui_flash(ui, true, "! %.200s is not in this console's list: nothing to remove.",
                      p->results[p->sel].email ? p->results[p->sel].email : "This person");
        else if (!e)
            tui_flash(ui, true, "! Select a person in the list first: x removes them from it.");
        return e;
    }
    char key[256];
    snprintf(key, sizeof key, "%s", argv[0]);
    bento_email_normalize(key);
    struct bento_cached_sub *e = bento_subcache_find(&p->cache, key);
    if (!e)
        tui_flash(ui, true, "! %.200s is not in this console's list: nothing to remove.", key);
    return e;
}

void tui_cmd_subs_forget(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_SUBSCRIBERS);
    subs_open_cache(ui);
    struct bento_cached_sub *e = whom(ui, argc, argv);
    if (!e)
        return;
    free(ui->confirm_name);
    ui->confirm_name = strdup(e->email);
    if (!ui->confirm_name) {
        tui_flash(ui, true, "! Out of memory");
        return;
    }
    char msg[400];
    snprintf(msg, sizeof msg, "Remove %.200s from this console's list? (Bento keeps them)",
             e->email);
    confirm_ask(ui, CF_SUBS_FORGET, msg);
}

/* The selection stays on the same row (the next person moves up into it;
 * the list's drawing clamps it past the end). */
void subs_forget_confirmed(struct tui *ui, bool yes)
{
    struct subs_pane *p = ui->subs;
    const char *email = ui->confirm_name;
    struct bento_cached_sub *e = email ? bento_subcache_find(&p->cache, email) : NULL;
    if (!yes || !e) {
        tui_flash(ui, false, "Kept %.200s in the list.", email ? email : "them");
        return;
    }
    bento_subcache_remove(&p->cache, e);
    p->detail = false;
    subs_save(ui);
    tui_flash(ui, false, "Removed %.200s from this console's list; l looks them up again.", email);
}
