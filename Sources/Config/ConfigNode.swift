import RongtongExtract
import Yams

/// A YAML node with the key path and line that lead to it, so every decoding error can say where it is.
///
/// Scalars are always read as their source text: YAML 1.1 would turn `017` into 15 and `no` into false,
/// which is wrong for codes, ids and field names.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark.map { $0.line } }

    func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: line, keyPath: path, message: message)
    }

    private func child(_ node: Node, _ component: String) -> ConfigNode {
        ConfigNode(node: node, path: path.isEmpty ? component : "\(path).\(component)", file: file)
    }

    /// The entries of a mapping, refusing keys not in `allowed` (with a "did you mean" hint) and repeated keys.
    /// With `problems`, an unknown or repeated key is recorded there and skipped instead of thrown. `suggest` may
    /// give an unknown key a hint of its own, taken before the closest allowed name.
    func mapping(allowed: [String]? = nil, problems: ConfigProblems? = nil,
                 suggest: (String) -> String? = { _ in nil }) throws -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value lines)") }
        var seen = Set<String>()
        var entries: [(String, ConfigNode)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw ConfigNode(node: keyNode, path: path, file: file).error("keys must be plain text")
            }
            let value = child(valueNode, key)
            if let allowed, !allowed.contains(key) {
                let hint = (suggest(key) ?? closestName(to: key, among: allowed).map { "did you mean \($0)?" })
                    .map { " (\($0))" } ?? ""
                let error = ConfigError(file: file, line: keyNode.mark?.line, keyPath: value.path,
                                        message: "unknown key\(hint)")
                guard let problems else { throw error }
                problems.record(error)
                continue
            }
            guard seen.insert(key).inserted else {
                let error = ConfigError(file: file, line: keyNode.mark?.line, keyPath: value.path, message: "key given twice")
                guard let problems else { throw error }
                problems.record(error)
                continue
            }
            entries.append((key, value))
        }
        return entries
    }

    func sequence() throws -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list (lines starting with -)") }
        return sequence.enumerated().map { index, element in
            ConfigNode(node: element, path: "\(path)[\(index)]", file: file)
        }
    }

    /// The scalar's text exactly as written.
    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a single value") }
        return scalar.string
    }

    func nonEmptyString() throws -> String {
        let text = try string().trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    func choice(_ allowed: [String]) throws -> String {
        let text = try string()
        guard allowed.contains(text) else {
            let hint = closestName(to: text, among: allowed).map { " (did you mean \($0)?)" } ?? ""
            throw error("\"\(text)\" is not one of \(allowed.joined(separator: ", "))\(hint)")
        }
        return text
    }

    func double(in range: ClosedRange<Double>) throws -> Double {
        let text = try string()
        guard let value = Double(text), range.contains(value) else {
            throw error("expected a number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    func integer(atLeast minimum: Int) throws -> Int {
        let text = try string()
        guard let value = Int(text), value >= minimum else {
            throw error("expected a whole number ≥ \(minimum), got \"\(text)\"")
        }
        return value
    }

    func boolean() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }

    /// Whether the node is YAML's null written plainly (`null`, `Null`, `NULL`, `~`, or nothing after the colon) or
    /// an empty list (`[]`). A quoted `"null"` is text.
    var isNull: Bool {
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        case .sequence(let sequence):
            return sequence.isEmpty
        default:
            return false
        }
    }

    /// A single value or a list of values, as a list.
    func stringOrList() throws -> [String] {
        if case .sequence = node { return try sequence().map { try $0.nonEmptyString() } }
        return [try nonEmptyString()]
    }

    /// A flat mapping of text to text (values as written).
    func stringMap() throws -> [(String, String)] {
        try mapping().map { ($0.key, try $0.value.string()) }
    }
}
