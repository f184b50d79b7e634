#include "tui/tui_script.h"

#include <curses.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/tui.h"

#define MAX_KEYS 1024
#define WAIT_LIMIT_MS 20000 /* unless BENTO_CONSOLE_SCRIPT_WAIT_MS says otherwise */

struct tui_script {
    FILE *fp;
    int keys[MAX_KEYS];
    int nkeys, pos;
    unsigned lineno;
    int nowait;          /* the next line skips the idle barrier */
    char wait_text[256]; /* @wait-text: run until this is on screen */
    int64_t deadline;
    int64_t wait_limit_ms; /* for a barrier or @wait-text */
    char dir[1024];        /* relative @dump paths resolve here */
    char line[2048];       /* read, waiting for the barrier */
    bool have_line;
};

/* A slower run (the console under valgrind) is given a longer limit by
 * the harness; anything but a positive number keeps the default. */
static int64_t wait_limit(void)
{
    const char *v = getenv("BENTO_CONSOLE_SCRIPT_WAIT_MS");
    if (!v || !*v)
        return WAIT_LIMIT_MS;
    char *end;
    long long ms = strtoll(v, &end, 10);
    return ms > 0 && ms <= 86400000 && !*end ? (int64_t)ms : WAIT_LIMIT_MS;
}

struct tui_script *script_open(const char *path)
{
    struct tui_script *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->fp = fopen(path, "re");
    if (!s->fp) {
        free(s);
        return NULL;
    }
    s->wait_limit_ms = wait_limit();
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(s->dir, sizeof s->dir, "%.*s/", (int)(slash - path), path);
    return s;
}

void script_free(struct tui_script *s)
{
    if (!s)
        return;
    fclose(s->fp);
    free(s);
}

int64_t script_click_ms(const struct tui_script *s)
{
    return (int64_t)s->lineno * 60000;
}

int script_next_key(struct tui_script *s)
{
    return s->pos < s->nkeys ? s->keys[s->pos++] : -1;
}

static const struct {
    const char *name;
    int key;
} named_keys[] = {
    {"Enter", '\n'},     {"Esc", 27},        {"Tab", '\t'},        {"S-Tab", KEY_BTAB},
    {"BS", 127},         {"Space", ' '},     {"lt", '<'},          {"Up", KEY_UP},
    {"Down", KEY_DOWN},  {"Left", KEY_LEFT}, {"Right", KEY_RIGHT}, {"PgUp", KEY_PPAGE},
    {"PgDn", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},     {"Del", KEY_DC},
};

static int named_key(const char *name, size_t len)
{
    int rows, cols;
    if (len == 3 && !strncmp(name, "C-", 2))
        return name[2] & 0x1f;
    if (sscanf(name, "Resize %dx%d", &rows, &cols) == 2 && rows > 0 && cols > 0 && rows < 4096 &&
        cols < 4096)
        return TUI_KEY_RESIZE(rows, cols);
    if (sscanf(name, "Click %d %d", &rows, &cols) == 2 && rows >= 0 && cols >= 0 && rows < 4096 &&
        cols < 4096)
        return TUI_KEY_CLICK(rows, cols);
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (strlen(named_keys[i].name) == len && !strncmp(named_keys[i].name, name, len))
            return named_keys[i].key;
    return -1;
}

int script_parse_keys(const char *line, int *keys, int max)
{
    int n = 0;
    for (const char *p = line; *p && *p != '\n'; p++) {
        int key = (unsigned char)*p;
        const char *end = *p == '<' ? strchr(p, '>') : NULL;
        if (end && end > p + 1) {
            key = named_key(p + 1, (size_t)(end - p - 1));
            if (key < 0)
                return -1;
            p = end;
        }
        if (n == max)
            return -1;
        keys[n++] = key;
    }
    return n;
}

/* A cell holds a spacing character and up to CCHARW_MAX - 1 zero-width
 * ones (a joiner, a combining accent): room for all of them. */
#define ROW_CHARS(cols) ((size_t)(cols)*CCHARW_MAX)

