/* The checks made before a send, each a one-line finding on a field. */
#include "compose_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/email.h"
#include "bento/sanitize.h"

#define SHOWN_MAX 64     /* user text quoted in a message, in bytes */
#define INVALID_SHOWN 10 /* bad addresses listed one by one */

struct checker {
    const struct bento_compose *c;
    struct bento_findings *out;
    bool failed;
};

__attribute__((format(printf, 5, 6))) static void add(struct checker *k,
                                                      enum bento_compose_field field,
                                                      enum bento_severity sev, const char *code,
                                                      const char *fmt, ...)
{
    struct bento_finding *grown = realloc(k->out->items, (k->out->count + 1) * sizeof *grown);
    if (!grown) {
        k->failed = true;
        return;
    }
    k->out->items = grown;
    struct bento_finding *f = &grown[k->out->count++];
    f->field = field;
    f->severity = sev;
    f->code = code;
    /* Cut to size by the sanitiser, which cuts between characters: a plain
     * vsnprintf would split a UTF-8 character at the end of a long message. */
    char raw[BENTO_FINDING_MSG_MAX * 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    bento_sanitize_line(raw, strlen(raw), f->message, sizeof f->message);
    if (sev == BENTO_SEV_ERROR)
        k->out->errors++;
    else
        k->out->warnings++;
}

/* User text made safe and short enough to quote in a message. */
static const char *shown(const char *s, char *buf, size_t size)
{
    char tmp[SHOWN_MAX * 4 + 8];
    size_t n = bento_sanitize_line(s ? s : "", s ? strlen(s) : 0, tmp, sizeof tmp);
    if (n > SHOWN_MAX) {
        size_t cut = SHOWN_MAX;
        while (cut > 0 && ((unsigned char)tmp[cut] & 0xC0) == 0x80)
            cut--;
        snprintf(buf, size, "%.*s...", (int)cut, tmp);
    } else {
        size_t k = n < size ? n : size - 1; /* n <= SHOWN_MAX fits; the compiler cannot tell */
        memcpy(buf, tmp, k);
        buf[k] = 0;
    }
    return buf;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!strchr(" \t\r\n\v\f", *s))
            return false;
    return true;
}

/* ---- to ---- */

static void check_to(struct checker *k)
{
    const struct bento_compose *c = k->c;
    if (c->to_count == 0) {
        add(k, BENTO_FIELD_TO, BENTO_SEV_ERROR, "to_missing", "Add at least one recipient");
        return;
    }
    char **norm = compose_normalized_to(c);
    bool *keep = calloc(c->to_count, sizeof *keep);
    size_t dups = norm && keep ? compose_mark_unique(norm, c->to_count, keep) : (size_t)-1;
    size_t bad = 0;
    for (size_t i = 0; dups != (size_t)-1 && i < c->to_count; i++) {
        const char *why;
        char buf[SHOWN_MAX + 8];
        if (bento_email_plausible(norm[i], &why) || !keep[i])
            continue;
        if (++bad <= INVALID_SHOWN)
            add(k, BENTO_FIELD_TO, BENTO_SEV_ERROR, "to_invalid",
                "\"%s\" is not a plausible address: %s", shown(c->to[i], buf, sizeof buf), why);
    }
    if (bad > INVALID_SHOWN)
        add(k, BENTO_FIELD_TO, BENTO_SEV_ERROR, "to_invalid",
            "... and %zu more implausible addresses", bad - INVALID_SHOWN);
    if (dups != (size_t)-1 && dups > 0)
        add(k, BENTO_FIELD_TO, BENTO_SEV_WARNING, "to_duplicate",
            "%zu address%s listed more than once; each recipient gets one email", dups,
            dups == 1 ? " is" : "es are");
    if (dups == (size_t)-1)
        k->failed = true;
    bento_compose_recipients_free(norm, c->to_count);
    free(keep);
}

/* ---- from ---- */

static void list_authors(char *buf, size_t size, const char *const *authors, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < 3 && used < size; i++) {
        char one[SHOWN_MAX + 8];
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         shown(authors[i], one, sizeof one));
        used += w > 0 ? (size_t)w : 0;
    }
    if (n > 3 && used < size)
        snprintf(buf + used, size - used, ", ...");
}

