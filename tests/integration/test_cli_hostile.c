/* Hostile server text on the command line: against `bento-sim --seed
 * hostile` every read command's human output and --json output (stdout and
 * stderr) holds no ESC, no other C0 control but newline and tab, no DEL, no
 * C1 control (raw or UTF-8), no bidi control and no byte that is not
 * UTF-8; the --json output still parses. The strings come from the
 * catalogue in src/sim/sim_hostile.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "bento/utf8.h"
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

static struct simproc sim;
static char home[300];

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--seed", "hostile", NULL};
    if (simproc_start(&sim, args) < 0)
        return -1;
    snprintf(home, sizeof home, "%s/home", sim.dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    simproc_stop(&sim);
    return 0;
}

/* Fails on the first thing in text a terminal would act on (a carriage
 * return only before a newline: a terminal's line end). */
static void assert_safe(const char *what, const char *stream, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = bento_utf8_step(text + i, len - i, &cp);
        bool crlf = cp == '\r' && text[i + strspn(text + i, "\r")] == '\n';
        bool bad = cp == BENTO_UTF8_INVALID || (cp < 0x20 && cp != '\n' && cp != '\t' && !crlf) ||
                   cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || bento_utf8_is_bidi_control(cp);
        if (bad)
            fail_msg("%s: raw U+%04X (byte 0x%02x) at offset %zu of its %s: ...%.60s", what,
                     (unsigned)cp, (unsigned char)text[i], i, stream, text + (i > 30 ? i - 30 : 0));
        i += k;
    }
}

/* Run words (with --json in front when json); exit 0 (1 for a check that
 * found something), safe output, and
 * for --json one document that parses. Returns the output (caller frees). */
static char *run_safe(const char *const *words, bool json)
{
    const char *argv[16];
    int n = 0;
    if (json)
        argv[n++] = "--json";
    for (int i = 0; words[i] && n < 15; i++)
        argv[n++] = words[i];
    argv[n] = NULL;
    char what[200] = "";
    for (int i = 0; argv[i]; i++)
        snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", i ? " " : "", argv[i]);
    struct runproc r;
    assert_int_equal(runproc_console(sim.base_url, home, NULL, argv, &r), 0);
    if (r.status != 0 && !(r.status == 1 && !strcmp(words[0], "check")))
        fail_msg("%s: exit %d; stderr %s", what, r.status, r.err);
    assert_safe(what, "stdout", r.out);
    assert_safe(what, "stderr", r.err);
    if (json) {
        cJSON *j = cJSON_Parse(r.out);
        if (!j)
            fail_msg("%s: the output does not parse: %.200s", what, r.out);
        cJSON_Delete(j);
    }
    char *out = strdup(r.out);
    runproc_free(&r);
    return out;
}

/* The id of the first record in `words --json` whose `key` starts with
 * prefix (the hostile records' ids depend on the seed's order). */
static char *find_id(const char *const *words, const char *key, const char *prefix)
{
    char *out = run_safe(words, true);
    cJSON *j = cJSON_Parse(out), *e;
    free(out);
    char *id = NULL;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "data")) {
        const cJSON *a = cJSON_GetObjectItem(e, "attributes");
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(a ? a : e, key));
        const cJSON *idv = cJSON_GetObjectItem(e, "id");
        if (!id && v && !strncmp(v, prefix, strlen(prefix)))
            id = cJSON_IsString(idv) ? strdup(idv->valuestring) : NULL;
    }
    cJSON_Delete(j);
    return id;
}

static void check(const char *const *words, const char *shown)
{
    char *human = run_safe(words, false);
    if (shown && !strstr(human, shown))
        fail_msg("%s %s: the output lacks \"%s\":\n%s", words[0], words[1], shown, human);
    free(human);
    free(run_safe(words, true));
}

/* Run words on a terminal (a pty): what the user would see there. */
static char *run_tty(const char *const *words)
{
    const char *argv[16] = {BENTO_CONSOLE_BIN};
    for (int i = 0; words[i] && i < 14; i++)
        argv[i + 1] = words[i];
    struct winsize ws = {.ws_row = 50, .ws_col = 200};
    int fd;
    fflush(NULL);
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    assert_true(pid >= 0);
    if (pid == 0) {
        for (const char *const *e = runproc_console_env(sim.base_url, home); *e; e++)
            putenv((char *)*e);
        putenv("NO_COLOR=1");
        runproc_exec(argv);
        _exit(127);
    }
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    assert_non_null(out);
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 60000) <= 0)
            fail_msg("%s %s: no end of output on the terminal within 60 s", words[0], words[1]);
        if (len + 4096 > cap)
            assert_non_null(out = realloc(out, cap *= 2));
        ssize_t n = read(fd, out + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* EIO: the child closed its side */
        len += (size_t)n;
    }
    out[len] = 0;
    close(fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("%s %s on a terminal: status %d; output %.300s", words[0], words[1], status, out);
    assert_safe(words[0], "terminal", out);
    return out;
}

