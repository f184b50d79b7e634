/* Marked rows of the Subscribers pane: Space marks the highlighted row of
 * whichever list is shown, kept by email so that marks survive the
 * filter, a refresh and turning search pages. A change asked while rows
 * are marked goes to all of them in one /fetch/commands request (the core
 * splits it into calls of 100), each person once. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bento/request.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

bool subs_is_marked(const struct subs_pane *p, const char *email)
{
    for (size_t i = 0; email && i < p->mark_count; i++)
        if (!strcasecmp(p->marks[i], email))
            return true;
    return false;
}

void subs_marks_clear(struct subs_pane *p)
{
    for (size_t i = 0; i < p->mark_count; i++)
        free(p->marks[i]);
    free(p->marks);
    p->marks = NULL;
    p->mark_count = 0;
}

bool subs_marks_back(struct tui *ui)
{
    size_t n = ui->subs->mark_count;
    if (!n)
        return false;
    subs_marks_clear(ui->subs);
    tui_flash(ui, false, "Cleared %zu mark%s.", n, n == 1 ? "" : "s");
    return true;
}

void subs_marks_label(const struct subs_pane *p, char *buf, size_t size)
{
    if (p->mark_count)
        snprintf(buf, size, "%zu marked, ", p->mark_count);
    else if (size)
        buf[0] = '\0';
}

/* The email of the highlighted row, without adding it to the cache. */
static const char *row_email(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (p->search_mode)
        return p->sel < p->result_count ? p->results[p->sel].email : NULL;
    subs_filter(ui);
    return p->sel < p->view_count ? p->cache.items[p->view[p->sel]].email : NULL;
}

static void toggle(struct subs_pane *p, const char *email)
{
    for (size_t i = 0; i < p->mark_count; i++) {
        if (strcasecmp(p->marks[i], email) != 0)
            continue;
        free(p->marks[i]);
        p->marks[i] = p->marks[--p->mark_count];
        return;
    }
    char **grown = realloc(p->marks, (p->mark_count + 1) * sizeof *grown);
    char *copy = strdup(email);
    if (grown)
        p->marks = grown;
    if (!grown || !copy) {
        free(copy);
        return;
    }
    p->marks[p->mark_count++] = copy;
}

/* Space: mark or unmark the highlighted row and step to the next. */
bool subs_marks_key(struct tui *ui, int key)
{
    struct subs_pane *p = ui->subs;
    if (key != ' ' || p->detail)
        return false;
    const char *email = row_email(ui);
    if (!email) {
        tui_flash(ui, false, "Nobody to mark here: l looks a person up, s searches.");
        return true;
    }
    toggle(p, email);
    subs_move_key(ui, KEY_DOWN);
    if (p->mark_count)
        tui_flash(ui, false, "%zu marked: t, T, u, f, F, S and U act on them all; Esc clears.",
                  p->mark_count);
    else
        tui_flash(ui, false, "No rows marked.");
    return true;
}

/* Whom a request for the marked people is about. */
struct bulk_ticket {
    char **emails;
    size_t count;
    enum bento_change_kind kind;
    char *key, *value;
};

static void bulk_free(void *ctx)
{
    struct bulk_ticket *t = ctx;
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++)
        free(t->emails[i]);
    free(t->emails);
    free(t->key);
    free(t->value);
    free(t);
}

static struct bulk_ticket *bulk_new(const struct subs_pane *p, enum bento_change_kind kind,
                                    const char *key, const char *value)
{
    struct bulk_ticket *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->kind = kind;
    t->key = key ? strdup(key) : NULL;
    t->value = value ? strdup(value) : NULL;
    t->emails = calloc(p->mark_count + 1, sizeof *t->emails);
    for (size_t i = 0; t->emails && i < p->mark_count; i++)
        if ((t->emails[t->count] = strdup(p->marks[i])))
            t->count++;
    if (!t->emails || t->count != p->mark_count || (key && !t->key) || (value && !t->value)) {
        bulk_free(t);
        return NULL;
    }
    return t;
}

static void describe(const struct bulk_ticket *t, char *what, size_t size)
{
    struct bento_change ch = {t->kind, t->key, t->value, 0};
    bento_change_describe(&ch, what, size);
}

/* Bento's answer counts the changes it queued and refused, not whose:
 * only when none was refused are they all noted as pending. */
static void bulk_sent(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct bulk_ticket *t = ctx;
    const struct bento_batch_counts *c = &r->counts;
    char what[400], msg[600];
    describe(t, what, sizeof what);
    if (r->err.kind != BENTO_OK) {
        snprintf(msg, sizeof msg, "Could not %s for %zu people (%zu of %zu calls went through)",
                 what, t->count, c->parts_done, c->parts_total);
        tui_report_error(ui, msg, &r->err, r);
        return;
    }
    if (c->failed > 0) {
        tui_flash(ui, true,
                  "! %s for %zu people: %ld queued, %ld refused by Bento (it does not say "
                  "whose); the marks stay.",
                  what, t->count, c->results, c->failed);
        return;
    }
    for (size_t i = 0; i < t->count; i++) {
        struct bento_cached_sub *e = subs_remember(ui, t->emails[i]);
        if (e)
            bento_subcache_add_change(e, t->kind, t->key, t->value, (int64_t)time(NULL));
    }
    subs_marks_clear(ui->subs);
    subs_save(ui);
    tui_flash(ui, false,
              "Sent: %s for %zu people: %ld queued, %ld refused. Pending until Bento "
              "shows it (r refreshes).",
              what, t->count, c->results, c->failed);
}

void subs_marks_send(struct tui *ui, const struct subs_ask *a, enum bento_change_kind kind)
{
    bool has_value = kind == BENTO_CH_SET_FIELD;
    const char *key = a->key[0] ? a->key : NULL;
    struct bulk_ticket *t = bulk_new(ui->subs, kind, key, has_value ? a->value : NULL);
    cJSON *list = t ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; list && i < t->count; i++)
        cJSON_AddItemToArray(
            list, bento_change_command(kind, t->emails[i], key, has_value ? a->value : NULL));
    struct bento_request *req = list ? bento_request_commands(list) : NULL;
    cJSON_Delete(list);
    if (!req) {
        bulk_free(t);
        tui_flash(ui, true, "! Out of memory: nothing sent.");
        return;
    }
    tui_post_owned(ui, req, bulk_sent, t, bulk_free);
}