static void check_from(struct checker *k, const char *const *authors, size_t n)
{
    const char *from = k->c->from, *why;
    char buf[SHOWN_MAX + 8], norm[256];
    if (blank(from)) {
        add(k, BENTO_FIELD_FROM, BENTO_SEV_ERROR, "from_missing",
            "Choose the sender: one of the account's authors");
        return;
    }
    snprintf(norm, sizeof norm, "%s", from);
    bento_email_normalize(norm);
    if (!bento_email_plausible(norm, &why)) {
        add(k, BENTO_FIELD_FROM, BENTO_SEV_ERROR, "from_invalid",
            "\"%s\" is not a plausible address: %s", shown(from, buf, sizeof buf), why);
        return;
    }
    for (size_t i = 0; authors && i < n; i++)
        if (authors[i] && strcasecmp(authors[i], norm) == 0)
            return;
    if (!authors)
        return;
    char list[160];
    list_authors(list, sizeof list, authors, n);
    if (n == 0)
        add(k, BENTO_FIELD_FROM, BENTO_SEV_ERROR, "from_not_author",
            "The account has no authors: add %s under Emails -> Authors in Bento",
            shown(norm, buf, sizeof buf));
    else
        add(k, BENTO_FIELD_FROM, BENTO_SEV_ERROR, "from_not_author",
            "%s is not an author of this account (authors: %s)", shown(norm, buf, sizeof buf),
            list);
}

/* ---- subject and body ---- */

static void check_subject(struct checker *k, const char *final_subject)
{
    const char *s = k->c->subject;
    if (blank(s)) {
        add(k, BENTO_FIELD_SUBJECT, BENTO_SEV_ERROR, "subject_missing", "The subject is empty");
        return;
    }
    if (strpbrk(s, "\r\n"))
        add(k, BENTO_FIELD_SUBJECT, BENTO_SEV_ERROR, "subject_multiline",
            "The subject must be a single line");
    if (compose_find_emoji(final_subject) >= 0)
        add(k, BENTO_FIELD_SUBJECT, BENTO_SEV_WARNING, "subject_emoji",
            "Emoji in the subject may get the email flagged as spam (Bento then sends one an hour)");
    const char *host = compose_find_shortener(final_subject, NULL);
    if (host)
        add(k, BENTO_FIELD_SUBJECT, BENTO_SEV_WARNING, "subject_shortener",
            "The subject has a %s link; URL shorteners may get the email flagged as spam", host);
}

static void check_html(struct checker *k, const char *final_html)
{
    const char *h = k->c->html;
    size_t len = h ? strlen(h) : 0;
    if (blank(h)) {
        add(k, BENTO_FIELD_HTML, BENTO_SEV_ERROR, "html_missing", "The body is empty");
        return;
    }
    if (len > BENTO_COMPOSE_HTML_MAX)
        add(k, BENTO_FIELD_HTML, BENTO_SEV_ERROR, "html_too_large",
            "The body is %zu KiB; the limit is %u KiB", (len + 1023) / 1024,
            BENTO_COMPOSE_HTML_MAX / 1024);
    else if (len > BENTO_COMPOSE_HTML_WARN)
        add(k, BENTO_FIELD_HTML, BENTO_SEV_WARNING, "html_large",
            "The body is %zu KiB; Gmail clips messages over about 100 KiB", (len + 1023) / 1024);
    const char *host = compose_find_shortener(final_html, NULL);
    if (host)
        add(k, BENTO_FIELD_HTML, BENTO_SEV_WARNING, "html_shortener",
            "The body links through %s; URL shorteners may get the email flagged as spam, "
            "so link to your own domain",
            host);
    if (compose_find_emoji(final_html) >= 0)
        add(k, BENTO_FIELD_HTML, BENTO_SEV_WARNING, "html_emoji",
            "The body has emoji, which Bento says may get the email flagged as spam");
}

/* ---- personalizations ---- */

static const char *places(unsigned where)
{
    return where == (BENTO_IN_SUBJECT | BENTO_IN_HTML) ? "subject and body"
           : where == BENTO_IN_SUBJECT                 ? "subject"
                                                       : "body";
}

/* Several recipients and one set of values: each reads the first
 * variable's value meant for one person ("Hello Ada" to grace@ too). */
static void check_shared(struct checker *k, const struct bento_liquid_refs *refs)
{
    char **to = NULL, key[SHOWN_MAX + 8], value[SHOWN_MAX + 8];
    size_t n = 0;
    if (bento_compose_recipients(k->c, &to, &n) < 0)
        k->failed = true;
    bento_compose_recipients_free(to, n);
    for (size_t i = 0; n > 1 && i < refs->count; i++) {
        const char *v = bento_compose_get_var(k->c, refs->items[i].name);
        if (!v)
            continue;
        add(k, BENTO_FIELD_VARS, BENTO_SEV_WARNING, "variable_shared",
            "All %zu recipients get the same personalizations (%s=%s): send one each, or take "
            "each person's fields (v in the console's review)",
            n, shown(refs->items[i].name, key, sizeof key), shown(v, value, sizeof value));
        return;
    }
}

