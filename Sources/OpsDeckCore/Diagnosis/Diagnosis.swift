/// The morning's data diagnosis: every store, item, keyword and agent series judged on the
/// last whole day, the swings explained (which items, and is it the market or only us), the
/// competitors watched, and the findings ranked by what they are worth in money.
public struct Finding: Sendable, Equatable {
    public enum Subject: String, Sendable { case store, item, keyword, agent, competitor }
    public enum Market: String, Sendable {
        case marketWide = "market-wide"
        case onlyUs = "only us"
        case againstMarket = "against the market"
    }
    public var subject: Subject
    /// "UV", "连衣裙女秋冬 · CPC", "客服-小美 · first response".
    public var name: String
    public var metric: String
    public var date: LocalDate
    public var value: Double?
    public var expected: Double?
    public var score: Double?
    public var direction: Detector.Direction?
    public var vsYesterday: Double?
    public var vsLastWeek: Double?
    /// What the swing is worth, in fen (a rough figure: see `docs/diagnosis.md`); nil when it
    /// cannot be put in money (a competitor's price).
    public var impact: Int64?
    public var market: Market?
    /// For a store swing: the items behind it and their share of the change.
    public var contributors: [(name: String, share: Double)]
    /// One line a person can act on.
    public var line: String
    /// The series up to the judged day and the band it was judged against, for the chart.
    public var series: [Double?]
    public var band: (low: Double, high: Double)?
    public var unit: Metric.Unit
    /// The episode: its kind, the index in `series` it started at, its median change.
    public var kind: Episode.Kind?
    public var episodeStart: Int?
    public var size: Double?
    /// "since 11-15", "since 10:00": when the episode began, for the line and the pane.
    public var since: String?
    /// The band each point of `series` was judged against (nil where it was not judged).
    public var bands: [(low: Double, high: Double)?] = []
    /// 量·率·价: for a paid-amount finding, the change of traffic, conversion and order value.
    public var split: [(name: String, change: Double)] = []
    /// Today so far (hourly), not a whole day.
    public var today = false

    public static func == (a: Finding, b: Finding) -> Bool { a.name == b.name && a.date == b.date && a.line == b.line }
}

public struct Diagnosis: Sendable {
    public var day: LocalDate
    /// Today so far, judged hour by hour against the same hours of earlier days.
    public var today: [Finding] = []
    /// Findings, largest money impact first (those without one after, by score).
    public var findings: [Finding]
    /// What was not judged and why: promotion days, short or sparse series.
    public var notes: [String]
    /// Store metrics whose judged day is anomalous (the KPI tiles carry a flag).
    public var flagged: Set<Metric>
    /// The judged day is a promotion day (its name), when it is.
    public var promotion: String?
    /// Today so far first (the most urgent), then the judged day's findings.
    public var all: [Finding] { today + findings }
}

public enum Diagnose {
    /// Enough days for an episode to be followed from before the window to the judged day.
    static let history = 2 * Detector.windowDays + 7

    /// Big platform promotions: annotated, not flagged, and kept out of ordinary baselines —
    /// with the lull of the three days before (buyers wait for the day, carts fill) and the
    /// day after (late payments, 返场), which are no more ordinary than the day itself.
    public static func platformPromotion(_ d: LocalDate) -> String? {
        for (offset, label) in [(0, ""), (1, " lead-up"), (2, " lead-up"), (3, " lead-up"), (-1, " after")] {
            let c = d.adding(days: offset).components
            let name: String? = switch (c.month, c.day) {
            case (6, 18): "618"
            case (11, 11): "11.11"
            case (12, 12): "12.12"
            default: nil
            }
            if let name { return label == " after" ? "after " + name : name + label }
        }
        return nil
    }

