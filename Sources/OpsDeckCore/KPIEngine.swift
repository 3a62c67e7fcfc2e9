/// Computes the KPI snapshot from the data snapshot, as of a given local time.
///
/// Rules carried through every figure:
/// - distinct counts (UV, buyers) come from whole-day rows and are never summed;
/// - a keyword-day with only hourly rows is the sum of its hours up to the as-of hour;
/// - "last 30 days" is the as-of date and the 29 days before it, up to the as-of time;
/// - nothing counts when its source file or column is missing: the figure is unknown.
public enum KPIEngine {
    public static func snapshot(_ data: StoreData, at: LocalTime) -> KPISnapshot {
        var k = KPISnapshot(at: at)
        k.store = store(data, at: at)
        let kw = keywordTotals(data, on: at.date, upTo: at)
        k.ads = ads(kw)
        k.service = service(data, on: at.date)
        k.queues = queues(data, at: at)
        k.shipping = shipping(data, at: at)
        k.activities = activities(data, at: at)
        k.campaigns = campaigns(data, keywordTotals: kw)
        k.items = items(data, on: at.date)
        k.keywords = keywords(kw)
        k.agents = agents(data, on: at.date)
        k.warnings = data.issues.filter { $0.severity == .error }.map(\.description)
        return k
    }

    // MARK: store

    /// The whole-day row of a date, if the export has one.
    public static func wholeDay(_ data: StoreData, _ date: LocalDate) -> StoreDay? {
        data.storeDays.last { $0.date == date && $0.hour == nil }
    }

    static func store(_ data: StoreData, at: LocalTime) -> KPISnapshot.Store {
        var s = KPISnapshot.Store()
        let date = at.date
        if let day = wholeDay(data, date) {
            s.uv = day.uv; s.pv = day.pv; s.paidBuyers = day.paidBuyers; s.paidAmount = day.paidAmount
            s.conversionRate = Formula.conversionRate(paidBuyers: day.paidBuyers, uv: day.uv)
            s.avgOrderValue = Formula.avgOrderValue(paidAmount: day.paidAmount, paidBuyers: day.paidBuyers)
            s.uvValue = Formula.uvValue(paidAmount: day.paidAmount, uv: day.uv)
            s.cartRate = Formula.cartRate(cartBuyers: day.cartBuyers, uv: day.uv)
            s.favoriteRate = Formula.favoriteRate(favoriteBuyers: day.favoriteBuyers, uv: day.uv)
        } else {
            // Only hourly rows: page views and money add up over hours; distinct counts do not.
            let hours = data.storeDays.filter { $0.date == date && $0.hour != nil && $0.hour! <= at.hour }
            if !hours.isEmpty {
                s.pv = Formula.sum(hours.map(\.pv))
                s.paidAmount = Formula.sum(hours.map(\.paidAmount))
            }
        }
        s.sellThrough30d = sellThrough30d(data, date: date)
        let orders = orderWindows(data, at: at)
        s.repeatRate30d = orders.repeatRate
        if data.has(.refunds), data.has(.orders, "paid_at") {
            let from = date.adding(days: -29).start
            var success: Int64 = 0, disputesLost: Int64 = 0
            for r in data.refunds {
                guard let c = r.createdAt, c >= from, c <= at else { continue }
                if r.status == .success { success += 1 }
                if r.dispute == true && r.ruling == .buyer { disputesLost += 1 }
            }
            s.refundRate30d = Formula.ratio(success, orders.paidLast30)
            s.disputeRate30d = data.has(.refunds, "dispute") && data.has(.refunds, "ruling")
                ? Formula.ratio(disputesLost, orders.paidLast30) : nil
        }
        return s
    }

    /// Items with sales in the last 30 days (on shelf or not) / items on shelf today.
    public static func sellThrough30d(_ data: StoreData, date: LocalDate) -> Double? {
        guard data.has(.products, "status"), data.has(.productDaily, "paid_units") else { return nil }
        let from = date.adding(days: -29)
        var sold = Set<String>()
        for d in data.productDays where d.date >= from && d.date <= date && (d.paidUnits ?? 0) > 0 {
            sold.insert(d.itemID)
        }
        let onShelf = data.products.filter { $0.status == .onShelf }.count
        return Formula.ratio(Int64(sold.count), Int64(onShelf))
    }

    struct OrderWindows { var paidLast30: Int64?; var repeatRate: Double? }

