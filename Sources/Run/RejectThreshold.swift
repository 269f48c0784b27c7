import Foundation
import RongtongConfig

/// A source's reject limits applied to one batch (one file): `run` holds the batch back, and `validate` judges
/// each file the same way, so that the CI gate and the nightly run agree.
enum RejectThreshold {
    /// Why a batch of `rowsRead` records with `errorRecords` rejected records is over the limits, or nil.
    static func exceeded(errorRecords: Int, rowsRead: Int, limits: SourceLimits) -> String? {
        let ratio = rowsRead == 0 ? 0 : Double(errorRecords) / Double(rowsRead)
        if let maximum = limits.maxRejectRatio, ratio > maximum {
            return "\(errorRecords) of \(rowsRead) records rejected (\(percent(ratio))), over max_reject_ratio \(percent(maximum))"
        }
        if let maximum = limits.maxRejects, errorRecords > maximum {
            return "\(errorRecords) records rejected, over max_rejects \(maximum)"
        }
        return nil
    }

    private static func percent(_ ratio: Double) -> String {
        String(format: "%.1f%%", ratio * 100)
    }
}
