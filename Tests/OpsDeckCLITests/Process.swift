import Foundation

/// The `opsdeck` binary that `swift test` built beside the test bundle.
let opsdeckBinary: URL = {
    if let p = ProcessInfo.processInfo.environment["OPSDECK_BIN"] { return URL(fileURLWithPath: p) }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("opsdeck")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/opsdeck")
}()

struct Run {
    var status: Int32
    var out: String
    var err: String
}

/// Runs `opsdeck` with these arguments to completion.
func opsdeck(_ args: [String], env: [String: String] = [:]) throws -> Run {
    let p = Process()
    p.executableURL = opsdeckBinary
    p.arguments = args
    var environment = ProcessInfo.processInfo.environment
    environment["OPSDECK_DATA"] = nil
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
}

func temporaryDirectory(_ name: String = #function) -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsdeck-cli-\(safe)-\(UUID().uuidString.prefix(8))")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, to dir: URL, _ file: String) {
    try! Data(text.utf8).write(to: dir.appendingPathComponent(file))
}
