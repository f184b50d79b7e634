/* HTML to the text a reader sees. Not a browser: a single forward pass
 * that is tolerant of broken markup, which email HTML often is. */
#include "compose_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIST_MAX 8

struct render {
    struct cbuf *out;
    int want_nl;        /* line breaks owed before the next text (0..2) */
    bool space;         /* a space owed before the next text */
    size_t col;         /* bytes on the current output line */
    int pre;            /* inside <pre>: keep whitespace */
    int lists;          /* open <ul>/<ol> */
    int item[LIST_MAX]; /* per list: 0 = bullets, else the next number */
    char *href;         /* link being read, or NULL */
    char **links;
    size_t nlinks;
    bool failed;
};

/* ---- output -------------------------------------------------------------- */

static void newline(struct render *r)
{
    cbuf_addc(r->out, '\n');
    r->col = 0;
}

/* Pay the line breaks and the space owed before the next text. */
static void settle(struct render *r)
{
    if (r->out->len == 0)
        r->want_nl = 0;
    /* at the start of a line one break is already paid */
    for (int i = r->col == 0 ? 1 : 0; i < r->want_nl; i++)
        newline(r);
    if (r->space && r->col) {
        cbuf_addc(r->out, ' ');
        r->col++;
    }
    r->want_nl = 0;
    r->space = false;
}

static void put_raw(struct render *r, const char *s, size_t n)
{
    settle(r);
    cbuf_add(r->out, s, n);
    r->col += n;
}

static void block(struct render *r, int lines)
{
    if (r->want_nl < lines)
        r->want_nl = lines;
    r->space = false;
}

static bool ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* One character of text (possibly a multi-byte one: s[0, n)). */
static void put_char(struct render *r, const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (n == 1 && ws(c)) {
        if (!r->pre)
            r->space = true;
        else if (c == '\n')
            newline(r);
        else if (c != '\r')
            put_raw(r, "    ", c == '\t' ? 4 : 1);
        return;
    }
    put_raw(r, s, n);
}

static void put_cp(struct render *r, uint32_t cp)
{
    struct cbuf tmp = {0};
    if (cp == 0xA0)
        cp = ' ';
    if (cp == 0xAD || cp == 0x200B || cp == 0x200C || cp == 0xFEFF)
        return; /* soft hyphen and zero-width padding (preheader tricks) */
    cbuf_add_utf8(&tmp, cp);
    if (tmp.failed)
        r->failed = true;
    else
        put_char(r, tmp.data, tmp.len);
    cbuf_free(&tmp);
}

/* ---- entities ------------------------------------------------------------ */

/* Latin-1 names, U+00A0 to U+00FF in order (accented letters, signs). */
static const char *const latin1[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"amp", '&'},       {"lt", '<'},      {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"zwnj", 0x200C},   {"zwj", 0x200D},  {"trade", 0x2122}, {"mdash", 0x2014}, {"ndash", 0x2013},
    {"hellip", 0x2026}, {"bull", 0x2022}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"euro", 0x20AC}, {"larr", 0x2190},  {"rarr", 0x2192},  {"uarr", 0x2191},
    {"darr", 0x2193},
};

static bool name_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && strncmp(s, name, n) == 0;
}

/* The code point of a named entity (case matters: &Eacute; vs &eacute;). */
static bool named(const char *s, size_t n, uint32_t *cp)
{
    for (size_t i = 0; i < sizeof entities / sizeof *entities; i++)
        if (name_is(s, n, entities[i].name))
            return *cp = entities[i].cp, true;
    for (size_t i = 0; i < 96; i++)
        if (name_is(s, n, latin1[i]))
            return *cp = 0xA0 + (uint32_t)i, true;
    return false;
}

/* A code point that may not reach the text becomes U+FFFD. */
static uint32_t safe_cp(unsigned long v)
{
    bool control = v < 0x20 && v != '\t' && v != '\n' && v != '\r';
    if (control || (v >= 0x7F && v <= 0x9F) || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return 0xFFFD;
    return (uint32_t)v;
}

/* Decode the entity at s ('&'); returns the bytes used, or 0 when it is
 * not one (the '&' is then plain text). */
static size_t entity(const char *s, uint32_t *cp)
{
    size_t n = 1;
    while (n < 12 && (isalnum((unsigned char)s[n]) || (n == 1 && s[n] == '#')))
        n++;
    if (s[n] != ';' || n < 2)
        return 0;
    if (s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        char *end;
        unsigned long v = strtoul(s + 2 + hex, &end, hex ? 16 : 10);
        if (end != s + n || end == s + 2 + hex)
            return 0;
        *cp = safe_cp(v);
        return n + 1;
    }
    return named(s + 1, n - 1, cp) ? n + 1 : 0;
}

/* s[0, n) with entities decoded (attribute values). */
static char *decode(const char *s, size_t n)
{
    struct cbuf b = {0};
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t used = s[i] == '&' ? entity(s + i, &cp) : 0;
        if (used && i + used <= n) {
            cbuf_add_utf8(&b, cp);
            i += used;
        } else {
            cbuf_addc(&b, s[i++]);
        }
    }
    char *out = cbuf_take(&b);
    char *trimmed = out ? compose_trimdup(out, strlen(out)) : NULL;
    free(out);
    return trimmed;
}

