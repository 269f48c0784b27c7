import Foundation

/// The error values a spreadsheet writes into a cell whose formula failed (`#N/A`, `#VALUE!`, `#REF!`, `#DIV/0!`,
/// `#NAME?`, `#NUM!`, `#NULL!`, `#SPILL!`, `#CALC!`, `#GETTING_DATA`), which exports keep as text. They are no
/// value of the field, and a vocabulary entry would not help: the cell has to be fixed in the workbook.
public enum ExcelErrorValue {
    static let values: Set<String> = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                                      "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#BUSY!"]

    /// Whether `text` (cleaned, any case; full-width forms folded) is a spreadsheet error value.
    public static func contains(_ text: String) -> Bool {
        values.contains(TextCleaning.clean(text).uppercased())
    }
}
