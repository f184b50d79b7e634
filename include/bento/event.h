/* The event object /batch/events takes, built the same way by the
 * command line's `events track` and the console's track-event question. */
#ifndef BENTO_EVENT_H
#define BENTO_EVENT_H

#include <cjson/cJSON.h>

/* {"type", "email", "date"?, "fields"?, "details"?}: date is left out
 * when NULL, fields (copied) when it has no members, details (taken,
 * even on failure) when NULL. Returns NULL when out of memory. */
cJSON *bento_event_new(const char *type, const char *email, const char *date, const cJSON *fields,
                       cJSON *details);

#endif
