import Testing
@testable import OpsDeckCore

/// The detector on constructed series whose answer is known.
@Suite struct DetectorChecks {
    /// A noisy-but-ordinary level: 100 ± a fixed pattern of small wiggles (no randomness).
    func ordinary(_ n: Int, level: Double = 100) -> [Double?] {
        let wiggle: [Double] = [-3, 2, 0, 4, -1, -4, 1, 3, -2, 0, 2]
        return (0..<n).map { level + wiggle[$0 % wiggle.count] }
    }
    func judge(_ v: [Double?], excluded: Set<Int> = []) -> Detector.Judgement {
        Detector.judge(v, at: v.count - 1, window: 28, cycle: 7, excluded: excluded)
    }

    @Test func aSpikeIsFlaggedUpAndADipDown() {
        var v = ordinary(35); v[34] = 160
        let j = judge(v)
        #expect(j.verdict == .anomaly(.up))
        #expect(j.expected == 100 || abs(j.expected! - 100) <= 1)
        #expect(j.score! > 3.5)
        v[34] = 60
        #expect(judge(v).verdict == .anomaly(.down))
        v[34] = 104
        #expect(judge(v).verdict == .normal)
    }

    @Test func aStepIsFlaggedUntilItBecomesTheBaseline() {
        // From day 35 the level is 150: the first days of the new level are anomalies; once
        // more than half the window is the new level, it is ordinary.
        let v = ordinary(35) + ordinary(30, level: 150)
        func at(_ i: Int) -> Detector.Verdict { Detector.judge(v, at: i, window: 28, cycle: 7).verdict }
        #expect(at(35) == .anomaly(.up))
        #expect(at(40) == .anomaly(.up))
        #expect(at(64) == .normal)
    }

    @Test func aWeeklyPatternIsNotAnAnomalyButABreakInItIs() {
        // Weekends (positions 5, 6) double: with the pattern taken out, a weekend is ordinary…
        let v: [Double?] = (0..<35).map { i in (i % 7 >= 5 ? 200 : 100) + [-3, 2, 0, 4, -1, -4, 1, 3, -2, 0, 2][i % 11] }
        let weekend = Detector.judge(v, at: 34, window: 28, cycle: 7)   // 34 % 7 == 6
        #expect(weekend.verdict == .normal && weekend.seasonal)
        // …and a weekday at a weekend's level is not.
        var w = v; w[32] = 200                                            // 32 % 7 == 4, a weekday
        #expect(Detector.judge(w, at: 32, window: 28, cycle: 7).verdict == .anomaly(.up))
        // Without the pattern (a cycle of 1), the same weekend is flagged: the plain median is 100.
        #expect(Detector.judge(v, at: 34, window: 28, cycle: 1).verdict == .anomaly(.up))
    }

    @Test func aPromotionDayIsAnnotatedAndKeptOutOfTheBaseline() {
        var v = ordinary(35)
        v[20] = 900; v[21] = 850                      // 11.11 and the day after, say
        v[34] = 900                                   // a promotion again today
        #expect(judge(v, excluded: [20, 21, 34]).verdict == .promotion)
        // An ordinary day after a promotion is judged against ordinary days only: 104 is normal.
        v[34] = 104
        let j = judge(v, excluded: [20, 21])
        #expect(j.verdict == .normal)
        // Had the promotion stayed in the baseline its spread would be wider, not its median.
        #expect(j.band!.high < 130)
    }

    @Test func aShortSeriesSaysSoRatherThanFlagging() {
        var v = ordinary(10); v[9] = 500
        #expect(judge(v).verdict == .tooShort(known: 9))
    }

    @Test func aSparseWindowSaysSo() {
        var v = ordinary(40)
        for i in 8..<39 where i % 3 != 0 { v[i] = nil }     // about a third of the window left
        v[39] = 500
        if case .tooSparse(let n) = judge(v).verdict { #expect(n < 14) } else { Issue.record("expected tooSparse, got \(judge(v).verdict)") }
    }

    @Test func missingDaysAreGapsNotZeros() {
        var v = ordinary(35)
        for i in [3, 9, 15, 22] { v[i] = nil }
        v[34] = 103
        #expect(judge(v).verdict == .normal)
        v[34] = nil
        #expect(judge(v).verdict == .unknownValue)
    }

    @Test func aFlatSeriesThatMovesMuchIsAChangeButNotABitMore() {
        var v: [Double?] = Array(repeating: 50, count: 35)
        #expect(judge(v).verdict == .normal)
        v[34] = 60
        #expect(judge(v).verdict == .anomaly(.up))
        // 2% up on a dead-flat baseline: not a swing worth a line.
        v[34] = 51
        #expect(judge(v).verdict == .normal)
    }
}

@Suite struct MarketVerdicts {
    @Test func theMarketOrOnlyUs() {
        #expect(Diagnose.MarketMove.verdict(store: -0.30, market: -0.25) == .marketWide)
        #expect(Diagnose.MarketMove.verdict(store: -0.30, market: -0.01) == .onlyUs)
        #expect(Diagnose.MarketMove.verdict(store: -0.30, market: 0.10) == .againstMarket)
        // The market dipped a little while we fell hard: that is us, not the market.
        #expect(Diagnose.MarketMove.verdict(store: -0.60, market: -0.06) == .onlyUs)
    }

