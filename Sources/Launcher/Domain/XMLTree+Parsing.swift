import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why an XML document could not be read.
public struct XMLTreeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parser's message, with line and column when known.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension XMLTree {
    /// Parses a whole document (libvirt's domain XML, for example) into its root element.
    ///
    /// Whitespace between elements is dropped; an element's text is kept when it has no child elements.
    /// - Throws: ``XMLTreeError`` for a document that is not well-formed.
    public init(parsing document: String) throws(XMLTreeError) {
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw XMLTreeError("line \(parser.lineNumber), column \(parser.columnNumber): \(reason)")
        }
        self = root
    }
}

/// Collects `XMLParser` callbacks into an ``XMLTree``; used by one parse on one thread, then dropped.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [(element: XMLTree, text: String)] = []
    private(set) var root: XMLTree?

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        var element = XMLTree(elementName)
        // XMLParser hands attributes over as a dictionary: sort them so parsing is deterministic.
        element.attributes = attributeDict.sorted { $0.key < $1.key }.map { XMLTree.Attribute($0.key, $0.value) }
        stack.append((element, ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard let (finished, text) = stack.popLast() else { return }
        var element = finished
        if element.children.isEmpty, !text.isEmpty {
            element.text = text
        }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].element.children.append(element)
        }
    }
}
