/// `store.toml`: the store's profile, targets, thresholds and bid guardrails.
/// Every field has a sensible default, so a directory without the file still works.
public struct StoreProfile: Sendable, Equatable {
    public var name = "My store"
    public var timeZone = "Asia/Shanghai"
    public var currency = "CNY"
    public var operators: [String] = []
    public var targets = Targets()
    public var diagnosis = DiagnosisFloors()
    public var thresholds = Thresholds()
    public var bids = BidGuardrails()
    public var goals: [Goal] = []
    /// The shared state's address (`state = "postgres://…"`); nil keeps it in the data directory.
    public var state: String?
    /// The store's key in a shared database (`store_id`); the name when not given.
    public var storeID: String?
    public var digest = DigestSchedule()

    public init() {}

    /// `[digest]`: when the running cockpit sends the day's digest, and where.
    public struct DigestSchedule: Sendable, Equatable {
        /// Minutes after midnight, in order.
        public var times: [Int] = []
        public var post: String?
        public var robot: String?
        public init() {}
    }

    public struct Targets: Sendable, Equatable {
        public var dailyGMV: Int64?            // fen
        public var conversionRate: Double?
        public var roi: Double?
        public var ctr: Double?
        public var inquiryConversion: Double?
        public var refundRate: Double?
        public var firstResponseSeconds: Double?
        /// When the store sets none: what a Taobao shop is usually held to.
        public static let defaultFirstResponseSeconds = 30.0
        public init() {}
    }

    public struct Thresholds: Sendable, Equatable {
        public var lowStockDays: Double = 7
        public var couponExpiryHours: Int = 24
        public var staleDataMinutes: Int = 90
        public var lateShipmentHours: Int = 48
        /// A day-on-day, week or same-time change this large (a fraction) is marked.
        public var swing: Double = 0.30
        /// A competitor's price move this large (a fraction) is marked.
        public var competitorPriceMove: Double = 0.05
        /// The store and the market moving within this of each other move together.
        public var marketBand: Double = 0.10
        /// A design task due within this many hours is "due soon".
        public var designDueSoonHours: Int = 4
        /// An activity starting within this many hours must have its preparation done.
        public var activityPrepHours: Int = 72
        /// An activity starting within this many hours: brief the agents.
        public var agentBriefHours: Int = 48
        /// An agent's inquiry conversion below this share of the target is marked.
        public var inquiryConversionWarn: Double = 0.8
        /// More slow replies (10 minutes unanswered) than this in a day is marked.
        public var slowResponsesWarn: Int64 = 3
        /// A promotion account balance below this (fen) is marked.
        public var lowBalance: Int64 = 50_000
        /// A plan that has used more than this share of its daily budget is marked.
        public var budgetWarn: Double = 0.9
        /// A plan that went offline yesterday before this hour went offline early.
        public var earlyOfflineBeforeHour: Int = 22
        /// Titles longer than this many bytes (Taobao's limit is 60) are listed.
        public var titleMaxBytes: Int = 60
        public init() {}
    }

    /// What the morning diagnosis calls news (`[diagnosis]` in store.toml).
    public struct DiagnosisFloors: Sendable, Equatable {
        /// A finding's change against its baseline is at least this (a fraction).
        public var minChange: Double = 0.20
        /// A store, item or agent finding is worth at least this much (fen).
        public var minMoney: Int64 = 10_000
        /// A keyword's rates are judged on days with at least this many clicks, and a keyword
        /// finding needs this many clicks or `minSpend` on the day.
        public var minClicks: Int64 = 30
        public var minSpend: Int64 = 3_000
        /// Refund figures of the last this many days are still settling, not final.
        public var refundSettleDays: Int = 7
        public init() {}
    }

    public struct BidGuardrails: Sendable, Equatable {
        public var maxBid: Int64?              // fen; tightens the platform's 9,999
        public var bidStep: Int64 = 5          // fen
        public var confirmChangeOver: Double = 0.30
        /// A pending step larger than this (a fraction of the old value) is a warning at posting.
        public var maxChange: Double = 0.25
        /// A value posted less than this many hours ago is a warning when changed again.
        public var cooldownHours: Int = 24
        /// Gross margin (a fraction): break-even ROI = 1 / margin, break-even CPC = revenue
        /// per click × margin. Unknown: ROI 1.0 is break-even and no CPC check.
        public var margin: Double?
        /// Fewer clicks than this in 7 days is too little to judge a keyword.
        public var minClicks: Int64 = 20
        /// Per item (`[bids.margins]`, item ID = margin): an item's own margin wins.
        public var itemMargins: [String: Double] = [:]
        public var breakEvenROI: Double { breakEvenROI(item: nil) }
        public func margin(item: String?) -> Double? { item.flatMap { itemMargins[$0] } ?? margin }
        public func breakEvenROI(item: String?) -> Double { margin(item: item).map { $0 > 0 ? 1 / $0 : 1 } ?? 1 }
        /// Changes larger than this post only after the shift lead approves them: a share of
        /// the old value, or an amount (fen). Neither: no approval.
        public var approvalOverShare: Double?
        public var approvalOverAmount: Int64?
        public func needsApproval(old: Int64?, new: Int64?) -> Bool {
            if approvalOverShare == nil && approvalOverAmount == nil { return false }
            guard let old, let new else { return old != new }
            if let a = approvalOverAmount, abs(new - old) > a { return true }
            if let p = approvalOverShare, old > 0, Double(abs(new - old)) / Double(old) > p { return true }
            if let _ = approvalOverShare, old == 0, new != 0 { return true }
            return false
        }
        public init() {}
    }
}
