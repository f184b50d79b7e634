/* Editing the Compose form's rows: single lines in place on readline,
 * the sender from a picker of the account's authors, the body in the
 * user's $VISUAL or $EDITOR (or the built-in editor), personalizations
 * as KEY=VALUE words, and the transactional switch. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bento/email.h"
#include "bento/profile.h"
#include "app/actions.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_compose_internal.h"

#define LABEL_W 16

static const char *const labels[CR__COUNT] = {"To",   "From",        "Subject",
                                              "Body", "Personalize", "Transactional"};

const char *tui_compose_row_label(enum compose_row row)
{
    return labels[row];
}

const char *tui_compose_prompt_text(const struct tui *ui)
{
    static char text[64];
    if (ui->compose->ask_me)
        return "Your own address, for test emails: ";
    snprintf(text, sizeof text, "  %-*s", LABEL_W - 2, labels[ui->compose->focus]);
    return text;
}

/* Esc or ^D on an empty prompt: a question for the own address is over. */
void tui_compose_prompt_cancelled(struct tui *ui)
{
    ui->compose->ask_me = false;
}

/* The form's rows start two lines below the pane's top (see the draw). */
int tui_compose_prompt_row(const struct tui *ui)
{
    return ui->compose->ask_me ? -1 : 2 + 1 + (int)ui->compose->focus;
}

/* name=Ada "link=https://x y" : values with spaces or quotes are quoted. */
static void vars_text(const struct bento_compose *f, char *out, size_t size)
{
    out[0] = 0;
    for (size_t i = 0; i < f->var_count; i++) {
        const char *k = f->vars[i].key, *v = f->vars[i].value ? f->vars[i].value : "";
        size_t len = strlen(out);
        if (len + 4 >= size)
            return;
        bool quote = strpbrk(v, " \t\"'\\") || strpbrk(k, " \t\"'\\");
        snprintf(out + len, size - len, "%s%s", len ? " " : "", quote ? "\"" : "");
        char pair[1200];
        snprintf(pair, sizeof pair, "%s=%s", k, v);
        for (const char *p = pair; *p && strlen(out) + 3 < size; p++) {
            len = strlen(out);
            if (quote && (*p == '"' || *p == '\\'))
                out[len++] = '\\';
            out[len++] = *p;
            out[len] = 0;
        }
        if (quote)
            snprintf(out + strlen(out), size - strlen(out), "\"");
    }
}

void tui_compose_vars_text(const struct bento_compose *f, char *out, size_t size)
{
    vars_text(f, out, size);
}

static void open_line(struct tui *ui, const char *initial)
{
    prompt_open(ui, PR_COMPOSE, initial ? initial : "");
    tui_compose_typing_seen(ui, initial ? initial : ""); /* already in the autosave */
}

void tui_compose_edit_row(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    char buf[4096];
    char *to;
    switch (c->focus) {
    case CR_TO:
        to = bento_compose_to_text(&c->form);
        open_line(ui, to);
        free(to);
        break;
    case CR_FROM:
        if (c->author_count || c->authors_error[0]) {
            c->mode = CM_AUTHORS;
            c->pick = 0;
        } else {
            open_line(ui, c->form.from);
        }
        break;
    case CR_SUBJECT: open_line(ui, c->form.subject); break;
    case CR_BODY: tui_compose_edit_body(ui); break;
    case CR_VARS:
        vars_text(&c->form, buf, sizeof buf);
        open_line(ui, buf);
        break;
    case CR_TRANSACTIONAL:
        c->form.transactional = !c->form.transactional;
        tui_compose_changed(ui);
        tui_flash(ui, c->form.transactional,
                  c->form.transactional
                      ? "! Transactional: unsubscribed people WILL receive this email."
                      : "Transactional off: unsubscribed people are skipped.");
        break;
    case CR__COUNT: break;
    }
}

static void reopen(struct tui *ui, const char *line, const char *why)
{
    prompt_open(ui, PR_COMPOSE, line);
    tui_flash(ui, true, "! %s", why);
}

/* KEY=VALUE words replace f's personalizations; false (f unchanged)
 * when the line does not parse. */
