import Foundation
import OpsDeckTestSupport
import Testing

/// Issue 14 end to end: a team on one PostgreSQL database. Three copies of the data directory
/// stand in for three machines; two operators and the shift lead's review run side by side in
/// tmux; the database is stopped and started again in the middle.
@Suite(.serialized) struct TeamEndToEnd {
    @Test(.enabled(if: EndToEnd.hasTmux)) func twoCockpitsAndAReviewOnOneDatabaseThroughARestart() throws {
        let cluster = TestPostgres.privateCluster()
        defer { cluster.destroy() }
        let db = cluster.freshDatabase()
        let machines = (0..<3).map { _ in temporaryDirectory() }
        defer { machines.forEach { try? FileManager.default.removeItem(at: $0) } }
        for m in machines {
            #expect(try opsdeck(["demo", m.path, "--days", "20", "--orders-per-day", "60", "--at", "2026-11-20 11:20"]).status == 0)
        }
        // The first machine's (empty) state makes the tables.
        let migrate = try opsdeck(["state", "migrate", "--data", machines[0].path, "--to", db.url])
        #expect(migrate.status == 0, "\(migrate.err)")
        #expect(migrate.out.contains("copied 0 checklist events"))

        let bin = opsdeckBinary.path, at = "--at '2026-11-20 11:20'"
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(bin)' run --data '\(machines[0].path)' --state '\(db.url)' \(at) --operator 李娜")
        t.startWindow("op2", "'\(bin)' run --data '\(machines[1].path)' --state '\(db.url)' \(at) --operator 王芳")
        t.startWindow("review", "'\(bin)' review --data '\(machines[2].path)' --state '\(db.url)' \(at)")
        t.waitFor("[ ] 11:00 Through-train / display account balance")
        t.waitFor(window: "op2", "[ ] 11:00 Whole-store promotion report")
        t.waitFor(window: "review", "Checks 0/34 handled")

        // 李娜 ticks on her machine: 王芳's cockpit and the review show it.
        t.keys("Space")
        t.waitFor("[✓] 11:00 Through-train / display account balance")
        t.waitFor(window: "op2", "[✓] 11:00 Through-train / display account balance", timeout: 5)
        t.waitFor(window: "review", "Checks 1/34 handled", timeout: 5)
        // 王芳 ticks the next one on hers: 李娜 sees it.
        t.keys(window: "op2", "j"); t.keys(window: "op2", "Space")
        t.waitFor("[✓] 11:00 Whole-store promotion report", timeout: 5)
        t.waitFor(window: "review", "王芳 1", timeout: 5)

        // The database goes away. 李娜 goes on working; her header says what waits.
        cluster.stop()
        t.waitFor("offline — 0 actions waiting", timeout: 10)
        t.keys("j"); t.keys("j"); t.keys("Space")
        t.waitFor("[✓] 11:00 Plan budgets: enough? went offline early yesterday?")
        t.waitFor("offline — 1 action waiting", timeout: 5)
        t.keys("j"); t.keys("s"); t.keys("-l", "报表未导出"); t.keys("Enter")
        t.waitFor("offline — 2 actions waiting", timeout: 5)
        // The review still shows what it had.
        t.waitFor(window: "review", "Checks 2/34 handled")

        // Back: the waiting actions are sent, the review and the other cockpit catch up.
        cluster.start()
        t.wait("the offline notice to go", timeout: 15) { !$0.contains("offline —") }
        t.waitFor(window: "review", "Checks 4/34 handled", timeout: 10)
        t.waitFor(window: "review", "skipped 1", timeout: 5)
        t.waitFor(window: "op2", "[✓] 11:00 Plan budgets: enough? went offline early yesterday?", timeout: 10)

        // In the database: each action once, in the order it was made.
        let rows = cluster.psql("SELECT string_agg(operator || ':' || kind, ',' ORDER BY seq) FROM checklist_event", database: db.name).1
        #expect(rows == "李娜:tick,王芳:tick,李娜:tick,李娜:skip")
        #expect(cluster.psql("SELECT count(DISTINCT id) FROM checklist_event", database: db.name).1 == "4")
        let verify = try opsdeck(["state", "verify", "--data", machines[0].path, "--state", db.url])
        #expect(verify.status == 0, "\(verify.out)")
        #expect(verify.out.contains("sent from this machine: 3; all on the server as sent"))
        #expect(verify.out.contains("waiting on this machine: 0"))
        t.keys(window: "op2", "q"); t.keys(window: "review", "q"); t.keys("q")
        t.waitGone()
    }

    /// The owner sets a team up with the commands the README gives: migrate, then grant.
    @Test func theOwnerGrantsEachRoleWhatItNeeds() throws {
        let cluster = TestPostgres.privateCluster()
        defer { cluster.destroy() }
        let db = cluster.freshDatabase()
        for role in ["alice", "lead", "viewer"] { cluster.psql("CREATE ROLE \(role) LOGIN", database: "postgres") }
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "3", "--orders-per-day", "20", "--at", "2026-11-20 11:20"]).status == 0)
        #expect(try opsdeck(["state", "migrate", "--data", dir.path, "--to", db.url]).status == 0)
        #expect(try opsdeck(["state", "grant", "--to", db.url]).status != 0)   // nobody named
        let grant = try opsdeck(["state", "grant", "--to", db.url, "--operators", "alice", "--leads", "lead", "--readers", "viewer"])
        #expect(grant.status == 0, "\(grant.err)")
        #expect(grant.out.contains("GRANT opsdeck_leads TO \"lead\";"))
        func may(_ role: String, _ what: String, _ table: String = "bid_event") -> String {
            cluster.psql("SELECT has_table_privilege('\(role)', '\(table)', '\(what)')", database: db.name).1
        }
        #expect(may("alice", "INSERT") == "t" && may("lead", "INSERT") == "t" && may("viewer", "INSERT") == "f")
        #expect(may("viewer", "SELECT") == "t" && may("viewer", "SELECT", "opsdeck_migration") == "t")
        #expect(cluster.psql("SELECT pg_has_role('lead', 'opsdeck_leads', 'MEMBER'), pg_has_role('alice', 'opsdeck_leads', 'MEMBER')", database: db.name).1 == "t|f")
        // Each works as the role it is: alice saves, the viewer reads.
        let machine = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: machine) }
        try FileManager.default.copyItem(at: dir.appendingPathComponent("store.toml"), to: machine.appendingPathComponent("store.toml"))
        #expect(try opsdeck(["state", "stress-write", "--data", machine.path, "--state", cluster.url(db.name, user: "alice"), "--count", "2", "--tag", "alice"]).status == 0)
        #expect(cluster.psql("SELECT string_agg(db_role, ',') FROM checklist_event", database: db.name).1 == "alice,alice")
        let viewer = try opsdeck(["state", "log", "--data", machine.path, "--state", cluster.url(db.name, user: "viewer")])
        #expect(viewer.status == 0 && viewer.out.components(separatedBy: "\n").filter { $0.contains("alice") }.count == 2, "\(viewer.out) \(viewer.err)")
        // Granting again changes nothing and fails nothing.
        #expect(try opsdeck(["state", "grant", "--to", db.url, "--leads", "lead"]).status == 0)
    }
}
