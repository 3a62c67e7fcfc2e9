import Foundation
import GRDB
import OpsDeckTestSupport
import Testing

/// An event the writer was told is saved survives `kill -9` at any moment, and the database
/// stays sound. The writer is the real `opsdeck` binary appending through the state store.
@Suite struct CrashSafety {
    /// Starts `opsdeck state stress-write`; returns the process and the lines it printed.
    func writer(_ dir: URL, tag: String, pauseMS: Int = 0) throws -> Child {
        try Child.spawn(opsdeckBinary.path, ["state", "stress-write", "--data", dir.path, "--tag", tag, "--pause-ms", "\(pauseMS)"])
    }

    func waitForEvent(_ dir: URL, tag: String) {
        let path = dir.appendingPathComponent(".opsdeck/state.sqlite").path
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path),
               let n = try? DatabaseQueue(path: path).read({ try Int.fetchOne($0, sql: "SELECT count(*) FROM checklist_event WHERE operator = ?", arguments: [tag]) }),
               n > 0 { return }
            usleep(10_000)
        }
    }

    func savedLines(_ child: Child) -> [(id: Int64, text: String)] {
        let text = child.stdout
        defer { child.removeFiles() }
        // A line cut by the kill is not a confirmation.
        return text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "saved", let id = Int64(parts[1]) else { return nil }
            return (id, String(parts[2]))
        }
    }

    @Test func killedWritersLoseNothingTheyConfirmed() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var confirmed: [(id: Int64, text: String)] = []
        var rng = SystemRandomNumberGenerator()
        for round in 0..<12 {
            let p = try writer(dir, tag: "r\(round)")
            // Kill it while it is writing: once its first event is in (a loaded machine can
            // take a while to start a process), then after a random moment.
            waitForEvent(dir, tag: "r\(round)")
            usleep(UInt32.random(in: 0...150_000, using: &rng))
            p.signal(SIGKILL)
            #expect(p.wait(timeout: 30) == .killedBy(SIGKILL))
            confirmed += savedLines(p)
        }
        #expect(confirmed.count > 12)
        let db = try DatabaseQueue(path: dir.appendingPathComponent(".opsdeck/state.sqlite").path)
        try db.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let rows = try Row.fetchAll(db, sql: "SELECT id, text FROM checklist_event")
            var saved: [Int64: String] = [:]
            for r in rows { saved[r["id"]] = r["text"] }
            for c in confirmed { #expect(saved[c.id] == c.text, "event \(c.id) was confirmed but is gone") }
        }
    }

    /// The same with a shared database: a writer killed at any moment, its confirmed events
    /// either on the server or in its outbox, and once the outbox is sent (`state verify`
    /// connects and sends), every one is on the server exactly once.
    @Test func killedWritersOnASharedDatabaseLoseNothingAndDoubleNothing() throws {
        let db = TestPostgres.freshDatabase()
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var confirmed: [(id: Int64, text: String)] = []
        var rng = SystemRandomNumberGenerator()
        for round in 0..<6 {
            let p = try Child.spawn(opsdeckBinary.path, ["state", "stress-write", "--data", dir.path, "--state", db.url, "--tag", "p\(round)"])
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline && !p.stdout.contains("saved ") { usleep(10_000) }
            usleep(UInt32.random(in: 0...150_000, using: &rng))
            p.signal(SIGKILL)
            #expect(p.wait(timeout: 30) == .killedBy(SIGKILL))
            confirmed += savedLines(p)
        }
        #expect(confirmed.count > 6)
        let verify = try opsdeck(["state", "verify", "--data", dir.path, "--state", db.url])
        #expect(verify.status == 0, "\(verify.out)")
        let rows = TestPostgres.psql("SELECT id || ' ' || text FROM checklist_event", database: db.name).1.split(separator: "\n")
        var saved: [Int64: String] = [:]
        for r in rows {
            let parts = r.split(separator: " ")
            if parts.count == 2, let id = Int64(parts[0]) { #expect(saved[id] == nil, "event \(id) twice"); saved[id] = String(parts[1]) }
        }
        for c in confirmed { #expect(saved[c.id] == c.text, "event \(c.id) was confirmed but is not on the server") }
    }

    @Test func processesStartingTogetherAllOpenTheStore() throws {
        for _ in 0..<5 {
            let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
            let writers = try (0..<4).map { i in
                try Child.spawn(opsdeckBinary.path, ["state", "stress-write", "--data", dir.path, "--tag", "w\(i)", "--count", "3"], captureOutput: false)
            }
            for p in writers { #expect(p.wait(timeout: 60) == .exited(0)) }
            let n = try DatabaseQueue(path: dir.appendingPathComponent(".opsdeck/state.sqlite").path).read {
                try Int.fetchOne($0, sql: "SELECT count(*) FROM checklist_event")!
            }
            #expect(n == 12)
        }
    }

    @Test func twoProcessesWriteToOneDirectoryAtOnce() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let a = try writer(dir, tag: "cockpit", pauseMS: 3), b = try writer(dir, tag: "review", pauseMS: 3)
        // Wait (with a deadline) until both have saved events while the other was writing.
        let path = dir.appendingPathComponent(".opsdeck/state.sqlite").path
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            usleep(50_000)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let both = (try? DatabaseQueue(path: path).read {
                try Int.fetchOne($0, sql: "SELECT count(DISTINCT operator) FROM (SELECT operator FROM checklist_event ORDER BY id DESC LIMIT 20)")
            }) ?? 0
            if both == 2 { break }
        }
        let db = try DatabaseQueue(path: path)
        a.signal(SIGKILL); b.signal(SIGKILL)
        a.wait(timeout: 30); b.wait(timeout: 30)
        let sa = savedLines(a), sb = savedLines(b)
        #expect(sa.count > 0 && sb.count > 0)
        #expect(Set(sa.map(\.id)).isDisjoint(with: sb.map(\.id)))
        let count = try db.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM checklist_event")!
        }
        #expect(count >= sa.count + sb.count)
    }
}
