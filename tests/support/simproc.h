/* Start the real bento-sim binary on an ephemeral loopback port for an
 * integration test, and read back its journal. */
#ifndef SIMPROC_H
#define SIMPROC_H

#include <stddef.h>
#include <sys/types.h>
#include <cjson/cJSON.h>

struct simproc {
    pid_t pid;
    int port;
    char base_url[128];     /* http://127.0.0.1:PORT/api/v1 */
    char journal_path[256]; /* always set: a temp file */
    char dir[200];          /* temp dir owned by this sim */
};

/* extra_args: NULL-terminated list of additional flags (may be NULL).
 * Starts `bento-sim --listen 127.0.0.1:0 --journal <tmp> ...` with
 * BENTO_SIM_SECRET_KEY=BENTO_TEST_SECRET (unless already set) and waits for its "listening on"
 * line; keeps its /proc cmdline in dir/sim.cmdline. Returns 0, or -1
 * (message on stderr). simproc_stop removes dir unless BENTO_TEST_KEEP_TMP
 * is set. */
int simproc_start(struct simproc *sp, const char *const *extra_args);
void simproc_stop(struct simproc *sp);

/* The journal so far as a JSON array of entries (caller frees). */
cJSON *simproc_journal(const struct simproc *sp);
/* Count journal entries whose method and path match (path may contain
 * '*' as fnmatch does; method NULL = any). */
int simproc_journal_count(const struct simproc *sp, const char *method, const char *path_glob);

/* Wait until the journal holds an entry with key (e.g. "delaying": a
 * delayed call is in flight; "fault": a faulted call was answered),
 * reading it every 5 ms. 0, or -1 after timeout_ms. */
int simproc_journal_wait(const struct simproc *sp, const char *key, int timeout_ms);

#endif
