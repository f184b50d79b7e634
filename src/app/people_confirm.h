/* When a change to many people is asked about first, and the question:
 * the same rule for `bento-console subscribers tag ... -f FILE` and for
 * the console's `:subscribers tag ... -f FILE`. */
#ifndef BENTO_APP_PEOPLE_CONFIRM_H
#define BENTO_APP_PEOPLE_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>

/* From this many people a change is confirmed first. */
#define APP_PEOPLE_CONFIRM_AT 10

/* Whether to ask: always for a dangerous change (subscribe, unsubscribe),
 * else from APP_PEOPLE_CONFIRM_AT people. */
bool app_people_confirm_needed(size_t people, bool dangerous);

/* "Add tag vip for 12 people?" from the action ("add tag vip"). */
void app_people_question(char *buf, size_t size, const char *action, size_t people);

#endif
