/* The fault matrix's catalogue: every answer a client path must survive,
 * as the action text of a bento-sim --fault rule (the part after
 * "GLOB:", see `bento-sim --help`), with what the user may see. The
 * command line's matrix (tests/integration/test_fault_matrix_cli.c) and
 * the console's run the same list, each with a rule of its own glob, e.g.
 * "*:" plus the action for every path. */
#ifndef FAULT_CASES_H
#define FAULT_CASES_H

#include <stddef.h>

/* Every call fails: the run ends in an error, told in one line. */
#define FAULT_FAILS 0x1u
/* The normal answer, changed (ids, nulls, missing keys, bad bytes): the
 * run may succeed, or fail with one line; its output stays safe. */
#define FAULT_MAY_PASS 0x2u
/* The answer takes until the deadline (a stall, a trickle): a run takes
 * about --timeout, so a matrix may give these fewer commands. */
#define FAULT_SLOW 0x4u
/* Retried by the client before it gives up (5xx, 429, a reset): a run may
 * take up to --timeout. */
#define FAULT_RETRIED 0x8u
/* 50 MB or 100,000 levels: heavy for a memory checker. */
#define FAULT_HEAVY 0x10u

struct fault_case {
    const char *name;   /* short, for reports: "503 HTML page" */
    const char *action; /* e.g. "status=503:body=gateway" */
    unsigned flags;     /* FAULT_* */
};

extern const struct fault_case fault_cases[];
extern const size_t fault_case_count;

#endif
