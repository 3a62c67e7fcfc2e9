import Foundation
import Testing
@testable import OpsDeckCore

/// A seeded noise source: the same series every run, no hand-made wiggle that a detector
/// could be fitted to.
struct Noise {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func uniform() -> Double {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Double(state >> 11) / Double(1 << 53)
    }
    /// Normal by Box–Muller.
    mutating func normal() -> Double {
        let u = max(1e-12, uniform()), v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * v)
    }
}

/// Episodes on constructed series whose answer is known.
@Suite struct EpisodeChecks {
    /// A daily series: level × weekend factor × log-normal noise of `sigma`.
    func daily(_ n: Int, level: Double = 5_000, sigma: Double = 0.04, weekend: Double = 1.3, seed: UInt64 = 1) -> [Double?] {
        var noise = Noise(seed)
        return (0..<n).map { i in level * (i % 7 >= 5 ? weekend : 1) * Foundation.exp(sigma * noise.normal()) }
    }

    func scan(_ v: [Double?], hourly: Bool = false) -> EpisodeDetector.Scan {
        EpisodeDetector.scan(v, settings: .init(hourly: hourly, scale: .log, counts: false, minChange: 0.2))
    }

    @Test func anOrdinarySeriesWithAWeeklyPatternHasNoEpisodes() {
        let r = scan(daily(120))
        #expect(r.episodes.isEmpty, "\(r.episodes)")
        #expect(r.points.suffix(90).allSatisfy { $0 != nil })
    }

    @Test func aSpikeIsOneEpisodeOfOneDay() {
        var v = daily(100)
        v[80] = v[80]! * 1.6
        let r = scan(v)
        #expect(r.episodes.count == 1)
        let e = r.episodes[0]
        #expect(e.kind == .spike && e.direction == .up && e.start == 80 && e.end == 80)
        #expect(abs(e.size - 0.6) < 0.1)
    }

    @Test func aTwoDayDipIsOneFindingNotTwo() {
        var v = daily(100)
        v[70] = v[70]! * 0.5; v[71] = v[71]! * 0.5
        let r = scan(v)
        #expect(r.episodes.count == 1)
        #expect(r.episodes.first?.kind == .dip && r.episodes.first?.start == 70 && r.episodes.first?.end == 71)
    }

    @Test func aStepIsFoundOnItsFirstDayAndThenBecomesTheBaseline() {
        var v = daily(140)
        for i in 60..<140 { v[i] = v[i]! * 0.6 }
        let r = scan(v)
        #expect(r.episodes.count == 1, "\(r.episodes)")
        let e = r.episodes[0]
        #expect(e.start == 60 && e.kind == .levelShift && e.adopted && e.direction == .down)
        // One finding, not one a day for a month: the rest of the series is the new normal.
        #expect(r.points[100..<140].allSatisfy { $0?.flagged == false })
        #expect(r.current == nil)
    }

    @Test func aSlowDriftIsFoundAsADrift() {
        var v = daily(160, sigma: 0.03)
        // +60% over 20 days, then stays.
        for i in 80..<160 { v[i] = v[i]! * Foundation.exp(Foundation.log(1.6) * min(1, Double(i - 79) / 20)) }
        let r = scan(v)
        let found = r.episodes.filter { $0.start >= 78 && $0.start < 110 }
        #expect(!found.isEmpty, "\(r.episodes)")
        #expect(found.first?.kind == .drift, "\(r.episodes)")
        #expect(r.episodes.filter { $0.start < 78 }.isEmpty)
    }

    @Test func thePromotionPeriodIsTheDayTheThreeDaysBeforeAndTheDayAfter() {
        let d = { (m: Int, day: Int) in LocalDate(year: 2026, month: m, day: day)! }
        #expect(Diagnose.platformPromotion(d(11, 11)) == "11.11")
        #expect(Diagnose.platformPromotion(d(11, 8)) == "11.11 lead-up" && Diagnose.platformPromotion(d(11, 10)) == "11.11 lead-up")
        #expect(Diagnose.platformPromotion(d(11, 12)) == "after 11.11" && Diagnose.platformPromotion(d(6, 19)) == "after 618")
        #expect(Diagnose.platformPromotion(d(11, 7)) == nil && Diagnose.platformPromotion(d(11, 13)) == nil)
    }

    @Test func aWindowReachesBackPastExcludedDaysSoTheDaysAfterAreJudged() {
        // Ten excluded days (a promotion period and more) and a two-day dip: without reaching
        // back, the next weeks would have fewer than 21 usable days and go unjudged.
        var v = daily(120)
        let excluded = Set(70..<80)
        v[82] = v[82]! * 0.5; v[83] = v[83]! * 0.5
        let r = EpisodeDetector.scan(v, excluded: excluded, settings: .init(hourly: false, scale: .log, counts: false, minChange: 0.2))
        #expect(r.points[84..<120].allSatisfy { $0 != nil })
        #expect(r.episodes.count == 1 && r.episodes.first?.start == 82)
    }

