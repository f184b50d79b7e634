/* The Broadcasts pane's draft form (`n`, and Compose's `b`): From from the
 * account's authors (the Compose pane's list), subject, body in $EDITOR or
 * the built-in editor, the compose checks, then audience, type and pace.
 * A review shows what will be created; `y` sends one POST
 * /batch/broadcasts, at most once. Bento creates drafts only, so the
 * result points to the dashboard. A refusal keeps everything typed. */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "bento/compose.h"
#include "bento/content.h"
#include "bento/request.h"
#include "bento/sanitize.h"
#include "bento/validate.h"
#include "tui/tui.h"
#include "tui/tui_bento_check.h"
#include "tui/tui_broadcasts_draft.h"
#include "tui/tui_editor.h"

#define LABEL_W 15

enum bd_row {
    BD_NAME,
    BD_FROM,
    BD_SUBJECT,
    BD_BODY,
    BD_INCLUDE,
    BD_EXCLUDE,
    BD_SEGMENT,
    BD_TYPE,
    BD_PER_HOUR,
    BD__COUNT
};

enum bd_mode { BD_CLOSED, BD_FORM, BD_AUTHORS, BD_EDITOR, BD_REVIEW };

static const char *const labels[BD__COUNT] = {"Name",       "From",         "Subject",
                                              "Body",       "Include tags", "Exclude tags",
                                              "Segment id", "Type",         "Per hour"};

/* Bento's sources disagree on the types (bento-api.md 3.6 #14): all are
 * offered; "" leaves the key out and Bento's default applies. */
static const char *const types[] = {"", "html", "plain", "raw", "markdown"};
#define BD_TYPES 5

struct bc_draft {
    enum bd_mode mode;
    enum bd_row focus;
    struct bento_compose mail; /* from, subject, html: what the compose checks read */
    char *from_name;           /* the picked author's name; NULL: none */
    char *text[BD__COUNT];     /* name, tags, segment and per hour as typed */
    int type;                  /* index in types[] */
    struct bento_findings findings;
    struct compose_editor ed;
    size_t pick; /* in the author picker */
    bool sending;
    char error[400]; /* why the last create failed, "" when it did not */
    int cursor_y, cursor_x;
    struct tui_bento_check bento; /* Bento's checks, after c */
};

static struct bc_draft *draft(const struct tui *ui)
{
    return *bc_draft_slot((struct tui *)ui);
}

bool bc_draft_shown(const struct tui *ui)
{
    const struct bc_draft *d = draft(ui);
    return d && d->mode != BD_CLOSED;
}

static void set_text(char **slot, const char *text)
{
    free(*slot);
    *slot = text && *text ? strdup(text) : NULL;
}

static void clear_form(struct bc_draft *d)
{
    bento_compose_free(&d->mail);
    bento_findings_free(&d->findings);
    memset(&d->findings, 0, sizeof d->findings);
    free(d->from_name);
    d->from_name = NULL;
    for (int i = 0; i < BD__COUNT; i++)
        set_text(&d->text[i], NULL);
    d->type = 0;
    d->error[0] = 0;
}

void bc_draft_free(struct bc_draft *d)
{
    if (!d)
        return;
    clear_form(d);
    tui_bento_check_free(&d->bento);
    tui_editor_clear(&d->ed);
    free(d);
}

/* A template has no To: only From, subject, body and Liquid matter. */
static bool relevant(const struct bento_finding *f)
{
    return f->field == BENTO_FIELD_FROM || f->field == BENTO_FIELD_SUBJECT ||
           f->field == BENTO_FIELD_HTML || f->field == BENTO_FIELD_VARS;
}

/* Liquid without a personalization is Bento's to fill in a broadcast, so
 * only From, subject and body findings can refuse the draft. */
static bool blocking(const struct bento_finding *f)
{
    return f->severity == BENTO_SEV_ERROR && f->field != BENTO_FIELD_VARS;
}

