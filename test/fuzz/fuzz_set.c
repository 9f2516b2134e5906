/* fuzz_set.c -- libFuzzer target: bytes are --set overrides, one a line
 * (at most 8), applied to a fixed valid scenario, FUZZ_BASE
 * (scenarios/examples/hospital.yaml, or $FLOWSIM_FUZZ_BASE). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"

#ifndef FUZZ_BASE
#define FUZZ_BASE "scenarios/examples/hospital.yaml"
#endif
#define FUZZ_SETS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *base;
static size_t base_len;

/* Reads the base scenario once. */
static void fuzz_base(void)
{
    const char *path = getenv("FLOWSIM_FUZZ_BASE");
    if (!path)
        path = FUZZ_BASE;
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    static char text[1 << 16];
    base_len = fread(text, 1, sizeof text, f);
    fclose(f);
    base = text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!base)
        fuzz_base();
    /* Split into lines; each becomes one NUL-terminated override. */
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *sets[FUZZ_SETS];
    size_t n = 0;
    char *p = copy;
    while (n < FUZZ_SETS && p < copy + size) {
        char *nl = memchr(p, '\n', (size_t)(copy + size - p));
        if (nl)
            *nl = '\0';
        sets[n++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    fuzz_check_and_run(base, base_len, sets, n);
    free(copy);
    return 0;
}
