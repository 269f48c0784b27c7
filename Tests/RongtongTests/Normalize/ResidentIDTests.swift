import XCTest
@testable import RongtongNormalize

final class ResidentIDTests: XCTestCase {
    func testValidIDGivesBirthDateGenderAndMask() throws {
        let id = try ResidentID.parse("520102198001011235").get()
        XCTAssertEqual(id.birthDate, "1980-01-01")
        XCTAssertEqual(id.gender, "male")
        XCTAssertEqual(id.masked, "520102********1235")
    }

    func testWrongCheckCharacterNamesTheExpectedOne() {
        guard case .failure(let problem) = ResidentID.parse("520102198001011234") else { return XCTFail("accepted") }
        XCTAssertEqual(problem.rule, "id_check_character")
        XCTAssertEqual(problem.message, "check character is 4, expected 5")
    }

    func testLowercaseXSpacesAndFullWidthDigitsAreNormalized() throws {
        let id = try ResidentID.parse(" ５２０１０２19900202100x ").get()
        XCTAssertEqual(id.value, "52010219900202100X")
        XCTAssertEqual(id.gender, "female")
    }

    /// Excel's formula guard `="…"` around an ID (a CSV cell `"=""52011119680919158X"""`) is its text mark, like
    /// the apostrophe: the ID is valid. Before, it was `id_length` "has 20 characters" for a value of 21.
    func testExcelFormulaGuardAroundAnIDIsItsTextMark() throws {
        for written in [#"="52011119680919158X""#, #"＝"52011119680919158X""#, #" = "52011119680919158X" "#] {
            let id = try ResidentID.parse(written).get()
            XCTAssertEqual(id.value, "52011119680919158X", written)
        }
    }

    /// An `id_length` message counts the characters the masked value shows: spaces, and quotes and apostrophes
    /// at either end, are dropped from both. Before, `5201111968091915"` was "has 16 characters" shown as 17.
    func testIDLengthCountsTheCharactersTheMaskedValueShows() {
        for written in [#"5201111968091915""#, "'5201111968 091915", #"`5201111968091915`"#] {
            guard case .failure(let problem) = ResidentID.parse(written) else { return XCTFail("accepted \(written)") }
            XCTAssertEqual(problem.rule, "id_length")
            XCTAssertEqual(problem.message, "has 16 characters, expected 18 (or 15)")
            XCTAssertEqual(ResidentID.mask(written), "520111******1915", written)
        }
    }

    /// IDs departments send masked: 18 characters, visible digits in front and behind, one run of `*`, `●`, `•` or
    /// `×` between (`＊` folds to `*`). Each hidden character becomes `*`, a lowercase x an X. Anything else is no
    /// masked ID: masks scattered, a letter among the visible digits, another length.
    func testMaskedIDsAreRecognisedAndWrittenWithStars() {
        XCTAssertEqual(ResidentID.maskedForm("522701********5055"), "522701********5055")
        XCTAssertEqual(ResidentID.maskedForm(" 522701●●●●●●●●505x"), "522701********505X")
        XCTAssertEqual(ResidentID.maskedForm("5227011980××××5055"), "5227011980****5055")
        XCTAssertEqual(ResidentID.maskedForm("５２２７０１＊＊＊＊＊＊＊＊５０５５"), "522701********5055")
        XCTAssertEqual(ResidentID.maskedForm("'522701••••••••5055"), "522701********5055")
        XCTAssertEqual(ResidentID.maskedForm("**************5055"), "**************5055")
        for text in ["522701****19**5055", "522701********50X5", "522701*******5055", "52270119800101505X",
                     "5227011980O1015055", "522701********5O55"] {
            XCTAssertNil(ResidentID.maskedForm(text), text)
        }
        // Still id_format to `parse`: the normalizer tells the two apart.
        guard case .failure(let problem) = ResidentID.parse("522701********5055") else { return XCTFail("accepted") }
        XCTAssertEqual(problem.rule, "id_format")
    }

