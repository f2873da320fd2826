import HTTPTypes
import Hummingbird

/// Nova's microversions: the request names one (`OpenStack-API-Version: compute 2.6`, or the older
/// `X-OpenStack-Nova-API-Version: 2.6`); no header means 2.1, `latest` means the maximum; the response says which
/// was used in both headers. Glint serves 2.1 to 2.6 (2.6 adds `remote-consoles`); outside that range is 406.
struct Microversion: Comparable, CustomStringConvertible {
    var minor: Int

    static let minimum = Microversion(minor: 1)
    static let maximum = Microversion(minor: 6)

    static func < (lhs: Microversion, rhs: Microversion) -> Bool { lhs.minor < rhs.minor }
    var description: String { "2.\(minor)" }

    static func requested(by request: Request) throws -> Microversion {
        var text: Substring?
        if let header = request.headers[.openStackAPIVersion] {
            let parts = header.split(separator: " ")
            if parts.count == 2, parts[0].lowercased() == "compute" { text = parts[1] }
        }
        if text == nil, let legacy = request.headers[.xOpenStackNovaAPIVersion] {
            text = Substring(legacy)
        }
        guard let text else { return .minimum }
        if text == "latest" { return .maximum }
        let numbers = text.split(separator: ".")
        guard numbers.count == 2, numbers[0] == "2", let minor = Int(numbers[1]) else {
            throw ComputeError.badRequest("Invalid API version request string \(text).")
        }
        let version = Microversion(minor: minor)
        guard version >= .minimum, version <= .maximum else {
            throw ComputeError(
                status: .notAcceptable,
                message: "Version \(text) is not supported by the API. Minimum is \(Microversion.minimum) and maximum is \(Microversion.maximum).")
        }
        return version
    }

    func stamp(_ response: inout Response) {
        response.headers[.openStackAPIVersion] = "compute \(self)"
        response.headers[.xOpenStackNovaAPIVersion] = description
        response.headers[.vary] = "OpenStack-API-Version, X-OpenStack-Nova-API-Version"
    }
}
