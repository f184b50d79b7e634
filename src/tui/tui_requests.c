/* Posting requests and handling their results on the UI thread. The
 * user pointer of each request says what the result is for. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "app/app.h"
#include "app/doctor.h"
#include "tui/tui.h"

uint64_t tui_post(struct tui *ui, struct bento_request *req, enum tui_purpose why)
{
    if (!req) {
        tui_flash(ui, true, "! Out of memory");
        return 0;
    }
    if (!ui->app->client) {
        bento_request_free(req);
        tui_flash(ui, true, "! Not connected: fix the credentials first (:doctor tells how)");
        return 0;
    }
    bento_request_set_user(req, (void *)(uintptr_t)why);
    uint64_t id = bento_client_post(ui->app->client, req);
    if (id && ui->posted_count < TUI_POSTED_MAX)
        ui->posted[ui->posted_count++] = (struct tui_posted){id, why};
    if (id)
        ui->outstanding++;
    else
        tui_flash(ui, true, "! The request could not be queued");
    ui->dirty = true;
    return id;
}

void tui_refresh_tags(struct tui *ui)
{
    if (ui->tags_list_running)
        return;
    if (tui_post(ui, bento_request_tags_list(), PU_TAGS_LIST))
        ui->tags_list_running = true;
}

static void tags_listed(struct tui *ui, struct bento_result *r)
{
    ui->tags_list_running = false;
    if (r->err.kind != BENTO_OK)
        tui_report_error(ui, "Could not load the tags", &r->err, r);
    else {
        tags_model_set(&ui->tags, &r->tags);
        tags_model_filter(&ui->tags, ui->filter[TP_TAGS]);
        subs_resolve_all(ui);
        if (ui->select_name[0] && !ui->refresh_again) {
            tags_model_select(&ui->tags, ui->select_name);
            ui->select_name[0] = 0;
        }
    }
    if (ui->refresh_again) {
        ui->refresh_again = false;
        tui_refresh_tags(ui);
    }
}

/* After a change: refresh now, or right after the refresh in flight. */
static void refresh_after_change(struct tui *ui)
{
    if (ui->tags_list_running)
        ui->refresh_again = true;
    else
        tui_refresh_tags(ui);
}

static void tag_changed(struct tui *ui, struct bento_result *r, bool created)
{
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, created ? "Could not create the tag" : "Could not delete the tag",
                         &r->err, r);
        return;
    }
    if (created && r->tags.count && r->tags.items[0].name) {
        char name[200];
        bento_sanitize_line(r->tags.items[0].name, strlen(r->tags.items[0].name), name,
                            sizeof name);
        tui_flash(ui, false, "Created tag \"%s\"", name);
        snprintf(ui->select_name, sizeof ui->select_name, "%s", r->tags.items[0].name);
    } else {
        tui_flash(ui, false, created ? "Tag created" : "Tag deleted");
    }
    refresh_after_change(ui);
}

static void field_created(struct tui *ui, struct bento_result *r)
{
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not create the field", &r->err, r);
        return;
    }
    tui_flash(ui, false, "Field created");
    subs_load_fields(ui); /* so it completes at once */
}

void tui_doctor_show(struct tui *ui)
{
    struct doctor_report *rep = ui->doctor;
    text_open(ui, "Doctor");
    for (int i = 0; i < rep->count; i++) {
        char msg[sizeof rep->steps[i].message];
        bento_sanitize_line(rep->steps[i].message, strlen(rep->steps[i].message), msg,
                            sizeof msg);
        text_add(&ui->text, "[%-4s] %-12s %s", doctor_state_label(rep->steps[i].state),
                 rep->steps[i].name, msg);
    }
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "%s", rep->failure == BENTO_OK ? "Everything checks out."
                                                       : "! Fix the step marked FAIL first.");
    free(ui->doctor);
    ui->doctor = NULL;
}

