import Foundation
/// One type per file of the data directory. Optional means "not known" — never zero.
/// Money is whole fen (`Int64`); rates are fractions (`Double`).

public struct StoreDay: Sendable, Equatable {
    public var date: LocalDate
    public var hour: Int?            // nil = the whole-day row
    public var uv: Int64?
    public var pv: Int64?
    public var avgStaySeconds: Double?
    public var bounceRate: Double?
    public var paidBuyers: Int64?
    public var paidOrders: Int64?
    public var paidUnits: Int64?
    public var paidAmount: Int64?
    public var cartBuyers: Int64?
    public var favoriteBuyers: Int64?
    public var newBuyers: Int64?
    public var returningBuyers: Int64?
    public var refundAmount: Int64?
    public init(date: LocalDate, hour: Int? = nil) { self.date = date; self.hour = hour }
}

public enum ShelfStatus: String, Sendable { case onShelf = "on_shelf", offShelf = "off_shelf" }
public enum ProductRole: String, Sendable { case traffic, profit, image, clearance }

public struct Product: Sendable, Equatable {
    public var itemID: String
    public var title: String?
    public var category: String?
    public var price: Int64?
    public var stock: Int64?
    public var status: ShelfStatus?
    public var listedAt: LocalTime?
    public var role: ProductRole?
    public init(itemID: String) { self.itemID = itemID }
}

public struct ProductDay: Sendable, Equatable {
    public var date: LocalDate
    public var itemID: String
    public var uv: Int64?
    public var pv: Int64?
    public var paidBuyers: Int64?
    public var paidUnits: Int64?
    public var paidAmount: Int64?
    public var cartBuyers: Int64?
    public var favoriteBuyers: Int64?
    public var searchImpressions: Int64?
    public var searchClicks: Int64?
    public init(date: LocalDate, itemID: String) { self.date = date; self.itemID = itemID }
}

public enum OrderStatus: UInt8, Sendable, CaseIterable {
    case waitBuyerPay, waitSellerSendGoods, waitBuyerConfirmGoods, tradeFinished, tradeClosed
    public var code: String {
        switch self {
        case .waitBuyerPay: "WAIT_BUYER_PAY"
        case .waitSellerSendGoods: "WAIT_SELLER_SEND_GOODS"
        case .waitBuyerConfirmGoods: "WAIT_BUYER_CONFIRM_GOODS"
        case .tradeFinished: "TRADE_FINISHED"
        case .tradeClosed: "TRADE_CLOSED"
        }
    }
}

/// An order, packed into 48 bytes: a 75-day export holds a million of these, so unknowns
/// are sentinels behind optional accessors rather than `Optional` fields, and times are
/// seconds from 2000-01-01 in 32 bits (1932–2068).
public struct Order: Sendable {
    @usableFromInline static let epoch: Int64 = 946_684_800
    @usableFromInline static let noTime = Int32.min
    @usableFromInline var created: Int32
    @usableFromInline var paid: Int32
    @usableFromInline var shipped: Int32
    @usableFromInline var qty: Int32
    /// Index of the order's ID in `StoreData.orderIDs` (unique per row: not worth a hash).
    public var orderRef: Int32
    public var item: Symbol
    public var buyer: Symbol
    public var activity: Symbol
    @usableFromInline var amountFen: Int64
    public var status: OrderStatus

    public init(orderRef: Int32, status: OrderStatus, createdAt: LocalTime? = nil, paidAt: LocalTime? = nil,
                shippedAt: LocalTime? = nil, item: Symbol = .none, buyer: Symbol = .none,
                quantity: Int32? = nil, amount: Int64? = nil, activity: Symbol = .none) {
        self.orderRef = orderRef; self.status = status
        created = Order.pack(createdAt); paid = Order.pack(paidAt); shipped = Order.pack(shippedAt)
        amountFen = amount ?? Int64.min
        qty = quantity ?? Int32.min
        self.item = item; self.buyer = buyer; self.activity = activity
    }

    /// Whether the time fits the packed range.
    public static func representable(_ t: LocalTime) -> Bool {
        let s = t.seconds - epoch
        return s > Int64(Int32.min) && s <= Int64(Int32.max)
    }

    @inlinable static func pack(_ t: LocalTime?) -> Int32 {
        guard let t, representable(t) else { return noTime }
        return Int32(t.seconds - epoch)
    }
    @inlinable static func unpack(_ v: Int32) -> LocalTime? { v == noTime ? nil : LocalTime(seconds: Int64(v) + epoch) }

