import XCTest
@testable import RongtongNormalize

final class CompoundValueTests: XCTestCase {
    // MARK: Former names and yes/no area-type columns

    /// A 曾用名 cell holds one or several names; placeholders, one-character names, a phase and the present name
    /// are dropped.
    func testFormerNamesOfACellOfTheirOwn() {
        XCTAssertEqual(CompoundRename.formerNames(in: ["纺织厂宿舍、棉纺厂宿舍"], present: "锦绣花园"), ["纺织厂宿舍", "棉纺厂宿舍"])
        XCTAssertEqual(CompoundRename.formerNames(in: ["纺织厂宿舍，棉纺厂宿舍; 丝厂宿舍/丝厂宿舍"], present: "锦绣花园"),
                       ["纺织厂宿舍", "棉纺厂宿舍", "丝厂宿舍"])
        XCTAssertEqual(CompoundRename.formerNames(in: ["纺织厂宿舍（二期）"], present: "锦绣花园"), ["纺织厂宿舍"])
        for none in ["无", "/", "—", "不详", "同上", "锦绣花园", "厂"] {
            XCTAssertEqual(CompoundRename.formerNames(in: [none], present: "锦绣花园"), [], none)
        }
    }

    /// The type a yes/no column's own name says; none for a column of words.
    func testTheAreaTypeAColumnNameSays() {
        XCTAssertEqual(AreaType.named(byColumn: "是否老旧小区"), .old_compound)
        XCTAssertEqual(AreaType.named(byColumn: "棚户区(是/否)"), .shantytown)
        XCTAssertEqual(AreaType.named(byColumn: "小区/是否城乡结合部"), .urban_fringe)
        XCTAssertNil(AreaType.named(byColumn: "类型"))
        XCTAssertNil(AreaType.named(byColumn: "改造类型"))
    }

    // MARK: Planned dates

    /// A construction period (建设周期) in one cell gives a start and an end; a month is its first or last day.
    func testPlannedDatesFromAPeriodInOneCellAndFromMonths() {
        for (period, start, end) in [("2023.03-2024.06", "2023-03-01", "2024-06-30"),
                                     ("2023年3月至2024年6月", "2023-03-01", "2024-06-30"),
                                     ("2023-03至2024-06", "2023-03-01", "2024-06-30"),
                                     ("2023.3～2024.6", "2023-03-01", "2024-06-30"),
                                     ("2023/03 ~ 2024/02", "2023-03-01", "2024-02-29"),
                                     ("2023-04-01-2024-10-31", "2023-04-01", "2024-10-31"),
                                     ("2023年4月1日到2024年10月31日", "2023-04-01", "2024-10-31")] {
            XCTAssertEqual(ProjectPeriod.date(period, end: .start), start, period)
            XCTAssertEqual(ProjectPeriod.date(period, end: .finish), end, period)
        }
        XCTAssertEqual(ProjectPeriod.date("2024年9月", end: .start), "2024-09-01")
        XCTAssertEqual(ProjectPeriod.date("2025年12月份", end: .finish), "2025-12-31")
        XCTAssertEqual(ProjectPeriod.date("2023.11", end: .finish), "2023-11-30")
        XCTAssertEqual(ProjectPeriod.date("2023-04-01", end: .finish), "2023-04-01", "a day is that day for either end")
        XCTAssertNil(ProjectPeriod.date("2023.13", end: .start))
        XCTAssertNil(ProjectPeriod.date("两年", end: .start))
        XCTAssertNil(ProjectPeriod.date("2023.03-", end: .finish))
    }

    /// A period whose end leaves out the year ends in the start's year (the next one when its month comes first);
    /// `2023年2月-10月` is no day 2023-02-10, and a period that cannot be read gives nil, not a wrong day.
    func testAPeriodWhoseEndLeavesOutTheYear() {
        for (period, start, end) in [("2023年2月-10月", "2023-02-01", "2023-10-31"),
                                     ("2023年3月至12月", "2023-03-01", "2023-12-31"),
                                     ("2023.3-12", "2023-03-01", "2023-12-31"),
                                     ("2023年3-12月", "2023-03-01", "2023-12-31"),
                                     ("2023/3～11月份", "2023-03-01", "2023-11-30"),
                                     ("2023年3月1日至10月15日", "2023-03-01", "2023-10-15"),
                                     ("2023年10月-3月", "2023-10-01", "2024-03-31"),
                                     ("2023-3-12月", "2023-03-01", "2023-12-31")] {
            XCTAssertEqual(ProjectPeriod.date(period, end: .start), start, period)
            XCTAssertEqual(ProjectPeriod.date(period, end: .finish), end, period)
        }
        XCTAssertEqual(ProjectPeriod.date("2023-03-12", end: .finish), "2023-03-12", "a day, not March to December")
        for unreadable in ["2023年2月-13月", "2023年2月-下旬", "2023.2-40"] {
            XCTAssertNil(ProjectPeriod.date(unreadable, end: .start), unreadable)
            XCTAssertNil(ProjectPeriod.date(unreadable, end: .finish), unreadable)
        }
    }

