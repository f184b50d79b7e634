/* A short local record of the emails sent, so the same email is not sent
 * to the same people twice by accident: $XDG_STATE_HOME/bento-console/
 * sent.json (default ~/.local/state), mode 0600, replaced atomically.
 * Each entry holds a hash of the content (recipients, subject, body and
 * personalizations; no address in clear), when it was sent, to how many,
 * and whether Bento confirmed it. Entries older than the window are
 * dropped. Both the command line and the console consult it. */
#ifndef BENTO_SENDLOG_H
#define BENTO_SENDLOG_H

#include <stddef.h>
#include <stdint.h>
#include "bento/compose.h"
#include "bento/error.h"

/* An identical send within this many seconds needs a deliberate repeat. */
#define BENTO_SENDLOG_WINDOW_S (24 * 60 * 60)
#define BENTO_SENDLOG_KEY_SIZE 17 /* 16 hex digits and a NUL */

enum bento_send_outcome {
    BENTO_SEND_QUEUED, /* Bento accepted (some of) it */
    BENTO_SEND_UNKNOWN /* no answer after it left: it may have gone */
};

struct bento_send_record {
    char key[BENTO_SENDLOG_KEY_SIZE];
    int64_t at_s; /* seconds since the epoch */
    enum bento_send_outcome outcome;
    size_t recipients;
};

/* The content's key: the account (site_uuid@base URL, so the demo and
 * another profile never collide), the normalised, de-duplicated and sorted
 * recipients, the subject, the body and the personalizations, hashed. The
 * sender and the transactional flag are not part of it: a person gets the
 * same email twice whoever sends it. Returns 0, or -1 when out of memory. */
int bento_sendlog_key(const char *account, const struct bento_compose *c,
                      char key[BENTO_SENDLOG_KEY_SIZE]);

/* The record's file (allocated); NULL when no home directory is known. */
char *bento_sendlog_path(void);

/* The newest record of key no older than the window at now_s. Returns 1
 * (rec filled), 0 when there is none, or -1 with err set when the file
 * cannot be trusted (unreadable, not a record, readable by others). */
int bento_sendlog_find(const char *key, int64_t now_s, struct bento_send_record *rec,
                       struct bento_error *err);

/* Add rec, dropping records older than the window at rec->at_s. A file
 * that cannot be read is replaced. Returns 0, or -1 with err set. */
int bento_sendlog_add(const struct bento_send_record *rec, struct bento_error *err);

const char *bento_send_outcome_name(enum bento_send_outcome o);

#endif