bool tui_compose_parse_vars(struct bento_compose *f, const char *line)
{
    char **words = NULL;
    int n = app_action_split(line, &words);
    bool ok = n >= 0;
    for (int i = 0; ok && i < n; i++)
        ok = !words[i] || (strchr(words[i], '=') && words[i][0] != '=');
    if (ok) {
        while (f->var_count)
            bento_compose_remove_var(f, f->vars[0].key);
        for (int i = 0; i < n; i++)
            if (words[i])
                bento_compose_parse_var(f, words[i]);
    }
    app_action_words_free(words, n);
    return ok;
}

static bool set_vars(struct tui *ui, const char *line)
{
    bool ok = tui_compose_parse_vars(&ui->compose->form, line);
    if (!ok)
        reopen(ui, line,
               "Write personalizations as KEY=VALUE, separated by spaces "
               "(quote a value with spaces).");
    return ok;
}

static void set_me(struct tui *ui, const char *line)
{
    struct compose_pane *c = ui->compose;
    struct bento_error err;
    char addr[BENTO_KEY_MAX];
    const char *why = NULL;
    c->ask_me = false;
    snprintf(addr, sizeof addr, "%s", line);
    bento_email_normalize(addr);
    if (!bento_email_plausible(addr, &why)) {
        c->ask_me = true;
        reopen(ui, line, why ? why : "That is not a plausible email address.");
        return;
    }
    tui_flash_clear(ui);
    snprintf(ui->app->profile.email, sizeof ui->app->profile.email, "%s", addr);
    if (!ui->app->demo && bento_profile_set_test_address(ui->profile_name, addr, &err) < 0)
        tui_flash(ui, true, "! Could not remember it in the profile: %s", err.message);
    tui_compose_review(ui, true);
}

void tui_compose_prompt_done(struct tui *ui, const char *line)
{
    struct compose_pane *c = ui->compose;
    if (c->ask_me) {
        set_me(ui, line);
        return;
    }
    switch (c->focus) {
    case CR_TO: bento_compose_set_to_text(&c->form, line); break;
    case CR_FROM:
        bento_compose_set_from(&c->form, line);
        c->from_error[0] = 0;
        break;
    case CR_SUBJECT: bento_compose_set_subject(&c->form, line); break;
    case CR_VARS:
        if (!set_vars(ui, line))
            return;
        break;
    default: return;
    }
    tui_compose_changed(ui);
}

size_t tui_compose_retry_row(const struct compose_pane *c)
{
    return c->authors_error[0] ? c->author_count : (size_t)-1;
}

size_t tui_compose_other_row(const struct compose_pane *c)
{
    return c->author_count + (c->authors_error[0] ? 1 : 0);
}

/* Ask for the authors again; the picker stays open and fills in. */
static void retry_authors(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    if (c->authors_running)
        return;
    c->authors_error[0] = 0;
    c->pick = 0;
    tui_compose_load_authors(ui);
    if (c->authors_running)
        tui_flash(ui, false, "Loading the authors again...");
}

bool tui_compose_authors_key(struct tui *ui, int key)
{
    struct compose_pane *c = ui->compose;
    size_t n = tui_compose_other_row(c) + 1; /* the last line: another address */
    if (key == 'r' && c->authors_error[0]) {
        retry_authors(ui);
    } else if (key == 'j' || key == KEY_DOWN) {
        c->pick = (c->pick + 1) % n;
    } else if (key == 'k' || key == KEY_UP) {
        c->pick = (c->pick + n - 1) % n;
    } else if (key == 27) {
        c->mode = CM_FORM;
    } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        if (c->pick == tui_compose_retry_row(c)) {
            retry_authors(ui);
            return true;
        }
        c->mode = CM_FORM;
        if (c->pick >= c->author_count) {
            open_line(ui, c->form.from);
            return true;
        }
        bento_compose_set_from(&c->form, c->authors[c->pick]);
        c->from_error[0] = 0;
        tui_compose_changed(ui);
    } else {
        return false;
    }
    return true;
}

/* ---- the body in the user's editor ------------------------------------- */

void tui_compose_edit_body(struct tui *ui)
{
    struct compose_pane *c = ui->compose;
    char *text = NULL;
    int edited = tui_edit_in_editor(ui, c->form.html, &text);
    if (edited == 0)
        tui_compose_editor_open(ui);
    if (edited <= 0)
        return;
    bento_compose_set_html(&c->form, text);
    free(text);
    tui_compose_changed(ui);
}
