/// The one matching order every code vocabulary follows, so facility types, statuses and area types behave alike:
/// the per-pipeline word for the whole label, the built-in word for the whole label, then the longest contained
/// word of either (the pipeline's wins a tie).
enum VocabularyParsing {
    static func parse<Value: RawRepresentable & Sendable>(_ label: String, extra: [String: String],
                                                          builtIn: KeywordMatcher<Value>) -> Value?
    where Value.RawValue == String {
        let folded = KeywordMatcher<Value>.fold(label)
        guard !folded.isEmpty else { return nil }
        let fromExtra = ExtraVocabulary.match(folded, in: extra, as: Value.self)
        if let fromExtra, fromExtra.exact { return fromExtra.value }
        if let hit = builtIn.exactMatch(folded) { return hit }
        let contained = builtIn.longestContained(folded)
        switch (fromExtra, contained) {
        case let (extraHit?, builtInHit?): return extraHit.length >= builtInHit.length ? extraHit.value : builtInHit.value
        case let (extraHit?, nil): return extraHit.value
        case let (nil, builtInHit?): return builtInHit.value
        case (nil, nil): return nil
        }
    }

    /// Whether the whole label is a word of the pipeline's vocabulary or a built-in word.
    static func isWholeWord<Value: RawRepresentable & Sendable>(_ label: String, extra: [String: String],
                                                                builtIn: KeywordMatcher<Value>) -> Bool
    where Value.RawValue == String {
        let folded = KeywordMatcher<Value>.fold(label)
        if ExtraVocabulary.match(folded, in: extra, as: Value.self)?.exact == true { return true }
        return builtIn.exactMatch(folded) != nil
    }
}
