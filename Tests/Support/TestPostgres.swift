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

        /// A new, empty database; its name and address.
        public func freshDatabase(_ name: String = #function) -> (name: String, url: String) {
            let safe = name.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30)
            let db = "t_\(safe)_\(UInt32.random(in: 0...UInt32.max))"
            let (status, out) = psql("CREATE DATABASE \(db)", database: "postgres")
            precondition(status == 0, "CREATE DATABASE failed: \(out)")
            return (db, url(db))
        }

        /// Runs SQL (as the cluster's superuser unless told); exit status and output (rows unaligned, `|`).
        @discardableResult
        public func psql(_ sql: String, database: String, user: String = "opsdeck") -> (Int32, String) {
            shell(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", "-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", database, "-c", sql])
        }

        /// Stops the server (fast shutdown: the clients' connections are cut) / starts it again.
        public func stop() { _ = shell(["bash", script, "stop", dir]) }
        public func start() {
            let (status, out) = shell(["bash", script, "start", dir, "\(port)"])
            precondition(status == 0, "could not start PostgreSQL in \(dir): \(out)")
        }
        /// Stops it and removes its files (a cluster a test made for itself).
        public func destroy() { stop(); try? FileManager.default.removeItem(atPath: dir) }
    }

    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repository.appendingPathComponent("scripts/postgres-cluster").path

    /// The shared cluster. Tests that stop the server make their own (`privateCluster`):
    /// suites run in parallel, and a restart would cut the others' connections.
    public static let cluster: Cluster = {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["OPSDECK_TEST_PG_DIR"], let port = env["OPSDECK_TEST_PG_PORT"].flatMap(Int.init) {
            return Cluster(dir: dir, port: port)
        }
        let c = Cluster(dir: "/tmp/opsdeck-test-pg-\(getpid())", port: 20_000 + Int(getpid() % 20_000))
        c.start()
        atexit {
            Cluster(dir: "/tmp/opsdeck-test-pg-\(getpid())", port: 0).destroy()
        }
        return c
    }()

    /// A cluster of the test's own, on a free port; `destroy()` it at the end.
    public static func privateCluster() -> Cluster {
        var port = 0
        for _ in 0..<50 {
            let p = Int.random(in: 41_000...59_000)
            if shell(["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/\(p)"]).0 != 0 { port = p; break }
        }
        let c = Cluster(dir: "/tmp/opsdeck-test-pg-\(getpid())-\(port)", port: port)
        c.start()
        return c
    }

    public static func freshDatabase(_ name: String = #function) -> (name: String, url: String) { cluster.freshDatabase(name) }
    @discardableResult
    public static func psql(_ sql: String, database: String, user: String = "opsdeck") -> (Int32, String) { cluster.psql(sql, database: database, user: user) }

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