/* What is made for files (--csv, --html) goes out byte for byte on a
 * pipe, and escaped on a terminal. */
static void test_files_on_a_terminal(void **state)
{
    (void)state;
    static const struct {
        const char *words[6];
        const char *shown;
    } cmds[] = {
        {{"templates", "get", "7044", "--html", NULL}, "csi \\e[H\\e[2J"},
        {{"tags", "list", "--csv", NULL}, "osc \\e]0;pwned"},
        {{"fields", "list", "--csv", NULL}, "osc \\e]0;pwned"},
        {{"stats", "report", "399", "--csv", NULL}, "\\u202e"},
        {{"stats", "ads", "--csv", NULL}, "\\e[10;10H"},
        {{"forms", "responses", "newsletter-signup", "--csv", NULL}, "\\u202e"},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        char *seen = run_tty(cmds[i].words);
        if (!strstr(seen, cmds[i].shown))
            fail_msg("%s %s on a terminal lacks \"%s\":\n%.2000s", cmds[i].words[0],
                     cmds[i].words[1], cmds[i].shown, seen);
        free(seen);
    }
    struct runproc r;
    const char *const piped[] = {"templates", "get", "7044", "--html", NULL};
    assert_int_equal(runproc_console(sim.base_url, home, NULL, piped, &r), 0);
    assert_non_null(strstr(r.out, "csi \x1b[H\x1b[2J")); /* the file gets the bytes */
    runproc_free(&r);
    reliability_record("Hostile text", "templates get --html and --csv exports on a terminal", -1,
                       "escaped line by line; byte for byte only into a pipe or a file");
}

static void test_lists(void **state)
{
    (void)state;
    static const char *const cmds[][6] = {
        {"tags", "list", NULL},
        {"fields", "list", NULL},
        {"authors", "list", NULL},
        {"subscribers", "get", "hostile@example.com", NULL},
        {"broadcasts", "list", NULL},
        {"sequences", "list", NULL},
        {"workflows", "list", NULL},
        {"stats", "report", "399", NULL},
        {"stats", "report", "399", "--chart", NULL},
        {"stats", "ads", NULL},
        {"stats", "ads", "--dimension", "campaign", NULL},
        {"forms", "responses", "newsletter-signup", NULL},
        {"check", "domain", "example.com", NULL},
        {"check", "content", "Hello there", NULL},
        {"check", "email", "ada@example.com", "--ruleset", NULL},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
        check(cmds[i], NULL);
    reliability_record("Hostile text", "every list and check command on the hostile seed", -1,
                       "escaped in human output (\\e, \\xNN, \\uNNNN) and in --json");
}

static void test_records(void **state)
{
    (void)state;
    char *bc = find_id((const char *const[]){"broadcasts", "list", NULL}, "name", "csi ");
    assert_non_null(bc);
    check((const char *const[]){"broadcasts", "get", bc, NULL}, "\\e[10;10H");
    free(bc);
    /* 7044: the third email of the hostile sequence (2666), the CSI entry */
    check((const char *const[]){"templates", "get", "7044", NULL}, "\\e[10;10H");
    check((const char *const[]){"workflows", "stats", "3666", NULL}, NULL);
    reliability_record("Hostile text", "a broadcast, a template and a workflow with hostile text",
                       -1, "names, subjects and bodies escaped in human output and --json");
}

/* Invalid UTF-8 in every string of every answer (ids and delay units
 * too, which the seed keeps plain): the output is still safe. */
static void test_invalid_utf8_everywhere(void **state)
{
    (void)state;
    struct simproc seeded = sim;
    char seeded_home[sizeof home];
    memcpy(seeded_home, home, sizeof home);
    static const char *const args[] = {"--fault", "*:body=badutf8", NULL};
    assert_int_equal(simproc_start(&sim, args), 0);
    snprintf(home, sizeof home, "%s/home", sim.dir);
    static const char *const commands[][4] = {
        {"sequences", "list", NULL}, {"workflows", "list", NULL},  {"templates", "get", "7001"},
        {"tags", "list", NULL},      {"broadcasts", "list", NULL}, {"authors", "list", NULL},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        free(run_safe(commands[i], false));
        free(run_safe(commands[i], true));
    }
    simproc_stop(&sim);
    sim = seeded;
    memcpy(home, seeded_home, sizeof home);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_files_on_a_terminal),
        cmocka_unit_test(test_invalid_utf8_everywhere),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
