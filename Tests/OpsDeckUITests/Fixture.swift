import Foundation
import OpsDeckCore
import OpsDeckData
@testable import OpsDeckUI

/// A demo store frozen at one moment, the same on every run.
enum Fixture {
    static let now = LocalTime(parsing: "2026-11-20 11:20")!
    static let data: StoreData = {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsdeck-ui-fixture-\(getpid())")
        var o = DemoOptions(now: now)
        o.seed = 3; o.days = 40; o.ordersPerDay = 120
        _ = try! DemoGenerator.write(to: dir, options: o)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try! DataDirectory(dir).load()
    }()

    static func state(width: Int = 120, height: Int = 40, lang: Lang = .en, events: [ChecklistEvent] = [], data: StoreData = data) -> AppState {
        var s = AppState(data: data, now: now, events: events, operatorName: "小王", lang: lang)
        _ = App.update(&s, .resized(width: width, height: height))
        s.dataModified = now.adding(seconds: -300)
        return s
    }
}

/// Compares a screen with `Golden/NAME.txt`; `UPDATE_GOLDEN=1 swift test` rewrites them
/// (review the diff by eye before committing).
func golden(_ name: String, _ screen: ScreenBuffer, file: String = #filePath) -> (ok: Bool, actual: String, expected: String) {
    golden(file: "\(name).txt", screen.text() + "\n", source: file)
}

/// Compares any text with `Golden/FILE` (the report goldens keep their format's extension).
func golden(file name: String, _ actual: String, source file: String = #filePath) -> (ok: Bool, actual: String, expected: String) {
    let dir = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Golden")
    let url = dir.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try! actual.write(to: url, atomically: true, encoding: .utf8)
    }
    let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "(missing golden file \(url.lastPathComponent))"
    return (actual == expected, actual, expected)
}
