import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

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

/// A child process started with posix_spawn and reaped with waitpid.
///
/// Not Foundation's `Process`: on Linux its `waitUntilExit` can miss a child's exit when many
/// children run at once from several threads, and then it waits forever (a CI run hung for
/// 90 minutes on a `tmux` client that had long exited). Here every wait has a deadline, the
/// child reads /dev/null, and its output goes to files, so no pipe can fill up or be held
/// open by a grandchild.
struct Child {
    let pid: pid_t
    let stdoutFile: URL?
    let stderrFile: URL?

    enum Ending: Equatable { case exited(Int32), killedBy(Int32), timedOut }

    static func spawn(_ executable: String, _ args: [String], environment: [String: String]? = nil,
                      captureOutput: Bool = true) throws -> Child {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsdeck-child-\(UUID().uuidString.prefix(12))")
        let outURL = captureOutput ? base.appendingPathExtension("out") : nil
        let errURL = captureOutput ? base.appendingPathExtension("err") : nil

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outURL?.path ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errURL?.path ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let env = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }

        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, executable, &actions, nil, argv, envp)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        return Child(pid: pid, stdoutFile: outURL, stderrFile: errURL)
    }

    /// Waits for the child to end; past the deadline it is killed and `.timedOut` returned.
    @discardableResult
    func wait(timeout: Double = 120) -> Ending {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return Child.decode(status) }
            if r < 0 && errno != EINTR { return .exited(-1) }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(2_000)
        }
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    var stdout: String { Child.read(stdoutFile) }
    var stderr: String { Child.read(stderrFile) }

    func removeFiles() {
        for f in [stdoutFile, stderrFile].compactMap({ $0 }) { try? FileManager.default.removeItem(at: f) }
    }

    private static func read(_ url: URL?) -> String {
        guard let url, let data = FileManager.default.contents(atPath: url.path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    // The W* macros are not imported into Swift; this is their glibc definition.
    private static func decode(_ status: Int32) -> Ending {
        let sig = status & 0x7f
        return sig == 0 ? .exited((status >> 8) & 0xff) : .killedBy(sig)
    }
}

struct Run {
    var status: Int32
    var out: String
    var err: String
}

/// Runs `opsdeck` with these arguments to completion (killed, and a test failure, past the
/// deadline).
func opsdeck(_ args: [String], env: [String: String] = [:], timeout: Double = 300) throws -> Run {
    var environment = ProcessInfo.processInfo.environment
    environment["OPSDECK_DATA"] = nil
    for (k, v) in env { environment[k] = v }
    let child = try Child.spawn(opsdeckBinary.path, args, environment: environment)
    defer { child.removeFiles() }
    let ending = child.wait(timeout: timeout)
    let status: Int32
    switch ending {
    case .exited(let code): status = code
    case .killedBy(let sig): status = 128 + sig
    case .timedOut:
        Issue.record("opsdeck \(args.joined(separator: " ")) did not finish within \(Int(timeout)) s")
        status = -1
    }
    return Run(status: status, out: child.stdout, err: child.stderr)
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