void tui_doctor_start(struct tui *ui)
{
    if (ui->doctor)
        return; /* one check at a time */
    ui->doctor = calloc(1, sizeof *ui->doctor);
    if (!ui->doctor)
        return;
    doctor_init(ui->doctor);
    if (doctor_check_local(&ui->app->profile, ui->doctor) < 0 ||
        !tui_post(ui, doctor_probe_request(), PU_DOCTOR))
        tui_doctor_show(ui);
    else
        tui_flash(ui, false, "Checking the credentials...");
}

static void doctor_done(struct tui *ui, struct bento_result *r)
{
    if (!ui->doctor)
        return;
    doctor_check_result(&ui->app->profile, r, ui->doctor);
    tui_doctor_show(ui);
}

static void handle(struct tui *ui, struct bento_result *r)
{
    switch ((enum tui_purpose)(uintptr_t)r->user) {
    case PU_TAGS_LIST:
        tags_listed(ui, r);
        break;
    case PU_TAGS_CREATE:
        tag_changed(ui, r, true);
        break;
    case PU_TAGS_DELETE:
        tag_changed(ui, r, false);
        break;
    case PU_FIELDS_CREATE:
        field_created(ui, r);
        break;
    case PU_DOCTOR:
        doctor_done(ui, r);
        break;
    case PU_IMPORT:
        import_result(ui, r);
        break;
    case PU_AUTHORS:
        compose_authors_result(ui, r);
        break;
    case PU_COMPOSE_SEND:
        compose_send_result(ui, r);
        break;
    case PU_FIELDS_LIST:
    case PU_SUB_GET:
    case PU_SUB_CREATE:
    case PU_SUB_COMMAND:
    case PU_SUB_EVENT:
    case PU_SUB_VALIDATE:
    case PU_SUB_SEARCH:
        subs_result(ui, r, (enum tui_purpose)(uintptr_t)r->user);
        break;
    case PU_NONE:
        break;
    }
}

static void posted_forget(struct tui *ui, uint64_t id)
{
    for (size_t i = 0; i < ui->posted_count; i++) {
        if (ui->posted[i].id == id) {
            ui->posted[i] = ui->posted[--ui->posted_count];
            return;
        }
    }
}

size_t tui_cancel_requests(struct tui *ui)
{
    size_t n = 0;
    for (size_t i = 0; ui->app->client && i < ui->posted_count; i++)
        if (ui->posted[i].why != PU_IMPORT &&
            bento_client_cancel(ui->app->client, ui->posted[i].id) == 0)
            n++;
    if (n)
        tui_flash(ui, false, "Cancelled %zu request%s", n, n == 1 ? "" : "s");
    return n;
}

void tui_drain_results(struct tui *ui)
{
    struct bento_result *r;
    while (ui->app->client && (r = bento_client_next(ui->app->client)) != NULL) {
        if (ui->outstanding)
            ui->outstanding--;
        posted_forget(ui, r->id);
        activity_add(ui, r);
        handle(ui, r);
        bento_result_free(r);
        ui->dirty = true;
    }
}

static char *replace_all(const char *text, const char *what, const char *with)
{
    size_t wl = strlen(what), nl = strlen(with), count = 0;
    for (const char *p = strstr(text, what); p; p = strstr(p + wl, what))
        count++;
    char *out = malloc(strlen(text) + count * nl + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = text;;) {
        const char *hit = strstr(p, what);
        if (!hit) {
            strcpy(o, p);
            break;
        }
        memcpy(o, p, (size_t)(hit - p));
        o += hit - p;
        memcpy(o, with, nl);
        o += nl;
        p = hit + wl;
    }
    return out;
}

/* Replace the keys with shell variables wherever they appear. */
char *tui_redact(const struct tui *ui, const char *text)
{
    const struct bento_profile *p = &ui->app->profile;
    char *a = strlen(p->secret_key) >= 4 ? replace_all(text, p->secret_key, "$BENTO_SECRET_KEY")
                                         : strdup(text);
    if (!a || strlen(p->publishable_key) < 4)
        return a;
    char *b = replace_all(a, p->publishable_key, "$BENTO_PUBLISHABLE_KEY");
    free(a);
    return b;
}