    /// The store's activities running on a day (all of them, or those selling this item).
    static func activities(_ data: StoreData, on d: LocalDate, item: String? = nil) -> [String] {
        data.activities.filter { a in
            guard let s = a.startAt else { return false }
            let e = a.endAt ?? s
            return s < d.adding(days: 1).start && e > d.start && (item == nil || a.itemIDs.contains(item!))
        }.map { $0.name ?? $0.activityID }
    }

    /// Diagnoses the last whole day before `at` (the morning routine looks at yesterday).
    public static func run(_ data: StoreData, at: LocalTime) -> Diagnosis {
        let day = at.date.adding(days: -1)
        let days = (0..<history).map { day.adding(days: $0 - history + 1) }
        let index = days.count - 1
        var notes: [String] = []
        var findings: [Finding] = []
        var flagged = Set<Metric>()

        // Promotion days: the platform's, and the store's own activities.
        var promoNames: [Int: String] = [:]
        for (i, d) in days.enumerated() {
            if let p = platformPromotion(d) { promoNames[i] = p }
            else if let a = activities(data, on: d).first { promoNames[i] = a }
        }
        let excluded = Set(promoNames.keys)
        if let p = promoNames[index] { notes.append("\(day) is a promotion day (\(p)): store figures are shown, not flagged, and promotion days are left out of the baselines.") }

        // The store.
        let values = days.map { Metric.storeValues(data, on: $0, ads: false) }
        let market = MarketMove(data, days: days)
        func refundRate(_ v: [Metric: Double]) -> Double? {
            guard let r = v[.refundAmount], let p = v[.paidAmount], p > 0 else { return nil }
            return r / p
        }
        let paid = values[index][.paidAmount], uv = values[index][.uv], buyers = values[index][.paidBuyers]
        let storeSeries: [(Metric?, String, [Double?], Metric.Unit)] = [
            (.uv, "UV", values.map { $0[.uv] }, .count),
            (.conversionRate, "Conversion", values.map { $0[.conversionRate] }, .rate),
            (.paidAmount, "Paid amount", values.map { $0[.paidAmount] }, .money),
            (.avgOrderValue, "AOV", values.map { $0[.avgOrderValue] }, .money),
            (.cartRate, "Cart rate", values.map { $0[.cartRate] }, .rate),
            (.favoriteRate, "Favorite rate", values.map { $0[.favoriteRate] }, .rate),
            (.refundAmount, "Refund rate", values.map(refundRate), .rate),
        ]
        var short: [String] = []
        var small = 0
        let floors = data.profile.diagnosis
        let settle = max(0, floors.refundSettleDays)
        var expectedAt: [String: Double] = [:]
        for (metric, name, series, unit) in storeSeries {
            // Refunds keep arriving for days: the last `settle` days are not judged as final.
            // The day that has just settled is judged instead, against settled days only.
            let refunds = name == "Refund rate"
            let at = refunds ? index - settle : index
            guard at >= 0 else { continue }
            let judged = Array(series.prefix(at + 1))
            let scan = EpisodeDetector.scan(judged, excluded: excluded, settings: settings(unit, floors))
            if scan.points[at] == nil && judged[at] != nil && !excluded.contains(at) { short.append(name) }
            if let p = scan.points[at] { expectedAt[name] = p.expected }
            if refunds, settle > 0, let v = series[index], let e = scan.points.last(where: { $0 != nil })??.expected, e > 0, v / e - 1 >= floors.minChange {
                notes.append("Refund rate of \(day) \(unit.format(v)) vs usual \(unit.format(e)) so far — still settling (refunds arrive for \(settle)+ days); judged when final.")
            }
            guard let ep = scan.current, let p = scan.points[at], let v = judged[at] else { continue }
            let e = p.expected
            if let metric, !refunds { flagged.insert(metric) }
            let rel = e != 0 ? v / e - 1 : 0
            let impact: Double
            switch name {
            case "Paid amount": impact = abs(v - e)
            case "UV": impact = abs(v - e) * ((paid ?? 0) / max(1, uv ?? 1))
            case "Conversion": impact = abs(v - e) * (uv ?? 0) * ((paid ?? 0) / max(1, buyers ?? 1))
            case "AOV": impact = abs(v - e) * (buyers ?? 0)
            case "Refund rate": impact = abs(v - e) * (values[at][.paidAmount] ?? 0)
            default: impact = abs(rel) * (paid ?? 0) * 0.25     // cart and favorite rates lead sales, loosely
            }
            if impact < Double(floors.minMoney) { small += 1; continue }
            var f = finding(.store, refunds ? "Refund rate of \(days[at]) (settled)" : name, name, days[at], scan, at: at, ep, judged, unit, impact: impact, days: days)
            f.vsYesterday = change(v, series[at - 1]); f.vsLastWeek = change(v, series[at - 7])
            // Is it the market, or only us? Visitors against traffic indices, sales against trade.
            let kind: MarketMove.Kind? = ["UV"].contains(name) ? .traffic : ["Paid amount", "Conversion"].contains(name) ? .trade : nil
            if let kind, let m = market.move(kind, at: index) { f.market = MarketMove.verdict(store: rel, market: m) }
            if ["UV", "Paid amount"].contains(name) { f.contributors = contributors(data, day: day, uv: name == "UV", storeDelta: v - e, baselineDays: Array(days.suffix(29).dropLast())) }
            f.line = storeLine(f, unit: unit, marketMove: kind.flatMap { market.move($0, at: index) })
            findings.append(f)
        }
        // 量·率·价: paid amount = visitors × conversion × order value, so the three changes
        // multiply to the amount's (their logs add up).
        for i in findings.indices where findings[i].metric == "Paid amount" {
            let parts: [(String, String, Double?)] = [("traffic", "UV", values[index][.uv]), ("conversion", "Conversion", values[index][.conversionRate]),
                                                    ("AOV", "AOV", values[index][.avgOrderValue])]
            let split = parts.compactMap { label, key, v -> (String, Double)? in
                guard let v, let e = expectedAt[key], e > 0 else { return nil }
                return (label, v / e - 1)
            }
            if split.count == 3 {
                findings[i].split = split
                findings[i].line += " · " + split.map { "\($0.0) \(pct($0.1))" }.joined(separator: ", ")
            }
        }
        if small > 0 { notes.append("\(small) store \(small == 1 ? "move" : "moves") worth less than \(Money.format(floors.minMoney)) left out.") }
        if !short.isEmpty { notes.append("Too little history to judge (at least 21 ordinary days in 28 are needed): " + short.joined(separator: ", ") + ".") }

        findings += items(data, days: days, platformExcluded: excluded.filter { platformPromotion(days[$0]) != nil }, notes: &notes)
        findings += keywords(data, days: days, excluded: excluded, notes: &notes)
        findings += agents(data, days: days, notes: &notes)
        findings += competitorWatch(data, day: day)

        findings.sort { a, b in
            switch (a.impact, b.impact) {
            case let (x?, y?): return x != y ? x > y : a.name < b.name
            case (_?, nil): return true
            case (nil, _?): return false
            default: return abs(a.score ?? 0) > abs(b.score ?? 0)
            }
        }
        return Diagnosis(day: day, today: todaySoFar(data, at: at), findings: findings, notes: notes, flagged: flagged, promotion: promoNames[index])
    }