static void check_vars(struct checker *k)
{
    struct bento_liquid_refs refs = {0};
    char buf[SHOWN_MAX + 8];
    if (bento_compose_variables(k->c, &refs) < 0)
        k->failed = true;
    for (size_t i = 0; i < refs.count; i++) {
        const struct bento_liquid_ref *r = &refs.items[i];
        if (bento_compose_get_var(k->c, r->name) || r->defaulted == r->uses)
            continue;
        shown(r->name, buf, sizeof buf);
        if (strchr(r->name, '.'))
            add(k, BENTO_FIELD_VARS, BENTO_SEV_WARNING, "variable_unverified",
                "{{ %s }} in the %s has no personalization; it is empty unless Bento fills it", buf,
                places(r->where));
        else
            add(k, BENTO_FIELD_VARS, BENTO_SEV_ERROR, "variable_missing",
                "{{ %s }} in the %s has no value: add the personalization %s=VALUE", buf,
                places(r->where), buf);
    }
    for (size_t i = 0; i < k->c->var_count; i++) {
        const char *key = k->c->vars[i].key;
        bool used = false;
        for (size_t j = 0; key && j < refs.count && !used; j++)
            used = strcmp(refs.items[j].name, key) == 0;
        if (blank(key))
            add(k, BENTO_FIELD_VARS, BENTO_SEV_WARNING, "variable_blank",
                "A personalization has no name and is left out");
        else if (!used)
            add(k, BENTO_FIELD_VARS, BENTO_SEV_WARNING, "variable_unused",
                "The personalization %s is not used in the subject or body",
                shown(key, buf, sizeof buf));
    }
    check_shared(k, &refs);
    bento_liquid_refs_free(&refs);
}

/* ---- all ---- */

static int rank(const struct bento_finding *f)
{
    return (int)f->field * 2 + (f->severity == BENTO_SEV_ERROR ? 0 : 1);
}

/* Stable sort: field order, errors first. */
static void order(struct bento_findings *f)
{
    for (size_t i = 1; i < f->count; i++) {
        struct bento_finding x = f->items[i];
        size_t j = i;
        for (; j > 0 && rank(&f->items[j - 1]) > rank(&x); j--)
            f->items[j] = f->items[j - 1];
        f->items[j] = x;
    }
}

int bento_compose_check(const struct bento_compose *c, const char *const *authors,
                        size_t author_count, struct bento_findings *out)
{
    struct checker k = {.c = c, .out = out};
    char *subject = bento_compose_substitute(c, c->subject);
    char *html = bento_compose_substitute(c, c->html);
    if (!subject || !html)
        k.failed = true;
    check_to(&k);
    check_from(&k, authors, author_count);
    if (subject && html) {
        check_subject(&k, subject);
        check_html(&k, html);
    }
    check_vars(&k);
    if (c->transactional)
        add(&k, BENTO_FIELD_TRANSACTIONAL, BENTO_SEV_WARNING, "transactional",
            "Transactional: people who unsubscribed will receive it too");
    free(subject);
    free(html);
    order(out);
    return k.failed ? -1 : 0;
}

void bento_findings_free(struct bento_findings *f)
{
    if (!f)
        return;
    free(f->items);
    memset(f, 0, sizeof *f);
}

const struct bento_finding *bento_findings_for(const struct bento_findings *f,
                                               enum bento_compose_field field)
{
    for (size_t i = 0; f && i < f->count; i++)
        if (f->items[i].field == field)
            return &f->items[i];
    return NULL;
}

const char *bento_compose_field_name(enum bento_compose_field field)
{
    static const char *const names[BENTO_FIELD__COUNT] = {
        [BENTO_FIELD_TO] = "to",
        [BENTO_FIELD_FROM] = "from",
        [BENTO_FIELD_SUBJECT] = "subject",
        [BENTO_FIELD_HTML] = "html",
        [BENTO_FIELD_VARS] = "personalizations",
        [BENTO_FIELD_TRANSACTIONAL] = "transactional",
    };
    return (int)field >= 0 && field < BENTO_FIELD__COUNT ? names[field] : "unknown";
}
