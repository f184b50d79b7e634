/* Posting requests and handling their results on the UI thread. Each
 * request names the function that takes its result, and its context. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "app/app.h"
#include "app/doctor.h"
#include "tui/tui.h"

/* A request in flight: who takes its result. It rides in the request's
 * user pointer and sits on ui->calls so Esc and the end can find it. */
struct tui_call {
    tui_result_fn *on_result;
    void *ctx;
    void (*ctx_free)(void *ctx);
    uint64_t id;
    bool esc_cancels;
    struct tui_call *prev, *next;
};

static void call_unlink(struct tui *ui, struct tui_call *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        ui->calls = c->next;
    if (c->next)
        c->next->prev = c->prev;
}

static void call_free(struct tui_call *c)
{
    if (c->ctx_free)
        c->ctx_free(c->ctx);
    free(c);
}

static struct tui_call *call_new(tui_result_fn *fn, void *ctx, void (*ctx_free)(void *), bool esc)
{
    struct tui_call *c = calloc(1, sizeof *c);
    if (!c) {
        if (ctx_free)
            ctx_free(ctx);
        return NULL;
    }
    *c = (struct tui_call){.on_result = fn, .ctx = ctx, .ctx_free = ctx_free, .esc_cancels = esc};
    return c;
}

static uint64_t post(struct tui *ui, struct bento_request *req, struct tui_call *c)
{
    if (!req || !c) {
        bento_request_free(req);
        if (c)
            call_free(c);
        tui_flash(ui, true, "! Out of memory");
        return 0;
    }
    if (!ui->app->client) {
        bento_request_free(req);
        call_free(c);
        tui_flash(ui, true, "! Not connected: fix the credentials first (:doctor tells how)");
        return 0;
    }
    bento_request_set_user(req, c);
    uint64_t id = bento_client_post(ui->app->client, req);
    ui->dirty = true;
    if (!id) {
        call_free(c);
        tui_flash(ui, true, "! The request could not be queued");
        return 0;
    }
    c->id = id;
    c->next = ui->calls;
    if (ui->calls)
        ui->calls->prev = c;
    ui->calls = c;
    ui->outstanding++;
    return id;
}

uint64_t tui_post(struct tui *ui, struct bento_request *req, tui_result_fn *on_result, void *ctx)
{
    return post(ui, req, call_new(on_result, ctx, NULL, true));
}

uint64_t tui_post_owned(struct tui *ui, struct bento_request *req, tui_result_fn *on_result,
                        void *ctx, void (*ctx_free)(void *ctx))
{
    /* no context is out of memory, not a request about no one */
    return post(ui, req, ctx ? call_new(on_result, ctx, ctx_free, true) : NULL);
}

uint64_t tui_post_no_esc(struct tui *ui, struct bento_request *req, tui_result_fn *on_result,
                         void *ctx)
{
    return post(ui, req, call_new(on_result, ctx, NULL, false));
}

void tui_calls_drop(struct tui *ui)
{
    while (ui->calls) {
        struct tui_call *c = ui->calls;
        call_unlink(ui, c);
        call_free(c);
    }
    ui->outstanding = 0;
}

static void doctor_done(struct tui *ui, struct bento_result *r, void *ctx);

void tui_field_created(struct tui *ui, struct bento_result *r, void *ctx)
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
        bento_sanitize_line(rep->steps[i].message, strlen(rep->steps[i].message), msg, sizeof msg);
        text_add(&ui->text, "[%-4s] %-12s %s", doctor_state_label(rep->steps[i].state),
                 rep->steps[i].name, msg);
    }
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "%s",
             rep->failure == BENTO_OK ? "Everything checks out."
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
        !tui_post(ui, doctor_probe_request(), doctor_done, NULL))
        tui_doctor_show(ui);
    else
        tui_flash(ui, false, "Checking the credentials...");
}

static void doctor_done(struct tui *ui, struct bento_result *r, void *ctx)
{
    if (!ui->doctor)
        return;
    doctor_check_result(&ui->app->profile, r, ui->doctor);
    tui_doctor_show(ui);
}

size_t tui_cancel_requests(struct tui *ui)
{
    size_t n = 0;
    for (struct tui_call *c = ui->calls; ui->app->client && c; c = c->next)
        if (c->esc_cancels && bento_client_cancel(ui->app->client, c->id) == 0)
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
        struct tui_call *c = r->user;
        activity_add(ui, r);
        if (c) {
            call_unlink(ui, c);
            c->on_result(ui, r, c->ctx);
            call_free(c);
        }
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
