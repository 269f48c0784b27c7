/// A compound name with its renovation phase split off, so that the rows of one compound's phases become
/// projects of the same compound: `幸福小区（二期）` → (`幸福小区`, 2).
///
/// The phase must end the name, written `二期`, `第二期`, `2期`, `Ⅱ期`, in brackets or not (`(二期)`, `【2期】`);
/// the name comes back cleaned (full-width folded) without it and without separators before it. A name with no
/// phase, or that is nothing but a phase, comes back whole with a nil phase:
/// ```swift
/// CompoundPhase.split("幸福小区二期")  // ("幸福小区", 2)
/// CompoundPhase.split("幸福小区")      // ("幸福小区", nil)
/// ```
public enum CompoundPhase {
    /// `name` without its trailing phase, and the phase number (nil when there is none).
    public static func split(_ name: String) -> (name: String, phase: Int?) {
        let cleaned = TextCleaning.clean(name)
        let scalars = Array(cleaned.unicodeScalars)
        guard let last = scalars.last else { return (cleaned, nil) }
        if let open = openingBrackets[last] {
            guard let openIndex = scalars.lastIndex(of: open),
                  let phase = wholePhase(scalars[(openIndex + 1)..<(scalars.count - 1)]) else { return (cleaned, nil) }
            return finish(scalars, nameEnd: openIndex, phase: phase, original: cleaned)
        }
        guard let (phase, start) = trailingPhase(scalars[...]) else { return (cleaned, nil) }
        return finish(scalars, nameEnd: start, phase: phase, original: cleaned)
    }

    /// The building a dwelling of phase `phase` is stored under: `2期3` for 3栋 of 二期, so that 3栋2单元501 of 一期
    /// and of 二期, two flats of one compound, are two dwellings. `building` unchanged when there is no phase (a
    /// record that writes none is not at a phase's flat) or no building: a door of an area of houses
    /// (`杉树林片区一期17号`, the door 17 of the area, which 民政 writes with the renovation's phase and the census
    /// without) keeps no phase, nor does a room right after the compound.
    public static func building(_ building: String?, phase: Int?) -> String? {
        guard let phase, let building else { return building }
        return "\(phase)期" + building
    }

    /// A building written with its phase in front, as a sheet's 楼栋 column may (`二期2栋`, cleaned to `二期2`; `第二期3`,
    /// `2期4`, `(二期)5`): the phase as written (`二期`), its number, and the building after it (`2`, its number as
    /// `HouseNumber.clean` gives it). Nil when the building starts with no phase or holds nothing after it.
    /// ```swift
    /// CompoundPhase.inFront(ofBuilding: "二期2")  // ("二期", 2, "2")
    /// ```
    public static func inFront(ofBuilding building: String) -> (written: String, phase: Int, building: String)? {
        let scalars = Array(TextCleaning.clean(building).unicodeScalars)
        guard let first = scalars.first else { return nil }
        var phaseEnd: Int?
        var phase: Int?
        if let close = closingBrackets[first], let closeIndex = scalars.firstIndex(of: close),
           let bracketed = wholePhase(scalars[1..<closeIndex]) {
            (phaseEnd, phase) = (closeIndex + 1, bracketed)
        } else if let qi = scalars.firstIndex(of: "期"), let number = wholePhase(scalars[..<(qi + 1)]) {
            (phaseEnd, phase) = (qi + 1, number)
        }
        guard let phaseEnd, let phase else { return nil }
        var rest = phaseEnd
        while rest < scalars.count, separators.contains(scalars[rest]) { rest += 1 }
        guard rest < scalars.count else { return nil }
        let after = String(String.UnicodeScalarView(scalars[rest...]))
        let written = String(String.UnicodeScalarView(scalars[..<phaseEnd])).trimmingCharacters(in: .whitespaces)
        return (written, phase, HouseNumber.clean(after) ?? after)
    }

    /// Whether `name` is a phase alone (`（二期）`, `二期`, `第3期`): it names no compound.
    public static func isPhaseOnly(_ name: String) -> Bool {
        var scalars = Array(TextCleaning.clean(name).unicodeScalars).filter { $0 != " " && !separators.contains($0) }
        if let last = scalars.last, let open = openingBrackets[last], scalars.first == open {
            scalars = Array(scalars.dropFirst().dropLast())
        }
        return !scalars.isEmpty && wholePhase(scalars[...]) != nil
    }

    private static func finish(_ scalars: [Unicode.Scalar], nameEnd: Int, phase: Int,
                               original: String) -> (name: String, phase: Int?) {
        var end = nameEnd
        while end > 0, separators.contains(scalars[end - 1]) { end -= 1 }
        guard end > 0 else { return (original, nil) }
        return (String(String.UnicodeScalarView(scalars[..<end])), phase)
    }

    /// A phase `第?N期` that makes up all of `text`.
    private static func wholePhase(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        let trimmed = text.drop(while: { $0 == " " })
        guard let (phase, start) = trailingPhase(trimmed), start == trimmed.startIndex else { return nil }
        return phase
    }

    /// The phase `第?N期` ending `text`, with the index where it starts.
    private static func trailingPhase(_ text: ArraySlice<Unicode.Scalar>) -> (Int, Int)? {
        var end = text.endIndex
        while end > text.startIndex, text[end - 1] == " " { end -= 1 }
        guard end > text.startIndex, text[end - 1] == "期" else { return nil }
        let numberEnd = end - 1
        var start = numberEnd
        while start > text.startIndex, phaseNumerals.contains(text[start - 1]) { start -= 1 }
        guard start < numberEnd, numberEnd - start <= 6 else { return nil }
        let numeral = text[start..<numberEnd]
        let phase: Int?
        if numeral.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) {
            phase = Int(String(String.UnicodeScalarView(numeral)))
        } else if numeral.count == 1, let only = numeral.first, let roman = romanNumerals[only] {
            phase = roman
        } else {
            phase = TextCleaning.chineseNumber(String(String.UnicodeScalarView(numeral)))
        }
        guard let phase, phase >= 1 else { return nil }
        if start > text.startIndex, text[start - 1] == "第" { start -= 1 }
        return (phase, start)
    }

    private static let openingBrackets: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "】": "【", "〕": "〔"]
    private static let closingBrackets: [Unicode.Scalar: Unicode.Scalar] = ["(": ")", "[": "]", "【": "】", "〔": "〕"]
    private static let separators: Set<Unicode.Scalar> = [" ", "-", "_", "·", "—", "/"]
    private static let romanNumerals: [Unicode.Scalar: Int] = [
        "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10,
    ]
    private static let phaseNumerals: Set<Unicode.Scalar> = {
        var set: Set<Unicode.Scalar> = ["零", "〇", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百"]
        for digit in 0x30...0x39 { set.insert(Unicode.Scalar(UInt8(digit))) }
        for roman in ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ"] as [Unicode.Scalar] { set.insert(roman) }
        return set
    }()
}
