/// Finds the best vocabulary word in a short label: the whole label when it is a word, otherwise the longest word
/// contained in it. Built once per vocabulary (a static), then shared by every record.
///
/// Words and labels are compared after `KeywordMatcher.fold` (cleaned as `TextCleaning.clean` does, lowercased).
/// Among contained words of the same length (in characters) the one whose value has the lower `rank` wins, so a
/// specific category (充电 → ev_charger) beats a general one on a tie; the caller supplies the ranks. Words of
/// `headLength` characters or more are heads instead: of two such words of the same length, the one that ends
/// later wins (the installation a label names last: `充电桩配套变压器` is the 变压器).
struct KeywordMatcher<Value: Sendable>: Sendable {
    private let exact: [String: Value]
    private let headLength: Int32
    private let edges: EdgeTable
    /// Per trie node: the word ending there (its value, length in characters and rank), if any.
    private let terminalValues: [Value?]
    private let terminalLengths: [Int32]
    private let terminalRanks: [Int32]

    /// `words` maps each word to its value; `rank` orders values for ties (lower wins) of words shorter than
    /// `headLength` (by default every tie).
    init(_ words: [String: Value], headLength: Int = .max, rank: (Value) -> Int) {
        self.headLength = Int32(clamping: headLength)
        var exact: [String: Value] = [:]
        var edgeList: [(key: UInt64, child: Int32)] = []
        var childByEdge: [UInt64: Int32] = [:]
        var terminals: [Int32: (value: Value, length: Int32, rank: Int32)] = [:]
        var nodeCount: Int32 = 1
        for (word, value) in words {
            let key = KeywordMatcher.fold(word)
            guard !key.isEmpty else { continue }
            exact[key] = value
            var node: Int32 = 0
            for byte in key.utf8 {
                let edge = EdgeTable.key(node, byte)
                if let next = childByEdge[edge] {
                    node = next
                } else {
                    childByEdge[edge] = nodeCount
                    edgeList.append((edge, nodeCount))
                    node = nodeCount
                    nodeCount += 1
                }
            }
            terminals[node] = (value, Int32(key.unicodeScalars.count), Int32(rank(value)))
        }
        var values = [Value?](repeating: nil, count: Int(nodeCount))
        var lengths = [Int32](repeating: 0, count: Int(nodeCount))
        var ranks = [Int32](repeating: 0, count: Int(nodeCount))
        for (node, terminal) in terminals {
            values[Int(node)] = terminal.value
            lengths[Int(node)] = terminal.length
            ranks[Int(node)] = terminal.rank
        }
        self.exact = exact
        self.edges = EdgeTable(edgeList)
        self.terminalValues = values
        self.terminalLengths = lengths
        self.terminalRanks = ranks
    }

    /// The form labels and words are compared in: `TextCleaning.clean`, then ASCII letters lowercased.
    static func fold(_ text: String) -> String {
        let cleaned = TextCleaning.clean(text)
        for unit in cleaned.utf8 where unit >= 0x41 && unit <= 0x5A {
            return cleaned.lowercased()
        }
        return cleaned
    }

    /// The value of `folded` when the whole label is a word.
    func exactMatch(_ folded: String) -> Value? { exact[folded] }

    /// The longest word contained in `folded` (see the type's comment for ties), with its length; nil when none.
    func longestContained(_ folded: String) -> (value: Value, length: Int)? {
        var folded = folded
        return folded.withUTF8 { bytes -> (value: Value, length: Int)? in
            var bestNode = -1
            for start in bytes.indices where bytes[start] & 0xC0 != 0x80 {
                var node: Int32 = 0
                var index = start
                while index < bytes.count, let next = edges.child(of: node, byte: bytes[index]) {
                    node = next
                    index += 1
                    let hit = Int(node)
                    let length = terminalLengths[hit]
                    guard length > 0 else { continue }
                    if bestNode >= 0 {
                        let bestLength = terminalLengths[bestNode]
                        // Starts are visited in order, so a hit as long as the best one ends later.
                        if bestLength > length
                            || (bestLength == length && length < headLength && terminalRanks[bestNode] <= terminalRanks[hit]) {
                            continue
                        }
                    }
                    bestNode = hit
                }
            }
            guard bestNode >= 0, let value = terminalValues[bestNode] else { return nil }
            return (value, Int(terminalLengths[bestNode]))
        }
    }

    /// Whole-label match first, then the longest contained word.
    func match(_ folded: String) -> Value? {
        if let hit = exact[folded] { return hit }
        return longestContained(folded)?.value
    }
}

/// The trie's edges in an open-addressing table with a multiplicative hash: a label is walked byte by byte, and
/// a `Dictionary`'s seeded hashing per byte cost more than the rest of the match.
private struct EdgeTable: Sendable {
    private let keys: [UInt64]
    private let children: [Int32]
    private let shift: UInt64

    static func key(_ node: Int32, _ byte: UInt8) -> UInt64 {
        // +1 keeps every key non-zero, zero marking an empty slot.
        (UInt64(UInt32(bitPattern: node)) << 8 | UInt64(byte)) + 1
    }

    init(_ edges: [(key: UInt64, child: Int32)]) {
        var bits: UInt64 = 4
        while (1 << bits) < edges.count * 2 { bits += 1 }
        let capacity = 1 << Int(bits)
        var keys = [UInt64](repeating: 0, count: capacity)
        var children = [Int32](repeating: 0, count: capacity)
        shift = 64 - bits
        for edge in edges {
            var slot = Int(truncatingIfNeeded: (edge.key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = edge.key
            children[slot] = edge.child
        }
        self.keys = keys
        self.children = children
    }

    @inline(__always)
    func child(of node: Int32, byte: UInt8) -> Int32? {
        let key = EdgeTable.key(node, byte)
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        let mask = keys.count - 1
        while true {
            let found = keys[slot]
            if found == key { return children[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}

/// A per-pipeline vocabulary (`label → code`) applied before a built-in one.
///
/// Its labels are folded like the built-in words on every call; pipelines declare a handful, so that costs little.
/// An entry whose code is not one of `Value`'s codes is ignored rather than trusted.
enum ExtraVocabulary {
    static func match<Value: RawRepresentable>(_ folded: String, in extra: [String: String],
                                               as type: Value.Type) -> (value: Value, length: Int, exact: Bool)?
    where Value.RawValue == String {
        guard !extra.isEmpty else { return nil }
        if let code = extra[folded], let value = Value(rawValue: KeywordMatcher<Value>.fold(code)) {
            return (value, folded.unicodeScalars.count, true)
        }
        var best: (value: Value, length: Int, exact: Bool)?
        for (label, code) in extra {
            let key = KeywordMatcher<Value>.fold(label)
            guard !key.isEmpty, let value = Value(rawValue: KeywordMatcher<Value>.fold(code)) else { continue }
            if key == folded { return (value, key.unicodeScalars.count, true) }
            if folded.contains(key) {
                let length = key.unicodeScalars.count
                if best == nil || best!.length < length { best = (value, length, false) }
            }
        }
        return best
    }
}
