/* Small checks an import makes on every value before anything is sent. */
#include "import_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/email.h"

/* Length of the UTF-8 sequence starting at s (at most n bytes), or 0 when
 * it is not one: overlong forms, surrogates and values past U+10FFFF are
 * refused, as RFC 3629 says. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return need;
}

long import_utf8_invalid_at(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(s + i, len - i);
        if (!n)
            return (long)i;
        i += n;
    }
    return -1;
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* "Z", "+HH:MM", "+HHMM", "+HH" or nothing. */
static bool zone_valid(const char *s)
{
    if (!*s || !strcmp(s, "Z") || !strcmp(s, "z"))
        return true;
    if (*s != '+' && *s != '-')
        return false;
    s++;
    size_t n = strlen(s);
    if (n == 2)
        return digits(s, 2) && num(s, 2) <= 23;
    if (n == 4)
        return digits(s, 4) && num(s, 2) <= 23 && num(s + 2, 2) <= 59;
    return n == 5 && digits(s, 2) && s[2] == ':' && digits(s + 3, 2) && num(s, 2) <= 23 &&
           num(s + 3, 2) <= 59;
}

/* "HH:MM[:SS[.fff]]" followed by a zone. */
static bool time_valid(const char *s)
{
    if (!digits(s, 2) || s[2] != ':' || !digits(s + 3, 2) || num(s, 2) > 23 || num(s + 3, 2) > 59)
        return false;
    s += 5;
    if (*s == ':') {
        if (!digits(s + 1, 2) || num(s + 1, 2) > 60)
            return false;
        s += 3;
        if (*s == '.' || *s == ',') {
            s++;
            if (!isdigit((unsigned char)*s))
                return false;
            while (isdigit((unsigned char)*s))
                s++;
        }
    }
    return zone_valid(s);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool import_date_valid(const char *s)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return false;
    int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap(y)))
        return false;
    if (!s[10])
        return true;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return false;
    return time_valid(s + 11);
}

char *import_tag_list(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    size_t o = 0;
    if (!out)
        return NULL;
    while (*s) {
        size_t len = strcspn(s, ",;");
        const char *a = s, *b = s + len;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        if (b > a) {
            if (o)
                out[o++] = ',';
            memcpy(out + o, a, (size_t)(b - a));
            o += (size_t)(b - a);
        }
        s += len;
        if (*s)
            s++;
    }
    out[o] = '\0';
    return out;
}

const char *import_email_check(char *email)
{
    const char *why = NULL;
    bento_email_normalize(email);
    if (!*email)
        return "no email address";
    if (!bento_email_plausible(email, &why))
        return why;
    return NULL;
}

int64_t import_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t import_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void import_iso_now(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
