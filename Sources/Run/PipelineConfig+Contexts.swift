import RongtongConfig
import RongtongNormalize

extension PipelineConfig {
    /// Loads a pipeline file as `run` and `validate` do: the checks of `load(path:)`, and every source's `context:`
    /// against the bundled division table, so that a context naming no division (or a county outside the given
    /// prefecture) is reported with the file's other problems, before any feed is read.
    ///
    /// ```swift
    /// let config = try PipelineConfig.loadCheckingContexts(path: "pipelines/sample-nightly.yaml")
    /// ```
    public static func loadCheckingContexts(path: String) throws -> PipelineConfig {
        // Without the table (a broken install) the normalize stage reports the missing resource itself.
        guard let directory = try? RegionDirectory.bundled() else { return try load(path: path) }
        return try load(path: path) { directory.contextProblem(with: $0) }
    }
}
