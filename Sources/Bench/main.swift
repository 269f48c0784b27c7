import ArgumentParser

/// `rongtong-bench`: the benchmark's own tools (the harness itself is bench/run.sh, behind `make bench`).
struct RongtongBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rongtong-bench",
        abstract: "Benchmark tools for Rongtong: a deterministic generator of synthetic feeds.",
        subcommands: [GenerateCommand.self])
}

RongtongBench.main()