    /// Digit groups an office sets apart with dashes or dots, as it sets them apart with spaces: the ID, its birth
    /// date and gender. Before, `522701-19800101-1234` was `id_length` "has 20 characters".
    func testDigitGroupsSetApartByDashesOrDotsAreTheID() throws {
        for written in ["520102-19800101-1235", "520102.19800101.1235", "520102－19800101－1235", "520102—19800101—1235",
                        "520102–19800101–1235", "520102 - 19800101 - 1235", "5201-0219-8001-0112-35", "520102-1980-0101-1235",
                        "'520102-19800101-1235", "520102-19800101-123-5", "５２０１０２－１９８００１０１－１２３５"] {
            let id = try ResidentID.parse(written).get()
            XCTAssertEqual(id.value, "520102198001011235", written)
            XCTAssertEqual(id.birthDate, "1980-01-01", written)
            XCTAssertEqual(id.gender, "male", written)
        }
        XCTAssertEqual(try ResidentID.parse("520102-19900202-100x").get().value, "52010219900202100X")
        XCTAssertEqual(try ResidentID.parse("520102-850303-123").get().value, "520102198503031236", "15 digits grouped")
        // The check character is still checked.
        guard case .failure(let check) = ResidentID.parse("520102-19800101-1234") else { return XCTFail("accepted") }
        XCTAssertEqual(check.rule, "id_check_character")
        // Masked IDs grouped so are masked IDs.
        XCTAssertEqual(ResidentID.maskedForm("522701-********-5055"), "522701********5055")
    }

    /// A separator that sets no digit group apart, or a wrong length without the separators, stays a reject whose
    /// message names the separators; the masked value counts them as the message does.
    func testSeparatorsElsewhereOrAWrongLengthStayRejectsNamingThem() {
        let rejected: [(String, String, String)] = [
            ("520102-1980010-1235", "id_length", "has 19 characters, 2 of them dashes (-); the other 17 are not 18 (or 15)"),
            ("520102.19800101.12350", "id_length", "has 21 characters, 2 of them dots (.); the other 19 are not 18 (or 15)"),
            ("5201021980010-1235", "id_length", "has 18 characters, 1 of them a dash (-); the other 17 are not 18 (or 15)"),
            ("520102-19800101.12", "id_length", "has 18 characters, 2 of them dashes and dots (-.); the other 16 are not 18 (or 15)"),
            ("520102--19800101-1235", "id_format", "has dashes (-) that set no digit groups apart (at its start or end, two together, or after its first one or two characters)"),
            ("-520102198001011235", "id_format", "has a dash (-) that sets no digit groups apart (at its start or end, two together, or after its first one or two characters)"),
            ("520102198001011235-", "id_format", "has a dash (-) that sets no digit groups apart (at its start or end, two together, or after its first one or two characters)"),
            // A decimal is no grouping.
            ("5.20102198001011", "id_format", "has a dot (.) that sets no digit groups apart (at its start or end, two together, or after its first one or two characters)"),
        ]
        for (written, rule, message) in rejected {
            guard case .failure(let problem) = ResidentID.parse(written) else { return XCTFail("accepted \(written)") }
            XCTAssertEqual(problem.rule, rule, written)
            XCTAssertEqual(problem.message, message, written)
        }
        XCTAssertEqual(ResidentID.mask("520102-1980010-1235"), "520102*********1235")
    }

    /// A trailing label 号 or 号码 is no part of the ID, as a leading apostrophe is not: the rule the docs gave for it
    /// (`id_format`) never held, it was `id_length` "has 19 characters". A legacy number a program wrote as a float
    /// (`520102850303123.0`) is the number.
    func testATrailingLabelOrAFloatsPointZeroIsNoPartOfTheID() throws {
        for written in ["520102198001011235号", "520102198001011235 号", "520102198001011235号码", "520102-19800101-1235号",
                        "‘520102198001011235号"] {
            XCTAssertEqual(try ResidentID.parse(written).get().value, "520102198001011235", written)
        }
        XCTAssertEqual(try ResidentID.parse("520102850303123.0").get().value, "520102198503031236")
        XCTAssertEqual(ResidentID.mask("52010219800101123号"), "520102*******1123")
        guard case .failure(let problem) = ResidentID.parse("52010219800101123号") else { return XCTFail("accepted") }
        XCTAssertEqual(problem.message, "has 17 characters, expected 18 (or 15)")
        // Letters where digits belong are id_format.
        guard case .failure(let letters) = ResidentID.parse("52010219800101123A") else { return XCTFail("accepted") }
        XCTAssertEqual(letters.rule, "id_format")
    }

