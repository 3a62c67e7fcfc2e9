/// `store.toml`: the store's profile, targets, thresholds and bid guardrails.
/// Every field has a sensible default, so a directory without the file still works.
public struct StoreProfile: Sendable, Equatable {
    public var name = "My store"
    public var timeZone = "Asia/Shanghai"
    public var currency = "CNY"
    public var operators: [String] = []
    public var targets = Targets()
    public var thresholds = Thresholds()
    public var bids = BidGuardrails()
    public var goals: [Goal] = []

    public init() {}

    public struct Targets: Sendable, Equatable {
        public var dailyGMV: Int64?            // fen
        public var conversionRate: Double?
        public var roi: Double?
        public var ctr: Double?
        public var inquiryConversion: Double?
        public var refundRate: Double?
        public var firstResponseSeconds: Double?
        public init() {}
    }

    public struct Thresholds: Sendable, Equatable {
        public var lowStockDays: Double = 7
        public var couponExpiryHours: Int = 24
        public var staleDataMinutes: Int = 90
        public var lateShipmentHours: Int = 48
        public init() {}
    }

    public struct BidGuardrails: Sendable, Equatable {
        public var maxBid: Int64?              // fen; tightens the platform's 9,999
        public var bidStep: Int64 = 5          // fen
        public var confirmChangeOver: Double = 0.30
        public init() {}
    }
}
