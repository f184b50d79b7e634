/* Word wrapping for both front ends (see wrap.h). Widths come from
 * wcwidth(), as the console draws them, so a line wrapped here fits the
 * columns the screen gives it. */
#include "app/wrap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "bento/utf8.h"

/* The columns of the character at s (n bytes left); *len gets its bytes. */
static int char_width(const char *s, size_t n, size_t *len)
{
    uint32_t cp;
    *len = bento_utf8_step(s, n, &cp);
    if (cp == BENTO_UTF8_INVALID)
        return 1;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int app_text_width(const char *s, size_t len)
{
    int w = 0;
    while (len > 0) {
        size_t k;
        w += char_width(s, len, &k);
        s += k;
        len -= k;
    }
    return w;
}

static size_t skip_spaces(const char *s, size_t i)
{
    while (s[i] == ' ')
        i++;
    return i;
}

static size_t trim_end(const char *s, size_t end)
{
    while (end > 0 && s[end - 1] == ' ')
        end--;
    return end;
}

/* Where the line that overflowed at byte i ends: the last space outside
 * a group, else the last one at all, else the cut itself. */
static size_t break_at(const char *s, size_t i, size_t outer, size_t any, size_t *next)
{
    size_t end = outer ? outer : any ? any : i;
    *next = skip_spaces(s, end);
    return trim_end(s, end);
}

size_t app_wrap_line(const char *s, int room, bool groups, size_t *next)
{
    size_t i = 0, n = strlen(s), outer = 0, any = 0;
    int cols = 0, depth = 0;
    while (i < n) {
        if (s[i] == ' ' && trim_end(s, i) > 0) {
            any = i;
            if (depth == 0 || !groups)
                outer = i;
        } else if (s[i] == '[' || s[i] == '(') {
            depth++;
        } else if ((s[i] == ']' || s[i] == ')') && depth > 0) {
            depth--;
        }
        size_t k;
        int w = char_width(s + i, n - i, &k);
        if (cols + w > room && s[i] != ' ')
            return break_at(s, i > 0 ? i : k, outer, any, next);
        cols += w;
        i += k;
    }
    *next = n;
    return trim_end(s, n);
}

int app_wrap_count(const char *s, int room, bool groups)
{
    int lines = 1;
    size_t next;
    app_wrap_line(s, room, groups, &next);
    while (s[next]) {
        s += next;
        app_wrap_line(s, room, groups, &next);
        lines++;
    }
    return lines;
}

void app_wrap_print(FILE *out, const char *s, int col, int indent, int width, bool groups)
{
    int room = width - col;
    for (;;) {
        size_t next, len = app_wrap_line(s, room > 10 ? room : 10, groups, &next);
        fprintf(out, "%.*s\n", (int)len, s);
        s += next;
        if (!*s)
            return;
        fprintf(out, "%*s", indent, "");
        room = width - indent;
    }
}

int app_wrap_width(FILE *out)
{
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    char *end;
    long cols = env ? strtol(env, &end, 10) : 0;
    if (env && *end == 0 && cols >= 20 && cols <= 1000)
        return (int)cols;
    return 80;
}
