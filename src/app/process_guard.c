/* See process_guard.h. */
#include "app/process_guard.h"

#include <sys/prctl.h>
#include <sys/resource.h>

int app_process_guard(void)
{
    struct rlimit none = {0, 0};
    int rc = setrlimit(RLIMIT_CORE, &none);
    /* not dumpable: no core even where a core handler ignores the limit,
     * and /proc/PID/mem and ptrace are closed to the user's other processes */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        rc = -1;
    return rc;
}