    func testFifteenDigitNumberConvertsToEighteen() throws {
        let id = try ResidentID.parse("520102850303123").get()
        XCTAssertEqual(id.value, "520102198503031236")
        XCTAssertEqual(id.birthDate, "1985-03-03")
        XCTAssertEqual(id.gender, "male")
    }

    func testImpossibleAndFutureBirthDatesAreRejected() {
        // Check characters computed for these bodies, so only the date is wrong.
        let impossible = "52010219801332" + "123"
        let future = "52010220990101" + "123"
        for body in [impossible, future] {
            let id = body + String(ResidentID.checkCharacter(for: Array(body)))
            guard case .failure(let problem) = ResidentID.parse(id) else { return XCTFail("accepted \(id)") }
            XCTAssertEqual(problem.rule, "id_birth_date")
        }
    }

    /// An impossible birth date is what the feeder can see and correct, so it is reported whatever the check
    /// character; the wrong check character is said after it.
    /// Trial 20b: a real day before 1890 said "is not a real date".
    func testABirthDateBefore1890IsSaidToBeSo() {
        let body = "52010218891231123"
        guard case .failure(let problem) = ResidentID.parse(body + String(ResidentID.checkCharacter(for: Array(body)))) else {
            return XCTFail("accepted")
        }
        XCTAssertEqual(problem.rule, "id_birth_date")
        XCTAssertEqual(problem.message, "birth date 18891231 is before 1890, the earliest an ID is accepted with")
        guard case .failure(let impossible) = ResidentID.parse("520102188902301234") else { return XCTFail("accepted") }
        XCTAssertTrue(impossible.message.hasPrefix("birth date 18890230 is not a real date"), impossible.message)
    }

    /// rejects.md says so: the residence permits of Hong Kong, Macao and Taiwan residents (810000…, 820000…, 830000…)
    /// and the foreign permanent resident ID of 2023 (9…) are resident IDs; a 回乡证 or a passport is not.
    func testResidencePermitsAndTheForeignPermanentResidentIDAreResidentIDs() throws {
        for body in ["81000019800101123", "82000019751231456", "83000020010615789", "93115619850704002"] {
            let id = body + String(ResidentID.checkCharacter(for: Array(body)))
            XCTAssertNoThrow(try ResidentID.parse(id).get(), id)
        }
        for other in ["H12345678", "H1234567801", "E12345678", "12345678"] {
            guard case .failure(let problem) = ResidentID.parse(other) else { return XCTFail("accepted \(other)") }
            XCTAssertTrue(["id_length", "id_format"].contains(problem.rule), "\(other): \(problem.rule)")
        }
    }

    func testImpossibleBirthDateIsReportedBeforeAWrongCheckCharacter() {
        // 1940-13-32; its check character would be 0.
        for written in ["520102194013320011", "‘520102194013320011’"] {
            guard case .failure(let problem) = ResidentID.parse(written) else { return XCTFail("accepted \(written)") }
            XCTAssertEqual(problem.rule, "id_birth_date", written)
            XCTAssertEqual(problem.message, "birth date 19401332 is not a real date; the check character is 1, expected 0", written)
        }
        let future = "52010220990101123"
        guard case .failure(let problem) = ResidentID.parse(future + "0") else { return XCTFail("accepted") }
        XCTAssertEqual(problem.rule, "id_birth_date")
        XCTAssertTrue(problem.message.hasPrefix("birth date 2099-01-01 is in the future; the check character is 0, expected"),
                      problem.message)
    }

    func testBirthDatesAreJudgedOnTheCalendarDayInChina() throws {
        // 2026-11-28 17:00 UTC is already 2026-11-29 01:00 in China: a child born on the 29th is no future birth.
        let now = Date(timeIntervalSince1970: 1_795_885_200)
        func id(_ birth: String) -> String {
            let body = "520102" + birth + "123"
            return body + String(ResidentID.checkCharacter(for: Array(body)))
        }
        XCTAssertEqual(try ResidentID.parse(id("20261129"), today: now).get().birthDate, "2026-11-29")
        guard case .failure(let problem) = ResidentID.parse(id("20261130"), today: now) else { return XCTFail("accepted a future birth") }
        XCTAssertEqual(problem.rule, "id_birth_date")
        // Across a leap day and a year end.
        XCTAssertNoThrow(try ResidentID.parse(id("20240229"), today: Date(timeIntervalSince1970: 1_709_136_000)).get())
        XCTAssertNoThrow(try ResidentID.parse(id("20250101"), today: Date(timeIntervalSince1970: 1_735_660_800)).get())
    }

