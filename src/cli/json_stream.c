/* Streaming JSON writer; see json_stream.h. */
#include "cli/json_stream.h"
#include "bento/utf8.h"

#include <string.h>

/* One thread writes a command's output: the _unlocked calls save taking
 * the stream's lock for every byte (a sixth of `tags list --json`). */

void json_stream_init(struct json_stream *js, FILE *out)
{
    memset(js, 0, sizeof *js);
    js->out = out;
}

/* The comma between siblings; none right after a key. */
static void before_value(struct json_stream *js)
{
    if (js->after_key) {
        js->after_key = false;
        return;
    }
    if (js->depth > 0 && js->depth <= JSON_STREAM_DEPTH) {
        if (js->has_items[js->depth - 1])
            putc_unlocked(',', js->out);
        js->has_items[js->depth - 1] = true;
    }
}

static void open_container(struct json_stream *js, char c, char closer)
{
    before_value(js);
    putc_unlocked(c, js->out);
    if (js->depth < JSON_STREAM_DEPTH) {
        js->has_items[js->depth] = false;
        js->closer[js->depth] = closer;
    }
    js->depth++;
}

static void close_container(struct json_stream *js)
{
    if (js->depth == 0)
        return;
    js->depth--;
    putc_unlocked(js->depth < JSON_STREAM_DEPTH ? js->closer[js->depth] : '}', js->out);
}

void json_stream_begin_object(struct json_stream *js)
{
    open_container(js, '{', '}');
}
void json_stream_begin_array(struct json_stream *js)
{
    open_container(js, '[', ']');
}
void json_stream_end_object(struct json_stream *js)
{
    close_container(js);
}
void json_stream_end_array(struct json_stream *js)
{
    close_container(js);
}

void json_stream_key(struct json_stream *js, const char *key)
{
    before_value(js);
    json_stream_write_quoted(js->out, key);
    putc_unlocked(':', js->out);
    js->after_key = true;
}

/* cJSON's escaping (print_string_ptr): the two-character escapes for
 * " \ \b \f \n \r \t, \u00xx in lower-case hex for the other bytes below
 * 0x20, every other byte (DEL, non-ASCII, invalid UTF-8) as it is. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

static void write_escape(FILE *out, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char e[7] = {'\\', 0};
    size_t n = 2;
    switch (c) {
    case '"': e[1] = '"'; break;
    case '\\': e[1] = '\\'; break;
    case '\b': e[1] = 'b'; break;
    case '\f': e[1] = 'f'; break;
    case '\n': e[1] = 'n'; break;
    case '\r': e[1] = 'r'; break;
    case '\t': e[1] = 't'; break;
    default:
        memcpy(e + 1, "u00", 3);
        e[4] = hex[c >> 4];
        e[5] = hex[c & 0xf];
        n = 6;
    }
    fwrite_unlocked(e, 1, n, out);
}

/* Length of the valid UTF-8 character at p (no overlongs, surrogates or
 * code points past U+10FFFF) with its code point in *cp, or 0. */
static size_t utf8_char(const unsigned char *p, unsigned *cp)
{
    size_t n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 0;
    static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
    unsigned v;

    if (!n || p[0] > 0xf4)
        return 0;
    v = p[0] & (0x7f >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3f);
    }
    if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

/* Bytes inside a JSON string that a terminal could act on or a parser
 * would reject: DEL, C1 and bidi controls become \u escapes, a byte that is
 * not UTF-8 becomes U+FFFD. Everything else passes as it is. */
static void write_clean(FILE *out, const unsigned char *p, size_t len)
{
    const unsigned char *end = p + len;
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && *p < 0x7f)
            p++;
        fwrite_unlocked(run, 1, (size_t)(p - run), out);
        if (p == end)
            break;
        unsigned cp = 0;
        size_t n = *p == 0x7f ? 1 : utf8_char(p, &cp);
        if (*p == 0x7f || (n && (cp < 0xa0 || bento_utf8_is_bidi_control(cp))))
            fprintf(out, "\\u%04x", *p == 0x7f ? 0x7fu : cp);
        else if (n && (size_t)(end - p) >= n)
            fwrite_unlocked(p, 1, n, out);
        else
            fwrite_unlocked("\xef\xbf\xbd", 1, 3, out), n = 1;
        p += n ? n : 1;
    }
}

void json_stream_write_text(FILE *out, const char *json)
{
    write_clean(out, (const unsigned char *)json, strlen(json));
}

void json_stream_write_quoted(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    putc_unlocked('"', out);
    while (*p) {
        const unsigned char *run = p;
        while (*p && !needs_escape(*p))
            p++;
        if (p > run)
            write_clean(out, run, (size_t)(p - run));
        if (*p)
            write_escape(out, *p++);
    }
    putc_unlocked('"', out);
}

void json_stream_string(struct json_stream *js, const char *s)
{
    if (!s) {
        json_stream_null(js);
        return;
    }
    before_value(js);
    json_stream_write_quoted(js->out, s);
}

void json_stream_null(struct json_stream *js)
{
    before_value(js);
    fwrite_unlocked("null", 1, 4, js->out);
}

void json_stream_bool(struct json_stream *js, bool v)
{
    before_value(js);
    fwrite_unlocked(v ? "true" : "false", 1, v ? 4 : 5, js->out);
}

/* cJSON prints integral doubles below 1e15 with "%1.15g", i.e. whole;
 * list counts stay far below that. */
void json_stream_size(struct json_stream *js, size_t v)
{
    before_value(js);
    fprintf(js->out, "%zu", v);
}

void json_stream_envelope_begin(struct json_stream *js, FILE *out)
{
    json_stream_init(js, out);
    json_stream_begin_object(js);
    json_stream_key(js, "success");
    json_stream_bool(js, true);
    json_stream_key(js, "error");
    json_stream_null(js);
    json_stream_key(js, "data");
    json_stream_begin_array(js);
}

void json_stream_envelope_meta(struct json_stream *js)
{
    json_stream_end_array(js);
    json_stream_key(js, "meta");
    json_stream_begin_object(js);
}

void json_stream_finish(struct json_stream *js)
{
    while (js->depth > 0)
        close_container(js);
    putc_unlocked('\n', js->out);
    fflush(js->out);
}
