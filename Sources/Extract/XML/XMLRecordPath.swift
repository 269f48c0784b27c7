/// Which elements are records, from the `record_path` and `namespaces` options.
///
/// - `/户籍信息/户`: a `户` child of the root element `户籍信息` (an absolute path from the root);
/// - `户`, `//户`: every `户` element at any depth; `户籍信息/户` or `//户籍信息/户`: every `户` whose parent is a
///   `户籍信息`, at any depth;
/// - `*` matches any element.
///
/// Steps match local names, so a default namespace needs no prefix. A prefixed step `gb:户` matches only
/// elements in the namespace that `namespaces` (`gb=http://…,mz=http://…`) binds `gb` to.
///
/// The option may list paths (a YAML list, one path per line in the option's text): an element matching any of
/// them is a record, so `[/户籍信息/户, /户籍信息/分页/户]` reads the households of the root and of its pages.
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

    /// One path of the option.
    struct Alternative {
        let steps: [Step]
        /// True when the path starts at the root (`/a/b`); false when it may start at any depth.
        let fromRoot: Bool

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
    }

    /// Where `element` (not a record), whose open ancestors are `ancestors`, differs from a path only by a
    /// namespace: the first step, from the record element up, whose local name fits but whose namespace is another
    /// (`hj2:户` under `/hj:响应/hj:数据/hj:户`, a vendor's v2 schema), with the element's namespace there (nil: none).
    /// Nil when no path fits by local names alone.
    func namespaceDifference(_ element: XMLElementName, ancestors: [XMLElementName])
        -> (step: Step, found: String?)? {
        for alternative in alternatives {
            let depth = ancestors.count + 1, steps = alternative.steps
            if alternative.fromRoot ? depth != steps.count : depth < steps.count { continue }
            let elements = Array(ancestors.suffix(steps.count - 1)) + [element]
            let local = zip(steps, elements).allSatisfy { step, element in
                step.localName == "*" || step.localName == element.localName
            }
            guard local else { continue }
            if let (step, element) = zip(steps, elements).reversed().first(where: { !$0.0.matches($0.1) }) {
                return (step, element.namespace)
            }
        }
        return nil
    }

    /// The paths of the option, in its order: at least one.
    let alternatives: [Alternative]
    /// The option as written (a list's paths joined by `, `).
    let description: String

    /// True when a step names a namespace, so that elements' namespace URIs must be read.
    var usesNamespaces: Bool { alternatives.contains { $0.steps.contains { $0.namespace != nil } } }

    /// The local names of the record element (each path's last step; `*` names none).
    var recordNames: Set<String> { Set(alternatives.map { $0.steps[$0.steps.count - 1].localName }.filter { $0 != "*" }) }

    init(_ text: String?, namespaces declaration: String?) throws {
        let paths = (text ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard paths.contains(where: { !$0.isEmpty }) else {
            throw OptionError(key: "record_path",
                message: "required for xml: the record element, e.g. /户籍信息/户 (from the root) or 户 (at any depth)")
        }
        if paths.contains(where: \.isEmpty) {
            throw OptionError(key: "record_path", message: "a list of record paths holds an empty one")
        }
        description = paths.joined(separator: ", ")
        let namespaces = try XMLRecordPath.namespaces(declaration)
        alternatives = try paths.map { try XMLRecordPath.alternative($0, namespaces: namespaces) }
    }

    private static func alternative(_ path: String, namespaces: [String: String]) throws -> Alternative {
        var rest = Substring(path)
        let fromRoot: Bool
        if rest.hasPrefix("//") {
            fromRoot = false
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("/") {
            fromRoot = true
            rest = rest.dropFirst()
        } else {
            fromRoot = false
        }
        let steps = try rest.split(separator: "/", omittingEmptySubsequences: false).map { part in
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
        return Alternative(steps: steps, fromRoot: fromRoot)
    }

    /// Whether `element`, whose open ancestors outside any record are `ancestors` (root first), is a record: whether
    /// one of the paths matches it.
    func matches(_ element: XMLElementName, ancestors: [XMLElementName]) -> Bool {
        alternatives.contains { $0.matches(element, ancestors: ancestors) }
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
