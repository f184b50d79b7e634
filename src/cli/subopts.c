#include "cli/subopts.h"

#include <stdlib.h>
#include <string.h>

int cli_subopts_begin(struct subopts *s, int argc, char **argv)
{
    s->ac = argc + 1;
    s->av = calloc((size_t)argc + 2, sizeof *s->av);
    if (!s->av)
        return 1;
    s->av[0] = "bento-console";
    memcpy(s->av + 1, argv, (size_t)argc * sizeof *s->av);
    optind = 0; /* 0, not 1: glibc then also forgets its scan of the last argv */
    opterr = 0;
    return 0;
}

int cli_subopts_next(struct subopts *s, const char *shortopts, const struct option *longopts)
{
    return getopt_long(s->ac, s->av, shortopts, longopts, NULL);
}

void cli_subopts_end(struct subopts *s)
{
    free(s->av);
    s->av = NULL;
}