    /// Excel keeps 15 significant digits of a number: an 18-digit ID ending in 000 lost its last three, whether
    /// or not the zeros happen to fit the check character (522625199008078000 does, 1 in 11 do).
    func testAnIDEndingInThreeZerosIsReportedAsTruncated() {
        for written in ["522625199008078000", "520102197408080000", "'522625199008078000", "522625199008070000",
                        "５２２６２５１９９００８０７８０００"] {
            guard case .failure(let problem) = ResidentID.parse(written) else { return XCTFail("accepted \(written)") }
            XCTAssertEqual(problem.rule, "id_truncated", written)
        }
        // An impossible birth date is still the problem to report; 000 inside the number is nothing.
        guard case .failure(let problem) = ResidentID.parse("520102199013320000") else { return XCTFail("accepted") }
        XCTAssertEqual(problem.rule, "id_birth_date")
        XCTAssertNoThrow(try ResidentID.parse("520102199008010002").get())
        XCTAssertNoThrow(try ResidentID.parse("520102850303000").get(), "15 digits fit in a spreadsheet's number")
    }

    func testSpreadsheetScientificNotationIsReportedAsMangled() {
        guard case .failure(let problem) = ResidentID.parse("5.20402E+17") else { return XCTFail("accepted") }
        XCTAssertEqual(problem.rule, "id_mangled")
    }

    func testRegionDigitsOfAbolishedCodesAreStillValid() throws {
        // 522101 (former 遵义地区) no longer exists; the number stays valid for life.
        let body = "52210119700101123"
        XCTAssertNoThrow(try ResidentID.parse(body + String(ResidentID.checkCharacter(for: Array(body)))).get())
    }
}

final class PhoneAndDateTests: XCTestCase {
    func testPhoneFormsNormalizeAndMask() {
        for written in ["138 0013 8000", "138-0013-8000", "+86 13800138000", "１３８００１３８０００", "13800138000/13900139000"] {
            XCTAssertEqual(PhoneNumber.parse(written)?.digits, "13800138000", written)
        }
        XCTAssertEqual(PhoneNumber.parse("13800138000")?.masked, "138****8000")
        XCTAssertNil(PhoneNumber.parse("1990106745"))
        XCTAssertNil(PhoneNumber.parse("12154306737"))
        XCTAssertEqual(PhoneNumber.parse("/ 0851-8582 1234；13900139000")?.digits, "085185821234")
        XCTAssertEqual(PhoneNumber.parse("无, 13800138000")?.digits, "13800138000", "a placeholder is no number: the first number is taken")
        XCTAssertEqual(PhoneNumber.parse("13900139000, 13800138000")?.digits, "13900139000", "the first of two numbers is taken")
        XCTAssertEqual(PhoneNumber.parse("08518582123")?.masked, "085****2123")
    }

    /// Two complete numbers with only whitespace (a space, a quoted line break, U+3000) between them: the first is
    /// taken, as after `/`. Before, both were lost (`phone_invalid`). Spaces inside one number never split it.
    func testTwoNumbersSetApartByWhitespaceGiveTheFirst() {
        for (written, digits) in [("19961985007 13840368869", "19961985007"), ("19961985007\n13840368869", "19961985007"),
                                  ("19961985007\r\n13840368869", "19961985007"), ("19961985007　13840368869", "19961985007"),
                                  ("199 6198 5007 138 4036 8869", "19961985007"), ("0854-8123456 13800138000", "08548123456"),
                                  ("0854 8123456 13800138000", "08548123456"), ("13800138000（本人） 13900139000（妻）", "13800138000"),
                                  ("13800138000或13900139000", "13800138000"), ("13800138000\\13900139000", "13800138000"),
                                  ("138 5645 5770", "13856455770"), ("+86 854 8455003", "08548455003"), ("0854 8123456", "08548123456"),
                                  ("0851-85812345 x8006", "085185812345"), ("0851-85812345 转 8008", "085185812345"),
                                  ("13175201674 测某某", "13175201674")] {
            XCTAssertEqual(PhoneNumber.parse(written)?.digits, digits, written)
        }
        XCTAssertNil(PhoneNumber.parse("13800138000 1"), "a stray digit is no second number")
    }

