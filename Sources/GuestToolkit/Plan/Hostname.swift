/// Hostname rules shared by the plan reader and the operation.
enum Hostname {
    /// A hostname as RFC 1123 allows: dot-separated labels of letters, digits and inner hyphens, 253 bytes at most.
    static func validated(_ name: String, index: Int) throws(GuestToolkitError) -> String {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !name.isEmpty && name.utf8.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
        guard valid else {
            throw .invalidPlan("operation \(index) (hostname): \"\(name)\" is not a valid hostname")
        }
        return name
    }
}
