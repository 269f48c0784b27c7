import ArgumentParser
import RongtongConfig
import RongtongRun

/// `rongtong validate PIPELINE…`: CI mode — check config, extract and normalize every source, write no warehouse.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files and dry-run extract + normalize on every source (no warehouse write).",
        discussion: "Example:\n  rongtong validate pipelines/*.yaml --format junit > report.xml"
    )

    @Argument(help: "One or more pipeline files.")
    var pipelines: [String]

    @Option(help: "Report format: text, json or junit.")
    var format: ValidationReport.Format = .text

    @Flag(help: "Fail a source (exit 2) when a mapped field or record_key never occurs in one of its files.")
    var strict = false

    @Flag(help: "Leave out the files the pipeline's warehouse already holds as loaded (tonight's run would skip them); the warehouse is only read.")
    var newOnly = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        var results: [PipelineValidation] = []
        var worst: Int32 = 0
        for pipeline in pipelines {
            let result = PipelineValidator(pipeline: pipeline, logger: logging.makeLogger(), strict: strict,
                                           newOnly: newOnly).validate()
            if PipelineValidation.severity(result.exitCode) > PipelineValidation.severity(worst) { worst = result.exitCode }
            results.append(result)
        }
        // Quiet and successful: a cron job's text mail carries only the warnings about data that may be lost. A json
        // or junit report is a CI artifact, written whole.
        let quietText = logging.quiet && worst == 0 && format == .text
        print(quietText ? ValidationReport.warningsOnly(results)
                        : ValidationReport.render(results, format: format, verbose: logging.verbose), terminator: "")
        if worst != 0 { throw ExitCode(worst) }
    }
}

extension ValidationReport.Format: ExpressibleByArgument {}
