/* The console's fault matrix: for each fault, one bento-sim answers every
 * path with it and one key script visits every pane (tags, a subscriber
 * lookup, compose, an import, broadcasts, automations, a template,
 * reports, activity), dumping each once its load has ended (the idle
 * barrier). No golden files: the faults' texts vary. Per pane: the run
 * did not crash, the status line holds one readable line about that pane
 * (or, for an answer that is only odd, the pane shows its data), no
 * escape, C1 or bidi character reached the screen, and the wait ended
 * within the deadline; then help opens, q quits with 0, and the private
 * HOME holds no half-written file. Each pane of each fault is recorded
 * for docs/RELIABILITY.md. */
#define _GNU_SOURCE
#include "screen.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reliability.h"

#define DEADLINE_S 2 /* --timeout: every request gives up after it */
#define SLACK_S 3.0  /* start-up, decoding and a loaded machine */
#define ROWS 30
#define COLS 300 /* wide enough that no message wraps */

/* One fault: the --fault action put on every path ("*:ACTION"). A
 * benign one changes the answer without making it fail: the pane may
 * show its data instead of a message. */
struct fault_case {
    const char *name, *action;
    bool benign;
    bool memcheck; /* one of the few run under valgrind (18 times slower) */
};

static const struct fault_case cases[] = {
    {"400 error", "status=400:body=error", false, true},
    {"400 errors-array", "status=400:body=errors-array", false, false},
    {"401 text", "status=401:body=text", false, true},
    {"403 html", "status=403:html", false, false},
    {"404", "status=404", false, false},
    {"422 errors-hash", "status=422:body=errors-hash", false, false},
    {"429 retry_after=600", "status=429:retry_after=600", false, false},
    {"429 retry_after=-5", "status=429:retry_after=-5", false, false},
    {"500 author", "status=500:body=author", false, false},
    {"502 gateway", "status=502:body=gateway", false, false},
    {"reset", "reset", false, true},
    {"stall", "stall", false, true},
    {"trickle=1000", "trickle=1000", false, false},
    {"truncate", "truncate", false, true},
    {"200 html", "status=200:html", false, false},
    {"body=empty", "body=empty", false, false},
    {"body=huge", "body=huge", true, false}, /* a streamed list of 50 MB is still a list */
    {"body=deep", "body=deep", false, false},
    {"body=badutf8", "body=badutf8", true, false},
    {"body=nullkeys", "body=nullkeys", true, true},
    {"body=nokeys", "body=nokeys", true, false},
    {"body=idnum", "body=idnum", true, false},
    {"body=idstr", "body=idstr", true, false},
    {"hostile", "hostile", false, true},
};
#define N_CASES (sizeof cases / sizeof cases[0])

/* The panes in the order the script visits them; `what` is a word the
 * pane's own failure message holds, so a message left from another pane
 * does not count. */
struct pane_step {
    const char *dump, *title, *what;
};

static const struct pane_step steps[] = {
    {"tags", "Tags", "tags"},
    {"subscribers", "Subscribers", "subscriber"},
    {"compose", "Compose", "authors"},
    {"import", "Subscribers", "import"},
    {"broadcasts", "Broadcasts", "broadcasts"},
    {"automations", "Automations", "s"}, /* the sequences or the workflows */
    {"templates", "Automations", "template"},
    {"reports", "Reports", "counts"},
};
#define N_STEPS (sizeof steps / sizeof steps[0])

static const char script_fmt[] = "@dump tags.txt\n"
                                 "2\nl\nada@example.com<Enter>\n@dump subscribers.txt\n"
                                 "3\n@dump compose.txt\n"
                                 "2\nI\n%s<Enter>\ny\n@wait-idle\n@dump import.txt\n"
                                 "5\n@dump broadcasts.txt\n"
                                 "6\n@dump automations.txt\n"
                                 ":templates edit 7001<Enter>\n@dump templates.txt\n<Esc>\n"
                                 "7\n@dump reports.txt\n"
                                 "4\n@dump activity.txt\n"
                                 "?\n@dump help.txt\n<Esc>\n"
                                 "q\n@dump after_quit.txt\n";

static const struct fault_case *current; /* the case the running test is for */

