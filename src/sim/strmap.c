/* A small chained hash map from strings to array indexes. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

struct strmap_node {
    char *key;
    size_t value;
    struct strmap_node *next;
};

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void strmap_init(struct strmap *m)
{
    m->nbuckets = 256;
    m->count = 0;
    m->buckets = calloc(m->nbuckets, sizeof *m->buckets);
}

void strmap_free(struct strmap *m)
{
    for (size_t i = 0; m->buckets && i < m->nbuckets; i++) {
        for (struct strmap_node *n = m->buckets[i], *next; n; n = next) {
            next = n->next;
            free(n->key);
            free(n);
        }
    }
    free(m->buckets);
    m->buckets = NULL;
    m->count = 0;
}

static void grow(struct strmap *m)
{
    size_t nb = m->nbuckets * 4;
    struct strmap_node **b = calloc(nb, sizeof *b);
    if (!b)
        return;
    for (size_t i = 0; i < m->nbuckets; i++) {
        for (struct strmap_node *n = m->buckets[i], *next; n; n = next) {
            next = n->next;
            size_t h = hash(n->key) % nb;
            n->next = b[h];
            b[h] = n;
        }
    }
    free(m->buckets);
    m->buckets = b;
    m->nbuckets = nb;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *out)
{
    if (!m->buckets)
        return false;
    for (struct strmap_node *n = m->buckets[hash(key) % m->nbuckets]; n; n = n->next) {
        if (strcmp(n->key, key) == 0) {
            if (out)
                *out = n->value;
            return true;
        }
    }
    return false;
}

bool strmap_put(struct strmap *m, const char *key, size_t value)
{
    if (!m->buckets)
        return false;
    size_t h = hash(key) % m->nbuckets;
    for (struct strmap_node *n = m->buckets[h]; n; n = n->next) {
        if (strcmp(n->key, key) == 0) {
            n->value = value;
            return true;
        }
    }
    struct strmap_node *n = malloc(sizeof *n);
    if (!n || !(n->key = strdup(key))) {
        free(n);
        return false;
    }
    n->value = value;
    n->next = m->buckets[h];
    m->buckets[h] = n;
    if (++m->count > m->nbuckets * 2)
        grow(m);
    return true;
}

void strmap_del(struct strmap *m, const char *key)
{
    if (!m->buckets)
        return;
    struct strmap_node **pp = &m->buckets[hash(key) % m->nbuckets];
    for (; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->key, key) == 0) {
            struct strmap_node *n = *pp;
            *pp = n->next;
            free(n->key);
            free(n);
            m->count--;
            return;
        }
    }
}
