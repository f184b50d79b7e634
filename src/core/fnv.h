/* FNV-1a, 64 bits: the one hash the core's stores and checks use (the
 * import journal's file identity, duplicate rows, header columns, the
 * record of sends). Not public API. */
#ifndef BENTO_FNV_H
#define BENTO_FNV_H

#include <stddef.h>
#include <stdint.h>

#define BENTO_FNV_OFFSET 14695981039346656037ULL
#define BENTO_FNV_PRIME 1099511628211ULL

/* h folded with n bytes of data; start from BENTO_FNV_OFFSET. */
static inline uint64_t bento_fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * BENTO_FNV_PRIME;
    return h;
}

#endif
