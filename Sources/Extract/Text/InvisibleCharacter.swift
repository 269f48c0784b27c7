/// The characters a value is read without: invisible marks an exporter or a copy from a web page leaves in text
/// (word joiner, soft hyphen, bidi overrides, byte order marks), which would otherwise make two spellings of one name.
///
/// One rule for every value, header and blank-cell test, so that what cleaning drops is also what counts as nothing.
public enum InvisibleCharacter {
    /// Whether `scalar` is dropped from a value: every control character (general category Cc: U+0000–U+001F,
    /// U+007F–U+009F) except tab, line feed, carriage return and NEL, which are line breaks or spaces, and every
    /// format character (Cf: U+00AD soft hyphen, U+061C, U+180E, U+200B–U+200F, U+202A–U+202E, U+2060–U+2064,
    /// U+2066–U+206F, U+FEFF, U+FFF9–U+FFFB, the tag characters U+E0001–U+E007F, …).
    public static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value < 0x7F { return false }
        if value <= 0x9F { return value != 0x85 }
        // CJK ideographs, the bulk of every feed, are never either.
        if value >= 0x4E00 && value <= 0x9FFF { return false }
        return scalar.properties.generalCategory == .format
    }

    /// Whether `scalar` is a line break other than LF and CR, read as a space: NEL (U+0085), LINE SEPARATOR
    /// (U+2028) and PARAGRAPH SEPARATOR (U+2029).
    public static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
