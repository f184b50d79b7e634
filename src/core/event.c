/* The /batch/events object. */
#include "bento/event.h"

cJSON *bento_event_new(const char *type, const char *email, const char *date, const cJSON *fields,
                       cJSON *details)
{
    cJSON *e = cJSON_CreateObject();
    if (!e || !cJSON_AddStringToObject(e, "type", type ? type : "") ||
        !cJSON_AddStringToObject(e, "email", email ? email : "") ||
        (date && !cJSON_AddStringToObject(e, "date", date))) {
        cJSON_Delete(e);
        cJSON_Delete(details);
        return NULL;
    }
    if (cJSON_GetArraySize(fields))
        cJSON_AddItemToObject(e, "fields", cJSON_Duplicate(fields, 1));
    if (details)
        cJSON_AddItemToObject(e, "details", details);
    return e;
}
