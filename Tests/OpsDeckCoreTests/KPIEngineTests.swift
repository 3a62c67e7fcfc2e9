import Testing
@testable import OpsDeckCore

let day = LocalDate(year: 2026, month: 11, day: 20)!
func at(_ d: LocalDate, _ h: Int, _ m: Int = 0) -> LocalTime { LocalTime(date: d, hour: h, minute: m) }
func at(_ h: Int, _ m: Int = 0) -> LocalTime { LocalTime(date: day, hour: h, minute: m) }

extension StoreData {
    /// Marks a file as read with these columns (the KPI engine trusts no count without them).
    mutating func loaded(_ file: DataFile, _ columns: String...) {
        files[file.fileName] = FileReport(file: file.fileName, state: .loaded, columns: Set(columns))
    }

    mutating func order(_ id: Int32, buyer: String?, paid: LocalTime?, status: OrderStatus = .tradeFinished,
                        shipped: LocalTime? = nil, activity: String? = nil, amount: Int64 = 10_000) {
        orders.append(Order(orderRef: id, status: status, createdAt: paid ?? at(0), paidAt: paid, shippedAt: shipped,
                            item: symbols.intern("item1"), buyer: buyer.map { symbols.intern($0) } ?? .none,
                            quantity: 1, amount: amount, activity: activity.map { symbols.intern($0) } ?? .none))
    }
}

@Suite struct StoreKPIs {
    @Test func theDayComesFromItsWholeDayRowNotTheSumOfHours() {
        var d = StoreData()
        d.loaded(.storeDaily, "date", "hour", "uv", "pv", "paid_buyers", "paid_amount")
        var whole = StoreDay(date: day); whole.uv = 1_000; whole.pv = 3_000; whole.paidBuyers = 30; whole.paidAmount = 600_000
        whole.cartBuyers = 90; whole.favoriteBuyers = nil
        var h1 = StoreDay(date: day, hour: 9); h1.uv = 700; h1.pv = 2_000; h1.paidBuyers = 20
        var h2 = StoreDay(date: day, hour: 10); h2.uv = 600; h2.pv = 1_000; h2.paidBuyers = 15
        d.storeDays = [h1, whole, h2]
        let s = KPIEngine.snapshot(d, at: at(12)).store
        #expect(s.uv == 1_000)                 // not 1,300
        #expect(s.paidBuyers == 30)            // not 35
        #expect(s.conversionRate == 0.03)
        #expect(s.avgOrderValue == 20_000)
        #expect(s.uvValue == 600)
        #expect(s.cartRate == 0.09)
        #expect(s.favoriteRate == nil)         // unknown, not zero
    }

    @Test func withOnlyHourlyRowsDistinctCountsAreUnknown() {
        var d = StoreData()
        d.loaded(.storeDaily, "date", "hour", "uv", "pv", "paid_amount")
        var h1 = StoreDay(date: day, hour: 9); h1.uv = 700; h1.pv = 2_000; h1.paidAmount = 100
        var h2 = StoreDay(date: day, hour: 10); h2.uv = 600; h2.pv = 1_000; h2.paidAmount = 50
        var h3 = StoreDay(date: day, hour: 15); h3.uv = 600; h3.pv = 1_000; h3.paidAmount = 50
        d.storeDays = [h1, h2, h3]
        let s = KPIEngine.snapshot(d, at: at(10, 30)).store
        #expect(s.uv == nil)
        #expect(s.pv == 3_000)                 // hours 9 and 10; 15:00 is after the as-of time
        #expect(s.paidAmount == 150)
        #expect(s.conversionRate == nil)
    }

    @Test func sellThroughCountsItemsSoldOffShelfTooAndCanExceedOne() {
        var d = StoreData()
        d.loaded(.products, "item_id", "status"); d.loaded(.productDaily, "date", "item_id", "paid_units")
        var a = Product(itemID: "a"); a.status = .onShelf
        var b = Product(itemID: "b"); b.status = .offShelf
        d.products = [a, b]
        var pa = ProductDay(date: day.adding(days: -3), itemID: "a"); pa.paidUnits = 2
        var pb = ProductDay(date: day.adding(days: -29), itemID: "b"); pb.paidUnits = 1
        var old = ProductDay(date: day.adding(days: -30), itemID: "c"); old.paidUnits = 5   // outside the 30 days
        var none = ProductDay(date: day, itemID: "d"); none.paidUnits = 0
        d.productDays = [pa, pb, old, none]
        #expect(KPIEngine.snapshot(d, at: at(12)).store.sellThrough30d == 2.0)
    }