    // MARK: Built year

    func testBuiltYearFromPlainYearsAndDates() {
        XCTAssertEqual(BuiltYear.parse("1995"), 1995)
        XCTAssertEqual(BuiltYear.parse("1995年"), 1995)
        XCTAssertEqual(BuiltYear.parse("1995-06"), 1995)
        XCTAssertEqual(BuiltYear.parse("1995年6月"), 1995)
        XCTAssertEqual(BuiltYear.parse("19950601"), 1995)
        XCTAssertEqual(BuiltYear.parse("1995.0"), 1995)
        XCTAssertEqual(BuiltYear.parse("约1995年建成"), 1995)
        XCTAssertEqual(BuiltYear.parse("１９９５年"), 1995)
        XCTAssertEqual(BuiltYear.parse("95年"), 1995)
        XCTAssertEqual(BuiltYear.parse("03年"), 2003)
    }

    func testBuiltYearFromChineseDigits() {
        XCTAssertEqual(BuiltYear.parse("二〇〇三年"), 2003)
        XCTAssertEqual(BuiltYear.parse("二零零三年"), 2003)
        XCTAssertEqual(BuiltYear.parse("一九九五"), 1995)
        XCTAssertEqual(BuiltYear.parse("九五年"), 1995)
    }

    func testBuiltYearFromDecadesAndTheirParts() {
        XCTAssertEqual(BuiltYear.parse("90年代"), 1990)
        XCTAssertEqual(BuiltYear.parse("90年代初"), 1991)
        XCTAssertEqual(BuiltYear.parse("90年代初期"), 1991)
        XCTAssertEqual(BuiltYear.parse("90年代中"), 1995)
        XCTAssertEqual(BuiltYear.parse("90年代中期"), 1995)
        XCTAssertEqual(BuiltYear.parse("90年代末"), 1998)
        XCTAssertEqual(BuiltYear.parse("90年代后期"), 1998)
        XCTAssertEqual(BuiltYear.parse("1990年代"), 1990)
        XCTAssertEqual(BuiltYear.parse("1990s"), 1990)
        XCTAssertEqual(BuiltYear.parse("1990S"), 1990)
        XCTAssertEqual(BuiltYear.parse("1990's"), 1990)
        XCTAssertEqual(BuiltYear.parse("80s"), 1980)
        XCTAssertEqual(BuiltYear.parse("上世纪80年代"), 1980)
        XCTAssertEqual(BuiltYear.parse("上世纪八十年代末"), 1988)
        XCTAssertEqual(BuiltYear.parse("八十年代"), 1980)
        XCTAssertEqual(BuiltYear.parse("二十世纪七十年代"), 1970)
        XCTAssertEqual(BuiltYear.parse("00年代"), 2000)
        XCTAssertEqual(BuiltYear.parse("上世纪20年代"), 1920)
    }

    func testImplausibleOrUnreadableBuiltYearsGiveNil() {
        XCTAssertNil(BuiltYear.parse(""))
        XCTAssertNil(BuiltYear.parse("不详"))
        XCTAssertNil(BuiltYear.parse("1850"))
        XCTAssertNil(BuiltYear.parse(String(BuiltYear.currentYear + 1)))
        XCTAssertNil(BuiltYear.parse("95"))
        XCTAssertNil(BuiltYear.parse("12345"))
        XCTAssertNil(BuiltYear.parse("1995年代"))
        XCTAssertNil(BuiltYear.parse(String(repeating: "9", count: 40) + "年代"), "no overflow on long runs")
        XCTAssertNil(BuiltYear.parse(String(repeating: "九", count: 40) + "年代"))
        XCTAssertNil(BuiltYear.parse(String(repeating: "九", count: 40)))
        XCTAssertEqual(BuiltYear.parse(String(BuiltYear.currentYear)), BuiltYear.currentYear)
    }