    /// One pass over the orders for the 30- and 60-day windows. Buyer sets are flat flag
    /// arrays indexed by symbol: a million orders is the normal case.
    static func orderWindows(_ data: StoreData, at: LocalTime) -> OrderWindows {
        guard data.has(.orders, "paid_at") else { return OrderWindows() }
        let last30From = at.date.adding(days: -29).start.seconds
        let prevFrom = at.date.adding(days: -59).start.seconds
        let atS = at.seconds
        var flags = [UInt8](repeating: 0, count: data.symbols.count)
        var paidLast30: Int64 = 0
        data.orders.withUnsafeBufferPointer { orders in
            flags.withUnsafeMutableBufferPointer { f in
                for o in orders {
                    let p = o.paidSeconds
                    guard p != Int64.min, p >= prevFrom, p <= atS else { continue }
                    if p >= last30From {
                        paidLast30 += 1
                        if !o.buyer.isNone { f[Int(o.buyer.raw)] |= 2 }
                    } else if !o.buyer.isNone {
                        f[Int(o.buyer.raw)] |= 1
                    }
                }
            }
        }
        var repeatRate: Double? = nil
        if data.has(.orders, "buyer_id") {
            var before: Int64 = 0, again: Int64 = 0
            for f in flags where f & 1 != 0 {
                before += 1
                if f & 2 != 0 { again += 1 }
            }
            repeatRate = Formula.ratio(again, before)
        }
        return OrderWindows(paidLast30: paidLast30, repeatRate: repeatRate)
    }

    // MARK: ads

    public struct KeywordTotals: Sendable {
        /// Per keyword ID, the day's figures (whole-day row, or the sum of its hours).
        public var byKeyword: [String: KeywordDay]
    }

    /// The day's figures per keyword. A whole-day row wins over hourly rows of the same
    /// keyword-day; hourly rows after the as-of hour are not yet known at that time.
    public static func keywordTotals(_ data: StoreData, on date: LocalDate, upTo at: LocalTime? = nil) -> KeywordTotals {
        var whole: [String: KeywordDay] = [:]
        var hourly: [String: KeywordDay] = [:]
        let lastHour = at.map { $0.date == date ? $0.hour : 23 } ?? 23
        func add(_ a: Int64?, _ b: Int64?) -> Int64? { if let a, let b { a + b } else { nil } }
        for r in data.keywordDays where r.date == date {
            if let h = r.hour {
                guard h <= lastHour else { continue }
                if var acc = hourly[r.keywordID] {
                    acc.impressions = add(acc.impressions, r.impressions); acc.clicks = add(acc.clicks, r.clicks)
                    acc.cost = add(acc.cost, r.cost); acc.orders = add(acc.orders, r.orders)
                    acc.revenue = add(acc.revenue, r.revenue); acc.favorites = add(acc.favorites, r.favorites)
                    acc.carts = add(acc.carts, r.carts)
                    hourly[r.keywordID] = acc
                } else {
                    var first = r; first.hour = nil
                    hourly[r.keywordID] = first
                }
            } else {
                whole[r.keywordID] = r
            }
        }
        return KeywordTotals(byKeyword: hourly.merging(whole) { _, w in w })
    }

    static func ads(_ t: KeywordTotals) -> KPISnapshot.Ads {
        var a = KPISnapshot.Ads()
        let days = Array(t.byKeyword.values)
        a.impressions = Formula.sum(days.map(\.impressions))
        a.clicks = Formula.sum(days.map(\.clicks))
        a.cost = Formula.sum(days.map(\.cost))
        a.orders = Formula.sum(days.map(\.orders))
        a.revenue = Formula.sum(days.map(\.revenue))
        a.ctr = Formula.ctr(clicks: a.clicks, impressions: a.impressions)
        a.cpc = Formula.cpc(cost: a.cost, clicks: a.clicks)
        a.cvr = Formula.cvr(orders: a.orders, clicks: a.clicks)
        a.roi = Formula.roi(revenue: a.revenue, cost: a.cost)
        a.costPerOrder = Formula.costPerOrder(cost: a.cost, orders: a.orders)
        return a
    }

    static func campaigns(_ data: StoreData, keywordTotals t: KeywordTotals) -> [KPISnapshot.CampaignKPI] {
        var costByCampaign: [String: [Int64?]] = [:]
        for k in data.keywords { if let d = t.byKeyword[k.keywordID] { costByCampaign[k.campaignID, default: []].append(d.cost) } }
        return data.campaigns.map { c in
            // A plan with no keywords (a display plan) has no cost in the keyword report: unknown.
            let cost = costByCampaign[c.campaignID].flatMap { Formula.sum($0) }
            return KPISnapshot.CampaignKPI(campaignID: c.campaignID, name: c.name, cost: cost, dailyBudget: c.dailyBudget,
                                          budgetUsed: Formula.budgetUsed(cost: cost, dailyBudget: c.dailyBudget))
        }
    }

