import Yams

/// A YAML syntax error of a pipeline file, said in one line: where, libyaml's own problem, and what it was parsing.
///
/// Yams's description breaks the line after libyaml's context (`while parsing a flow sequence in line 15,
/// column 18`) and puts the problem itself (`did not find expected ',' or ']'`) on the next, which a one-line
/// error lost. This keeps both:
/// `p.yaml:15: not valid YAML: column 26: did not find expected ',' or ']' (while parsing a flow sequence in line 15, column 18)`.
/// The usual cause of that one, a member selector `a[k=v]/b` inside a flow list `[…, …]`, gets a hint.
struct YAMLSyntaxProblem {
    /// Line of the problem (from 1), when libyaml gave one.
    var line: Int?
    var message: String

    init(_ error: YamlError, yaml text: String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            line = mark.line
            var message = "not valid YAML: column \(mark.column): \(problem)"
            if let context {
                message += " (\(context.text) in line \(context.mark.line), column \(context.mark.column))"
            }
            if context?.text == "while parsing a flow sequence",
               YAMLSyntaxProblem.character(at: mark, in: text) == "[" {
                message += "; a member selector such as a[k=v]/b cannot stand unquoted inside a [a, b] list:"
                    + " write the list as a block list (one \"- name\" a line) or quote the item (\"a[k=v]/b\")"
            }
            self.message = message
        case let .reader(problem, offset, _, _):
            line = nil
            message = "not valid YAML: \(problem)" + (offset.map { " at byte \($0)" } ?? "")
        default:
            line = nil
            message = "not valid YAML: " + String(describing: error).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
    }

    /// The character at a libyaml mark (line and column from 1, columns counted in Unicode scalars).
    static func character(at mark: Mark, in text: String) -> Character? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = lines[mark.line - 1].unicodeScalars
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[scalars.index(scalars.startIndex, offsetBy: mark.column - 1)])
    }
}
