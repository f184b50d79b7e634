/* The Subscribers pane's state: the local cache it lists, the selection,
 * lookups, and the small helpers its other files share. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bento/email.h"
#include "bento/request.h"
#include "app/app.h"
#include "app/subcache_note.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

void subs_open_cache(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    struct bento_error err;
    if (p->cache_loaded)
        return;
    p->cache_loaded = true;
    p->cache_path = app_subcache_path(ui->app);
    if (p->cache_path && bento_subcache_load(&p->cache, p->cache_path, &err) < 0)
        tui_flash(ui, true, "! The subscriber cache could not be read (%s); starting empty.",
                  err.message);
    subs_demo_open(ui);
}

void subs_save(struct tui *ui)
{
    struct bento_error err;
    struct subs_pane *p = ui->subs;
    if (p->cache_path && bento_subcache_save(&p->cache, p->cache_path, &err) < 0)
        tui_flash(ui, true, "! Could not save the subscriber cache: %s", err.message);
}

static void free_results(struct subs_pane *p)
{
    for (size_t i = 0; i < p->result_count; i++)
        bento_subscriber_free(&p->results[i]);
    free(p->results);
    p->results = NULL;
    p->result_count = 0;
}

static int subs_new(struct tui *ui)
{
    ui->subs = calloc(1, sizeof *ui->subs);
    if (ui->subs) {
        ui->subs->sort.col = -1;
        ui->subs->search_total = -1;
    }
    return ui->subs ? 0 : -1;
}

static void subs_free(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (!p)
        return;
    bento_subcache_free(&p->cache);
    free(p->cache_path);
    for (size_t i = 0; i < p->field_count; i++)
        free(p->field_keys[i]);
    free(p->field_keys);
    free_results(p);
    subs_marks_clear(p);
    free(p->view);
    free(p);
    ui->subs = NULL;
}

/* ASCII case-insensitive substring test. */
static bool contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return n == 0;
}

static bool matches(const struct bento_cached_sub *e, const char *text)
{
    if (contains(e->email, text))
        return true;
    for (size_t i = 0; i < e->tag_name_count; i++)
        if (contains(e->tag_names[i], text))
            return true;
    return false;
}

/* The cache entries the `/` filter lets through (a leading ! inverts:
 * email or a tag name contains the text). Rebuilt on every use: the
 * cache reorders as people are looked up, and it is small. */
void subs_filter(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    const char *f = ui->filter[TP_SUBSCRIBERS];
    bool invert = f[0] == '!';
    const char *text = invert ? f + 1 : f;
    size_t *grown = realloc(p->view, (p->cache.count + 1) * sizeof *grown);
    if (!grown)
        return;
    p->view = grown;
    p->view_count = 0;
    for (size_t i = 0; i < p->cache.count; i++)
        if (!text[0] || matches(&p->cache.items[i], text) != invert)
            p->view[p->view_count++] = i;
    subs_sort_view(p);
}

/* After a lookup or a change the person is first in the cache: clear the
 * filter so they are on screen, and select them (wherever the sort puts
 * them). */
void subs_select_first(struct tui *ui)
{
    ui->filter[TP_SUBSCRIBERS][0] = 0;
    ui->subs->sel = ui->subs->top = 0;
    ui->subs->search_mode = false;
    ui->subs->sel = subs_view_pos(ui, 0);
}

struct bento_cached_sub *subs_adopt_result(struct tui *ui, size_t pos)
{
    struct subs_pane *p = ui->subs;
    if (pos >= p->result_count || !p->results[pos].email)
        return NULL;
    const struct bento_subscriber *s = &p->results[pos];
    struct bento_cached_sub *e = bento_subcache_find(&p->cache, s->email);
    if (e)
        return e;
    e = bento_subcache_touch(&p->cache, s->email);
    if (e) {
        subs_record_found(ui, e, s, NULL);
        subs_save(ui);
    }
    return e;
}

struct bento_cached_sub *subs_remember(struct tui *ui, const char *email)
{
    struct subs_pane *p = ui->subs;
    struct bento_cached_sub *e = bento_subcache_find(&p->cache, email);
    for (size_t i = 0; !e && i < p->result_count; i++)
        if (p->results[i].email && !strcasecmp(p->results[i].email, email))
            return subs_adopt_result(ui, i);
    return e ? e : bento_subcache_touch(&p->cache, email);
}

/* The highlighted person of whichever list is shown; a search result
 * acted on joins the cache. */
