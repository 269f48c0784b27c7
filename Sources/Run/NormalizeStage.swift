import Logging
import RongtongConfig
import RongtongNormalize
import RongtongStaging

/// Stage 2: turns each staged batch of a source into candidates and rejects, one transaction per batch.
///
/// Batches not yet normalized are taken; with `force`, the source's latest extraction is normalized again.
struct NormalizeStage {
    let staging: StagingStore
    let key: PersonalDataKey
    let directory: RegionDirectory
    let addresses: AddressParser
    let runID: Int
    let force: Bool
    let logger: Logger

    func run(_ source: SourceConfig, report: inout SourceReport) throws {
        if let problem = directory.problem(with: source.context) {
            throw RunFailure(exitCode: 2, "\(source.path): sources.\(source.name).\(problem)")
        }
        let all = try staging.batches(sourceID: source.name)
        let latestRun = all.map(\.extractedRun).max()
        let batches = try all.filter { batch in
            force ? batch.extractedRun == latestRun : try staging.normalizedRun(batchID: batch.batchID) == nil
        }
        for batch in batches {
            try normalize(batch, source: source)
            logger.info("normalized", metadata: ["source": "\(source.name)", "batch": "\(batch.batchID)"])
        }
    }

    private func normalize(_ batch: StagedBatch, source: SourceConfig) throws {
        let plan: FieldPlan
        do {
            plan = try FieldPlan(source: source, columns: batch.columns, headerIsComplete: source.format == "csv")
        } catch let error as FieldPlanError {
            throw RunFailure(exitCode: 2, "\(source.path): \(error)")
        }
        // A mapped field that never occurs in the whole file is most likely a typo in the mapping.
        let seen = Set(batch.columns)
        if let key = source.recordKey, !seen.contains(key), batch.rowsRead > 0 {
            logger.warning("sources.\(source.name).record_key: \(key) never occurs in \(DisplayPath.of(batch.file)); records are keyed #<record number> and never relinked by key",
                           metadata: ["source": "\(source.name)"])
        }
        for (canonical, names) in source.fields.sorted(by: { $0.key < $1.key }) where !names.contains(where: seen.contains) {
            logger.warning("sources.\(source.name).fields.\(canonical): \(names.joined(separator: ", ")) never occurs in \(DisplayPath.of(batch.file))",
                           metadata: ["source": "\(source.name)"])
        }
        func write(_ issues: [NormalizationIssue], of record: StagedRecord, to sink: CandidateSink) throws {
            for issue in issues {
                try sink.reject(RejectRow(runID: runID, batchID: batch.batchID, sourceID: source.name,
                                          recordNumber: record.number, line: record.line, field: issue.field,
                                          rule: issue.rule, severity: issue.severity, value: issue.value,
                                          message: issue.message, stage: "normalize"))
            }
        }
        // One pass over the batch: each record through the entity's normalizer, its candidate and issues to staging.
        func each<Candidate>(_ normalize: (StagedRecord, String) -> (Candidate?, [NormalizationIssue]),
                             _ store: @escaping (Candidate, CandidateSink) throws -> Void) throws {
            try staging.normalizeBatch(batch, runID: runID, fieldNames: plan.sourceFields) { record, sink in
                let (candidate, issues) = normalize(record, batch.batchID)
                if let candidate { try store(candidate, sink) }
                try write(issues, of: record, to: sink)
            }
        }
        switch source.entity {
        case .household:
            let normalizer = HouseholdNormalizer(source: source, plan: plan, key: key, directory: directory,
                                                 addresses: addresses)
            try each(normalizer.normalize) { try $1.household($0) }
        case .facility:
            let normalizer = FacilityNormalizer(source: source, plan: plan, directory: directory, addresses: addresses)
            try each(normalizer.normalize) { try $1.facility($0) }
        case .compound:
            let normalizer = CompoundNormalizer(source: source, plan: plan, directory: directory, addresses: addresses)
            try each(normalizer.normalize) { try $1.compound($0) }
        }
    }
}
