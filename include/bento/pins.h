/* The segments and reports a user has pinned in the console's Reports
 * pane (Bento has no list of them), kept per profile in
 * $XDG_STATE_HOME/bento-console/pins/PROFILE.json (0600). Ids and names
 * are stored as typed (validated by the caller). */
#ifndef BENTO_PINS_H
#define BENTO_PINS_H

#include <stddef.h>
#include "bento/error.h"

enum bento_pin_kind { BENTO_PIN_SEGMENT, BENTO_PIN_REPORT };

struct bento_pin {
    enum bento_pin_kind kind;
    char *id, *name;
};

struct bento_pins {
    struct bento_pin *items;
    size_t count;
    struct bento_pin *removed; /* unpinned since the last save */
    size_t removed_count;
};

/* A missing file is an empty list. 0, or -1 with err set (a file another
 * user can read, a symbolic link, bad JSON). */
int bento_pins_load(const char *profile, struct bento_pins *out, struct bento_error *err);
/* Saved under a lock, merged with the file as it is now: pins another
 * console added since follow this list's own, and those unpinned here
 * stay unpinned, so two consoles on one profile lose none. */
int bento_pins_save(const char *profile, struct bento_pins *p, struct bento_error *err);

/* Appends (or renames the pin of the same kind and id); -1 when out of memory. */
int bento_pins_add(struct bento_pins *p, enum bento_pin_kind kind, const char *id,
                   const char *name);
void bento_pins_remove(struct bento_pins *p, size_t i);
void bento_pins_free(struct bento_pins *p);

/* "segment" or "report". */
const char *bento_pin_kind_name(enum bento_pin_kind kind);

#endif
