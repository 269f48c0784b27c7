import Foundation

/// A fixed list of words looked for in many texts, answering as Foundation's `words.contains(where: text.contains)`
/// does, without bridging each text to NSString when the bytes alone are sure to give the same answer.
///
/// Foundation's `contains` compares whole characters (a character and the marks joined to it, canonically equivalent
/// forms alike). A text and words of ASCII and characters U+4000–U+9FFF alone (UTF-8 lead bytes E4–E9: the unified
/// ideographs, the end of Extension A, the Yijing hexagrams) have no other canonical form, and none of those
/// characters joins a neighbour into one character, so a byte match is a match of whole characters and the only
/// one. Nearly every value of a feed is such a text; any other goes through Foundation as before. The per-record
/// Foundation searches cost 7% of a household source's normalizing thread (`LocationResolver.holdsDivisionWord`)
/// and 2% of the civil-affairs one's (`HouseholdNormalizer.saysEnded`).
struct WordSearch {
    let words: [String]
    /// Each word's UTF-8 bytes; nil when a word is not plain text (see above): every search then uses Foundation.
    private let bytes: [[UInt8]]?

    init(_ words: [String]) {
        self.words = words
        let bytes = words.map { Array($0.utf8) }
        self.bytes = bytes.allSatisfy { !$0.isEmpty && $0.withUnsafeBufferPointer(WordSearch.isPlain) }
            ? bytes : nil
    }

    /// Whether `text` holds any of the words, as `words.contains(where: text.contains)` answers.
    func isFound(in text: String) -> Bool {
        if let bytes {
            var text = text
            let found: Bool? = text.withUTF8 { utf8 in
                guard WordSearch.isPlain(utf8) else { return nil }
                return bytes.contains { WordSearch.occurs($0, in: utf8) }
            }
            if let found { return found }
        }
        return words.contains(where: { text.contains($0) })
    }

    /// Whether valid UTF-8 `utf8` holds only ASCII and three-byte characters of lead byte E4–E9 (U+4000–U+9FFF).
    private static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < utf8.count {
            let lead = utf8[index]
            if lead < 0x80 {
                index += 1
            } else if lead >= 0xE4, lead <= 0xE9 {
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    /// Whether `word`'s bytes occur in `utf8`. A plain word begins with an ASCII or a lead byte, which never matches
    /// a continuation byte, so a match starts on a character of the text.
    private static func occurs(_ word: [UInt8], in utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = word.count
        guard count <= utf8.count else { return false }
        let first = word[0]
        var start = 0
        while start + count <= utf8.count {
            if utf8[start] == first {
                var offset = 1
                while offset < count, utf8[start + offset] == word[offset] { offset += 1 }
                if offset == count { return true }
            }
            start += 1
        }
        return false
    }
}
