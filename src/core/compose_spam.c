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
    "bit.ly",  "bitly.com", "bit.do",       "tinyurl.com", "t.co",    "goo.gl",      "ow.ly",
    "is.gd",   "v.gd",      "buff.ly",      "rebrand.ly",  "cutt.ly", "shorturl.at", "tiny.cc",
    "t.ly",    "rb.gy",     "bl.ink",       "s.id",        "lnkd.in", "soo.gd",      "shorte.st",
    "adf.ly",  "qr.ae",     "po.st",        "dlvr.it",     "ift.tt",  "tr.im",       "x.co",
    "clck.ru", "tiny.one",  "shorturl.com",
};

#define NSHORT (sizeof shorteners / sizeof *shorteners)

static bool emoji_cp(uint32_t c)
{
    return (c >= 0x1F000 && c <= 0x1FAFF) || /* pictographs, emoticons, flags */
           (c >= 0x2600 && c <= 0x27BF) ||   /* symbols and dingbats */
           c == 0xFE0F ||                    /* "show as emoji" selector */
           c == 0x203C || c == 0x2049 || c == 0x231A || c == 0x231B ||
           (c >= 0x23E9 && c <= 0x23FA) || (c >= 0x2B05 && c <= 0x2B07) || c == 0x2B1B ||
           c == 0x2B1C || c == 0x2B50 || c == 0x2B55 || c == 0x3030 || c == 0x303D || c == 0x3297 ||
           c == 0x3299;
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

/* The shortener a host name (without "www.") is, or NULL. */
static const char *shortener(const char *host, size_t n)
{
    if (n > 4 && strncasecmp(host, "www.", 4) == 0) {
        host += 4;
        n -= 4;
    }
    for (size_t i = 0; i < NSHORT; i++)
        if (strlen(shorteners[i]) == n && strncasecmp(host, shorteners[i], n) == 0)
            return shorteners[i];
    return NULL;
}

/* One pass over the text: every run of host characters followed by a
 * path ('/', '?' or '#') is a host name to look up. */
const char *compose_find_shortener(const char *text, size_t *url_start)
{
    text = text ? text : "";
    for (size_t i = 0; text[i];) {
        if (!host_char(text[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (host_char(text[j]))
            j++;
        const char *hit = strchr("/?#", text[j]) && text[j] ? shortener(text + i, j - i) : NULL;
        if (hit) {
            if (url_start)
                *url_start = i;
            return hit;
        }
        i = j;
    }
    return NULL;
}

const char *compose_url_shortener(const char *url)
{
    const char *host = url ? url : "";
    const char *scheme = strstr(host, "://");
    if (scheme)
        host = scheme + 3;
    return shortener(host, strcspn(host, "/:?#"));
}
