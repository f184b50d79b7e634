/* The confirmation rule for changes to many people, shared by both ends. */
#include "app/people_confirm.h"

#include <stdio.h>

bool app_people_confirm_needed(size_t people, bool dangerous)
{
    return dangerous || people >= APP_PEOPLE_CONFIRM_AT;
}

void app_people_question(char *buf, size_t size, const char *action, size_t people)
{
    if (!size)
        return;
    snprintf(buf, size, "%s for %zu %s?", action, people, people == 1 ? "person" : "people");
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}
