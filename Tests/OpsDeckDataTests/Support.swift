import Foundation
@testable import OpsDeckCore
@testable import OpsDeckData

/// A fresh directory under the system temp folder, removed by the caller.
func temporaryDirectory(_ name: String = #function) -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsdeck-test-\(safe)-\(UUID().uuidString.prefix(8))")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, to dir: URL, _ file: String) {
    try! Data(text.utf8).write(to: dir.appendingPathComponent(file))
}

func write(bytes: [UInt8], to dir: URL, _ file: String) {
    try! Data(bytes).write(to: dir.appendingPathComponent(file))
}

func load(_ dir: URL) -> StoreData { try! DataDirectory(dir).load() }

func errors(_ d: StoreData) -> [String] { d.issues.filter { $0.severity == .error }.map(\.description) }
func notes(_ d: StoreData) -> [String] { d.issues.filter { $0.severity == .note }.map(\.description) }
