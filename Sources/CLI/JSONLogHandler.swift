import Foundation
import Logging

/// A swift-log handler writing one JSON object per line to stderr: time, level, message and metadata
/// (run id, stage, source, counts, duration), for log shippers and `jq`.
struct JSONLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        var object: [String: Any] = ["level": level.rawValue, "message": message.description]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) {
            let text = "\(value)"
            // Counts and durations are numbers, so that `jq 'select(.rejected > 0)'` works.
            if JSONLogHandler.numericKeys.contains(key), let number = Int(text) {
                object[key] = number
            } else if JSONLogHandler.numericKeys.contains(key), let number = Double(text) {
                object[key] = number
            } else {
                object[key] = text
            }
        }
        JSONLogHandler.write(object)
    }

    /// Metadata keys whose values are numbers.
    static let numericKeys: Set<String> = ["run_id", "read", "loaded", "rejected", "records", "warnings", "duration_s",
                                           "files_skipped", "exit_code"]

    /// Writes one JSON object as a line on stderr, with the current time.
    static func write(_ fields: [String: Any]) {
        var object = fields
        object["time"] = ISO8601DateFormatter().string(from: Date())
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        StandardError.line(String(decoding: data, as: UTF8.self))
    }
}