    /// A mobile number dialled with a trunk 0 (`013856455770`) is the mobile number: no area code starts 013–019.
    /// Before, it was kept as the landline 013*****5770 and did not link with 13856455770.
    func testAMobileNumberAfterATrunkZeroIsTheMobileNumber() {
        for written in ["013856455770", "0138-5645-5770", "0 138 5645 5770", "(0)13856455770", "+86 013856455770",
                        "0086 013856455770"] {
            XCTAssertEqual(PhoneNumber.parse(written)?.digits, "13856455770", written)
            XCTAssertEqual(PhoneNumber.parse(written)?.isMobile, true, written)
        }
        // Beijing's 010 and other area codes stay landlines.
        XCTAssertEqual(PhoneNumber.parse("010-12345678")?.digits, "01012345678")
        XCTAssertEqual(PhoneNumber.parse("0851-85812345")?.digits, "085185812345")
    }

    /// An extension after a landline, however it is written, is dropped; the landline stays. Groupings of a number
    /// (a mobile 138-0851-2345, a landline 0851-8581-2345) are no extension.
    func testLandlineExtensionsAreDropped() {
        for written in ["0851-85812345-8004", "0851-85812345(8005)", "0851-85812345（8005）", "0851-85812345 x8006",
                        "0851-85812345 X8006", "0851-85812345 x 8006", "0851-85812345#8007", "0851-85812345 转 8008",
                        "0851-85812345ext.8001", "0851-85812345（分机8005）", "085185812345-8004", "0851 85812345-1",
                        "+86-851-85812345-8004", "电话：0851-85812345-8004", "(0851)85812345(8005)", "0851-8581-2345",
                        "(0851)85812345"] {
            XCTAssertEqual(PhoneNumber.parse(written)?.digits, "085185812345", written)
        }
        XCTAssertEqual(PhoneNumber.parse("138-0851-2345")?.digits, "13808512345")
        XCTAssertEqual(PhoneNumber.parse("13800138000-1")?.digits, "13800138000")
        XCTAssertEqual(PhoneNumber.parse("010-12345678-9")?.digits, "01012345678")
        // After a 7-digit local number, a last group is an extension only when the digits together are too many.
        XCTAssertEqual(PhoneNumber.parse("0859-3221234-801")?.digits, "08593221234")
        XCTAssertEqual(PhoneNumber.parse("0859-3221234-5")?.digits, "085932212345")
        XCTAssertNil(PhoneNumber.parse("138xxxx5678"), "a masked number is no number with an extension")
    }

    /// A landline in international form drops the trunk 0 after +86/0086; it is the same number (same digits, so
    /// the same hash) as the landline written with its area code.
    /// Trial 20b: `+1 415 555 0100` was read as the mobile 14155550100; `(0851)8581-2346` lost 2346 as an extension;
    /// `无/13800000019` was no number.
    func testNumbersAbroadBracketedAreaCodesAndPlaceholdersBeforeANumber() {
        for written in ["+1 415 555 0100", "+1 (312) 555-0199", "+1-202-555-0147", "+13800138000", "001 415 555 0100",
                        "+852 2345 6789", "00852 2345 6789", "+44 20 7946 0958"] {
            XCTAssertNil(PhoneNumber.parse(written), written)
            XCTAssertTrue(PhoneNumber.isAbroad(written), written)
        }
        XCTAssertFalse(PhoneNumber.isAbroad("+86 138 0013 8000"))
        XCTAssertFalse(PhoneNumber.isAbroad("0086 851 8581 2345"))
        for (written, digits) in [("(0851)8581-2346", "085185812346"), ("+86 (0851) 8581-2346", "085185812346"),
                                  ("（0851）8581-2346", "085185812346"), ("(0851) 8581-2346", "085185812346"),
                                  ("(0851)85812346-8004", "085185812346"), ("0851-8581-2346", "085185812346"),
                                  ("无/13800000019", "13800000019"), ("暂无；13800000020", "13800000020"),
                                  ("n/a/13800000022", "13800000022"), ("/ 13800000023", "13800000023"),
                                  ("13800000021/无", "13800000021")] {
            XCTAssertEqual(PhoneNumber.parse(written)?.digits, digits, written)
        }
    }

