// libFuzzer target: the ndjson extractor (FormatRegistry.makeCursor on a file holding the input).
// Build: RONGTONG_FUZZ=1 swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product fuzz-ndjson
import RongtongFuzzDriver
import RongtongFuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    ExtractHarness.run(UnsafeRawBufferPointer(start: bytes, count: count), format: "ndjson")
    return 0
}

/// The entry point SwiftPM's linker flags name (`--defsym main=fuzz_ndjson_main`): hands over to libFuzzer.
@_cdecl("fuzz_ndjson_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    rongtong_fuzz_main(argc, argv)
}
