import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// swift-log to a file, never to the screen (the screen belongs to the cockpit):
/// `$OPSDECK_LOG`, else `$XDG_STATE_HOME/opsdeck/opsdeck.log` (~/.local/state/...).
///
/// The cockpit and the review often log to one file at once: it is opened with O_APPEND and
/// each line goes out in one write(2), so the kernel puts every line at the end whole and
/// two processes' lines never overwrite each other.
struct FileLogHandler: LogHandler {
    let label: String
    let fd: Int32
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard fd >= 0 else { return }
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(event.level) \(label): \(event.message)\(meta)\n"
        var bytes = Array(line.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }      // a log that cannot be written must not stop the cockpit
            done += n
        }
        bytes.removeAll()
    }

    static var path: URL {
        let env = ProcessInfo.processInfo.environment
        if let p = env["OPSDECK_LOG"], !p.isEmpty { return URL(fileURLWithPath: p) }
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: env["HOME"] ?? NSTemporaryDirectory()).appendingPathComponent(".local/state")
        return base.appendingPathComponent("opsdeck/opsdeck.log")
    }

    /// Every write lands at the end of the file, whoever else has it open.
    static func openLog(_ path: String) -> Int32 { open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644) }

    static func bootstrap() {
        let url = path
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = openLog(url.path)
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, fd: fd) }
    }
}

let log = Logger(label: "opsdeck")
