import Testing
@testable import OpsDeckCore

/// Goals against constructed item days: the value of the last whole day, the gap, the days
/// left, and the verdict from the 7-day trend.
@Suite struct GoalProgressChecks {
    let today = LocalDate(year: 2026, month: 11, day: 20)!

    /// An item whose main-image CTR is `ctr(daysAgo)` on each of the last 14 days.
    func data(_ ctr: (Int) -> Double?) -> StoreData {
        var d = StoreData()
        for ago in 1...14 {
            guard let c = ctr(ago) else { continue }
            var p = ProductDay(date: today.adding(days: -ago), itemID: "hero")
            p.searchImpressions = 100_000; p.searchClicks = Int64((c * 100_000).rounded())
            d.productDays.append(p)
        }
        return d
    }
    func goal(_ target: Double, in days: Int) -> Goal {
        Goal(metric: .mainImageCTR, target: target, deadline: today.adding(days: days), item: "hero")
    }
    var now: LocalTime { LocalTime(date: today, hour: 10) }

    @Test func aRisingTrendThatGetsThereIsOnTrack() {
        // 3.0% two weeks ago, rising 0.2 pt a day: 5.6% yesterday, 7.2% by the deadline.
        let d = data { ago in 0.030 + Double(14 - ago) * 0.002 }
        let p = Goals.progress(goal(0.06, in: 7), data: d, now: now)
        #expect(p.day == today.adding(days: -1))
        #expect(abs(p.current! - 0.056) < 1e-9)
        #expect(abs(p.gap! - 0.004) < 1e-9)
        #expect(p.daysLeft == 7)
        #expect(abs(p.slopePerDay! - 0.002) < 1e-9)
        #expect(abs(p.projected! - (0.056 + 0.002 * 8)) < 1e-9)
        #expect(p.verdict == .onTrack)
    }

    @Test func aFlatTrendShortOfTheTargetWillMiss() {
        let p = Goals.progress(goal(0.06, in: 7), data: data { _ in 0.05 }, now: now)
        #expect(p.verdict == .willMiss)
        #expect(abs(p.gap! - 0.01) < 1e-9)
    }

    @Test func reachedIsReachedWhateverTheTrend() {
        let p = Goals.progress(goal(0.06, in: 7), data: data { ago in 0.08 - Double(14 - ago) * 0.001 }, now: now)
        #expect(p.verdict == .reached)
    }

    @Test func aPassedDeadlineIsMissedAndTooFewDaysIsUnknown() {
        #expect(Goals.progress(goal(0.06, in: -1), data: data { _ in 0.05 }, now: now).verdict == .missed)
        // Only three of the last seven days known: no trend is claimed.
        let sparse = Goals.progress(goal(0.06, in: 7), data: data { ago in ago <= 3 ? 0.05 : nil }, now: now)
        #expect(sparse.verdict == .unknownPace && sparse.slopePerDay == nil)
        let none = Goals.progress(goal(0.06, in: 7), data: StoreData(), now: now)
        #expect(none.current == nil && none.gap == nil && none.verdict == .unknownPace)
    }

    @Test func lowerIsBetterForCPCAndCanBeSaidForAnyMetric() {
        #expect(!Metric.cpc.upIsGood && Metric.roi.upIsGood)
        // A goal to bring CTR down (a store's own choice) reads the gap the other way.
        let g = Goal(metric: .mainImageCTR, target: 0.04, deadline: today.adding(days: 7), item: "hero", upIsGood: false)
        let p = Goals.progress(g, data: data { _ in 0.05 }, now: now)
        #expect(abs(p.gap! - 0.01) < 1e-9 && p.verdict == .willMiss)
    }

    @Test func formatsInTheMetricsUnit() {
        #expect(Metric.mainImageCTR.format(0.0596) == "5.96%")
        #expect(Metric.mainImageCTR.formatGap(0.0043) == "0.43 pt")
        #expect(Metric.paidAmount.format(6_000_000) == "¥60,000.00")
        #expect(Metric.uv.format(10_638) == "10,638")
        #expect(Metric.roi.format(2.5) == "2.50")
    }
}
