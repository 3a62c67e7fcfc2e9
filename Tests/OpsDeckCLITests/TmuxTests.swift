import Foundation
import Testing
import OpsDeckCore

/// The cockpit in a real terminal: tmux runs it, keys go in, the screen is read back.
struct Tmux {
    let session = "opsdeck-e2e-\(getpid())-\(UInt32.random(in: 0..<1_000_000))"
    /// A server of our own, so the test neither sees nor disturbs the user's tmux.
    var socket: String { session }

    @discardableResult
    func tmux(_ args: [String], output: Bool = true) -> (status: Int32, out: String) {
        guard let child = try? Child.spawn("tmux", ["-L", socket] + args, captureOutput: output) else { return (-1, "") }
        defer { child.removeFiles() }
        switch child.wait(timeout: 20) {
        case .exited(let code): return (code, child.stdout)
        case .killedBy(let sig): return (128 + sig, child.stdout)
        case .timedOut:
            Issue.record("tmux \(args.joined(separator: " ")) did not finish within 20 s")
            return (-1, "")
        }
    }

    /// Runs the command in a new session. tmux sets TERM itself (its `-e` does not win), so
    /// a terminal type is given to the command through `env`.
    func start(_ command: String, width: Int = 120, height: Int = 40, term: String = "tmux-256color") {
        tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "-e", "LANG=C.UTF-8", "env TERM=\(term) \(command)"], output: false)
        // A detached session follows resize-window only with a manual window size.
        tmux(["set-option", "-t", session, "window-size", "manual"], output: false)
    }
    /// A second window running another command, left in the background: `keys` still go to
    /// the first, `screen(window:)` reads this one.
    func startWindow(_ name: String, _ command: String, term: String = "tmux-256color") {
        tmux(["new-window", "-d", "-t", session, "-n", name, "env TERM=\(term) \(command)"], output: false)
    }
    func keys(_ k: String...) { tmux(["send-keys", "-t", session] + k, output: false) }
    func keys(window: String, _ k: String...) { tmux(["send-keys", "-t", "\(session):\(window)"] + k, output: false) }
    func screen() -> String { tmux(["capture-pane", "-p", "-t", session]).out }
    func screen(window: String) -> String { tmux(["capture-pane", "-p", "-t", "\(session):\(window)"]).out }
    func waitFor(window: String, _ text: String, timeout: Double = 20) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen(window: window)
            if last.contains(text) { return }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \"\(text)\" in window \(window); screen was:\n\(last)")
    }
    var alive: Bool { tmux(["has-session", "-t", session]).status == 0 }
    var pid: Int32? { Int32(tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).out.trimmingCharacters(in: .whitespacesAndNewlines)) }
    /// Ends the server and whatever still runs in its panes. kill-server alone can leave a
    /// window's cockpit running (seen with a second window whose program blocks SIGHUP, as
    /// the cockpit does): each pane's process is asked to leave (SIGTERM, which gives the
    /// terminal back), and killed if it has not.
    func kill() {
        let pids = tmux(["list-panes", "-a", "-F", "#{pane_pid}"]).out.split(separator: "\n").compactMap { Int32($0) }
        for p in pids { Foundation.kill(p, SIGTERM) }
        tmux(["kill-server"], output: false)
        let deadline = Date().addingTimeInterval(3)
        while pids.contains(where: { Foundation.kill($0, 0) == 0 }) && Date() < deadline { usleep(20_000) }
        for p in pids where Foundation.kill(p, 0) == 0 { Foundation.kill(p, SIGKILL) }
    }

    /// Waits (with a deadline) until the screen satisfies the condition.
    @discardableResult
    func wait(_ what: String, timeout: Double = 20, _ ok: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen()
            if ok(last) { return last }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)")
        return last
    }
    func waitFor(_ text: String, timeout: Double = 20) { wait("\"\(text)\"", timeout: timeout) { $0.contains(text) } }
    func waitGone() {
        let deadline = Date().addingTimeInterval(10)
        while alive && Date() < deadline { usleep(50_000) }
    }
}

@Suite(.serialized) struct EndToEnd {
    static var hasTmux: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux") }