/* ---- tags ---------------------------------------------------------------- */

struct tag {
    char name[16]; /* lowercased; "" when too long to matter */
    bool closing;
    const char *attrs; /* between the name and '>' */
    size_t attrs_len;
};

/* Offset just past the '>' ending a tag starting at p, honouring quotes. */
static const char *tag_end(const char *p)
{
    char quote = 0;
    for (; *p; p++) {
        if (quote)
            quote = *p == quote ? 0 : quote;
        else if (*p == '"' || *p == '\'')
            quote = *p;
        else if (*p == '>')
            return p + 1;
    }
    return p;
}

/* Value of attribute `name` in t (decoded, allocated) or NULL. */
static char *attr(const struct tag *t, const char *name)
{
    const char *p = t->attrs, *end = t->attrs + t->attrs_len;
    while (p < end) {
        while (p < end && (ws((unsigned char)*p) || *p == '/'))
            p++;
        const char *k = p;
        while (p < end && !ws((unsigned char)*p) && *p != '=' && *p != '>' && *p != '/')
            p++;
        size_t klen = (size_t)(p - k);
        while (p < end && ws((unsigned char)*p))
            p++;
        const char *v = p;
        size_t vlen = 0;
        if (p < end && *p == '=') {
            p++;
            while (p < end && ws((unsigned char)*p))
                p++;
            char q = p < end && (*p == '"' || *p == '\'') ? *p++ : 0;
            for (v = p; p < end && (q ? *p != q : !ws((unsigned char)*p) && *p != '>'); p++)
                ;
            vlen = (size_t)(p - v);
            p += q && p < end;
        }
        if (klen == strlen(name) && strncasecmp(k, name, klen) == 0)
            return decode(v, vlen);
        if (klen == 0 && p < end)
            p++;
    }
    return NULL;
}

static const char *skip_past(const char *p, const char *what)
{
    const char *e = strstr(p, what);
    return e ? e + strlen(what) : p + strlen(p);
}

/* Past the end of the element whose content is never shown. */
static const char *skip_element(const char *p, const char *name)
{
    size_t n = strlen(name);
    for (; (p = strchr(p, '<')); p++) {
        bool close = p[1] == '/' && strncasecmp(p + 2, name, n) == 0 &&
                     !isalnum((unsigned char)p[2 + n]);
        if (close)
            return tag_end(p);
        /* <head> is also ended by <body> when </head> is missing */
        if (!strcmp(name, "head") && strncasecmp(p + 1, "body", 4) == 0)
            return p;
    }
    return "";
}

/* ---- links --------------------------------------------------------------- */

static bool keep_link(const char *url)
{
    return url && *url && url[0] != '#' && strncasecmp(url, "javascript:", 11) != 0;
}

static void end_link(struct render *r)
{
    char *url = r->href;
    size_t n = 0;
    r->href = NULL;
    if (!url)
        return;
    while (n < r->nlinks && strcmp(r->links[n], url) != 0)
        n++;
    if (n == r->nlinks) {
        char **grown = realloc(r->links, (r->nlinks + 1) * sizeof *grown);
        if (!grown) {
            r->failed = true;
            free(url);
            return;
        }
        r->links = grown;
        r->links[r->nlinks++] = url;
    } else {
        free(url);
    }
    char num[24];
    int len = snprintf(num, sizeof num, "[%zu]", n + 1);
    r->space = true;
    put_raw(r, num, (size_t)len);
}

/* ---- elements ------------------------------------------------------------ */

static const struct {
    const char *name;
    int lines; /* line breaks around it: 1 a line, 2 a paragraph */
} blocks[] = {
    {"p", 2},       {"h1", 2},     {"h2", 2},         {"h3", 2},         {"h4", 2},
    {"h5", 2},      {"h6", 2},     {"blockquote", 2}, {"pre", 2},        {"table", 1},
    {"div", 1},     {"tr", 1},     {"ul", 1},         {"ol", 1},         {"section", 1},
    {"article", 1}, {"header", 1}, {"footer", 1},     {"center", 1},     {"address", 1},
    {"dl", 1},      {"dd", 1},     {"dt", 1},         {"form", 1},       {"body", 1},
    {"main", 1},    {"nav", 1},    {"figure", 1},     {"figcaption", 1},
};

static int block_lines(const char *name)
{
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (!strcmp(name, blocks[i].name))
            return blocks[i].lines;
    return 0;
}

