#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the standard streams with plain `write(2)` (Swift 6 treats C's `stderr` as unsafe shared state).
enum Terminal {
    /// Whether standard error is a terminal, so a progress bar can be redrawn in place.
    static var standardErrorIsTerminal: Bool {
        isatty(STDERR_FILENO) == 1
    }

    /// The terminal width of standard error, or 80.
    static var standardErrorColumns: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// Writes `line` and a newline to standard error.
    static func writeError(_ line: String) {
        writeErrorRaw(line.hasSuffix("\n") ? line : line + "\n")
    }

    /// Writes `text` to standard error as it is.
    static func writeErrorRaw(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { pointer in
                write(STDERR_FILENO, pointer.baseAddress! + offset, pointer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Ends the process with `code`.
    static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #elseif canImport(Musl)
        Musl.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }
}