static void check(struct tui *ui, struct bc_draft *d)
{
    struct tui_authors a;
    tui_compose_authors_get(ui, &a);
    bento_findings_free(&d->findings);
    memset(&d->findings, 0, sizeof d->findings);
    bento_compose_check(&d->mail, a.loaded ? a.emails : NULL, a.count, &d->findings);
    tui_bento_check_seen(ui, &d->bento, &d->mail);
    ui->dirty = true;
}

void tui_broadcasts_draft_open(struct tui *ui, const char *from, const char *subject,
                               const char *html)
{
    struct bc_draft **slot = bc_draft_slot(ui);
    if (!*slot && !(*slot = calloc(1, sizeof **slot))) {
        tui_flash(ui, true, "! Out of memory opening the draft form.");
        return;
    }
    struct bc_draft *d = *slot;
    if (from || subject || html) {
        bento_compose_set_from(&d->mail, from);
        bento_compose_set_subject(&d->mail, subject);
        bento_compose_set_html(&d->mail, html);
        set_text(&d->from_name, NULL);
        if (!d->text[BD_NAME])
            set_text(&d->text[BD_NAME], subject);
    }
    tui_show_pane(ui, TP_BROADCASTS);
    d->mode = BD_FORM;
    check(ui, d);
}

void tui_cmd_broadcasts_new(struct tui *ui, int argc, char **argv)
{
    tui_broadcasts_draft_open(ui, NULL, NULL, NULL);
}

/* ---- what is sent ------------------------------------------------------- */

/* "a, b" as "a,b", each name checked. */
static int tags_value(cJSON *o, const char *key, const char *typed, struct bento_error *err)
{
    char list[4096] = "", one[BENTO_VALUE_MAX], copy[4096], *save = NULL;
    size_t n = 0;
    if (!typed)
        return 0;
    snprintf(copy, sizeof copy, "%s", typed);
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        if (!*t)
            continue;
        if (bento_validate_tag_name(t, one, sizeof one, err) < 0)
            return -1;
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? "," : "", one);
        if (n >= sizeof list) {
            bento_error_set(err, BENTO_E_VALIDATION, "Too many tags: name fewer.");
            return -1;
        }
    }
    if (n)
        cJSON_AddStringToObject(o, key, list);
    return 0;
}

/* Bento judges the bounds (a mock says 10..250000); a whole number here. */
static int per_hour_value(cJSON *o, const char *typed, struct bento_error *err)
{
    char *end = NULL;
    if (!typed)
        return 0;
    long v = strtol(typed, &end, 10);
    if (end == typed || *end || v < 1 || v > 1000000000L) {
        bento_error_set(err, BENTO_E_VALIDATION,
                        "Per hour must be a whole number of sends from 1 (Bento takes 10 to "
                        "250000).");
        return -1;
    }
    cJSON_AddNumberToObject(o, "batch_size_per_hour", (double)v);
    return 0;
}

static int text_value(cJSON *o, const char *key, const char *what, const char *typed,
                      struct bento_error *err)
{
    char clean[BENTO_VALUE_MAX * 4];
    if (!typed)
        return 0;
    if (bento_validate_text(what, typed, clean, sizeof clean, err) < 0)
        return -1;
    cJSON_AddStringToObject(o, key, clean);
    return 0;
}

static int from_value(cJSON *o, const struct bc_draft *d, struct bento_error *err)
{
    char addr[BENTO_VALUE_MAX];
    if (bento_validate_email(d->mail.from ? d->mail.from : "", addr, sizeof addr, err) < 0)
        return -1;
    cJSON *from = cJSON_AddObjectToObject(o, "from");
    cJSON_AddStringToObject(from, "email", addr);
    return text_value(from, "name", "From name", d->from_name, err);
}

