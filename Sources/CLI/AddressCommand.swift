import ArgumentParser
import Foundation
import RongtongNormalize

/// `rongtong address TEXT…`: how Rongtong reads an address — division codes, compound, building, unit, room.
struct AddressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "address",
        abstract: "Parse addresses the way the normalize stage does and print one JSON object per address.",
        discussion: """
            Reads the addresses given as arguments, or one per line on standard input when there are none.

            Example:
              rongtong address 白云区大山洞街道东升小区3-2-501 --prefecture 贵阳市
            """
    )

    @Argument(help: "Addresses to parse (default: one per line from standard input).")
    var addresses: [String] = []

    @Option(help: "Prefecture the addresses belong to when they leave it out (name or code).")
    var prefecture: String?

    @Option(help: "County the addresses belong to when they leave it out (name or code).")
    var county: String?

    @Option(help: "Township the addresses belong to when they leave it out (name or code).")
    var township: String?

    func run() throws {
        let directory = try RegionDirectory.bundled()
        let parser = AddressParser(directory: directory)
        let context = AddressContext(prefecture: prefecture, county: county, township: township)
        func emit(_ text: String) throws {
            // 不详, 同上: normalize takes such a location field as empty (or, 同上 in a CSV, as the row above's).
            if PlaceholderWords.isAbsent(text) || PlaceholderWords.isDitto(text) {
                let placeholder = PlaceholderWords.isDitto(text) ? "ditto" : "absent"
                let data = try JSONSerialization.data(withJSONObject: ["address": text, "placeholder": placeholder],
                                                      options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            let parsed = parser.parse(text, context: context)
            var object: [String: Any] = ["address": text, "normalized": parsed.normalized]
            object["region_code"] = parsed.regionCode
            object["region_level"] = parsed.regionLevel?.rawValue
            object["prefecture_code"] = parsed.prefectureCode
            object["county_code"] = parsed.countyCode
            object["township_code"] = parsed.townshipCode
            object["community_code"] = parsed.communityCode
            object["compound"] = parsed.compound
            object["building"] = parsed.building
            object["unit"] = parsed.unit
            object["room"] = parsed.room
            object["remark"] = parsed.remark
            object["street"] = parsed.street
            object["unresolved_division"] = parsed.unresolvedDivision
            object["misspelt_prefecture"] = parsed.misspeltPrefecture
            if let inexact = parsed.inexactDivisionName {
                var division: [String: Any] = ["written": inexact.written, "read_as": inexact.official,
                                               "code": inexact.code, "dropped": inexact.dropped]
                if inexact.endingOfAnotherLevel { division["ending_of_another_level"] = inexact.ending }
                object["inexact_division"] = division
            }
            object["outside_province"] = parsed.outsideProvince
            if parsed.isAmbiguous { object["ambiguous_candidates"] = parsed.ambiguousCandidates }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
        if addresses.isEmpty {
            while let line = readLine() {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { try emit(line) }
            }
        } else {
            for address in addresses { try emit(address) }
        }
    }
}
