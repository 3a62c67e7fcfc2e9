/// Growth goals from `store.toml` ("main-image CTR to 6% by Friday") and how they stand:
/// the value on the last whole day, the gap, the days left, and whether the 7-day trend
/// reaches the target by the deadline.
public struct Goal: Sendable, Equatable {
    public var metric: Metric
    /// In the metric's unit: a fraction for rates, fen for money, a plain number otherwise.
    public var target: Double
    public var deadline: LocalDate
    public var item: String?
    public var name: String?
    /// Whether higher is better; from the metric unless the store says otherwise.
    public var upIsGood: Bool

    public init(metric: Metric, target: Double, deadline: LocalDate, item: String? = nil, name: String? = nil, upIsGood: Bool? = nil) {
        self.metric = metric; self.target = target; self.deadline = deadline; self.item = item; self.name = name
        self.upIsGood = upIsGood ?? metric.upIsGood
    }

    /// "Main-image CTR 6.00% by 2026-11-27 (item 6011…)" unless the store named it.
    public var title: String {
        if let name, !name.isEmpty { return name }
        return "\(metric.label) \(metric.format(target)) by \(deadline)" + (item.map { " · item \($0)" } ?? "")
    }
}

/// A day's figure by name: what goals are set on and what the report lists.
public enum Metric: String, Sendable, CaseIterable {
    case uv, paidBuyers = "paid_buyers", paidAmount = "paid_amount", paidUnits = "paid_units", conversionRate = "conversion_rate"
    case avgOrderValue = "avg_order_value", cartRate = "cart_rate", favoriteRate = "favorite_rate"
    case mainImageCTR = "main_image_ctr", adSpend = "ad_spend", roi, ctr, cpc, inquiryConversion = "inquiry_conversion"
    case refundAmount = "refund_amount"

    public enum Unit: Sendable {
        case count, money, rate, ratio

        /// 10,638 · ¥52.30 · 3.47% · 2.50; "—" for unknown.
        public func format(_ v: Double?) -> String {
            guard let v, v.isFinite else { return "—" }
            switch self {
            case .count: return Number.grouped(Int64(v.rounded()))
            case .money: return Money.format(Int64(v.rounded()))
            case .rate: return Number.fixed(v * 100, 2) + "%"
            case .ratio: return Number.fixed(v, 2)
            }
        }
    }

    public var unit: Unit {
        switch self {
        case .uv, .paidUnits, .paidBuyers: .count
        case .paidAmount, .avgOrderValue, .cpc, .adSpend, .refundAmount: .money
        case .conversionRate, .cartRate, .favoriteRate, .mainImageCTR, .ctr, .inquiryConversion: .rate
        case .roi: .ratio
        }
    }

    public var upIsGood: Bool { ![.cpc, .adSpend, .refundAmount].contains(self) }

    /// Metrics that can be set for one item (product_daily.csv).
    public var perItem: Bool { [.uv, .paidBuyers, .paidAmount, .paidUnits, .conversionRate, .cartRate, .favoriteRate, .mainImageCTR].contains(self) }

    public var labelZH: String {
        switch self {
        case .uv: "访客数"
        case .paidBuyers: "支付买家数"
        case .paidAmount: "支付金额"
        case .paidUnits: "支付件数"
        case .conversionRate: "支付转化率"
        case .avgOrderValue: "客单价"
        case .cartRate: "加购率"
        case .favoriteRate: "收藏率"
        case .mainImageCTR: "搜索点击率"
        case .adSpend: "推广花费"
        case .refundAmount: "成功退款金额"
        case .roi: "投入产出比"
        case .ctr: "推广点击率"
        case .cpc: "平均点击花费"
        case .inquiryConversion: "询单转化率"
        }
    }

    public var label: String {
        switch self {
        case .uv: "UV"
        case .paidBuyers: "Paid buyers"
        case .paidAmount: "Paid amount"
        case .paidUnits: "Paid units"
        case .conversionRate: "Conversion"
        case .avgOrderValue: "AOV"
        case .cartRate: "Cart rate"
        case .favoriteRate: "Favorite rate"
        case .mainImageCTR: "Main-image CTR"
        case .adSpend: "Ad spend"
        case .refundAmount: "Refunds"
        case .roi: "ROI"
        case .ctr: "Ad CTR"
        case .cpc: "CPC"
        case .inquiryConversion: "Inquiry conversion"
        }
    }

