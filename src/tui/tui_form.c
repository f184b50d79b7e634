/* The credentials form, shown when the profile lacks keys: it runs the
 * doctor's checks live with a temporary client and saves the profile
 * (mode 0600) only when Bento accepted the keys. The base URL is shown
 * and saved with the keys, so a profile made against a local server does
 * not later send its calls to the real Bento. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/profile.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "app/doctor.h"
#include "tui/tui.h"

enum { F_PUBLISHABLE, F_SECRET, F_SITE, F_BASE_URL, F_NAME, F__COUNT };

static const char *const labels[F__COUNT] = {"Publishable key", "Secret key", "Site UUID",
                                             "Base URL", "Profile name"};

#define FIELD_MAX BENTO_URL_MAX

struct tui_form {
    char fields[F__COUNT][FIELD_MAX];
    int cur;
    char status[600];
    bool status_error;
    struct bento_client *probe;
    struct bento_profile p;
};

bool form_needed(const struct tui *ui)
{
    char missing[128];
    return !ui->app->demo && *bento_profile_missing(&ui->app->profile, missing, sizeof missing);
}

void form_open(struct tui *ui)
{
    struct tui_form *f = calloc(1, sizeof *f);
    if (!f)
        return;
    const struct bento_profile *p = &ui->app->profile;
    snprintf(f->fields[F_PUBLISHABLE], BENTO_KEY_MAX, "%s", p->publishable_key);
    snprintf(f->fields[F_SECRET], BENTO_KEY_MAX, "%s", p->secret_key);
    snprintf(f->fields[F_SITE], BENTO_KEY_MAX, "%s", p->site_uuid);
    snprintf(f->fields[F_BASE_URL], FIELD_MAX, "%s",
             p->base_url[0] ? p->base_url : BENTO_DEFAULT_BASE_URL);
    snprintf(f->fields[F_NAME], BENTO_KEY_MAX, "%s", p->name[0] ? p->name : "default");
    while (f->cur < F_NAME && f->fields[f->cur][0])
        f->cur++;
    ui->form = f;
    ui->dirty = true;
}

void form_free(struct tui *ui)
{
    struct tui_form *f = ui->form;
    if (!f)
        return;
    if (f->probe)
        bento_client_free(f->probe);
    bento_profile_wipe(&f->p);
    memset(f->fields, 0, sizeof f->fields);
    free(f);
    ui->form = NULL;
}

int form_wake_fd(const struct tui *ui)
{
    return ui->form && ui->form->probe ? bento_client_wake_fd(ui->form->probe) : -1;
}

bool form_busy(const struct tui *ui)
{
    return ui->form && ui->form->probe;
}

static void say(struct tui_form *f, bool error, const char *msg)
{
    char safe[sizeof f->status - 2];
    bento_sanitize_line(msg, strlen(msg), safe, sizeof safe);
    snprintf(f->status, sizeof f->status, "%s%s", error ? "! " : "", safe);
    f->status_error = error;
}

static void failed_step(struct tui_form *f, const struct doctor_report *rep)
{
    for (int i = 0; i < rep->count; i++)
        if (rep->steps[i].state == DOCTOR_FAIL) {
            say(f, true, rep->steps[i].message);
            return;
        }
    say(f, true, "The check failed.");
}

static void submit(struct tui *ui, struct tui_form *f)
{
    struct doctor_report rep;
    struct bento_error err;
    if (!bento_profile_name_valid(f->fields[F_NAME])) {
        say(f, true, "Profile names use letters, digits, - and _ (up to 63).");
        f->cur = F_NAME;
        return;
    }
    f->p = ui->app->profile;
    snprintf(f->p.name, sizeof f->p.name, "%.63s", f->fields[F_NAME]);
    snprintf(f->p.publishable_key, BENTO_KEY_MAX, "%.255s", f->fields[F_PUBLISHABLE]);
    snprintf(f->p.secret_key, BENTO_KEY_MAX, "%.255s", f->fields[F_SECRET]);
    snprintf(f->p.site_uuid, BENTO_KEY_MAX, "%.255s", f->fields[F_SITE]);
    snprintf(f->p.base_url, BENTO_URL_MAX, "%s", f->fields[F_BASE_URL]);
    f->p.source_publishable = f->p.source_secret = f->p.source_site = "form";
    f->p.source_base_url = "form";
    doctor_init(&rep);
    if (doctor_check_local(&f->p, &rep) < 0) {
        failed_step(f, &rep);
        return;
    }
    struct bento_client_config cfg;
    bento_client_config_default(&cfg);
    cfg.base_url = f->p.base_url[0] ? f->p.base_url : BENTO_DEFAULT_BASE_URL;
    cfg.publishable_key = f->p.publishable_key;
    cfg.secret_key = f->p.secret_key;
    cfg.site_uuid = f->p.site_uuid;
    cfg.limits = ui->app->limits;
    cfg.max_retries = 1;
    f->probe = bento_client_new(&cfg, &err);
    if (!f->probe || !bento_client_post(f->probe, doctor_probe_request())) {
        say(f, true, f->probe ? "Could not start the check." : err.message);
        return;
    }
    say(f, false, "Checking the keys with Bento...");
}

static void saved(struct tui *ui, struct tui_form *f)
{
    struct bento_error err;
    if (bento_profile_save(&f->p, true, &err) < 0) {
        say(f, true, err.message);
        return;
    }
    ui->app->profile = f->p;
    snprintf(ui->profile_name, sizeof ui->profile_name, "%s", f->p.name);
    form_free(ui);
    if (app_reconnect(ui->app, &err) < 0) {
        tui_report_error(ui, "Could not connect", &err, NULL);
        return;
    }
    tui_flash(ui, false, "Saved profile %s; Bento accepted the keys.", ui->profile_name);
    tui_refresh_tags(ui);
}

void form_poll(struct tui *ui)
{
    struct tui_form *f = ui->form;
    if (!f || !f->probe)
        return;
    struct bento_result *r = bento_client_next(f->probe);
    if (!r)
        return;
    struct doctor_report rep;
    doctor_init(&rep);
    doctor_check_local(&f->p, &rep);
    doctor_check_result(&f->p, r, &rep);
    bento_result_free(r);
    bento_client_free(f->probe);
    f->probe = NULL;
    ui->dirty = true;
    if (rep.failure != BENTO_OK)
        failed_step(f, &rep);
    else
        saved(ui, f);
}

static void edit(struct tui_form *f, int key)
{
    char *s = f->fields[f->cur];
    size_t len = strlen(s);
    if (key == 127 || key == KEY_BACKSPACE || key == 8) {
        while (len > 0 && ((unsigned char)s[len - 1] & 0xc0) == 0x80)
            len--;
        if (len > 0)
            len--;
        s[len] = 0;
    } else if (key == 21) { /* ^U */
        s[0] = 0;
    } else if (key >= 32 && key < 256 && key != 127 &&
               len + 1 < (f->cur == F_BASE_URL ? FIELD_MAX : BENTO_KEY_MAX)) {
        s[len] = (char)key;
        s[len + 1] = 0;
    }
}