    @Test func repeatRateComparesBuyersOfDays31To60WithTheLast30() {
        var d = StoreData()
        d.loaded(.orders, "order_id", "status", "paid_at", "buyer_id")
        // Days 31–60 before the as-of date: alice, bob, carol. Of them alice and bob paid again.
        d.order(1, buyer: "alice", paid: at(day.adding(days: -45), 10))
        d.order(2, buyer: "bob", paid: at(day.adding(days: -30), 23))       // day 31: first day of the old window
        d.order(3, buyer: "carol", paid: at(day.adding(days: -59), 0))      // day 60
        d.order(4, buyer: "dave", paid: at(day.adding(days: -60), 12))      // day 61: outside
        d.order(5, buyer: "alice", paid: at(day, 9))
        d.order(6, buyer: "bob", paid: at(day.adding(days: -29), 0))        // first day of the last 30
        d.order(7, buyer: "dave", paid: at(day, 9))
        d.order(8, buyer: "carol", paid: at(day, 13))                       // after the as-of time
        d.order(9, buyer: nil, paid: at(day, 9))
        let s = KPIEngine.snapshot(d, at: at(12)).store
        #expect(s.repeatRate30d == 2.0 / 3.0)
    }

    @Test func refundAndDisputeRatesOverTheLast30Days() {
        var d = StoreData()
        d.loaded(.orders, "order_id", "status", "paid_at"); d.loaded(.refunds, "refund_id", "status", "created_at", "dispute", "ruling")
        for i in 0..<8 { d.order(Int32(i), buyer: "b\(i)", paid: at(day.adding(days: -i * 4), 10)) }   // 8 paid in 30 days
        d.order(99, buyer: "x", paid: nil, status: .waitBuyerPay)
        d.order(98, buyer: "y", paid: at(day.adding(days: -31), 10))                                  // outside
        func refund(_ s: RefundStatus, _ daysAgo: Int, dispute: Bool? = nil, ruling: Ruling? = nil) -> Refund {
            var r = Refund(refundID: "r\(d.refunds.count)", status: s)
            r.createdAt = at(day.adding(days: -daysAgo), 8); r.dispute = dispute; r.ruling = ruling
            return r
        }
        d.refunds = [refund(.success, 1), refund(.success, 29, dispute: true, ruling: .buyer), refund(.success, 30),
                     refund(.closed, 2, dispute: true, ruling: .seller), refund(.waitSellerAgree, 0, dispute: true)]
        let s = KPIEngine.snapshot(d, at: at(12)).store
        #expect(s.refundRate30d == 2.0 / 8.0)
        #expect(s.disputeRate30d == 1.0 / 8.0)
    }

    @Test func aMissingFileMakesItsFiguresUnknownNotZero() {
        let k = KPIEngine.snapshot(StoreData(), at: at(12))
        #expect(k.store.uv == nil && k.store.refundRate30d == nil && k.store.repeatRate30d == nil && k.store.sellThrough30d == nil)
        #expect(k.ads.cost == nil && k.ads.roi == nil)
        #expect(k.service.consultations == nil)
        #expect(k.queues.unpaidOrders == nil && k.queues.openRefunds == nil && k.queues.lowStockItems == nil)
        #expect(k.queues.couponsExpiring24h == nil && k.queues.unrepliedBadReviews == nil && k.queues.unansweredQuestions == nil)
    }
}

@Suite struct AdKPIs {
    func kw(_ id: String, _ hour: Int?, _ imp: Int64?, _ clicks: Int64?, _ cost: Int64?, _ orders: Int64?, _ revenue: Int64?, on date: LocalDate = day) -> KeywordDay {
        var k = KeywordDay(date: date, hour: hour, keywordID: id)
        k.impressions = imp; k.clicks = clicks; k.cost = cost; k.orders = orders; k.revenue = revenue
        return k
    }

    @Test func hourlyRowsAddUpAndAWholeDayRowWins() {
        var d = StoreData()
        d.keywordDays = [
            kw("k1", 9, 100, 4, 400, 1, 10_000), kw("k1", 10, 200, 6, 600, 0, 0), kw("k1", 14, 999, 99, 9_900, 9, 99_900),
            kw("k2", 9, 500, 50, 5_000, 5, 50_000), kw("k2", nil, 1_000, 20, 2_000, 2, 20_000),
            kw("k3", nil, 7, 7, 7, 7, 7, on: day.adding(days: -1)),
        ]
        let a = KPIEngine.snapshot(d, at: at(11, 15)).ads
        #expect(a.impressions == 1_300)        // k1 9h+10h (14h is later than 11:15) + k2's whole day
        #expect(a.clicks == 30)
        #expect(a.cost == 3_000)
        #expect(a.orders == 3)
        #expect(a.revenue == 30_000)
        #expect(a.ctr == 30.0 / 1_300.0)
        #expect(a.cpc == 100)
        #expect(a.cvr == 0.1)
        #expect(a.roi == 10)
        #expect(a.costPerOrder == 1_000)
    }

