/* fuzz_sweep.c -- libFuzzer target: bytes are a sweep file.
 *
 * sweep_load reads a file, so each input is written to sweep.yaml in a
 * temporary directory first (one per process, in $TMPDIR or /tmp), next to
 * a link `examples` to scenarios/examples (FUZZ_EXAMPLES): a `base:
 * examples/erlang-loss.yaml` finds the example.  When the sweep loads, the
 * base is loaded with the overrides of its first points (not simulated). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "load.h"
#include "sweepspec.h"

#ifndef FUZZ_EXAMPLES
#define FUZZ_EXAMPLES "scenarios/examples"
#endif

#define FUZZ_POINTS 4 /* points of a loaded sweep whose scenario is loaded */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096], path[4200], link_path[4200];

static void fuzz_cleanup(void)
{
    unlink(path);
    unlink(link_path);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/flowsim-fuzz-sweep-XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror(dir);
            exit(2);
        }
        snprintf(path, sizeof path, "%s/sweep.yaml", dir);
        snprintf(link_path, sizeof link_path, "%s/examples", dir);
        if (symlink(FUZZ_EXAMPLES, link_path) != 0) { /* absolute path */
            perror(FUZZ_EXAMPLES);
            exit(2);
        }
        atexit(fuzz_cleanup);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    char err[LOAD_ERR_MAX];
    sweep_spec *s = sweep_load(path, err, sizeof err);
    if (!s) {
        if (!err[0] || strpbrk(err, "\n\r")) {
            fprintf(stderr, "fuzz: bad sweep error '%s'\n", err);
            abort();
        }
        return 0;
    }
    for (size_t i = 0; i < s->n_points && i < FUZZ_POINTS; i++) {
        const sweep_point *p = &s->points[i];
        char *canon = NULL;
        scenario *sc = load_scenario_named(s->base,
                                           (const char *const *)p->sets,
                                           p->n_sets, &canon, err,
                                           sizeof err);
        scenario_free(sc);
        free(canon);
    }
    sweep_free(s);
    return 0;
}
