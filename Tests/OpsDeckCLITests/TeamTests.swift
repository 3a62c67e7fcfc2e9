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
        t.keys("q")
    }
}
