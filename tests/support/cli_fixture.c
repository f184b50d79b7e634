#include "cli_fixture.h"

#include <stdio.h>
#include <stdlib.h>

int cli_fixture_setup(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", NULL};
    struct cli_fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, args) < 0) {
        free(f);
        return -1;
    }
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

int cli_fixture_teardown(void **state)
{
    struct cli_fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

int cli_text_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}