    // MARK: Area type

    func testAreaTypeWordsAndCodes() {
        XCTAssertEqual(AreaType.parse("老旧小区"), .old_compound)
        XCTAssertEqual(AreaType.parse("老旧"), .old_compound)
        XCTAssertEqual(AreaType.parse("棚户区"), .shantytown)
        XCTAssertEqual(AreaType.parse("棚改"), .shantytown)
        XCTAssertEqual(AreaType.parse("城乡结合部"), .urban_fringe)
        XCTAssertEqual(AreaType.parse("城乡接合部"), .urban_fringe)
        XCTAssertEqual(AreaType.parse("城中村"), .urban_fringe)
        XCTAssertEqual(AreaType.parse("其他"), .other)
        for type in AreaType.allCases { XCTAssertEqual(AreaType.parse(type.rawValue), type) }
        XCTAssertEqual(AreaType.parse("老旧小区改造"), .old_compound)
        XCTAssertEqual(AreaType.parse("商品房", extra: ["商品房": "other"]), .other)
        XCTAssertNil(AreaType.parse("商品房"))
        XCTAssertNil(AreaType.parse(""))
    }

    // MARK: Progress

    func testProgressFromPercentRatioAndBareNumber() {
        XCTAssertEqual(Progress.parse("45%"), 0.45)
        XCTAssertEqual(Progress.parse("0.45"), 0.45)
        XCTAssertEqual(Progress.parse("45"), 0.45)
        XCTAssertEqual(Progress.parse("４５％"), 0.45)
        XCTAssertEqual(Progress.parse("45.5 %"), 0.455)
        XCTAssertEqual(Progress.parse("100%"), 1)
        XCTAssertEqual(Progress.parse("100"), 1)
        XCTAssertEqual(Progress.parse("1"), 1)
        XCTAssertEqual(Progress.parse("0"), 0)
        XCTAssertEqual(Progress.parse(".5"), 0.5)
        XCTAssertEqual(Progress.parse("已完成45%"), 0.45)
    }

    func testProgressFromWords() {
        for word in ["已完工", "竣工", "完成", "已竣工"] { XCTAssertEqual(Progress.parse(word), 1, word) }
        for word in ["未开工", "尚未开工"] { XCTAssertEqual(Progress.parse(word), 0, word) }
        XCTAssertNil(Progress.parse("未完成"), "not finished says no number")
        XCTAssertNil(Progress.parse("在建"))
    }

    /// Half done is 0.5 and nearly done 0.9, in progress both: 完成 inside them is no completion. A bracketed remark
    /// does not overrule the words before it.
    func testProgressOfPartDoneWordsAndBracketedRemarks() {
        for word in ["过半", "完成过半", "已完成过半", "完成一半"] { XCTAssertEqual(Progress.parse(word), 0.5, word) }
        for word in ["基本完工", "基本完成", "基本竣工"] { XCTAssertEqual(Progress.parse(word), 0.9, word) }
        for word in ["在建（已完成主体）", "主体完工", "已完成主体", "在建(已完成)"] { XCTAssertNil(Progress.parse(word), word) }
        XCTAssertEqual(Progress.parse("已完工（待验收）"), 1)
        XCTAssertEqual(Progress.parse("在建（已完成80%）"), 0.8, "a number still wins")
        for word in ["完成过半", "过半", "基本完工", "基本完成", "在建（已完成主体）", "在建(已完成)", "在建【已完工一半】",
                     "施工中（主体已完成）", "已完成主体", "主体完成"] {
            XCTAssertEqual(ProjectStatus.parse(word), .in_progress, word)
        }
        XCTAssertEqual(ProjectStatus.parse("已完工（待审计）"), .completed)
        XCTAssertEqual(ProjectStatus.parse("（已完成）"), .completed, "a remark alone still says the status")
        XCTAssertEqual(ProjectStatus.parse("未开工（前期已完成）"), .not_started)
    }

