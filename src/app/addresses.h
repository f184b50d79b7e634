/* Lists of email addresses for commands that act on many people: from
 * --email flags and from a file holding one address a line or a CSV with
 * an `email` column. Addresses are trimmed, lowercased and de-duplicated
 * (first occurrence wins), as the official Bento CLI does. */
#ifndef BENTO_APP_ADDRESSES_H
#define BENTO_APP_ADDRESSES_H

#include <stddef.h>
#include "bento/error.h"

/* Largest address file read (bytes, MiB): a million addresses fit. */
#define ADDRESS_FILE_MAX_MIB 64

struct address_reject {
    size_t row; /* 1-based row of the file (0: from a flag) */
    char reason[96];
    char value[128]; /* as found, sanitised for display */
};

struct address_list {
    char **items;
    size_t count, cap;
    struct address_reject *rejects;
    size_t reject_count, reject_cap;
    /* Open-addressing set over items for de-duplication: slot i holds an
     * index into items plus one, 0 when empty; kept under half full. */
    size_t *slots;
    size_t nslots;
};

/* Add one address (normalised, checked, de-duplicated in constant
 * expected time). Returns 0, or -1 when out of memory. */
int address_list_add(struct address_list *l, const char *text, size_t row);

/* Whether the list already holds addr (given normalised). */
int address_list_contains(const struct address_list *l, const char *addr);

/* Read a file ("-": standard input). Returns 0, or -1 with err set
 * (unreadable, not a regular file, over ADDRESS_FILE_MAX_MIB, no email
 * column, broken CSV). Bad addresses are kept as rejects, not errors. */
int address_list_read_file(struct address_list *l, const char *path, struct bento_error *err);

void address_list_free(struct address_list *l);

#endif
