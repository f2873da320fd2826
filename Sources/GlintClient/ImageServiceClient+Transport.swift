import AsyncHTTPClient
import GlintJSON
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Request building, sending and error mapping shared by every operation.
extension ImageServiceClient {
    static let userAgent = "glint-client/1.0"
    /// The most a JSON answer may hold; image lists are paged well below this.
    static let maxJSONBytes = 16 * 1024 * 1024
    /// The most of an error body that is read for its message.
    static let maxErrorBytes = 64 * 1024

    /// A request to an absolute URL with the headers every request carries.
    func makeRequest(_ method: HTTPMethod, url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let token {
            request.headers.add(name: "X-Auth-Token", value: token)
        }
        return request
    }

    /// A request to `path` (which starts with `/v2/…`) under ``baseURL``, with an encoded query.
    func makeRequest(_ method: HTTPMethod, path: String, query: [(String, String)] = []) -> HTTPClientRequest {
        makeRequest(method, url: baseURL + path + URLEncoding.queryString(query))
    }

    /// Sets `value` as the JSON body of `request`.
    func setJSONBody<T: Encodable>(
        _ value: T,
        on request: inout HTTPClientRequest,
        contentType: String = "application/json"
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw GlintClientError(code: .invalidArgument, message: "cannot encode the request body: \(error)")
        }
        request.headers.replaceOrAdd(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: data))
    }

    /// Sends `request` and returns the response if its status is one of `statuses`.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - statuses: The statuses that mean success for this operation.
    ///   - deadline: When the whole exchange must be over; ``requestTimeout`` from now by default.
    /// - Returns: The response, whose body has not been read yet.
    /// - Throws: ``GlintClientError``: `.transport` when the server cannot be reached, or the code for the
    ///   status with the server's message when the status is not one of `statuses`.
    func send(
        _ request: HTTPClientRequest,
        expecting statuses: Set<Int>,
        deadline: NIODeadline? = nil
    ) async throws -> HTTPClientResponse {
        logger.debug(
            "Sending image service request",
            metadata: ["http.method": "\(request.method)", "http.url": "\(request.url)"]
        )
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, deadline: deadline ?? .now() + requestTimeout)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw GlintClientError(
                code: .transport,
                message: "cannot talk to the image service at \(baseURL): \(Self.describeTransportError(error))",
                cause: error
            )
        }
        let status = Int(response.status.code)
        logger.debug(
            "Received image service response",
            metadata: [
                "http.method": "\(request.method)", "http.url": "\(request.url)", "http.status": "\(status)",
                "http.request_id": "\(response.headers.first(name: "x-openstack-request-id") ?? "-")",
            ]
        )
        guard statuses.contains(status) else {
            throw await serverError(from: response)
        }
        return response
    }

    /// Sends `request` and decodes its JSON answer.
    func sendForJSON<T: Decodable>(_ request: HTTPClientRequest, expecting statuses: Set<Int>) async throws -> T {
        let response = try await send(request, expecting: statuses)
        let status = Int(response.status.code)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.maxJSONBytes)
        } catch {
            throw GlintClientError(
                code: .transport,
                status: status,
                message: "cannot read the answer to \(request.method) \(request.url): "
                    + Self.describeTransportError(error),
                cause: error
            )
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch {
            throw GlintClientError(
                code: .invalidResponse,
                status: status,
                message: "cannot decode the answer to \(request.method) \(request.url): \(error)",
                requestID: response.headers.first(name: "x-openstack-request-id"),
                cause: error
            )
        }
    }

    /// Sends `request` and drains its (normally empty) answer.
    func sendExpectingNoContent(
        _ request: HTTPClientRequest,
        expecting statuses: Set<Int> = [200, 202, 204],
        deadline: NIODeadline? = nil
    ) async throws {
        let response = try await send(request, expecting: statuses, deadline: deadline)
        for try await _ in response.body {}
    }

    /// The error for a non-success answer, with the message taken from the body.
    func serverError(from response: HTTPClientResponse) async -> GlintClientError {
        let status = Int(response.status.code)
        var body = ByteBuffer()
        do {
            for try await chunk in response.body where body.readableBytes < Self.maxErrorBytes {
                var chunk = chunk
                body.writeBuffer(&chunk)
            }
        } catch {
            logger.debug("Could not read an error body", metadata: ["error": "\(error)"])
        }
        let text = String(buffer: body)
        let message = ErrorMessage.extract(from: text) ?? response.status.reasonPhrase
        return GlintClientError(
            code: .forStatus(status),
            status: status,
            message: message.isEmpty ? "HTTP \(status)" : message,
            requestID: response.headers.first(name: "x-openstack-request-id")
        )
    }

    /// A short text for a networking error (NIO's own descriptions are long and nested).
    static func describeTransportError(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            return String(describing: error)
        }
        var error = error
        if let connectionError = error as? NIOConnectionError, let first = connectionError.connectionErrors.first {
            // NIO's description lists every address tried; the first socket error says "Connection refused".
            error = first.error
        }
        if let ioError = error as? IOError {
            return String(cString: strerror(ioError.errnoCode))
        }
        return String(describing: error)
    }
}

/// Extracting a human message from Glance's error bodies.
enum ErrorMessage {
    /// The message of a JSON error (`{"message"}`, `{"error":{"message"}}`, `{"<kind>":{"message"}}`),
    /// or the text of an HTML or plain body, tags stripped and whitespace collapsed; `nil` for an empty body.
    static func extract(from body: String) -> String? {
        if case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) {
            if case .string(let message)? = object["message"] {
                return clean(message)
            }
            for (_, value) in object.sorted(by: { $0.key < $1.key }) {
                if case .object(let inner) = value, case .string(let message)? = inner["message"] {
                    return clean(message)
                }
            }
            if case .string(let message)? = object["error"] {
                return clean(message)
            }
        }
        let text = clean(body)
        return text.isEmpty ? nil : text
    }

    /// Removes HTML tags and collapses runs of whitespace.
    static func clean(_ text: String) -> String {
        var output = ""
        var inTag = false
        var lastWasSpace = true
        for character in text {
            if character == "<" {
                inTag = true
                continue
            }
            if inTag {
                if character == ">" {
                    inTag = false
                    if !lastWasSpace {
                        output.append(" ")
                        lastWasSpace = true
                    }
                }
                continue
            }
            if character.isWhitespace {
                if !lastWasSpace {
                    output.append(" ")
                    lastWasSpace = true
                }
            } else {
                output.append(character)
                lastWasSpace = false
            }
        }
        return output.trimmingWhitespace()
    }
}