    /// Trial 21e: tenths as county offices write them, and a column headed in percent, whose bare 1 is 1%.
    func testProgressInTenthsAndInAColumnHeadedInPercent() {
        let tenths: [(String, Double)] = [("四成", 0.4), ("六成", 0.6), ("两成", 0.2), ("十成", 1), ("4成", 0.4), ("10成", 1),
                                          ("七成五", 0.75), ("七成半", 0.75), ("完成八成", 0.8), ("约三成", 0.3), ("已完成九成", 0.9)]
        for (text, ratio) in tenths { XCTAssertEqual(Progress.parse(text), ratio, text) }
        XCTAssertEqual(Progress.parse("45%（约四成）"), 0.45, "a percentage wins over tenths")
        XCTAssertFalse(Progress.isApproximate("六成"), "tenths are a number, not a lower bound")
        XCTAssertNil(Progress.parse("14成"))
        XCTAssertEqual(Progress.parse("完成"), 1, "完成 is no tenth")
        XCTAssertEqual(Progress.parse("1", inPercent: true), 0.01)
        XCTAssertEqual(Progress.parse("0.5", inPercent: true), 0.005)
        XCTAssertEqual(Progress.parse("45", inPercent: true), 0.45)
        XCTAssertEqual(Progress.parse("45%", inPercent: true), 0.45)
        XCTAssertEqual(Progress.parse("已完工", inPercent: true), 1)
        for column in ["完成进度（%）", "进度(%)", "进度/%", "完成进度%", "完成进度 ％", "%", "（%）", "进度（单位：%）", "完成进度（百分比）"] {
            XCTAssertTrue(Progress.declaresPercent(column), column)
        }
        for column in ["完成进度", "进度（万元）", "完成比例"] { XCTAssertFalse(Progress.declaresPercent(column), column) }
    }

    func testProgressOutOfRangeOrUnreadableGivesNil() {
        XCTAssertNil(Progress.parse("150%"))
        XCTAssertNil(Progress.parse("150"))
        XCTAssertNil(Progress.parse("-5%"))
        XCTAssertNil(Progress.parse("1/2"))
        XCTAssertNil(Progress.parse(""))
        XCTAssertNil(Progress.parse("很快"))
    }

    // MARK: Money

    /// Trial 20i: `120万元整` (整 after the unit, as a cheque writes it) is 1,200,000; the unit a column's name gives
    /// is read however it is written; a paused or bare 施工 project is under way, a planned 施工 still planned.
    func testWholeAmountsHeaderUnitFormsAndPausedProjects() {
        XCTAssertEqual(Money.parse("120万元整"), 1_200_000)
        XCTAssertEqual(Money.parse("1.2亿元整"), 120_000_000)
        XCTAssertEqual(Money.parse("5600元整"), 5600)
        XCTAssertNil(Money.parse("120万整"))
        let units = ["总投资（单位：万元）": "万元", "总投资(万)": "万", "总投资（单位：亿元）": "亿元", "总投资(亿)": "亿",
                     "总投资/万元": "万元", "总投资 万元": "万元", "总投资【万元】": "万元", "投资万元": "万元",
                     "总投资(万元)(含配套)": "万元"]
        for (column, unit) in units { XCTAssertEqual(Money.declaredUnit(column), unit, column) }
        for column in ["总投资", "总投资(元)", "总投资(含配套)", "总投资(万元/户)", "投资万"] { XCTAssertNil(Money.declaredUnit(column), column) }
        for word in ["暂停", "已暂停", "暂停中", "停工", "已停工", "停工中", "暂停施工", "施工", "在建（暂停）"] {
            XCTAssertEqual(ProjectStatus.parse(word), .in_progress, word)
        }
        for word in ["拟施工", "待施工", "计划施工", "暂缓实施"] { XCTAssertEqual(ProjectStatus.parse(word), .not_started, word) }
    }

