/* Shell completion, from the action table: the scripts `bento-console
 * completion bash|zsh|fish` prints, and the answers they ask the program
 * for (`completion complete -- WORDS...`). Commands, subcommands, flags and
 * what each flag or argument takes are read from the rows' usage and
 * summary text at run time, so a new row completes without an edit here.
 * Live values come from local files only: profile names from the profile
 * file (never a key), tag names from the cache `tags list` leaves
 * (app/tag_cache.h). Nothing here makes a network call. */
#ifndef BENTO_APP_COMPLETION_H
#define BENTO_APP_COMPLETION_H

#include <stdio.h>

/* The line that asks the shell to complete file names itself. */
#define APP_COMPLETE_FILES ":file"

/* Print the candidates for the last of argv (the words after the program
 * name; the last is the one being completed, maybe ""), one a line, or
 * APP_COMPLETE_FILES. */
void app_complete(FILE *out, int argc, char *const *argv);

/* The completion script for "bash", "zsh" or "fish"; NULL for another. */
const char *app_completion_script(const char *shell);

#endif
