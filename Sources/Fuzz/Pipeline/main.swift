// libFuzzer target: the pipeline-file decoder (YAML via Yams, then every key's checks).
// Build: RONGTONG_FUZZ=1 swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product fuzz-pipeline
import RongtongFuzzDriver
import RongtongConfig

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    _ = try? PipelineConfig.parse(yaml: text, file: "/tmp/rongtong-fuzz/pipelines/fuzz.yaml")
    return 0
}

/// The entry point SwiftPM's linker flags name (`--defsym main=fuzz_pipeline_main`): hands over to libFuzzer.
@_cdecl("fuzz_pipeline_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    rongtong_fuzz_main(argc, argv)
}