    @Test func anUnknownTermMakesTheTotalUnknown() {
        var d = StoreData()
        d.keywordDays = [kw("k1", nil, 100, 4, nil, 1, 100), kw("k2", nil, 100, 4, 50, 1, 100)]
        let a = KPIEngine.snapshot(d, at: at(23)).ads
        #expect(a.cost == nil && a.roi == nil && a.cpc == nil)
        #expect(a.clicks == 8)
    }

    @Test func budgetUsedPerCampaign() {
        var d = StoreData()
        var c1 = Campaign(campaignID: "c1"); c1.dailyBudget = 30_000
        var c2 = Campaign(campaignID: "c2"); c2.dailyBudget = nil
        let c3 = Campaign(campaignID: "c3")
        d.campaigns = [c1, c2, c3]
        d.keywords = [Keyword(keywordID: "k1", campaignID: "c1", word: "a"), Keyword(keywordID: "k2", campaignID: "c1", word: "b"),
                      Keyword(keywordID: "k3", campaignID: "c2", word: "c")]
        d.keywordDays = [kw("k1", nil, 1, 1, 10_000, 0, 0), kw("k2", 9, 1, 1, 5_000, 0, 0), kw("k3", nil, 1, 1, 7_000, 0, 0)]
        let c = KPIEngine.snapshot(d, at: at(12)).campaigns
        #expect(c[0].cost == 15_000 && c[0].budgetUsed == 0.5)
        #expect(c[1].cost == 7_000 && c[1].budgetUsed == nil)
        #expect(c[2].cost == nil)              // no keywords: not known, not zero
    }
}

@Suite struct Queues {
    @Test func everyQueueByItsDefinition() {
        var d = StoreData()
        d.loaded(.orders, "order_id", "status", "paid_at")
        d.loaded(.refunds, "refund_id", "status", "dispute")
        d.loaded(.reviews, "review_id", "rating", "replied")
        d.loaded(.questions, "question_id", "answered")
        d.loaded(.coupons, "coupon_id", "end_at")
        d.order(1, buyer: "a", paid: nil, status: .waitBuyerPay)
        d.order(2, buyer: "b", paid: nil, status: .waitBuyerPay)
        d.order(3, buyer: "c", paid: nil, status: .tradeClosed)
        func refund(_ s: RefundStatus, _ dispute: Bool?) -> Refund { var r = Refund(refundID: "r", status: s); r.dispute = dispute; return r }
        d.refunds = [refund(.waitSellerAgree, true), refund(.sellerRefuseBuyer, false), refund(.waitBuyerReturnGoods, nil),
                     refund(.success, true), refund(.closed, true)]
        func review(_ r: Rating, _ replied: Bool?) -> Review { var v = Review(reviewID: "v"); v.rating = r; v.replied = replied; return v }
        d.reviews = [review(.bad, false), review(.bad, true), review(.bad, nil), review(.good, false)]
        func q(_ a: Bool?) -> Question { var x = Question(questionID: "q"); x.answered = a; return x }
        d.questions = [q(false), q(false), q(true), q(nil)]
        let now = at(12)
        func coupon(_ end: LocalTime?) -> Coupon { var c = Coupon(couponID: "c"); c.endAt = end; return c }
        d.coupons = [coupon(now), coupon(now.adding(seconds: 1)), coupon(now.adding(hours: 24)), coupon(now.adding(hours: 24).adding(seconds: 1)),
                     coupon(now.adding(hours: -1)), coupon(nil)]
        let q = KPIEngine.snapshot(d, at: now).queues
        #expect(q.unpaidOrders == 2)
        #expect(q.openRefunds == 3)
        #expect(q.openDisputes == 1)
        #expect(q.unrepliedBadReviews == 1)
        #expect(q.unansweredQuestions == 2)
        #expect(q.couponsExpiring24h == 2)     // after the as-of time, at most 24 h after it
    }

    @Test func lowStockByDaysOfCover() {
        var d = StoreData()
        d.loaded(.products, "item_id", "stock", "status"); d.loaded(.productDaily, "date", "item_id", "paid_units")
        func p(_ id: String, _ stock: Int64?, _ status: ShelfStatus = .onShelf) -> Product { var x = Product(itemID: id); x.stock = stock; x.status = status; return x }
        d.products = [p("low", 10), p("ok", 70), p("nosales", 1), p("off", 1, .offShelf), p("unknown", nil)]
        func sold(_ id: String, _ daysAgo: Int, _ units: Int64) -> ProductDay { var x = ProductDay(date: day.adding(days: -daysAgo), itemID: id); x.paidUnits = units; return x }
        d.productDays = [sold("low", 0, 14), sold("low", 6, 7), sold("low", 7, 100),   // 21 units in 7 days → 3.3 days of cover
                         sold("ok", 1, 70),                                             // exactly 7 days: not under 7
                         sold("off", 1, 50), sold("unknown", 1, 50), sold("nosales", 7, 9)]
        let low = KPIEngine.lowStockItems(d, date: day)!
        #expect(low.map(\.product.itemID) == ["low"])
        #expect(abs(low[0].daysOfCover - 10.0 * 7 / 21) < 1e-9)
        #expect(KPIEngine.snapshot(d, at: at(12)).queues.lowStockItems == 1)
    }
}

