/// A small XML element tree: built by ``DomainSpec`` and rendered with correct escaping, or parsed back from
/// libvirt's XML by ``DomainDescription``.
///
/// Only what libvirt's documents use: elements with attributes and either text or child elements (no mixed
/// content, comments, namespaces or processing instructions).
public struct XMLTree: Sendable, Hashable {
    /// The element's name, for example `disk`.
    public var name: String
    /// The attributes in document order (rendered in this order).
    public var attributes: [Attribute]
    /// The element's text, for elements such as `<name>` that hold text.
    public var text: String?
    /// The child elements.
    public var children: [XMLTree]

    /// One `name='value'` attribute.
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates an element; attributes whose value is `nil` and children that are `nil` are left out, so optional
    /// parts of a description read inline.
    public init(
        _ name: String,
        _ attributes: KeyValuePairs<String, String?> = [:],
        text: String? = nil,
        children: [XMLTree?] = []
    ) {
        self.name = name
        self.attributes = attributes.compactMap { key, value in value.map { Attribute(key, $0) } }
        self.text = text
        self.children = children.compactMap { $0 }
    }

    /// The value of the attribute `name`.
    public subscript(attribute name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// Every child element named `name`.
    public func children(_ name: String) -> [XMLTree] {
        children.filter { $0.name == name }
    }

    /// The first element down a path of child names, for example `["devices", "emulator"]`.
    public func descendant(_ path: String...) -> XMLTree? {
        path.reduce(Optional(self)) { element, name in element?.child(name) }
    }
}

extension XMLTree {
    /// The element as an indented XML document fragment (two spaces a level), ending with a newline.
    public func rendered() -> String {
        var output = ""
        render(into: &output, indent: 0)
        return output
    }

    private func render(into output: inout String, indent: Int) {
        output += String(repeating: "  ", count: indent)
        output += "<" + name
        for attribute in attributes {
            output += " \(attribute.name)='\(Self.escapeAttribute(attribute.value))'"
        }
        if let text {
            output += ">" + Self.escapeText(text) + "</\(name)>\n"
        } else if children.isEmpty {
            output += "/>\n"
        } else {
            output += ">\n"
            for child in children {
                child.render(into: &output, indent: indent + 1)
            }
            output += String(repeating: "  ", count: indent) + "</\(name)>\n"
        }
    }

    /// Escapes character data: `&`, `<` and `>` (the last so that `]]>` can never appear).
    static func escapeText(_ text: String) -> String {
        escape(text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            default: nil
            }
        }
    }

    /// Escapes an attribute value for single or double quotes; tab, newline and carriage return become
    /// character references, since a parser would otherwise normalise them to spaces.
    static func escapeAttribute(_ text: String) -> String {
        escape(text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "'": "&apos;"
            case "\"": "&quot;"
            case "\t": "&#9;"
            case "\n": "&#10;"
            case "\r": "&#13;"
            default: nil
            }
        }
    }

    /// Replaces each scalar `replacement` names; scalars XML 1.0 cannot hold at all (C0 controls other than tab,
    /// newline and carriage return, U+FFFE, U+FFFF) become U+FFFD. ``DomainSpec`` refuses such names before.
    private static func escape(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) {
                output += replaced
            } else if !isXMLCharacter(scalar) {
                output.unicodeScalars.append("\u{FFFD}")
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Whether XML 1.0 allows `scalar` in a document (its `Char` production).
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