/* The one broadcast as /batch/broadcasts takes it, or NULL with err set. */
static cJSON *broadcast_of(const struct bc_draft *d, struct bento_error *err)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory building the draft.");
        return NULL;
    }
    if (!d->text[BD_NAME])
        bento_error_set(err, BENTO_E_VALIDATION, "The draft needs a name (the Name row).");
    if (!d->text[BD_NAME] || text_value(o, "name", "Name", d->text[BD_NAME], err) < 0 ||
        text_value(o, "subject", "Subject", d->mail.subject, err) < 0 ||
        from_value(o, d, err) < 0 ||
        tags_value(o, "inclusive_tags", d->text[BD_INCLUDE], err) < 0 ||
        tags_value(o, "exclusive_tags", d->text[BD_EXCLUDE], err) < 0 ||
        text_value(o, "segment_id", "Segment id", d->text[BD_SEGMENT], err) < 0 ||
        per_hour_value(o, d->text[BD_PER_HOUR], err) < 0) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON_AddStringToObject(o, "content", d->mail.html ? d->mail.html : "");
    if (d->type)
        cJSON_AddStringToObject(o, "type", types[d->type]);
    return o;
}

/* The first finding that refuses the draft, or NULL. */
static const struct bento_finding *refusal(const struct bc_draft *d)
{
    for (size_t i = 0; i < d->findings.count; i++)
        if (relevant(&d->findings.items[i]) && blocking(&d->findings.items[i]))
            return &d->findings.items[i];
    return NULL;
}

/* ---- sending ------------------------------------------------------------ */

static void refused(struct tui *ui, struct bc_draft *d, const char *why)
{
    snprintf(d->error, sizeof d->error, "%s", why);
    d->mode = BD_FORM;
    tui_flash(ui, true, "! %s", d->error);
}

static void created(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct bc_draft *d = draft(ui);
    const struct bento_broadcast_batch *b = &r->content.batch;
    char why[400], name[160], url[300];
    d->sending = false;
    if (r->err.kind == BENTO_E_OUTCOME_UNKNOWN) {
        /* the call may have made the draft: never say it did not, never
         * resend by itself; the list read again shows it if it is there */
        snprintf(
            why, sizeof why,
            "Outcome unknown: %s, so the draft may exist. Not retried (that could make it "
            "twice): look for it under draft (s) or on the dashboard before creating it again.",
            strstr(r->err.message, "timed out") ? "no answer in time"
                                                : "the connection dropped before Bento answered");
        refused(ui, d, why);
        bc_list_reload(ui);
        return;
    }
    if (r->err.kind != BENTO_OK) {
        snprintf(why, sizeof why, "The draft was not created: %s", r->err.message);
        refused(ui, d, why);
        return;
    }
    if (b->failure_count || !b->created_count) {
        const char *e = b->failure_count && b->failures[0].error ? b->failures[0].error
                                                                 : "Bento created nothing";
        char safe[300];
        bento_sanitize_line(e, strlen(e), safe, sizeof safe);
        snprintf(why, sizeof why, "Bento refused the draft: %s (fix it and review again).", safe);
        refused(ui, d, why);
        return;
    }
    const struct bento_broadcast_created *c = &b->created[0];
    const char *n = c->name ? c->name : "", *u = c->dashboard_url ? c->dashboard_url : "";
    bento_sanitize_line(n, strlen(n), name, sizeof name);
    bento_sanitize_line(u, strlen(u), url, sizeof url);
    clear_form(d);
    d->mode = BD_CLOSED;
    tui_flash(ui, false,
              "Draft \"%s\" created; Bento creates drafts only: review and send it at %s", name,
              url[0] ? url : "the dashboard");
    bc_list_reload(ui);
}

static void send_draft(struct tui *ui, struct bc_draft *d)
{
    struct bento_error err;
    if (d->sending)
        return; /* one POST per review */
    cJSON *one = broadcast_of(d, &err), *arr = one ? cJSON_CreateArray() : NULL;
    if (!arr) {
        cJSON_Delete(one);
        refused(ui, d, err.message);
        return;
    }
    cJSON_AddItemToArray(arr, one);
    struct bento_request *req = bento_request_broadcasts_create(arr);
    cJSON_Delete(arr);
    if (req && tui_post(ui, req, created, NULL)) {
        d->sending = true;
        tui_flash(ui, false, "Creating the draft...");
    }
}

