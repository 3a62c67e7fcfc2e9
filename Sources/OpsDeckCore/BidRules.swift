/// The through-train platform's rules for bids and budgets (data contract, "Bid guardrails"),
/// tightened by the store's own guardrails. A change that breaks one is refused with the
/// rule in words; nothing refused can reach the outbox.
public struct BidRules: Sendable, Equatable {
    public static let platformMinBid: Int64 = 5          // ¥0.05
    public static let platformMaxBid: Int64 = 9_999      // ¥99.99
    public static let minBudget: Int64 = 3_000           // ¥30, whole yuan

    public var guardrails: StoreProfile.BidGuardrails

    public init(_ guardrails: StoreProfile.BidGuardrails = .init()) { self.guardrails = guardrails }

    /// The highest bid allowed: the platform's, or the store's when it is lower.
    public var maxBid: Int64 { min(Self.platformMaxBid, guardrails.maxBid ?? Self.platformMaxBid) }

    /// Why this bid cannot be set, or nil when it can. `budget` is the campaign's daily
    /// budget in fen (nil: no limit).
    public func refuseBid(_ fen: Int64, budget: Int64?) -> String? {
        if fen < Self.platformMinBid { return "a bid is at least ¥0.05 (\(Money.format(fen)) is below it)" }
        if fen > maxBid {
            let whose = maxBid < Self.platformMaxBid ? "the store's max_bid" : "the platform's limit"
            return "a bid is at most \(Money.format(maxBid)), \(whose) (\(Money.format(fen)) is above it)"
        }
        if let budget, fen > budget {
            return "a bid is at most the plan's daily budget \(Money.format(budget)) (\(Money.format(fen)) is above it)"
        }
        return nil
    }

    /// Why this daily budget cannot be set (nil = no limit, which is allowed).
    public func refuseBudget(_ fen: Int64?) -> String? {
        guard let fen else { return nil }
        if fen % 100 != 0 { return "a daily budget is whole yuan (\(Money.format(fen)) is not)" }
        if fen < Self.minBudget { return "a daily budget is at least ¥30 or none (\(Money.format(fen)) is below it)" }
        return nil
    }

    /// A change this large asks for confirmation first (the store's confirm_change_over).
    public func needsConfirmation(old: Int64?, new: Int64?) -> Bool {
        guard let old, let new, old > 0 else { return old != new }
        return Double(abs(new - old)) / Double(old) > guardrails.confirmChangeOver
    }

    /// One step up or down (the store's bid_step), kept within the rules' range.
    public func step(_ fen: Int64, by steps: Int64) -> Int64 {
        fen + steps * max(1, guardrails.bidStep)
    }

    /// `fen × (1 + fraction)` rounded to whole fen, half away from zero.
    public static func scaled(_ fen: Int64, percent: Int64) -> Int64 {
        Money.divide(fen * (100 + percent), by: 100) ?? fen
    }
}
