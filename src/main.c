/* bento-console: a terminal admin console for the Bento email platform.
 * Copyright the bento-console authors; GPL-3.0-or-later (see COPYING). */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
