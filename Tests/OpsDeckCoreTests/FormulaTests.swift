import Testing
@testable import OpsDeckCore

@Suite struct Formulas {
    @Test func ratiosAreUnknownWhenTheyCannotBeComputed() {
        #expect(Formula.conversionRate(paidBuyers: 35, uv: 1000) == 0.035)
        #expect(Formula.conversionRate(paidBuyers: 35, uv: 0) == nil)
        #expect(Formula.conversionRate(paidBuyers: nil, uv: 1000) == nil)
        #expect(Formula.conversionRate(paidBuyers: 35, uv: nil) == nil)
        #expect(Formula.conversionRate(paidBuyers: 0, uv: 1000) == 0)
        #expect(Formula.cartRate(cartBuyers: 90, uv: 1000) == 0.09)
        #expect(Formula.favoriteRate(favoriteBuyers: 60, uv: 1000) == 0.06)
        #expect(Formula.mainImageCTR(searchClicks: 45, searchImpressions: 1000) == 0.045)
        #expect(Formula.ctr(clicks: 3, impressions: 100) == 0.03)
        #expect(Formula.cvr(orders: 1, clicks: 4) == 0.25)
        #expect(Formula.roi(revenue: 30_000, cost: 10_000) == 3)
        #expect(Formula.roi(revenue: 30_000, cost: 0) == nil)
        #expect(Formula.inquiryConversion(paid: 45, inquiries: 100) == 0.45)
        #expect(Formula.sellOutRate(sold: 430, allocated: 1000) == 0.43)
        #expect(Formula.budgetUsed(cost: 15_000, dailyBudget: 30_000) == 0.5)
        #expect(Formula.budgetUsed(cost: 15_000, dailyBudget: nil) == nil)   // no limit
    }

    @Test func moneyResultsAreFenRoundedHalfAwayFromZero() {
        #expect(Formula.avgOrderValue(paidAmount: 100_000, paidBuyers: 3) == 33_333)
        #expect(Formula.avgOrderValue(paidAmount: 100_001, paidBuyers: 2) == 50_001)   // 50000.5 → 50001
        #expect(Formula.uvValue(paidAmount: 1_000, uv: 400) == 3)                      // 2.5 → 3
        #expect(Formula.cpc(cost: 1_000, clicks: 3) == 333)
        #expect(Formula.cpc(cost: 1_000, clicks: 0) == nil)
        #expect(Formula.costPerOrder(cost: 999, orders: 2) == 500)                    // 499.5 → 500
        #expect(Formula.costPerOrder(cost: 999, orders: nil) == nil)
    }

    @Test func sumsWithAnUnknownTermAreUnknown() {
        #expect(Formula.sum([1, 2, 3]) == 6)
        #expect(Formula.sum([1, nil, 3]) == nil)
        #expect(Formula.sum([Int64?]()) == nil)
        #expect(Formula.sum([0]) == 0)
    }

    @Test func daysOfCover() {
        #expect(Formula.daysOfCover(stock: 70, unitsLast7Days: 70) == 7)
        #expect(Formula.daysOfCover(stock: 10, unitsLast7Days: 35) == 2)
        #expect(Formula.daysOfCover(stock: 10, unitsLast7Days: 0) == nil)    // no sales: not low
        #expect(Formula.daysOfCover(stock: nil, unitsLast7Days: 7) == nil)
    }
}
