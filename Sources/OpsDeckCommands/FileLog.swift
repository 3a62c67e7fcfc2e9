import Foundation
import Logging

/// swift-log to a file, never to the screen (the screen belongs to the cockpit):
/// `$OPSDECK_LOG`, else `$XDG_STATE_HOME/opsdeck/opsdeck.log` (~/.local/state/...).
struct FileLogHandler: LogHandler {
    let label: String
    let file: FileHandle?
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard let file else { return }
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(event.level) \(label): \(event.message)\(meta)\n"
        file.seekToEndOfFile()
        file.write(Data(line.utf8))
    }

    static var path: URL {
        let env = ProcessInfo.processInfo.environment
        if let p = env["OPSDECK_LOG"], !p.isEmpty { return URL(fileURLWithPath: p) }
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: env["HOME"] ?? NSTemporaryDirectory()).appendingPathComponent(".local/state")
        return base.appendingPathComponent("opsdeck/opsdeck.log")
    }

    static func bootstrap() {
        let url = path
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = FileHandle(forWritingAtPath: url.path)
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, file: handle) }
    }
}

let log = Logger(label: "opsdeck")