/* s: the review, unless something would be refused before it is sent. */
static void review(struct tui *ui, struct bc_draft *d)
{
    struct bento_error err;
    check(ui, d);
    cJSON *one = broadcast_of(d, &err);
    const struct bento_finding *f = refusal(d);
    cJSON_Delete(one);
    if (!one) {
        tui_flash(ui, true, "! %s", err.message);
        return;
    }
    if (f) {
        tui_flash(ui, true, "! %s: %s", bento_compose_field_name(f->field), f->message);
        return;
    }
    d->error[0] = 0;
    d->mode = BD_REVIEW;
}

/* ---- editing ------------------------------------------------------------ */

static void edit_body(struct tui *ui, struct bc_draft *d)
{
    char *text = NULL;
    int edited = tui_edit_in_editor(ui, d->mail.html, &text);
    if (edited == 0) {
        tui_editor_load(&d->ed, d->mail.html);
        d->mode = BD_EDITOR;
    }
    if (edited <= 0)
        return;
    bento_compose_set_html(&d->mail, text);
    free(text);
    check(ui, d);
}

static void edit_row(struct tui *ui, struct bc_draft *d)
{
    struct tui_authors a;
    switch (d->focus) {
    case BD_FROM:
        tui_compose_authors_get(ui, &a);
        if (a.count || a.error[0]) {
            d->mode = BD_AUTHORS;
            d->pick = 0;
            return;
        }
        prompt_open(ui, PR_BROADCAST, d->mail.from ? d->mail.from : "");
        return;
    case BD_SUBJECT: prompt_open(ui, PR_BROADCAST, d->mail.subject ? d->mail.subject : ""); return;
    case BD_BODY: edit_body(ui, d); return;
    case BD_TYPE: d->type = (d->type + 1) % BD_TYPES; return;
    default: prompt_open(ui, PR_BROADCAST, d->text[d->focus] ? d->text[d->focus] : ""); return;
    }
}

const char *tui_broadcasts_prompt_text(const struct tui *ui)
{
    static char text[64];
    const struct bc_draft *d = draft(ui);
    snprintf(text, sizeof text, "%s: ", d ? labels[d->focus] : "Draft");
    return text;
}

bool tui_broadcasts_prompt_tags(const struct tui *ui)
{
    const struct bc_draft *d = draft(ui);
    return d && (d->focus == BD_INCLUDE || d->focus == BD_EXCLUDE);
}

void tui_broadcasts_prompt_done(struct tui *ui, const char *line)
{
    struct bc_draft *d = draft(ui);
    if (!d)
        return;
    d->error[0] = 0;
    switch (d->focus) {
    case BD_FROM:
        bento_compose_set_from(&d->mail, line);
        set_text(&d->from_name, NULL);
        break;
    case BD_SUBJECT: bento_compose_set_subject(&d->mail, line); break;
    default: set_text(&d->text[d->focus], line); break;
    }
    check(ui, d);
}

static void pick_author(struct tui *ui, struct bc_draft *d)
{
    struct tui_authors a;
    tui_compose_authors_get(ui, &a);
    d->mode = BD_FORM;
    if (d->pick >= a.count) {
        prompt_open(ui, PR_BROADCAST, d->mail.from ? d->mail.from : "");
        return;
    }
    bento_compose_set_from(&d->mail, a.emails[d->pick]);
    set_text(&d->from_name, a.names[d->pick]);
    d->error[0] = 0;
    check(ui, d);
}

static bool authors_key(struct tui *ui, struct bc_draft *d, int key)
{
    struct tui_authors a;
    tui_compose_authors_get(ui, &a);
    size_t n = a.count + 1; /* the last line: another address */
    if (key == 'j' || key == KEY_DOWN)
        d->pick = (d->pick + 1) % n;
    else if (key == 'k' || key == KEY_UP)
        d->pick = (d->pick + n - 1) % n;
    else if (key == 27)
        d->mode = BD_FORM;
    else if (key == '\n' || key == '\r' || key == KEY_ENTER)
        pick_author(ui, d);
    return true;
}