static int setup(void **state)
{
    const struct fault_case *fc = *state;
    current = fc;
    char rule[128];
    snprintf(rule, sizeof rule, "*:%s", fc->action);
    const char *const args[] = {"--fault", rule, NULL};
    return screen_setup_with(state, args);
}

static double mtime_of(const struct screen *s, const char *name)
{
    char path[400];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s.txt", s->dir, name);
    if (stat(path, &st) < 0)
        return -1;
    return (double)st.st_mtim.tv_sec + (double)st.st_mtim.tv_nsec / 1e9;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Row `row` of a dump (0-based) into out; "" past its end. */
static void dump_row(const char *dump, int row, char *out, size_t size)
{
    const char *p = dump;
    for (int i = 0; i < row && p; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    size_t n = p ? strcspn(p, "\n") : 0;
    if (n >= size)
        n = size - 1;
    memcpy(out, p ? p : "", n);
    out[n] = '\0';
}

/* Escape sequences, other controls, C1 (as UTF-8) and bidi overrides:
 * none may reach the screen, whatever the server sent. */
static const char *bad_char(const char *dump)
{
    for (const unsigned char *p = (const unsigned char *)dump; *p; p++) {
        if (*p == 0x1b)
            return "ESC";
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            return "a control character";
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return "a C1 control";
        if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f))
            return "a direction mark";
        if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
            return "a bidi embedding or override";
        if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
            return "a bidi isolate";
    }
    return NULL;
}

/* The status row's message, without the budget at its right ("" if none). */
static void status_message(const char *dump, char *out, size_t size)
{
    dump_row(dump, ROWS - 2, out, size);
    char *budget = NULL; /* " fetch 99/100 ...", not "[429] fetch rate limited" */
    for (char *p = strstr(out, " fetch "); p; p = strstr(p + 1, " fetch "))
        if (p[7] == '-' || (p[7] >= '0' && p[7] <= '9'))
            budget = p;
    if (budget)
        *budget = '\0';
    size_t n = strlen(out);
    while (n && out[n - 1] == ' ')
        out[--n] = '\0';
    size_t lead = strspn(out, " ");
    memmove(out, out + lead, n - lead + 1);
}

/* Whether the pane's own rows (between the tab line and the status) hold text. */
static bool shows_data(const char *dump)
{
    char row[COLS + 64];
    for (int y = 3; y < ROWS - 2; y++) {
        dump_row(dump, y, row, sizeof row);
        if (row[strspn(row, " >")] != '\0')
            return true;
    }
    return false;
}

/* A server's markup or JSON shown as it came. */
static bool raw_server_text(const char *msg)
{
    static const char *const marks[] = {"<html", "<head", "<body", "</",    "<!DOCTYPE",
                                        "{\"",   "[{",    "\\u00", "\\x1b", NULL};
    for (int i = 0; marks[i]; i++)
        if (strcasestr(msg, marks[i]))
            return true;
    return false;
}

/* The failure line: "! WHAT: REASON (e: details)", on one row, about
 * this pane, with a reason in words. */
static void expect_failure_line(const char *dump, const struct pane_step *st, const char *msg,
                                const char *label)
{
    const char *bang = strstr(msg, "! ");
    const char *colon = bang ? strstr(bang, ": ") : NULL;
    const char *tail = strstr(msg, "(e: details)");
    bool ok = bang && colon && tail && tail > colon && (size_t)(tail - colon) > 12 &&
              strstr(bang, st->what) && strstr(bang, st->what) < colon &&
              strcmp(tail, "(e: details)") == 0 && !raw_server_text(bang);
    if (!ok)
        fail_msg("%s: no one-line failure message about the pane:\n[%s]\n%s", label, msg, dump);
    /* the message may point at the status line's wait only when it is shown */
    if (strstr(msg, "status line says until when") && strncmp(msg, "[429]", 5) != 0)
        fail_msg("%s: the message names a wait the status line does not show:\n[%s]", label, msg);
    /* a load that failed says so, never that the account is empty */
    static const char *const empty_claims[] = {"No sequences or workflows on this account",
                                               "No broadcasts with this status", NULL};
    for (int i = 0; empty_claims[i]; i++)
        if (strstr(dump, empty_claims[i]))
            fail_msg("%s: the failed load shows as \"%s\":\n%s", label, empty_claims[i], dump);
}

