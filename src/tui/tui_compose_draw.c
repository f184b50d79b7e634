/* Drawing the Compose pane: the form with each row's check beside it,
 * the list of checks, the preview with missing variables highlighted,
 * the review before sending and the sender picker. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

#define LABEL_W 16

static const enum bento_compose_field field_of[CR__COUNT] = {
    BENTO_FIELD_TO,   BENTO_FIELD_FROM, BENTO_FIELD_SUBJECT,
    BENTO_FIELD_HTML, BENTO_FIELD_VARS, BENTO_FIELD_TRANSACTIONAL,
};

static int err_attr(const struct tui *ui)
{
    return ui->colors ? (int)COLOR_PAIR(1) | A_BOLD : A_BOLD;
}

static void safe(const char *in, char *out, size_t size)
{
    bento_sanitize_line(in ? in : "", in ? strlen(in) : 0, out, size);
}

static void body_summary(const struct bento_compose *f, char *out, size_t size)
{
    if (!f->html || !*f->html) {
        snprintf(out, size, "(empty: Enter opens the editor)");
        return;
    }
    size_t lines = 1, len = strlen(f->html);
    for (const char *p = f->html; *p; p++)
        lines += *p == '\n' && p + 1 < f->html + len; /* a final newline ends a line */
    char first[120];
    safe(f->html, first, sizeof first);
    snprintf(out, size, "%zu line%s, %zu bytes: %s", lines, lines == 1 ? "" : "s", strlen(f->html),
             first);
}

static void row_value(struct tui *ui, enum compose_row row, char *out, size_t size)
{
    const struct bento_compose *f = &ui->compose->form;
    char *to;
    switch (row) {
    case CR_TO:
        to = bento_compose_to_text(f);
        safe(to, out, size);
        free(to);
        break;
    case CR_FROM: safe(f->from, out, size); break;
    case CR_SUBJECT: safe(f->subject, out, size); break;
    case CR_BODY: body_summary(f, out, size); break;
    case CR_VARS: {
        char raw[2048];
        tui_compose_vars_text(f, raw, sizeof raw);
        safe(raw, out, size);
        break;
    }
    case CR_TRANSACTIONAL:
        snprintf(out, size, f->transactional ? "ON: unsubscribed people WILL receive it" : "off");
        break;
    default: out[0] = 0; break;
    }
}

/* The row's own finding, or Bento's refusal of the sender. */
static const char *row_note(struct tui *ui, enum compose_row row, bool *error)
{
    struct compose_pane *c = ui->compose;
    if (row == CR_FROM && c->from_error[0]) {
        *error = true;
        return c->from_error;
    }
    const struct bento_finding *f = bento_findings_for(&c->findings, field_of[row]);
    if (!f || (row == CR_TRANSACTIONAL && f->severity == BENTO_SEV_WARNING))
        return NULL;
    *error = f->severity == BENTO_SEV_ERROR;
    return f->message;
}

static void draw_row(struct tui *ui, int y, enum compose_row row)
{
    struct compose_pane *c = ui->compose;
    bool focused = c->focus == row && c->mode == CM_FORM, error = false;
    char value[600], note[260];
    row_value(ui, row, value, sizeof value);
    const char *n = row_note(ui, row, &error);
    int note_w = 0;
    if (n) {
        snprintf(note, sizeof note, "%s %s", error ? "!" : "~", n);
        note_w = tui_str_width(note);
        if (note_w > COLS / 2)
            note_w = COLS / 2;
    }
    tui_draw_str(y, 0, 2, focused ? "> " : "  ", A_BOLD);
    tui_draw_str(y, 2, LABEL_W - 2, tui_compose_row_label(row),
                 focused ? A_REVERSE | A_BOLD : A_BOLD);
    int vw = COLS - LABEL_W - (note_w ? note_w + 2 : 0);
    int vattr = row == CR_TRANSACTIONAL && c->form.transactional ? err_attr(ui) : 0;
    tui_draw_str(y, LABEL_W, vw, value, vattr);
    if (n) /* the Checks list below has it whole */
        tui_draw_wrapped(y, COLS - note_w, 0, COLS, 1, note, "...",
                         error ? err_attr(ui) : (int)A_DIM);
}

static void draw_title(struct tui *ui, int y, const char *left)
{
    struct compose_pane *c = ui->compose;
    char right[80];
    snprintf(right, sizeof right, "%zu error%s, %zu warning%s ", c->findings.errors,
             c->findings.errors == 1 ? "" : "s", c->findings.warnings,
             c->findings.warnings == 1 ? "" : "s");
    tui_draw_str(y, 0, COLS, left, A_BOLD | A_UNDERLINE);
    int w = tui_str_width(right);
    if (c->mode == CM_FORM && w < COLS - tui_str_width(left))
        tui_draw_str(y, COLS - w, w, right, c->findings.errors ? err_attr(ui) : 0);
}

static void draw_checks(struct tui *ui, int y, int end)
{
    struct compose_pane *c = ui->compose;
    if (c->result[0] && y < end) {
        y += tui_draw_wrapped(y, 1, 3, COLS - 1, end - y, c->result, NULL,
                              c->result_error ? err_attr(ui) : (int)A_BOLD);
        y++;
    }
    if (y >= end)
        return;
    tui_draw_str(y++, 1, COLS - 2, c->findings.count ? "Checks:" : "Checks: none failed.", A_BOLD);
    for (size_t i = 0; i < c->findings.count && y < end; i++) {
        const struct bento_finding *f = &c->findings.items[i];
        char line[300];
        snprintf(line, sizeof line, "%s %s: %s", f->severity == BENTO_SEV_ERROR ? "!" : "~",
                 bento_compose_field_name(f->field), f->message);
        y += tui_draw_wrapped(y, 3, 5, COLS - 1, end - y, line, NULL,
                              f->severity == BENTO_SEV_ERROR ? err_attr(ui) : 0);
    }
    tui_bento_check_draw(&c->bento, y, end, err_attr(ui));
}

