/// Just enough YAML for netplan: block mappings in the order given, block lists, and scalars quoted whenever a
/// YAML 1.1 reader could take them for anything but a string (numbers, booleans, `:` in MACs and IPv6), so the
/// same input always gives the same bytes and no library is needed.
indirect enum YAMLNode: Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case list([YAMLNode])
    case map([(String, YAMLNode)])

    static func == (a: YAMLNode, b: YAMLNode) -> Bool { a.lines() == b.lines() }

    /// The document as lines, two spaces per level.
    func lines(indent: Int = 0) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .map(let entries):
            return entries.flatMap { key, value -> [String] in
                let head = pad + Self.scalar(key) + ":"
                if let inline = value.inline { return [head + " " + inline] }
                return [head] + value.lines(indent: indent + 2)
            }
        case .list(let items):
            return items.flatMap { item -> [String] in
                if let inline = item.inline { return [pad + "- " + inline] }
                let nested = item.lines(indent: indent + 2)
                guard let first = nested.first else { return [] }
                return [pad + "- " + first.dropFirst(indent + 2)] + nested.dropFirst()
            }
        default:
            return [pad + (inline ?? "")]
        }
    }

    /// Scalars and empty collections fit on their key's line.
    private var inline: String? {
        switch self {
        case .string(let text): return Self.scalar(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return items.isEmpty ? "[]" : nil
        case .map(let entries): return entries.isEmpty ? "{}" : nil
        }
    }

    private static let reserved: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]

    /// Plain when it is an identifier-like word (`eth0`, `eth0.100`, `active-backup`); double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        let plain =
            text.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-/".contains($0)) }
            && !reserved.contains(text.lowercased())
        if plain { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    quoted += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
