/* `c` in Compose and the broadcast draft form: Bento's blacklists on the
 * sender's domain and on every link's domain, and its content moderation
 * on the subject. One call per distinct domain, posted one after the
 * other so that Esc can stop the rest and the client's experimental
 * budget paces them; nothing is sent unless the user asks. A failed call
 * is one line and the other findings stay. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/checks.h"
#include "bento/client.h"
#include "bento/compose.h"
#include "bento/request.h"
#include "bento/sanitize.h"
#include "bento/validate.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_bento_check.h"

#define MAX_DOMAINS 20 /* a body with more links is checked on its first ones */

struct step_ctx {
    struct tui_bento_check *bc;
    uint64_t gen;
    size_t step;
};

static uint64_t last_gen; /* runs are told apart across every pane */

static void reset(struct tui_bento_check *bc)
{
    for (size_t i = 0; i < bc->domain_count; i++)
        free(bc->domains[i]);
    for (size_t i = 0; i < bc->line_count; i++)
        free(bc->lines[i]);
    free(bc->domains);
    free(bc->lines);
    free(bc->bad);
    free(bc->from);
    free(bc->subject);
    free(bc->html);
    memset(bc, 0, sizeof *bc);
}

void tui_bento_check_free(struct tui_bento_check *bc)
{
    reset(bc);
}

