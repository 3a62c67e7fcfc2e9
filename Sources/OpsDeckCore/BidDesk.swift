/// The bid desk's table: every keyword with its plan and its numbers, today's (so far) and
/// the last 7 whole days', built once per data snapshot (not per key press).
public struct BidRow: Sendable, Equatable {
    public struct Stats: Sendable, Equatable {
        public var impressions: Int64 = 0, clicks: Int64 = 0, cost: Int64 = 0, orders: Int64 = 0, revenue: Int64 = 0
        public var ctr: Double? { Formula.ctr(clicks: clicks, impressions: impressions) }
        public var cpc: Int64? { Formula.cpc(cost: cost, clicks: clicks) }
        public var roi: Double? { Formula.roi(revenue: revenue, cost: cost) }
    }
    public var keyword: Keyword
    public var campaignName: String
    public var campaignBudget: Int64?
    /// The plan's rank target, for keywords without their own.
    public var planTargetRank: ClosedRange<Int>?
    /// The plan's time-of-day discounts (分时折扣).
    public var schedule: [TimeSlotDiscount] = []
    public var today = Stats()
    public var week = Stats()
}

public enum BidDesk {
    public static func rows(_ data: StoreData, at now: LocalTime) -> [BidRow] {
        let campaigns = Dictionary(data.campaigns.map { ($0.campaignID, $0) }, uniquingKeysWith: { a, _ in a })
        let today = now.date, weekStart = today.adding(days: -7)
        // One pass: whole-day rows win over hourly rows of the same keyword-day.
        var todayStats: [String: BidRow.Stats] = [:]
        var weekWhole: [String: [LocalDate: BidRow.Stats]] = [:]
        var weekHourly: [String: [LocalDate: BidRow.Stats]] = [:]
        func add(_ s: inout BidRow.Stats, _ r: KeywordDay) {
            s.impressions += r.impressions ?? 0; s.clicks += r.clicks ?? 0; s.cost += r.cost ?? 0
            s.orders += r.orders ?? 0; s.revenue += r.revenue ?? 0
        }
        for r in data.keywordDays where r.date >= weekStart && r.date <= today {
            if r.date == today {
                if r.hour.map({ $0 <= now.hour }) ?? true { add(&todayStats[r.keywordID, default: .init()], r) }
            } else if r.hour == nil {
                add(&weekWhole[r.keywordID, default: [:]][r.date, default: .init()], r)
            } else {
                add(&weekHourly[r.keywordID, default: [:]][r.date, default: .init()], r)
            }
        }
        return data.keywords.map { k in
            let c = campaigns[k.campaignID]
            var row = BidRow(keyword: k, campaignName: c?.name ?? k.campaignID, campaignBudget: c?.dailyBudget)
            row.planTargetRank = c?.targetRank
            row.schedule = c?.schedule ?? []
            row.today = todayStats[k.keywordID] ?? .init()
            let days = (weekHourly[k.keywordID] ?? [:]).merging(weekWhole[k.keywordID] ?? [:]) { _, whole in whole }
            for s in days.values {
                row.week.impressions += s.impressions; row.week.clicks += s.clicks; row.week.cost += s.cost
                row.week.orders += s.orders; row.week.revenue += s.revenue
            }
            return row
        }
    }

    /// The discount in force at a time of day: 100 for a plan without a schedule, 0 (off) in
    /// a half hour a schedule leaves out.
    public static func discount(_ schedule: [TimeSlotDiscount], at t: LocalTime) -> Int {
        guard !schedule.isEmpty else { return 100 }
        let minute = t.secondOfDay / 60
        return schedule.first { $0.start.minutes <= minute && minute < $0.end.minutes }?.percent ?? 0
    }

    /// What a bid costs at most right now: the bid × the current slot's discount, to the fen.
    public static func effectiveBid(_ bid: Int64?, schedule: [TimeSlotDiscount], at t: LocalTime) -> Int64? {
        bid.flatMap { Money.divide($0 * Int64(discount(schedule, at: t)), by: 100) }
    }

    /// Mobile rank buckets, best first (keywords.csv `rank`).
    public static let rankBuckets = ["1", "2-3", "4-6", "7-10", "11-15", "16-20", "20+"]

