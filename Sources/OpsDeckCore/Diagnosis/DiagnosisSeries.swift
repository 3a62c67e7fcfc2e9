/// The item, keyword and agent series, the market's move and the competitor watch.
extension Diagnose {
    /// How the market moved on a day: the industry's indices (else the competitors') against
    /// their own 28-day median, as ratios of the same index (indices are not linear).
    struct MarketMove {
        enum Kind { case traffic, trade }
        var industry: [Kind: [[Double?]]] = [:]      // per category, per day
        var competitors: [Kind: [[Double?]]] = [:]

        init(_ data: StoreData, days: [LocalDate]) {
            let pos = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
            func collect<K: Hashable>(_ rows: [(K, LocalDate, Double?, Double?)]) -> [Kind: [[Double?]]] {
                var traffic: [K: [Double?]] = [:], trade: [K: [Double?]] = [:]
                for (k, d, t, s) in rows {
                    guard let i = pos[d] else { continue }
                    traffic[k, default: Array(repeating: nil, count: days.count)][i] = t
                    trade[k, default: Array(repeating: nil, count: days.count)][i] = s
                }
                return [.traffic: Array(traffic.values), .trade: Array(trade.values)]
            }
            industry = collect(data.industryDays.map { ($0.category, $0.date, $0.uvIndex, $0.tradeIndex) })
            competitors = collect(data.competitorDays.map { ($0.competitor + "/" + ($0.item ?? ""), $0.date, $0.uvIndex, $0.tradeIndex) })
        }

        func move(_ kind: Kind, at index: Int) -> Double? {
            for source in [industry, competitors] {
                let moves = (source[kind] ?? []).compactMap { s -> Double? in
                    guard let v = s[index] else { return nil }
                    let base = s[max(0, index - Detector.windowDays)..<index].compactMap { $0 }
                    guard base.count >= 7 else { return nil }
                    let m = Detector.median(base)
                    return m > 0 ? v / m - 1 : nil
                }
                if !moves.isEmpty { return Detector.median(moves) }
            }
            return nil
        }

        /// Market-wide when the market moved the same way by a third of ours or more (and at
        /// least 5%); against the market when it moved the other way by 5% or more; else only us.
        static func verdict(store s: Double, market m: Double) -> Finding.Market {
            if abs(m) >= 0.05 && (m >= 0) != (s >= 0) { return .againstMarket }
            if abs(m) >= max(0.05, abs(s) / 3) && (m >= 0) == (s >= 0) { return .marketWide }
            return .onlyUs
        }
    }

    /// One series judged on its last point: the finding when an episode includes it (its
    /// line, its money, its day and week changes), counting the series too short to judge.
    /// A series whose last point is within half the minimum change of both its month's median
    /// and its weekday's (the last four) is not scanned: nothing there could be news. The scan
    /// judges the last 28 days (the days before only feed baselines): enough to see an episode
    /// that began a month ago become the usual level.
    static func judged(_ subject: Finding.Subject, _ name: String, _ metric: String, _ values: [Double?], _ unit: Metric.Unit,
                       days: [LocalDate], excluded: Set<Int>, floors: StoreProfile.DiagnosisFloors, counts: Bool = false,
                       short: inout Int, money: (Double) -> Double, hint: (Bool) -> String) -> Finding? {
        let index = values.count - 1
        guard let last = values[index], !excluded.contains(index) else { return nil }
        let recent = values[max(0, index - Detector.windowDays)..<index].compactMap { $0 }
        if recent.count < 21 { short += 1; return nil }
        let m = Detector.median(recent)
        let weekday = stride(from: index - 7, through: max(0, index - 28), by: -7).compactMap { values[$0] }
        let w = weekday.isEmpty ? m : Detector.median(weekday)
        if m != 0 && w != 0 && abs(last / m - 1) < floors.minChange * 0.5 && abs(last / w - 1) < floors.minChange * 0.5 { return nil }
        let scan = EpisodeDetector.scan(values, from: max(0, index - Detector.windowDays + 1), excluded: excluded,
                                        settings: settings(unit, floors, counts: counts))
        if scan.points[index] == nil { short += 1; return nil }
        guard let ep = scan.current, let e = scan.points[index]?.expected else { return nil }
        let impact = money(abs(last - e))
        var f = finding(subject, name, metric, days[index], scan, at: index, ep, values, unit, impact: impact, days: days)
        f.vsYesterday = change(last, values[index - 1]); f.vsLastWeek = change(last, values[index - 7])
        f.line = "\(name) \(format(last, unit)) vs usual \(format(e, unit))" + (e != 0 ? " (\(pct(last / e - 1)))" : "") + episodeWords(f) + hint(last > e)
        return f
    }