    /// 35 days of a store and its category; on the last day the store's visitors drop 40%.
    func data(marketDrop: Bool) -> StoreData {
        var d = StoreData()
        let last = LocalDate(year: 2026, month: 11, day: 19)!
        for ago in 0..<35 {
            let date = last.adding(days: -ago)
            var s = StoreDay(date: date)
            let wiggle = Double([-3, 2, 0, 4, -1, -4, 1][ago % 7])
            s.uv = Int64(10_000 + wiggle * 50) * (ago == 0 ? 6 : 10) / 10
            s.paidBuyers = 300; s.paidAmount = 6_000_000; s.cartBuyers = 900; s.favoriteBuyers = 500; s.refundAmount = 100_000
            d.storeDays.append(s)
            var i = IndustryDay(date: date, category: "女装/连衣裙")
            i.uvIndex = (200_000 + wiggle * 500) * (ago == 0 && marketDrop ? 0.62 : 1); i.tradeIndex = 100_000
            d.industryDays.append(i)
        }
        d.files["store_daily.csv"] = FileReport(file: "store_daily.csv", state: .loaded, columns: ["date", "uv"])
        return d
    }

    @Test func aMarketWideDropIsLabelledMarketWide() {
        let dx = Diagnose.run(data(marketDrop: true), at: LocalTime(parsing: "2026-11-20 09:00")!)
        let uv = dx.findings.first { $0.subject == .store && $0.name == "UV" }
        #expect(uv?.direction == .down)
        #expect(uv?.market == .marketWide)
        #expect(uv?.line.contains("market-wide") == true)
        #expect(dx.flagged.contains(.uv))
    }

    @Test func aStoreOnlyDropIsOnlyUs() {
        let dx = Diagnose.run(data(marketDrop: false), at: LocalTime(parsing: "2026-11-20 09:00")!)
        let uv = dx.findings.first { $0.subject == .store && $0.name == "UV" }
        #expect(uv?.market == .onlyUs)
        // Conversion rose as visitors fell with buyers flat: it is flagged too, and ranked by money.
        #expect(dx.findings.first?.impact ?? 0 >= dx.findings.last?.impact ?? 0)
    }

    @Test func anElevenElevenIsAnnotatedNotFlagged() {
        var d = data(marketDrop: false)
        // Move the whole series so the last day is 11.11.
        d.storeDays = d.storeDays.map { var s = $0; s.date = s.date.adding(days: -8); return s }
        d.industryDays = []
        let dx = Diagnose.run(d, at: LocalTime(parsing: "2026-11-12 09:00")!)
        #expect(dx.promotion == "11.11")
        #expect(!dx.findings.contains { $0.subject == .store })
        #expect(dx.notes.contains { $0.contains("promotion day (11.11)") })
    }
}

@Suite struct SeriesChecks {
    @Test func dailyGapsAndAFlaggedPoint() {
        let start = LocalDate(year: 2026, month: 1, day: 1)!
        var points = (0..<60).map { i in SeriesCheck.Point(at: start.adding(days: i).start, value: 100 + Double([-3, 2, 0, 4, -1, -4, 1, 3, -2, 0, 2][i % 11])) }
        points.remove(at: 30)                                      // a missing day
        points[50].value = 400
        let r = SeriesCheck.run(points)
        #expect(!r.hourly && r.points == 59 && r.slots == 60)
        #expect(r.flags.map(\.at.date) == [start.adding(days: 51)])
        #expect(r.flags.first?.direction == .up)
        #expect(r.notes.contains { $0.contains("1 days missing") })
    }

    @Test func hourlySeriesUseADailyCycle() {
        let start = LocalDate(year: 2026, month: 1, day: 1)!.start
        // Busy evenings every day: not anomalies.
        var points: [SeriesCheck.Point] = []
        for h in 0..<(24 * 35) {
            let level: Double = h % 24 >= 19 ? 300 : 100
            points.append(SeriesCheck.Point(at: start.adding(seconds: Int64(h) * 3600), value: level + Double(h % 5)))
        }
        let quiet = SeriesCheck.run(points)
        #expect(quiet.hourly && quiet.flags.isEmpty)
        // 03:00-05:00 at an evening's level: one episode of three hours. (One wild hour alone
        // is not news on an hourly series: three hours and enough evidence are needed.)
        for h in 3...5 { points[24 * 34 + h].value = 300 }
        let r = SeriesCheck.run(points)
        #expect(r.flags.map(\.at.hour) == [3, 4, 5])
        #expect(r.events.count == 1 && r.events.first?.kind == .spike && r.events.first?.start.hour == 3 && r.events.first?.end.hour == 5)
        points[24 * 34 + 4].value = 104; points[24 * 34 + 5].value = 100
        #expect(SeriesCheck.run(points).events.isEmpty)
    }
}
