/* rng.c -- named streams (MT19937 states filled from SplitMix64) and
 * entity streams (SplitMix64 itself, as a GSL generator type).
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
    return rng_next(x);
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

/* ---- SplitMix64 as a GSL generator (entity streams) ------------------ */

static void sm_set(void *state, unsigned long seed)
{
    *(uint64_t *)state = (uint64_t)seed;
}

/* The high 32 bits: GSL's samplers that read raw integers (the ziggurat
 * Gaussian of gsl_ran_gamma) expect a range they know, here [0, 2^32). */
static unsigned long sm_get(void *state)
{
    return (unsigned long)(rng_next(state) >> 32);
}

/* 53 random bits: a double in [0, 1) on a grid of 2^-53. */
static double sm_get_double(void *state)
{
    return (double)(rng_next(state) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type splitmix64_type = {
    "splitmix64", 0xffffffffUL, 0, sizeof(uint64_t),
    sm_set, sm_get, sm_get_double};

const gsl_rng_type *const rng_splitmix64 = &splitmix64_type;