    /// Every keyword's day, in keyword-ID order.
    static func keywords(_ t: KeywordTotals) -> [KPISnapshot.KeywordKPI] {
        t.byKeyword.values.sorted { $0.keywordID < $1.keywordID }.map { d in
            KPISnapshot.KeywordKPI(keywordID: d.keywordID, impressions: d.impressions, clicks: d.clicks, cost: d.cost,
                                   orders: d.orders, revenue: d.revenue,
                                   ctr: Formula.ctr(clicks: d.clicks, impressions: d.impressions),
                                   cpc: Formula.cpc(cost: d.cost, clicks: d.clicks),
                                   cvr: Formula.cvr(orders: d.orders, clicks: d.clicks),
                                   roi: Formula.roi(revenue: d.revenue, cost: d.cost),
                                   costPerOrder: Formula.costPerOrder(cost: d.cost, orders: d.orders))
        }
    }

    /// Every item with a row on the date, with its days of cover.
    static func items(_ data: StoreData, on date: LocalDate) -> [KPISnapshot.ItemKPI] {
        let units = unitsLast7Days(data, date: date)
        var stock: [String: Int64?] = [:]
        for p in data.products { stock[p.itemID] = p.stock }
        return data.productDays.filter { $0.date == date }.map { d in
            KPISnapshot.ItemKPI(itemID: d.itemID, uv: d.uv, paidUnits: d.paidUnits, paidAmount: d.paidAmount,
                                conversionRate: Formula.conversionRate(paidBuyers: d.paidBuyers, uv: d.uv),
                                mainImageCTR: Formula.mainImageCTR(searchClicks: d.searchClicks, searchImpressions: d.searchImpressions),
                                daysOfCover: Formula.daysOfCover(stock: stock[d.itemID] ?? nil, unitsLast7Days: units[d.itemID]))
        }
    }

    static func agents(_ data: StoreData, on date: LocalDate) -> [KPISnapshot.AgentKPI] {
        data.agentDays.filter { $0.date == date }.map { a in
            KPISnapshot.AgentKPI(agent: a.agent, consultations: a.consultations, firstResponseSeconds: a.firstResponseSeconds,
                                 avgResponseSeconds: a.avgResponseSeconds,
                                 inquiryConversion: Formula.inquiryConversion(paid: a.inquiryPaidBuyers, inquiries: a.inquiryBuyers),
                                 slowResponses: a.slowResponses)
        }
    }

    // MARK: service

    static func service(_ data: StoreData, on date: LocalDate) -> KPISnapshot.Service {
        var s = KPISnapshot.Service()
        let rows = data.agentDays.filter { $0.date == date }
        s.consultations = Formula.sum(rows.map(\.consultations))
        s.inquiryBuyers = Formula.sum(rows.map(\.inquiryBuyers))
        s.inquiryPaidBuyers = Formula.sum(rows.map(\.inquiryPaidBuyers))
        s.inquiryConversion = Formula.inquiryConversion(paid: s.inquiryPaidBuyers, inquiries: s.inquiryBuyers)
        return s
    }

    // MARK: queues

    static func queues(_ data: StoreData, at: LocalTime) -> KPISnapshot.Queues {
        var q = KPISnapshot.Queues()
        if data.has(.orders) {
            var n = 0
            for o in data.orders where o.status == .waitBuyerPay { n += 1 }
            q.unpaidOrders = n
        }
        if data.has(.refunds) {
            let open = data.refunds.filter { $0.status.isOpen && ($0.createdAt.map { $0 <= at } ?? true) }
            q.openRefunds = open.count
            if data.has(.refunds, "dispute") { q.openDisputes = open.filter { $0.dispute == true }.count }
        }
        if data.has(.reviews, "rating"), data.has(.reviews, "replied") {
            q.unrepliedBadReviews = data.reviews.filter { $0.rating == .bad && $0.replied == false }.count
        }
        if data.has(.questions, "answered") {
            q.unansweredQuestions = data.questions.filter { $0.answered == false }.count
        }
        if data.has(.coupons, "end_at") {
            let limit = at.adding(hours: 24)
            q.couponsExpiring24h = data.coupons.filter { c in c.endAt.map { $0 > at && $0 <= limit } ?? false }.count
        }
        q.lowStockItems = lowStockItems(data, date: at.date).map(\.count)
        return q
    }