    func testInternationalLandlineIsTheSameNumberAsTheDomesticOne() {
        let domestic = PhoneNumber.parse("0851-85812345")
        XCTAssertEqual(domestic?.digits, "085185812345")
        for written in ["+86 851 8581 2345", "+86-851-85812345", "0086 851 8581 2345", "(+86) 851 8581 2345",
                        "＋８６ ８５１ ８５８１ ２３４５", "+86 0851 8581 2345", "+86 851 8581 2345 / 13900139000",
                        "86-0851-85812345", "0851-85812345转8001", "+86 851-85812345转8001", "0851-85812345 分机 8001",
                        "0851-85812345 ext. 8001"] {
            XCTAssertEqual(PhoneNumber.parse(written), domestic, written)
        }
        XCTAssertEqual(PhoneNumber.parse("+86 10 8765 4321")?.digits, "01087654321", "Beijing's area code 10")
        XCTAssertEqual(PhoneNumber.parse("+86 851 8581 2345")?.masked, "085*****2345")
        // Mobile numbers in international form are read as before; 86 without + is no international marker.
        XCTAssertEqual(PhoneNumber.parse("+86 138 0013 8000")?.digits, "13800138000")
        XCTAssertEqual(PhoneNumber.parse("0086 138 0013 8000")?.digits, "13800138000")
        XCTAssertNil(PhoneNumber.parse("86 851 8581 2345"))
        XCTAssertNil(PhoneNumber.parse("+86 8581 2345"), "a landline needs its area code")
        XCTAssertNil(PhoneNumber.parse("+86 121 5430 6737"))
    }

    /// Excel serial birth dates of elderly people (before 1954-10-03, serial 20000) are read down to serial 10000;
    /// a 4-digit number could be a year and stays unread.
    func testExcelSerialBirthDatesOfElderlyPeopleAreRead() {
        XCTAssertEqual(CalendarDate.parse("14367")?.text, "1939-05-02")
        XCTAssertEqual(CalendarDate.parse("14367.0")?.text, "1939-05-02")
        XCTAssertEqual(CalendarDate.parse("10000")?.text, "1927-05-18")
        XCTAssertEqual(CalendarDate.parse("20210")?.text, "1955-05-01")
        XCTAssertEqual(CalendarDate.parse("80000")?.text, "2119-01-11")
        for unread in ["9999", "1940", "80001"] { XCTAssertNil(CalendarDate.parse(unread), unread) }
    }

    func testDateStylesFromTheFeeds() {
        for written in ["2023-10-31", "2023/10/31", "2023.10.31", "20231031", "2023年10月31日", "2023-10-31 08:00:00", "45230"] {
            XCTAssertEqual(CalendarDate.parse(written)?.text, "2023-10-31", written)
        }
        XCTAssertNil(CalendarDate.parse("2023-02-30"))
        // Excel serials written as decimals; timestamps that name their zone give Beijing's day.
        for written in ["45230.0", "45230.75", "2023-10-31T08:00:00+08:00", "2023-10-30T16:00:00Z",
                        "2023-10-30T16:30:00.250Z", "2023-10-31T01:00:00+0800", "2023-10-30T23:00:00-01:00",
                        "2023-10-31T07:59:59+08"] {
            XCTAssertEqual(CalendarDate.parse(written)?.text, "2023-10-31", written)
        }
        XCTAssertEqual(CalendarDate.parse("1960-05-05T16:00:00Z")?.text, "1960-05-06")
        XCTAssertEqual(CalendarDate.parse("2023-10-30T15:59:59Z")?.text, "2023-10-30")
        XCTAssertEqual(CalendarDate.parse("2023-10-30T23:00:00")?.text, "2023-10-30", "no zone: a Beijing time")
        XCTAssertNil(CalendarDate.parse("2023-02-30T08:00:00Z"))
    }

