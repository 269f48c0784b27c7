/// The three stages, in pipeline order.
public enum Stage: String, CaseIterable, Sendable, Comparable {
    case extract
    case normalize
    case load

    public static func < (a: Stage, b: Stage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What `rongtong run` was asked to do.
public struct RunOptions: Sendable {
    /// Stages to run, in order; all three when empty on the command line.
    public var stages: [Stage]
    /// Sources to restrict to; all when empty.
    public var sources: [String]
    /// Re-extract files already extracted, renormalize and reload their batches.
    public var force: Bool
    /// Overrides of the pipeline's warehouse and staging paths.
    public var warehouse: String?
    public var staging: String?
    /// Draw a progress line on stderr while extracting (only ever on a terminal).
    public var showProgress = false
    /// Called just before the run records its `etl_run` row (`rongtong run` tells its stop-signal handler that a
    /// stop from then on leaves a run for the next one to record as interrupted). Must be quick; runs on the
    /// caller's thread.
    public var willRecordRun: (@Sendable () -> Void)?

    public init(stages: [Stage] = Stage.allCases, sources: [String] = [], force: Bool = false,
                warehouse: String? = nil, staging: String? = nil) {
        self.stages = stages.isEmpty ? Stage.allCases : Array(Set(stages)).sorted()
        self.sources = sources
        self.force = force
        self.warehouse = warehouse
        self.staging = staging
    }
}