    /// Units sold per item over the date and the 6 days before it.
    public static func unitsLast7Days(_ data: StoreData, date: LocalDate) -> [String: Int64] {
        let from = date.adding(days: -6)
        var units: [String: Int64] = [:]
        for d in data.productDays where d.date >= from && d.date <= date {
            if let u = d.paidUnits { units[d.itemID, default: 0] += u }
        }
        return units
    }

    /// On-shelf items whose days of cover is under the store's threshold; items with no sales
    /// in those 7 days are not low. Nil when the files to judge are missing.
    public static func lowStockItems(_ data: StoreData, date: LocalDate) -> [(product: Product, daysOfCover: Double)]? {
        guard data.has(.products, "stock"), data.has(.products, "status"), data.has(.productDaily, "paid_units") else { return nil }
        let units = unitsLast7Days(data, date: date)
        let threshold = data.profile.thresholds.lowStockDays
        return data.products.compactMap { p in
            guard p.status == .onShelf,
                  let cover = Formula.daysOfCover(stock: p.stock, unitsLast7Days: units[p.itemID]),
                  cover < threshold else { return nil }
            return (p, cover)
        }
    }

    // MARK: shipping

    static func shipping(_ data: StoreData, at: LocalTime) -> KPISnapshot.Shipping {
        var s = KPISnapshot.Shipping()
        guard data.has(.orders, "paid_at") else { return s }
        let dayStart = at.date.start.seconds, atS = at.seconds
        let lateAfter = Int64(data.profile.thresholds.lateShipmentHours) * 3600
        var totalSeconds: Int64 = 0, shipped: Int64 = 0, late = 0
        for o in data.orders {
            let p = o.paidSeconds
            guard p != Int64.min else { continue }
            if let sh = o.shippedAt?.seconds, sh >= dayStart, sh <= atS, sh >= p {
                totalSeconds += sh - p; shipped += 1
            }
            if o.status == .waitSellerSendGoods && atS - p > lateAfter { late += 1 }
        }
        if data.has(.orders, "shipped_at") {
            s.shipHours = shipped > 0 ? Double(totalSeconds) / Double(shipped) / 3600 : nil
        }
        s.lateShipments = late
        return s
    }

    // MARK: activities

    static func activities(_ data: StoreData, at: LocalTime) -> [KPISnapshot.ActivityKPI] {
        guard !data.activities.isEmpty else { return [] }
        let shares = activityOrderShares(data, at: at)
        return data.activities.map { a in
            KPISnapshot.ActivityKPI(
                activityID: a.activityID, name: a.name,
                sellOutRate: Formula.sellOutRate(sold: a.sold, allocated: a.stockAllocated),
                ctr: Formula.ctr(clicks: a.clicks, impressions: a.impressions),
                conversion: Formula.conversionRate(paidBuyers: a.paidBuyers, uv: a.uv),
                orderShare: shares[a.activityID] ?? nil)
        }
    }

    /// Paid orders carrying the activity's ID / all paid orders, over the activity's own
    /// window (its start to its end or the as-of time, whichever is first). One pass over the
    /// orders for all activities.
    public static func activityOrderShares(_ data: StoreData, at: LocalTime) -> [String: Double?] {
        guard data.has(.orders, "activity_id"), data.has(.orders, "paid_at") else { return [:] }
        struct Window { var id: String; var symbol: Symbol; var from: Int64; var to: Int64; var all: Int64 = 0; var mine: Int64 = 0 }
        var result: [String: Double?] = [:]
        var windows: [Window] = []
        for a in data.activities {
            guard let start = a.startAt, start <= at else { result[a.activityID] = .some(nil); continue }
            windows.append(Window(id: a.activityID, symbol: data.symbols.lookup(a.activityID) ?? .none,
                                  from: start.seconds, to: min(a.endAt ?? at, at).seconds))
        }
        guard !windows.isEmpty else { return result }
        let earliest = windows.map(\.from).min()!, latest = windows.map(\.to).max()!
        for o in data.orders {
            let p = o.paidSeconds
            guard p != Int64.min, p >= earliest, p <= latest else { continue }
            for w in windows.indices where p >= windows[w].from && p <= windows[w].to {
                windows[w].all += 1
                if o.activity == windows[w].symbol && !o.activity.isNone { windows[w].mine += 1 }
            }
        }
        for w in windows { result[w.id] = Formula.ratio(w.mine, w.all) }
        return result
    }
}
