/* Screen tests: run the real bento-console against a bento-sim with a key
 * script (BENTO_CONSOLE_SCRIPT) on a virtual screen, then compare the
 * screens it dumped with tests/screen/golden/NAME.txt.
 * BENTO_UPDATE_GOLDEN=1 rewrites the golden files instead. */
#ifndef SCREEN_H
#define SCREEN_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "runproc.h"
#include "simproc.h"

struct screen {
    struct simproc sim;
    char dir[300];      /* script, dumps and the console's HOME */
    struct runproc out; /* of the last console run */
    bool profile_url;   /* run without --base-url nor BENTO_API_BASE_URL: the profile's */
};

/* How many times slower than a normal run this one is allowed to be:
 * BENTO_TEST_SLOWDOWN, which the valgrind build sets (the console runs
 * under memcheck), else 1. It lengthens the console's idle limit and the
 * stalls a test acts during, never what a test asserts. */
static inline int screen_slowdown(void)
{
    const char *v = getenv("BENTO_TEST_SLOWDOWN");
    int n = v ? atoi(v) : 1;
    return n > 1 && n <= 100 ? n : 1;
}

/* A stall of ms milliseconds, scaled by screen_slowdown(). */
static inline int screen_stall_ms(int ms)
{
    return ms * screen_slowdown();
}

static inline int screen_setup_with(void **state, const char *const *sim_args)
{
    struct screen *s = calloc(1, sizeof *s);
    if (!s || simproc_start(&s->sim, sim_args) < 0) {
        free(s);
        return -1;
    }
    snprintf(s->dir, sizeof s->dir, "%s", s->sim.dir);
    *state = s;
    return 0;
}

static inline int screen_teardown(void **state)
{
    struct screen *s = *state;
    runproc_free(&s->out);
    simproc_stop(&s->sim);
    free(s);
    return 0;
}

static inline char *screen_read_file(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    fclose(fp);
    if (buf)
        buf[len] = 0;
    return buf;
}

/* Run the console on a rows x cols screen with `script`; extra_env may
 * add or override variables (NULL-terminated, may be NULL). Returns the
 * exit status. */
