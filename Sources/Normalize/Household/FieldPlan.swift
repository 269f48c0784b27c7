import RongtongConfig

/// Which source fields feed which canonical fields for one batch of one source.
///
/// Explicit `fields:` mappings come first; a canonical field left unmapped is taken from a column whose header
/// is one of its usual headers (e.g. `身份证号码` for `head_id`) or its own name. A mapped column missing from a
/// file whose header is known is an error, not a silently empty field.
public struct FieldPlan: Sendable {
    /// The source field names to fetch for each record, in slot order.
    public private(set) var sourceFields: [String] = []
    private var slotsByCanonical: [String: [Int]] = [:]
    /// Slot of the record key, if the source declares one.
    public private(set) var recordKeySlot: Int?

    /// Builds the plan for `source` reading a file whose field names are `columns`.
    /// `headerIsComplete` says whether `columns` lists every field a record can have (true for CSV).
    public init(source: SourceConfig, columns: [String], headerIsComplete: Bool) throws {
        let available = Set(columns)
        func slot(for name: String) -> Int {
            if let index = sourceFields.firstIndex(of: name) { return index }
            sourceFields.append(name)
            return sourceFields.count - 1
        }
        for field in source.entity.fields {
            if let mapped = source.fields[field.name] {
                if headerIsComplete, let missing = mapped.first(where: { !available.contains($0) }) {
                    throw FieldPlanError(keyPath: "sources.\(source.name).fields.\(field.name)",
                        message: "column \"\(missing)\" is not in the file; its columns are: \(columns.joined(separator: ", "))")
                }
                slotsByCanonical[field.name] = mapped.map(slot(for:))
            } else if let header = ([field.name] + field.usualHeaders).first(where: available.contains) {
                slotsByCanonical[field.name] = [slot(for: header)]
            }
        }
        if let key = source.recordKey {
            if headerIsComplete, !available.contains(key) {
                throw FieldPlanError(keyPath: "sources.\(source.name).record_key",
                    message: "column \"\(key)\" is not in the file; its columns are: \(columns.joined(separator: ", "))")
            }
            recordKeySlot = slot(for: key)
        }
    }

    /// The record's key: the source's own key when it declares one, else the record number. A keyed record
    /// whose key is empty gets `#<record number>`, which no real key can collide with.
    public func recordKey(in values: [String?], number: Int) -> String {
        guard let slot = recordKeySlot else { return String(number) }
        let key = values[slot].map(TextCleaning.clean) ?? ""
        return key.isEmpty ? "#\(number)" : key
    }

    /// Whether anything feeds `canonical`.
    public func isMapped(_ canonical: String) -> Bool { slotsByCanonical[canonical] != nil }

    /// The first non-empty value for `canonical` in `values`, with the source field it came from.
    public func value(_ canonical: String, in values: [String?]) -> (field: String, text: String)? {
        guard let slots = slotsByCanonical[canonical] else { return nil }
        for slot in slots {
            if let text = values[slot], !TextCleaning.clean(text).isEmpty { return (sourceFields[slot], text) }
        }
        return nil
    }

    /// The source field that feeds `canonical` (the first when several do).
    public func sourceField(for canonical: String) -> String? {
        slotsByCanonical[canonical]?.first.map { sourceFields[$0] }
    }
}

/// A field mapping that does not fit the file it is applied to.
public struct FieldPlanError: Error, CustomStringConvertible, Sendable {
    public var keyPath: String
    public var message: String
    public var description: String { "\(keyPath): \(message)" }
}
