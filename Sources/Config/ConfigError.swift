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

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
