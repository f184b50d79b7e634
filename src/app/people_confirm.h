/* When a change to many people is confirmed first, and the question asked:
 * the command line and the console's marked rows share this rule. */
#ifndef BENTO_APP_PEOPLE_CONFIRM_H
#define BENTO_APP_PEOPLE_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>

/* From this many people a change is confirmed even when it is not
 * dangerous. */
#define APP_CONFIRM_PEOPLE_FROM 10

/* True when changing `people` people needs a yes first (always when
 * dangerous); then question holds "Add tag vip for 10 people?" for the
 * action "add tag vip". */
bool app_people_confirm_question(const char *action, size_t people, bool dangerous, char *question,
                                 size_t size);

#endif