static bool fields_key(struct tui *ui, struct bc_draft *d, int key)
{
    switch (key) {
    case '\t':
    case 'j':
    case KEY_DOWN: d->focus = (enum bd_row)((d->focus + 1) % BD__COUNT); return true;
    case KEY_BTAB:
    case 'k':
    case KEY_UP: d->focus = (enum bd_row)((d->focus + BD__COUNT - 1) % BD__COUNT); return true;
    case '\n':
    case '\r':
    case KEY_ENTER: edit_row(ui, d); return true;
    case 's': review(ui, d); return true;
    case 'c': tui_bento_check_start(ui, &d->bento, &d->mail); return true;
    case 27:
        if (tui_bento_check_stop(ui, &d->bento))
            return true;
        d->mode = BD_CLOSED; /* kept for the next `n` */
        tui_flash(ui, false, "Draft form closed; n opens it again as you left it.");
        return true;
    default: return false;
    }
}

/* y sends; any other key goes back to the form with nothing sent. */
static bool review_key(struct tui *ui, struct bc_draft *d, int key)
{
    if (d->sending)
        return true; /* the answer decides what comes next */
    if (key == 'y') {
        send_draft(ui, d);
        return true;
    }
    d->mode = BD_FORM;
    tui_flash(ui, false, "Nothing sent; the form is as you left it.");
    return true;
}

bool bc_draft_key(struct tui *ui, int key)
{
    struct bc_draft *d = draft(ui);
    switch (d ? d->mode : BD_CLOSED) {
    case BD_CLOSED: return false;
    case BD_FORM: return fields_key(ui, d, key);
    case BD_AUTHORS: return authors_key(ui, d, key);
    case BD_REVIEW: return review_key(ui, d, key);
    case BD_EDITOR:
        if (tui_editor_key(&d->ed, key) == TUI_EDITOR_CLOSE) {
            char *text = tui_editor_text(&d->ed);
            if (text)
                bento_compose_set_html(&d->mail, text);
            free(text);
            tui_editor_clear(&d->ed);
            d->mode = BD_FORM;
            check(ui, d);
        }
        return true;
    }
    return false;
}

/* The hint line while the form is open: its keys, not the list's. */
const struct tui_hint *bc_draft_hints(struct tui *ui)
{
    static const struct tui_hint form[] = {
        {"j/k", "move"},  {"Enter", "edit"}, {"s", "review"}, {"c", "bento-check"},
        {"Esc", "close"}, {"?", "help"},     {NULL, NULL},
    };
    static const struct tui_hint authors[] = {
        {"j/k", "move"}, {"Enter", "pick"}, {"Esc", "back"}, {NULL, NULL}};
    static const struct tui_hint review[] = {
        {"y", "create the draft"}, {"other keys", "back"}, {NULL, NULL}};
    const struct bc_draft *d = draft(ui);
    switch (d ? d->mode : BD_CLOSED) {
    case BD_FORM: return form;
    case BD_AUTHORS: return authors;
    case BD_REVIEW: return review;
    case BD_EDITOR: return tui_edit_hints();
    case BD_CLOSED: break;
    }
    return NULL;
}

bool tui_broadcasts_cursor(const struct tui *ui, int *y, int *x)
{
    const struct bc_draft *d = draft(ui);
    if (!d || d->mode != BD_EDITOR)
        return false;
    *y = d->cursor_y, *x = d->cursor_x;
    return true;
}

/* ---- drawing ------------------------------------------------------------ */

static int err_attr(const struct tui *ui)
{
    return ui->colors ? (int)COLOR_PAIR(1) | A_BOLD : A_BOLD;
}

