import Foundation
import Crypto
import GRDB
import RongtongStaging


/// A division for `dim_region`.
public struct RegionRow: Sendable {
    public var code, name, level: String
    public var parentCode: String?
    /// The ways the division's name is written (`六枝特区`, `六枝`), for compounds named after their county or
    /// prefecture (see `CompoundRegistry.divisionNames`); empty when not needed.
    public var writtenNames: [String]
    /// The division's name as a normalized address writes it, where that is not `name` (a community's canonical
    /// name, `北门社区` for `北门社区居委会`): the load writes the levels it adds to an address so (`RegionNames`).
    public var addressName: String?
    public init(code: String, name: String, level: String, parentCode: String?, writtenNames: [String] = [],
                addressName: String? = nil) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.writtenNames = writtenNames
        self.addressName = addressName
    }
}

/// A pipeline source for `dim_source`.
public struct SourceRow: Sendable {
    public var sourceID, owner, kind, format, entity: String
    public init(sourceID: String, owner: String, kind: String, format: String, entity: String) {
        self.sourceID = sourceID
        self.owner = owner
        self.kind = kind
        self.format = format
        self.entity = entity
    }
}

/// Stable ids derived from content, never from input order or run number.
enum StableID {
    static func make(prefix: String, from text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        var hex = Array(prefix.utf8)
        hex.reserveCapacity(hex.count + 16)
        for byte in digest.prefix(8) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