    static func items(_ data: StoreData, days: [LocalDate], platformExcluded: Set<Int>, notes: inout [String]) -> [Finding] {
        let floors = data.profile.diagnosis
        let pos = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        let index = days.count - 1, day = days[index]
        var rows: [String: [ProductDay?]] = [:]
        for r in data.productDays { if let i = pos[r.date] { rows[r.itemID, default: Array(repeating: nil, count: days.count)][i] = r } }
        let title = Dictionary(data.products.map { ($0.itemID, $0.title ?? $0.itemID) }, uniquingKeysWith: { a, _ in a })
        var out: [Finding] = []
        var short = 0
        for (id, series) in rows.sorted(by: { $0.key < $1.key }) {
            // The item's own activities are its promotion days.
            var excluded = platformExcluded
            for (i, d) in days.enumerated() where !activities(data, on: d, item: id).isEmpty { excluded.insert(i) }
            let today = series[index]
            let uvValue: Double = {
                let amount = series.compactMap { $0?.paidAmount }.reduce(0, +), uv = series.compactMap { $0?.uv }.reduce(0, +)
                return uv > 0 ? Double(amount) / Double(uv) : 0
            }()
            let price: Double = {
                let amount = series.compactMap { $0?.paidAmount }.reduce(0, +), units = series.compactMap { $0?.paidUnits }.reduce(0, +)
                return units > 0 ? Double(amount) / Double(units) : 0
            }()
            let metrics: [(String, [Double?], Metric.Unit, (Double) -> Double)] = [
                ("UV", series.map { $0?.uv.map(Double.init) }, .count, { $0 * uvValue }),
                ("paid units", series.map { $0?.paidUnits.map(Double.init) }, .count, { $0 * price }),
                ("main-image CTR", series.map { r in r.flatMap { Formula.ratio($0.searchClicks, $0.searchImpressions) } }, .rate,
                 { $0 * Double(today?.searchImpressions ?? 0) * uvValue }),
            ]
            for (metric, values, unit, money) in metrics {
                if let f = judged(.item, "\(title[id] ?? id) · \(metric)", metric, values, unit, days: days, excluded: excluded, floors: floors,
                                  counts: unit == .count, short: &short, money: money,
                                  hint: { up in metric == "main-image CTR" && !up ? " · check the main image and the search ranking" : "" }),
                   (f.impact ?? 0) >= floors.minMoney {
                    out.append(f)
                }
            }
        }
        if short > 0 { notes.append("\(short) item series have too little history to judge.") }
        return out
    }

