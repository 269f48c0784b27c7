/// A prefix tree over Unicode scalar values that finds every known name starting at a position of a text.
///
/// Address text is scanned left to right once; at each stop the trie reports all names that begin there
/// (`贵阳`, `贵阳市`), so the parser can take the longest one that fits what it already knows. Edges live in one
/// hash table keyed by (node, scalar), which keeps a 20k-name table compact and a lookup one hash probe.
struct NameTrie: Sendable {
    /// What a name stands for: a region (by its index in the directory) and how the name was formed.
    struct Entry: Sendable, Equatable {
        let region: Int32
        let form: NameForm
    }

    private var edges: [UInt64: Int32] = [:]
    private var payloads: [[Entry]] = [[]]

    init() {}

    mutating func insert(_ name: [UInt32], _ entry: Entry) {
        guard !name.isEmpty else { return }
        var node: Int32 = 0
        for scalar in name {
            let key = Self.key(node, scalar)
            if let next = edges[key] {
                node = next
            } else {
                let next = Int32(payloads.count)
                payloads.append([])
                edges[key] = next
                node = next
            }
        }
        let slot = Int(node)
        if let existing = payloads[slot].firstIndex(where: { $0.region == entry.region }) {
            // The same region reached by two derivations keeps the most specific form.
            if entry.form.rawValue < payloads[slot][existing].form.rawValue { payloads[slot][existing] = entry }
        } else {
            payloads[slot].append(entry)
        }
    }

    /// Calls `body(length, entries)` for every name that starts at `start` in `text`, shortest first.
    func forEachMatch(in text: [UInt32], from start: Int, _ body: (Int, [Entry]) -> Void) {
        var node: Int32 = 0
        var index = start
        while index < text.count, let next = edges[Self.key(node, text[index])] {
            node = next
            index += 1
            let entries = payloads[Int(node)]
            if !entries.isEmpty { body(index - start, entries) }
        }
    }

    /// The entries of exactly `name`, or an empty list.
    func entries(exactly name: [UInt32]) -> [Entry] {
        var node: Int32 = 0
        for scalar in name {
            guard let next = edges[Self.key(node, scalar)] else { return [] }
            node = next
        }
        return payloads[Int(node)]
    }

    private static func key(_ node: Int32, _ scalar: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar)
    }
}

/// How an indexed name relates to the official one; lower raw values are more specific.
enum NameForm: UInt8, Sendable {
    /// The official name (`黔南布依族苗族自治州`, `都拉布依族乡`, `大山洞居委会`).
    case official = 0
    /// A variant that still carries its level suffix (`黔南州`, `道真县`, `都拉乡`, `新华路街道办事处`, `水城县`).
    case suffixed = 1
    /// A bare name without suffix (`贵阳`, `黔东南`, `南明`), trusted only where the context makes it a region.
    case bare = 2
    /// A community stem (`东升` of `东升社区居委会`) that only counts when a community suffix follows it.
    case stem = 3
    /// A township's name before 乡改镇 or 镇改街道 (`红果镇` for 红果街道), used only where no current name fits.
    case former = 4
    /// A sub-district office written short (`老城办`, `老城街办`, `上海路办` for 老城街道, 上海路街道), as grid workers
    /// type it: trusted only right after its own county (written, or the source's context), never a conflict.
    case shortOffice = 5
    /// A 街道's stem that is also a road's name (`盐务街` of 盐务街街道, `中华路` of 中华路街道), written without 街道:
    /// trusted as the township only right after its own county (written, or the source's context) and before a
    /// compound's name (`云岩区盐务街测泰丰新村`); before a door number (`盐务街12号`) it is the road.
    case streetStem = 6
}