static void body_summary(const char *html, char *out, size_t size)
{
    if (!html || !*html) {
        snprintf(out, size, "(empty: Enter opens the editor)");
        return;
    }
    size_t lines = 1, len = strlen(html);
    for (const char *p = html; *p; p++)
        lines += *p == '\n' && p + 1 < html + len;
    char first[120];
    bento_sanitize_line(html, len, first, sizeof first);
    snprintf(out, size, "%zu line%s, %zu bytes: %s", lines, lines == 1 ? "" : "s", len, first);
}

static void row_value(const struct bc_draft *d, enum bd_row row, char *out, size_t size)
{
    char raw[600];
    const char *v = d->text[row];
    if (row == BD_FROM && d->from_name)
        snprintf(raw, sizeof raw, "%s <%s>", d->from_name, d->mail.from ? d->mail.from : "");
    else if (row == BD_FROM || row == BD_SUBJECT)
        snprintf(raw, sizeof raw, "%s",
                 row == BD_FROM ? (d->mail.from ? d->mail.from : "")
                                : (d->mail.subject ? d->mail.subject : ""));
    else if (row == BD_TYPE)
        snprintf(raw, sizeof raw, "%s", d->type ? types[d->type] : "(Bento's default)");
    else
        snprintf(raw, sizeof raw, "%s", v ? v : "");
    if (row == BD_BODY)
        body_summary(d->mail.html, out, size);
    else
        bento_sanitize_line(raw, strlen(raw), out, size);
}

static const enum bento_compose_field field_of[BD__COUNT] = {
    [BD_NAME] = BENTO_FIELD__COUNT,     [BD_FROM] = BENTO_FIELD_FROM,
    [BD_SUBJECT] = BENTO_FIELD_SUBJECT, [BD_BODY] = BENTO_FIELD_HTML,
    [BD_INCLUDE] = BENTO_FIELD__COUNT,  [BD_EXCLUDE] = BENTO_FIELD__COUNT,
    [BD_SEGMENT] = BENTO_FIELD__COUNT,  [BD_TYPE] = BENTO_FIELD__COUNT,
    [BD_PER_HOUR] = BENTO_FIELD__COUNT};

static void draw_row(struct tui *ui, const struct bc_draft *d, int y, enum bd_row row)
{
    bool focused = d->focus == row && d->mode == BD_FORM;
    char value[600], note[260] = "";
    row_value(d, row, value, sizeof value);
    const struct bento_finding *f = field_of[row] < BENTO_FIELD__COUNT
                                        ? bento_findings_for(&d->findings, field_of[row])
                                        : NULL;
    if (f)
        snprintf(note, sizeof note, "%s %s", f->severity == BENTO_SEV_ERROR ? "!" : "~",
                 f->message);
    int note_w = note[0] ? tui_str_width(note) : 0;
    if (note_w > COLS / 2)
        note_w = COLS / 2;
    tui_draw_str(y, 0, 2, focused ? "> " : "  ", A_BOLD);
    tui_draw_str(y, 2, LABEL_W - 2, labels[row], focused ? A_REVERSE | A_BOLD : A_BOLD);
    tui_draw_str(y, LABEL_W, COLS - LABEL_W - (note_w ? note_w + 2 : 0), value, 0);
    if (note_w)
        tui_draw_wrapped(y, COLS - note_w, 0, COLS, 1, note, "...",
                         f->severity == BENTO_SEV_ERROR ? err_attr(ui) : (int)A_DIM);
}

static int draw_findings(struct tui *ui, const struct bc_draft *d, int y, int end)
{
    for (size_t i = 0; i < d->findings.count && y < end; i++) {
        const struct bento_finding *f = &d->findings.items[i];
        if (!relevant(f))
            continue;
        char line[300];
        snprintf(line, sizeof line, "%s %s: %s", blocking(f) ? "!" : "~",
                 bento_compose_field_name(f->field), f->message);
        y += tui_draw_wrapped(y, 3, 5, COLS - 1, end - y, line, NULL,
                              blocking(f) ? err_attr(ui) : 0);
    }
    return y;
}