    static func keywords(_ data: StoreData, days: [LocalDate], excluded: Set<Int>, notes: inout [String]) -> [Finding] {
        let pos = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        let index = days.count - 1, day = days[index]
        // One pass: a whole-day row wins over the day's hours.
        struct Day { var impressions: Int64 = 0, clicks: Int64 = 0, cost: Int64 = 0, revenue: Int64 = 0; var whole = false }
        // One flat table, a row of days per keyword, filled in place (a dictionary of arrays
        // would copy a keyword's array for each of its rows).
        var slot: [String: Int] = [:]
        var ids: [String] = []
        var cells: [Day?] = []
        for r in data.keywordDays {
            guard let i = pos[r.date] else { continue }
            let k: Int
            if let known = slot[r.keywordID] { k = known } else {
                k = ids.count
                slot[r.keywordID] = k
                ids.append(r.keywordID)
                cells.append(contentsOf: repeatElement(nil, count: days.count))
            }
            let c = k * days.count + i
            var d = cells[c] ?? Day()
            if r.hour == nil {
                d = Day(impressions: r.impressions ?? 0, clicks: r.clicks ?? 0, cost: r.cost ?? 0, revenue: r.revenue ?? 0, whole: true)
            } else if !d.whole {
                d.impressions += r.impressions ?? 0; d.clicks += r.clicks ?? 0; d.cost += r.cost ?? 0; d.revenue += r.revenue ?? 0
            }
            cells[c] = d
        }
        let table = ids.enumerated().map { k, id in (key: id, value: Array(cells[(k * days.count)..<((k + 1) * days.count)])) }
        let word = Dictionary(data.keywords.map { ($0.keywordID, $0.word) }, uniquingKeysWith: { a, _ in a })
        let floors = data.profile.diagnosis
        var out: [Finding] = []
        var short = 0, quiet = 0
        for (id, series) in table.sorted(by: { $0.key < $1.key }) {
            let today = series[index]
            // Too little volume to be news: a keyword needs the clicks or the spend on the day.
            guard let t = today, t.clicks >= floors.minClicks || t.cost >= floors.minSpend else { quiet += 1; continue }
            // Its rates only on days with enough clicks: a CTR of one click in a thousand
            // impressions is chance, not a level.
            let rated = series.map { d in d.flatMap { $0.clicks >= max(1, floors.minClicks / 3) ? $0 : nil } }
            let cpc = rated.map { d in d.flatMap { $0.clicks > 0 ? Double($0.cost) / Double($0.clicks) : nil } }
            let usualCPC = cpc.contains { $0 != nil } ? Detector.median(cpc.compactMap { $0 }) : 0
            let metrics: [(String, [Double?], Metric.Unit, (Double) -> Double)] = [
                ("cost", series.map { $0.map { Double($0.cost) } }, .money, { $0 }),
                ("CPC", cpc, .money, { $0 * Double(today?.clicks ?? 0) }),
                ("CTR", rated.map { d in d.flatMap { $0.impressions > 0 ? Double($0.clicks) / Double($0.impressions) : nil } }, .rate,
                 { $0 * Double(today?.impressions ?? 0) * usualCPC }),
                ("ROI", rated.map { d in d.flatMap { $0.cost > 0 ? Double($0.revenue) / Double($0.cost) : nil } }, .ratio, { $0 * Double(today?.cost ?? 0) }),
            ]
            for (metric, values, unit, money) in metrics {
                let hint: (Bool) -> String = { up in
                    switch (metric, up) {
                    case ("CPC", true): " · a rival may be bidding up: check the rank before raising"
                    case ("ROI", false): " · look at the bid and the landing item"
                    case ("cost", true): " · check the plan's budget pace"
                    default: ""
                    }
                }
                // Keywords' counts are not judged as counts: their figures here are money and rates.
                if let f = judged(.keyword, "「\(word[id] ?? id)」 · \(metric)", metric, values, unit, days: days, excluded: excluded,
                                  floors: floors, short: &short, money: money, hint: hint) {
                    out.append(f)
                }
            }
        }
        if short > 0 { notes.append("\(short) keyword series have too little history to judge.") }
        if quiet > 0 { notes.append("\(quiet) keywords had fewer than \(floors.minClicks) clicks and less than \(Money.format(floors.minSpend)) of spend on the day: not judged.") }
        return out
    }