    /// How a metric is judged: amounts, counts and ratios on a log scale, rates as they are.
    static func settings(_ unit: Metric.Unit, _ floors: StoreProfile.DiagnosisFloors, counts: Bool = false, hourly: Bool = false) -> EpisodeDetector.Settings {
        EpisodeDetector.Settings(hourly: hourly, scale: unit == .rate ? .linear : .log, counts: counts, minChange: floors.minChange)
    }

    static func finding(_ subject: Finding.Subject, _ name: String, _ metric: String, _ day: LocalDate, _ scan: EpisodeDetector.Scan, at: Int,
                        _ ep: Episode, _ series: [Double?], _ unit: Metric.Unit, impact: Double?, days: [LocalDate]) -> Finding {
        let p = scan.points[at]
        var f = Finding(subject: subject, name: name, metric: metric, date: day, value: series[at], expected: p?.expected, score: p?.score,
                        direction: ep.direction, vsYesterday: nil, vsLastWeek: nil, impact: impact.map { Int64($0.rounded()) }, market: nil,
                        contributors: [], line: "", series: series, band: p.map { ($0.low, $0.high) }, unit: unit)
        f.kind = ep.kind
        f.episodeStart = ep.start
        f.size = ep.size
        f.bands = scan.points.map { $0.map { ($0.low, $0.high) } }
        if ep.start < at, ep.start < days.count { f.since = "since " + String(days[ep.start].description.dropFirst(5)) }
        return f
    }

