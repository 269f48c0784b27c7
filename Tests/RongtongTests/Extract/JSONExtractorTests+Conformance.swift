import Foundation
import XCTest
@testable import RongtongExtract

/// nst/JSONTestSuite through the `json` format: `y_` files read without error, `n_` files stop with a syntax error
/// naming a byte offset, `i_` files end as docs/json-conformance.md records. Each file runs on a worker thread
/// (smaller stack than the main one) under a time limit, so a hang or runaway recursion fails the test.
extension JSONExtractorTests {
    /// What reading one file through the json format came to.
    enum ConformanceOutcome: Equatable, CustomStringConvertible {
        case read(records: Int, rejects: [String])
        case extractError(byteOffset: Int?, message: String)
        case otherError(String)
        case timedOut

        var description: String {
            switch self {
            case .read(let records, let rejects):
                return "\(records) record(s)" + (rejects.isEmpty ? "" : ", rejects: \(rejects.joined(separator: ", "))")
            case .extractError(let offset, let message): return "error at byte \(offset.map(String.init) ?? "?"): \(message)"
            case .otherError(let text): return "unexpected error: \(text)"
            case .timedOut: return "timed out"
            }
        }
    }

    static let suite = TestPaths.conformance("json-test-suite/test_parsing")

    static func suiteFiles(_ prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: suite)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    /// Reads `name` to the end on a worker thread, giving up after `limit` seconds.
    static func outcome(_ name: String, limit: TimeInterval = 10) -> ConformanceOutcome {
        final class Box: @unchecked Sendable { var outcome = ConformanceOutcome.timedOut }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let path = suite + "/" + name
        DispatchQueue.global().async {
            do {
                let cursor = try FormatRegistry.makeCursor(file: path, format: "json", options: [:])
                var records = 0
                var rejects: [String] = []
                while let item = try cursor.next() {
                    switch item {
                    case .record: records += 1
                    case .rejected(let problem): rejects.append(problem.rule)
                    }
                }
                box.outcome = .read(records: records, rejects: rejects)
            } catch let error as ExtractError {
                box.outcome = .extractError(byteOffset: error.byteOffset, message: error.message)
            } catch {
                box.outcome = .otherError("\(error)")
            }
            done.signal()
        }
        return done.wait(timeout: .now() + limit) == .success ? box.outcome : .timedOut
    }

    func testEveryValidSuiteFileReadsWithoutError() throws {
        let files = try Self.suiteFiles("y_")
        XCTAssertGreaterThan(files.count, 90)
        for name in files {
            let outcome = Self.outcome(name)
            guard case .read = outcome else { XCTFail("\(name): \(outcome)"); continue }
        }
    }

    func testEveryInvalidSuiteFileStopsWithASyntaxErrorAtAByteOffset() throws {
        let files = try Self.suiteFiles("n_")
        XCTAssertGreaterThan(files.count, 180)
        for name in files {
            let outcome = Self.outcome(name)
            // n_structure_no_data.json is 0 bytes: a failed export, said as such rather than as a syntax error.
            if case .extractError(nil, let message) = outcome, message.contains("the file is empty (0 bytes)") { continue }
            guard case .extractError(let offset?, _) = outcome else { XCTFail("\(name): \(outcome)"); continue }
            XCTAssertGreaterThanOrEqual(offset, 0, name)
        }
    }

    func testImplementationDefinedSuiteFilesEndAsDocumented() throws {
        let files = try Self.suiteFiles("i_")
        XCTAssertEqual(Set(files), Set(Self.documentedImplementationDefined.keys), "docs/json-conformance.md lists every i_ file")
        for name in files {
            let outcome = Self.outcome(name)
            XCTAssertEqual(outcome.summary, Self.documentedImplementationDefined[name], "\(name): \(outcome)")
        }
    }

    /// The `i_` outcomes docs/json-conformance.md records: `records N`, `reject RULE` or `error`.
    static let documentedImplementationDefined: [String: String] = [
        "i_number_double_huge_neg_exp.json": "records 0, reject not_an_object",
        "i_number_huge_exp.json": "records 0, reject not_an_object",
        "i_number_neg_int_huge_exp.json": "records 0, reject not_an_object",
        "i_number_pos_double_huge_exp.json": "records 0, reject not_an_object",
        "i_number_real_neg_overflow.json": "records 0, reject not_an_object",
        "i_number_real_pos_overflow.json": "records 0, reject not_an_object",
        "i_number_real_underflow.json": "records 0, reject not_an_object",
        "i_number_too_big_neg_int.json": "records 0, reject not_an_object",
        "i_number_too_big_pos_int.json": "records 0, reject not_an_object",
        "i_number_very_big_negative_int.json": "records 0, reject not_an_object",
        "i_object_key_lone_2nd_surrogate.json": "records 0, reject invalid_encoding",
        "i_string_1st_surrogate_but_2nd_missing.json": "records 0, reject not_an_object",
        "i_string_1st_valid_surrogate_2nd_invalid.json": "records 0, reject not_an_object",
        "i_string_UTF-16LE_with_BOM.json": "error",
        "i_string_UTF-8_invalid_sequence.json": "records 0, reject invalid_encoding",
        "i_string_UTF8_surrogate_U+D800.json": "records 0, reject invalid_encoding",
        "i_string_incomplete_surrogate_and_escape_valid.json": "records 0, reject not_an_object",
        "i_string_incomplete_surrogate_pair.json": "records 0, reject not_an_object",
        "i_string_incomplete_surrogates_escape_valid.json": "records 0, reject not_an_object",
        "i_string_invalid_lonely_surrogate.json": "records 0, reject not_an_object",
        "i_string_invalid_surrogate.json": "records 0, reject not_an_object",
        "i_string_invalid_utf-8.json": "records 0, reject invalid_encoding",
        "i_string_inverted_surrogates_U+1D11E.json": "records 0, reject not_an_object",
        "i_string_iso_latin_1.json": "records 0, reject invalid_encoding",
        "i_string_lone_second_surrogate.json": "records 0, reject not_an_object",
        "i_string_lone_utf8_continuation_byte.json": "records 0, reject invalid_encoding",
        "i_string_not_in_unicode_range.json": "records 0, reject invalid_encoding",
        "i_string_overlong_sequence_2_bytes.json": "records 0, reject invalid_encoding",
        "i_string_overlong_sequence_6_bytes.json": "records 0, reject invalid_encoding",
        "i_string_overlong_sequence_6_bytes_null.json": "records 0, reject invalid_encoding",
        "i_string_truncated-utf-8.json": "records 0, reject invalid_encoding",
        "i_string_utf16BE_no_BOM.json": "error",
        "i_string_utf16LE_no_BOM.json": "error",
        "i_structure_500_nested_arrays.json": "records 0, reject not_an_object",
        "i_structure_UTF-8_BOM_empty_object.json": "records 1",
    ]
}

extension JSONExtractorTests.ConformanceOutcome {
    /// The short form docs/json-conformance.md uses.
    var summary: String {
        switch self {
        case .read(let records, let rejects): return (["records \(records)"] + rejects.map { "reject \($0)" }).joined(separator: ", ")
        case .extractError: return "error"
        case .otherError: return "unexpected error"
        case .timedOut: return "timed out"
        }
    }
}
