// Entry point of the libFuzzer targets under Sources/Fuzz.
//
// SwiftPM links a Linux executable with `--defsym main=<module>_main` (so tests can link executables), but under
// `-parse-as-library` no `<module>_main` is emitted and libFuzzer's own `main` is never pulled in. Each target
// therefore defines `<module>_main` with @_cdecl and hands over to libFuzzer's driver here.
#ifndef RONGTONG_FUZZ_DRIVER_H
#define RONGTONG_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (flags, corpus, -runs, -max_total_time …) on the target's LLVMFuzzerTestOneInput.
int rongtong_fuzz_main(int argc, char **argv);

#endif