    @Test func aDoublingAndAHalvingWeighAlikeOnTheLogScale() {
        // A steady level of 1,000 (no noise): the spread is the 2% floor on both sides.
        var up = [Double?](repeating: 1_000, count: 40), down = up
        up[39] = 2_000; down[39] = 500
        let u = scan(up).points[39]!, d = scan(down).points[39]!
        // (log(x + c) with c a hundredth of the level keeps zero finite: alike within 1%.)
        #expect(abs(abs(u.score) / abs(d.score) - 1) < 0.01)
        #expect(u.score > 0 && d.score < 0)
        // On a linear scale the halving weighs half as much.
        let lin = EpisodeDetector.Settings(hourly: false, scale: .linear, counts: false, minChange: 0.2)
        let lu = EpisodeDetector.scan(up, settings: lin).points[39]!, ld = EpisodeDetector.scan(down, settings: lin).points[39]!
        #expect(abs(lu.score / ld.score + 2) < 1e-9)
    }

    @Test func aSmallMoveOfAQuietSeriesIsNotNews() {
        // 1% noise: +12% is many sigma, but under the 20% a change must reach.
        var v = daily(80, sigma: 0.01, weekend: 1)
        v[70] = v[70]! * 1.12
        #expect(scan(v).episodes.isEmpty)
        v[70] = v[70]! / 1.12 * 1.25
        #expect(scan(v).episodes.count == 1)
    }

    /// 30 days of hours: busy days, quiet nights, a slightly busier weekend.
    func hourly(days: Int, seed: UInt64 = 3) -> [Double?] {
        let shape: [Double] = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1.1, 1.5, 1.8, 1.9, 1.7, 1.5, 1.7, 1.8, 1.7, 1.5, 1.4, 1.6, 2.0, 2.2, 1.8, 1.0]
        var noise = Noise(seed)
        return (0..<(days * 24)).map { t in 400 * shape[t % 24] * ((t / 24) % 7 >= 5 ? 1.15 : 1) * Foundation.exp(0.06 * noise.normal()) }
    }

    @Test func theNightsLowAndTheMorningRiseAreNotAnomalies() {
        let r = scan(hourly(days: 40), hourly: true)
        #expect(r.episodes.isEmpty, "\(r.episodes)")
        #expect(r.points.suffix(24 * 10).allSatisfy { $0 != nil })
    }

    @Test func aNightAtTheDaysLevelIsAnEpisodeOfThoseHours() {
        var v = hourly(days: 40)
        let night = 38 * 24
        for h in 1...4 { v[night + h] = 600 }
        let r = scan(v, hourly: true)
        #expect(r.episodes.count == 1, "\(r.episodes)")
        #expect(r.episodes.first?.start == night + 1 && r.episodes.first?.end == night + 4 && r.episodes.first?.kind == .spike)
        // The same 600 at noon is an ordinary noon.
        var noon = hourly(days: 40)
        noon[night + 11] = 760
        #expect(scan(noon, hourly: true).episodes.isEmpty)
    }

    @Test func oneWildHourIsNotNewsButACollapseIs() {
        var v = hourly(days: 40)
        v[38 * 24 + 11] = v[38 * 24 + 11]! * 1.35          // one hour +35%
        #expect(scan(v, hourly: true).episodes.isEmpty)
        for h in 11...13 { v[38 * 24 + h] = 400 * 1.9 * 0.3 }  // three hours at 30%
        let r = scan(v, hourly: true)
        #expect(r.episodes.count == 1 && r.episodes.first?.direction == .down)
    }
}

/// The morning diagnosis on a constructed store: floors, refunds, 量·率·价, today so far.
@Suite struct DiagnosisChecks {
    static let last = LocalDate(year: 2026, month: 11, day: 19)!
    static let morning = LocalTime(parsing: "2026-11-20 09:00")!

    /// 50 days of a store: about 10,000 visitors, 3% conversion, ¥200 AOV, 2% refunds, noise 3%.
    func store(days: Int = 50, seed: UInt64 = 5, edit: (Int, inout StoreDay) -> Void = { _, _ in }) -> StoreData {
        var d = StoreData()
        var noise = Noise(seed)
        for ago in (0..<days).reversed() {
            var s = StoreDay(date: Self.last.adding(days: -ago))
            let uv = 10_000 * Foundation.exp(0.03 * noise.normal())
            let buyers = uv * 0.03 * Foundation.exp(0.03 * noise.normal())
            s.uv = Int64(uv); s.paidBuyers = Int64(buyers)
            s.paidAmount = Int64(buyers * 20_000 * Foundation.exp(0.03 * noise.normal()))
            s.cartBuyers = Int64(uv * 0.09); s.favoriteBuyers = Int64(uv * 0.06)
            s.refundAmount = Int64(Double(s.paidAmount!) * 0.02 * Foundation.exp(0.05 * noise.normal()))
            edit(ago, &s)
            d.storeDays.append(s)
        }
        d.files["store_daily.csv"] = FileReport(file: "store_daily.csv", state: .loaded, columns: ["date", "uv"])
        return d
    }