    /// A date with its year last (Excel under an English locale: `10/22/2023`) is read when a day over 12, or the same
    /// number twice, makes the order certain; `10/5/2023` only under a declared order, and never without a reason.
    func testYearLastDatesAreReadWhenTheirOrderIsCertainOrDeclared() {
        for written in ["10/22/2023", "22/10/2023", "22.10.2023", "10-22-2023", "10/22/2023 14:05"] {
            XCTAssertEqual(CalendarDate.parse(written)?.text, "2023-10-22", written)
        }
        XCTAssertEqual(CalendarDate.parse("10/10/2023")?.text, "2023-10-10")
        XCTAssertNil(CalendarDate.parse("10/5/2023"))
        XCTAssertEqual(CalendarDate.parse("10/5/2023", order: .mdy)?.text, "2023-10-05")
        XCTAssertEqual(CalendarDate.parse("10/5/2023", order: .dmy)?.text, "2023-05-10")
        XCTAssertNil(CalendarDate.parse("22/10/2023", order: .mdy), "a declared order holds for every date")
        XCTAssertNil(CalendarDate.parse("2/30/2023"))
        XCTAssertEqual(CalendarDate.problem(with: "10/5/2023"),
                       "its day and month are both 12 or less, so which comes first is unknown; declare date_order: mdy (month first, as Excel writes under an English locale) or dmy on the source")
        XCTAssertEqual(CalendarDate.problem(with: "22/10/2023", order: .mdy), "under the source's date_order: mdy its month would be over 12")
        XCTAssertEqual(CalendarDate.problem(with: "2/30/2023"), "its day does not exist in its month")
        XCTAssertEqual(CalendarDate.problem(with: "2023-13-01"), "there is no month 13")
        XCTAssertEqual(CalendarDate.problem(with: "2023-02-30"), "its day does not exist in its month")
        XCTAssertTrue(CalendarDate.problem(with: "10/22/23").hasPrefix("its year has 2 digits"))
        XCTAssertEqual(CalendarDate.problem(with: "2023-10"), "it names a month but no day")
        XCTAssertTrue(CalendarDate.problem(with: "下个月").hasPrefix("it is none of the forms read"))
    }

    /// Unix timestamps of every length a date of 1890–2099 has: seconds in 9–10 digits, milliseconds in 11–13
    /// (`631152000000`, 12 digits, is a birth date of 1990), a minus sign before 1970. yyyyMMdd and yyyyMMddHHmm
    /// are never read as timestamps.
    func testEpochTimestampsOfEveryLengthAreRead() {
        let expected: [(String, String)] = [
            ("631152000000", "1990-01-01"), ("631152000000.0", "1990-01-01"), ("1262304000000", "2010-01-01"),
            ("631152000", "1990-01-01"), ("1698710400", "2023-10-31"), ("1698710400.5", "2023-10-31"),
            ("44582400000", "1971-06-01"), ("-631152000000", "1950-01-01"), ("-631152000", "1950-01-01"),
            ("-1262304000000", "1930-01-01"),
            // 8 digits are yyyyMMdd; 12 digits that are a day and time are yyyyMMddHHmm; 14 are yyyyMMddHHmmss.
            ("19900101", "1990-01-01"), ("199001011200", "1990-01-01"), ("202310310800", "2023-10-31"),
            ("20231031083000", "2023-10-31"),
            // 12 digits that are no day and time (month 13) are milliseconds.
            ("202313310800", "1976-05-30"),
        ]
        for (written, day) in expected { XCTAssertEqual(CalendarDate.parse(written)?.text, day, written) }
        for unread in ["19900231", "20231031250000", "9999999999999", "99999999"] {
            XCTAssertNil(CalendarDate.parse(unread), unread)
        }
        // The field's range decides: a 10-digit value past today is no birth date in seconds (2128), but one of
        // early 1970 in milliseconds; a 13-digit one past today is none at all.
        let today = CalendarDate(year: 2024, month: 6, day: 1)!
        let birth = CalendarDate.epochRange.lowerBound...today
        XCTAssertEqual(CalendarDate.parse("5011200000")?.text, "1970-02-28", "2128 is past 2099")
        XCTAssertEqual(CalendarDate.parse("4000000000")?.text, "2096-10-02")
        XCTAssertEqual(CalendarDate.parse("4000000000", epochRange: birth)?.text, "1970-02-16")
        XCTAssertNil(CalendarDate.parse("1893456000000", epochRange: birth), "2030 is no birth date")
    }