static void list_item(struct render *r)
{
    char prefix[32];
    int depth = r->lists > LIST_MAX ? LIST_MAX : r->lists;
    int len = 0;
    block(r, 1);
    for (int i = 1; i < depth && len < 16; i++)
        len += snprintf(prefix + len, sizeof prefix - (size_t)len, "  ");
    if (depth > 0 && r->item[depth - 1] > 0)
        len += snprintf(prefix + len, sizeof prefix - (size_t)len, "%d. ", r->item[depth - 1]++);
    else
        len += snprintf(prefix + len, sizeof prefix - (size_t)len, "- ");
    put_raw(r, prefix, (size_t)len);
}

static void list_open(struct render *r, bool ordered)
{
    if (r->lists < LIST_MAX)
        r->item[r->lists] = ordered ? 1 : 0;
    r->lists++;
}

static void image(struct render *r, const struct tag *t)
{
    char *alt = attr(t, "alt");
    if (alt && *alt) {
        r->space = r->space || r->col > 0;
        put_raw(r, "[image: ", 8);
        for (const char *p = alt; *p; p++)
            put_char(r, p, 1);
        put_raw(r, "]", 1);
    }
    free(alt);
}

static void open_tag(struct render *r, const struct tag *t)
{
    const char *n = t->name;
    int lines = block_lines(n);
    if (lines)
        block(r, lines);
    if (!strcmp(n, "br")) {
        if (r->out->len)
            r->want_nl = r->want_nl < 2 ? r->want_nl + 1 : 2;
        r->space = false;
    } else if (!strcmp(n, "hr")) {
        block(r, 1);
        put_raw(r, "----------", 10);
        block(r, 1);
    } else if (!strcmp(n, "li")) {
        list_item(r);
    } else if (!strcmp(n, "ul") || !strcmp(n, "ol")) {
        list_open(r, n[0] == 'o');
    } else if (!strcmp(n, "td") || !strcmp(n, "th")) {
        r->space = true;
    } else if (!strcmp(n, "pre")) {
        r->pre++;
    } else if (!strcmp(n, "img")) {
        image(r, t);
    } else if (!strcmp(n, "a")) {
        end_link(r);
        char *href = attr(t, "href");
        if (keep_link(href))
            r->href = href;
        else
            free(href);
    }
}

static void close_tag(struct render *r, const struct tag *t)
{
    const char *n = t->name;
    int lines = block_lines(n);
    if (lines)
        block(r, lines);
    if (!strcmp(n, "a"))
        end_link(r);
    else if ((!strcmp(n, "ul") || !strcmp(n, "ol")) && r->lists > 0)
        r->lists--;
    else if (!strcmp(n, "pre") && r->pre > 0)
        r->pre--;
    else if (!strcmp(n, "li"))
        block(r, 1);
}

static bool hidden(const char *name)
{
    static const char *const names[] = {"script", "style", "head", "title", "template"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i]))
            return true;
    return false;
}

/* Read the markup at p ('<'); returns where the text goes on, or NULL
 * when the '<' is plain text. */
static const char *markup(struct render *r, const char *p)
{
    if (strncmp(p, "<!--", 4) == 0)
        return skip_past(p + 4, "-->");
    if (p[1] == '!' || p[1] == '?')
        return tag_end(p);
    struct tag t = {.closing = p[1] == '/'};
    const char *q = p + 1 + t.closing;
    if (!isalpha((unsigned char)*q))
        return NULL;
    size_t n = 0;
    while (isalnum((unsigned char)q[n]))
        n++;
    if (n < sizeof t.name) {
        for (size_t i = 0; i < n; i++)
            t.name[i] = (char)tolower((unsigned char)q[i]);
    }
    const char *end = tag_end(q + n);
    t.attrs = q + n;
    t.attrs_len = (size_t)(end - t.attrs) - (end[-1] == '>');
    if (t.closing)
        close_tag(r, &t);
    else if (hidden(t.name))
        return skip_element(end, t.name);
    else
        open_tag(r, &t);
    return end;
}

/* Length of the UTF-8 character at p (1 for a stray byte). */
static size_t char_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

static const char *text_char(struct render *r, const char *p)
{
    uint32_t cp;
    size_t used = *p == '&' ? entity(p, &cp) : 0;
    if (used) {
        put_cp(r, cp);
        return p + used;
    }
    size_t n = char_len(p);
    bool nbsp = n == 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0;
    bool zw = n == 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
              ((unsigned char)p[2] == 0x8B || (unsigned char)p[2] == 0x8C);
    if (nbsp)
        put_char(r, " ", 1);
    else if (!zw)
        put_char(r, p, n);
    return p + n;
}

int compose_html_render(const char *html, struct cbuf *text, char ***links, size_t *nlinks)
{
    struct render r = {.out = text};
    const char *p = html ? html : "";
    while (*p) {
        const char *next = *p == '<' ? markup(&r, p) : NULL;
        p = next ? next : text_char(&r, p);
    }
    end_link(&r);
    if (r.out->len && r.col)
        newline(&r);
    *links = r.links;
    *nlinks = r.nlinks;
    return r.failed || text->failed ? -1 : 0;
}