    /// A compound cell listing compounds splits where every part is a name (and, at a separator names also hold,
    /// ends in a kind word); a compound's phases are that compound; buildings keep the cell whole.
    func testACompoundCellListingSeveralCompounds() {
        XCTAssertEqual(CompoundList.split("测云杉小区、测白桦花园"), .several(["测云杉小区", "测白桦花园"]))
        XCTAssertEqual(CompoundList.split("测甲杉小区,测甲桦花园,测甲杉小区"), .several(["测甲杉小区", "测甲桦花园"]))
        XCTAssertEqual(CompoundList.split("测乙杉小区/测乙桦花园"), .several(["测乙杉小区", "测乙桦花园"]))
        XCTAssertEqual(CompoundList.split("测丙杉小区及测丙桦花园"), .several(["测丙杉小区", "测丙桦花园"]))
        XCTAssertEqual(CompoundList.split("测戊杉小区 测戊桦花园"), .several(["测戊杉小区", "测戊桦花园"]))
        XCTAssertEqual(CompoundList.split("阳光花园一期、二期"), .several(["阳光花园一期"]))
        for one in ["和平小区", "阳光城 A区", "金叶苑/烟草局", "金叶苑(原烟草局宿舍、棉纺厂宿舍)", "三合苑", "北京路及延伸段"] {
            XCTAssertEqual(CompoundList.split(one), .one, one)
        }
        XCTAssertEqual(CompoundList.split("幸福小区1栋、2栋"), .keptWhole(separator: "、"))
        // One compound's sections (the 20i recheck: B区 alone became a compound of its own).
        XCTAssertEqual(CompoundList.split("测阳光花园A区、B区"), .several(["测阳光花园A区", "测阳光花园B区"]))
        XCTAssertEqual(CompoundList.split("测云晖花园东区、西区"), .several(["测云晖花园东区", "测云晖花园西区"]))
        XCTAssertEqual(CompoundList.split("测云晖花园、西区"), .keptWhole(separator: "、"))
    }

    /// A column whose name says 元 keeps its amounts in yuan, whatever a units row under it says (the 20i recheck).
    func testAColumnNamedInYuanIsNotScaledByAUnitsRow() {
        XCTAssertTrue(Money.namesItsUnit("总投资（元）"))
        XCTAssertNil(Money.declaredUnit("总投资（元）"))
        XCTAssertEqual(Money.declaredUnit("总投资（单位：万元）"), "万元")
        XCTAssertFalse(Money.namesItsUnit("总投资"))
    }

    func testMoneyInYuanWanAndYi() {
        XCTAssertEqual(Money.parse("123.4万"), 1_234_000)
        XCTAssertEqual(Money.parse("1.2亿"), 120_000_000)
        XCTAssertEqual(Money.parse("560.00"), 560)
        XCTAssertEqual(Money.parse("1,234元"), 1234)
        XCTAssertEqual(Money.parse("12.5万元"), 125_000)
        XCTAssertEqual(Money.parse("1.2亿元"), 120_000_000)
        XCTAssertEqual(Money.parse("0.07万元"), 700)
        XCTAssertEqual(Money.parse("３５０万元"), 3_500_000)
        XCTAssertEqual(Money.parse("¥1,234.50"), 1234.5)
        XCTAssertEqual(Money.parse("￥ 80 万元"), 800_000)
        XCTAssertEqual(Money.parse("约300万元（含配套）"), 3_000_000)
        XCTAssertEqual(Money.parse("1.5E+06"), 1_500_000)
    }

    func testAColumnNamedInWanGivesItsBareNumbersInWan() {
        XCTAssertEqual(Money.parse("860", column: "总投资(万元)"), 8_600_000)
        XCTAssertEqual(Money.parse("860", column: "投资额（万元）"), 8_600_000)
        XCTAssertEqual(Money.parse("1,234.5", column: "投资万元"), 12_345_000)
        XCTAssertEqual(Money.parse("3", column: "总投资【亿元】"), 300_000_000)
        XCTAssertEqual(Money.parse("5600000元", column: "总投资(万元)"), 5_600_000, "a unit of its own stands")
        XCTAssertEqual(Money.parse("1.2亿", column: "总投资(万元)"), 120_000_000)
        XCTAssertEqual(Money.parse("860", column: "总投资"), 860)
        XCTAssertEqual(Money.parse("860", column: "总投资(元)"), 860)
        XCTAssertNil(Money.parse("abc", column: "总投资(万元)"))
    }

    func testARemarkAfterABareNumberIsIgnoredAsAfterAUnit() {
        XCTAssertEqual(Money.parse("860（含配套）", column: "总投资（万元）"), 8_600_000)
        XCTAssertEqual(Money.parse("约860万元（含配套）", column: "总投资（万元）"), 8_600_000)
        XCTAssertEqual(Money.parse("5600000元(含配套)", column: "总投资(万元)"), 5_600_000)
        XCTAssertEqual(Money.parse("860（含配套）"), 860)
        XCTAssertEqual(Money.parse("860【暂估】", column: "投资万元"), 8_600_000)
        // A unit in brackets is not a remark: it is not ignored, and is no unit this reader knows.
        XCTAssertNil(Money.parse("860(美元)"))
        XCTAssertNil(Money.parse("860(万元)"))
    }

