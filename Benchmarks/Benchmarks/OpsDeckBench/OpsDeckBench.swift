import Benchmark
import CSV
import Foundation
import OpsDeckCore
import OpsDeckData
import OpsDeckUI

/// The million-order demo directory (75 days × 13,500 orders a day), made once and reused.
/// Set OPSDECK_BENCH_DATA to measure another directory.
let dataDirectory: URL = {
    if let p = ProcessInfo.processInfo.environment["OPSDECK_BENCH_DATA"] { return URL(fileURLWithPath: p) }
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build-bench/million").standardized
    if !FileManager.default.fileExists(atPath: dir.appendingPathComponent(".opsdeck-demo").path) {
        var o = DemoOptions(now: LocalTime(parsing: "2026-11-20 15:30")!)
        o.seed = 1; o.days = 75; o.ordersPerDay = 13_500
        _ = try! DemoGenerator.write(to: dir, options: o)
    }
    return dir
}()

let asOf = LocalTime(parsing: "2026-11-20 15:30")!
let ordersPath = dataDirectory.appendingPathComponent("orders.csv").path
let ordersBytes = (try? FileManager.default.attributesOfItem(atPath: ordersPath)[.size] as? Int) ?? 0

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
                                           warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10)

    // What `opsdeck kpi --json` does, in process: read the directory, compute the snapshot.
    Benchmark("kpi: load directory + snapshot (1M orders)") { benchmark in
        for _ in benchmark.scaledIterations {
            let data = try DataDirectory(dataDirectory).load()
            blackHole(KPIEngine.snapshot(data, at: asOf))
        }
    }

    // The scanner alone over orders.csv: records and fields, no typed values. Throughput in
    // MB/s is the file size divided by the wall clock.
    Benchmark("csv: scan orders.csv (\(ordersBytes / 1_000_000) MB)",
              configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try CSVThroughput.scan(path: ordersPath)) }
    }

    // The cockpit: one key press (move down) plus a full render into the screen buffer at
    // 200×60, on the default-size demo (60 days × 400 orders).
    let cockpitState: AppState = {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsdeck-bench-cockpit")
        var o = DemoOptions(now: asOf); o.days = 60; o.ordersPerDay = 400
        _ = try! DemoGenerator.write(to: dir, options: o)
        var s = AppState(data: try! DataDirectory(dir).load(), now: asOf, events: [], operatorName: "bench", lang: .en)
        _ = App.update(&s, .resized(width: 200, height: 60))
        return s
    }()
    Benchmark("cockpit: key + full render 200x60",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 2_000)) { benchmark in
        var s = cockpitState
        var buffer = ScreenBuffer(width: 200, height: 60)
        for i in benchmark.scaledIterations {
            _ = App.update(&s, .key(i % 2 == 0 ? .down : .up))
            View.render(s, into: &buffer)
            blackHole(buffer)
        }
    }

    // The cockpit on the million orders: a pane switch (Tab) plus a full render at 160×48,
    // every pane's tables already built off the loop's thread (what the loop keeps).
    let millionState: AppState = {
        var s = AppState(data: try! DataDirectory(dataDirectory).load(), now: asOf, events: [], operatorName: "bench", lang: .en)
        _ = App.update(&s, .resized(width: 160, height: 48))
        s.install(s.derive())
        return s
    }()
    Benchmark("cockpit 1M orders: pane switch + full render 160x48",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 2_000)) { benchmark in
        var s = millionState
        var buffer = ScreenBuffer(width: 160, height: 48)
        for _ in benchmark.scaledIterations {
            _ = App.update(&s, .key(.tab))
            View.render(s, into: &buffer)
            blackHole(buffer)
        }
    }

    // 1,000 orders appended to the million: what the worker does before the screen shows
    // them — read the new lines, copy the symbol tables, and recompute everything derived.
    let appendDir: URL = {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsdeck-bench-append")
        try? FileManager.default.removeItem(at: dir)
        try! FileManager.default.copyItem(at: dataDirectory, to: dir)
        return dir
    }()
    let appendLines: Data = {
        var text = ""
        for i in 0..<1_000 {
            text += "9\(String(format: "%016d", i)),2026-11-20 15:2\(i % 10):00,2026-11-20 15:2\(i % 10):30,650000072274,tb_append_\(i),1,59.00,,WAIT_SELLER_SEND_GOODS,\n"
        }
        return Data(text.utf8)
    }()
    Benchmark("reload 1M orders: 1,000 appended rows read + everything recomputed",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
        let directory = DataDirectory(appendDir)
        let path = appendDir.appendingPathComponent("orders.csv").path
        var s = millionState
        s.data = try directory.load()
        let size = s.data.files["orders.csv"]!.byteCount
        for _ in benchmark.scaledIterations {
            benchmark.stopMeasurement()
            truncate(path, off_t(size))
            let h = FileHandle(forWritingAtPath: path)!
            h.seekToEndOfFile(); h.write(appendLines); try h.close()
            benchmark.startMeasurement()
            let data = directory.reload(s.data, changed: ["orders.csv"])
            precondition(data.orders.count == s.data.orders.count + 1_000 && data.files["orders.csv"]!.lastReadBytes == appendLines.count)
            blackHole(s.derive(data: data, dataChanged: true))
        }
    }

    // The bid desk with 10,000 keywords: the demo's 36 keywords copied under new ids and
    // words, with their daily and hourly report rows, opened at 200×60; every plan has
    // time-of-day discounts (the Now column works them out for every row drawn).
    let deskState: AppState = {
        var data = cockpitState.data
        for i in data.campaigns.indices where data.campaigns[i].schedule.isEmpty {
            data.campaigns[i].schedule = TimeSlots.parse("00:00-07:00:30,07:00-19:00:100,19:00-23:00:120,23:00-24:00:60")!
        }
        let baseKeywords = data.keywords, baseDays = data.keywordDays.filter { $0.date >= asOf.date.adding(days: -7) }
        var keywords: [Keyword] = [], days: [KeywordDay] = []
        for copy in 0..<(10_000 / baseKeywords.count + 1) {
            for k in baseKeywords where keywords.count < 10_000 {
                var n = k; n.keywordID = "\(k.keywordID)-\(copy)"; n.word = "\(k.word)\(copy)"
                keywords.append(n)
            }
            for d in baseDays { var n = d; n.keywordID = "\(d.keywordID)-\(copy)"; days.append(n) }
        }
        data.keywords = keywords; data.keywordDays = days
        var s = AppState(data: data, now: asOf, events: [], operatorName: "bench", lang: .en)
        _ = App.update(&s, .resized(width: 200, height: 60))
        _ = App.update(&s, .key(.char("B")))
        precondition(s.desk?.rows.count == 10_000)
        return s
    }()
    func deskBench(_ name: String, _ keys: @escaping @Sendable (Int) -> [Key]) {
        Benchmark("bid desk 10k: \(name) + render 200x60",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 300)) { benchmark in
            var s = deskState
            var buffer = ScreenBuffer(width: 200, height: 60)
            var journal: [BidEvent] = []
            for i in benchmark.scaledIterations {
                for k in keys(i) {
                    // What the loop does with an edit: save it, fold the journal, refresh.
                    for case .saveBids(let events) in App.update(&s, .key(k)) {
                        for var e in events { e.id = Int64(journal.count + 1); journal.append(e) }
                        _ = App.update(&s, .bidJournal(journal, note: nil))
                    }
                }
                View.render(s, into: &buffer)
                blackHole(buffer)
            }
        }
    }
    deskBench("move") { i in [i % 2 == 0 ? .down : .up] }
    deskBench("bid +1 step (journaled)") { i in [i % 2 == 0 ? .char("+") : .char("-")] }
    deskBench("sort by the next column") { _ in [.char("o")] }
    deskBench("filter, one more character") { i in i % 2 == 0 ? [.char("/"), .char("1"), .enter] : [.char("/"), .backspace, .enter] }

    // The morning diagnosis (issue: under 200 ms with 10,000 keywords): a store of 63 days and
    // 10,000 keywords with daily rows (630,000), costs of about ¥40 a day with 15% noise,
    // 2% of them with a planted jump yesterday; the store and agents as in the demo.
    let diagnosisData: StoreData = {
        var data = try! DataDirectory(dataDirectory).load()
        var state: UInt64 = 0x2545F4914F6CDD1D
        func normal() -> Double {
            func u() -> Double { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return Double(state >> 11) / Double(1 << 53) }
            return (-2 * Foundation.log(max(1e-12, u()))).squareRoot() * Foundation.cos(2 * .pi * u())
        }
        var keywords: [Keyword] = [], days: [KeywordDay] = []
        let yesterday = asOf.date.adding(days: -1)
        for k in 0..<10_000 {
            let id = "KB\(k)"
            var kw = data.keywords.first!; kw.keywordID = id; kw.word = "词\(k)"
            keywords.append(kw)
            for ago in 0..<63 {
                var d = KeywordDay(date: yesterday.adding(days: -ago), keywordID: id)
                let jump = ago == 0 && k % 50 == 0 ? 1.8 : 1.0
                let clicks = 30 * Foundation.exp(0.15 * normal()) * jump
                d.impressions = Int64(clicks * 30); d.clicks = Int64(clicks); d.cost = Int64(clicks * 130 * Foundation.exp(0.05 * normal()))
                d.revenue = Int64(Double(d.cost!) * 2.5 * Foundation.exp(0.3 * normal()))
                days.append(d)
            }
        }
        data.keywords = keywords; data.keywordDays = days
        return data
    }()
    Benchmark("diagnosis: the morning diagnosis, 10,000 keywords × 63 days",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Diagnose.run(diagnosisData, at: asOf)) }
    }

    // Why the scanner is hand-written: yaslab/CSV.swift (mirrored) over the same file, fields
    // as Strings, nothing decoded.
    Benchmark("csv: yaslab/CSV.swift over orders.csv",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 3)) { benchmark in
        for _ in benchmark.scaledIterations {
            let reader = try CSVReader(stream: InputStream(fileAtPath: ordersPath)!, hasHeaderRow: true)
            var fields = 0
            while let row = reader.next() { fields += row.count }
            blackHole(fields)
        }
    }

    // Reading orders.csv into typed orders (both cores, buyers interned).
    Benchmark("csv: read orders.csv into orders") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try DataDirectory(dataDirectory).load(only: [.orders]).orders.count) }
    }

    // Why SymbolTable is hand-written: interning a million buyer IDs from bytes, against a
    // Dictionary keyed by String (which needs a String per row).
    let buyers: [[UInt8]] = {
        var rng = SystemRandomNumberGenerator()
        var pool: [Int] = []
        return (0..<1_000_000).map { i in
            let id = pool.isEmpty || Int.random(in: 0..<10, using: &rng) >= 3 ? i : pool[Int.random(in: 0..<pool.count, using: &rng)]
            pool.append(id)
            return Array("tb_\(id * 7_919 % 9_999_991)".utf8)
        }
    }()
    Benchmark("intern 1M buyer IDs: SymbolTable") { benchmark in
        for _ in benchmark.scaledIterations {
            let t = SymbolTable()
            for b in buyers { b.withUnsafeBufferPointer { blackHole(t.intern($0)) } }
        }
    }
    Benchmark("intern 1M buyer IDs: Dictionary<String, Int32>") { benchmark in
        for _ in benchmark.scaledIterations {
            var d: [String: Int32] = [:]
            for b in buyers {
                let s = b.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
                if d[s] == nil { d[s] = Int32(d.count) }
            }
            blackHole(d.count)
        }
    }
}