    /// "spike", "level shift since 11-15".
    static func episodeWords(_ f: Finding) -> String {
        guard let k = f.kind else { return "" }
        // A drift is measured against the level it drifted from, which the rolling "usual"
        // has partly followed: say how far.
        let drifted = k == .drift ? f.size.map { " (\(pct($0)) on the month before)" } ?? "" : ""
        return " · " + k.rawValue + (f.since.map { " " + $0 } ?? "") + drifted
    }

    public static func format(_ v: Double?, _ unit: Metric.Unit) -> String { unit.format(v) }

    public static func pct(_ v: Double) -> String { (v >= 0 ? "+" : "") + Number.fixed(v * 100, 0) + "%" }

    /// "Paid amount ¥52,310 vs usual ¥70,100 (−25%) · only us: the market's trade index is flat · behind it: 碎花连衣裙 60%".
    static func storeLine(_ f: Finding, unit: Metric.Unit, marketMove: Double?) -> String {
        var t = "\(f.name) \(format(f.value, unit)) vs usual \(format(f.expected, unit))"
        if let v = f.value, let e = f.expected, e != 0 { t += " (\(pct(v / e - 1)))" }
        t += episodeWords(f)
        if let m = f.market {
            t += " · \(m.rawValue)"
            if let mm = marketMove { t += " (market \(pct(mm)))" }
        }
        if !f.contributors.isEmpty {
            t += " · behind it: " + f.contributors.map { "\($0.name) \(Number.fixed($0.share * 100, 0))%" }.joined(separator: ", ")
        }
        return t
    }

    /// The items whose move against their own baseline accounts for most of the store's.
    static func contributors(_ data: StoreData, day: LocalDate, uv: Bool, storeDelta: Double, baselineDays: [LocalDate]) -> [(String, Double)] {
        guard storeDelta != 0 else { return [] }
        let byItem = Dictionary(grouping: data.productDays.filter { $0.date >= baselineDays.first ?? day && $0.date <= day }, by: \.itemID)
        var deltas: [(String, Double)] = []
        for (id, rows) in byItem {
            func v(_ r: ProductDay) -> Double? { (uv ? r.uv : r.paidAmount).map(Double.init) }
            guard let today = rows.first(where: { $0.date == day }).flatMap(v) else { continue }
            let base = rows.filter { $0.date < day }.compactMap(v)
            guard !base.isEmpty else { continue }
            let d = today - Detector.median(base)
            if (d >= 0) == (storeDelta >= 0) { deltas.append((id, d)) }
        }
        let title = Dictionary(data.products.map { ($0.itemID, $0.title ?? $0.itemID) }, uniquingKeysWith: { a, _ in a })
        return deltas.sorted { abs($0.1) > abs($1.1) || (abs($0.1) == abs($1.1) && $0.0 < $1.0) }.prefix(3)
            .map { (title[$0.0] ?? $0.0, $0.1 / storeDelta) }
    }

}
