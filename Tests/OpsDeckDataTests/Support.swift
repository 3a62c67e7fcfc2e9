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

/// A helper process (a Python script) the test starts and kills; its output goes nowhere.
struct Child {
    let pid: pid_t

    static func spawnPython(_ script: String, _ args: [String]) throws -> Child {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let all = ["python3", "-c", script] + args
        let argv = all.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "python3", &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableNotLoadable) }
        return Child(pid: pid)
    }

    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