static inline int screen_run_full(struct screen *s, int rows, int cols, const char *script,
                                  const char *const *extra_env, const char *const *extra_args)
{
    char path[400], lines[32], columns[32], script_var[440], wait_var[64];
    snprintf(path, sizeof path, "%s/script.txt", s->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(script, fp);
    fclose(fp);
    snprintf(lines, sizeof lines, "LINES=%d", rows);
    snprintf(columns, sizeof columns, "COLUMNS=%d", cols);
    snprintf(script_var, sizeof script_var, "BENTO_CONSOLE_SCRIPT=%s", path);
    const char *env[40];
    int n = 0;
    for (const char *const *e = runproc_console_env(s->sim.base_url, s->dir); *e; e++)
        env[n++] = *e;
    const char *fixed[] = {lines,
                           columns,
                           script_var,
                           "TERM=xterm",
                           "BENTO_CONSOLE_FAKE_CLOCK=1",
                           "INPUTRC=/dev/null",
                           "LC_ALL=C.UTF-8",
                           "TZ=UTC",
                           "NO_COLOR",
                           NULL};
    for (int i = 0; fixed[i]; i++)
        env[n++] = fixed[i];
    if (screen_slowdown() > 1) { /* the console's 20 s idle limit, scaled */
        snprintf(wait_var, sizeof wait_var, "BENTO_CONSOLE_SCRIPT_WAIT_MS=%d",
                 20000 * screen_slowdown());
        env[n++] = wait_var;
    }
    for (int i = 0; extra_env && extra_env[i] && n < 38; i++)
        env[n++] = extra_env[i];
    if (s->profile_url)
        env[n++] = "BENTO_API_BASE_URL";
    env[n] = NULL;
    const char *argv[16] = {BENTO_CONSOLE_BIN, "--base-url", s->sim.base_url};
    int argc = s->profile_url ? 1 : 3;
    for (int i = 0; extra_args && extra_args[i] && argc < 15; i++)
        argv[argc++] = extra_args[i];
    argv[argc] = NULL;
    runproc_free(&s->out);
    memset(&s->out, 0, sizeof s->out);
    assert_int_equal(runproc(argv, env, NULL, &s->out), 0);
    if (s->out.status != 0)
        fprintf(stderr, "bento-console exited %d; stderr:\n%s\n", s->out.status,
                s->out.err ? s->out.err : "");
    return s->out.status;
}

static inline int screen_run_env(struct screen *s, int rows, int cols, const char *script,
                                 const char *const *extra_env)
{
    return screen_run_full(s, rows, cols, script, extra_env, NULL);
}

static inline int screen_run(struct screen *s, int rows, int cols, const char *script)
{
    return screen_run_env(s, rows, cols, script, NULL);
}

/* The dump `name` (written by `@dump name.txt`). */
static inline char *screen_dump(struct screen *s, const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s.txt", s->dir, name);
    char *text = screen_read_file(path);
    if (!text)
        fail_msg("no dump %s: did the script reach `@dump %s.txt`?", path, name);
    return text;
}

/* Tags the simulator creates during a test carry today's date: write it
 * as TODAY-DATE (same width) so golden files do not age. */
static inline void screen_mask_today(char *text)
{
    for (int back = 0; back < 2; back++) {
        char day[16];
        time_t t = time(NULL) - back * 86400;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
        for (char *p = strstr(text, day); p; p = strstr(p + 10, day))
            memcpy(p, "TODAY-DATE", 10);
    }
}

/* The simulator listens on an ephemeral port: write its URL as
 * http://127.0.0.1:PORT/... so golden files do not depend on it. */
static inline void screen_mask_sim_url(const struct screen *s, char *text)
{
    const char *colon = strrchr(s->sim.base_url, ':');
    size_t head = colon ? (size_t)(colon - s->sim.base_url) + 1 : 0;
    size_t port = colon ? strspn(colon + 1, "0123456789") : 0;
    if (!colon || port < 4)
        return;
    for (char *p = strstr(text, s->sim.base_url); p; p = strstr(p, s->sim.base_url)) {
        memcpy(p + head, "PORT", 4);
        memmove(p + head + 4, p + head + port, strlen(p + head + port) + 1);
        p += head + 4;
    }
}

/* Under memcheck a request the golden file shows in milliseconds may take
 * a second, which the fake clock writes " #s": there, compare "#ms" and
 * " #s" as one (same width); a normal run still tells them apart. */
static inline void screen_mask_slow_units(char *text)
{
    if (!text || screen_slowdown() == 1)
        return;
    for (char *p = strstr(text, "#ms"); p; p = strstr(p + 3, "#ms"))
        memcpy(p, " #s", 3);
}

/* Compare dump `name` with tests/screen/golden/name.txt. */
static inline void screen_expect_golden(struct screen *s, const char *name)
{
    char golden[600];
    snprintf(golden, sizeof golden, "%s/tests/screen/golden/%s.txt", BENTO_SOURCE_DIR, name);
    char *got = screen_dump(s, name);
    screen_mask_today(got);
    screen_mask_sim_url(s, got);
    const char *update = getenv("BENTO_UPDATE_GOLDEN");
    if (update && *update && strcmp(update, "0") != 0) {
        FILE *fp = fopen(golden, "w");
        assert_non_null(fp);
        fputs(got, fp);
        fclose(fp);
        free(got);
        return;
    }
    char *want = screen_read_file(golden);
    screen_mask_slow_units(want);
    screen_mask_slow_units(got);
    if (!want || strcmp(want, got) != 0) {
        fprintf(stderr,
                "screen %s differs from %s\n--- expected\n%s--- got\n%s---\n"
                "(BENTO_UPDATE_GOLDEN=1 rewrites the golden file)\n",
                name, golden, want ? want : "(missing)\n", got);
        free(want);
        free(got);
        fail();
    }
    free(want);
    free(got);
}

/* Assert a dump contains (or lacks) a piece of text. */
static inline void screen_expect_text(struct screen *s, const char *name, const char *text,
                                      int present)
{
    char *got = screen_dump(s, name);
    int found = strstr(got, text) != NULL;
    if (found != present)
        fprintf(stderr, "screen %s %s \"%s\":\n%s", name, present ? "lacks" : "unexpectedly shows",
                text, got);
    free(got);
    assert_int_equal(found, present);
}

#endif
