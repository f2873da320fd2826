import GlintClient
import GlintJSON

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Columns aligned with two spaces between them; the last column is not padded.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    /// The table as lines of text, headers first.
    func render() -> String {
        let all = [headers] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in all {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[index] - cell.count + 2)
                }
            }
            return line
        }.joined(separator: "\n")
    }
}

/// Printing images as tables or JSON.
enum ImageOutput {
    /// Prints a list: a table of the main columns, or a JSON array of full records.
    static func printImages(_ images: [Image], format: OutputOptions.Format) throws {
        switch format {
        case .json:
            print(try prettyJSON(images))
        case .table:
            var table = TextTable(headers: ["ID", "NAME", "STATUS", "VISIBILITY", "DISK FORMAT", "SIZE"])
            for image in images {
                table.rows.append([
                    image.id,
                    image.name ?? "",
                    image.status.rawValue,
                    image.visibility.rawValue,
                    image.diskFormat ?? "",
                    image.size.map { String($0) } ?? "",
                ])
            }
            print(table.render())
        }
    }

    /// Prints one image: a property/value table of every key, or its JSON record.
    static func printImage(_ image: Image, format: OutputOptions.Format) throws {
        switch format {
        case .json:
            print(try prettyJSON(image))
        case .table:
            let data = try JSONEncoder().encode(image)
            let object = try JSONDecoder().decode([String: JSONValue].self, from: data)
            var table = TextTable(headers: ["PROPERTY", "VALUE"])
            for key in object.keys.sorted() {
                table.rows.append([key, displayValue(object[key] ?? .null)])
            }
            print(table.render())
        }
    }

    /// Pretty-printed JSON with sorted keys.
    static func prettyJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A one-line cell: strings as they are, lists of strings comma-separated, `null` empty.
    private static func displayValue(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .null:
            text = ""
        case .array(let items) where items.allSatisfy({ if case .string = $0 { true } else { false } }):
            text = items.map(\.description).joined(separator: ", ")
        default:
            text = value.description
        }
        return text.replacing("\n", with: "\\n")
    }
}
