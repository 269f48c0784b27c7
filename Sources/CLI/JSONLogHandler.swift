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
        var object: [String: String] = ["time": ISO8601DateFormatter().string(from: Date()), "level": level.rawValue,
                                        "message": message.description]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { object[key] = "\(value)" }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        StandardError.line(String(decoding: data, as: UTF8.self))
    }
}
