/* The usual fixture of a CLI integration test: a simulator on an
 * ephemeral port and a private HOME under its directory. */
#ifndef CLI_FIXTURE_H
#define CLI_FIXTURE_H

#include "simproc.h"

struct cli_fixture {
    struct simproc sim;
    char home[256];
};

/* cmocka setup: an empty account with no rate limit (*state is the
 * fixture). Returns 0, or -1 when the simulator does not start. */
int cli_fixture_setup(void **state);

/* cmocka teardown for cli_fixture_setup. */
int cli_fixture_teardown(void **state);

/* The number of newline-ended lines in s: a message must be one. */
int cli_text_lines(const char *s);

#endif
