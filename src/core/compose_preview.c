/* The preview: substituted subject and body, rendered and sanitised,
 * with the places of variables that have no value. */
#include "compose_internal.h"

#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"

struct spans {
    struct bento_span *items;
    size_t count;
    bool failed;
};

static void add_span(struct spans *s, size_t start, size_t len)
{
    struct bento_span *grown = realloc(s->items, (s->count + 1) * sizeof *grown);
    if (!grown) {
        s->failed = true;
        return;
    }
    s->items = grown;
    s->items[s->count++] = (struct bento_span){start, len};
}

/* Append the sanitised form of s[0, n) (no newlines in it). */
static void add_sanitised(struct cbuf *b, const char *s, size_t n)
{
    if (n == 0)
        return;
    char *tmp = n < (SIZE_MAX - 1) / 4 ? malloc(n * 4 + 1) : NULL;
    if (!tmp) {
        b->failed = true;
        return;
    }
    size_t len = bento_sanitize(s, n, tmp, n * 4 + 1);
    cbuf_add(b, tmp, len);
    free(tmp);
}

/* raw with its whitespace squeezed to single spaces, trimmed. */
static char *squeeze(const char *raw)
{
    struct cbuf b = {0};
    bool space = false;
    for (const char *p = raw; *p; p++) {
        bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f';
        if (ws) {
            space = b.len > 0;
            continue;
        }
        if (space)
            cbuf_addc(&b, ' ');
        space = false;
        cbuf_addc(&b, *p);
    }
    return cbuf_take(&b);
}

static char *finish(const char *raw, struct spans *sp)
{
    struct cbuf b = {0};
    size_t seg = 0, open_at = 0;
    bool open = false;
    for (size_t i = 0;; i++) {
        char c = raw[i];
        if (c != '\0' && c != '\n' && c != MARK_OPEN && c != MARK_CLOSE)
            continue;
        add_sanitised(&b, raw + seg, i - seg);
        seg = i + 1;
        if (c == '\0')
            break;
        if (c == '\n') {
            cbuf_addc(&b, '\n');
        } else if (c == MARK_OPEN) {
            open = true;
            open_at = b.len;
        } else if (open) {
            add_span(sp, open_at, b.len - open_at);
            open = false;
        }
    }
    return cbuf_take(&b);
}

char *compose_finish_text(const char *raw, bool one_line, struct bento_span **spans, size_t *nspans)
{
    struct spans sp = {0};
    char *squeezed = one_line ? squeeze(raw) : NULL;
    char *out = (!one_line || squeezed) ? finish(one_line ? squeezed : raw, &sp) : NULL;
    free(squeezed);
    if (!out || sp.failed) {
        free(out);
        free(sp.items);
        *spans = NULL;
        *nspans = 0;
        return NULL;
    }
    *spans = sp.items;
    *nspans = sp.count;
    return out;
}

/* Sanitised link list, with any marks dropped; frees the raw one. */
static int finish_links(char **raw, size_t n, struct bento_text *out)
{
    int rc = 0;
    out->links = n ? calloc(n, sizeof *out->links) : NULL;
    if (n && !out->links)
        rc = -1;
    for (size_t i = 0; i < n; i++) {
        struct bento_span *sp = NULL;
        size_t nsp = 0;
        char *one = rc == 0 ? squeeze(raw[i]) : NULL;
        char *clean = one ? compose_finish_text(one, false, &sp, &nsp) : NULL;
        free(one);
        free(sp);
        free(raw[i]);
        if (!clean)
            rc = -1;
        else
            out->links[out->link_count++] = clean;
    }
    free(raw);
    return rc;
}

/* Render html (marks kept) into out; body spans into *spans. */
static int render(const char *html, struct bento_text *out, struct bento_span **spans,
                  size_t *nspans)
{
    struct cbuf raw = {0};
    char **links = NULL;
    size_t nlinks = 0;
    memset(out, 0, sizeof *out);
    int rc = compose_html_render(html, &raw, &links, &nlinks);
    rc |= finish_links(links, nlinks, out);
    char *text = rc == 0 ? cbuf_take(&raw) : NULL;
    out->text = text ? compose_finish_text(text, false, spans, nspans) : NULL;
    free(text);
    cbuf_free(&raw);
    if (!out->text) {
        bento_text_free(out);
        return -1;
    }
    return 0;
}

int bento_html_to_text(const char *html, struct bento_text *out)
{
    struct bento_span *spans = NULL;
    size_t n = 0;
    struct bento_compose none;
    bento_compose_init(&none);
    /* drop stray mark bytes the way the preview does */
    char *clean = compose_substitute(&none, html, true);
    int rc = clean ? render(clean, out, &spans, &n) : -1;
    free(clean);
    free(spans);
    if (!clean)
        memset(out, 0, sizeof *out);
    return rc;
}

void bento_text_free(struct bento_text *t)
{
    if (!t)
        return;
    free(t->text);
    for (size_t i = 0; i < t->link_count; i++)
        free(t->links[i]);
    free(t->links);
    memset(t, 0, sizeof *t);
}

int bento_compose_preview(const struct bento_compose *c, struct bento_preview *out)
{
    memset(out, 0, sizeof *out);
    char *subject = compose_substitute(c, c->subject, true);
    char *html = compose_substitute(c, c->html, true);
    int rc = subject && html ? 0 : -1;
    if (rc == 0) {
        out->subject = compose_finish_text(subject, true, &out->subject_missing,
                                           &out->subject_missing_count);
        rc = out->subject ? 0 : -1;
    }
    if (rc == 0)
        rc = render(html, &out->body, &out->body_missing, &out->body_missing_count);
    free(subject);
    free(html);
    if (rc != 0)
        bento_preview_free(out);
    return rc;
}

void bento_preview_free(struct bento_preview *p)
{
    if (!p)
        return;
    free(p->subject);
    free(p->subject_missing);
    bento_text_free(&p->body);
    free(p->body_missing);
    memset(p, 0, sizeof *p);
}
