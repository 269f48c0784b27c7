import XCTest
@testable import RongtongNormalize
@testable import RongtongStaging

/// The shortcuts the normalize stage takes on every value (asked millions of times a night) give the answers of
/// the slow forms they stand in for.
final class TextShortcutTests: XCTestCase {
    /// `WordSearch` answers as Foundation's `contains` of each word, on plain texts (searched as bytes) and on texts
    /// with other characters (a combining mark, a compatibility ideograph, full-width forms: Foundation's answer).
    func testWordSearchAnswersAsFoundationContains() {
        let lists = [LocationResolver.divisionEndings, HouseholdNormalizer.endedWords, HouseholdNormalizer.resumedWords,
                     HouseholdNormalizer.pendingWords, HouseholdNormalizer.negatingWords, ["ab", "村"]]
        let texts = ["", "村", "松桃路社区金竹花园", "老城街道丹桂小区", "龙井村幸福小区", "东升小区", "阳光花园3栋",
                     "城市低保（已退保）", "恢复低保", "低保待审核", "非低保", "ab", "xaby", "AB", "a b",
                     "村\u{0301}小区", "龙井\u{F9EC}小区", "社\u{200D}区", "金竹花园👨‍👩‍👧", "Ｖ村", "街 道", "𠀀村", "㐀镇"]
        for list in lists {
            let search = WordSearch(list)
            for text in texts {
                XCTAssertEqual(search.isFound(in: text), list.contains(where: { text.contains($0) }), "\(list) in \(text)")
            }
        }
        XCTAssertTrue(LocationResolver.holdsDivisionWord("松桃路社区金竹花园"))
        XCTAssertFalse(LocationResolver.holdsDivisionWord("东升小区"))
    }

    /// `StagingStore.spaceSeparated` gives the words `split(separator: " ")` gives.
    func testSpaceSeparatedWordsAsSplit() {
        for text in ["", " ", "a", "ab cd", " ab  cd ", "0f3a 9bc1 77", "甲 乙", "a\u{0301} b", "x \u{0301}y"] {
            XCTAssertEqual(StagingStore.spaceSeparated(text), text.split(separator: " ").map(String.init), text)
        }
    }

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

    /// `AddressParser.isGenericCompound`'s first question (the name's first scalar) never turns away a name the words
    /// themselves find generic, with its phases and sections, misspelt kind words, and after other characters.
    func testTheGenericCompoundPrecheckAgreesWithTheWords() {
        let words = Array(AddressParser.compoundKindWords) + Array(AddressParser.areaWords)
            + Array(KindWordMisspellings.meant.keys) + AddressParser.occupantWords + Array(AddressParser.quartersWords)
            + AddressParser.programmeWords + Array(AddressParser.resettlementWords)
        var names: [String] = []
        for word in words {
            for before in ["", "易地扶贫搬迁", "移民", "职工", "教职工家属", "碧云社区", "锦绣", "A", "3"] {
                for after in ["", "二期", "第2期", "A区", "东区", "院", "楼", "小区", "宿舍区"] {
                    names.append(before + word + after)
                }
            }
        }
        names += ["锦绣中小区", "东升小区", "安置点", "集中安置点二期", "职工宿舍", "家属院", "干部宿舍", "宿舍楼", "", "A区",
                  "易地扶贫搬迁安置小区", "移民新村", "\u{F900}小区", "花園", "新邨"]
        var generic = 0
        for name in names {
            XCTAssertEqual(AddressParser.isGenericCompound(name), AddressParser.isGenericCompoundByWords(name), name)
            if AddressParser.isGenericCompoundByWords(name) { generic += 1 }
        }
        XCTAssertGreaterThan(generic, 100, "the names hold many generic ones")
        XCTAssertFalse(AddressParser.isGenericCompound("锦绣中小区"))
        XCTAssertTrue(AddressParser.isGenericCompound("易地扶贫搬迁安置点二期"))
    }

    /// A member list read with yajl gives the members, names, IDs and head that Foundation's reading gives, and a
    /// list yajl leaves to Foundation (numbers, nesting, a key twice, a `\u` escape, no JSON at all) is read as before.
    func testMemberListsReadWithYAJLAsWithFoundation() {
        let lists = [
            #"[{"@关系":"配偶","姓名":"宋婷倩","身份证号":"520102200811112388"}]"#,
            #"[{"@关系":"户主","姓名":"甲"},{"关系":"户主之子","姓名":"甲子","身份证号":"52010220081111238X"},{}]"#,
            #"[ "甲" , "乙（户主）", "关系:户主" ]"#, "[]", #"["张三(户主)","李四"]"#,
            #"[{"成员/姓名":"丙","@xm":"丁","NAME":"戊"},{"cyxm":"己","身份证号":" 520102200811112388 "}]"#,
            #"[{"姓名":"甲","姓名":"乙"}]"#, #"[{"姓名":"甲","年龄":3}]"#, #"[{"姓名":{"x":"甲"}}]"#, #"["甲",["乙"]]"#,
            #"[{"姓名":"\u7532"}]"#, #"[{"姓名":"甲\"乙"}]"#, #"["甲",]"#, "[甲,乙]", "甲、乙", #"[{"姓名":null}]"#, "[1,2]",
            #"[{"姓名":"王 芳","关系":"本人"}]"#,
        ]
        for text in lists {
            let yajl = MemberList(text), foundation = MemberList(text, readsWithYAJL: false)
            XCTAssertEqual(yajl.count, foundation.count, text)
            XCTAssertEqual(yajl.people.map { $0.name ?? "<none>" }, foundation.people.map { $0.name ?? "<none>" }, text)
            XCTAssertEqual(yajl.people.map(\.ids), foundation.people.map(\.ids), text)
            for head in [nil, "甲", "王芳", "乙", "张三"] {
                XCTAssertEqual(yajl.namesHead(named: head), foundation.namesHead(named: head), "\(text) \(head ?? "-")")
            }
        }
        XCTAssertEqual(MemberList(lists[1]).people.first?.name, "甲")
        XCTAssertEqual(MemberList(lists[1]).count, 3)
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
                        // Line breaks (U+2028 too, trial 20f) are spaces, as U+3000 and NBSP are.
                        case 0x3000, 0x00A0, 0x09, 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return " "
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