    public func format(_ v: Double?) -> String { unit.format(v) }

    /// A difference in this metric's unit ("0.85 pt" for rates).
    public func formatGap(_ v: Double) -> String {
        switch unit {
        case .rate: return Number.fixed(v * 100, 2) + " pt"
        default: return format(v)
        }
    }

    /// Every store metric of a date at once (the keyword report is summed once, not per metric).
    /// `ads: false` leaves the advertising figures out, and the keyword report unread: the
    /// diagnosis asks for 63 days of store figures, and a store of 10,000 keywords has
    /// 600,000 keyword rows to sum for each.
    public static func storeValues(_ data: StoreData, on date: LocalDate, ads withAds: Bool = true) -> [Metric: Double] {
        var out: [Metric: Double] = [:]
        let kw = withAds ? KPIEngine.keywordTotals(data, on: date) : KPIEngine.KeywordTotals(byKeyword: [:])
        let ads = kw.byKeyword.isEmpty ? nil : KPIEngine.ads(kw)
        for m in Metric.allCases {
            switch m {
            case .adSpend: out[m] = ads?.cost.map(Double.init)
            case .roi: out[m] = ads?.roi
            case .ctr: out[m] = ads?.ctr
            case .cpc: out[m] = ads?.cpc.map(Double.init)
            default: out[m] = m.value(data, on: date, item: nil)
            }
        }
        return out
    }

    /// The metric's whole-day value on a date (unknown when the rows or columns are missing).
    public func value(_ data: StoreData, on date: LocalDate, item: String?) -> Double? {
        func ratio(_ a: Int64?, _ b: Int64?) -> Double? { Formula.ratio(a, b) }
        if let item {
            guard perItem, let d = data.productDays.last(where: { $0.date == date && $0.itemID == item }) else { return nil }
            switch self {
            case .uv: return d.uv.map(Double.init)
            case .paidBuyers: return d.paidBuyers.map(Double.init)
            case .paidAmount: return d.paidAmount.map(Double.init)
            case .paidUnits: return d.paidUnits.map(Double.init)
            case .conversionRate: return ratio(d.paidBuyers, d.uv)
            case .cartRate: return ratio(d.cartBuyers, d.uv)
            case .favoriteRate: return ratio(d.favoriteBuyers, d.uv)
            case .mainImageCTR: return ratio(d.searchClicks, d.searchImpressions)
            default: return nil
            }
        }
        switch self {
        case .uv, .paidBuyers, .paidAmount, .conversionRate, .avgOrderValue, .cartRate, .favoriteRate, .refundAmount:
            guard let d = KPIEngine.wholeDay(data, date) else { return nil }
            switch self {
            case .uv: return d.uv.map(Double.init)
            case .paidBuyers: return d.paidBuyers.map(Double.init)
            case .refundAmount: return d.refundAmount.map(Double.init)
            case .paidAmount: return d.paidAmount.map(Double.init)
            case .conversionRate: return ratio(d.paidBuyers, d.uv)
            case .avgOrderValue: return Formula.avgOrderValue(paidAmount: d.paidAmount, paidBuyers: d.paidBuyers).map(Double.init)
            case .cartRate: return ratio(d.cartBuyers, d.uv)
            default: return ratio(d.favoriteBuyers, d.uv)
            }
        case .paidUnits, .mainImageCTR:
            let days = data.productDays.filter { $0.date == date }
            guard !days.isEmpty else { return nil }
            if self == .paidUnits { return Formula.sum(days.map(\.paidUnits)).map(Double.init) }
            return ratio(Formula.sum(days.map(\.searchClicks)), Formula.sum(days.map(\.searchImpressions)))
        case .roi, .ctr, .cpc, .adSpend:
            let t = KPIEngine.keywordTotals(data, on: date)
            guard !t.byKeyword.isEmpty else { return nil }
            let ads = KPIEngine.ads(t)
            switch self {
            case .adSpend: return ads.cost.map(Double.init)
            case .roi: return ads.roi
            case .ctr: return ads.ctr
            default: return ads.cpc.map(Double.init)
            }
        case .inquiryConversion:
            return KPIEngine.service(data, on: date).inquiryConversion
        }
    }
}

