/* What Bento names as spam triggers for /batch/emails: emoji and URL
 * shorteners (either may get the content flagged, and sending then drops
 * to one email an hour). Both tests are heuristics that err on the side
 * of warning. */
#include "compose_internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Public link shorteners, matched as whole host names. */
static const char *const shorteners[] = {
    "bit.ly", "bitly.com", "bit.do", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd",
    "v.gd", "buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "t.ly", "rb.gy",
    "bl.ink", "s.id", "lnkd.in", "soo.gd", "shorte.st", "adf.ly", "qr.ae", "po.st",
    "dlvr.it", "ift.tt", "tr.im", "x.co", "clck.ru", "tiny.one", "shorturl.com",
};

#define NSHORT (sizeof shorteners / sizeof *shorteners)

static bool emoji_cp(uint32_t c)
{
    return (c >= 0x1F000 && c <= 0x1FAFF) ||   /* pictographs, emoticons, flags */
           (c >= 0x2600 && c <= 0x27BF) ||     /* symbols and dingbats */
           c == 0xFE0F ||                      /* "show as emoji" selector */
           c == 0x203C || c == 0x2049 || c == 0x231A || c == 0x231B ||
           (c >= 0x23E9 && c <= 0x23FA) || (c >= 0x2B05 && c <= 0x2B07) ||
           c == 0x2B1B || c == 0x2B1C || c == 0x2B50 || c == 0x2B55 ||
           c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299;
}

/* Decode one UTF-8 character loosely; *n gets its length (1 on junk). */
static uint32_t next_cp(const unsigned char *s, size_t *n)
{
    unsigned char c = s[0];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    uint32_t cp = need == 1 ? c : need == 2 ? (c & 0x1Fu) : need == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *n = 1;
            return c;
        }
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    *n = need;
    return cp;
}

long compose_find_emoji(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    for (size_t i = 0; p[i];) {
        size_t n;
        if (emoji_cp(next_cp(p + i, &n)))
            return (long)i;
        i += n;
    }
    return -1;
}

static bool host_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '.';
}

/* Is the shortener name at text+at a host of its own (not part of a
 * longer one) followed by a path? */
static bool whole_host(const char *text, size_t at, size_t len)
{
    char before = at ? text[at - 1] : ' ';
    char after = text[at + len];
    bool left = !host_char(before) || (before == '.' && at >= 4 &&
                                       strncasecmp(text + at - 4, "www.", 4) == 0);
    return left && (after == '/' || after == '?' || after == '#');
}

static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

const char *compose_find_shortener(const char *text, size_t *url_start)
{
    const char *best = NULL;
    size_t best_at = 0;
    text = text ? text : "";
    for (size_t i = 0; i < NSHORT; i++) {
        size_t len = strlen(shorteners[i]);
        for (const char *p = find_ci(text, shorteners[i]); p; p = find_ci(p + 1, shorteners[i])) {
            size_t at = (size_t)(p - text);
            if ((!best || at < best_at) && whole_host(text, at, len)) {
                best = shorteners[i];
                best_at = at;
            }
            if (best && at >= best_at)
                break;
        }
    }
    if (best && url_start)
        *url_start = best_at;
    return best;
}

const char *compose_url_shortener(const char *url)
{
    const char *host = url ? url : "";
    const char *scheme = strstr(host, "://");
    if (scheme)
        host = scheme + 3;
    if (strncasecmp(host, "www.", 4) == 0)
        host += 4;
    size_t n = strcspn(host, "/:?#");
    for (size_t i = 0; i < NSHORT; i++)
        if (strlen(shorteners[i]) == n && strncasecmp(host, shorteners[i], n) == 0)
            return shorteners[i];
    return NULL;
}
