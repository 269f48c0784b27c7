import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A single redrawn progress line on stderr: records, records/s, bytes done and ETA. Draws nothing unless
/// stderr is a terminal, so cron mail and CI logs stay clean.
public final class ProgressLine {
    private var label = ""
    private var totalBytes = 0
    private var started = Date()
    private var lastDraw = Date.distantPast
    private let enabled = isatty(2) == 1

    public init() {}

    func start(label: String, totalBytes: Int) {
        self.label = label
        self.totalBytes = totalBytes
        started = Date()
        lastDraw = .distantPast
    }

    func update(records: Int, bytes: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(records) / elapsed
        var line = "\(label): \(records) records, \(Int(rate)) rec/s"
        if totalBytes > 0 {
            let done = Double(bytes) / Double(totalBytes)
            let eta = done > 0 ? elapsed * (1 - done) / done : 0
            line += String(format: ", %.1f/%.1f MB (%.0f%%), ETA %.0fs", Double(bytes) / 1e6, Double(totalBytes) / 1e6, done * 100, eta)
        }
        draw("\r\u{1B}[K" + line)
    }

    func finish() {
        guard enabled else { return }
        draw("\r\u{1B}[K")
    }

    private func draw(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
