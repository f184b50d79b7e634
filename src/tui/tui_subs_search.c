/* /fetch/search (Enterprise accounts): pages of up to 100 people with
 * date filters. Where the account has no search, the pane says so once
 * and keeps working from the local cache. */
#include <stdlib.h>
#include <string.h>

#include "bento/decode.h"
#include "bento/request.h"
#include "app/actions.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

static const char *const filter_keys[][2] = {
    {"created", "created_at"},
    {"updated", "updated_at"},
    {"last_event", "last_event_at"},
    {"unsubscribed", "unsubscribed_at"},
};

/* "2025-01-31" or "2025-01-31T10:00:00Z": digits, dashes, colons, T, Z. */
static bool plausible_date(const char *s)
{
    size_t n = strlen(s);
    return n >= 10 && n <= 30 && strspn(s, "0123456789-:TZ.+") == n && s[4] == '-' && s[7] == '-';
}

static bool add_filter(cJSON *body, const char *word, const char **why)
{
    size_t k = strcspn(word, "<>");
    if (!word[k]) {
        *why = "Write filters as created>DATE, updated<DATE, last_event>DATE or "
               "unsubscribed>DATE.";
        return false;
    }
    const char *date = word + k + 1;
    for (size_t i = 0; i < sizeof filter_keys / sizeof filter_keys[0]; i++) {
        if (strlen(filter_keys[i][0]) != k || strncmp(word, filter_keys[i][0], k) != 0)
            continue;
        if (!plausible_date(date)) {
            *why = "Dates look like 2025-01-31 (or 2025-01-31T10:00:00Z).";
            return false;
        }
        cJSON *f = cJSON_GetObjectItemCaseSensitive(body, filter_keys[i][1]);
        if (!f)
            f = cJSON_AddObjectToObject(body, filter_keys[i][1]);
        cJSON_DeleteItemFromObjectCaseSensitive(f, word[k] == '>' ? "gt" : "lt");
        cJSON_AddStringToObject(f, word[k] == '>' ? "gt" : "lt", date);
        return true;
    }
    *why = "Filter on created, updated, last_event or unsubscribed.";
    return false;
}

cJSON *subs_search_body(const char *query, long page, const char **why)
{
    char **words = NULL;
    int n = app_action_split(query, &words);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "page", (double)page);
    bool ok = n >= 0;
    if (!ok)
        *why = "Unbalanced quote in the search.";
    for (int i = 0; ok && i < n; i++)
        ok = !words[i] || add_filter(body, words[i], why);
    app_action_words_free(words, n);
    if (!ok) {
        cJSON_Delete(body);
        return NULL;
    }
    return body;
}

#define SEARCH_PAGE_SIZE 100 /* Bento's page of results */

static const char *const unavailable =
    "Search is not available on this account (an Enterprise feature); "
    "the list keeps the people you look up.";

static void post_search(struct tui *ui, long page)
{
    struct subs_pane *p = ui->subs;
    const char *why = NULL;
    cJSON *body = subs_search_body(p->search_query, page, &why);
    char *json = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    if (!json) {
        tui_flash(ui, true, "! %s", why ? why : "Out of memory");
        return;
    }
    if (tui_post(ui, bento_request_raw("POST", "/fetch/search", NULL, json), subs_search_result,
                 NULL))
        p->search_page = page;
    free(json);
}

void subs_search_start(struct tui *ui, const char *query)
{
    struct subs_pane *p = ui->subs;
    if (p->search_unavailable) {
        tui_flash(ui, false, "%s", unavailable);
        return;
    }
    snprintf(p->search_query, sizeof p->search_query, "%s", query);
    post_search(ui, 1);
}

void subs_search_page(struct tui *ui, int delta)
{
    struct subs_pane *p = ui->subs;
    if (!p->search_mode) {
        tui_flash(ui, false, "Pages belong to search results: press s to search.");
        return;
    }
    if (delta < 0 && p->search_page <= 1) {
        tui_flash(ui, false, "This is the first page.");
        return;
    }
    if (delta > 0 &&
        (p->result_count < SEARCH_PAGE_SIZE ||
         (p->search_total >= 0 && p->search_page * SEARCH_PAGE_SIZE >= p->search_total))) {
        tui_flash(ui, false, "This is the last page.");
        return;
    }
    post_search(ui, p->search_page + delta);
}

static void set_results(struct subs_pane *p, const cJSON *data)
{
    for (size_t i = 0; i < p->result_count; i++)
        bento_subscriber_free(&p->results[i]);
    free(p->results);
    p->result_count = 0;
    int n = cJSON_GetArraySize(data);
    p->results = calloc((size_t)n + 1, sizeof *p->results);
    const cJSON *it;
    cJSON_ArrayForEach(it, data) {
        struct bento_error err;
        cJSON *wrap = cJSON_CreateObject();
        cJSON_AddItemToObject(wrap, "data", cJSON_Duplicate(it, 1));
        char *text = cJSON_PrintUnformatted(wrap);
        cJSON_Delete(wrap);
        struct bento_subscriber *s = &p->results[p->result_count];
        if (p->results && text && bento_decode_subscriber(text, strlen(text), s, &err) == 0 &&
            s->found)
            p->result_count++;
        else if (p->results)
            bento_subscriber_free(s);
        cJSON_free(text);
    }
}

/* meta.total, when Bento gives it: people matching across all pages. */
static long search_total(const cJSON *json)
{
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(json, "meta");
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(meta, "total");
    if (!cJSON_IsNumber(total) || total->valuedouble < 0 || total->valuedouble > 1e12)
        return -1;
    return (long)total->valuedouble;
}

void subs_search_result(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct subs_pane *p = ui->subs;
    if (r->err.kind == BENTO_E_FORBIDDEN || r->err.kind == BENTO_E_NOT_FOUND) {
        p->search_unavailable = true;
        tui_flash(ui, false, "%s", unavailable);
        return;
    }
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Search failed", &r->err, r);
        return;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(r->json, "data");
    if (!cJSON_IsArray(data)) {
        tui_flash(ui, true, "! Search answered without a list of people.");
        return;
    }
    set_results(p, data);
    p->search_total = search_total(r->json);
    p->search_mode = true;
    p->detail = false;
    p->sel = p->top = 0;
    char of[40] = "";
    if (p->search_total >= 0)
        snprintf(of, sizeof of, " of %ld", p->search_total);
    tui_flash(ui, false, "Page %ld: %zu%s %s. Enter opens one; ] and [ turn pages; Esc returns.",
              p->search_page, p->result_count, of,
              p->result_count == 1 && !of[0] ? "person" : "people");
}
