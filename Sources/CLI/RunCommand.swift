import ArgumentParser
import Foundation
import RongtongConfig
import RongtongRun

/// `rongtong run PIPELINE.yaml [--stage S]… [--source NAME]… [--force]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline's stages: extract, normalize, load (all three unless --stage is given).",
        discussion: """
            Example:
              rongtong run pipelines/sample-nightly.yaml
              rongtong run pipelines/sample-nightly.yaml --stage normalize --stage load --source guiyang-grid
            """
    )

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    @Option(name: .customLong("stage"), help: "Run only this stage (extract, normalize or load); may be repeated.")
    var stages: [Stage] = []

    @Option(name: .customLong("source"), help: "Restrict to this source of the pipeline; may be repeated.")
    var sources: [String] = []

    @Flag(help: "Re-extract files even when their content hash was already extracted or loaded.")
    var force = false

    @Option(help: "Use this warehouse file instead of the pipeline's.")
    var warehouse: String?

    @Option(help: "Use this staging file instead of the pipeline's.")
    var staging: String?

    @Option(name: .customLong("metrics-file"), help: "Write Prometheus metrics of this run to PATH (textfile-collector style: temp file, then rename).")
    var metricsFile: String?

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        // SIGTERM, SIGINT, SIGHUP: a line saying what was left undone, and exit 128 + the signal. First of all, so
        // that a stop while the pipeline file and the region table are still being read says so too.
        StopSignals.install(json: logging.logFormat == .json)
        RunCommand.stopForTest()
        // The metrics a stopped run writes need the pipeline's name: read first without the region table (which
        // takes a while to load), so that a stop while it loads writes them too.
        let earlyName = metricsFile == nil ? nil : (try? PipelineConfig.load(path: pipeline))?.name
        if let metricsFile, let earlyName {
            StopSignals.install(json: logging.logFormat == .json, metrics: (metricsFile, earlyName))
        }
        let config: PipelineConfig
        do {
            config = try PipelineConfig.loadCheckingContexts(path: pipeline)
        } catch let error as ConfigError {
            if logging.logFormat == .json {
                JSONLogHandler.write(["level": "error", "event": "failure", "message": error.description, "exit_code": 2])
            } else {
                StandardError.line(error.description)
            }
            throw ExitCode(2)
        }
        if let metricsFile, earlyName != config.name {
            StopSignals.install(json: logging.logFormat == .json, metrics: (metricsFile, config.name))
        }
        var options = RunOptions(stages: stages, sources: sources, force: force, warehouse: warehouse, staging: staging)
        options.willRecordRun = { StopSignals.runIsBeingRecorded() }
        options.showProgress = !logging.quiet && StandardError.isTerminal
        let outcome = PipelineRunner(config: config, options: options, logger: logging.makeLogger()).run()
        RunSummaryPrinter.print(outcome, quiet: logging.quiet, json: logging.logFormat == .json)
        if let metricsFile {
            do {
                try MetricsFile.write(outcome, pipeline: config.name, to: metricsFile)
            } catch {
                let message = "\(metricsFile): cannot write metrics: \(StandardError.reason(error))"
                if logging.logFormat == .json {
                    JSONLogHandler.write(["level": "error", "event": "failure", "message": message, "exit_code": 1])
                } else {
                    StandardError.line(message)
                }
                if outcome.exitCode == 0 { throw ExitCode(1) }
            }
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    /// Stop-signal tests set RONGTONG_TEST_STOP_BEFORE_CONFIG to have the process send itself the signal
    /// RONGTONG_TEST_KILL_SIGNAL (a number; SIGTERM by default) before it reads the pipeline file: the earliest
    /// moment of a run, deterministically.
    private static func stopForTest() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["RONGTONG_TEST_STOP_BEFORE_CONFIG"] != nil else { return }
        raise(environment["RONGTONG_TEST_KILL_SIGNAL"].flatMap { Int32($0) } ?? SIGTERM)
    }
}

extension Stage: ExpressibleByArgument {}
