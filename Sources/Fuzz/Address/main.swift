import Foundation
// libFuzzer target: the address parser on arbitrary text (invalid UTF-8 is repaired as the extractors would).
// Build: RONGTONG_FUZZ=1 swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product fuzz-address
import RongtongFuzzDriver
import RongtongNormalize

// Loaded once: the bundled directory is shared and immutable.
private let parser: AddressParser = {
    guard let directory = try? RegionDirectory.bundled() else {
        // Without the reference data there is nothing to fuzz: stop the run with a message, not a crash report.
        FileHandle.standardError.write(Data("fuzz-address: cannot load the bundled division reference\n".utf8))
        exit(2)
    }
    return AddressParser(directory: directory)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    _ = parser.parse(text)
    // The same text with a declared context, as a source's `context:` gives it.
    _ = parser.parse(text, context: AddressContext(prefecture: "贵阳市", county: "白云区"))
    return 0
}

/// The entry point SwiftPM's linker flags name (`--defsym main=fuzz_address_main`): hands over to libFuzzer.
@_cdecl("fuzz_address_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    rongtong_fuzz_main(argc, argv)
}
