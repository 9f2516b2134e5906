/* rng.h -- reproducible, independent random streams.
 *
 * Two kinds of stream, both fully determined by their key and by nothing
 * else -- not by thread, rank, or the order in which streams are made:
 *
 * Named streams (rng_stream_new) are GSL MT19937 generators keyed by
 * (seed, replication, name), for a system's own randomness (the times of
 * an arrival stream).  The 19,937-bit state is filled from a SplitMix64
 * sequence seeded by a 64-bit hash of the key, so streams do not collide
 * the way 32-bit seeds would across thousands of replications.  Making
 * one costs a few microseconds (624 words and an allocation): a model
 * makes a handful per replication.
 *
 * Entity streams (rng_entity, rng_substream, rng_on) belong to one entity
 * of a model -- a patient -- and to one purpose of its life (its stays,
 * its routes, its patience...): the j-th draw of purpose P of entity E
 * reads a fresh stream keyed by (E, P, j).  Two scenarios run with the
 * same seed then give the same patient the same stay wherever and
 * whenever it is drawn, even when an intervention changes who is where
 * (common random numbers that stay in step), and a draw of one purpose
 * never shifts the draws of another.  There are millions of such streams
 * a replication, so they must cost nothing to make: each is SplitMix64
 * (Steele, Lea and Flood 2014; the generator of java.util.SplittableRandom),
 * a 64-bit state advanced by a constant and hashed by a bijective mixer,
 * which passes BigCrush.  Making a stream is one mix; a draw is an add and
 * a mix (faster than MT19937's amortised draw).  GSL's small generators
 * were the alternative: taus2 has 12 bytes of state but gsl_rng_set takes
 * a 32-bit seed (collisions among millions of patients) and warms up with
 * an LCG and ten discarded draws, several times the cost of a mix.  The
 * streams of different keys start at independent 64-bit points of the
 * same 2^64 cycle; two overlap only if their starts are within a stream's
 * length of each other, a chance of about (streams^2 x length) / 2^64,
 * under 1e-6 for a replication's 10^7 streams of tens of draws.
 */
#ifndef FLOWSIM_RNG_H
#define FLOWSIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The 64-bit key of a stream: a hash of (seed, replication, name). */
uint64_t rng_key(uint64_t seed, uint64_t replication, const char *name);

/* A new generator for the named stream.  NULL when out of memory.  Free
 * with gsl_rng_free. */
gsl_rng *rng_stream_new(uint64_t seed, uint64_t replication, const char *name);

/* Re-seeds an existing MT19937 generator to the given stream. */
void rng_stream_reset(gsl_rng *r, uint64_t seed, uint64_t replication,
                      const char *name);

/* SplitMix64's output function: a bijective mix of 64 bits in which each
 * input bit changes each output bit with probability about 1/2. */
static inline uint64_t rng_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#define RNG_GOLDEN 0x9e3779b97f4a7c15ULL /* SplitMix64's increment */

/* The next 64 random bits of the SplitMix64 stream whose state is *s. */
static inline uint64_t rng_next(uint64_t *s)
{
    return rng_mix(*s += RNG_GOLDEN);
}

/* The key of entity `index` of an origin whose key is `origin` (e.g.
 * rng_key(seed, rep, "arrival:ed") and the arrival's number). */
static inline uint64_t rng_entity(uint64_t origin, uint64_t index)
{
    return rng_mix(origin ^ rng_mix(index + RNG_GOLDEN));
}

/* The start state of draw j of purpose p of the entity with key `key`: a
 * stream of its own, whatever the other draws. */
static inline uint64_t rng_substream(uint64_t key, uint32_t purpose,
                                     uint64_t j)
{
    return rng_mix(key + RNG_GOLDEN * ((((uint64_t)purpose + 1) << 40) ^ j));
}

/* GSL's view of a SplitMix64 stream (name "splitmix64"): 32-bit outputs
 * for gsl_rng_get, 53-bit doubles for gsl_rng_uniform.  gsl_rng_alloc
 * works with it too (gsl_rng_set sets the state to the seed). */
extern const gsl_rng_type *const rng_splitmix64;

/* A generator that reads and advances the state *s, for GSL's samplers,
 * without allocating: valid while *s lives.  E.g.
 *     uint64_t st = rng_substream(key, PURPOSE_STAY, j);
 *     gsl_rng r = rng_on(&st);
 *     double stay = gsl_ran_lognormal(&r, mu, sigma); */
static inline gsl_rng rng_on(uint64_t *s)
{
    return (gsl_rng){rng_splitmix64, s};
}

/* gsl_rng_uniform(r), the same value, read inline when r is a SplitMix64
 * view (no call into GSL and through its function pointer); any other
 * generator's get_double called directly, as gsl_rng_uniform does (an
 * MT19937 arrival stream: one call, not two). */
static inline double rng_uniform(gsl_rng *r)
{
    if (r->type == rng_splitmix64)
        return (double)(rng_next((uint64_t *)r->state) >> 11) * 0x1.0p-53;
    return r->type->get_double(r->state);
}

/* gsl_rng_uniform_pos(r): the same, in (0, 1). */
static inline double rng_uniform_pos(gsl_rng *r)
{
    double u;
    do
        u = rng_uniform(r);
    while (u == 0);
    return u;
}

#endif
