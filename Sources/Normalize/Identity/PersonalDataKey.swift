import Crypto
import Foundation

/// The secret key under which resident IDs and phone numbers are hashed (HMAC-SHA256).
///
/// It never comes from the pipeline's own text: an environment variable holds it, or names a key file
/// (`<VAR>_FILE`); a pipeline may name a key file for samples and tests. Hashes differ per kind of value, so an
/// ID hash can never be matched against a phone hash.
public struct PersonalDataKey: Sendable {
    /// The two SHA-256 states of HMAC (RFC 2104) with the padded key already absorbed: the inner one after
    /// `key ⊕ ipad`, the outer one after `key ⊕ opad`. Every hash copies them instead of deriving the padded keys
    /// again, and feeds them bytes through `update(bufferPointer:)`: swift-crypto's `HMAC.update(data:)` is a
    /// generic call across modules, which cost more than the two SHA-256 blocks it hashes.
    private let inner: SHA256
    private let outer: SHA256

    /// A key from raw bytes; at least 16 are required.
    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 16 else { throw PersonalDataKeyError("the key must be at least 16 bytes long") }
        // The key as HMAC pads it: a key longer than SHA-256's 64-byte block is hashed first; then zeros to the block.
        var block = bytes.count > PersonalDataKey.blockSize ? Array(SHA256.hash(data: bytes)) : bytes
        block += Array(repeating: 0, count: PersonalDataKey.blockSize - block.count)
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        self.inner = inner
        self.outer = outer
    }

    /// SHA-256's block size in bytes, to which HMAC pads its key.
    private static let blockSize = 64

    /// The key named by `variable` in `environment` (its value), or by `<variable>_FILE` (a path), or by `file`.
    /// Throws a message saying what to set when none is present.
    public static func load(variable: String, file: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PersonalDataKey {
        if let value = environment[variable], !value.isEmpty {
            return try PersonalDataKey(bytes: Array(value.utf8))
        }
        for path in [environment["\(variable)_FILE"], file].compactMap({ $0 }) where !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PersonalDataKeyError("cannot read the key file \(path)")
            }
            var bytes = Array(data)
            while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 { bytes.removeLast() }
            return try PersonalDataKey(bytes: bytes)
        }
        throw PersonalDataKeyError("no key for hashing personal data: set \(variable) (the key) or \(variable)_FILE (a file holding it)")
    }

    /// Lowercase hex HMAC-SHA256 of `value` in the domain `kind` (e.g. `id`, `phone`).
    /// The same code as `HMAC<SHA256>` under the key gives for the bytes of `kind:value` (a test compares them).
    public func hash(_ value: String, kind: String) -> String {
        var value = value, kind = kind
        var message = inner
        kind.withUTF8 { message.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(ascii: ":")) { message.update(bufferPointer: $0) }
        value.withUTF8 { message.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let innerDigest = message.finalize()
        var code = outer
        innerDigest.withUnsafeBytes { code.update(bufferPointer: $0) }
        return code.finalize().withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { hex in
                for (index, byte) in bytes.enumerated() {
                    hex[2 * index] = PersonalDataKey.hexDigits[Int(byte >> 4)]
                    hex[2 * index + 1] = PersonalDataKey.hexDigits[Int(byte & 0x0F)]
                }
                return bytes.count * 2
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A public fingerprint of the key, stored in the warehouse so a run under a different key is refused.
    public var fingerprint: String { String(hash("rongtong-key-fingerprint", kind: "meta").prefix(16)) }
}

/// No key, or an unusable one. Never includes the key itself.
public struct PersonalDataKeyError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
