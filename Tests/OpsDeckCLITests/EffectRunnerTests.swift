import Foundation
import Testing
@testable import OpsDeckCommands
import OpsDeckCore
import OpsDeckData
import OpsDeckUI

/// The loop's effect runner on a real data directory and state store: every outcome comes
/// back as a message, failures included, and a slow reload never holds up the keys.
@Suite struct EffectRunnerTests {
    static let now = LocalTime(parsing: "2026-11-20 11:20")!

    final class Harness {
        let dir: URL
        let runner: EffectRunner
        var s: AppState
        var themes: [String] = []

        init(_ name: String = #function, delayMS: Int = 0) throws {
            dir = temporaryDirectory(name)
            var o = DemoOptions(now: EffectRunnerTests.now)
            o.seed = 2; o.days = 20; o.ordersPerDay = 80
            _ = try DemoGenerator.write(to: dir, options: o)
            let directory = DataDirectory(dir)
            let store = try StateStore(dataDirectory: dir)
            var names: [String] = []
            runner = EffectRunner(setTheme: { names.append($0.name) }, store: store, localStore: store, watcher: DataWatcher(directory), dataDirectory: dir,
                                  environment: ["OPSDECK_TEST_RELOAD_DELAY_MS": "\(delayMS)"])
            s = AppState(data: try directory.load(), now: EffectRunnerTests.now, events: [], operatorName: "测试", lang: .en)
            _ = App.update(&s, .resized(width: 120, height: 40))
        }

        /// One message through update, its effects through the runner, their replies in turn.
        func dispatch(_ m: Message) {
            for e in App.update(&s, m) { for reply in runner.run(e, s) { dispatch(reply) } }
        }

        /// Picks up finished background work, waiting for it at most `seconds`.
        func settle(_ seconds: Double = 30) {
            let deadline = Date().addingTimeInterval(seconds)
            repeat {
                for m in runner.finished() { dispatch(m) }
                if !runner.busy && !s.work.busy { return }
                usleep(2_000)
            } while Date() < deadline
        }

        deinit { try? FileManager.default.removeItem(at: dir) }
    }

    @Test func aFailedEffectComesBackAsAMessageAndShowsAsAnError() throws {
        let h = try Harness()
        // `reports` is a file: the report cannot be written.
        try Data("x".utf8).write(to: h.dir.appendingPathComponent("reports"))
        h.dispatch(.key(.char(":")))
        for c in "report md" { h.dispatch(.key(.char(c))) }
        h.dispatch(.key(.enter))
        #expect(h.s.status?.kind == .error && h.s.status?.topic == .report)
        let screen = View.render(h.s)
        #expect(screen.text().split(separator: "\n").last!.hasPrefix(" report: "))
        // Drawn in the error colour, by its kind, not by its words.
        #expect(screen.row(39).dropFirst().first?.style.role == .bad)
        // And a report that can be written says where it went.
        try FileManager.default.removeItem(at: h.dir.appendingPathComponent("reports"))
        h.dispatch(.key(.char(":")))
        for c in "report md" { h.dispatch(.key(.char(c))) }
        h.dispatch(.key(.enter))
        #expect(h.s.message == "report written: reports/report-2026-11-20.md")
        #expect(FileManager.default.fileExists(atPath: h.dir.appendingPathComponent("reports/report-2026-11-20.md").path))
        // The status is kept as a value: :lang re-renders it.
        h.dispatch(.key(.char(":"))); for c in "lang zh" { h.dispatch(.key(.char(c))) }; h.dispatch(.key(.enter))
        h.s.status = Status(.info, .report, "report written: x", "日报已生成：x")
        #expect(h.s.message == "日报已生成：x")
    }

    @Test func keysAreHandledWhileASlowReloadRuns() throws {
        let h = try Harness(delayMS: 600)
        let before = h.s.data.orders.count
        h.dispatch(.key(.char("1")))
        let line = "92026112000000001,2026-11-20 11:05:00,2026-11-20 11:06:00,650000072274,tb_new,1,59.00,,WAIT_SELLER_SEND_GOODS,\n"
        let f = FileHandle(forWritingAtPath: h.dir.appendingPathComponent("orders.csv").path)!
        f.seekToEndOfFile(); f.write(Data(line.utf8)); try f.close()
        let started = Date()
        for m in h.runner.poll(readOnly: false, timeZone: "Asia/Shanghai") { h.dispatch(m) }
        #expect(h.s.work.reloading && h.runner.busy)
        #expect(View.render(h.s).text().hasPrefix(" OpsDeck") && View.render(h.s).text().contains("refreshing…"))
        // The keys go on: pane switches and moves while the reload sleeps on the worker.
        h.dispatch(.key(.char("3"))); h.dispatch(.key(.down)); h.dispatch(.key(.char("7")))
        #expect(h.s.pane == .service && Date().timeIntervalSince(started) < 0.5)
        #expect(h.s.data.orders.count == before)     // still the last snapshot on screen
        // A second change while it runs waits, and is read once after it.
        let g = FileHandle(forWritingAtPath: h.dir.appendingPathComponent("orders.csv").path)!
        g.seekToEndOfFile(); g.write(Data(line.replacingOccurrences(of: "001,", with: "002,").utf8)); try g.close()
        usleep(20_000)
        for m in h.runner.poll(readOnly: false, timeZone: "Asia/Shanghai") { h.dispatch(m) }
        #expect(h.s.work.pendingFiles == ["orders.csv"])
        h.settle()
        #expect(h.s.data.orders.count == before + 2)
        #expect(!h.s.work.busy && h.s.pane == .service)
        #expect(h.s.message == "reloaded orders.csv")
        #expect(!View.render(h.s).text().contains("refreshing…"))
    }

    @Test func aThemeIsLoadedThroughTheRunner() throws {
        let h = try Harness()
        h.dispatch(.key(.char(":"))); for c in "theme nosuch" { h.dispatch(.key(.char(c))) }; h.dispatch(.key(.enter))
        #expect(h.s.status?.kind == .warning && h.s.message == "theme nosuch: no themes/nosuch.toml; using dark")
    }
}
