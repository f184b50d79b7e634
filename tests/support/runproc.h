/* Run a program to completion for a test, capturing its output. */
#ifndef RUNPROC_H
#define RUNPROC_H

#include <stddef.h>

struct runproc {
    int status; /* exit code, or 128+signal */
    char *out;  /* stdout, NUL-terminated */
    char *err;  /* stderr, NUL-terminated */
};

/* argv[0] is the program path. env: NULL-terminated "K=V" strings added
 * to (or replacing in) the current environment, or bare "K" to remove a
 * variable; may be NULL. input is
 * written to stdin (NULL: stdin is /dev/null). Returns 0 or -1. */
int runproc(const char *const *argv, const char *const *env, const char *input, struct runproc *r);
void runproc_free(struct runproc *r);

/* execv(argv[0], argv); bento-console runs under valgrind memcheck when
 * $BENTO_TEST_VALGRIND names a log directory (the valgrind build of the
 * suite sets it). Returns only on failure. */
void runproc_exec(const char *const *argv);

/* Environment for running bento-console against a simproc sim with the
 * demo credentials and a private HOME/XDG tree under dir. Returns a
 * static, NULL-terminated array valid until the next call. */
const char *const *runproc_console_env(const char *base_url, const char *dir);

/* Run bento-console with words (NULL-terminated) under
 * runproc_console_env(base_url, dir) plus extra_env entries (may be NULL). */
int runproc_console(const char *base_url, const char *dir, const char *const *extra_env,
                    const char *const *words, struct runproc *r);

/* Start bento-console with words under runproc_console_env(base_url, dir),
 * its stdin, stdout and stderr on /dev/null, and return at once: for a
 * test that kills it mid-call. The pid, or -1. */
int runproc_console_spawn(const char *base_url, const char *dir, const char *const *words);

/* SIGKILL pid, as kill -9 would, and reap it: 0 when it died of that
 * signal, else -1. */
int runproc_kill9(int pid);

/* Shell lines for the scripts tests use as $EDITOR, $VISUAL or a pager:
 * next to the script, the child's environment (child-PID.env) and the
 * argument lists of its parent and grandparent (the console, whether it
 * ran the child directly or through sh), for the suite-wide secret grep
 * (tests/secrets/grep.sh). Goes right after the #! line. */
#define RUNPROC_CHILD_SPY                                              \
    "d=$(dirname \"$0\"); env > \"$d/child-$$.env\"\n"                 \
    "cat /proc/$PPID/cmdline > \"$d/parent-$$.cmdline\" 2>/dev/null\n" \
    "gp=$(cut -d' ' -f4 /proc/$PPID/stat 2>/dev/null)\n"               \
    "[ -n \"$gp\" ] && cat /proc/$gp/cmdline > \"$d/grandparent-$$.cmdline\" 2>/dev/null\n"

#endif
