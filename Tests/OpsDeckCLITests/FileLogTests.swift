import Foundation
import Logging
import Testing
@testable import OpsDeckCommands

/// The cockpit and the review log to one file at once, each with its own descriptor.
@Suite struct FileLogTests {
    @Test func twoWritersOfOneLogNeverOverwriteEachOther() throws {
        let path = NSTemporaryDirectory() + "opsdeck-log-\(UUID().uuidString.prefix(8)).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Two handles opened the way the program opens its log, as two processes would.
        let writers = (0..<2).map { FileLogHandler(label: "writer\($0)", fd: FileLogHandler.openLog(path)) }
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for i in 0..<2_000 {
                writers[w].log(event: LogEvent(level: .info, message: Logger.Message(stringLiteral: "line \(i) of writer \(w) " + String(repeating: "x", count: 40)),
                                               metadata: nil, source: "t", file: #file, function: #function, line: #line))
            }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4_000)
        for w in 0..<2 {
            let mine = lines.filter { $0.contains("writer\(w):") }
            #expect(mine.count == 2_000)
            #expect(mine.allSatisfy { $0.hasSuffix("of writer \(w) " + String(repeating: "x", count: 40)) })
        }
    }
}
