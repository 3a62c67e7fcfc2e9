import Foundation
import GRDB
import OpsDeckTestSupport
import Testing
@testable import OpsDeckCore
@testable import OpsDeckData

/// The two state stores — SQLite in the data directory, PostgreSQL for a team — against one
/// suite, then what only the shared one does: stores side by side, notifications, the
/// outbox through a database restart, roles, TLS, passwords, and the copy from SQLite.
/// A real PostgreSQL server runs for these (`TestPostgres`).
@Suite(.serialized) struct SharedStateTests {
    let d = LocalDate(year: 2026, month: 11, day: 20)!
    enum Backend: String, CaseIterable, Sendable { case sqlite, postgres }

    /// A journal of the kind asked for, on a fresh directory (and database).
    func open(_ backend: Backend, dir: URL, url: String? = nil, store: String = "云裳女装旗舰店", readOnly: Bool = false,
              env: [String: String] = [:]) throws -> any StateJournal {
        var profile = StoreProfile()
        profile.name = store
        return try StateLocation.open(dataDirectory: dir, profile: profile, flag: backend == .postgres ? url : nil, readOnly: readOnly,
                                      environment: env)
    }

    @Test(arguments: Backend.allCases) func bothBackendsKeepTheJournalsAlike(_ backend: Backend) throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let db = backend == .postgres ? TestPostgres.freshDatabase() : nil
        let store = try open(backend, dir: dir, url: db?.url)
        #expect((store.connection.shared != nil) == (backend == .postgres))
        let t = LocalTime(date: d, hour: 10, minute: 42)
        let before = store.changeMark()
        let a = try store.append(ChecklistEvent(day: d, at: t, operatorName: "小王", block: "basics", task: "disputes", kind: .tick))
        let b = try store.append(ChecklistEvent(day: d, at: t, operatorName: "小王", block: "basics", task: "coupons", kind: .skip, text: "没有到期的券"))
        try store.append(ChecklistEvent(day: d.adding(days: 1), at: t, operatorName: "x", block: "art", task: "details", kind: .tick))
        #expect(a != b)
        #expect(store.changeMark() != before)
        // Bid events of one step, and events that point at them.
        let ids = try store.append([
            BidEvent(day: d, at: t, operatorName: "小王", kind: .change, entity: .keyword, entityID: "880000030001", field: .bid, oldFen: 120, newFen: 125, reason: "rank 7-10", step: "s1"),
            BidEvent(day: d, at: t, operatorName: "小王", kind: .change, entity: .campaign, entityID: "20010001", field: .dailyBudget, oldFen: nil, newFen: 30_000, step: "s1"),
            BidEvent(day: d, at: t, operatorName: "小王", kind: .change, entity: .campaign, entityID: "20010002", field: .schedule,
                     step: "s1", oldText: "00:00-24:00:100", newText: "00:00-07:00:30,07:00-24:00:100"),
        ])
        #expect(ids.count == 3 && Set(ids).count == 3)
        try store.append([BidEvent(day: d, at: t, operatorName: "王强", kind: .undo, changeID: ids[1])])

