/// The formulas of the data contract, on plain numbers. Division by zero or by an unknown is
/// unknown; so is any sum with an unknown term. Money results are fen, rounded half away
/// from zero.
public enum Formula {
    /// `numerator / denominator` as a fraction.
    @inlinable
    public static func ratio(_ n: Int64?, _ d: Int64?) -> Double? {
        guard let n, let d, d != 0 else { return nil }
        return Double(n) / Double(d)
    }

    /// Money divided by a count or by money, as fen.
    public static func fenPer(_ fen: Int64?, _ d: Int64?) -> Int64? {
        guard let fen, let d else { return nil }
        return Money.divide(fen, by: d)
    }

    /// A sum in which one unknown term makes the total unknown. No terms is unknown too:
    /// an empty report for the day says nothing happened was *not* exported.
    public static func sum<S: Sequence>(_ terms: S) -> Int64? where S.Element == Int64? {
        var total: Int64 = 0
        var any = false
        for t in terms {
            guard let t else { return nil }
            total += t; any = true
        }
        return any ? total : nil
    }

    public static func conversionRate(paidBuyers: Int64?, uv: Int64?) -> Double? { ratio(paidBuyers, uv) }
    public static func avgOrderValue(paidAmount: Int64?, paidBuyers: Int64?) -> Int64? { fenPer(paidAmount, paidBuyers) }
    public static func uvValue(paidAmount: Int64?, uv: Int64?) -> Int64? { fenPer(paidAmount, uv) }
    public static func cartRate(cartBuyers: Int64?, uv: Int64?) -> Double? { ratio(cartBuyers, uv) }
    public static func favoriteRate(favoriteBuyers: Int64?, uv: Int64?) -> Double? { ratio(favoriteBuyers, uv) }
    public static func mainImageCTR(searchClicks: Int64?, searchImpressions: Int64?) -> Double? { ratio(searchClicks, searchImpressions) }
    public static func ctr(clicks: Int64?, impressions: Int64?) -> Double? { ratio(clicks, impressions) }
    public static func cpc(cost: Int64?, clicks: Int64?) -> Int64? { fenPer(cost, clicks) }
    public static func cvr(orders: Int64?, clicks: Int64?) -> Double? { ratio(orders, clicks) }
    public static func roi(revenue: Int64?, cost: Int64?) -> Double? { ratio(revenue, cost) }
    public static func costPerOrder(cost: Int64?, orders: Int64?) -> Int64? { fenPer(cost, orders) }
    public static func inquiryConversion(paid: Int64?, inquiries: Int64?) -> Double? { ratio(paid, inquiries) }
    public static func sellOutRate(sold: Int64?, allocated: Int64?) -> Double? { ratio(sold, allocated) }
    public static func budgetUsed(cost: Int64?, dailyBudget: Int64?) -> Double? { ratio(cost, dailyBudget) }

    /// Days of cover: stock / average daily units over the last 7 days. Unknown when there
    /// were no sales (cover is unbounded, not low).
    public static func daysOfCover(stock: Int64?, unitsLast7Days: Int64?) -> Double? {
        guard let stock, let units = unitsLast7Days, units > 0 else { return nil }
        return Double(stock) * 7 / Double(units)
    }
}
