import OpsDeckCore

/// A KPI tile: the day's value, its change vs yesterday and vs the same weekday last week,
/// and a 14-day sparkline.
public struct Tile: Sendable, Equatable {
    public var label: String
    public var value: String
    public var vsYesterday: Double?
    public var vsLastWeek: Double?
    public var history: [Double?]      // oldest first, the as-of date last
    public var role: Role
    /// Higher is better (colours the changes).
    public var upIsGood: Bool
    /// The diagnosis found the last whole day of this figure anomalous.
    public var flag = false
}

public enum Tiles {
    /// Today is compared with earlier days at the same time of day (`SameTime`): volumes
    /// (visitors, paid amount, spend) only that way, unknown when an earlier day has no hourly
    /// rows; rates from the same hours when there are some, else from whole days. The
    /// sparklines are whole days, today's volume left blank until the day is over.
    public static func build(_ s: AppState) -> [Tile] {
        let l = s.lang, d = s.day, data = s.data
        let series = Series(data, through: d)
        let days = (0...14).map { d.adding(days: -14 + $0) }
        let yesterday = days[13], lastWeek = days[7]
        let cut = cut(s)
        let store = [d, yesterday, lastWeek].map { SameTime.store(data.storeDays, on: $0, cut: cut, dayInProgress: $0 == d) }
        let ads = [d, yesterday, lastWeek].map { SameTime.ads(data.keywordDays, on: $0, cut: cut, dayInProgress: $0 == d) }

        /// `f` on whole days for the history; the changes from `same` when given.
        func tile(_ label: String, history: [Double?], value: String, same: [Double?]? = nil, volume: Bool = false,
                  role: Role = .text, upIsGood: Bool = true) -> Tile {
            let h = history, today = h.last!
            let now = same.map { $0[0] } ?? today
            let y = same.map { $0[1] } ?? (volume ? nil : h[13]), w = same.map { $0[2] } ?? (volume ? nil : h[7])
            var shown = h
            if volume { shown[14] = nil }
            return Tile(label: label, value: value, vsYesterday: Panes.change(now, y), vsLastWeek: Panes.change(now, w),
                        history: shown, role: role, upIsGood: upIsGood)
        }
        func storeHistory(_ f: (StoreDay) -> Double?) -> [Double?] { days.map { series.day($0).flatMap(f) } }
        func sameStore(_ f: (SameTime.Store) -> Double?) -> [Double?]? {
            let v = store.map { $0.flatMap(f) }
            return v.allSatisfy({ $0 == nil }) ? nil : v
        }
        func targetRole(_ v: Double?, _ target: Double?, upIsGood: Bool = true) -> Role {
            guard let v, let target else { return .text }
            return (upIsGood ? v >= target : v <= target) ? .good : .warn
        }
        let t = data.profile.targets

        let uv = storeHistory { $0.uv.map(Double.init) }
        let conv = storeHistory { Formula.conversionRate(paidBuyers: $0.paidBuyers, uv: $0.uv) }
        let amount = storeHistory { $0.paidAmount.map(Double.init) }
        let aov = storeHistory { Formula.avgOrderValue(paidAmount: $0.paidAmount, paidBuyers: $0.paidBuyers).map(Double.init) }

        // Promotion figures per whole day from the keyword report (today: so far).
        let adDays = days.map { day -> (cost: Int64?, revenue: Int64?) in
            let v = Array(KPIEngine.keywordTotals(data, on: day, upTo: day == d ? s.now : nil).byKeyword.values)
            return (Formula.sum(v.map(\.cost)), Formula.sum(v.map(\.revenue)))
        }
        let roi = adDays.map { Formula.roi(revenue: $0.revenue, cost: $0.cost) }
        let cost = adDays.map { $0.cost.map(Double.init) }
        let sameROI = ads.allSatisfy({ $0 == nil }) ? nil : ads.map { $0.flatMap { Formula.roi(revenue: $0.revenue, cost: $0.cost) } }
        let sameCost = ads.map { $0?.cost.map(Double.init) }

        let budget = data.campaigns.compactMap(\.dailyBudget).reduce(0, +)
        var spendValue = Fmt.money(adDays[14].cost)
        if budget > 0 { spendValue += " / " + String(Fmt.money(budget).dropLast(3)) }

        let agentDays = Dictionary(grouping: data.agentDays) { $0.date }
        let inquiry = days.map { day -> Double? in
            let rows = agentDays[day] ?? []
            return Formula.inquiryConversion(paid: Formula.sum(rows.map(\.inquiryPaidBuyers)), inquiries: Formula.sum(rows.map(\.inquiryBuyers)))
        }
        let refundShare = storeHistory { r in r.refundAmount.flatMap { ra in r.paidAmount.flatMap { $0 > 0 ? Double(ra) / Double($0) : nil } } }

        var tiles = [
            tile(l("UV 访客", "访客数"), history: uv, value: Fmt.count(uv[14].map { Int64($0) }),
                 same: store.map { $0?.uv.map(Double.init) }, volume: true),
            tile(l("Conversion", "转化率"), history: conv, value: Fmt.percent(conv[14], places: 2),
                 same: sameStore { Formula.conversionRate(paidBuyers: $0.paidBuyers, uv: $0.uv) }, role: targetRole(conv[14], t.conversionRate)),
            tile(l("Paid amount", "支付金额"), history: amount, value: Fmt.money(amount[14].map { Int64($0) }),
                 same: store.map { $0?.paidAmount.map(Double.init) }, volume: true),
            tile(l("AOV", "客单价"), history: aov, value: Fmt.money(aov[14].map { Int64($0) }),
                 same: sameStore { Formula.avgOrderValue(paidAmount: $0.paidAmount, paidBuyers: $0.paidBuyers).map(Double.init) }),
            tile("ROI", history: roi, value: Fmt.ratio(roi[14]), same: sameROI,
                 role: t.roi.flatMap { tg in roi[14].map { $0 < tg ? Role.warn : .text } } ?? .text),
            tile(l("Spend", "花费"), history: cost, value: spendValue, same: sameCost, volume: true, upIsGood: false),
            tile(l("Refunds/GMV", "退款占比"), history: refundShare, value: Fmt.percent(s.kpi.store.refundRate30d, places: 2) + l(" 30d", " 30天"),
                 volume: true, upIsGood: false),
            tile(l("Inquiry conv.", "询单转化"), history: inquiry, value: Fmt.percent(inquiry[14]),
                 role: targetRole(inquiry[14], t.inquiryConversion)),
        ]
        // The diagnosis' flags, tile by tile (nil: no store series behind the tile).
        let flagged: [Metric?] = [.uv, .conversionRate, .paidAmount, .avgOrderValue, nil, nil, .refundAmount, nil]
        for (i, m) in flagged.enumerated() where i < tiles.count { tiles[i].flag = m.map { s.diagnosis?.flagged.contains($0) ?? false } ?? false }
        return tiles
    }

    /// Where today is cut for comparisons: now, or the end of the last hour the store report
    /// has when the export is behind.
    public static func cut(_ s: AppState) -> SameTime.Cut {
        let last = s.data.storeDays.lazy.filter { $0.date == s.day }.compactMap(\.hour).max()
        return SameTime.cut(now: s.now, lastHourInData: last)
    }

    /// ▁▂▃▄▅▆▇█ scaled to the series' own range; a gap for an unknown day.
    public static func sparkline(_ v: [Double?]) -> String { Sparkline.text(v) }
}
