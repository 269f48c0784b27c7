/// A problem in a pipeline file, located by file, line and key path.
///
/// `description` is the one-line form users see, e.g.
/// `pipelines/nightly.yaml:14: sources[2].feilds: unknown key (did you mean fields?)`.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    /// Dotted key path, e.g. `sources[2].fields.head_name`; empty for the whole file.
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// Further problems found in the same file, in file order after this one: a file is checked whole, so that
    /// fixing it takes one round, not one per problem.
    public var more: [ConfigError] = []

    /// This problem alone, on one line.
    public var line1: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }

    /// Every problem, one per line.
    public var description: String {
        ([line1] + more.map(\.line1)).joined(separator: "\n")
    }
}

/// Collects the problems of a pipeline file instead of stopping at the first, for `ConfigError.more`.
final class ConfigProblems {
    private(set) var found: [ConfigError] = []

    /// The value `body` gives, or nil after recording the problem it threw.
    func attempt<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as ConfigError {
            record(error)
            return nil
        } catch {
            record(ConfigError(file: "", line: nil, keyPath: "", message: "\(error)"))
            return nil
        }
    }

    func record(_ error: ConfigError) {
        var first = error
        first.more = []
        found.append(first)
        found.append(contentsOf: error.more)
    }

    /// Throws every recorded problem as one error, in line order (problems without a line last).
    func throwIfAny() throws {
        guard !found.isEmpty else { return }
        let ordered = found.enumerated().sorted { a, b in
            (a.element.line ?? Int.max, a.offset) < (b.element.line ?? Int.max, b.offset)
        }.map(\.element)
        var error = ordered[0]
        error.more = Array(ordered.dropFirst())
        throw error
    }
}
