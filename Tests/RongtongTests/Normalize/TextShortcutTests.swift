import XCTest
@testable import RongtongNormalize

/// The shortcuts the normalize stage takes on every value (asked millions of times a night) give the answers of
/// the slow forms they stand in for.
final class TextShortcutTests: XCTestCase {
    /// `PlaceholderWords.mightBeOne` never turns away a value that `normalized` would find in the word lists.
    func testThePlaceholderPrecheckNeverMissesAPlaceholder() {
        var written: [String] = []
        for word in PlaceholderWords.absent.union(PlaceholderWords.ditto) {
            let fullWidth = String(String.UnicodeScalarView(word.unicodeScalars.map {
                (0x21...0x7E).contains($0.value) ? Unicode.Scalar($0.value + 0xFEE0)! : $0
            }))
            written += [word, word.uppercased(), fullWidth, " \(word) ", "\u{3000}\(word)\u{00A0}", "（\(word)）",
                        "【\(word)】。", "(\(word))", "《\(word)》！", "\u{200B}\(word)", "'\(word)", "\(word)\u{2003}",
                        "\(word)\u{2028}"]
        }
        for text in written where PlaceholderWords.absent.contains(PlaceholderWords.normalized(text))
            || PlaceholderWords.ditto.contains(PlaceholderWords.normalized(text)) {
            XCTAssertTrue(PlaceholderWords.mightBeOne(text), text)
        }
        XCTAssertTrue(PlaceholderWords.isAbsent("（待核实）"))
        XCTAssertTrue(PlaceholderWords.isAbsent("Ｎ／Ａ"))
        XCTAssertTrue(PlaceholderWords.isDitto("  同上 "))
        for text in ["东升小区", "3", "301", "3栋", "白云区大山洞街道东升小区3栋2单元501室", "不详小区", "无名巷"] {
            XCTAssertFalse(PlaceholderWords.isAbsent(text), text)
        }
        XCTAssertFalse(PlaceholderWords.mightBeOne("东升小区"), "a compound name is turned away by its characters")
    }

    /// `TextCleaning.clean` trims what Foundation's `trimmingCharacters(in: .whitespaces)` trims.
    func testCleaningTrimsWhitespaceAsFoundationDoes() {
        let spaces = ["", " ", "\t", "\u{3000}", "\u{00A0}", "\u{2003}", "\u{202F}", "\u{205F}", "\u{1680}"]
        for before in spaces {
            for after in spaces {
                for core in ["东升小区", "a b", "3", "'0501", "\u{2028}x"] {
                    let text = before + core + after
                    let expected = text.unicodeScalars.map { scalar -> String in
                        switch scalar.value {
                        case 0x3000, 0x00A0, 0x09, 0x0A, 0x0D: return " "
                        default: return String(scalar)
                        }
                    }.joined().trimmingCharacters(in: .whitespaces)
                    let unmarked = expected.hasPrefix("'") && expected.count > 1
                        ? String(expected.dropFirst()).trimmingCharacters(in: .whitespaces) : expected
                    XCTAssertEqual(TextCleaning.clean(text), unmarked, text.debugDescription)
                }
            }
        }
    }

    /// Excel's formula guard `="…"` is its text mark, in every field: `="03"` is `03` (also with a full-width `＝`,
    /// spaces around, or full-width quotes), a doubled quote inside is one, and `=""` is empty. A formula that is not
    /// one string, and quotes that do not wrap the whole value, are left as written.
    func testExcelFormulaGuardIsUnwrapped() {
        let cases: [(String, String)] = [
            (#"="03""#, "03"), (#"＝"03""#, "03"), (#" = "03" "#, "03"), ("＝＂03＂", "03"), (#"="0851""#, "0851"),
            (#"="测高明""#, "测高明"), (#"="a""b""#, #"a"b"#), (#"="""#, ""), (#"="3"&"01""#, #"="3"&"01""#),
            ("=SUM(A1:A3)", "=SUM(A1:A3)"), ("=", "="), ("a=\"b\"", "a=\"b\""),
        ]
        for (written, expected) in cases {
            XCTAssertEqual(TextCleaning.clean(written), expected, written)
        }
    }

    /// One pair of quotes wrapping a whole value (`"测吴伟"` in a tab-separated export, `“测吴伟”`) is dropped; quotes
    /// that are part of the text (`"东"区"西"`, a lone `"`, `""`) stay.
    func testQuotesWrappingAWholeValueAreDropped() {
        let cases: [(String, String)] = [
            (#""测吴伟""#, "测吴伟"), ("“测吴伟”", "测吴伟"), ("＂测吴伟＂", "测吴伟"), (#" "3栋" "#, "3栋"),
            (#""东"区"西""#, #""东"区"西""#), (#"""#, #"""#), (#""""#, #""""#), (#""3栋"#, #""3栋"#),
            (#"测"吴"伟"#, #"测"吴"伟"#),
        ]
        for (written, expected) in cases {
            XCTAssertEqual(TextCleaning.clean(written), expected, written)
        }
    }
}
