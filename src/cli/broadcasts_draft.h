/* Checking one broadcast draft for `broadcasts create`. */
#ifndef BENTO_CLI_BROADCASTS_DRAFT_H
#define BENTO_CLI_BROADCASTS_DRAFT_H

#include <cjson/cJSON.h>
#include "bento/error.h"

/* in: name, subject, content (or html), from ({email, name} or an
 * address, with from_name), inclusive_tags and exclusive_tags (a comma
 * list or an array), segment_id, type, batch_size_per_hour. Returns the
 * draft as Bento takes it (caller frees), or NULL with err set. */
cJSON *broadcast_draft_check(const cJSON *in, struct bento_error *err);

#endif