static void add_line(struct tui_bento_check *bc, bool bad, const char *fmt, ...)
{
    char raw[600], safe[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    bento_sanitize_line(raw, strlen(raw), safe, sizeof safe);
    char **lines = realloc(bc->lines, (bc->line_count + 1) * sizeof *lines);
    if (lines)
        bc->lines = lines;
    bool *flags = lines ? realloc(bc->bad, (bc->line_count + 1) * sizeof *flags) : NULL;
    if (flags)
        bc->bad = flags;
    char *copy = flags ? strdup(safe) : NULL;
    if (!copy)
        return;
    bc->bad[bc->line_count] = bad;
    bc->lines[bc->line_count++] = copy;
}

static void add_domain(struct tui_bento_check *bc, const char *text)
{
    char d[256];
    struct bento_error err;
    if (bc->domain_count >= MAX_DOMAINS || bento_validate_domain(text, d, sizeof d, &err) < 0)
        return;
    for (size_t i = 0; i < bc->domain_count; i++)
        if (!strcmp(bc->domains[i], d))
            return;
    char **grown = realloc(bc->domains, (bc->domain_count + 1) * sizeof *grown);
    if (!grown)
        return;
    bc->domains = grown;
    if ((grown[bc->domain_count] = strdup(d)) != NULL)
        bc->domain_count++;
}

/* "Jesse <jesse@example.com>" -> example.com */
static void from_domain(struct tui_bento_check *bc, const char *from)
{
    const char *at = from ? strrchr(from, '@') : NULL;
    char host[256];
    if (!at)
        return;
    snprintf(host, sizeof host, "%s", at + 1);
    host[strcspn(host, "> \t")] = '\0';
    add_domain(bc, host);
}

/* The host of an http(s) link, without user, port, path or query. */
static void link_domain(struct tui_bento_check *bc, const char *url)
{
    const char *p = NULL;
    char host[256];
    if (!strncasecmp(url, "http://", 7))
        p = url + 7;
    else if (!strncasecmp(url, "https://", 8))
        p = url + 8;
    if (!p)
        return;
    size_t n = strcspn(p, "/?#");
    if (n >= sizeof host)
        return;
    memcpy(host, p, n);
    host[n] = '\0';
    char *at = strrchr(host, '@'), *h = at ? at + 1 : host;
    h[strcspn(h, ":")] = '\0';
    add_domain(bc, h);
}

static size_t total_steps(const struct tui_bento_check *bc)
{
    return bc->domain_count + (bc->moderate ? 1 : 0);
}

static void append(char *buf, size_t size, const char *word)
{
    size_t used = strlen(buf);
    if (used < size)
        snprintf(buf + used, size - used, "%s%s", used ? ", " : "", word);
}

/* The lists a domain is on, and the ones it is clean on. */
static void domain_result(struct tui_bento_check *bc, const char *domain,
                          const struct bento_result *r)
{
    const struct bento_blacklist *b = &r->checks.blacklist;
    char on[300] = "", off[300] = "";
    if (r->err.kind != BENTO_OK) {
        bc->failed++;
        add_line(bc, true, "! %s: the blacklist check failed: %s", domain, r->err.message);
        return;
    }
    for (size_t i = 0; i < b->hit_count; i++)
        if (b->hits[i].listed >= 0)
            append(b->hits[i].listed ? on : off, sizeof on,
                   b->hits[i].name ? b->hits[i].name : "?");
    if (on[0]) {
        bc->listed++;
        append(bc->listed_names, sizeof bc->listed_names, domain);
        for (size_t i = 0; i < b->hit_count; i++)
            if (b->hits[i].listed == 1 && b->hits[i].name &&
                !strstr(bc->listed_by, b->hits[i].name))
                append(bc->listed_by, sizeof bc->listed_by, b->hits[i].name);
        add_line(bc, true, "! %s: listed on %s%s%s", domain, on, off[0] ? "; clean on " : "", off);
    } else if (off[0] || b->results_null) {
        bc->clean++;
        add_line(bc, false, "%s: clean on %s", domain, off[0] ? off : "every list (no results)");
    } else {
        bc->unknown++;
        add_line(bc, false, "~ %s: no answer from Bento's blacklist check", domain);
    }
}

static void moderation_result(struct tui_bento_check *bc, const struct bento_result *r)
{
    const struct bento_validation *v = &r->checks.moderation.v;
    char why[400] = "";
    if (r->err.kind != BENTO_OK) {
        snprintf(bc->mod_summary, sizeof bc->mod_summary, "the subject was not checked");
        add_line(bc, true, "! subject: content moderation failed: %s", r->err.message);
        return;
    }
    for (size_t i = 0; i < v->reason_count; i++)
        append(why, sizeof why, v->reasons[i] ? v->reasons[i] : "?");
    if (v->verdict == BENTO_VERDICT_VALID) {
        snprintf(bc->mod_summary, sizeof bc->mod_summary, "the subject passes moderation");
        add_line(bc, false, "subject: passes Bento's content moderation");
    } else if (v->verdict == BENTO_VERDICT_INVALID) {
        snprintf(bc->mod_summary, sizeof bc->mod_summary, "the subject is flagged");
        add_line(bc, true, "! subject: flagged by Bento's content moderation: %s",
                 why[0] ? why : "no reason given");
    } else {
        snprintf(bc->mod_summary, sizeof bc->mod_summary, "no verdict on the subject");
        add_line(bc, false, "~ subject: no verdict from Bento's content moderation");
    }
}

static void post_next(struct tui *ui, struct tui_bento_check *bc);

static void step_done(struct tui *ui, struct bento_result *r, void *ctx)
{
    struct step_ctx *s = ctx;
    struct tui_bento_check *bc = s->bc;
    if (bc->gen != s->gen || !bc->running)
        return; /* another email, or stopped */
    bc->call = 0;
    if (s->step < bc->domain_count)
        domain_result(bc, bc->domains[s->step], r);
    else
        moderation_result(bc, r);
    ui->dirty = true;
    post_next(ui, bc);
}

static void post_next(struct tui *ui, struct tui_bento_check *bc)
{
    if (bc->step >= total_steps(bc)) {
        bc->running = false;
        return;
    }
    size_t i = bc->step++;
    struct bento_request *req = i < bc->domain_count
                                    ? bento_request_check_blacklist(bc->domains[i], false)
                                    : bento_request_check_moderation(bc->subject);
    struct step_ctx *s = malloc(sizeof *s);
    if (s)
        *s = (struct step_ctx){.bc = bc, .gen = bc->gen, .step = i};
    else
        bento_request_free(req);
    bc->call = s ? tui_post_owned(ui, req, step_done, s, free) : 0;
    if (!bc->call) { /* the message line says why */
        bc->running = false;
        bc->stopped = true;
        bc->step--;
    }
}

void tui_bento_check_start(struct tui *ui, struct tui_bento_check *bc,
                           const struct bento_compose *mail)
{
    struct bento_error err;
    char subject[BENTO_CONTENT_MAX + 1];
    tui_bento_check_stop(ui, bc);
    reset(bc);
    bc->gen = ++last_gen;
    bc->from = mail->from ? strdup(mail->from) : NULL;
    bc->html = mail->html ? strdup(mail->html) : NULL;
    from_domain(bc, mail->from);
    struct bento_text t = {0};
    if (mail->html && bento_html_to_text(mail->html, &t) == 0)
        for (size_t i = 0; i < t.link_count; i++)
            link_domain(bc, t.links[i]);
    bento_text_free(&t);
    bc->subject = mail->subject ? strdup(mail->subject) : NULL;
    bc->moderate = bc->subject &&
                   bento_validate_content(bc->subject, subject, sizeof subject, &err) == 0;
    bc->running = true;
    if (!total_steps(bc))
        add_line(bc, false, "~ Nothing to check: no From, no links and no subject.");
    post_next(ui, bc);
    ui->dirty = true;
}

bool tui_bento_check_stop(struct tui *ui, struct tui_bento_check *bc)
{
    if (!bc->running)
        return false;
    if (bc->call && ui->app->client)
        bento_client_cancel(ui->app->client, bc->call);
    if (bc->call)
        bc->step--; /* its answer will not be read */
    bc->call = 0;
    bc->running = false;
    bc->stopped = true;
    ui->dirty = true;
    return true;
}

static bool same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

void tui_bento_check_seen(struct tui *ui, struct tui_bento_check *bc,
                          const struct bento_compose *mail)
{
    if (!bc->gen || (same(bc->from, mail->from) && same(bc->html, mail->html) &&
                     same(bc->subject, mail->subject)))
        return;
    tui_bento_check_stop(ui, bc);
    reset(bc);
}

/* "Bento: 3 domains clean, 1 listed (spamhaus): tracker.example; ..." */
static void count_line(const struct tui_bento_check *bc, char *out, size_t size)
{
    size_t n = 0, total = total_steps(bc);
    if (bc->running) {
        snprintf(out, size, "Bento: checking %zu of %zu... (Esc stops)", bc->step, total);
        return;
    }
    n += (size_t)snprintf(out, size, "Bento: %zu domain%s clean", bc->clean,
                          bc->clean == 1 ? "" : "s");
    if (bc->listed && n < size)
        n += (size_t)snprintf(out + n, size - n, ", %zu listed (%s): %s", bc->listed, bc->listed_by,
                              bc->listed_names);
    if (bc->unknown && n < size)
        n += (size_t)snprintf(out + n, size - n, ", %zu without an answer", bc->unknown);
    if (bc->failed && n < size)
        n += (size_t)snprintf(out + n, size - n, ", %zu not checked (failed)", bc->failed);
    if (bc->mod_summary[0] && n < size)
        n += (size_t)snprintf(out + n, size - n, "; %s", bc->mod_summary);
    if (bc->stopped && n < size)
        snprintf(out + n, size - n, "; stopped, %zu call%s not made", total - bc->step,
                 total - bc->step == 1 ? "" : "s");
}

int tui_bento_check_draw(const struct tui_bento_check *bc, int y, int end, int bad_attr)
{
    char raw[700], line[700];
    if (!bc->gen || y >= end)
        return y;
    count_line(bc, raw, sizeof raw);
    bento_sanitize_line(raw, strlen(raw), line, sizeof line);
    bool bad = false;
    for (size_t i = 0; i < bc->line_count; i++)
        bad = bad || bc->bad[i];
    y += tui_draw_wrapped(y, 1, 3, COLS - 1, end - y, line, NULL, bad ? bad_attr : (int)A_BOLD);
    for (size_t i = 0; i < bc->line_count && y < end; i++)
        y += tui_draw_wrapped(y, 3, 5, COLS - 1, end - y, bc->lines[i], NULL,
                              bc->bad[i] ? bad_attr : 0);
    return y;
}