void form_key(struct tui *ui, int key)
{
    struct tui_form *f = ui->form;
    if (key == 27) {
        tui_quit(ui);
        return;
    }
    if (f->probe)
        return; /* a check is running */
    if (key == '\t' || key == KEY_DOWN)
        f->cur = (f->cur + 1) % F__COUNT;
    else if (key == KEY_BTAB || key == KEY_UP)
        f->cur = (f->cur + F__COUNT - 1) % F__COUNT;
    else if (key == '\n' || key == '\r' || key == KEY_ENTER)
        f->cur == F_NAME ? submit(ui, f) : (void)(f->cur++);
    else
        edit(f, key);
}

static void field_text(const struct tui_form *f, int i, char *out, size_t size)
{
    if (i == F_SECRET) {
        size_t n = strlen(f->fields[i]);
        n = n < size - 1 ? n : size - 1;
        memset(out, '*', n);
        out[n] = 0;
        return;
    }
    bento_sanitize_line(f->fields[i], strlen(f->fields[i]), out, size);
}

void form_draw(struct tui *ui)
{
    struct tui_form *f = ui->form;
    int cx = -1, cy = -1;
    tui_draw_str(0, 0, COLS, " bento-console: connect to Bento", A_REVERSE | A_BOLD);
    tui_draw_str(2, 2, COLS - 4, "No complete credentials were found. Paste them from Bento,", 0);
    tui_draw_str(3, 2, COLS - 4, "Settings -> API Keys (the secret key is never shown).", 0);
    for (int i = 0; i < F__COUNT; i++) {
        char line[FIELD_MAX + 40], val[FIELD_MAX];
        field_text(f, i, val, sizeof val);
        snprintf(line, sizeof line, "%s %-16s %s", i == f->cur ? ">" : " ", labels[i], val);
        tui_draw_str(5 + i, 2, COLS - 4, line, i == f->cur ? A_BOLD : 0);
        if (i == f->cur) {
            cy = 5 + i;
            cx = 2 + 19 + tui_str_width(val);
        }
    }
    tui_draw_wrapped(6 + F__COUNT, 2, 4, COLS - 2, LINES - 7 - F__COUNT, f->status, NULL,
                     f->status_error ? A_BOLD : 0);
    tui_draw_str(LINES - 1, 0, COLS, "Tab next field  Enter check and save  Esc quit", 0);
    if (cx >= 0 && cx < COLS && cy < LINES && !f->probe) {
        curs_set(1);
        move(cy, cx);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
}
