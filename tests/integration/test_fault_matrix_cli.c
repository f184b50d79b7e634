/* The fault matrix of the command line: every fault of the catalogue
 * (tests/support/fault_cases.h) on every path of one simulator, against
 * every command that calls Bento. Per run: the process exits by itself
 * (no signal) within its deadline and a margin; a failure is told in
 * exactly one safe line on stderr; the output holds no terminal control
 * and not the secret; the private HOME and TMPDIR hold nothing half
 * written; a write Bento may not see twice was sent at most once. Each
 * run is recorded for docs/RELIABILITY.md. Under valgrind
 * (BENTO_TEST_VALGRIND) every fault runs on three commands only. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bento/utf8.h"
#include "fault_cases.h"
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

#define AREA "Fault matrix: command line"
#define TIMEOUT "2" /* --timeout: stalls and trickles end in 2 s */
#define TIMEOUT_S 2.0
#define PARALLEL 4 /* runs at once: most of a case's time is spent waiting */
#define BODY "sequences/onboarding-2001/01-welcome-aboard.html"

/* What a run may take beyond one request's deadline: the console's
 * start-up and a loaded machine (much slower under valgrind). A fault
 * that fails every call ends the run at its first request. */
#define SLACK_S 10.0
#define SLACK_VALGRIND_S 90.0
/* A changed answer that is read may take several calls (export reads
 * every template), each with its own deadline. */
#define PASS_BOUND_S 40.0
#define PASS_BOUND_VALGRIND_S 400.0
/* A run still going after this is killed, and the test fails. */
#define KILL_AFTER_S 120.0
#define KILL_AFTER_VALGRIND_S 900.0

enum {
    C_EXIT1_OK = 0x1,  /* exit 1 is an answer (check: not valid; diff: different) */
    C_TREE = 0x2,      /* the words' "TREE" is a copy of the exported tree */
    C_EXPORT = 0x4,    /* the words' "OUT" is a folder that must not exist yet */
    C_CSV = 0x8,       /* the words' "CSV" is the 3-row import file */
    C_ONCE = 0x10,     /* at most once: once_method/once_glob at most one call */
    C_VALGRIND = 0x20, /* among the few run under valgrind */
    C_REPORT = 0x40    /* a failure is a step of the report on stdout */
};

struct command {
    const char *words[16];
    unsigned flags;
    const char *once_method, *once_glob;
};

/* clang-format off */
static const struct command commands[] = {
    {{"tags", "list"}, C_VALGRIND, NULL, NULL},
    {{"fields", "list"}, 0, NULL, NULL},
    {{"authors", "list"}, 0, NULL, NULL},
    {{"subscribers", "get", "ada@example.com"}, C_VALGRIND, NULL, NULL},
    {{"broadcasts", "list"}, 0, NULL, NULL},
    {{"sequences", "list"}, 0, NULL, NULL},
    {{"workflows", "list"}, 0, NULL, NULL},
    {{"templates", "get", "7001"}, 0, NULL, NULL},
    {{"stats", "site"}, 0, NULL, NULL},
    {{"stats", "segment", "1201"}, 0, NULL, NULL},
    {{"stats", "report", "301"}, 0, NULL, NULL},
    {{"stats", "ads"}, 0, NULL, NULL},
    {{"forms", "responses", "newsletter-signup"}, 0, NULL, NULL},
    {{"check", "email", "ada@example.com"}, C_EXIT1_OK, NULL, NULL},
    {{"check", "domain", "example.com"}, C_EXIT1_OK, NULL, NULL},
    {{"doctor"}, C_REPORT, NULL, NULL},
    {{"export", "OUT"}, C_EXPORT, NULL, NULL},
    {{"diff", "TREE"}, C_EXIT1_OK | C_TREE, NULL, NULL},
    {{"tags", "create", "fault-matrix"}, C_VALGRIND, NULL, NULL},
    {{"subscribers", "tag", "customer", "-e", "ada@example.com"}, 0, NULL, NULL},
    {{"subscribers", "import", "CSV", "--yes"}, C_CSV, NULL, NULL},
    {{"apply", "TREE", "--yes"}, C_TREE | C_ONCE, "PATCH", "/fetch/emails/templates/*"},
    {{"broadcasts", "create", "--name", "Fault matrix", "--subject", "Hello", "--html",
      "<p>Hello</p>", "--from", "jesse@example.com"}, C_ONCE, "POST", "/batch/broadcasts"},
};
/* clang-format on */
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* Files every case uses: the tree a clean account exports (one body
 * edited, so apply has something to send) and the CSV to import. */