        // A second handle (another machine, another process) reads the same.
        let dir2 = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir2) }
        let other = try open(backend, dir: backend == .postgres ? dir2 : dir, url: db?.url)
        let day = try other.checklistEvents(day: d)
        #expect(day.map(\.id) == [a, b])
        #expect(day[1].text == "没有到期的券" && day[1].kind == .skip && day[1].operatorName == "小王" && day[1].at == t)
        #expect(try other.checklistEvents(from: d, to: d.adding(days: 1)).count == 3)
        #expect(try other.firstChecklistDay() == d)
        let bids = try other.bidEvents()
        #expect(bids.map(\.id) == ids + [bids[3].id])
        #expect(bids[0].reason == "rank 7-10" && bids[0].oldFen == 120 && bids[0].newFen == 125 && bids[0].step == "s1")
        #expect(bids[1].oldFen == nil && bids[1].entity == .campaign && bids[2].newText == "00:00-07:00:30,07:00-24:00:100")
        #expect(BidLedger.pending(bids).map(\.id) == [ids[0], ids[2]])

        // Append-only on both: rewriting or removing an event is refused by the database.
        switch backend {
        case .sqlite:
            let q = try DatabaseQueue(path: dir.appendingPathComponent(".opsdeck/state.sqlite").path)
            #expect(throws: DatabaseError.self) { try q.write { try $0.execute(sql: "UPDATE checklist_event SET kind = 'untick'") } }
            #expect(throws: DatabaseError.self) { try q.write { try $0.execute(sql: "DELETE FROM bid_event") } }
        case .postgres:
            for sql in ["UPDATE checklist_event SET kind = 'untick'", "DELETE FROM bid_event", "TRUNCATE checklist_event"] {
                let (status, out) = TestPostgres.psql(sql, database: db!.name)
                #expect(status != 0 && out.contains("events are appended, never rewritten"), "\(sql): \(out)")
            }
        }
        #expect(try other.checklistEvents(day: d).count == 2)
        (store as? SharedStateStore)?.close(); (other as? SharedStateStore)?.close()
    }

    @Test func storesInOneDatabaseSeeOnlyTheirOwn() throws {
        let db = TestPostgres.freshDatabase()
        let d1 = temporaryDirectory(), d2 = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: d1); try? FileManager.default.removeItem(at: d2) }
        let a = try open(.postgres, dir: d1, url: db.url, store: "store A")
        let b = try open(.postgres, dir: d2, url: db.url, store: "store B")
        try a.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t", kind: .tick))
        try b.append(ChecklistEvent(day: d, at: d.start, operatorName: "b", block: "basics", task: "t", kind: .skip))
        #expect(try a.checklistEvents(day: d).map(\.operatorName) == ["a"])
        #expect(try b.checklistEvents(day: d).map(\.operatorName) == ["b"])
        #expect(TestPostgres.psql("SELECT string_agg(store_id, ',' ORDER BY store_id) FROM checklist_event", database: db.name).1 == "store A,store B")
        (a as? SharedStateStore)?.close(); (b as? SharedStateStore)?.close()
    }

    @Test func anotherMachinesTickArrivesByNotificationNotByPolling() throws {
        let db = TestPostgres.freshDatabase()
        let d1 = temporaryDirectory(), d2 = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: d1); try? FileManager.default.removeItem(at: d2) }
        // The slow poll is an hour away: only a notification can tell the watcher.
        let env = ["OPSDECK_STATE_POLL_MS": "3600000"]
        let writer = try open(.postgres, dir: d1, url: db.url, env: env)
        let watcher = try open(.postgres, dir: d2, url: db.url, readOnly: true, env: env) as! SharedStateStore
        let before = watcher.changeMark()
        watcher.drainWakeups()
        let sent = Date()
        try writer.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t", kind: .tick))
        var fd = pollfd(fd: watcher.wakeFD!, events: Int16(POLLIN), revents: 0)
        #expect(poll(&fd, 1, 1000) == 1, "no wake-up within a second")
        #expect(Date().timeIntervalSince(sent) < 1)
        #expect(watcher.changeMark() != before)
        #expect(try watcher.checklistEvents(day: d).count == 1)
        (writer as? SharedStateStore)?.close(); watcher.close()
    }

    /// A notification can be lost (a reconnect in between, a trigger someone disabled): the
    /// slow poll of the newest sequence numbers still notices the change.
    @Test func aLostNotificationIsCaughtByTheSlowPoll() throws {
        let cluster = TestPostgres.privateCluster()
        defer { cluster.destroy() }
        let db = cluster.freshDatabase()
        let d1 = temporaryDirectory(), d2 = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: d1); try? FileManager.default.removeItem(at: d2) }
        let writer = try open(.postgres, dir: d1, url: db.url) as! SharedStateStore
        defer { writer.close() }
        let watcher = try open(.postgres, dir: d2, url: db.url, readOnly: true, env: ["OPSDECK_STATE_POLL_MS": "700"]) as! SharedStateStore
        defer { watcher.close() }
        // The control: a store that only listens (its poll an hour away).
        let d3 = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: d3) }
        let listener = try open(.postgres, dir: d3, url: db.url, readOnly: true, env: ["OPSDECK_STATE_POLL_MS": "3600000"]) as! SharedStateStore
        defer { listener.close() }
        try writer.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t1", kind: .tick))
        usleep(1_600_000)   // the poll has seen the first state
        let (status, out) = cluster.psql("ALTER TABLE checklist_event DISABLE TRIGGER checklist_event_announce", database: db.name)
        #expect(status == 0, "\(out)")
        watcher.drainWakeups(); listener.drainWakeups()
        let before = watcher.changeMark()
        try writer.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t2", kind: .tick))
        var fd = pollfd(fd: watcher.wakeFD!, events: Int16(POLLIN), revents: 0)
        #expect(poll(&fd, 1, 2_000) == 1, "the slow poll did not notice within its interval")
        #expect(watcher.changeMark() != before)
        // No notification was sent: the listening store heard nothing.
        var quiet = pollfd(fd: listener.wakeFD!, events: Int16(POLLIN), revents: 0)
        #expect(poll(&quiet, 1, 500) == 0)
        #expect(try watcher.checklistEvents(day: d).map(\.task) == ["t1", "t2"])
    }

    /// The database stops mid-session: actions go on being saved (on this machine), the
    /// state says offline with the count, and when it is back every action arrives once,
    /// in order — also one whose COMMIT landed before the machine could mark it sent.
    @Test func aDatabaseRestartLosesNothingAndDoublesNothing() throws {
        // A server of its own: stopping the shared one would cut the other suites' connections.
        let cluster = TestPostgres.privateCluster()
        defer { cluster.destroy() }
        let db = cluster.freshDatabase()
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        // It retries by itself only when the test says (an hour otherwise).
        let store = try open(.postgres, dir: dir, url: db.url, env: ["OPSDECK_STATE_RETRY_MS": "3600000"]) as! SharedStateStore
        defer { store.close() }
        let first = try store.append(ChecklistEvent(day: d, at: LocalTime(date: d, hour: 9), operatorName: "a", block: "basics", task: "t0", kind: .tick))
        #expect(store.connection.online && store.connection.waiting == 0)

        cluster.stop()
        var ids: [Int64] = []
        for i in 1...4 {
            ids.append(try store.append(ChecklistEvent(day: d, at: LocalTime(date: d, hour: 9, minute: i), operatorName: "a", block: "basics", task: "t\(i)", kind: .tick)))
        }
        let step = try store.append([BidEvent(day: d, at: LocalTime(date: d, hour: 9, minute: 5), operatorName: "a", kind: .change, entity: .keyword,
                                              entityID: "880000030001", field: .bid, oldFen: 100, newFen: 110)])
        #expect(!store.connection.online)
        #expect(store.connection.waiting == 5)
        #expect(store.connection.problem != nil)
        // The operator still sees everything done, offline.
        #expect(try store.checklistEvents(day: d).map(\.id) == [first] + ids)
        #expect(try store.bidEvents().map(\.id) == step)

        cluster.start()
        // The first waiting event reached the server, but the mark on this machine did not
        // get written (a crash between the two): it is there already when the outbox sends.
        let e = try store.local.outboxChecklist(target: store.address, storeID: store.storeID, waitingAfter: 0)[0]
        let (status, out) = cluster.psql("""
            INSERT INTO checklist_event (store_id, id, day, at, operator, block, task, kind, recorded_at)
            VALUES ('\(store.storeID)', \(e.event.id!), '\(d)', '\(e.event.at)', 'a', 'basics', 't1', 'tick', '\(e.recordedAt)')
            """, database: db.name)
        #expect(status == 0, "\(out)")
        _ = try store.reconnect()
        #expect(store.sendWaiting())
        #expect(store.connection.online && store.connection.waiting == 0)
        let rows = cluster.psql("SELECT string_agg(task, ',' ORDER BY seq) FROM checklist_event", database: db.name).1
        #expect(rows == "t0,t1,t2,t3,t4")
        #expect(cluster.psql("SELECT count(*) FROM bid_event", database: db.name).1 == "1")
        // Sending again changes nothing.
        _ = store.sendWaiting()
        #expect(cluster.psql("SELECT count(*) FROM checklist_event", database: db.name).1 == "5")
        let (lines, ok) = store.verify()
        #expect(ok, "\(lines)")
        #expect(lines.contains("sent from this machine: 6; all on the server as sent"))
    }

    /// The network goes silent (no reset, no answer — a cable pulled, a Wi-Fi gone): the
    /// statement in flight is given up after its deadline, the action waits, and it is sent
    /// once the network is back. A proxy between the store and the server plays the network.
    @Test func aSilentNetworkCostsOneDeadlineAndLosesNothing() throws {
        let db = TestPostgres.freshDatabase()
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let cut = dir.appendingPathComponent("cut").path, portFile = dir.appendingPathComponent("port").path
        let proxy = try Child.spawnPython("""
            import socket, threading, os, sys, time
            cut, port_file, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
            def pump(a, b):
                try:
                    while True:
                        d = a.recv(65536)
                        if not d: break
                        while os.path.exists(cut): time.sleep(0.02)
                        b.sendall(d)
                except OSError: pass
            s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(20)
            open(port_file, 'w').write(str(s.getsockname()[1]))
            while True:
                c, _ = s.accept()
                u = socket.create_connection(('127.0.0.1', target))
                threading.Thread(target=pump, args=(c, u), daemon=True).start()
                threading.Thread(target=pump, args=(u, c), daemon=True).start()
            """, [cut, portFile, "\(TestPostgres.cluster.port)"])
        defer { proxy.stop() }
        var port = 0
        for _ in 0..<200 where port == 0 { port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0; usleep(25_000) }
        let url = "postgres://opsdeck@127.0.0.1:\(port)/\(db.name)"
        let store = try open(.postgres, dir: dir, url: url, env: ["OPSDECK_STATE_RETRY_MS": "300"]) as! SharedStateStore
        defer { store.close() }
        try store.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t1", kind: .tick))
        #expect(store.connection.online && store.connection.waiting == 0)

        FileManager.default.createFile(atPath: cut, contents: nil)
        let started = Date()
        try store.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t2", kind: .tick))
        let took = Date().timeIntervalSince(started)
        #expect(took >= Double(SharedStateStore.queryTimeout) - 0.5 && took < Double(SharedStateStore.queryTimeout) + 2, "\(took) s")
        #expect(!store.connection.online && store.connection.waiting == 1)
        // Offline, the next action is saved at once (no second deadline).
        let quick = Date()
        try store.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t3", kind: .tick))
        #expect(Date().timeIntervalSince(quick) < 1)

        try FileManager.default.removeItem(atPath: cut)
        let deadline = Date().addingTimeInterval(15)
        while store.connection.waiting > 0 && Date() < deadline { usleep(50_000) }
        #expect(store.connection.online && store.connection.waiting == 0)
        #expect(TestPostgres.psql("SELECT string_agg(task, ',' ORDER BY seq) FROM checklist_event", database: db.name).1 == "t1,t2,t3")
    }

    @Test func aDatabaseThatIsNotThereStartsOfflineAndVerifySaysWhatWaits() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        // Nothing listens on this port.
        let url = "postgres://opsdeck@127.0.0.1:\(TestPostgres.cluster.port + 1)/nowhere"
        let store = try open(.postgres, dir: dir, url: url) as! SharedStateStore
        defer { store.close() }
        #expect(!store.connection.online)
        #expect(store.connection.problem?.lowercased().contains("refused") == true, "\(store.connection.problem ?? "")")
        try store.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t", kind: .tick))
        #expect(store.connection.waiting == 1)
        #expect(try store.checklistEvents(day: d).count == 1)
        let (lines, ok) = store.verify()
        #expect(!ok)
        #expect(lines.contains { $0.contains("offline") && $0.contains("1 actions waiting") }, "\(lines)")
        #expect(lines.contains { $0.contains("waiting:") && $0.contains("basics/t") })
    }

    @Test func theReviewWorksWithARoleThatMayOnlyRead() throws {
        let db = TestPostgres.freshDatabase()
        let d1 = temporaryDirectory(), d2 = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: d1); try? FileManager.default.removeItem(at: d2) }
        let op = try open(.postgres, dir: d1, url: db.url)
        try op.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "basics", task: "t", kind: .tick))
        let role = "lead_ro_\(UInt16.random(in: 0...UInt16.max))"
        TestPostgres.psql("CREATE ROLE \(role) LOGIN", database: db.name)
        TestPostgres.psql("GRANT SELECT ON checklist_event, bid_event, opsdeck_migration TO \(role)", database: db.name)
        let url = TestPostgres.cluster.url(db.name, user: role)
        let review = try open(.postgres, dir: d2, url: url, readOnly: true)
        #expect(review.connection.online)
        #expect(try review.checklistEvents(day: d).map(\.operatorName) == ["a"])
        // The lead's approval from that review: kept on the lead's machine, refused by the
        // database in words (approving needs INSERT on bid_event), never lost.
        try review.append([BidEvent(day: d, at: d.start, operatorName: "lead", kind: .approve, changeID: 1)])
        #expect(review.connection.waiting == 1 && review.connection.problem?.contains("permission denied") == true)
        // The same role cannot write: the action stays on its machine, and the header says why.
        let d3 = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: d3) }
        let writer = try open(.postgres, dir: d3, url: url) as! SharedStateStore
        try writer.append(ChecklistEvent(day: d, at: d.start, operatorName: "lead", block: "basics", task: "t", kind: .untick))
        #expect(writer.connection.waiting == 1)
        #expect(writer.connection.online)
        #expect(TestPostgres.psql("SELECT count(*) FROM checklist_event", database: db.name).1 == "1")
        let (lines, _) = writer.verify()
        #expect(lines.contains("waiting on this machine: 1"))
        #expect(writer.connection.problem?.contains("permission denied") == true, "\(writer.connection.problem ?? "")")
        (op as? SharedStateStore)?.close(); (review as? SharedStateStore)?.close(); writer.close()
    }

    /// With a role `opsdeck_leads`, only its members approve: an operator's approval is refused
    /// by the database (and waits, said so); the lead's goes in. Roles belong to the whole
    /// cluster, so this test has one of its own.
    @Test func onlyShiftLeadsApproveOnceTheTeamSaysWhoTheyAre() throws {
        let cluster = TestPostgres.privateCluster()
        defer { cluster.destroy() }
        let db = cluster.freshDatabase()
        let owner = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: owner) }
        let made = try open(.postgres, dir: owner, url: db.url) as! SharedStateStore
        let change = try made.append([BidEvent(day: d, at: d.start, operatorName: "op", kind: .change, entity: .keyword, entityID: "880000030001",
                                               field: .bid, oldFen: 100, newFen: 200)])[0]
        made.close()
        for sql in ["CREATE ROLE opsdeck_leads NOLOGIN", "CREATE ROLE op1 LOGIN", "CREATE ROLE lead1 LOGIN IN ROLE opsdeck_leads",
                    "GRANT SELECT, INSERT ON checklist_event, bid_event TO op1, lead1", "GRANT SELECT ON opsdeck_migration TO op1, lead1",
                    "GRANT USAGE ON SEQUENCE checklist_event_seq_seq, bid_event_seq_seq TO op1, lead1"] {
            let (status, out) = cluster.psql(sql, database: db.name)
            #expect(status == 0, "\(sql): \(out)")
        }
        let approve = BidEvent(day: d, at: d.start, operatorName: "someone", kind: .approve, changeID: change)
        let d1 = temporaryDirectory(), d2 = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: d1); try? FileManager.default.removeItem(at: d2) }
        let op = try open(.postgres, dir: d1, url: cluster.url(db.name, user: "op1")) as! SharedStateStore
        defer { op.close() }
        try op.append([approve])
        #expect(op.connection.waiting == 1)
        #expect(op.connection.problem?.contains("only members of opsdeck_leads approve") == true, "\(op.connection.problem ?? "")")
        let lead = try open(.postgres, dir: d2, url: cluster.url(db.name, user: "lead1"), readOnly: true) as! SharedStateStore
        defer { lead.close() }
        try lead.append([approve])
        #expect(lead.connection.waiting == 0 && lead.connection.problem == nil)
        #expect(cluster.psql("SELECT db_role || ':' || kind FROM bid_event WHERE kind = 'approve'", database: db.name).1 == "lead1:approve")
    }

    @Test func aReadOnlyRoleOnAnEmptyDatabaseIsToldToMigrate() throws {
        let db = TestPostgres.freshDatabase()
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try open(.postgres, dir: dir, url: db.url, readOnly: true) } throws: { error in
            "\(error)".contains("opsdeck state migrate --to \(db.url)")
        }
    }

    @Test func tlsWhenTheAddressAsksForIt() throws {
        let db = TestPostgres.freshDatabase()
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let store = try open(.postgres, dir: dir, url: db.url + "?sslmode=require") as! SharedStateStore
        defer { store.close() }
        #expect(store.connection.online)
        let encrypted = TestPostgres.psql("""
            SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = '\(db.name)' AND s.ssl AND a.pid <> pg_backend_pid()
            """, database: db.name).1
        #expect(encrypted == "1")
        // verify-full against a throwaway certificate nobody vouches for: refused, offline.
        let dir2 = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir2) }
        let strict = try open(.postgres, dir: dir2, url: db.url + "?sslmode=verify-full") as! SharedStateStore
        defer { strict.close() }
        #expect(!strict.connection.online)
        #expect(strict.connection.problem?.lowercased().contains("certificate") == true, "\(strict.connection.problem ?? "")")
    }

    @Test func passwordsComeFromTheEnvironmentOrPgpassNeverFromTheAddress() throws {
        let db = TestPostgres.freshDatabase()
        TestPostgres.psql("DO $$ BEGIN CREATE ROLE opsdeck_pw LOGIN SUPERUSER PASSWORD 's3cret'; EXCEPTION WHEN duplicate_object THEN NULL; END $$", database: "postgres")
        let url = TestPostgres.cluster.url(db.name, user: "opsdeck_pw")
        #expect(throws: PostgresTarget.Problem.self) { try PostgresTarget(parsing: url.replacingOccurrences(of: "opsdeck_pw@", with: "opsdeck_pw:s3cret@")) }
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        // No password anywhere: the server asks for one, and the problem says where to put it.
        let none = try open(.postgres, dir: dir, url: url, env: ["HOME": dir.path]) as! SharedStateStore
        #expect(!none.connection.online)
        #expect(none.connection.problem?.contains("PGPASSWORD") == true, "\(none.connection.problem ?? "")")
        none.close()
        let withEnv = try open(.postgres, dir: dir, url: url, env: ["PGPASSWORD": "s3cret"]) as! SharedStateStore
        #expect(withEnv.connection.online)
        withEnv.close()
        // ~/.pgpass, and only when others cannot read it.
        let pgpass = dir.appendingPathComponent(".pgpass")
        try "# comment\n*:*:other:*:nope\n127.0.0.1:\(TestPostgres.cluster.port):\(db.name):opsdeck_pw:s3cret\n".write(to: pgpass, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pgpass.path)
        let target = try PostgresTarget(parsing: url)
        #expect(target.password(environment: ["HOME": dir.path]) == nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pgpass.path)
        #expect(target.password(environment: ["HOME": dir.path]) == "s3cret")
        let withFile = try open(.postgres, dir: dir, url: url, env: ["HOME": dir.path]) as! SharedStateStore
        #expect(withFile.connection.online)
        withFile.close()
    }

    @Test func addresses() throws {
        let t = try PostgresTarget(parsing: "postgres://alice@db.example:6543/opsdeck?sslmode=verify-full", environment: [:])
        #expect(t.user == "alice" && t.host == "db.example" && t.port == 6543 && t.database == "opsdeck" && t.tls == .verifyFull)
        #expect(t.description == "postgres://alice@db.example:6543/opsdeck?sslmode=verify-full")
        let s = try PostgresTarget(parsing: "postgresql:///opsdeck?host=/var/run/postgresql", environment: ["USER": "bob"])
        #expect(s.user == "bob" && s.socketDirectory == "/var/run/postgresql" && s.host == nil && s.port == 5432)
        #expect(throws: PostgresTarget.Problem.self) { try PostgresTarget(parsing: "mysql://x@y/z") }
        #expect(throws: PostgresTarget.Problem.self) { try PostgresTarget(parsing: "postgres://x@y/z?sslmode=maybe") }
        #expect(PostgresTarget.passFields(#"h:5432:d\:b:u:p\\w"#) == ["h", "5432", "d:b", "u", #"p\w"#])
    }

    /// One user grows into a team: the SQLite journal is copied with its ids (so undo and
    /// post still point at their change), and a second run copies nothing.
    @Test func migrateCopiesTheSQLiteJournalOnce() throws {
        let db = TestPostgres.freshDatabase()
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try StateStore(dataDirectory: dir)
        let t = LocalTime(date: d, hour: 11)
        try sqlite.append(ChecklistEvent(day: d, at: t, operatorName: "小王", block: "basics", task: "disputes", kind: .tick))
        try sqlite.append(ChecklistEvent(day: d, at: t, operatorName: "小王", block: "basics", task: "coupons", kind: .skip, text: "无"))
        let c = try sqlite.append([BidEvent(day: d, at: t, operatorName: "小王", kind: .change, entity: .keyword, entityID: "880000030001", field: .bid, oldFen: 100, newFen: 120),
                                   BidEvent(day: d, at: t, operatorName: "小王", kind: .change, entity: .keyword, entityID: "880000030002", field: .bid, oldFen: 100, newFen: 90)])
        try sqlite.append(BidEvent(day: d, at: t, operatorName: "小王", kind: .undo, changeID: c[1]))
        try sqlite.append(BidEvent(day: d, at: t, operatorName: "小王", kind: .post, changeID: c[0], batch: "bids-20261120-1100"))

        var profile = StoreProfile(); profile.name = "云裳女装旗舰店"
        let shared = try SharedStateStore(target: try PostgresTarget(parsing: db.url), storeID: "云裳女装旗舰店", local: sqlite, readOnly: false)
        defer { shared.close() }
        #expect(try shared.copyIn(sqlite) == .init(checklist: 2, bids: 4, alreadyThere: 0))
        #expect(try shared.copyIn(sqlite) == .init(checklist: 0, bids: 0, alreadyThere: 6))
        #expect(try shared.checklistEvents(day: d) == sqlite.checklistEvents(day: d))
        #expect(try shared.bidEvents() == sqlite.bidEvents())
        #expect(BidLedger.fold(try shared.bidEvents()).map(\.state) == [.posted(batch: "bids-20261120-1100"), .undone])

        // Another machine's journal with the same small ids, into the same store: refused whole.
        let dir2 = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir2) }
        let other = try StateStore(dataDirectory: dir2)
        try other.append(ChecklistEvent(day: d, at: t, operatorName: "小李", block: "art", task: "x", kind: .tick))
        #expect { try shared.copyIn(other) } throws: { "\($0)".contains("store_id") }
        #expect(TestPostgres.psql("SELECT count(*) FROM checklist_event", database: db.name).1 == "2")
    }
}