    @inlinable public var createdAt: LocalTime? { Order.unpack(created) }
    @inlinable public var paidAt: LocalTime? { Order.unpack(paid) }
    @inlinable public var shippedAt: LocalTime? { Order.unpack(shipped) }
    @inlinable public var amount: Int64? { amountFen == Int64.min ? nil : amountFen }
    @inlinable public var quantity: Int32? { qty == Int32.min ? nil : qty }
    /// Raw paid time in seconds, `Int64.min` when unknown (for the hot KPI loops).
    @inlinable public var paidSeconds: Int64 { paid == Order.noTime ? Int64.min : Int64(paid) + Order.epoch }
}

public enum RefundStatus: String, Sendable, CaseIterable {
    case waitSellerAgree = "WAIT_SELLER_AGREE"
    case waitBuyerReturnGoods = "WAIT_BUYER_RETURN_GOODS"
    case waitSellerConfirmGoods = "WAIT_SELLER_CONFIRM_GOODS"
    case sellerRefuseBuyer = "SELLER_REFUSE_BUYER"
    case closed = "CLOSED"
    case success = "SUCCESS"
    public var isOpen: Bool { self != .closed && self != .success }
}

public enum Ruling: String, Sendable { case buyer, seller }

public struct Refund: Sendable, Equatable {
    public var refundID: String
    public var orderID: String?
    public var itemID: String?
    public var createdAt: LocalTime?
    public var amount: Int64?
    public var reason: String?
    public var status: RefundStatus
    public var dispute: Bool?
    public var ruling: Ruling?
    public init(refundID: String, status: RefundStatus) { self.refundID = refundID; self.status = status }
}

public enum Rating: String, Sendable { case good, neutral, bad }

public struct Review: Sendable, Equatable {
    public var reviewID: String
    public var orderID: String?
    public var itemID: String?
    public var createdAt: LocalTime?
    public var rating: Rating?
    public var content: String?
    public var replied: Bool?
    public init(reviewID: String) { self.reviewID = reviewID }
}

public struct Question: Sendable, Equatable {
    public var questionID: String
    public var itemID: String?
    public var askedAt: LocalTime?
    public var question: String?
    public var answered: Bool?
    public init(questionID: String) { self.questionID = questionID }
}

public enum CouponKind: String, Sendable { case storeCoupon = "store_coupon", itemCoupon = "item_coupon", fullReduction = "full_reduction", discount }

public struct Coupon: Sendable, Equatable {
    public var couponID: String
    public var kind: CouponKind?
    public var itemID: String?
    public var threshold: Int64?
    public var value: Int64?
    public var discount: Double?
    public var startAt: LocalTime?
    public var endAt: LocalTime?
    public var issued: Int64?
    public var used: Int64?
    public init(couponID: String) { self.couponID = couponID }
}

public enum AdChannel: String, Sendable { case throughTrain = "through_train", display }
public enum CampaignStatus: String, Sendable { case online, offline, paused }
public enum OfflineReason: String, Sendable { case balance, budget }

/// One item of a campaign's time-slot discount: `HH:MM-HH:MM:pct`.
public struct TimeSlotDiscount: Sendable, Equatable {
    public var start: ClockTime
    public var end: ClockTime
    public var percent: Int
    public init(start: ClockTime, end: ClockTime, percent: Int) { self.start = start; self.end = end; self.percent = percent }
    /// Whether the slot covers the start of this hour.
    public func covers(hour: Int) -> Bool { start.minutes <= hour * 60 && hour * 60 < end.minutes }
}

public struct Campaign: Sendable, Equatable {
    public var campaignID: String
    public var name: String?
    public var channel: AdChannel?
    public var dailyBudget: Int64?          // fen, whole yuan; nil = no limit
    public var smooth: Bool?
    public var status: CampaignStatus?
    public var offlineReason: OfflineReason?
    public var offlineAt: LocalTime?
    public var schedule: [TimeSlotDiscount] = []
    /// The ranks the plan's keywords aim at (positions, "1-3"), unless a keyword has its own.
    public var targetRank: ClosedRange<Int>?
    public init(campaignID: String) { self.campaignID = campaignID }
}

public struct AdAccount: Sendable, Equatable {
    public var channel: AdChannel
    public var balance: Int64?
    public var updatedAt: LocalTime?
    public init(channel: AdChannel) { self.channel = channel }
}

public enum MatchScope: Int, Sendable { case exact = 1, broad = 4 }

public struct Keyword: Sendable, Equatable {
    public var keywordID: String
    public var campaignID: String
    public var adgroupID: String?
    public var itemID: String?
    public var word: String
    public var matchScope: MatchScope?
    public var bid: Int64?
    public var mobileBid: Int64?
    public var qscore: Int?
    public var rank: String?
    public var status: String?
    /// The ranks this keyword aims at (positions, "1-3").
    public var targetRank: ClosedRange<Int>?
    public init(keywordID: String, campaignID: String, word: String) {
        self.keywordID = keywordID; self.campaignID = campaignID; self.word = word
    }
}