static char root[300], tree[400], csv[400];

static bool under_valgrind(void)
{
    const char *v = getenv("BENTO_TEST_VALGRIND");
    return v && *v;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void copy_tree(const char *from, const char *to)
{
    const char *const argv[] = {"/bin/cp", "-R", from, to, NULL};
    struct runproc r;
    assert_int_equal(runproc(argv, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
}

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/fault-matrix-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root))
        return -1;
    snprintf(tree, sizeof tree, "%s/tree", root);
    snprintf(csv, sizeof csv, "%s/people.csv", root);
    write_file(csv, "email,first_name\nfm1@example.com,One\nfm2@example.com,Two\n"
                    "fm3@example.com,Three\n");
    struct simproc sim;
    const char *const args[] = {"--rate-limit", "off", NULL};
    if (simproc_start(&sim, args) < 0)
        return -1;
    char home[300];
    snprintf(home, sizeof home, "%s/home", sim.dir);
    const char *const words[] = {"export", tree, NULL};
    struct runproc r;
    int rc = runproc_console(sim.base_url, home, NULL, words, &r) == 0 && r.status == 0 ? 0 : -1;
    if (rc)
        fprintf(stderr, "export for the matrix failed: %s", r.err);
    runproc_free(&r);
    simproc_stop(&sim);
    char body[500];
    snprintf(body, sizeof body, "%s/" BODY, tree);
    FILE *f = rc ? NULL : fopen(body, "a");
    if (f) {
        fputs("<p>Edited for the fault matrix.</p>\n", f);
        fclose(f);
    }
    return f ? 0 : -1;
}

/* ---- one run ------------------------------------------------------------ */

