/* One Bento response body into one content decoder (broadcasts, the
 * broadcast batch answer, sequences/workflows, a template, workflow
 * statistics), chosen at build time with -DFUZZ_CONTENT_<NAME>. The bytes
 * are passed as they arrived, not NUL-terminated. Checked: a failed decode
 * says why on one safe line and leaves the output empty; counts match the
 * arrays; every string decoded sanitises to terminal-safe text. */
#include <stdlib.h>
#include <string.h>

#include "bento/content.h"
#include "bento/sanitize.h"
#include "fuzz_util.h"

static void show(const char *s)
{
    char *safe = bento_sanitize_dup(s);
    FUZZ_CHECK(safe != NULL, "sanitising never fails for lack of room");
    fuzz_check_terminal_str(safe, NULL, "a decoded string sanitises to safe text");
    free(safe);
}

static void check_error(const struct bento_error *err)
{
    FUZZ_CHECK(err->kind != BENTO_OK, "a failed decode names an error");
    FUZZ_CHECK(err->message[0] != '\0', "a failed decode says why");
    fuzz_check_terminal_str(err->message, NULL, "the error message is one safe line");
    fuzz_check_terminal_str(err->detail, NULL, "the error detail is one safe line");
}

__attribute__((unused)) static void show_emails(const struct bento_email_entry *e, size_t n)
{
    FUZZ_CHECK(n == 0 || e != NULL, "emails counted are there");
    for (size_t i = 0; i < n; i++) {
        show(e[i].id);
        show(e[i].subject);
        show(e[i].name);
        show(e[i].inbox_snippet);
        show(e[i].delay_interval);
        FUZZ_CHECK(e[i].delay_count >= -1, "a delay is a count or absent");
    }
}

#if defined(FUZZ_CONTENT_BROADCASTS)
static int run(const char *body, size_t len, struct bento_content *c, struct bento_error *err)
{
    int rc = bento_decode_broadcasts(body, len, &c->broadcasts, err);
    FUZZ_CHECK(rc == 0 || c->broadcasts.count == 0, "a failed decode leaves the list empty");
    FUZZ_CHECK(c->broadcasts.count == 0 || c->broadcasts.items, "broadcasts counted are there");
    for (size_t i = 0; i < c->broadcasts.count; i++) {
        const struct bento_broadcast *b = &c->broadcasts.items[i];
        show(b->id), show(b->name), show(b->subject), show(b->html), show(b->to);
        show(b->template_id), show(b->share_url), show(b->created_at), show(b->send_at);
        show(b->sent_at);
    }
    return rc;
}
#elif defined(FUZZ_CONTENT_BATCH)
static int run(const char *body, size_t len, struct bento_content *c, struct bento_error *err)
{
    struct bento_broadcast_batch *b = &c->batch;
    int rc = bento_decode_broadcast_batch(body, len, b, err);
    FUZZ_CHECK(b->created_count == 0 || b->created, "drafts counted are there");
    FUZZ_CHECK(b->failure_count == 0 || b->failures, "failures counted are there");
    for (size_t i = 0; i < b->created_count; i++) {
        show(b->created[i].id), show(b->created[i].template_id);
        show(b->created[i].name), show(b->created[i].dashboard_url);
    }
    for (size_t i = 0; i < b->failure_count; i++) {
        FUZZ_CHECK(b->failures[i].index >= -1, "a failure's index is a position or absent");
        show(b->failures[i].name), show(b->failures[i].error);
    }
    return rc;
}
#elif defined(FUZZ_CONTENT_FLOWS)
static int run(const char *body, size_t len, struct bento_content *c, struct bento_error *err)
{
    int rc = bento_decode_flows(body, len, &c->flows, err);
    FUZZ_CHECK(rc == 0 || c->flows.count == 0, "a failed decode leaves the list empty");
    for (size_t i = 0; i < c->flows.count; i++) {
        const struct bento_flow *f = &c->flows.items[i];
        show(f->id), show(f->prefix_id), show(f->name), show(f->status), show(f->created_at);
        show_emails(f->emails, f->email_count);
    }
    return rc;
}
#elif defined(FUZZ_CONTENT_TEMPLATE)
static int run(const char *body, size_t len, struct bento_content *c, struct bento_error *err)
{
    int rc = bento_decode_template(body, len, &c->tmpl, err);
    const struct bento_template *t = &c->tmpl;
    FUZZ_CHECK(rc == 0 || !t->found, "a failed decode finds nothing");
    show(t->id), show(t->name), show(t->subject), show(t->html), show(t->created_at);
    return rc;
}
#elif defined(FUZZ_CONTENT_WSTATS)
static int run(const char *body, size_t len, struct bento_content *c, struct bento_error *err)
{
    int rc = bento_decode_workflow_stats(body, len, &c->wstats, err);
    show(c->wstats.start_date), show(c->wstats.end_date);
    FUZZ_CHECK(c->wstats.days >= -1, "days is a count or absent");
    show_emails(c->wstats.emails, c->wstats.email_count);
    return rc;
}
#else
#error "define FUZZ_CONTENT_<NAME>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bento_error err;
    struct bento_content c;
    memset(&c, 0, sizeof c);
    bento_error_clear(&err);
    if (run((const char *)data, size, &c, &err) != 0)
        check_error(&err);
    bento_content_free(&c);
    return 0;
}
