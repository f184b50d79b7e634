/* Console handlers of the Subscribers pane named in the action table.
 * From a key they ask for what they need; from the `:` line the words
 * answer the questions in order. */
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

void tui_cmd_subs_get(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_SUBSCRIBERS);
    if (argc)
        subs_lookup(ui, argv[0]);
    else
        prompt_open(ui, PR_LOOKUP, "");
}

void tui_cmd_subs_refresh(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_SUBSCRIBERS);
    struct subs_pane *p = ui->subs;
    if (p->search_mode && !p->detail) {
        subs_search_start(ui, p->search_query);
        return;
    }
    struct bento_cached_sub *e = subs_selected(ui);
    if (!e) {
        tui_flash(ui, true, "! Nobody to refresh: l looks a person up.");
        return;
    }
    subs_lookup(ui, e->email);
}

/* Enter: a search result goes into the cache as it came; then details. */
void subs_open_selected(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (p->search_mode && p->sel < p->result_count) {
        const struct bento_subscriber *s = &p->results[p->sel];
        struct bento_cached_sub *e = bento_subcache_touch(&p->cache, s->email);
        if (e) {
            subs_record_found(ui, e, s, NULL);
            subs_save(ui);
        }
    }
    if (subs_selected(ui)) {
        p->detail = true;
        p->detail_top = 0;
    }
}

#define BEGIN(name, action)                          \
    void name(struct tui *ui, int argc, char **argv) \
    {                                                \
        tui_show_pane(ui, TP_SUBSCRIBERS);           \
        subs_begin(ui, action, argc, argv);          \
    }

BEGIN(tui_cmd_subs_create, SA_CREATE)
BEGIN(tui_cmd_subs_tag, SA_TAG)
BEGIN(tui_cmd_subs_tag_via_event, SA_TAG_EVENT)
BEGIN(tui_cmd_subs_untag, SA_UNTAG)
BEGIN(tui_cmd_subs_set_field, SA_SET_FIELD)
BEGIN(tui_cmd_subs_unset_field, SA_UNSET_FIELD)
BEGIN(tui_cmd_subs_subscribe, SA_SUBSCRIBE)
BEGIN(tui_cmd_subs_unsubscribe, SA_UNSUBSCRIBE)
BEGIN(tui_cmd_subs_change_email, SA_CHANGE_EMAIL)
BEGIN(tui_cmd_events_track, SA_EVENT)
BEGIN(tui_cmd_subs_search, SA_SEARCH)

void tui_cmd_subs_validate(struct tui *ui, int argc, char **argv)
{
    tui_show_pane(ui, TP_SUBSCRIBERS);
    struct bento_cached_sub *e = subs_selected(ui);
    if (argc)
        subs_validate(ui, argv[0]);
    else if (e)
        subs_validate(ui, e->email);
    else
        tui_flash(ui, true, "! Select a person first, or type :subscribers validate EMAIL");
}

void tui_cmd_subs_next_page(struct tui *ui, int argc, char **argv)
{
    subs_search_page(ui, 1);
}

void tui_cmd_subs_prev_page(struct tui *ui, int argc, char **argv)
{
    subs_search_page(ui, -1);
}

void tui_cmd_fields_list(struct tui *ui, int argc, char **argv)
{
    struct subs_pane *p = ui->subs;
    if (argc) {
        tui_fields_export(ui, argc, argv);
        return;
    }
    p->fields_show = true;
    subs_load_fields(ui);
    if (!p->fields_running)
        p->fields_show = false;
}
