/// Which elements are records, from the `record_path` and `namespaces` options.
///
/// - `/户籍信息/户`: a `户` child of the root element `户籍信息` (an absolute path from the root);
/// - `户`, `//户`: every `户` element at any depth; `户籍信息/户` or `//户籍信息/户`: every `户` whose parent is a
///   `户籍信息`, at any depth;
/// - `*` matches any element.
///
/// Steps match local names, so a default namespace needs no prefix. A prefixed step `gb:户` matches only
/// elements in the namespace that `namespaces` (`gb=http://…,mz=http://…`) binds `gb` to.
struct XMLRecordPath: CustomStringConvertible {
    struct Step: Equatable {
        var localName: String
        /// Required namespace URI, or nil for any namespace.
        var namespace: String?

        func matches(_ element: XMLElementName) -> Bool {
            (localName == "*" || localName == element.localName)
                && (namespace == nil || namespace == element.namespace)
        }
    }

    let steps: [Step]
    /// True when the path starts at the root (`/a/b`); false when it may start at any depth.
    let fromRoot: Bool
    let description: String

    /// True when a step names a namespace, so that elements' namespace URIs must be read.
    var usesNamespaces: Bool { steps.contains { $0.namespace != nil } }

    init(_ text: String?, namespaces declaration: String?) throws {
        let path = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else {
            throw OptionError(key: "record_path",
                message: "required for xml: the record element, e.g. /户籍信息/户 (from the root) or 户 (at any depth)")
        }
        description = path
        let namespaces = try XMLRecordPath.namespaces(declaration)
        var rest = Substring(path)
        if rest.hasPrefix("//") {
            fromRoot = false
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("/") {
            fromRoot = true
            rest = rest.dropFirst()
        } else {
            fromRoot = false
        }
        steps = try rest.split(separator: "/", omittingEmptySubsequences: false).map { part in
            let step = part.trimmingCharacters(in: .whitespaces)
            guard !step.isEmpty, !step.contains("["), !step.contains("@") else {
                throw OptionError(key: "record_path",
                    message: "\"\(path)\" is not an element path like /户籍信息/户 (steps are element names, no predicates or attributes)")
            }
            guard let colon = step.firstIndex(of: ":") else { return Step(localName: step, namespace: nil) }
            let prefix = String(step[..<colon])
            guard let uri = namespaces[prefix] else {
                throw OptionError(key: "record_path",
                    message: "step \"\(step)\" uses prefix \"\(prefix)\", which the namespaces option does not bind (namespaces: \(prefix)=URI)")
            }
            return Step(localName: String(step[step.index(after: colon)...]), namespace: uri)
        }
    }

    /// Whether `element`, whose open ancestors outside any record are `ancestors` (root first), is a record.
    func matches(_ element: XMLElementName, ancestors: [XMLElementName]) -> Bool {
        let depth = ancestors.count + 1
        if fromRoot ? depth != steps.count : depth < steps.count { return false }
        guard steps[steps.count - 1].matches(element) else { return false }
        var ancestor = ancestors.count - 1
        for step in steps.dropLast().reversed() {
            if !step.matches(ancestors[ancestor]) { return false }
            ancestor -= 1
        }
        return true
    }

    /// Parses `prefix=uri,prefix2=uri2`.
    private static func namespaces(_ declaration: String?) throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in (declaration ?? "").split(separator: ",") {
            let binding = entry.trimmingCharacters(in: .whitespacesAndNewlines)
            if binding.isEmpty { continue }
            guard let equals = binding.firstIndex(of: "=") else {
                throw OptionError(key: "namespaces", message: "\"\(binding)\" is not prefix=URI")
            }
            let prefix = binding[..<equals].trimmingCharacters(in: .whitespaces)
            let uri = binding[binding.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !prefix.isEmpty, !uri.isEmpty, !prefix.contains(":") else {
                throw OptionError(key: "namespaces", message: "\"\(binding)\" is not prefix=URI")
            }
            result[prefix] = uri
        }
        return result
    }
}

/// An element's local name and namespace URI (nil when unqualified or not asked for).
struct XMLElementName: Equatable {
    var localName: String
    var namespace: String?
}

import Foundation
