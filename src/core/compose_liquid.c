/* Liquid, as far as a preview needs it: find the {{ ... }} output tags,
 * name their variables, and substitute personalizations. Bento renders
 * the real thing when it sends; this reader only has to be tolerant. */
#include "compose_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Offset just past the "%}" closing the {% tag at `at`, or 0. */
static size_t block_end(const char *text, size_t at)
{
    const char *close = strstr(text + at + 2, "%}");
    return close ? (size_t)(close - text) + 2 : 0;
}

/* The first word of the {% tag at `at` ("raw", "endraw", "if"). */
static size_t block_word(const char *text, size_t at, const char **word)
{
    const char *p = text + at + 2;
    while (*p == '-' || space(*p))
        p++;
    *word = p;
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    return n;
}

static bool word_is(const char *w, size_t n, const char *name)
{
    return n == strlen(name) && strncasecmp(w, name, n) == 0;
}

/* Past the {% end<name> %} that closes a raw or comment block, or 0
 * when it never closes. */
static size_t skip_block(const char *text, size_t from, const char *endname)
{
    for (const char *p = strstr(text + from, "{%"); p; p = strstr(p + 2, "{%")) {
        const char *w;
        size_t at = (size_t)(p - text);
        size_t n = block_word(text, at, &w);
        if (word_is(w, n, endname))
            return block_end(text, at);
    }
    return 0;
}

/* Where the next {{ or {% starts at or after pos; *is_block says which. */
static const char *next_open(const char *text, size_t pos, bool *is_block)
{
    for (const char *p = strchr(text + pos, '{'); p; p = strchr(p + 1, '{')) {
        if (p[1] == '{' || p[1] == '%') {
            *is_block = p[1] == '%';
            return p;
        }
    }
    return NULL;
}

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == '?';
}

static bool keyword(const char *s, size_t n)
{
    static const char *const words[] = {"true", "false", "nil", "null", "empty", "blank"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (word_is(s, n, words[i]))
            return true;
    return false;
}

/* The variable an expression names, into tag->name ("" for literals). */
static void read_name(const char *e, size_t n, struct liquid_tag *tag)
{
    size_t k = 0;
    tag->name[0] = '\0';
    if (n == 0 || !(isalpha((unsigned char)e[0]) || e[0] == '_'))
        return;
    while (k < n && name_char(e[k]))
        k++;
    while (k > 0 && e[k - 1] == '.')
        k--;
    if (k >= LIQUID_NAME_MAX || keyword(e, k))
        return;
    memcpy(tag->name, e, k);
    tag->name[k] = '\0';
}

/* One filter ("default: 'friend'"): note a default and its quoted text. */
static void read_filter(const char *f, size_t n, struct liquid_tag *tag)
{
    while (n && space(*f))
        f++, n--;
    if (n < 7 || strncmp(f, "default", 7) != 0 || (n > 7 && f[7] != ':' && !space(f[7])))
        return;
    tag->has_default = true;
    const char *colon = memchr(f, ':', n);
    if (!colon)
        return;
    const char *a = colon + 1, *end = f + n;
    while (a < end && space(*a))
        a++;
    if (a < end && (*a == '"' || *a == '\'')) {
        const char *q = memchr(a + 1, *a, (size_t)(end - a - 1));
        if (q) {
            tag->def = a + 1;
            tag->def_len = (size_t)(q - a - 1);
        }
    }
}

/* The inside of {{ ... }}: an expression and filters split by '|'
 * outside quotes; {{- and -}} trim markers are allowed. */
static void parse_inner(const char *s, size_t n, struct liquid_tag *tag)
{
    while (n && (*s == '-' || space(*s)))
        s++, n--;
    while (n && (s[n - 1] == '-' || space(s[n - 1])))
        n--;
    size_t start = 0;
    bool first = true;
    char quote = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : '|';
        if (quote) {
            quote = c == quote ? 0 : quote;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            continue;
        }
        if (c != '|')
            continue;
        if (first)
            read_name(s + start, i - start, tag);
        else
            read_filter(s + start, i - start, tag);
        first = false;
        start = i + 1;
    }
}