static void draw_form(struct tui *ui, int y0, int rows)
{
    struct compose_pane *c = ui->compose;
    char title[160];
    snprintf(title, sizeof title, " Email  (draft: %s)",
             c->draft_id[0] ? c->draft_id : "unsaved, kept automatically");
    draw_title(ui, y0, title);
    for (int r = 0; r < CR__COUNT && r + 1 < rows; r++)
        draw_row(ui, y0 + 1 + r, (enum compose_row)r);
    draw_checks(ui, y0 + 2 + CR__COUNT, y0 + rows);
}

static void draw_authors(struct tui *ui, int y0, int rows)
{
    struct compose_pane *c = ui->compose;
    char title[300];
    if (c->authors_error[0]) {
        snprintf(title, sizeof title,
                 " From: the authors could not be loaded (r retries, Esc goes back)");
    } else if (c->authors_running && !c->author_count) {
        snprintf(title, sizeof title, " From: loading the authors of this account...");
    } else {
        snprintf(title, sizeof title,
                 " From: pick an author of this account (Enter picks, Esc goes back)");
    }
    draw_title(ui, y0, title);
    for (size_t i = 0; i <= tui_compose_other_row(c) && (int)i + 1 < rows; i++) {
        char line[400], a[200], n[200];
        if (i == tui_compose_retry_row(c)) {
            snprintf(line, sizeof line, "Retry loading the authors (r)");
        } else if (i == tui_compose_other_row(c)) {
            snprintf(line, sizeof line, "Another address...");
        } else {
            safe(c->authors[i], a, sizeof a);
            safe(c->author_names[i], n, sizeof n);
            snprintf(line, sizeof line, "%-40s %s", a, n);
        }
        bool on = c->pick == i;
        tui_draw_str(y0 + 1 + (int)i, 0, 2, on ? "> " : "  ", A_BOLD);
        tui_draw_str(y0 + 1 + (int)i, 2, COLS - 2, line, on ? A_REVERSE : 0);
    }
    if (c->authors_error[0] && (int)tui_compose_other_row(c) + 3 < rows) {
        char why[BENTO_ERROR_MSG_MAX + 4], line[BENTO_ERROR_MSG_MAX];
        safe(c->authors_error, line, sizeof line);
        snprintf(why, sizeof why, "! %s", line);
        tui_draw_str(y0 + 3 + (int)tui_compose_other_row(c), 2, COLS - 4, why, A_BOLD);
    }
}

/* One line of text with the bytes inside `spans` highlighted. */
static void draw_marked(int y, int x, const char *line, size_t len, size_t base,
                        const struct bento_span *spans, size_t nspans, int mark)
{
    size_t pos = 0;
    while (pos < len && x < COLS) {
        size_t end = len;
        bool in = false;
        for (size_t i = 0; i < nspans; i++) {
            size_t s = spans[i].start, e = spans[i].start + spans[i].len;
            if (base + pos >= s && base + pos < e) {
                in = true;
                end = e - base < len ? e - base : len;
                break;
            }
            if (s > base + pos && s - base < end)
                end = s - base;
        }
        char *piece = strndup(line + pos, end - pos);
        if (!piece)
            return;
        tui_draw_str(y, x, COLS - x, piece, in ? mark : 0);
        x += tui_str_width(piece);
        free(piece);
        pos = end;
    }
}

static void draw_preview(struct tui *ui, int y0, int rows)
{
    struct compose_pane *c = ui->compose;
    struct bento_preview p;
    int mark = ui->colors ? (int)COLOR_PAIR(4) | A_REVERSE : A_REVERSE;
    draw_title(ui, y0, " Preview: as the recipient reads it; highlighted: no value (Esc back)");
    if (bento_compose_preview(&c->form, &p) < 0)
        return;
    int y = y0 + 1, end = y0 + rows;
    tui_draw_str(y, 1, 9, "Subject:", A_BOLD);
    draw_marked(y++, 10, p.subject, strlen(p.subject), 0, p.subject_missing,
                p.subject_missing_count, mark);
    y++;
    size_t skip = c->preview_top, off = 0;
    const char *text = p.body.text ? p.body.text : "";
    while (text[off] && y < end) {
        size_t n = strcspn(text + off, "\n");
        if (skip)
            skip--;
        else
            draw_marked(y++, 1, text + off, n, off, p.body_missing, p.body_missing_count, mark);
        off += n + (text[off + n] == '\n');
    }
    for (size_t i = 0; i < p.body.link_count && y < end; i++) {
        char line[600];
        snprintf(line, sizeof line, "[%zu] %s", i + 1, p.body.links[i]);
        if (i == 0 && y + 1 < end)
            tui_draw_str(++y, 1, COLS - 2, "Links:", A_BOLD), y++;
        tui_draw_str(y++, 3, COLS - 4, line, 0);
    }
    bento_preview_free(&p);
}

void tui_compose_pane_draw(struct tui *ui, int y0, int rows)
{
    tui_compose_init(ui);
    switch (ui->compose->mode) {
    case CM_FORM: draw_form(ui, y0, rows); break;
    case CM_PREVIEW: draw_preview(ui, y0, rows); break;
    case CM_REVIEW: tui_compose_review_draw(ui, y0, rows); break;
    case CM_AUTHORS: draw_authors(ui, y0, rows); break;
    case CM_DRAFTS: tui_compose_drafts_draw(ui, y0, rows); break;
    case CM_EDITOR: tui_compose_editor_draw(ui, y0, rows); break;
    }
}
