/* What the process does about itself before it reads a key. */
#ifndef APP_PROCESS_GUARD_H
#define APP_PROCESS_GUARD_H

/* No core file and no ptrace attach by other processes of the same user
 * for as long as the process runs: a core of a crash would hold the
 * secret key in clear (as ssh-agent and gpg-agent do). Returns 0, or -1
 * when the system refused (the caller goes on: it is a defence, not a
 * precondition). */
int app_process_guard(void);

#endif
