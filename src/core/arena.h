/* A bump allocator for the strings of one decoded list: one free for
 * the whole list instead of one per string. Big chunks are mapped
 * straight from the kernel, so freeing a big list returns its memory at
 * once, whichever thread's malloc arena it came through. Not public API. */
#ifndef BENTO_ARENA_H
#define BENTO_ARENA_H

#include <stddef.h>

struct bento_arena;

struct bento_arena *bento_arena_new(void);
/* A NUL-terminated copy of s[0..n) (n bytes, embedded NULs and all);
 * NULL when out of memory. */
char *bento_arena_strndup(struct bento_arena *a, const char *s, size_t n);
/* Bytes the arena holds, chunks and headers included. */
size_t bento_arena_size(const struct bento_arena *a);
void bento_arena_free(struct bento_arena *a);

/* After freeing about `freed` bytes: from a megabyte up, hand glibc's
 * free pages back to the kernel (malloc keeps them otherwise, per thread
 * arena, for the rest of the session). */
void bento_mem_trim(size_t freed);

#endif