public struct KeywordDay: Sendable, Equatable {
    public var date: LocalDate
    public var hour: Int?
    public var keywordID: String
    public var impressions: Int64?
    public var clicks: Int64?
    public var cost: Int64?
    public var orders: Int64?
    public var revenue: Int64?
    public var favorites: Int64?
    public var carts: Int64?
    public init(date: LocalDate, hour: Int? = nil, keywordID: String) { self.date = date; self.hour = hour; self.keywordID = keywordID }
}

public struct AffiliateDay: Sendable, Equatable {
    public var date: LocalDate
    public var affiliate: String
    public var commissionRate: Double?
    public var clicks: Int64?
    public var orders: Int64?
    public var revenue: Int64?
    public var commission: Int64?
    public init(date: LocalDate, affiliate: String) { self.date = date; self.affiliate = affiliate }
}

public enum ActivityKind: String, Sendable { case official, store, thirdParty = "third_party", offsite }

public struct Activity: Sendable, Equatable {
    public var activityID: String
    public var name: String?
    public var kind: ActivityKind?
    public var platform: String?
    public var signupDeadline: LocalTime?
    public var warmupAt: LocalTime?
    public var startAt: LocalTime?
    public var endAt: LocalTime?
    public var itemIDs: [String] = []
    public var activityPrice: Int64?
    public var stockAllocated: Int64?
    public var sold: Int64?
    public var uv: Int64?
    public var clicks: Int64?
    public var impressions: Int64?
    public var paidBuyers: Int64?
    public var planReady: Bool?
    public var contentReady: Bool?
    public var artReady: Bool?
    public var csBriefed: Bool?
    public init(activityID: String) { self.activityID = activityID }
}

public struct AgentDay: Sendable, Equatable {
    public var date: LocalDate
    public var agent: String
    public var firstOnlineAt: LocalTime?
    public var lastOnlineAt: LocalTime?
    public var onlineMinutes: Int64?
    public var consultations: Int64?
    public var firstResponseSeconds: Double?
    public var avgResponseSeconds: Double?
    public var inquiryBuyers: Int64?
    public var inquiryPaidBuyers: Int64?
    public var slowResponses: Int64?
    public init(date: LocalDate, agent: String) { self.date = date; self.agent = agent }
}

public enum ArtKind: String, Sendable { case mainImage = "main_image", detailPage = "detail_page", poster, banner, video }
public enum ArtStatus: String, Sendable { case todo, inProgress = "in_progress", review, done, rejected }

public struct ArtTask: Sendable, Equatable {
    public var taskID: String
    public var kind: ArtKind?
    public var itemID: String?
    public var activityID: String?
    public var brief: String?
    public var designer: String?
    public var requestedAt: LocalTime?
    public var dueAt: LocalTime?
    public var status: ArtStatus?
    public init(taskID: String) { self.taskID = taskID }
}

public struct CompetitorDay: Sendable, Equatable {
    public var date: LocalDate
    public var competitor: String
    public var item: String?
    public var price: Int64?
    public var uvIndex: Double?
    public var tradeIndex: Double?
    public var searchPopularity: Double?
    public var activity: String?
    public var topSource: String?
    public init(date: LocalDate, competitor: String) { self.date = date; self.competitor = competitor }
}

public struct IndustryDay: Sendable, Equatable {
    public var date: LocalDate
    public var category: String
    public var uvIndex: Double?
    public var searchPopularity: Double?
    public var tradeIndex: Double?
    public init(date: LocalDate, category: String) { self.date = date; self.category = category }
}

public enum PostStatus: String, Sendable { case planned, published }

public struct ContentPost: Sendable, Equatable {
    public var postID: String
    public var plannedAt: LocalTime?
    public var title: String?
    public var audience: String?
    public var status: PostStatus?
    public var views: Int64?
    public var likes: Int64?
    public init(postID: String) { self.postID = postID }
}

/// Rank targets: "1-3", "4-6", "2" — positions on the mobile results page.
public enum RankTarget {
    public static func parse(_ s: String) -> ClosedRange<Int>? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 1 || parts.count == 2, parts.allSatisfy({ $0 != nil }) else { return nil }
        let lo = parts[0]!, hi = parts.count == 2 ? parts[1]! : lo
        guard lo >= 1, hi >= lo, hi <= 100 else { return nil }
        return lo...hi
    }

    /// The positions a keywords.csv rank bucket stands for ("20+" is 21 and below).
    public static func positions(_ bucket: String) -> ClosedRange<Int>? {
        if bucket == "20+" { return 21...1000 }
        return parse(bucket)
    }

    public static func words(_ r: ClosedRange<Int>) -> String { r.lowerBound == r.upperBound ? "\(r.lowerBound)" : "\(r.lowerBound)-\(r.upperBound)" }
}
