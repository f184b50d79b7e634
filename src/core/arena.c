/* Bump allocation in chunks that double from 1 KiB to 1 MiB: a list of
 * one tag costs one small malloc, one of 100,000 tags a handful of
 * mappings. */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define CHUNK_FIRST ((size_t)1 << 10)
#define CHUNK_MAX ((size_t)1 << 20)
#define MAP_FROM ((size_t)128 << 10) /* glibc's default mmap threshold */
#define TRIM_FROM ((size_t)1 << 20)

struct chunk {
    struct chunk *next;
    size_t size; /* of the whole chunk, header included */
    size_t used;
    bool mapped;
    char data[];
};

struct bento_arena {
    struct chunk *head;
    size_t next_size;
    size_t total;
};

struct bento_arena *bento_arena_new(void)
{
    struct bento_arena *a = calloc(1, sizeof *a);
    if (a)
        a->next_size = CHUNK_FIRST;
    return a;
}

static struct chunk *chunk_new(size_t size)
{
    struct chunk *c;
    bool mapped = size >= MAP_FROM;

    if (mapped) {
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        c = p == MAP_FAILED ? NULL : p;
    } else {
        c = malloc(size);
    }
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    c->mapped = mapped;
    return c;
}

static void chunk_free(struct chunk *c)
{
    if (c->mapped)
        munmap(c, c->size);
    else
        free(c);
}

/* Room for n bytes: the current chunk, or a new one at least twice the
 * last (a string bigger than that gets a chunk of its own size). */
static char *take(struct bento_arena *a, size_t n)
{
    struct chunk *c = a->head;
    if (c && c->size - sizeof *c - c->used >= n) {
        char *p = c->data + c->used;
        c->used += n;
        return p;
    }
    if (n > SIZE_MAX / 4)
        return NULL;
    size_t size = a->next_size;
    while (size - sizeof *c < n)
        size *= 2;
    if (!(c = chunk_new(size)))
        return NULL;
    if (a->next_size < CHUNK_MAX)
        a->next_size *= 2;
    c->next = a->head;
    a->head = c;
    a->total += size;
    c->used = n;
    return c->data;
}

char *bento_arena_strndup(struct bento_arena *a, const char *s, size_t n)
{
    char *p = n < SIZE_MAX ? take(a, n + 1) : NULL;
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t bento_arena_size(const struct bento_arena *a)
{
    return a ? a->total : 0;
}

void bento_arena_free(struct bento_arena *a)
{
    if (!a)
        return;
    for (struct chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        chunk_free(c);
    }
    free(a);
}

void bento_mem_trim(size_t freed)
{
#ifdef __GLIBC__
    if (freed >= TRIM_FROM)
        malloc_trim(0);
#else
    (void)freed;
#endif
}
