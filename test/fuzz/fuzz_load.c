/* fuzz_load.c -- libFuzzer target: bytes are a scenario YAML text. */
#include <stddef.h>
#include <stdint.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_check_and_run((const char *)data, size, NULL, 0);
    return 0;
}
