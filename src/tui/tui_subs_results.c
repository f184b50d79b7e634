/* Results of the Subscribers pane's requests. A change Bento accepted is
 * shown as pending; only a later lookup that shows it makes it settled. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/request.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

struct subs_ticket *subs_ticket_new(const char *email, const char *key, int kind, const char *value)
{
    struct subs_ticket *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    snprintf(t->email, sizeof t->email, "%s", email ? email : "");
    snprintf(t->key, sizeof t->key, "%s", key ? key : "");
    t->kind = kind;
    t->value = value ? strdup(value) : NULL;
    return t;
}

void subs_ticket_free(void *ticket)
{
    struct subs_ticket *t = ticket;
    if (t)
        free(t->value);
    free(t);
}

static const char *name_from_list(const char *id, void *ui)
{
    return subs_tag_name(ui, id);
}

static void say_applied(struct tui *ui, const cJSON *applied, const struct bento_cached_sub *e)
{
    char list[400] = "";
    const cJSON *it;
    cJSON_ArrayForEach(it, applied)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                 it->valuestring);
    if (list[0])
        tui_flash(ui, false, "Bento now shows: %s", list);
    else if (e->pending_count)
        tui_flash(ui, false, "%zu change%s still pending at Bento; refresh (r) again later.",
                  e->pending_count, e->pending_count == 1 ? "" : "s");
    else
        tui_flash(ui, false, "Fetched %s", e->email);
}

/* Record what Bento reported for e, with its tags by name. */
void subs_record_found(struct tui *ui, struct bento_cached_sub *e, const struct bento_subscriber *s,
                       cJSON *applied)
{
    bool unknown = bento_subcache_record_named(e, s, name_from_list, ui, (int64_t)time(NULL),
                                               applied);
    if (unknown && !ui->tags_list_running)
        tui_refresh_tags(ui); /* a tag newer than our list: names follow */
}

/* Store a lookup's answer for the person and select them. */
static struct bento_cached_sub *remember(struct tui *ui, const struct subs_ticket *t,
                                         const struct bento_subscriber *s, cJSON *applied)
{
    struct bento_cached_sub *e = bento_subcache_entry_for(&ui->subs->cache, s,
                                                          t->email[0] ? t->email : t->key);
    if (!e)
        return NULL;
    subs_record_found(ui, e, s, applied);
    subs_select_first(ui);
    return e;
}

void subs_looked_up(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct subs_ticket *t = ctx;
    struct subs_pane *p = ui->subs;
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not look up the subscriber", &r->err, r);
        return;
    }
    if (!r->subscriber.found) {
        struct bento_cached_sub *e = bento_subcache_find(&p->cache,
                                                         t->email[0] ? t->email : t->key);
        if (e) {
            bento_subcache_record(e, &r->subscriber, NULL, 0, (int64_t)time(NULL), NULL);
            subs_save(ui);
        }
        tui_flash(ui, true, "! No subscriber %s in this account.", t->key);
        return;
    }
    cJSON *applied = cJSON_CreateArray();
    struct bento_cached_sub *e = remember(ui, t, &r->subscriber, applied);
    if (e) {
        p->detail = true;
        p->detail_top = 0;
        say_applied(ui, applied, e);
        subs_save(ui);
    }
    cJSON_Delete(applied);
}

/* Tags arrived: put names on ids that had none. */
void subs_resolve_all(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    for (size_t i = 0; i < p->cache.count; i++) {
        struct bento_cached_sub *e = &p->cache.items[i];
        bool had_unknown = false;
        for (size_t k = 0; k < e->tag_name_count; k++)
            had_unknown |= e->tag_names[k][0] == '#';
        if (!e->found || !had_unknown)
            continue;
        cJSON *applied = cJSON_CreateArray();
        bento_subcache_record_named(e, &e->sub, name_from_list, ui, e->fetched_at, applied);
        if (cJSON_GetArraySize(applied))
            say_applied(ui, applied, e);
        cJSON_Delete(applied);
    }
}

