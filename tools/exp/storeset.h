/* storeset.h -- between storemerge.c and storeset.c only: the
 * experiments of a results store by identity (scenario text, seed and
 * flowsim version), read to check that stores hold the same ones before
 * they are merged. */
#ifndef FLOWSIM_STORESET_H
#define FLOWSIM_STORESET_H

#include <stddef.h>

/* An experiment of a store, for the check that the stores match. */
typedef struct exp_id {
    char *name, *version, *hash, *text;
    long long seed;
} exp_id;

typedef struct exp_set {
    exp_id *v;
    size_t n;
} exp_set;

/* Frees the experiments of s, which is then empty. */
void storeset_free(exp_set *s);

/* Reads the experiments of the store at path (opened read-only after
 * recognising it, store.h); *uri (if not NULL) receives the URI to ATTACH
 * it with.  A missing path is an empty set unless must_exist.  Returns 0,
 * or EXIT_BAD_INPUT with err. */
int storeset_read(const char *path, int must_exist, exp_set *s, char **uri,
                  char *err, size_t errlen);

/* Refuses sets that differ, naming an experiment one has and not the
 * other.  Returns 0 or EXIT_BAD_INPUT. */
int storeset_same(const char *pa, const exp_set *a, const char *pb,
                  const exp_set *b, char *err, size_t errlen);

#endif