    @Test func anOrdinaryStoreHasNoFindings() {
        let dx = Diagnose.run(store(), at: Self.morning)
        #expect(dx.findings.isEmpty, "\(dx.findings.map(\.line))")
    }

    @Test func aTrafficDropIsSplitIntoTrafficConversionAndOrderValue() {
        // Yesterday 40% fewer visitors, the same conversion and order value.
        let data = store { ago, s in
            if ago == 0 { s.uv = s.uv! * 6 / 10; s.paidBuyers = s.paidBuyers! * 6 / 10; s.paidAmount = s.paidAmount! * 6 / 10 }
        }
        let dx = Diagnose.run(data, at: Self.morning)
        let paid = dx.findings.first { $0.metric == "Paid amount" }
        #expect(paid?.kind == .dip)
        let split = Dictionary(uniqueKeysWithValues: (paid?.split ?? []).map { ($0.name, $0.change) })
        #expect(abs((split["traffic"] ?? 0) + 0.4) < 0.08, "\(split)")
        #expect(abs(split["conversion"] ?? 1) < 0.08 && abs(split["AOV"] ?? 1) < 0.08, "\(split)")
        #expect(paid?.line.contains("traffic -") == true)
    }

    @Test func aSwingWorthLessThanTheMoneyFloorIsLeftOut() {
        // A 30% jump of a tiny store's paid amount: ¥30 on a ¥100 day, under the ¥100 floor.
        let data = store { ago, s in
            s.paidAmount = s.paidAmount! / 600
            if ago == 0 { s.paidAmount = s.paidAmount! * 13 / 10 }
        }
        let dx = Diagnose.run(data, at: Self.morning)
        #expect(!dx.findings.contains { $0.metric == "Paid amount" })
        #expect(dx.notes.contains { $0.contains("worth less than ¥100.00") })
        var rich = data
        rich.profile.diagnosis.minMoney = 1_000
        #expect(Diagnose.run(rich, at: Self.morning).findings.contains { $0.metric == "Paid amount" })
    }

    @Test func aRecentRefundRateIsStillSettlingAndASettledOneIsJudged() {
        // Refunds tripled yesterday: said to be settling, not a finding.
        let recent = store { ago, s in if ago == 0 { s.refundAmount = s.refundAmount! * 3 } }
        let dx = Diagnose.run(recent, at: Self.morning)
        #expect(!dx.findings.contains { $0.metric == "Refund rate" })
        #expect(dx.notes.contains { $0.contains("still settling") })
        // The same jump on the day that has just settled is judged (five days to settle here:
        // seven would land on the day after 11.11, which is not judged).
        var settled = store { ago, s in if ago == 5 { s.refundAmount = s.refundAmount! * 3 } }
        settled.profile.diagnosis.refundSettleDays = 5
        let f = Diagnose.run(settled, at: Self.morning).findings.first { $0.metric == "Refund rate" }
        #expect(f?.name == "Refund rate of 2026-11-14 (settled)" && f?.direction == .up)
    }

    @Test func aKeywordWithAFewClicksIsNotJudged() {
        var data = store()
        var noise = Noise(9)
        for ago in 0..<50 {
            var k = KeywordDay(date: Self.last.adding(days: -ago), keywordID: "K1")
            k.impressions = 2_000; k.clicks = Int64(2 + noise.uniform() * 2); k.cost = k.clicks! * 100; k.revenue = 0
            if ago == 0 { k.clicks = 9; k.cost = 900 }              // CTR ×3 on nine clicks
            data.keywordDays.append(k)
        }
        let dx = Diagnose.run(data, at: Self.morning)
        #expect(!dx.findings.contains { $0.subject == .keyword })
        #expect(dx.notes.contains { $0.contains("1 keywords had fewer than 30 clicks") })
    }

    @Test func aCollapseThisMorningShowsThisMorning() {
        // Ten days of hourly rows; today from 09:00 visitors are a fifth of usual.
        var data = store()
        let shape: [Double] = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1.1, 1.5, 1.8, 1.9, 1.7, 1.5, 1.7, 1.8, 1.7, 1.5, 1.4, 1.6, 2.0, 2.2, 1.8, 1.0]
        var noise = Noise(11)
        for ago in 0...10 {
            for h in 0..<24 where ago > 0 || h < 11 {
                var s = StoreDay(date: Self.last.adding(days: 1 - ago), hour: h)
                var uv = 400 * shape[h] * Foundation.exp(0.05 * noise.normal())
                if ago == 0 && h >= 9 { uv /= 5 }
                s.uv = Int64(uv); s.paidAmount = Int64(uv * 0.03 * 20_000)
                data.storeDays.append(s)
            }
        }
        let at = LocalTime(parsing: "2026-11-20 10:05")!
        let today = Diagnose.run(data, at: at).today
        let uv = today.first { $0.metric == "UV" }
        #expect(uv?.today == true && uv?.direction == .down && uv?.since == "since 09:00", "\(today.map(\.line))")
        // At 09:00, before the first bad hour is complete, nothing yet.
        #expect(Diagnose.run(data, at: LocalTime(parsing: "2026-11-20 09:00")!).today.isEmpty)
    }
}