bool liquid_next(const char *text, size_t *pos, struct liquid_tag *tag)
{
    bool is_block;
    for (const char *p; (p = next_open(text, *pos, &is_block));) {
        size_t at = (size_t)(p - text);
        if (is_block) {
            const char *w;
            size_t n = block_word(text, at, &w), end = block_end(text, at);
            if (end && word_is(w, n, "raw"))
                end = skip_block(text, end, "endraw");
            else if (end && word_is(w, n, "comment"))
                end = skip_block(text, end, "endcomment");
            if (!end)
                return false;
            *pos = end;
            continue;
        }
        const char *close = strstr(p + 2, "}}");
        if (!close)
            return false;
        memset(tag, 0, sizeof *tag);
        tag->start = at;
        tag->end = (size_t)(close - text) + 2;
        parse_inner(p + 2, (size_t)(close - p - 2), tag);
        *pos = tag->end;
        return true;
    }
    return false;
}

static struct bento_liquid_ref *find_ref(struct bento_liquid_refs *refs, const char *name)
{
    for (size_t i = 0; i < refs->count; i++)
        if (strcmp(refs->items[i].name, name) == 0)
            return &refs->items[i];
    return NULL;
}

static struct bento_liquid_ref *add_ref(struct bento_liquid_refs *refs, const char *name)
{
    char *copy = strdup(name);
    struct bento_liquid_ref *grown = copy ? realloc(refs->items, (refs->count + 1) * sizeof *grown)
                                          : NULL;
    if (!grown) {
        free(copy);
        return NULL;
    }
    refs->items = grown;
    grown[refs->count] = (struct bento_liquid_ref){.name = copy};
    return &grown[refs->count++];
}

int bento_liquid_scan(const char *text, unsigned where, struct bento_liquid_refs *refs)
{
    struct liquid_tag tag;
    size_t pos = 0;
    while (text && liquid_next(text, &pos, &tag)) {
        if (!tag.name[0])
            continue;
        struct bento_liquid_ref *r = find_ref(refs, tag.name);
        if (!r && !(r = add_ref(refs, tag.name)))
            return -1;
        r->where |= where;
        r->uses++;
        r->defaulted += tag.has_default;
    }
    return 0;
}

int bento_compose_variables(const struct bento_compose *c, struct bento_liquid_refs *refs)
{
    if (bento_liquid_scan(c->subject, BENTO_IN_SUBJECT, refs) < 0 ||
        bento_liquid_scan(c->html, BENTO_IN_HTML, refs) < 0)
        return -1;
    return 0;
}

void bento_liquid_refs_free(struct bento_liquid_refs *refs)
{
    for (size_t i = 0; refs && i < refs->count; i++)
        free(refs->items[i].name);
    if (refs) {
        free(refs->items);
        refs->items = NULL;
        refs->count = 0;
    }
}

/* Append s[0, n), without the mark bytes when marking. */
static void add_text(struct cbuf *b, const char *s, size_t n, bool mark)
{
    if (!mark) {
        cbuf_add(b, s, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        size_t run = 0;
        while (i + run < n && s[i + run] != MARK_OPEN && s[i + run] != MARK_CLOSE)
            run++;
        cbuf_add(b, s + i, run);
        i += run + (i + run < n);
    }
}

char *compose_substitute(const struct bento_compose *c, const char *text, bool mark)
{
    struct cbuf b = {0};
    struct liquid_tag tag;
    size_t pos = 0, last = 0;
    text = text ? text : "";
    while (liquid_next(text, &pos, &tag)) {
        add_text(&b, text + last, tag.start - last, mark);
        const char *value = tag.name[0] ? bento_compose_get_var(c, tag.name) : NULL;
        if (value) {
            add_text(&b, value, strlen(value), mark);
        } else if (tag.def) {
            add_text(&b, tag.def, tag.def_len, mark);
        } else {
            bool marked = mark && tag.name[0];
            if (marked)
                cbuf_addc(&b, MARK_OPEN);
            add_text(&b, text + tag.start, tag.end - tag.start, mark);
            if (marked)
                cbuf_addc(&b, MARK_CLOSE);
        }
        last = tag.end;
    }
    add_text(&b, text + last, strlen(text + last), mark);
    return cbuf_take(&b);
}

char *bento_compose_substitute(const struct bento_compose *c, const char *text)
{
    return compose_substitute(c, text, false);
}