@Suite struct ShippingAndActivities {
    @Test func shipHoursAndLateShipments() {
        var d = StoreData()
        d.loaded(.orders, "order_id", "status", "paid_at", "shipped_at")
        d.order(1, buyer: "a", paid: at(day.adding(days: -1), 20), shipped: at(10))        // 14 h, shipped today
        d.order(2, buyer: "b", paid: at(2), shipped: at(6))                                 // 4 h
        d.order(3, buyer: "c", paid: at(day.adding(days: -2), 9), shipped: at(day.adding(days: -1), 9))   // shipped yesterday
        d.order(4, buyer: "d", paid: at(day.adding(days: -2), 11, 59), status: .waitSellerSendGoods)      // 48h01m ago: late
        d.order(5, buyer: "e", paid: at(day.adding(days: -2), 12), status: .waitSellerSendGoods)          // exactly 48 h: not yet
        let k = KPIEngine.snapshot(d, at: at(12))
        #expect(k.shipping.shipHours == 9)
        #expect(k.shipping.lateShipments == 1)
    }

    @Test func activityRatesAndOrderShare() {
        var d = StoreData()
        d.loaded(.orders, "order_id", "status", "paid_at", "activity_id")
        var a = Activity(activityID: "A1")
        a.startAt = at(day.adding(days: -1), 0); a.endAt = at(day.adding(days: 3), 0)
        a.sold = 43; a.stockAllocated = 100; a.clicks = 8; a.impressions = 100; a.paidBuyers = 6; a.uv = 100
        var later = Activity(activityID: "A2"); later.startAt = at(day.adding(days: 2), 0)
        d.activities = [a, later]
        d.order(1, buyer: "a", paid: at(9), activity: "A1")
        d.order(2, buyer: "b", paid: at(10), activity: nil)
        d.order(3, buyer: "c", paid: at(day.adding(days: -1), 10), activity: "A1")
        d.order(4, buyer: "d", paid: at(day.adding(days: -2), 10), activity: "A1")        // before the activity
        d.order(5, buyer: "e", paid: at(13), activity: nil)                                 // after the as-of time
        let k = KPIEngine.snapshot(d, at: at(12)).activities
        #expect(k[0].sellOutRate == 0.43)
        #expect(k[0].ctr == 0.08)
        #expect(k[0].conversion == 0.06)
        #expect(k[0].orderShare == 2.0 / 3.0)
        #expect(k[1].orderShare == nil)        // not started
    }
}

@Suite struct PerRowKPIs {
    @Test func itemsKeywordsAndAgents() {
        var d = StoreData()
        d.loaded(.products, "item_id", "stock", "status"); d.loaded(.productDaily, "date", "item_id", "paid_units")
        var p = Product(itemID: "i1"); p.stock = 20; p.status = .onShelf
        d.products = [p]
        var today = ProductDay(date: day, itemID: "i1")
        today.uv = 400; today.paidBuyers = 12; today.paidUnits = 14; today.searchImpressions = 2_000; today.searchClicks = 90
        var before = ProductDay(date: day.adding(days: -3), itemID: "i1"); before.paidUnits = 21
        d.productDays = [today, before]
        var kd = KeywordDay(date: day, keywordID: "k1"); kd.impressions = 1_000; kd.clicks = 40; kd.cost = 5_000; kd.orders = 3; kd.revenue = 45_000
        d.keywordDays = [kd]
        var agent = AgentDay(date: day, agent: "小美"); agent.inquiryBuyers = 80; agent.inquiryPaidBuyers = 36; agent.slowResponses = 2
        d.agentDays = [agent, AgentDay(date: day.adding(days: -1), agent: "old")]
        let k = KPIEngine.snapshot(d, at: at(12))
        #expect(k.items.count == 1)
        #expect(k.items[0].mainImageCTR == 0.045)
        #expect(k.items[0].conversionRate == 0.03)
        #expect(k.items[0].daysOfCover == 20.0 * 7 / 35)
        #expect(k.keywords.count == 1)
        #expect(k.keywords[0].ctr == 0.04 && k.keywords[0].cpc == 125 && k.keywords[0].cvr == 0.075)
        #expect(k.keywords[0].roi == 9 && k.keywords[0].costPerOrder == 1_667)
        #expect(k.agents.map(\.agent) == ["小美"])
        #expect(k.agents[0].inquiryConversion == 0.45)
    }
}