    @Test(.enabled(if: hasTmux)) func tickQuitRestartKillResizeAndLiveData() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "20", "--orders-per-day", "60", "--at", "2026-11-20 11:20"]).status == 0)
        let run = "'\(opsdeckBinary.path)' run --data '\(dir.path)' --at '2026-11-20 11:20' --operator e2e"
        let t = Tmux()
        defer { t.kill() }

        // Start: the schedule and the numbers are on screen.
        t.start(run)
        t.waitFor("Schedule")
        t.waitFor("Conversion")
        t.waitFor("[ ] 11:00 Through-train / display account balance")
        // Space ticks the selected check; q quits and gives the terminal back.
        t.keys("Space")
        t.waitFor("[✓] 11:00 Through-train / display account balance")
        t.keys("q")
        t.waitGone()
        #expect(!t.alive)

        // Started again: still ticked.
        t.start(run)
        t.waitFor("[✓] 11:00 Through-train / display account balance")
        // Tick the next one, then SIGKILL: it is kept.
        t.keys("j", "Space")
        t.waitFor("[✓] 11:00 Whole-store promotion report")
        if let pid = t.pid { Foundation.kill(pid, SIGKILL) }
        t.waitGone()
        t.start(run)
        t.waitFor("[✓] 11:00 Whole-store promotion report")
        #expect(t.screen().contains("[✓] 11:00 Through-train / display account balance"))

        // Shrink to 30×10 and back.
        t.tmux(["resize-window", "-t", t.session, "-x", "30", "-y", "10"], output: false)
        t.wait("the too-small message") { $0.contains("Terminal too small") }
        t.tmux(["resize-window", "-t", t.session, "-x", "120", "-y", "40"], output: false)
        t.waitFor("Schedule")

        // A changed data file reaches the screen.
        let file = dir.appendingPathComponent("store_daily.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("2026-11-20,,") })
        var cells = lines[i].components(separatedBy: ",")
        cells[2] = "987654"
        lines[i] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        t.waitFor("987,654", timeout: 10)
        t.keys("q")
        t.waitGone()
    }

    /// The cockpit under the terminal types operators really have, colour or not; arrows
    /// come from each type's own key sequences.
    /// The loop with a reload that takes 1.5 s (a test hook holds the worker): the header
    /// says it is refreshing, keys change the screen meanwhile, and the new rows arrive after.
    @Test(.enabled(if: hasTmux)) func keysAnswerWhileASlowReloadRuns() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "20", "--orders-per-day", "60", "--at", "2026-11-20 11:20"]).status == 0)
        let t = Tmux()
        defer { t.kill() }
        t.start("env OPSDECK_TEST_RELOAD_DELAY_MS=1500 '\(opsdeckBinary.path)' run --data '\(dir.path)' --at '2026-11-20 11:20' --operator e2e")
        t.waitFor("Space tick")
        t.keys("1")
        t.waitFor("Design tasks")
        let h = FileHandle(forWritingAtPath: dir.appendingPathComponent("orders.csv").path)!
        h.seekToEndOfFile()
        h.write(Data("92026112000000001,2026-11-20 11:05:00,2026-11-20 11:06:00,650000072274,tb_new,1,59.00,,WAIT_SELLER_SEND_GOODS,\n".utf8))
        try h.close()
        t.waitFor("refreshing…", timeout: 5)
        let asked = Date()
        t.keys("7")
        let during = t.wait("the Service pane while refreshing", timeout: 5) { $0.contains("Agents today") }
        #expect(during.contains("refreshing…"), "the key was answered only after the reload:\n\(during)")
        #expect(Date().timeIntervalSince(asked) < 1.0)
        t.waitFor("reloaded orders.csv", timeout: 10)
        #expect(!t.screen().contains("refreshing…"))
        t.keys("q")
        t.waitGone()
    }

    /// The inbox while the cockpit runs: a download dropped in is imported within seconds and
    /// its rows reach the panes; a login page is refused, and `:import` says why.
    @Test(.enabled(if: hasTmux)) func theCockpitImportsWhatIsDroppedIntoTheInbox() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "20", "--orders-per-day", "60", "--at", "2026-11-20 11:20"]).status == 0)
        let inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(opsdeckBinary.path)' run --data '\(dir.path)' --at '2026-11-20 11:20' --operator e2e")
        t.waitFor("Space tick")
        t.keys("3")
        t.waitFor("Open refunds and disputes")
        #expect(!t.screen().contains("R-INBOX-0001"))
        write("""
            退款编号,订单编号,商品ID,退款申请时间,退款金额,退款原因,退款状态,是否小二介入,判责,买家退款说明
            R-INBOX-0001,O-1,650000072274,2026-11-20 09:30:00,¥59.00,质量问题,等待卖家同意退款,是,,不想要了 电话13912345678

            """, to: inbox, "退款管理_20261120.csv")
        t.waitFor("imported 1 file", timeout: 15)
        t.waitFor("R-INBOX-0001", timeout: 10)          // the Basics pane lists the new open refund
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("imported/2026-11-20/退款管理_20261120.csv").path))
        write("<!DOCTYPE html><html><body>请登录</body></html>\n", to: inbox, "店铺_整体.xls")
        t.waitFor("1 file not recognised — :import shows why", timeout: 15)
        t.keys(":"); t.keys("-l", "import"); t.keys("Enter")
        t.waitFor("not imported: a web page (HTML or JSON)")
        #expect(t.screen().contains("退款管理_20261120.csv: refunds → refunds.csv: 1 rows read, 1 added"))
        t.keys("Escape")
        t.keys("q")
        t.waitGone()
    }

    @Test(.enabled(if: hasTmux), arguments: ["screen", "linux", "vt100", "xterm-256color"])
    func worksUnder(term: String) throws {
        let dir = temporaryDirectory("term\(term)"); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "10", "--orders-per-day", "40", "--at", "2026-11-20 11:20"]).status == 0)
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(opsdeckBinary.path)' run --data '\(dir.path)' --at '2026-11-20 11:20' --operator e2e; echo EXIT=$?; sleep 30", width: 100, height: 30, term: term)
        t.waitFor("Schedule")
        t.waitFor("[ ] 11:00 Whole-store promotion report")
        t.keys("Down", "Space")
        t.waitFor("[✓] 11:00 Whole-store promotion report")
        t.keys("q")
        t.waitFor("EXIT=0")
        // The terminal is given back: no cockpit left on the screen (cleared when the
        // terminal has no alternate screen to return from).
        #expect(!t.screen().contains("Schedule"))
    }

    @Test(.enabled(if: hasTmux)) func aTerminalThatCannotMoveTheCursorIsRefusedClearly() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "3", "--orders-per-day", "10", "--at", "2026-11-20 11:20"]).status == 0)
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(opsdeckBinary.path)' run --data '\(dir.path)'; echo EXIT=$?; sleep 30", width: 160, height: 10, term: "dumb")
        t.waitFor("EXIT=2")
        #expect(t.screen().contains("TERM=\"dumb\" cannot move the cursor"))
        t.kill()
        let u = Tmux()
        defer { u.kill() }
        u.start("'\(opsdeckBinary.path)' run --data '\(dir.path)'; echo EXIT=$?; sleep 30", width: 160, height: 10, term: "no-such-terminal")
        u.waitFor("EXIT=2")
        #expect(u.screen().contains("unknown terminal type \"no-such-terminal\""))
    }

    /// The bid desk in a real terminal: raise a bid, have an illegal one refused, survive a
    /// kill -9 with a change pending, post, and find the outbox files and the journal.
    @Test(.enabled(if: hasTmux)) func bidDeskRaiseRefuseCrashPost() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "10", "--orders-per-day", "40", "--at", "2026-11-20 11:20"]).status == 0)
        let run = "'\(opsdeckBinary.path)' run --data '\(dir.path)' --at '2026-11-20 11:20' --operator e2e"
        let t = Tmux()
        defer { t.kill() }
        t.start(run, width: 130, height: 40)
        t.waitFor("Schedule")
        t.keys(":")
        t.keys("-l", "bids")
        t.keys("Enter")
        t.waitFor("Bid desk")
        // The first row (sorted by keyword) and its bid.
        let first = t.wait("the table") { $0.contains("Keyword▲") }
        let row = try #require(first.components(separatedBy: "\n").first { $0.hasPrefix("│   ") && $0.contains("¥") })
        let bid = try #require(row.split(separator: " ").first { $0.hasPrefix("¥") }.map(String.init))
        t.keys("+")
        t.waitFor("1 pending")
        t.waitFor("Δ \(bid)→")
        // ¥120.00 typed for ¥1.20: refused in words, nothing more pending.
        t.keys("=")
        t.keys("-l", "120")
        t.keys("Enter")
        t.waitFor("refused")
        #expect(t.screen().contains("1 pending"))
        // kill -9 with the change pending: it is there after a restart.
        if let pid = t.pid { Foundation.kill(pid, SIGKILL) }
        t.waitGone()
        t.start(run, width: 130, height: 40)
        t.waitFor("Schedule")
        t.keys("B")
        t.waitFor("1 pending")
        t.keys("P")
        t.waitFor("post 1 changes to outbox/bids-20261120-112000.json")
        t.keys("y")
        t.waitFor("posted 1 changes")
        t.waitFor("0 pending")
        t.keys("q")
        t.waitGone()

        let platform = try String(contentsOf: dir.appendingPathComponent("outbox/bids-20261120-112000.json"), encoding: .utf8)
        #expect(platform.contains("\"maxPrice\": ") && platform.contains("\"isDefaultPrice\": 0"))
        let csv = try String(contentsOf: dir.appendingPathComponent("outbox/bids-20261120-112000.csv"), encoding: .utf8)
        #expect(csv.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 2)
        #expect(csv.contains(",bid,\(bid.dropFirst()),") && csv.contains(",e2e,"))
        let history = try opsdeck(["bids", "history", "--data", dir.path, "--date", "2026-11-20"])
        #expect(history.status == 0)
        #expect(history.out.contains("e2e  change") && history.out.contains("e2e  post") && history.out.contains("[bids-20261120-112000]"))
        let json = try opsdeck(["bids", "history", "--data", dir.path, "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["kind"] as? String } == ["change", "post"])
        #expect(rows[1]["batch"] as? String == "bids-20261120-112000" && rows[1]["entity"] as? String == "keyword")
        #expect((rows[0]["new_fen"] as? Int).map { $0 - (rows[0]["old_fen"] as? Int ?? 0) } == 5)
        let outbox = try opsdeck(["bids", "outbox", "--data", dir.path])
        #expect(outbox.out.contains("bids-20261120-112000  1 changes  e2e"))
        #expect(outbox.out.contains("pending, not posted: 0"))
    }

    /// The shift lead's review in a second window follows the operator's ticks in the first,
    /// and its keys change nothing.
    @Test(.enabled(if: hasTmux)) func reviewInASecondWindowSeesTheOperatorsTicks() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "20", "--orders-per-day", "60", "--at", "2026-11-20 11:20"]).status == 0)
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(opsdeckBinary.path)' run --data '\(dir.path)' --at '2026-11-20 11:20' --operator 李娜")
        t.waitFor("[ ] 11:00 Through-train / display account balance")
        t.startWindow("review", "'\(opsdeckBinary.path)' review --data '\(dir.path)' --at '2026-11-20 11:20'")
        t.waitFor(window: "review", "Checks 0/34 handled")
        t.waitFor(window: "review", "REVIEW (read-only)")

        // The operator ticks one check and skips the next with a reason.
        t.keys("Space")
        t.waitFor("[✓] 11:00 Through-train / display account balance")
        t.keys("j"); t.keys("s"); t.keys("-l", "no report exported yet"); t.keys("Enter")
        t.waitFor("skipped: no report exported yet")
        t.waitFor(window: "review", "Checks 2/34 handled")
        t.waitFor(window: "review", "on time 1")
        t.waitFor(window: "review", "skipped 1")
        t.waitFor(window: "review", "↳ no report exported yet")
        let review = t.screen(window: "review")
        #expect(review.contains("✓ Through-train / display account balance"))
        #expect(review.contains("李娜"))

        // The operator's keys do nothing in the review: nothing is saved from it.
        t.keys(window: "review", "Tab"); t.keys(window: "review", "Space"); t.keys(window: "review", "s"); t.keys(window: "review", "v")
        t.waitFor(window: "review", "Checks 2/34 handled")
        let log = try opsdeck(["state", "log", "--data", dir.path, "--date", "2026-11-20"])
        #expect(log.out.components(separatedBy: "\n").filter { $0.contains("tick") || $0.contains("skip") }.count == 2)
        t.keys(window: "review", "q")
        // :report writes today's report into the data directory.
        t.keys(":"); t.keys("-l", "report md"); t.keys("Enter")
        t.waitFor("report written: reports/report-2026-11-20.md")
        let report = try String(contentsOf: dir.appendingPathComponent("reports/report-2026-11-20.md"), encoding: .utf8)
        #expect(report.contains("Handled 2/34"))
        t.keys("q")
    }

    /// Issue 12 end to end: a large change waits for approval; the lead approves it in a second
    /// window (the operator's desk follows); it posts; a keywords.csv written later shows the
    /// posted bid, and the desk and `bids history` say "applied". On the wall clock (no --at):
    /// a posting is proved by files written after it.
    @Test(.enabled(if: hasTmux)) func approveInASecondWindowPostAndSeeItApplied() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "10", "--orders-per-day", "40"]).status == 0)
        let toml = dir.appendingPathComponent("store.toml")
        let profile = try String(contentsOf: toml, encoding: .utf8)
        try profile.replacingOccurrences(of: "[bids]\n", with: "[bids]\nrequire_approval_over = \"20%\"\n").write(to: toml, atomically: true, encoding: .utf8)
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(opsdeckBinary.path)' run --data '\(dir.path)' --operator 李娜", width: 130, height: 40)
        t.waitFor("Schedule")
        t.keys("B")
        let first = t.wait("the table") { $0.contains("Keyword▲") }
        let row = try #require(first.components(separatedBy: "\n").first { $0.hasPrefix("│   ") && $0.contains("¥") })
        let word = try #require(row.dropFirst(4).split(separator: " ").first.map(String.init))
        let bid = try #require(row.split(separator: " ").first { $0.hasPrefix("¥") }.flatMap { ValueParser.yuan(String($0)) })
        let doubled = Money.format(min(bid * 2, 795), symbol: false)
        // The plan's time-of-day discount for this half hour to 50%: the Now column halves.
        t.keys("t")
        t.waitFor("Time-of-day discounts")
        t.keys("-l", "50")
        t.keys("Enter")
        t.keys("s")
        t.waitFor("Δ time-of-day")
        let half = Money.format(Money.divide(bid * 50, by: 100)!)
        let halved = t.wait("the Now column at 50%") { screen in
            screen.components(separatedBy: "\n").contains { $0.contains(" \(word) ") && $0.contains(half) }
        }
        #expect(halved.contains(half))
        // Twice the bid is more than 20%: asked first, then waiting for approval (?).
        t.keys("=")
        t.keys("-l", doubled)
        t.keys("Enter")
        t.waitFor("y: go ahead")
        t.keys("y")
        t.waitFor("2 pending")
        t.waitFor("│ ?")
        t.keys("P")
        t.waitFor("(1 held back")
        t.keys("n")
        t.waitFor("cancelled")

        t.startWindow("review", "'\(opsdeckBinary.path)' review --data '\(dir.path)' --operator 王强")
        t.waitFor(window: "review", "REVIEW (read-only)")
        t.keys(window: "review", "A")
        t.waitFor(window: "review", "waiting")
        #expect(t.screen(window: "review").contains(word))
        t.keys(window: "review", "a")
        t.waitFor(window: "review", "approved by 王强")

        // The operator's desk follows the journal: approved, a warning for the size; it posts.
        t.waitFor("│ !")
        t.keys("P")
        t.waitFor("post 2 changes")
        t.keys("y")
        t.waitFor("0 pending")
        t.keys("Enter")
        t.waitFor("waiting for a newer report")
        t.keys("Escape")

        // The platform applied it: a keywords.csv written now shows the posted bid.
        Thread.sleep(forTimeInterval: 1.1)           // a modification time after the posting's second
        let keywords = dir.appendingPathComponent("keywords.csv")
        var lines = try String(contentsOf: keywords, encoding: .utf8).components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.contains(",\(word),") })
        var cells = lines[i].components(separatedBy: ",")
        cells[6] = doubled
        lines[i] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: keywords, atomically: true, encoding: .utf8)
        t.waitFor("reloaded keywords.csv")
        t.keys("Enter")
        t.waitFor("· applied")
        t.keys("Escape")
        t.keys("q")
        t.keys(window: "review", "Escape")
        t.keys(window: "review", "q")
        let history = try opsdeck(["bids", "history", "--data", dir.path])
        #expect(history.out.contains("王强  approve") && history.out.contains("李娜  post") && history.out.contains("applied"), "\(history.out)")
        let outbox = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("outbox").path).filter { $0.hasSuffix(".json") }
        let bids = try #require(outbox.first { !$0.contains("-schedules") && !$0.contains("-budgets") })
        let platform = try String(contentsOf: dir.appendingPathComponent("outbox/" + bids), encoding: .utf8)
        let schedules = try String(contentsOf: dir.appendingPathComponent("outbox/" + (try #require(outbox.first { $0.contains("-schedules") }))), encoding: .utf8)
        #expect(schedules.contains("\"campaignId\": ") && schedules.contains(":50"))
        #expect(platform.contains("\"maxPrice\": \(min(bid * 2, 795))") && !platform.contains("\"keywordId\": \""))
    }
}
