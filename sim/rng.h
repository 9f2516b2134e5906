/* rng.h -- named, reproducible, independent random streams.
 *
 * Every source of randomness in a model (an arrival stream, a length of
 * stay, a routing decision) draws from its own stream, keyed by a name.
 * The stream for (seed, replication, name) is fully determined by those
 * three values and by nothing else -- not by thread, rank, or the order in
 * which streams are created.  Two scenarios that share a seed and stream
 * names therefore see the same arrivals: common random numbers.
 *
 * Generators are GSL's MT19937.  Its 19,937-bit state is filled from a
 * SplitMix64 sequence seeded by a 64-bit hash of the key, so streams do not
 * collide the way 32-bit seeds would across thousands of replications.
 */
#ifndef FLOWSIM_RNG_H
#define FLOWSIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The 64-bit key of a stream: a hash of (seed, replication, name). */
uint64_t rng_key(uint64_t seed, uint64_t replication, const char *name);

/* A new generator for the stream.  NULL when out of memory.  Free with
 * gsl_rng_free. */
gsl_rng *rng_stream_new(uint64_t seed, uint64_t replication, const char *name);

/* Re-seeds an existing MT19937 generator to the given stream. */
void rng_stream_reset(gsl_rng *r, uint64_t seed, uint64_t replication,
                      const char *name);

#endif
