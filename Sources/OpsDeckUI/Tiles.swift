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
}

public enum Tiles {
    public static func build(_ s: AppState) -> [Tile] {
        let l = s.lang, d = s.day, data = s.data
        let series = Series(data, through: d)
        let days = (0...14).map { d.adding(days: -14 + $0) }
        func storeTile(_ label: String, _ f: (StoreDay) -> Double?, _ show: (Double?) -> String, upIsGood: Bool = true, target: Double? = nil) -> Tile {
            let h = days.map { series.day($0).flatMap(f) }
            let today = h.last!, y = h[13], w = h[7]
            var role = Role.text
            if let target, let today { role = (upIsGood ? today >= target : today <= target) ? .good : .warn }
            return Tile(label: label, value: show(today), vsYesterday: Panes.change(today, y), vsLastWeek: Panes.change(today, w),
                        history: h, role: role, upIsGood: upIsGood)
        }
        // Promotion figures per day from the keyword report.
        var adDays: [LocalDate: (cost: Int64?, revenue: Int64?)] = [:]
        for day in days {
            let t = KPIEngine.keywordTotals(data, on: day, upTo: day == d ? s.now : nil)
            let v = Array(t.byKeyword.values)
            adDays[day] = (Formula.sum(v.map(\.cost)), Formula.sum(v.map(\.revenue)))
        }
        func adTile(_ label: String, _ f: (Int64?, Int64?) -> Double?, _ show: (Double?) -> String, target: Double? = nil, upIsGood: Bool = true) -> Tile {
            let h = days.map { adDays[$0].flatMap { f($0.cost, $0.revenue) } }
            var role = Role.text
            if let target, let v = h.last!, v < target { role = .warn }
            return Tile(label: label, value: show(h.last!), vsYesterday: Panes.change(h.last!, h[13]), vsLastWeek: Panes.change(h.last!, h[7]),
                        history: h, role: role, upIsGood: upIsGood)
        }
        let budget = data.campaigns.compactMap(\.dailyBudget).reduce(0, +)
        var spend = adTile(l("Spend", "花费"), { c, _ in c.map(Double.init) }, { Fmt.money($0.map { Int64($0) }) }, upIsGood: false)
        if budget > 0 { spend.value += " / " + String(Fmt.money(budget).dropLast(3)) }
        let agentDays = Dictionary(grouping: data.agentDays) { $0.date }
        let inquiry = days.map { day -> Double? in
            let rows = agentDays[day] ?? []
            return Formula.inquiryConversion(paid: Formula.sum(rows.map(\.inquiryPaidBuyers)), inquiries: Formula.sum(rows.map(\.inquiryBuyers)))
        }
        let t = data.profile.targets
        return [
            storeTile(l("UV 访客", "访客数"), { $0.uv.map(Double.init) }, { Fmt.count($0.map { Int64($0) }) }),
            storeTile(l("Conversion", "转化率"), { Formula.conversionRate(paidBuyers: $0.paidBuyers, uv: $0.uv) }, { Fmt.percent($0, places: 2) }, target: t.conversionRate),
            storeTile(l("Paid amount", "支付金额"), { $0.paidAmount.map(Double.init) }, { Fmt.money($0.map { Int64($0) }) }, target: t.dailyGMV.map(Double.init)),
            storeTile(l("AOV", "客单价"), { Formula.avgOrderValue(paidAmount: $0.paidAmount, paidBuyers: $0.paidBuyers).map(Double.init) }, { Fmt.money($0.map { Int64($0) }) }),
            adTile("ROI", { c, r in Formula.roi(revenue: r, cost: c) }, { Fmt.ratio($0) }, target: t.roi),
            spend,
            storeTile(l("Refunds/GMV", "退款占比"), { r in r.refundAmount.flatMap { ra in r.paidAmount.flatMap { $0 > 0 ? Double(ra) / Double($0) : nil } } },
                      { _ in Fmt.percent(s.kpi.store.refundRate30d, places: 2) + l(" 30d", " 30天") }, upIsGood: false),
            Tile(label: l("Inquiry conv.", "询单转化"), value: Fmt.percent(inquiry.last!), vsYesterday: Panes.change(inquiry.last!, inquiry[13]),
                 vsLastWeek: Panes.change(inquiry.last!, inquiry[7]), history: inquiry,
                 role: t.inquiryConversion.flatMap { tg in inquiry.last!.map { $0 < tg ? Role.warn : .good } } ?? .text, upIsGood: true),
        ]
    }

    /// ▁▂▃▄▅▆▇█ scaled to the series' own range; a gap for an unknown day.
    public static func sparkline(_ v: [Double?]) -> String {
        let known = v.compactMap { $0 }
        guard let lo = known.min(), let hi = known.max() else { return String(repeating: " ", count: v.count) }
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(v.map { x -> Character in
            guard let x else { return " " }
            if hi == lo { return "▄" }
            return bars[min(7, Int((x - lo) / (hi - lo) * 7.999))]
        })
    }
}