void subs_command_sent(struct tui *ui, struct bento_result *r, void *ticket)
{
    struct subs_ticket *t = ticket;
    struct bento_change ch = {(enum bento_change_kind)t->kind, t->key, t->value, 0};
    char what[400];
    bento_change_describe(&ch, what, sizeof what);
    if (r->err.kind != BENTO_OK) {
        char ctx[450];
        snprintf(ctx, sizeof ctx, "Could not %s", what);
        tui_report_error(ui, ctx, &r->err, r);
        return;
    }
    if (r->counts.failed > 0) {
        tui_flash(ui, true, "! Bento refused to %s for %s.", what, t->email);
        return;
    }
    struct bento_cached_sub *e = bento_subcache_touch(&ui->subs->cache, t->email);
    if (e)
        bento_subcache_add_change(e, ch.kind, t->key[0] ? t->key : NULL, t->value,
                                  (int64_t)time(NULL));
    if (!ui->subs->search_mode)
        subs_select_first(ui); /* search results keep their place */
    subs_save(ui);
    tui_flash(ui, false, "Sent: %s. Pending until Bento shows it (r refreshes).", what);
}

void subs_created(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct subs_ticket *t = ctx;
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not create the subscriber", &r->err, r);
        return;
    }
    if (r->subscriber.found) {
        if (remember(ui, t, &r->subscriber, NULL)) {
            ui->subs->detail = true;
            tui_flash(ui, false, "Created %s", t->key);
        }
    } else {
        struct bento_cached_sub *e = bento_subcache_touch(&ui->subs->cache, t->key);
        if (e)
            bento_subcache_add_change(e, BENTO_CH_CREATE, NULL, NULL, (int64_t)time(NULL));
        subs_select_first(ui);
        tui_flash(ui, false, "Sent: create %s. Pending until Bento shows it (r refreshes).",
                  t->key);
    }
    subs_save(ui);
}

void subs_event_tracked(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct subs_ticket *t = ctx;
    if (r->err.kind != BENTO_OK)
        tui_report_error(ui, "Could not track the event", &r->err, r);
    else if (r->counts.failed > 0)
        tui_flash(ui, true, "! Bento refused the event \"%s\" for %s.", t->key, t->email);
    else
        tui_flash(ui, false, "Event \"%s\" accepted for %s (automations may run).", t->key,
                  t->email);
}

void subs_validated(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct subs_ticket *t = ctx;
    struct subs_pane *p = ui->subs;
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not validate the address", &r->err, r);
        return;
    }
    const struct bento_validation *v = &r->validation;
    char reasons[200] = "";
    for (size_t i = 0; i < v->reason_count; i++)
        snprintf(reasons + strlen(reasons), sizeof reasons - strlen(reasons), "%s%s",
                 i ? "; " : " (", v->reasons[i]);
    if (reasons[0])
        snprintf(reasons + strlen(reasons), sizeof reasons - strlen(reasons), ")");
    snprintf(p->validation_email, sizeof p->validation_email, "%s", t->email);
    char raw[sizeof p->validation];
    bool valid = v->verdict == BENTO_VERDICT_VALID;
    snprintf(raw, sizeof raw, "%s by Bento's check%s",
             v->verdict == BENTO_VERDICT_NONE ? "no verdict"
             : valid                          ? "valid"
                                              : "not valid",
             reasons);
    bento_sanitize_line(raw, strlen(raw), p->validation, sizeof p->validation);
    tui_flash(ui, !valid, "%s%s: %s", valid ? "" : "! ", t->email, p->validation);
}

void subs_fields_listed(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct subs_pane *p = ui->subs;
    p->fields_running = false;
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not load the custom fields", &r->err, r);
        p->fields_show = false;
        return;
    }
    for (size_t i = 0; i < p->field_count; i++)
        free(p->field_keys[i]);
    free(p->field_keys);
    p->field_keys = calloc(r->fields.count + 1, sizeof *p->field_keys);
    p->field_count = 0;
    for (size_t i = 0; p->field_keys && i < r->fields.count; i++)
        if (r->fields.items[i].key)
            p->field_keys[p->field_count++] = strdup(r->fields.items[i].key);
    p->fields_loaded = true;
    if (p->fields_show || subs_fields_shown(ui)) {
        p->fields_show = false;
        subs_fields_show(ui);
    }
}