static char *row_text(int y, int cols)
{
    wchar_t *w = calloc(ROW_CHARS(cols) + 1, sizeof *w);
    char *out = malloc(ROW_CHARS(cols) * MB_CUR_MAX + 1);
    if (!w || !out) {
        free(w);
        free(out);
        return NULL;
    }
    size_t len = 0;
    if (mvwinnwstr(stdscr, y, 0, w, (int)ROW_CHARS(cols)) == ERR)
        w[0] = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (int i = 0; w[i]; i++) {
        size_t k = wcrtomb(out + len, w[i], &st);
        if (k != (size_t)-1)
            len += k;
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = 0;
    free(w);
    return out;
}

char *script_screen_text(void)
{
    size_t cap = 1, len = 0;
    char *all = calloc(1, 1);
    for (int y = 0; all && y < LINES; y++) {
        char *row = row_text(y, COLS);
        size_t n = row ? strlen(row) : 0;
        char *grown = realloc(all, cap + n + 1);
        if (!grown) {
            free(row);
            free(all);
            return NULL;
        }
        all = grown;
        memcpy(all + len, row ? row : "", n);
        len += n;
        all[len++] = '\n';
        all[len] = 0;
        cap += n + 1;
        free(row);
    }
    return all;
}

int script_dump(const char *path)
{
    char *text = script_screen_text();
    FILE *fp = text ? fopen(path, "we") : NULL;
    if (!fp) {
        free(text);
        return -1;
    }
    fputs(text, fp);
    free(text);
    return fclose(fp) == 0 ? 0 : -1;
}

static enum script_state fail(struct tui_script *s, const char *what, const char *arg)
{
    fprintf(stderr, "script line %u: %s%s%s\n", s->lineno, what, arg ? ": " : "", arg ? arg : "");
    return SS_FAIL;
}

static bool screen_has(const char *needle)
{
    char *text = script_screen_text();
    bool found = text && strstr(text, needle);
    free(text);
    return found;
}

/* Directives start with '@'; returns SS_KEYS to go on reading lines. */
static enum script_state directive(struct tui *ui, struct tui_script *s, char *line)
{
    char *arg = strchr(line, ' ');
    if (arg)
        *arg++ = 0;
    if (ui->dirty)
        tui_draw(ui);
    if (!strcmp(line, "@dump") && arg) {
        char path[2048];
        snprintf(path, sizeof path, "%s%s", arg[0] == '/' ? "" : s->dir, arg);
        return script_dump(path) == 0 ? SS_KEYS : fail(s, "cannot write dump", path);
    }
    if (!strcmp(line, "@nowait"))
        return (s->nowait = 1), SS_KEYS;
    if (!strcmp(line, "@kill")) /* die as a kill -9 would: no clean-up at all */
        raise(SIGKILL);
    if (!strcmp(line, "@wait-idle"))
        return SS_KEYS; /* the barrier already ran before this line */
    if (!strcmp(line, "@expect-busy"))
        return tui_idle(ui) ? fail(s, "expected a request in flight", NULL) : SS_KEYS;
    if (!strcmp(line, "@expect-text") && arg)
        return screen_has(arg) ? SS_KEYS : fail(s, "text not on screen", arg);
    if (!strcmp(line, "@wait-text") && arg) {
        snprintf(s->wait_text, sizeof s->wait_text, "%s", arg);
        s->deadline = tui_now_ms() + s->wait_limit_ms;
        s->nowait = 1;
        return SS_KEYS;
    }
    return fail(s, "unknown directive", line);
}

static enum script_state barrier(struct tui *ui, struct tui_script *s)
{
    if (s->wait_text[0]) {
        if (ui->dirty)
            tui_draw(ui);
        if (!screen_has(s->wait_text))
            return tui_now_ms() > s->deadline ? fail(s, "timed out waiting for", s->wait_text)
                                              : SS_WAIT;
        s->wait_text[0] = 0;
        s->deadline = 0;
        return SS_KEYS;
    }
    /* idle includes text being typed in Compose written to its autosave */
    if (s->nowait || (tui_idle(ui) && !tui_compose_autosave_pending(ui))) {
        s->deadline = 0;
        return SS_KEYS;
    }
    if (!s->deadline)
        s->deadline = tui_now_ms() + s->wait_limit_ms;
    return tui_now_ms() > s->deadline ? fail(s, "timed out waiting for idle", NULL) : SS_WAIT;
}

/* Directives that set up how the next line waits run at once. */
static bool runs_before_barrier(const char *line)
{
    return !strcmp(line, "@nowait") || !strncmp(line, "@wait-text ", 11);
}

enum script_state script_step(struct tui *ui, struct tui_script *s)
{
    for (;;) {
        if (!s->have_line) {
            if (!fgets(s->line, sizeof s->line, s->fp))
                return SS_END;
            s->lineno++;
            s->line[strcspn(s->line, "\n")] = 0;
            if (!s->line[0] || s->line[0] == '#')
                continue;
            s->have_line = true;
        }
        if (!runs_before_barrier(s->line)) {
            enum script_state st = barrier(ui, s);
            if (st != SS_KEYS)
                return st;
        }
        s->have_line = false;
        if (s->line[0] == '@') {
            bool was_nowait = s->nowait, setup = runs_before_barrier(s->line);
            enum script_state st = directive(ui, s, s->line);
            if (st != SS_KEYS)
                return st;
            if (was_nowait && !setup)
                s->nowait = 0;
            continue;
        }
        s->nowait = 0;
        s->nkeys = script_parse_keys(s->line, s->keys, MAX_KEYS);
        s->pos = 0;
        if (s->nkeys < 0)
            return fail(s, "bad key notation", s->line);
        return SS_KEYS;
    }
}

int script_poll_timeout(const struct tui_script *s)
{
    return s->wait_text[0] || s->deadline ? 50 : -1;
}