    /// A timestamp's day is the day on China's clock of the time (the Asia/Shanghai zone's history), as Java writes
    /// a local midnight: UTC+9 in the summers of 1940–49 and 1986–91, UTC+8 otherwise. Before, a fixed UTC+8 read a
    /// summer-time midnight as the evening before.
    func testEpochTimestampsAreReadOnChinasClockOfTheTime() {
        let expected: [(String, String)] = [
            ("-709981200000", "1947-07-04"), ("-788950800000", "1945-01-01"), ("515520000000", "1986-05-04"),
            ("581094000000", "1988-06-01"), ("684860400000", "1991-09-15"), ("581094000", "1988-06-01"),
            // Outside summer time: UTC+8, as before.
            ("-1009872000000", "1938-01-01"), ("694195200000", "1992-01-01"), ("1688140800000", "2023-07-01"),
            // A zoned time: the day on China's clock then (15:00Z was midnight at UTC+9).
            ("1947-07-03T15:00:00Z", "1947-07-04"), ("1947-07-03T15:00:00+00:00", "1947-07-04"),
        ]
        for (written, day) in expected { XCTAssertEqual(CalendarDate.parse(written)?.text, day, written) }
    }

    func testHMACDiffersPerKindAndKey() throws {
        let key = try PersonalDataKey(bytes: Array("0123456789abcdef".utf8))
        let other = try PersonalDataKey(bytes: Array("fedcba9876543210".utf8))
        XCTAssertEqual(key.hash("13800138000", kind: "phone").count, 64)
        XCTAssertNotEqual(key.hash("13800138000", kind: "phone"), key.hash("13800138000", kind: "id"))
        XCTAssertNotEqual(key.hash("13800138000", kind: "phone"), other.hash("13800138000", kind: "phone"))
        XCTAssertNotEqual(key.fingerprint, other.fingerprint)
        // Textbook HMAC-SHA256 of "phone:13800138000" (Python's hmac module): stored hashes must never change.
        XCTAssertEqual(key.hash("13800138000", kind: "phone"),
                       "ba7676e39ce5c29fd5cd42807508f3f0509051ec4432407431104a41457c2590")
    }

    /// The key is padded as HMAC pads it (a key of a whole block as it is, a longer one hashed first), and the value's
    /// bytes are UTF-8: textbook HMAC-SHA256 from Python's hmac module, for keys of 64, 65 and 100 bytes.
    func testHMACOfKeysOfABlockAndLonger() throws {
        let block = Array(String(repeating: "0123456789abcdef", count: 4).utf8)
        let cases: [([UInt8], [String])] = [
            (block, ["b501e94921b7d4a40ec72381fc03e8b9f6f79fbd0011fa1c5b997d8d5d8b0b20",
                     "e92c6a89d1a1ae7f40635e36fc8d813d1efcf32674f6cafc002f43c58b006f19",
                     "99df5309668029498c302ffd3dd0eb2922f14fa34c526045047d056007b24810"]),
            (block + Array("x".utf8), ["fddd7de322da01a93336c806452cd9f7015cf4ec056283f9cc5592ac78a8d778",
                                       "3ccb8c060e8fbed3a90260fde28e02cbd1de1b1803df84dbcc5e32b4ea1acd05",
                                       "e5a7954a84eff6543be92205fc2e49593f754f81f08d8d69fc3b73079e4f065a"]),
            ((0..<100).map { UInt8($0) }, ["45ad3d1accb8d8f3e6bc7b3c7155d1d6a3fb1cba30131c2ab66fbf7b881329fd",
                                           "9d86cac64a1d215a89e125468e19cf1f410b62c9b67040c767d10c955aa991f6",
                                           "2e353557516a772eccd53c0927baec50e1a6c96a18761b859081278e80b7402a"]),
        ]
        for (bytes, expected) in cases {
            let key = try PersonalDataKey(bytes: bytes)
            XCTAssertEqual(key.hash("张国华", kind: "name"), expected[0], "key of \(bytes.count) bytes")
            XCTAssertEqual(key.hash("52010219800101001X", kind: "id"), expected[1], "key of \(bytes.count) bytes")
            XCTAssertEqual(key.hash("", kind: "meta"), expected[2], "key of \(bytes.count) bytes")
        }
    }
}