    func testMoneyScalingIsExactInDecimal() {
        // Binary multiplication would give 1234000.0000000002 or 2899999.9999999995 for some of these.
        for (text, yuan) in [("123.4万", 1_234_000.0), ("289.99万", 2_899_900.0), ("0.1亿", 10_000_000.0),
                             ("4.35万", 43_500.0), ("1.1万", 11_000.0)] {
            XCTAssertEqual(Money.parse(text), yuan, text)
        }
    }

    func testUnreadableMoneyGivesNil() {
        XCTAssertNil(Money.parse(""))
        XCTAssertNil(Money.parse("万元"))
        XCTAssertNil(Money.parse("待定"))
        XCTAssertNil(Money.parse("-5万"))
        XCTAssertNil(Money.parse("12美元"))
        XCTAssertNil(Money.parse("12万5千"))
    }

    /// A European-locale Excel writes a decimal comma (`2350,5`); a comma before exactly three digits is a
    /// thousands separator; a comma that could be either is not guessed at.
    func testDecimalCommasAreDecimalsThousandsCommasGroupThreeDigitsAndAmbiguousCommasGiveNil() {
        XCTAssertEqual(Money.parse("2350,5", column: "总投资（万元）"), 23_505_000)
        XCTAssertEqual(Money.parse("12,5", column: "总投资（万元）"), 125_000)
        XCTAssertEqual(Money.parse("1,5万"), 15_000)
        XCTAssertEqual(Money.parse("0,25万元"), 2_500)
        XCTAssertEqual(Money.parse("2,350", column: "总投资（万元）"), 23_500_000)
        XCTAssertEqual(Money.parse("12,345,678.9"), 12_345_678.9)
        for text in ["1.234,5", "1,2345", "2350,500", "0,125", "1,234,5", "1,5.3", "12,34,567"] {
            XCTAssertNil(Money.parse(text), text)
        }
        XCTAssertEqual(Progress.parse("0,5"), 0.5)
        XCTAssertEqual(Progress.parse("0,25"), 0.25)
        XCTAssertEqual(Progress.parse("1,5"), 0.015, "as 1.5 is: a bare number above 1 is a percentage")
        XCTAssertEqual(Progress.parse("45,5%"), 0.455)
        XCTAssertEqual(Capacity.parse("1,5万吨"), Capacity(value: 15_000, unit: "吨"))
        XCTAssertEqual(Capacity.parse("1,200个"), Capacity(value: 1_200, unit: "个"))
        XCTAssertNil(Capacity.parse("1,2345kW"))
    }

    // MARK: Project status

    func testProjectStatusWordsAndCodes() {
        let expected: [ProjectStatus: [String]] = [
            .not_started: ["未开工", "拟开工", "not_started"],
            .in_progress: ["在建", "施工中", "进行中", "已开工", "未完工", "in_progress"],
            .completed: ["已完工", "竣工", "完成", "已竣工验收", "completed"],
            .unknown: ["不详", "unknown"],
        ]
        for (status, words) in expected {
            for word in words { XCTAssertEqual(ProjectStatus.parse(word), status, word) }
        }
        XCTAssertEqual(ProjectStatus.parse("前期工作已完成"), .not_started)
        XCTAssertNil(ProjectStatus.parse("看情况"))
        XCTAssertNil(ProjectStatus.parse(""))
    }

