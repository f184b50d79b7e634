/* The rule for asking before a change to many people. */
#include <stdio.h>

#include "app/people_confirm.h"

bool app_people_confirm_question(const char *action, size_t people, bool dangerous, char *question,
                                 size_t size)
{
    if (!dangerous && people < APP_CONFIRM_PEOPLE_FROM)
        return false;
    snprintf(question, size, "%s for %zu %s?", action, people, people == 1 ? "person" : "people");
    if (question[0] >= 'a' && question[0] <= 'z')
        question[0] = (char)(question[0] - 'a' + 'A');
    return true;
}