static void check_pane(struct screen *s, const struct fault_case *fc, const struct pane_step *st,
                       double waited)
{
    char label[160], msg[COLS + 64];
    snprintf(label, sizeof label, "%s — %s", fc->name, st->dump);
    char *dump = screen_dump(s, st->dump);
    const char *bad = bad_char(dump);
    if (bad)
        fail_msg("%s: %s reached the screen:\n%s", label, bad, dump);
    char tabs[COLS + 64], want[64];
    dump_row(dump, 1, tabs, sizeof tabs);
    snprintf(want, sizeof want, " %s]", st->title);
    if (!strstr(tabs, want))
        fail_msg("%s: not on its pane:\n%s", label, dump);
    status_message(dump, msg, sizeof msg);
    if (!fc->benign)
        expect_failure_line(dump, st, msg, label);
    else if (!msg[0] && !shows_data(dump))
        fail_msg("%s: neither a message nor the pane's data:\n%s", label, dump);
    else if (strstr(msg, "! ") && raw_server_text(msg))
        fail_msg("%s: the message shows the server's raw text:\n[%s]", label, msg);
    if (waited > DEADLINE_S + SLACK_S * screen_slowdown())
        fail_msg("%s: the wait took %.2f s, past the %d s deadline", label, waited, DEADLINE_S);
    const char *bang = strstr(msg, "! ");
    reliability_record("Fault matrix: console", label, waited,
                       bang     ? bang
                       : msg[0] ? msg
                                : "(the pane shows its data)");
    free(dump);
}

/* Files a write cut short leaves ("NAME.tmp", "NAME.tmp-XXXXXX"). */
static int half_written(const char *dir, char *found, size_t size)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            n += half_written(path, found, size);
        else if (strstr(e->d_name, ".tmp")) {
            snprintf(found, size, "%s", path);
            n++;
        }
    }
    if (d)
        closedir(d);
    return n;
}

static void test_fault(void **state)
{
    struct screen *s = *state;
    const struct fault_case *fc = current;
    char csv[400], script[2400], timeout[16];
    snprintf(csv, sizeof csv, "%s/people.csv", s->dir);
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("email,first_name\nmatrix1@example.com,Ann\nmatrix2@example.com,Bob\n", fp);
    fclose(fp);
    snprintf(script, sizeof script, script_fmt, csv);
    snprintf(timeout, sizeof timeout, "%d", DEADLINE_S);
    const char *const args[] = {"--timeout", timeout, NULL};
    double t0 = wall_now();
    assert_int_equal(screen_run_full(s, ROWS, COLS, script, NULL, args), 0);
    double prev = t0;
    for (size_t i = 0; i < N_STEPS; i++) {
        double at = mtime_of(s, steps[i].dump);
        check_pane(s, fc, &steps[i], at >= prev ? at - prev : 0);
        prev = at;
    }
    /* still usable: Activity lists the calls, help opens, q quits */
    screen_expect_text(s, "activity", "[4 Activity]", 1);
    screen_expect_text(s, "activity", "GET    /fetch/", 1);
    screen_expect_text(s, "help", "Help: keys and : commands", 1);
    char path[400];
    snprintf(path, sizeof path, "%s/after_quit.txt", s->dir);
    assert_int_equal(access(path, F_OK), -1);
    char found[1200] = "";
    if (half_written(s->dir, found, sizeof found))
        fail_msg("%s: a half-written file is left: %s", fc->name, found);
}

int main(void)
{
    struct CMUnitTest tests[N_CASES];
    size_t n = 0;
    bool memcheck = getenv("BENTO_TEST_VALGRIND") != NULL;
    for (size_t i = 0; i < N_CASES; i++)
        if (!memcheck || cases[i].memcheck)
            tests[n++] = (struct CMUnitTest){.name = cases[i].name,
                                             .test_func = test_fault,
                                             .setup_func = setup,
                                             .teardown_func = screen_teardown,
                                             .initial_state = (void *)&cases[i]};
    /* BENTO_FAULT_CASE=PATTERN runs only the cases it names (cmocka's glob) */
    const char *only = getenv("BENTO_FAULT_CASE");
    if (only && *only)
        cmocka_set_test_filter(only);
    return _cmocka_run_group_tests("fault matrix", tests, n, NULL, NULL);
}
