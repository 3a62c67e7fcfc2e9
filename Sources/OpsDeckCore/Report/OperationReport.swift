/// The day's operation report (运营日报), in the order operators write it: the numbers, what
/// moved and why, the queues, promotion, activities and service, the checklist, the goals.
/// Built once from the data and the state; the formats (md, html, json, csv) only render it.
public struct OperationReport: Sendable {
    public var storeName: String
    public var from: LocalDate
    public var to: LocalDate
    public var generatedAt: LocalTime
    public var days: [DayReport]
    /// The whole range, when it is more than one day.
    public var range: [RangeFigure]
    public var goals: [GoalProgress]

    public var isRange: Bool { from != to }
}

public struct MetricLine: Sendable, Equatable {
    public var metric: Metric
    public var value: Double?
    public var yesterday: Double?
    public var lastWeek: Double?
    /// The 14 days ending on the report's day, oldest first.
    public var history: [Double?]
    /// For a day in progress: the day so far and the two earlier days cut at the same time of
    /// day, which the changes are taken from (a morning is never set against a whole day).
    public var sameTime: [Double?]?
    public var vsYesterday: Double? { sameTime.map { change($0[0], $0[1]) } ?? change(value, yesterday) }
    public var vsLastWeek: Double? { sameTime.map { change($0[0], $0[2]) } ?? change(value, lastWeek) }
}

/// Relative change; unknown when either side is, or the base is zero.
public func change(_ now: Double?, _ base: Double?) -> Double? {
    guard let now, let base, base != 0 else { return nil }
    return (now - base) / abs(base)
}

public struct Swing: Sendable, Equatable {
    public struct Contributor: Sendable, Equatable {
        public var itemID: String
        public var title: String?
        public var delta: Double
        /// This item's share of the store's change (can exceed 1 when others moved the other way).
        public var share: Double?
    }
    public var metric: Metric
    public var value: Double?
    public var yesterday: Double?
    public var change: Double
    public var contributors: [Contributor]
}

public struct DayReport: Sendable {
    public var date: LocalDate
    /// A day in progress: whole-day figures are "so far".
    public var inProgress: Bool
    /// Where a day in progress was cut for its changes ("11:20"), when it was.
    public var cut: String?
    public var numbers: [MetricLine]
    /// The diagnosis's findings for the day (today so far for a day in progress): the same
    /// episodes, lines and money as `opsdeck diagnose` and the Diagnosis pane.
    public var findings: [Finding] = []
    public var swings: [Swing]
    public var queues: Queues
    public var promotion: Promotion
    public var activities: [ActivityLine]
    public var agents: [AgentDay]
    public var checklist: DayCompletion
    public var bidChanges: [BidChangeLine]

    public struct Queues: Sendable {
        public var refundsByReason: [(reason: String, count: Int, amount: Int64)] = []
        public var refundsCreated: Int?
        public var disputesCreated: Int?
        public var openDisputes: Int?
        public var badReviewsByReason: [(reason: String, count: Int)] = []
        public var badReviews: Int?
        public var unrepliedBadReviews: Int?
        public var unpaidOrders: Int?
        public var unpaidAmount: Int64?
    }

    public struct Promotion: Sendable {
        public var spend: Int64?
        public var revenue: Int64?
        public var roi: Double?
        public var campaigns: [(name: String, cost: Int64?, budget: Int64?, used: Double?, offlineAt: LocalTime?)] = []
    }
}

public struct ActivityLine: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var state: String        // running, upcoming, ended
    public var start: LocalTime?
    public var end: LocalTime?
    public var sold: Int64?
    public var stock: Int64?
    public var uv: Int64?
    public var conversion: Double?
    public var notReady: [String]    // plan, content, art, cs briefing not ready
}

public struct BidChangeLine: Sendable, Equatable {
    public var at: LocalTime
    public var by: String
    public var what: String
    public var field: String
    public var old: Int64?
    public var new: Int64?
    public var reason: String?
    public var state: String
}

public struct RangeFigure: Sendable, Equatable {
    public enum Aggregate: String, Sendable {
        /// Money and units add up.
        case sum
        /// Visitors and buyers are distinct per day and do not: their mean per day.
        case perDay = "per_day"
        /// A rate over the range: the days weighted by its base (conversion by UV, AOV by buyers,
        /// ROI by spend), which is the ratio of the range's sums.
        case weighted
        /// The mean of the days, where the base is not in the report (CTR, CPC, inquiry conversion).
        case meanOfDays = "mean_of_days"
    }
    public var metric: Metric
    public var value: Double?
    public var aggregate: Aggregate
    public var daily: [Double?]
}
