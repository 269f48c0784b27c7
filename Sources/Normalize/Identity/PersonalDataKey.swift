import Crypto
import Foundation

/// The secret key under which resident IDs and phone numbers are hashed (HMAC-SHA256).
///
/// It never comes from the pipeline's own text: an environment variable holds it, or names a key file
/// (`<VAR>_FILE`); a pipeline may name a key file for samples and tests. Hashes differ per kind of value, so an
/// ID hash can never be matched against a phone hash.
public struct PersonalDataKey: Sendable {
    /// HMAC state with the key already absorbed: every hash copies it instead of deriving the padded keys again.
    private let keyed: HMAC<SHA256>

    /// A key from raw bytes; at least 16 are required.
    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 16 else { throw PersonalDataKeyError("the key must be at least 16 bytes long") }
        keyed = HMAC<SHA256>(key: SymmetricKey(data: bytes))
    }

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
    public func hash(_ value: String, kind: String) -> String {
        var mac = keyed
        mac.update(data: Array(kind.utf8))
        mac.update(data: [UInt8(ascii: ":")])
        mac.update(data: Array(value.utf8))
        let code = mac.finalize()
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in code {
            hex.append(PersonalDataKey.hexDigits[Int(byte >> 4)])
            hex.append(PersonalDataKey.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A public fingerprint of the key, stored in the warehouse so a run under a different key is refused.
    public var fingerprint: String { String(hash("rongtong-key-fingerprint", kind: "meta").prefix(16)) }
}

/// No key, or an unusable one. Never includes the key itself.
public struct PersonalDataKeyError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
