/* The secret key cannot leak through the process itself: no flag takes
 * it (the argument list is public), and a running console can leave no
 * core file behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bento/sim.h"
#include "reliability.h"
#include "runproc.h"
#include "simproc.h"

static struct simproc sim;

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--fault", "GET /fetch/tags:delay=30000", NULL};
    return simproc_start(&sim, args);
}

static int teardown(void **state)
{
    (void)state;
    simproc_stop(&sim);
    return 0;
}

static void refused(const char *const *words, const char *flag)
{
    char home[300];
    struct runproc r;
    snprintf(home, sizeof home, "%s/home", sim.dir);
    double t0 = reliability_now();
    assert_int_equal(runproc_console(sim.base_url, home, NULL, words, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, flag));
    assert_non_null(strstr(r.err, "is refused"));
    assert_non_null(strstr(r.err, "BENTO_SECRET_KEY"));
    assert_null(strstr(r.err, "sk_argv_value"));
    assert_null(strstr(r.out, "sk_argv_value"));
    reliability_record("Secrets", flag, reliability_now() - t0, r.err);
    runproc_free(&r);
}

static void test_secret_flag_refused(void **state)
{
    (void)state;
    const char *const a[] = {"--secret-key", "sk_argv_value", "tags", "list", NULL};
    const char *const b[] = {"tags", "list", "--secret-key=sk_argv_value", NULL};
    const char *const c[] = {"--secret", "sk_argv_value", "doctor", NULL};
    refused(a, "--secret-key");
    refused(b, "--secret-key");
    refused(c, "--secret");
    /* refused before anything is sent */
    assert_int_equal(simproc_journal_count(&sim, NULL, "*"), 0);
}

/* The simulator journals a delayed request as it starts to wait. */
static int delayed_requests(void)
{
    cJSON *j = simproc_journal(&sim), *e;
    int n = 0;
    cJSON_ArrayForEach(e, j)
        n += cJSON_GetObjectItem(e, "delaying") != NULL;
    cJSON_Delete(j);
    return n;
}

/* "Max core file size  SOFT  HARD  bytes" of a running process. */
static int core_limit_is_zero(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
    FILE *f = fopen(path, "r");
    int zero = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "Max core file size", 18)) {
            char soft[32] = "", hard[32] = "";
            sscanf(line + 18, "%31s %31s", soft, hard);
            zero = !strcmp(soft, "0") && !strcmp(hard, "0");
        }
    if (f)
        fclose(f);
    return zero;
}

/* The console is started with cores allowed and checked while it waits
 * on Bento (holding the key): it has turned them off itself. */
static void test_no_core_while_running(void **state)
{
    (void)state;
    char home[300];
    snprintf(home, sizeof home, "%s/home", sim.dir);
    const char *const *env = runproc_console_env(sim.base_url, home);
    int before = delayed_requests();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit all = {RLIM_INFINITY, RLIM_INFINITY};
        setrlimit(RLIMIT_CORE, &all);
        for (size_t i = 0; env[i]; i++)
            putenv((char *)env[i]);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1), dup2(null, 2);
        const char *const argv[] = {BENTO_CONSOLE_BIN, "tags", "list", "--timeout", "60", NULL};
        runproc_exec(argv);
        _exit(127);
    }
    /* the request reaching the simulator is the barrier: start-up is over */
    for (int i = 0; i < 6000 && delayed_requests() == before; i++)
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    assert_true(delayed_requests() > before);
    int zero = core_limit_is_zero(pid);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    assert_int_equal(zero, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secret_flag_refused),
        cmocka_unit_test(test_no_core_while_running),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
