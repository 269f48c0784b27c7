#include "RongtongFuzzDriver.h"

// Both are defined elsewhere: the driver by libFuzzer (-sanitize=fuzzer links it), the callback by the target's
// Swift code with @_cdecl("LLVMFuzzerTestOneInput").
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int rongtong_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
