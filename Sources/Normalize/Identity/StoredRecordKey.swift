/// A record key as the warehouse stores it: a key that is, or contains, a resident ID holds it only as its keyed hash.
///
/// Feeds keyed by a person (a 残联 list keyed by the disabled person's `身份证号`, or by the `残疾证号`, the ID and two
/// digits) would otherwise put the ID in clear into `household_source.record_key`, `etl_reject.record_key` and every
/// other place a key is kept or named. The ID is replaced by `id:` and its keyed hash, the same hash as
/// `head_id_hash` (HMAC-SHA256 of its 18-character form, under the pipeline's personal-data key):
///
/// - a key that is an ID, as `ResidentID.parse` reads one (`520102197906024482`, its 15-digit form
///   `520102790602448`, `520102-19790602-4482`), is `id:<hash>`; the 15- and 18-digit forms of one ID are one key;
/// - a key that holds an ID among other characters is the key with the ID replaced by `[id:<hash>]`: the
///   `残疾证号` `52010219790602448251` is `[id:<hash>]51`, `CL520102197906024482` is `CL[id:<hash>]`. Such an ID is 18
///   characters (17 digits and a digit or `X`) standing alone in the key's digits, or among more digits the 18 with
///   a fitting check character; or 15 digits standing alone. Its birth date must be a real day;
/// - an ID written with a wrong check character, or ending in `000` (Excel's truncation), is hashed as written, so
///   the key still names the same record on every night and holds no one's ID in clear.
///
/// A masked ID (`520102********4482`) names no one and is kept as written, as `head_id_masked` is. A key already in
/// this form (`id:…`, or holding `[id:…]`) is kept, so keys stored by an earlier run are not hashed twice. The
/// same ID always gives the same key under the same personal-data key, so a record keyed by an ID is linked by its
/// key across nights as any other, and a reject's key matches the record when it later loads.
public enum StoredRecordKey {
    /// `key` (cleaned, as `FieldPlan.recordKey` gives it) with any resident ID in it replaced by its keyed hash.
    public static func of(_ key: String, hashingWith personalDataKey: PersonalDataKey) -> String {
        guard mayHoldID(key) else { return key }
        if case .success(let id) = ResidentID.parse(key) { return "id:" + personalDataKey.hash(id.value, kind: "id") }
        var result = ""
        var changed = false
        let characters = Array(key)
        var index = 0
        while index < characters.count {
            // A part already hashed (`[id:…]`) is kept as it is.
            if characters[index] == "[", characters[index...].starts(with: "[id:"),
               let close = characters[index...].firstIndex(of: "]") {
                result += String(characters[index...close])
                index = close + 1
                continue
            }
            guard characters[index].isASCIIDigit else {
                result.append(characters[index])
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isASCIIDigit { end += 1 }
            // A trailing X (or x) is an ID's check character.
            if end < characters.count, characters[end] == "X" || characters[end] == "x" { end += 1 }
            let run = Array(characters[index..<end])
            if let (start, id) = residentID(in: run) {
                // The whole key is the ID (one with a wrong check character, or Excel's 000): as one that parses.
                if run.count == characters.count, start == 0, run.count == 18 || run.count == 15 {
                    return "id:" + personalDataKey.hash(id, kind: "id")
                }
                result += String(run[..<start]) + "[id:" + personalDataKey.hash(id, kind: "id") + "]"
                    + String(run[(start + (run.count == 15 ? 15 : 18))...])
                changed = true
            } else {
                result += String(run)
            }
            index = end
        }
        return changed ? result : key
    }

    /// Whether `key` has 15 ASCII digits or more, without which it holds no resident ID (the quick test most keys
    /// take); a key already hashed whole (`id:…`) is not looked at again.
    public static func mayHoldID(_ key: String) -> Bool {
        guard !key.hasPrefix("id:") else { return false }
        var digits = 0
        for byte in key.utf8 where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            digits += 1
            if digits >= 15 { return true }
        }
        return false
    }

    /// The resident ID in a run of digits (perhaps ending in `X`), as the 18 characters hashed, and where it starts:
    /// the whole run of 18 with a real birth date, the whole run of 15 with a real birth date (in its 18-digit form),
    /// or in a longer run the first 18 with a real birth date and a fitting check character.
    private static func residentID(in run: [Character]) -> (start: Int, id: String)? {
        if run.count == 15 {
            guard run.allSatisfy(\.isASCIIDigit) else { return nil }
            let body = Array(run[0..<6]) + ["1", "9"] + Array(run[6..<15])
            guard hasBirthDate(body) else { return nil }
            return (0, String(body) + String(ResidentID.checkCharacter(for: body)))
        }
        if run.count == 18 {
            let id = run.map { $0 == "x" ? "X" : $0 }
            return id[0..<17].allSatisfy(\.isASCIIDigit) && hasBirthDate(id) ? (0, String(id)) : nil
        }
        guard run.count > 18 else { return nil }
        for start in 0...(run.count - 18) {
            let id = run[start..<(start + 18)].map { $0 == "x" ? "X" : $0 }
            guard id[0..<17].allSatisfy(\.isASCIIDigit), hasBirthDate(id),
                  ResidentID.checkCharacter(for: Array(id[0..<17])) == id[17] else { continue }
            return (start, String(id))
        }
        return nil
    }

    /// Whether characters 7–14 of an 18-character ID are a real day from 1890 on (the date `ResidentID` accepts, not
    /// bounded by today: a key's form must not change from one night to the next).
    private static func hasBirthDate(_ id: [Character]) -> Bool {
        guard let year = Int(String(id[6..<10])), let month = Int(String(id[10..<12])),
              let day = Int(String(id[12..<14])) else { return false }
        return year >= 1890 && CalendarDate(year: year, month: month, day: day) != nil
    }
}
