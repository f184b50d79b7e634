/* A set of id strings the caller owns, for de-duplicating list pages:
 * a hash table of pointers, so a page of many thousand rows is checked
 * in time proportional to its length, not to the rows loaded times it. */
#ifndef BENTO_TUI_IDSET_H
#define BENTO_TUI_IDSET_H

#include <stdbool.h>
#include <stddef.h>

struct tui_idset {
    const char **slots; /* NULL: empty */
    size_t cap, count;  /* cap: 0 or a power of two */
};

/* Whether id is in the set. */
bool tui_idset_has(const struct tui_idset *s, const char *id);
/* Adds id (kept as a pointer: it must outlive the set's use of it);
 * false when out of memory. An id already there is not added twice. */
bool tui_idset_add(struct tui_idset *s, const char *id);
/* Empties the set and frees its table (not the ids). */
void tui_idset_clear(struct tui_idset *s);

#endif
