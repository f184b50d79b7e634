/* One UTF-8 decoding step, strict as RFC 3629. */
#include "bento/utf8.h"

/* Length of the valid sequence at s, or 0 when it is not valid. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t need;
    uint32_t c = s[0], min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return need;
}

size_t bento_utf8_step(const char *s, size_t n, uint32_t *cp)
{
    if (n == 0) {
        *cp = BENTO_UTF8_INVALID;
        return 0;
    }
    size_t k = decode((const unsigned char *)s, n, cp);
    if (k)
        return k;
    *cp = BENTO_UTF8_INVALID;
    return 1;
}

int bento_utf8_is_bidi_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}