struct bento_cached_sub *subs_selected(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (p->search_mode)
        return subs_adopt_result(ui, p->sel);
    subs_filter(ui);
    return p->sel < p->view_count ? &p->cache.items[p->view[p->sel]] : NULL;
}

static size_t list_count(struct tui *ui)
{
    subs_filter(ui);
    return ui->subs->search_mode ? ui->subs->result_count : ui->subs->view_count;
}

bool subs_move_key(struct tui *ui, int key)
{
    struct subs_pane *p = ui->subs;
    if (p->detail) {
        size_t sel = p->detail_top, top = p->detail_top;
        bool moved = list_move_key(&sel, &top, 1000, 1, key);
        p->detail_top = sel;
        return moved;
    }
    return list_move_key(&p->sel, &p->top, list_count(ui), tui_list_rows() - 1, key);
}

/* Esc: leave the detail view, then clear the cache's filter (the frame
 * does, on false), then the marks, then leave the search results. */
bool subs_back(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (p->detail) {
        p->detail = false;
        p->detail_top = 0;
        return true;
    }
    if (!p->search_mode && ui->filter[TP_SUBSCRIBERS][0])
        return false;
    if (subs_marks_back(ui))
        return true;
    if (p->search_mode) {
        p->search_mode = false;
        p->sel = p->top = 0;
        free_results(p);
        return true;
    }
    return false;
}

const char *subs_tag_name(const struct tui *ui, const char *id)
{
    return tui_tag_name_of_id(ui, id);
}

void subs_fmt_time(const struct tui *ui, int64_t unix_s, char *buf, size_t size)
{
    if (unix_s <= 0) {
        snprintf(buf, size, "never");
        return;
    }
    if (ui->fake_clock) {
        snprintf(buf, size, "YYYY-MM-DD hh:mm");
        return;
    }
    time_t t = (time_t)unix_s;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

static bool plausible_uuid(const char *s)
{
    size_t n = strlen(s);
    if (n < 8 || n > 64)
        return false;
    return strspn(s, "0123456789abcdefABCDEF-") == n;
}

/* Look a person up by email or uuid, checking the text first. */
int subs_lookup(struct tui *ui, const char *text)
{
    char key[256];
    snprintf(key, sizeof key, "%s", text);
    bento_email_normalize(key);
    const char *why = NULL;
    if (!key[0]) {
        tui_flash(ui, true, "! Type an email address or a uuid.");
        return -1;
    }
    if (strchr(key, '@') ? !bento_email_plausible(key, &why) : !plausible_uuid(key)) {
        tui_flash(ui, true, "! \"%.100s\" is not a plausible %s%s%s", key,
                  strchr(key, '@') ? "email address" : "uuid", why ? ": " : "", why ? why : "");
        return -1;
    }
    struct bento_cached_sub *cached = bento_subcache_find(&ui->subs->cache, key);
    /* a uuid follows the person through email changes */
    const char *ask = cached && cached->sub.uuid ? cached->sub.uuid : key;
    tui_post_owned(ui, bento_request_subscriber_get(ask), subs_looked_up,
                   subs_ticket_new(cached ? cached->email : "", key, -1, NULL), subs_ticket_free);
    return 0;
}

const cJSON *subs_cached_fields(struct tui *ui, const char *email)
{
    struct bento_cached_sub *e = ui->subs ? bento_subcache_find(&ui->subs->cache, email) : NULL;
    return e && e->found && cJSON_IsObject(e->sub.fields) ? e->sub.fields : NULL;
}

void subs_load_fields(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (p->fields_running || !ui->app->client)
        return;
    if (tui_post(ui, bento_request_fields_list(), subs_fields_listed, NULL))
        p->fields_running = true;
}

static void subs_click(struct tui *ui, size_t row)
{
    if (!ui->subs->detail)
        ui->subs->sel = ui->subs->top + row; /* clamped when drawn */
}

/* The filter text is read from ui->filter, as the pane redraws. */
static void subs_filter_text(struct tui *ui, const char *text)
{
    (void)text;
    subs_filter(ui);
}

const struct tui_pane_ops tui_subs_pane = {
    .init = subs_new,
    .open = subs_open_cache,
    .draw = subs_pane_draw,
    .key = subs_marks_key,
    .move_key = subs_move_key,
    .click = subs_click,
    .back = subs_back,
    .filter = subs_filter_text,
    .open_selected = subs_open_selected,
    .sort = subs_sort,
    .free = subs_free,
};
