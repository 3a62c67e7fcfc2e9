import Foundation

/// The tests' PostgreSQL: the cluster `.ci/run` started (`OPSDECK_TEST_PG_DIR` and
/// `OPSDECK_TEST_PG_PORT`), else a private one this test process starts with
/// `scripts/postgres-cluster` and stops when it exits. Each test gets its own database.
public enum TestPostgres {
    public struct Cluster: Sendable {
        public let dir: String
        public let port: Int
        public func url(_ database: String, user: String = "opsdeck", query: String = "") -> String {
            "postgres://\(user)@127.0.0.1:\(port)/\(database)" + (query.isEmpty ? "" : "?" + query)
        }
    }

    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repository.appendingPathComponent("scripts/postgres-cluster").path

    public static let cluster: Cluster = {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["OPSDECK_TEST_PG_DIR"], let port = env["OPSDECK_TEST_PG_PORT"].flatMap(Int.init) {
            return Cluster(dir: dir, port: port)
        }
        let dir = "/tmp/opsdeck-test-pg-\(getpid())"
        let port = 20_000 + Int(getpid() % 20_000)
        let (status, out) = shell(["bash", script, "start", dir, "\(port)"])
        precondition(status == 0, "could not start a PostgreSQL cluster for the tests: \(out)")
        atexit {
            _ = TestPostgres.shell(["bash", TestPostgres.script, "stop", "/tmp/opsdeck-test-pg-\(getpid())"])
            try? FileManager.default.removeItem(atPath: "/tmp/opsdeck-test-pg-\(getpid())")
        }
        return Cluster(dir: dir, port: port)
    }()

    /// A new, empty database; its address.
    public static func freshDatabase(_ name: String = #function) -> (name: String, url: String) {
        let safe = name.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30)
        let db = "t_\(safe)_\(UInt32.random(in: 0...UInt32.max))"
        let (status, out) = psql("CREATE DATABASE \(db)", database: "postgres")
        precondition(status == 0, "CREATE DATABASE failed: \(out)")
        return (db, cluster.url(db))
    }

    /// Runs SQL as the cluster's superuser; exit status and output (rows unaligned, `|`).
    @discardableResult
    public static func psql(_ sql: String, database: String, user: String = "opsdeck") -> (Int32, String) {
        shell(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", "-h", "127.0.0.1", "-p", "\(cluster.port)", "-U", user, "-d", database, "-c", sql])
    }

    /// Stops the server (fast shutdown: the clients' connections are cut) and starts it again.
    public static func stop() { _ = shell(["bash", script, "stop", cluster.dir]) }
    public static func start() {
        let (status, out) = shell(["bash", script, "start", cluster.dir, "\(cluster.port)"])
        precondition(status == 0, "restart failed: \(out)")
    }

    /// Runs a program (found on PATH), its output in a temporary file; waits with waitpid
    /// (Foundation's `Process.waitUntilExit` can hang inside the test runner's threads).
    @discardableResult
    public static func shell(_ args: [String]) -> (Int32, String) {
        let out = NSTemporaryDirectory() + "opsdeck-shell-\(UUID().uuidString)"
        defer { unlink(out) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, args[0], &actions, nil, argv, environ) == 0 else { return (127, "cannot run \(args[0])") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