    func testProjectStatusOfPlansWithTheirDatesAndOfRealisticPhrasings() {
        let expected: [ProjectStatus: [String]] = [
            .not_started: ["计划2025年实施", "拟2026年实施", "2025年计划", "列入2025年计划", "待实施", "未开工", "拟改造",
                           "计划 2025 年实施", "计划２０２５年实施", "拟于2026年实施", "计划于2025年3月开工",
                           "计划2025年下半年开工", "计划2025年第三季度开工", "拟2025年底前开工", "2025年拟实施",
                           "2025年度计划", "列入2025年度第一批改造计划", "已纳入2025年改造计划", "计划二〇二五年实施",
                           "计划明年实施", "计划2025.3开工", "计划2025-03-01开工", "尚未开工", "暂未实施", "待改造",
                           "前期工作", "前期", "前期手续办理中", "前期工作已完成", "前期手续已完成", "已完成招标", "计划",
                           "规划中", "储备项目"],
            .in_progress: ["在建", "施工中", "正在施工", "已开工", "2024年10月开工", "改造中", "正在实施", "未完工",
                           "预计2025年底完工", "计划6月竣工", "主体完工", "停工", "已进场施工"],
            .completed: ["已完工", "完工", "已竣工", "竣工验收", "2024年12月竣工", "2024年已完工", "按计划完成",
                         "已按计划完工", "改造完毕", "已通过验收", "完工验收"],
        ]
        for (status, words) in expected {
            for word in words { XCTAssertEqual(ProjectStatus.parse(word), status, word) }
        }
        XCTAssertNil(ProjectStatus.parse("2025年"), "a date alone says no status")
        XCTAssertNil(ProjectStatus.parse("2025年实施"), "implemented in 2025, or to be: not said")
        XCTAssertEqual(ProjectStatus.withoutDates("计划2025年实施"), "计划实施")
        XCTAssertEqual(ProjectStatus.withoutDates("已完成80%"), "已完成80%", "a number that is no date stays")
        XCTAssertEqual(ProjectStatus.withoutDates("1号楼已完工"), "1号楼已完工")
    }

    func testProjectStatusFromProgressWhenAbsent() {
        XCTAssertEqual(ProjectStatus.from(progress: 0), .not_started)
        XCTAssertEqual(ProjectStatus.from(progress: 0.45), .in_progress)
        XCTAssertEqual(ProjectStatus.from(progress: 1), .completed)
        XCTAssertEqual(ProjectStatus.from(progress: 1.5), .unknown)
        XCTAssertEqual(ProjectStatus.from(progress: .nan), .unknown)
    }

    // MARK: Phase

    func testCompoundPhaseIsSplitOffTheName() {
        XCTAssertTrue(CompoundPhase.split("幸福小区（二期）") == ("幸福小区", 2))
        XCTAssertTrue(CompoundPhase.split("幸福小区二期") == ("幸福小区", 2))
        XCTAssertTrue(CompoundPhase.split("幸福小区") == ("幸福小区", nil))
        XCTAssertTrue(CompoundPhase.split("幸福小区(2期)") == ("幸福小区", 2))
        XCTAssertTrue(CompoundPhase.split("幸福小区第三期") == ("幸福小区", 3))
        XCTAssertTrue(CompoundPhase.split("幸福小区 12期") == ("幸福小区", 12))
        XCTAssertTrue(CompoundPhase.split("幸福小区十一期") == ("幸福小区", 11))
        XCTAssertTrue(CompoundPhase.split("幸福小区【一期】") == ("幸福小区", 1))
        XCTAssertTrue(CompoundPhase.split("幸福小区-Ⅱ期") == ("幸福小区", 2))
        XCTAssertTrue(CompoundPhase.split(" 幸福小区（第二期） ") == ("幸福小区", 2))
    }

    /// Trial 21e: a building column writing its phase in front (`二期2栋`) gives the phase and the building.
    func testAPhaseInFrontOfABuildingIsSplitOff() {
        for (written, phase, building) in [("二期2", "二期", "2"), ("第二期3", "第二期", "3"), ("2期4", "2期", "4"),
                                           ("(二期)5", "(二期)", "5"), ("二期二栋", "二期", "2"), ("一期A座", "一期", "A")] {
            let split = CompoundPhase.inFront(ofBuilding: written)
            XCTAssertEqual(split?.written, phase, written)
            XCTAssertEqual(split?.building, building, written)
        }
        for written in ["2", "二期", "A3", "长期2"] { XCTAssertNil(CompoundPhase.inFront(ofBuilding: written), written) }
    }

    func testNamesThatOnlyLookLikePhasesStayWhole() {
        XCTAssertTrue(CompoundPhase.split("长期小区") == ("长期小区", nil))
        XCTAssertTrue(CompoundPhase.split("幸福小区(A区)") == ("幸福小区(A区)", nil))
        XCTAssertTrue(CompoundPhase.split("二期") == ("二期", nil))
        XCTAssertTrue(CompoundPhase.split("幸福小区零期") == ("幸福小区零期", nil))
        XCTAssertTrue(CompoundPhase.split("") == ("", nil))
        let long = "幸福小区" + String(repeating: "九", count: 40) + "期"
        XCTAssertTrue(CompoundPhase.split(long) == (long, nil), "no overflow on long runs")
    }
}
