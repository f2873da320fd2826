import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard error, unbuffered (Swift 6 treats C's `stderr` as unsafe shared state), and what it is.
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

    /// Writes `text` to standard error as it is, unbuffered.
    static func writeErrorRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
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