static void draw_form(struct tui *ui, const struct bc_draft *d, int y0, int rows)
{
    int y = y0, end = y0 + rows;
    tui_draw_str(
        y++, 0, COLS,
        " New broadcast draft (Enter edits a row, s reviews, c Bento's checks, Esc closes)",
        A_BOLD | A_UNDERLINE);
    for (int r = 0; r < BD__COUNT && y < end; r++)
        draw_row(ui, d, y++, (enum bd_row)r);
    y++;
    if (d->error[0] && y < end)
        y += tui_draw_wrapped(y, 1, 3, COLS - 1, end - y, d->error, NULL, err_attr(ui)) + 1;
    if (y < end)
        tui_draw_str(y++, 1, COLS - 2, "Checks:", A_BOLD);
    y = draw_findings(ui, d, y, end);
    tui_bento_check_draw(&d->bento, y, end, err_attr(ui));
}

static void draw_authors(struct tui *ui, struct bc_draft *d, int y0, int rows)
{
    struct tui_authors a;
    char line[400];
    tui_compose_authors_get(ui, &a);
    int y = y0, end = y0 + rows;
    tui_draw_str(y++, 0, COLS, " From: pick an author of this account (Enter picks, Esc goes back)",
                 A_BOLD | A_UNDERLINE);
    if (a.error[0] && y < end)
        y += tui_draw_wrapped(y, 1, 3, COLS - 1, end - y, a.error, NULL, err_attr(ui));
    for (size_t i = 0; i <= a.count && y < end; i++) {
        if (i < a.count)
            snprintf(line, sizeof line, "%s <%s>", a.names[i], a.emails[i]);
        else
            snprintf(line, sizeof line, "Another address...");
        char safe[400];
        bento_sanitize_line(line, strlen(line), safe, sizeof safe);
        tui_draw_str(y, 0, 2, d->pick == i ? "> " : "  ", A_BOLD);
        tui_draw_str(y++, 2, COLS - 2, safe, d->pick == i ? A_REVERSE : 0);
    }
}

static void draw_review(struct tui *ui, const struct bc_draft *d, int y0, int rows)
{
    int y = y0, end = y0 + rows;
    char value[600];
    tui_draw_str(y++, 0, COLS, " Review: the broadcast draft Bento will create",
                 A_BOLD | A_UNDERLINE);
    for (int r = 0; r < BD__COUNT && y < end; r++) {
        row_value(d, (enum bd_row)r, value, sizeof value);
        tui_draw_str(y, 2, LABEL_W - 2, labels[r], A_BOLD);
        tui_draw_str(y++, LABEL_W, COLS - LABEL_W, value[0] ? value : "-", 0);
    }
    y++;
    if (y < end)
        y += tui_draw_wrapped(y, 1, 3, COLS - 1, end - y,
                              "Bento creates drafts only: review and send it from the dashboard.",
                              NULL, 0);
    y = draw_findings(ui, d, y, end);
    if (y < end)
        tui_draw_wrapped(y + 1 < end ? y + 1 : y, 1, 3, COLS - 1, 1,
                         d->sending ? "Creating the draft..."
                                    : "y creates the draft; any other key goes back to the form.",
                         NULL, A_BOLD);
}

void bc_draft_draw(struct tui *ui, int y0, int rows)
{
    struct bc_draft *d = draft(ui);
    switch (d->mode) {
    case BD_FORM: draw_form(ui, d, y0, rows); break;
    case BD_AUTHORS: draw_authors(ui, d, y0, rows); break;
    case BD_REVIEW: draw_review(ui, d, y0, rows); break;
    case BD_EDITOR:
        tui_editor_draw(&d->ed,
                        " Body (built-in editor; Esc keeps it; set $EDITOR to use your own)", y0,
                        rows, &d->cursor_y, &d->cursor_x);
        break;
    case BD_CLOSED: break;
    }
}
