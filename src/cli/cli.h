#ifndef BENTO_CLI_CLI_H
#define BENTO_CLI_CLI_H

/* The whole program: parse options, then run a subcommand or open the
 * console. Returns the process exit code. */
int cli_main(int argc, char **argv);

#endif
