internal import CLibvirt

/// One value of a libvirt typed parameter list (`virTypedParameter`), keeping the C type it had.
public enum TypedParameterValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int32)
    case uint(UInt32)
    case longLong(Int64)
    case unsignedLongLong(UInt64)
    case double(Double)
    case boolean(Bool)
    case string(String)

    /// The value as a string when it is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as an integer when it is an integer that fits `Int64`, or a boolean (0 or 1).
    public var integerValue: Int64? {
        switch self {
        case .int(let value): Int64(value)
        case .uint(let value): Int64(value)
        case .longLong(let value): value
        case .unsignedLongLong(let value): Int64(exactly: value)
        case .boolean(let value): value ? 1 : 0
        case .double, .string: nil
        }
    }

    public var description: String {
        switch self {
        case .int(let value): "\(value)"
        case .uint(let value): "\(value)"
        case .longLong(let value): "\(value)"
        case .unsignedLongLong(let value): "\(value)"
        case .double(let value): "\(value)"
        case .boolean(let value): "\(value)"
        case .string(let value): value
        }
    }

    /// Reads one C parameter; `nil` for a type this libvirt does not document.
    init?(_ parameter: virTypedParameter) {
        switch Int32(parameter.type) {
        case Int32(VIR_TYPED_PARAM_INT.rawValue): self = .int(parameter.value.i)
        case Int32(VIR_TYPED_PARAM_UINT.rawValue): self = .uint(parameter.value.ui)
        case Int32(VIR_TYPED_PARAM_LLONG.rawValue): self = .longLong(parameter.value.l)
        case Int32(VIR_TYPED_PARAM_ULLONG.rawValue): self = .unsignedLongLong(parameter.value.ul)
        case Int32(VIR_TYPED_PARAM_DOUBLE.rawValue): self = .double(parameter.value.d)
        case Int32(VIR_TYPED_PARAM_BOOLEAN.rawValue): self = .boolean(parameter.value.b != 0)
        case Int32(VIR_TYPED_PARAM_STRING.rawValue):
            self = .string(parameter.value.s.map { String(cString: $0) } ?? "")
        default: return nil
        }
    }
}

/// Copies a libvirt-allocated typed parameter list into a dictionary and frees it.
///
/// The corresponding C function is `virTypedParamsFree`.
func takeTypedParameters(
    _ list: UnsafeMutablePointer<virTypedParameter>?,
    count: Int32
) -> [String: TypedParameterValue] {
    guard let list else { return [:] }
    defer { virTypedParamsFree(list, count) }
    var result: [String: TypedParameterValue] = [:]
    for parameter in UnsafeBufferPointer(start: list, count: Int(count)) {
        // `char field[VIR_TYPED_PARAM_FIELD_LENGTH]` is imported as a tuple: read it up to its NUL.
        let name = withUnsafeBytes(of: parameter.field) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        if let value = TypedParameterValue(parameter) {
            result[name] = value
        }
    }
    return result
}
