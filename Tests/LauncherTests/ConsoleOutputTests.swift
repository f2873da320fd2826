import Testing

@testable import Launcher

@Suite("Console output")
struct ConsoleOutputTests {
    @Test("the last lines of a CR LF serial log, with or without a final newline")
    func lastLines() {
        let log = Array("one\r\ntwo\r\nthree\r\n".utf8)
        #expect(String(decoding: Launcher.lastLines(2, of: log), as: UTF8.self) == "two\r\nthree\r\n")
        #expect(String(decoding: Launcher.lastLines(9, of: log), as: UTF8.self) == "one\r\ntwo\r\nthree\r\n")
        #expect(Launcher.lastLines(0, of: log).isEmpty)
        #expect(String(decoding: Launcher.lastLines(1, of: Array("a\nb".utf8)), as: UTF8.self) == "b")
    }
}