    static func agents(_ data: StoreData, days: [LocalDate], notes: inout [String]) -> [Finding] {
        let pos = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        let index = days.count - 1, day = days[index]
        var table: [String: [AgentDay?]] = [:]
        for r in data.agentDays { if let i = pos[r.date] { table[r.agent, default: Array(repeating: nil, count: days.count)][i] = r } }
        let aov = KPIEngine.wholeDay(data, day).flatMap { Formula.avgOrderValue(paidAmount: $0.paidAmount, paidBuyers: $0.paidBuyers) }.map(Double.init) ?? 0
        var out: [Finding] = []
        for (agent, series) in table.sorted(by: { $0.key < $1.key }) {
            let inquiries = Double(series[index]?.inquiryBuyers ?? 0)
            let metrics: [(String, [Double?], Metric.Unit, (Double) -> Double)] = [
                ("first response s", series.map { $0?.firstResponseSeconds }, .ratio, { $0 / 60 * inquiries * aov * 0.05 }),
                ("avg response s", series.map { $0?.avgResponseSeconds }, .ratio, { $0 / 60 * inquiries * aov * 0.05 }),
                ("inquiry conversion", series.map { r in r.flatMap { Formula.ratio($0.inquiryPaidBuyers, $0.inquiryBuyers) } }, .rate, { $0 * inquiries * aov }),
            ]
            var short = 0   // agents come and go: their short series are not worth a note
            for (metric, values, unit, money) in metrics {
                if let f = judged(.agent, "\(agent) · \(metric)", metric, values, unit, days: days, excluded: [], floors: data.profile.diagnosis,
                                  short: &short, money: money,
                                  hint: { up in metric.hasSuffix("response s") && up ? " · check their online hours and queue" : "" }),
                   (f.impact ?? 0) >= data.profile.diagnosis.minMoney {
                    out.append(f)
                }
            }
        }
        return out
    }

    /// Price changes of 5% or more, activities joined or left, and index jumps (×1.5 or ÷1.5
    /// against the item's own 7-day median), on the judged day.
    static func competitorWatch(_ data: StoreData, day: LocalDate) -> [Finding] {
        var out: [Finding] = []
        let byItem = Dictionary(grouping: data.competitorDays) { $0.competitor + "\u{1F}" + ($0.item ?? "") }
        for key in byItem.keys.sorted() {
            let rows = byItem[key]!.sorted { $0.date < $1.date }
            guard let today = rows.last(where: { $0.date == day }) else { continue }
            let before = rows.last { $0.date < day }
            let name = today.competitor + (today.item.map { " · " + $0 } ?? "")
            func add(_ metric: String, _ line: String, score: Double?) {
                out.append(Finding(subject: .competitor, name: name, metric: metric, date: day, value: nil, expected: nil, score: score,
                                   direction: nil, vsYesterday: nil, vsLastWeek: nil, impact: nil, market: nil, contributors: [],
                                   line: line, series: [], band: nil, unit: .ratio))
            }
            if let p = today.price, let q = before?.price, q > 0 {
                let c = Double(p - q) / Double(q)
                if abs(c) >= 0.05 { add("price", "\(name): price \(Money.format(q)) → \(Money.format(p)) (\(pct(c))) · compare ours and our coupons", score: c * 10) }
            }
            let was = before?.activity.flatMap { $0.isEmpty ? nil : $0 }, now = today.activity.flatMap { $0.isEmpty ? nil : $0 }
            if let now, was != now { add("activity", "\(name) joined \(now)" + (was.map { " (was \($0))" } ?? "") + " · expect its traffic to rise", score: 5) }
            if let was, now == nil { add("activity", "\(name) left \(was)", score: 4) }
            for (label, v) in [("traffic index", \CompetitorDay.uvIndex), ("trade index", \CompetitorDay.tradeIndex)] {
                let base = rows.filter { $0.date < day && $0.date >= day.adding(days: -7) }.compactMap { $0[keyPath: v] }
                guard let x = today[keyPath: v], base.count >= 4 else { continue }
                let m = Detector.median(base)
                guard m > 0 else { continue }
                let r = x / m
                if r >= 1.5 || r <= 1 / 1.5 { add(label, "\(name): \(label) ×\(Number.fixed(r, 2)) of its 7-day median", score: r) }
            }
        }
        return out
    }
}
