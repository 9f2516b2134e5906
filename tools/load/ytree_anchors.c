/* ytree_anchors.c -- the parser's anchor table (ytree_anchors.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "ytree_anchors.h"

#define YANCHORS_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define YANCHORS_ROUND                                                     \
    do {                                                                   \
        v0 += v1;                                                          \
        v1 = YANCHORS_ROTL(v1, 13);                                        \
        v1 ^= v0;                                                          \
        v0 = YANCHORS_ROTL(v0, 32);                                        \
        v2 += v3;                                                          \
        v3 = YANCHORS_ROTL(v3, 16);                                        \
        v3 ^= v2;                                                          \
        v0 += v3;                                                          \
        v3 = YANCHORS_ROTL(v3, 21);                                        \
        v3 ^= v0;                                                          \
        v2 += v1;                                                          \
        v1 = YANCHORS_ROTL(v1, 17);                                        \
        v1 ^= v2;                                                          \
        v2 = YANCHORS_ROTL(v2, 32);                                        \
    } while (0)

/* SipHash-1-3 of a NUL-terminated name: a keyed hash, so that an input
 * cannot be made of names that all land in the same slot. */
static uint64_t yanchors_hash(const yanchors *t, const char *name)
{
    const unsigned char *in = (const unsigned char *)name;
    size_t len = strlen(name), end = len - len % 8;
    uint64_t v0 = 0x736f6d6570736575ULL ^ t->k0;
    uint64_t v1 = 0x646f72616e646f6dULL ^ t->k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ t->k0;
    uint64_t v3 = 0x7465646279746573ULL ^ t->k1;
    for (size_t i = 0; i < end; i += 8) {
        uint64_t m = 0;
        for (int j = 0; j < 8; j++)
            m |= (uint64_t)in[i + (size_t)j] << (8 * j);
        v3 ^= m;
        YANCHORS_ROUND;
        v0 ^= m;
    }
    uint64_t b = (uint64_t)len << 56;
    for (size_t j = 0; j < len % 8; j++)
        b |= (uint64_t)in[end + j] << (8 * j);
    v3 ^= b;
    YANCHORS_ROUND;
    v0 ^= b;
    v2 ^= 0xff;
    YANCHORS_ROUND;
    YANCHORS_ROUND;
    YANCHORS_ROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

/* splitmix64: spreads the bits of the key's ingredients. */
static uint64_t yanchors_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* The key is unpredictable from outside the process (the clock to the
 * nanosecond, the process id, the table's address under ASLR); it needs
 * no more, and no file or global state. */
void yanchors_init(yanchors *t)
{
    struct timespec a = {0, 0}, b = {0, 0};
    memset(t, 0, sizeof *t);
    clock_gettime(CLOCK_REALTIME, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    uint64_t s = yanchors_mix((uint64_t)a.tv_sec * 1000000000ULL +
                              (uint64_t)a.tv_nsec);
    s = yanchors_mix(s ^ (uint64_t)(uintptr_t)t);
    s = yanchors_mix(s ^ ((uint64_t)getpid() << 32) ^ (uint64_t)b.tv_nsec);
    t->k0 = s;
    t->k1 = yanchors_mix(s ^ (uint64_t)b.tv_sec);
}

/* The slot holding name (hash h), or the empty slot where it would go. */
static size_t yanchors_find(yanchors *t, const char *name, uint64_t h)
{
    size_t mask = t->nslot - 1, i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        t->probes++;
        size_t s = t->slot[i];
        if (!s || (t->v[s - 1].hash == h && !strcmp(t->v[s - 1].name, name)))
            return i;
    }
}

/* Doubles the slots (keeping at most half of them full) and re-places
 * every anchor.  Returns 0, or -1 when out of memory. */
static int yanchors_grow(yanchors *t)
{
    size_t nslot = t->nslot ? t->nslot * 2 : 16;
    if (nslot > (size_t)-1 / sizeof *t->slot)
        return -1;
    size_t *slot = calloc(nslot, sizeof *slot);
    if (!slot)
        return -1;
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    for (size_t k = 0; k < t->n; k++) {
        size_t i = (size_t)t->v[k].hash & (nslot - 1);
        while (slot[i])
            i = (i + 1) & (nslot - 1);
        slot[i] = k + 1;
    }
    return 0;
}

int yanchors_put(yanchors *t, char *name, const ytree *node, size_t size,
                 unsigned height)
{
    if ((t->n + 1) * 2 > t->nslot && yanchors_grow(t) != 0) {
        free(name);
        return -1;
    }
    uint64_t h = yanchors_hash(t, name);
    size_t i = yanchors_find(t, name, h);
    if (t->slot[i]) {
        yanchor *a = &t->v[t->slot[i] - 1];
        free(name);
        a->node = node;
        a->size = size;
        a->height = height;
        return 0;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        yanchor *v = cap <= (size_t)-1 / sizeof *v
                         ? realloc(t->v, cap * sizeof *v)
                         : NULL;
        if (!v) {
            free(name);
            return -1;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n] = (yanchor){name, h, node, size, height};
    t->slot[i] = ++t->n;
    return 0;
}

const yanchor *yanchors_get(yanchors *t, const char *name)
{
    if (!t->n)
        return NULL;
    size_t i = yanchors_find(t, name, yanchors_hash(t, name));
    return t->slot[i] ? &t->v[t->slot[i] - 1] : NULL;
}

void yanchors_free(yanchors *t)
{
    for (size_t k = 0; k < t->n; k++)
        free(t->v[k].name);
    free(t->v);
    free(t->slot);
    memset(t, 0, sizeof *t);
}