public struct GoalProgress: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        case reached
        /// The trend reaches the target by the deadline.
        case onTrack
        /// The trend does not: flagged.
        case willMiss
        /// The deadline has passed without reaching it.
        case missed
        /// Too few days of data to tell a trend.
        case unknownPace
    }
    public var goal: Goal
    /// The last whole day with a value, and that value.
    public var day: LocalDate?
    public var current: Double?
    /// Target minus current, signed so that positive is still to go.
    public var gap: Double?
    public var daysLeft: Int
    /// Change per day over the last 7 whole days (least squares), and where it lands.
    public var slopePerDay: Double?
    public var projected: Double?
    public var verdict: Verdict
    /// The last 14 whole days, for a sparkline.
    public var history: [Double?]
}

public enum Goals {
    /// Where each goal stands as of `now`: today is not whole yet, so the last whole day counts.
    public static func progress(_ goals: [Goal], data: StoreData, now: LocalTime) -> [GoalProgress] {
        goals.map { progress($0, data: data, now: now) }
    }

    public static func progress(_ g: Goal, data: StoreData, now: LocalTime) -> GoalProgress {
        let today = now.date
        let days = (1...14).reversed().map { today.adding(days: -$0) }
        let history = days.map { g.metric.value(data, on: $0, item: g.item) }
        let lastIndex = history.lastIndex { $0 != nil }
        let day = lastIndex.map { days[$0] }
        let current = lastIndex.flatMap { history[$0] }
        let daysLeft = g.deadline.days(since: today)
        let meets: (Double) -> Bool = { g.upIsGood ? $0 >= g.target : $0 <= g.target }
        let gap = current.map { g.upIsGood ? g.target - $0 : $0 - g.target }
        // The trend of the last 7 whole days, with at least 4 of them known.
        let recent = Array(zip(days.indices, history).suffix(7)).compactMap { i, v in v.map { (Double(i), $0) } }
        var slope: Double?
        if recent.count >= 4 {
            let mx = recent.map(\.0).reduce(0, +) / Double(recent.count)
            let my = recent.map(\.1).reduce(0, +) / Double(recent.count)
            let sxx = recent.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
            let sxy = recent.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
            slope = sxx > 0 ? sxy / sxx : nil
        }
        var projected: Double?
        if let slope, let current, let day { projected = current + slope * Double(g.deadline.days(since: day)) }
        let verdict: GoalProgress.Verdict
        if let current, meets(current) { verdict = .reached }
        else if daysLeft < 0 { verdict = .missed }
        else if let projected { verdict = meets(projected) ? .onTrack : .willMiss }
        else { verdict = .unknownPace }
        return GoalProgress(goal: g, day: day, current: current, gap: gap, daysLeft: daysLeft, slopePerDay: slope,
                            projected: projected, verdict: verdict, history: history)
    }
}

/// ▁▂▃▄▅▆▇█ scaled to the series' own range; a gap for an unknown point.
public enum Sparkline {
    public static func text(_ v: [Double?]) -> String {
        let known = v.compactMap { $0 }
        guard let lo = known.min(), let hi = known.max() else { return String(repeating: " ", count: v.count) }
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(v.map { x -> Character in
            guard let x else { return " " }
            return hi == lo ? "▄" : bars[min(7, Int((x - lo) / (hi - lo) * 7.999))]
        })
    }
}

/// Fixed-point text for reports and labels, without Foundation's formatter.
public enum Number {
    /// 10,638.
    public static func grouped(_ v: Int64) -> String {
        var d = String(v.magnitude), out = ""
        while d.count > 3 { out = "," + d.suffix(3) + out; d.removeLast(3) }
        return (v < 0 ? "-" : "") + d + out
    }

    public static func fixed(_ v: Double, _ places: Int) -> String {
        guard v.isFinite else { return "—" }
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let n = Int64((v * Double(scale)).rounded())
        let sign = n < 0 ? "-" : ""
        let a = n.magnitude
        if places == 0 { return sign + String(a) }
        let frac = String(a % UInt64(scale))
        return sign + String(a / UInt64(scale)) + "." + String(repeating: "0", count: places - frac.count) + frac
    }
}