    /// The rule behind `r`, in words the operator can check, over enough clicks to judge
    /// (`min_clicks` in 7 days, 20 by default), in steps of 10%:
    /// - lower a keyword that loses money: ROI under break-even (1 / margin, or 1.0), or no sale;
    /// - raise one that ranks below its target (its `target_rank`, else its plan's, else the
    ///   top 6) while its ROI is at or above the target ROI;
    /// - lower one that ranks above its target: it pays for positions it does not need.
    public static func suggestion(_ row: BidRow, bid: Int64, targetROI: Double?, rules: BidRules) -> (bid: Int64, reason: String)? {
        let target = targetROI ?? 2.0
        let breakEven = rules.guardrails.breakEvenROI(item: row.keyword.itemID)
        let roi = row.week.roi, clicks = row.week.clicks
        guard clicks >= rules.guardrails.minClicks else { return nil }
        let lower = min(BidRules.scaled(bid, percent: -10), rules.step(bid, by: -1))
        let raise = max(BidRules.scaled(bid, percent: 10), rules.step(bid, by: 1))
        let aim = row.keyword.targetRank ?? row.planTargetRank
        let aimWords = aim.map { "the target \(RankTarget.words($0))" } ?? "the top 6"
        let positions = row.keyword.rank.flatMap(RankTarget.positions)
        if let roi, roi >= target, roi >= breakEven, let rank = row.keyword.rank, let p = positions, p.lowerBound > (aim ?? 1...6).upperBound {
            return (raise, "7-day ROI \(Fmt2.fixed(roi)) ≥ target \(Fmt2.fixed(target)) and rank \(rank) is below \(aimWords): raise 10%")
        }
        if let roi, roi < breakEven {
            return (lower, "7-day ROI \(Fmt2.fixed(roi)) is under break-even \(Fmt2.fixed(breakEven)) over \(clicks) clicks: lower 10%")
        }
        if row.week.cost > 0, row.week.revenue == 0 {
            return (lower, "no sale in 7 days over \(clicks) clicks: lower 10%")
        }
        if let aim, let rank = row.keyword.rank, let p = positions, p.upperBound < aim.lowerBound {
            return (lower, "rank \(rank) is above the target \(RankTarget.words(aim)): lower 10% to pay less per click")
        }
        return nil
    }

    /// Why no rule applies, in the words of the rule (for the desk's detail and status).
    public static func noSuggestion(_ row: BidRow, targetROI: Double?, rules: BidRules) -> String {
        if row.week.clicks < rules.guardrails.minClicks { return "not enough data: \(row.week.clicks) clicks in 7 days (\(rules.guardrails.minClicks) needed)" }
        let aim = (row.keyword.targetRank ?? row.planTargetRank).map { "the target \(RankTarget.words($0))" } ?? "the top 6"
        return "ROI between break-even \(Fmt2.fixed(rules.guardrails.breakEvenROI(item: row.keyword.itemID))) and target \(Fmt2.fixed(targetROI ?? 2.0)), or the rank is already in \(aim)"
    }

    /// How each plan spends: today so far, and its hour-by-hour spend over the last 7 days.
    /// One pass over the keyword report, done when the desk opens or the data changes (not
    /// per key press).
    public struct PlanPace: Sendable, Equatable {
        public var spentToday: Int64 = 0
        public var profile = [Double](repeating: 0, count: 24)
    }

    public static func planPaces(_ data: StoreData, at now: LocalTime) -> [String: PlanPace] {
        let campaignOf = Dictionary(data.keywords.map { ($0.keywordID, $0.campaignID) }, uniquingKeysWith: { a, _ in a })
        var paces: [String: PlanPace] = [:]
        let today = now.date, weekStart = today.adding(days: -7)
        for r in data.keywordDays where r.date >= weekStart && r.date <= today {
            guard let h = r.hour, let cost = r.cost, let c = campaignOf[r.keywordID] else { continue }
            if r.date == today { if h <= now.hour { paces[c, default: .init()].spentToday += cost } }
            else { paces[c, default: .init()].profile[h] += Double(cost) }
        }
        return paces
    }

    /// When a plan will hit its daily budget and go offline at today's pace: the spend so far
    /// carried forward by how the plan spent over the rest of the day on the last 7 days
    /// (hour by hour, its time-slot discounts included); by its time-slot discounts alone
    /// when there is no such history. Nil when it will not, or when it cannot be told.
    public static func projectedOffline(_ pace: PlanPace?, campaign: Campaign, budget: Int64?, at now: LocalTime) -> LocalTime? {
        guard let budget, budget > 0, let pace else { return nil }
        let spentToday = pace.spentToday
        var profile = pace.profile
        if spentToday >= budget { return now }
        if profile.allSatisfy({ $0 == 0 }) {
            profile = (0..<24).map { h in Double(discount(campaign.schedule, at: LocalTime(date: now.date, hour: h))) }
        }
        // The share of a typical day's spend already behind us (the current hour by its minutes).
        let minuteShare = Double(now.minute) / 60
        let done = profile[..<now.hour].reduce(0, +) + profile[now.hour] * minuteShare
        guard done > 0, spentToday > 0 else { return nil }
        let perUnit = Double(spentToday) / done
        var total = Double(spentToday)
        var hour = now.hour, left = profile[now.hour] * (1 - minuteShare), startMinute = Double(now.minute)
        while hour < 24 {
            let spend = left * perUnit
            if total + spend >= Double(budget) {
                let fraction = spend > 0 ? (Double(budget) - total) / spend : 0
                let minuteOfDay = min(24 * 60 - 1, hour * 60 + Int((startMinute + (60 - startMinute) * fraction).rounded()))
                return LocalTime(date: now.date, hour: minuteOfDay / 60, minute: minuteOfDay % 60)
            }
            total += spend
            hour += 1; startMinute = 0
            if hour < 24 { left = profile[hour] }
        }
        return nil
    }
}

/// Two decimals for reasons shown to the operator (the UI module has its own formatting).
enum Fmt2 {
    static func fixed(_ v: Double) -> String {
        let r = (v * 100).rounded()
        let i = Int(r)
        return "\(i / 100).\(abs(i % 100) < 10 ? "0" : "")\(abs(i % 100))"
    }
}
