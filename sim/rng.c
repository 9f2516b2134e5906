/* rng.c -- named streams: MT19937 states filled from SplitMix64.
 *
 * gsl_rng_set() takes only 32 bits of seed for MT19937, so thousands of
 * (replication, stream) pairs would start to collide.  We instead hash the
 * key to 64 bits and fill the whole 624-word state from SplitMix64, the
 * seeding method recommended by the xoshiro authors for large states.
 */
#include <string.h>
#include "rng.h"

/* The layout of GSL's mt19937 state (gsl/rng/mt.c); stable since 1998. */
typedef struct {
    unsigned long mt[624];
    int mti;
} mt_state;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rng_key(uint64_t seed, uint64_t replication, const char *name)
{
    /* FNV-1a over the name, then mixed with seed and replication. */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    uint64_t x = seed;
    uint64_t k = splitmix64(&x);
    x = k ^ replication;
    k = splitmix64(&x);
    x = k ^ h;
    return splitmix64(&x);
}

void rng_stream_reset(gsl_rng *r, uint64_t seed, uint64_t replication,
                      const char *name)
{
    uint64_t x = rng_key(seed, replication, name);
    if (gsl_rng_size(r) != sizeof(mt_state)) { /* not MT19937: GSL's way */
        gsl_rng_set(r, (unsigned long)x);
        return;
    }
    mt_state *st = gsl_rng_state(r);
    for (int i = 0; i < 624; i++)
        st->mt[i] = (unsigned long)(splitmix64(&x) & 0xffffffffULL);
    st->mt[0] |= 0x80000000UL; /* never the all-zero state */
    st->mti = 624;
}

gsl_rng *rng_stream_new(uint64_t seed, uint64_t replication, const char *name)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r)
        rng_stream_reset(r, seed, replication, name);
    return r;
}
