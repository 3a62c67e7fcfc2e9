/// The KPI snapshot as of a given time: what `opsdeck kpi` prints and the panels show.
public struct KPISnapshot: Sendable, Equatable {
    public var at: LocalTime
    public var date: LocalDate { at.date }

    public struct Store: Sendable, Equatable {
        public var uv: Int64?
        public var pv: Int64?
        public var paidBuyers: Int64?
        public var paidAmount: Int64?
        public var conversionRate: Double?
        public var avgOrderValue: Int64?
        public var uvValue: Int64?
        public var cartRate: Double?
        public var favoriteRate: Double?
        public var sellThrough30d: Double?
        public var repeatRate30d: Double?
        public var refundRate30d: Double?
        public var disputeRate30d: Double?
        public init() {}
    }

    public struct Ads: Sendable, Equatable {
        public var impressions: Int64?
        public var clicks: Int64?
        public var cost: Int64?
        public var orders: Int64?
        public var revenue: Int64?
        public var ctr: Double?
        public var cpc: Int64?
        public var cvr: Double?
        public var roi: Double?
        public var costPerOrder: Int64?
        public init() {}
    }

    public struct Service: Sendable, Equatable {
        public var consultations: Int64?
        public var inquiryBuyers: Int64?
        public var inquiryPaidBuyers: Int64?
        public var inquiryConversion: Double?
        public init() {}
    }

    public struct Queues: Sendable, Equatable {
        public var unpaidOrders: Int?
        public var openRefunds: Int?
        public var openDisputes: Int?
        public var unrepliedBadReviews: Int?
        public var unansweredQuestions: Int?
        public var couponsExpiring24h: Int?
        public var lowStockItems: Int?
        public init() {}
    }

    public struct Shipping: Sendable, Equatable {
        public var shipHours: Double?
        public var lateShipments: Int?
        public init() {}
    }

    public struct ActivityKPI: Sendable, Equatable {
        public var activityID: String
        public var name: String?
        public var sellOutRate: Double?
        public var ctr: Double?
        public var conversion: Double?
        public var orderShare: Double?
    }

    /// One item's day (product_daily.csv) with its stock cover.
    public struct ItemKPI: Sendable, Equatable {
        public var itemID: String
        public var uv: Int64?
        public var paidUnits: Int64?
        public var paidAmount: Int64?
        public var conversionRate: Double?
        public var mainImageCTR: Double?
        public var daysOfCover: Double?
    }

    /// One keyword's day (whole-day row or its hours so far).
    public struct KeywordKPI: Sendable, Equatable {
        public var keywordID: String
        public var impressions: Int64?
        public var clicks: Int64?
        public var cost: Int64?
        public var orders: Int64?
        public var revenue: Int64?
        public var ctr: Double?
        public var cpc: Int64?
        public var cvr: Double?
        public var roi: Double?
        public var costPerOrder: Int64?
    }

    /// One customer-service agent's day.
    public struct AgentKPI: Sendable, Equatable {
        public var agent: String
        public var consultations: Int64?
        public var firstResponseSeconds: Double?
        public var avgResponseSeconds: Double?
        public var inquiryConversion: Double?
        public var slowResponses: Int64?
    }

    public struct CampaignKPI: Sendable, Equatable {
        public var campaignID: String
        public var name: String?
        public var cost: Int64?
        public var dailyBudget: Int64?
        public var budgetUsed: Double?
    }

    public var store = Store()
    public var ads = Ads()
    public var service = Service()
    public var queues = Queues()
    public var shipping = Shipping()
    public var activities: [ActivityKPI] = []
    public var campaigns: [CampaignKPI] = []
    public var items: [ItemKPI] = []
    public var keywords: [KeywordKPI] = []
    public var agents: [AgentKPI] = []
    public var warnings: [String] = []

    public init(at: LocalTime) { self.at = at }
}