struct run {
    const struct command *cmd;
    char dir[400];  /* private HOME, TMPDIR and files of the run */
    char what[300]; /* the command as the report names it */
    const char *argv[24];
    char words[4][420]; /* the words that name files of the run */
    pid_t pid;
    double started, seconds;
    int status;
    char *out, *err;
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (size_t n; (n = fread(buf + len, 1, cap - len - 1, f)) > 0;) {
        len += n;
        if (cap - len < 4096)
            assert_non_null(buf = realloc(buf, cap *= 2));
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

static void path_in(char *out, size_t size, const struct run *run, const char *name)
{
    snprintf(out, size, "%s/%s", run->dir, name);
}

/* The run's argv: --timeout first, the file words made paths of the run. */
static void build_argv(struct run *run)
{
    int n = 0, w = 0;
    run->argv[n++] = BENTO_CONSOLE_BIN;
    run->argv[n++] = "--timeout";
    run->argv[n++] = TIMEOUT;
    size_t used = 0;
    for (int i = 0; run->cmd->words[i]; i++) {
        const char *word = run->cmd->words[i];
        if (!strcmp(word, "OUT") || !strcmp(word, "TREE")) {
            path_in(run->words[w], sizeof run->words[w], run, word[0] == 'O' ? "out" : "tree");
            word = run->words[w++];
        } else if (!strcmp(word, "CSV")) {
            word = csv;
        }
        run->argv[n++] = word;
        used += (size_t)snprintf(run->what + used, sizeof run->what - used, "%s%s", i ? " " : "",
                                 run->cmd->words[i]);
    }
    run->argv[n] = NULL;
}

static void start_run(struct run *run, const struct simproc *sim, size_t index)
{
    snprintf(run->dir, sizeof run->dir, "%s/run-%zu", sim->dir, index);
    assert_int_equal(mkdir(run->dir, 0700), 0);
    char tmpdir[450], tmpenv[470];
    path_in(tmpdir, sizeof tmpdir, run, "tmp");
    assert_int_equal(mkdir(tmpdir, 0700), 0);
    snprintf(tmpenv, sizeof tmpenv, "TMPDIR=%s", tmpdir);
    build_argv(run);
    if (run->cmd->flags & C_TREE)
        copy_tree(tree, run->words[0]);
    char out[450], err[450];
    path_in(out, sizeof out, run, "stdout");
    path_in(err, sizeof err, run, "stderr");
    fflush(NULL);
    run->started = reliability_now();
    run->pid = fork();
    assert_true(run->pid >= 0);
    if (run->pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || o < 0 || e < 0)
            _exit(127);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        for (const char *const *v = runproc_console_env(sim->base_url, run->dir); *v; v++)
            putenv((char *)*v);
        putenv(tmpenv);
        runproc_exec(run->argv);
        _exit(127);
    }
}

/* Every run is checked and each problem printed; the test fails at the
 * end, so one run shows the whole matrix's problems. */
static int problems;
#define PROBLEM(...) (print_message(__VA_ARGS__), print_message("\n"), problems++)

/* Fails on a byte a terminal would act on: ESC and other C0 controls but
 * newline and tab, DEL, C1, bidi controls, bytes that are not UTF-8. */
static bool is_safe(const struct run *run, const char *stream, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = bento_utf8_step(text + i, len - i, &cp);
        bool bad = cp == BENTO_UTF8_INVALID || (cp < 0x20 && cp != '\n' && cp != '\t') ||
                   cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || bento_utf8_is_bidi_control(cp);
        if (bad) {
            PROBLEM("%s: raw U+%04X (byte 0x%02x) at offset %zu of its %s", run->what, (unsigned)cp,
                    (unsigned char)text[i], i, stream);
            return false;
        }
        i += k;
    }
    return true;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Nothing half-written: no temporary file (NAME.tmp-XXXXXX, NAME.XXXXXX)
 * left under the run's folder (HOME and its XDG folders), and nothing
 * left in its TMPDIR. */
static char leftover[600], run_tmpdir[450];

static bool random_suffix(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && strlen(dot + 1) == 6 && strcmp(dot + 1, "stdout") && strcmp(dot + 1, "stderr");
}

static int find_leftover(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    const char *name = path + ftw->base;
    size_t tl = strlen(run_tmpdir);
    bool in_tmp = !strncmp(path, run_tmpdir, tl) && path[tl] == '/';
    if (in_tmp || strstr(name, ".tmp") || random_suffix(name)) {
        snprintf(leftover, sizeof leftover, "%s", path);
        return 1;
    }
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* An export folder is absent, or holds the whole tree. */
static void assert_export_whole(const struct run *run, bool ok)
{
    char f[500];
    if (!ok) {
        if (exists(run->words[0]))
            fail_msg("%s failed but left %s behind", run->what, run->words[0]);
        return;
    }
    snprintf(f, sizeof f, "%s/tags.csv", run->words[0]);
    assert_true(exists(f));
    snprintf(f, sizeof f, "%s/fields.csv", run->words[0]);
    assert_true(exists(f));
}

/* doctor's report is its output: the failed step is one [FAIL] line of
 * it, and stderr stays empty. */
static void check_report(const struct fault_case *fc, const struct run *run)
{
    int fails = 0;
    for (const char *p = run->out; (p = strstr(p, "[FAIL]")); p++)
        fails++;
    if (fails != 1 || run->err[0])
        PROBLEM("%s under \"%s\": exit %d with %d failed steps and stderr %.300s", run->what,
                fc->name, run->status, fails, run->err);
}

static double slack(void)
{
    return under_valgrind() ? SLACK_VALGRIND_S : SLACK_S;
}

/* Calls to method and glob Bento may have acted on: all but those it
 * refused with a 429, after which a retry is safe. */
static int sent_for_processing(const struct simproc *sim, const char *method, const char *glob)
{
    cJSON *j = simproc_journal(sim);
    const cJSON *e;
    int n = 0;
    cJSON_ArrayForEach(e, j) {
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        const cJSON *status = cJSON_GetObjectItem(e, "status");
        n += m && path && !strcmp(m, method) && !fnmatch(glob, path, 0) &&
             cJSON_GetNumberValue(status) != 429;
    }
    cJSON_Delete(j);
    return n;
}

/* check's own report of an answer it could not read: "VALUE: no
 * verdict ..." on stdout, exit 4, stderr empty. */
static bool no_verdict(const struct run *run)
{
    if (strcmp(run->cmd->words[0], "check") || run->status != 4 || run->err[0])
        return false;
    const char *value = run->argv[5]; /* bento-console --timeout 2 check KIND VALUE */
    size_t n = strlen(value);
    return !strncmp(run->out, value, n) && !strncmp(run->out + n, ": no ", 5) &&
           lines(run->out) == 1;
}

/* The outcome against the case's promise. */
static void check_run(const struct fault_case *fc, struct run *run, const struct simproc *sim)
{
    if (run->status >= 128)
        PROBLEM("%s under \"%s\": killed by signal %d", run->what, fc->name, run->status - 128);
    bool ok = run->status == 0 ||
              (run->status == 1 && (run->cmd->flags & C_EXIT1_OK) && run->err[0] == '\0');
    if (strstr(run->out, BENTO_TEST_SECRET) || strstr(run->err, BENTO_TEST_SECRET))
        PROBLEM("%s under \"%s\": the secret is in the output", run->what, fc->name);
    is_safe(run, "stdout", run->out);
    is_safe(run, "stderr", run->err);
    if ((fc->flags & FAULT_FAILS) && ok)
        PROBLEM("%s under \"%s\": exit %d, where every call fails; stdout %.200s", run->what,
                fc->name, run->status, run->out);
    if (!ok && (run->cmd->flags & C_REPORT))
        check_report(fc, run);
    else if (!ok && !no_verdict(run) &&
             (lines(run->err) != 1 || run->err[0] == '\n' || run->err[0] == '\0'))
        PROBLEM("%s under \"%s\": exit %d with %d lines on stderr, not one:\n%.1000s", run->what,
                fc->name, run->status, lines(run->err), run->err);
    double bound = (fc->flags & FAULT_FAILS) ? TIMEOUT_S + slack()
                   : under_valgrind()        ? PASS_BOUND_VALGRIND_S
                                             : PASS_BOUND_S;
    if (run->seconds > bound)
        PROBLEM("%s under \"%s\": %.1f s, more than the %.0f s allowed", run->what, fc->name,
                run->seconds, bound);
    leftover[0] = '\0';
    path_in(run_tmpdir, sizeof run_tmpdir, run, "tmp");
    nftw(run->dir, find_leftover, 16, FTW_PHYS);
    if (leftover[0])
        PROBLEM("%s under \"%s\": left %s", run->what, fc->name, leftover);
    if (run->cmd->flags & C_EXPORT)
        assert_export_whole(run, ok);
    if (run->cmd->flags & C_ONCE) {
        int n = sent_for_processing(sim, run->cmd->once_method, run->cmd->once_glob);
        if (n > 1)
            PROBLEM("%s under \"%s\": %s %s sent %d times", run->what, fc->name,
                    run->cmd->once_method, run->cmd->once_glob, n);
    }
}

static void record_run(const struct fault_case *fc, const struct run *run)
{
    char what[400], msg[600];
    snprintf(what, sizeof what, "%s — %s", fc->name, run->what);
    const char *text = run->status == 0 || !run->err[0] ? run->out : run->err;
    const char *step = (run->cmd->flags & C_REPORT) ? strstr(text, "[FAIL]") : NULL;
    if (step)
        text = step; /* doctor: the failed step of its report */
    size_t n = strcspn(text, "\n");
    snprintf(msg, sizeof msg, "exit %d: %.*s", run->status, (int)(n < 300 ? n : 300), text);
    reliability_record(AREA, what, run->seconds, msg);
}

/* Collect a finished run: its status, time and output. */
static void finish_run(struct run *run, int ws)
{
    run->seconds = reliability_now() - run->started;
    run->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    char path[450];
    path_in(path, sizeof path, run, "stdout");
    run->out = slurp(path);
    unlink(path); /* a 50 MB list printed: checked, not kept */
    path_in(path, sizeof path, run, "stderr");
    run->err = slurp(path);
    unlink(path);
    run->pid = 0;
}

/* Wait for any run to end (SIGCHLD, blocked), killing those past the
 * bound; returns the index of the run that ended. */
static size_t wait_any(struct run *runs, size_t n)
{
    double kill_after = under_valgrind() ? KILL_AFTER_VALGRIND_S : KILL_AFTER_S;
    for (;;) {
        int ws;
        pid_t pid = waitpid(-1, &ws, WNOHANG);
        for (size_t i = 0; pid > 0 && i < n; i++)
            if (runs[i].pid == pid) {
                finish_run(&runs[i], ws);
                return i;
            }
        for (size_t i = 0; i < n; i++)
            if (runs[i].pid > 0 && reliability_now() - runs[i].started > kill_after) {
                kill(runs[i].pid, SIGKILL);
                fail_msg("%s: still running after %.0f s", runs[i].what, kill_after);
            }
        sigset_t chld;
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        struct timespec tick = {1, 0};
        sigtimedwait(&chld, NULL, &tick);
    }
}

static bool selected(const struct command *c)
{
    return !under_valgrind() || (c->flags & C_VALGRIND);
}

/* One fault on every path of one simulator, every command against it. */
static void run_case(const struct fault_case *fc)
{
    char rule[200];
    snprintf(rule, sizeof rule, "*:%s", fc->action);
    const char *const args[] = {"--rate-limit", "off", "--fault", rule, NULL};
    struct simproc sim;
    assert_int_equal(simproc_start(&sim, args), 0);
    struct run runs[NCOMMANDS] = {0};
    size_t next = 0, running = 0, done = 0, total = 0;
    for (size_t i = 0; i < NCOMMANDS; i++)
        total += selected(&commands[i]);
    while (done < total) {
        while (running < PARALLEL && next < NCOMMANDS) {
            if (selected(&commands[next])) {
                runs[next].cmd = &commands[next];
                start_run(&runs[next], &sim, next);
                running++;
            }
            next++;
        }
        size_t i = wait_any(runs, NCOMMANDS);
        running--;
        done++;
        record_run(fc, &runs[i]);
        int before = problems;
        check_run(fc, &runs[i], &sim);
        if (problems == before) /* checked: a thousand runs' files would slow the secret grep */
            nftw(runs[i].dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
        free(runs[i].out);
        free(runs[i].err);
    }
    /* every path answered with the fault: the glob matched them all */
    cJSON *j = simproc_journal(&sim);
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        const char *fault = cJSON_GetStringValue(cJSON_GetObjectItem(e, "fault"));
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
        if (path && !cJSON_GetObjectItem(e, "delaying") && (!fault || strcmp(fault, rule)))
            PROBLEM("\"%s\": %s was answered without the fault", fc->name, path);
    }
    cJSON_Delete(j);
    simproc_stop(&sim);
}

static void test_matrix(void **state)
{
    (void)state;
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    const char *only = getenv("BENTO_FAULT_MATRIX_ONLY"); /* one case, by name, for debugging */
    for (size_t i = 0; i < fault_case_count; i++)
        if (!only || !strcmp(only, fault_cases[i].name))
            run_case(&fault_cases[i]);
    if (problems)
        fail_msg("%d problems in the matrix (above)", problems);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
