import Foundation
import OpsDeckCore

public struct DemoOptions: Sendable {
    public var seed: UInt64 = 1
    public var days = 60
    public var ordersPerDay = 400
    /// The demo ends here (the current hour when run live).
    public var now: LocalTime
    public init(now: LocalTime) { self.now = now }
}

public struct DemoSummary: Sendable {
    public var orders = 0
    public var files = 0
}

/// Writes a complete, coherent demo data directory in the contract's format: the orders
/// drive the store and item reports, promotion figures are believable, and the queues hold
/// something to do (disputes, bad reviews, expiring coupons, an activity about to start, a
/// campaign that went offline early yesterday). Same seed and same hour, same files.
public enum DemoGenerator {
    /// Days before today that also get hourly rows in store_daily and keyword_daily.
    static let hourlyDays = 7
    /// Plan and keyword IDs are digits, as the platform's are (its API takes them as numbers).
    static func campaignID(_ i: Int) -> String { String(20_010_001 + i) }
    static let hourWeights: [Double] = [0.5, 0.3, 0.15, 0.1, 0.1, 0.15, 0.35, 0.7, 1.1, 1.5, 1.8, 1.9, 1.7, 1.5, 1.7, 1.8,
                                        1.7, 1.6, 1.5, 1.8, 2.3, 2.6, 2.3, 1.3]

    public static func write(to dir: URL, options o: DemoOptions) throws -> DemoSummary {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var g = Generation(options: o, dir: dir)
        try g.run()
        return g.summary
    }
}

struct Generation {
    let o: DemoOptions
    let dir: URL
    var rng: SplitMix64
    var summary = DemoSummary()
    let today: LocalDate
    let first: LocalDate
    let items: [DemoCatalog.Item]
    let itemIDs: [String]
    var activities: [Activity] = []

    init(options: DemoOptions, dir: URL) {
        o = options; self.dir = dir
        rng = SplitMix64(seed: options.seed)
        today = options.now.date
        first = today.adding(days: -(max(options.days, 1) - 1))
        items = DemoCatalog.items
        itemIDs = items.indices.map { String(6_500_000_000_00 + $0 * 7_919 + 1_003) }
    }

    /// Sales factor of a date: weekends, a slow upward trend, 11.11 and 12.12; scaled so
    /// that `--orders-per-day` is the average over the whole period.
    func dayFactor(_ d: LocalDate, noise: Double) -> Double {
        rawFactor(d, noise: noise) / meanFactor
    }

    var meanFactor: Double {
        let days = today.days(since: first) + 1
        return (0..<days).reduce(0.0) { $0 + rawFactor(first.adding(days: $1), noise: 1) } / Double(days)
    }

    func rawFactor(_ d: LocalDate, noise: Double) -> Double {
        var f = [1.0, 0.95, 0.97, 1.0, 1.08, 1.18, 1.12][d.isoWeekday - 1]
        f *= 1 + 0.002 * Double(d.days(since: first))
        let c = d.components
        if c.month == 11 && c.day == 11 { f *= 3.2 }
        if c.month == 12 && c.day == 12 { f *= 2.2 }
        if c.month == 6 && c.day == 18 { f *= 2.5 }
        return f * noise
    }

    mutating func run() throws {
        try writeProfile()
        activities = makeActivities()
        let paidByDayItem = try writeOrdersAndReports()
        try writeCatalog(unitsLast7: paidByDayItem)
        try writeActivities()
        try writeCoupons()
        try writeQuestions()
        try writePromotion()
        try writeService()
        try writeArt()
        try writeMarket()
        try writeContent()
        let marker = "generated \(o.now.minuteString) seed \(o.seed) days \(o.days) orders-per-day \(o.ordersPerDay)\n"
        try marker.write(to: dir.appendingPathComponent(".opsdeck-demo"), atomically: true, encoding: .utf8)
        summary.files = 20
    }

    func writeProfile() throws {
        // Growth goals: the hero item's main-image CTR by the coming Friday, store conversion
        // in two weeks.
        let friday = today.adding(days: (5 - today.isoWeekday + 7) % 7 == 0 ? 7 : (5 - today.isoWeekday + 7) % 7)
        let toml = """
        # Store profile for OpsDeck (see docs/data-contract.md)
        name = "\(DemoCatalog.storeName)"
        timezone = "Asia/Shanghai"
        currency = "CNY"
        operators = [\(DemoCatalog.operators.map { "\"\($0)\"" }.joined(separator: ", "))]

        [targets]
        daily_gmv = 60000          # yuan
        conversion_rate = "3.5%"
        roi = 3.0
        ctr = "3%"
        inquiry_conversion = "45%"
        refund_rate = "8%"
        first_response_seconds = 25

        [thresholds]
        low_stock_days = 7
        coupon_expiry_hours = 24
        stale_data_minutes = 90
        late_shipment_hours = 48

        [bids]
        max_bid = 8.00             # yuan; tightens the platform's ¥99.99
        bid_step = 0.05
        confirm_change_over = 30   # percent

        [[goals]]
        name = "Hero dress main-image CTR to 6% by Friday"
        metric = "main_image_ctr"
        item = "\(itemIDs[0])"
        target = "6%"
        deadline = \(friday)

        [[goals]]
        metric = "conversion_rate"
        target = "4%"
        deadline = \(today.adding(days: 14))

        """
        try toml.write(to: dir.appendingPathComponent("store.toml"), atomically: true, encoding: .utf8)
    }

    mutating func makeActivities() -> [Activity] {
        let now = o.now
        func at(_ days: Int, _ hour: Int) -> LocalTime { LocalTime(date: today.adding(days: days), hour: hour) }
        var past = Activity(activityID: "ACT-TTTJ-01")
        past.name = "天天特价·秋装专场"; past.kind = .official; past.platform = "天天特价"
        past.signupDeadline = at(-20, 18); past.warmupAt = at(-14, 0); past.startAt = at(-12, 0); past.endAt = at(-9, 0)
        past.itemIDs = [itemIDs[1], itemIDs[7]]; past.activityPrice = 8_900; past.stockAllocated = 1_500
        var running = Activity(activityID: "ACT-STORE-02")
        running.name = "店铺周年庆 满300减40"; running.kind = .store; running.platform = "店铺"
        running.signupDeadline = nil; running.warmupAt = at(-3, 20); running.startAt = at(-1, 0); running.endAt = at(3, 0)
        running.itemIDs = [itemIDs[0], itemIDs[2], itemIDs[8]]; running.activityPrice = 25_900; running.stockAllocated = 800
        var soon = Activity(activityID: "ACT-JHS-03")
        soon.name = "聚划算·冬季上新"; soon.kind = .official; soon.platform = "聚划算"
        soon.signupDeadline = at(-5, 18); soon.warmupAt = now.adding(hours: 20); soon.startAt = now.adding(hours: 44); soon.endAt = now.adding(hours: 44 + 72)
        soon.itemIDs = [itemIDs[9], itemIDs[3]]; soon.activityPrice = 39_900; soon.stockAllocated = 2_000; soon.sold = 0
        soon.planReady = true; soon.contentReady = false; soon.artReady = false; soon.csBriefed = false
        var live = Activity(activityID: "ACT-LIVE-04")
        live.name = "达人直播专场（穿搭日记）"; live.kind = .thirdParty; live.platform = "淘宝直播"
        live.signupDeadline = at(2, 12); live.warmupAt = at(4, 10); live.startAt = at(5, 20); live.endAt = at(5, 23)
        live.itemIDs = [itemIDs[4], itemIDs[12]]; live.activityPrice = 11_900; live.stockAllocated = 600; live.sold = 0
        live.planReady = false; live.contentReady = false; live.artReady = false; live.csBriefed = false
        past.planReady = true; past.contentReady = true; past.artReady = true; past.csBriefed = true
        running.planReady = true; running.contentReady = true; running.artReady = true; running.csBriefed = true
        return [past, running, soon, live]
    }

    struct Pending { var refund: Refund }

    /// orders.csv, store_daily.csv, product_daily.csv, refunds.csv, reviews.csv — from the
    /// same stream of orders, so the reports agree with the order list. Returns units sold
    /// per item over the last 7 days (for stock levels).
    mutating func writeOrdersAndReports() throws -> [Int64] {
        let orders = try CSVOut(dir, .orders, header: ["order_id", "created_at", "paid_at", "item_id", "buyer_id", "quantity", "amount", "shipped_at", "status", "activity_id"])
        let store = try CSVOut(dir, .storeDaily, header: ["date", "hour", "uv", "pv", "avg_stay_seconds", "bounce_rate", "paid_buyers", "paid_orders", "paid_units", "paid_amount", "cart_buyers", "favorite_buyers", "new_buyers", "returning_buyers", "refund_amount"])
        let product = try CSVOut(dir, .productDaily, header: ["date", "item_id", "uv", "pv", "paid_buyers", "paid_units", "paid_amount", "cart_buyers", "favorite_buyers", "search_impressions", "search_clicks"])
        var refunds: [Refund] = []
        var reviews: [Review] = []
        let now = o.now
        let itemWeights = cumulative(items.map(\.weight))
        let hourCum = cumulative(DemoGenerator.hourWeights)
        var buyerPool: [Int32] = []
        var everPaid: [Bool] = []
        var nextBuyer: Int32 = 100_000
        var orderSeq = 0
        var unitsLast7 = [Int64](repeating: 0, count: items.count)
        var refundByDay: [LocalDate: Int64] = [:]

        for dayIndex in 0...today.days(since: first) {
            let date = first.adding(days: dayIndex)
            let isToday = date == today
            var factor = dayFactor(date, noise: rng.jitter(0.08))
            if isToday {
                let upTo = hourCum[now.hour] - DemoGenerator.hourWeights[now.hour] * (1 - Double(now.minute) / 60)
                factor *= upTo / hourCum[23]
            }
            let n = Int((Double(o.ordersPerDay) * factor).rounded())
            // Creation times, in order.
            // Today only has the hours so far (and the current hour up to the minute).
            let hours = isToday ? Array(hourCum[0...now.hour]) : hourCum
            var times: [Int64] = (0..<n).map { _ in
                let h = rng.weighted(hours)
                let lastSecond = isToday && h == now.hour ? max(now.minute * 60 - 1, 0) : 3599
                return Int64(h * 3600 + rng.int(0...lastSecond))
            }
            times.sort()
            // Per-day aggregates, by paid time.
            var buyersToday = Set<Int32>()
            var newToday = 0
            var itemBuyers = [Set<Int32>](repeating: [], count: items.count)
            var itemUnits = [Int64](repeating: 0, count: items.count)
            var itemAmount = [Int64](repeating: 0, count: items.count)
            var hourBuyers = [Set<Int32>](repeating: [], count: 24)
            var hourOrders = [Int64](repeating: 0, count: 24)
            var hourUnits = [Int64](repeating: 0, count: 24)
            var hourAmount = [Int64](repeating: 0, count: 24)
            var paidOrders: Int64 = 0, paidUnits: Int64 = 0, paidAmount: Int64 = 0
            let dayStart = date.start.seconds

            for t in times {
                orderSeq += 1
                let created = LocalTime(seconds: dayStart + t)
                let item = rng.weighted(itemWeights)
                let qty: Int64 = rng.chance(0.85) ? 1 : (rng.chance(0.8) ? 2 : 3)
                var activityID: String? = nil
                let running = activities.first { a in
                    a.itemIDs.contains(itemIDs[item]) && (a.startAt.map { $0 <= created } ?? false) && (a.endAt.map { $0 > created } ?? false)
                }
                var price = items[item].priceFen
                if let running, rng.chance(0.7) { activityID = running.activityID; price = running.activityPrice ?? price }
                let discount: Int64 = rng.chance(0.3) ? [500, 1_000, 2_000][rng.int(0...2)] : 0
                let amount = max(price * qty - discount, 100)
                let buyer: Int32
                if !buyerPool.isEmpty && rng.chance(0.3) { buyer = buyerPool[rng.int(0...buyerPool.count - 1)] }
                else { buyer = nextBuyer; nextBuyer += 1; buyerPool.append(buyer) }
                var paid: LocalTime? = nil
                if rng.chance(0.94) {
                    let p = created.adding(seconds: Int64(rng.int(20...1_500)))
                    let endOfDay = date.adding(days: 1).start.adding(seconds: -1)
                    let clamped = min(p, endOfDay)
                    if clamped <= now { paid = clamped }
                }
                var shipped: LocalTime? = nil
                let status: OrderStatus
                if let paid {
                    let ship = paid.adding(seconds: Int64(rng.int(2 * 3600...40 * 3600)))
                    // A few recent orders are forgotten by the warehouse: late shipments to chase.
                    let neverShips = now.seconds - paid.seconds < 4 * 86_400 && rng.chance(0.01)
                    if ship <= now && !neverShips {
                        shipped = ship
                        status = now.seconds - ship.seconds > 7 * 86_400 ? .tradeFinished : .waitBuyerConfirmGoods
                    } else {
                        status = .waitSellerSendGoods
                    }
                } else {
                    status = now.seconds - created.seconds < 86_400 ? .waitBuyerPay : .tradeClosed
                }
                let orderID = "3\(date.description.replacingOccurrences(of: "-", with: ""))\(String(orderSeq).leftPadded(8))"
                orders.text(orderID); orders.time(created); orders.time(paid); orders.text(itemIDs[item])
                orders.text("tb\(buyer)"); orders.int(qty); orders.fen(amount); orders.time(shipped)
                orders.text(status.code); orders.text(activityID); orders.end()

                guard let paid else { continue }
                paidOrders += 1; paidUnits += qty; paidAmount += amount
                if buyersToday.insert(buyer).inserted {
                    let b = Int(buyer - 100_000)
                    if b >= everPaid.count { everPaid.append(contentsOf: repeatElement(false, count: b - everPaid.count + 1)) }
                    if !everPaid[b] { newToday += 1; everPaid[b] = true }
                }
                itemBuyers[item].insert(buyer); itemUnits[item] += qty; itemAmount[item] += amount
                if date.days(since: today) > -7 { unitsLast7[item] += qty }
                // (An order paid just after midnight counts in the day's totals, as the demo
                // always did, but in no hour of it.)
                if paid.date == date {
                    let h = paid.hour
                    hourBuyers[h].insert(buyer); hourOrders[h] += 1; hourUnits[h] += qty; hourAmount[h] += amount
                }
                // A few paid orders come back as refunds; recent ones are still open.
                if rng.chance(0.04) {
                    let createdAt = paid.adding(seconds: Int64(rng.int(3_600...5 * 86_400)))
                    if createdAt <= now {
                        var r = Refund(refundID: "R\(orderID.dropFirst())", status: .waitSellerAgree)
                        r.orderID = orderID; r.itemID = itemIDs[item]; r.createdAt = createdAt; r.amount = amount
                        r.reason = DemoCatalog.refundReasons[rng.weighted(cumulative(DemoCatalog.refundReasonWeights))]
                        // Settled one to three days after it was asked for; the store
                        // report counts a successful refund on the day it was settled.
                        let settledAt = createdAt.adding(seconds: Int64(rng.int(86_400...3 * 86_400)))
                        r.dispute = rng.chance(0.06)
                        if settledAt <= now {
                            r.status = rng.chance(0.75) ? .success : .closed
                            if r.dispute == true { r.ruling = r.status == .success ? .buyer : .seller }
                        } else {
                            r.status = [RefundStatus.waitSellerAgree, .waitBuyerReturnGoods, .waitSellerConfirmGoods, .sellerRefuseBuyer][rng.int(0...3)]
                        }
                        if r.status == .success { refundByDay[settledAt.date, default: 0] += amount }
                        refunds.append(r)
                    }
                }
                if let shipped, now.seconds - shipped.seconds < 16 * 86_400, rng.chance(0.1) {
                    let at = shipped.adding(seconds: Int64(rng.int(86_400...4 * 86_400)))
                    if at <= now {
                        var rv = Review(reviewID: "V\(orderSeq)")
                        rv.orderID = orderID; rv.itemID = itemIDs[item]; rv.createdAt = at
                        let x = rng.unit()
                        rv.rating = x < 0.9 ? .good : (x < 0.96 ? .neutral : .bad)
                        rv.content = rv.rating == .good ? rng.pick(DemoCatalog.goodReviews)
                            : rv.rating == .neutral ? rng.pick(DemoCatalog.neutralReviews) : rng.pick(DemoCatalog.badReviews)
                        rv.replied = rv.rating == .bad ? now.seconds - at.seconds > 2 * 86_400 : rng.chance(0.3)
                        reviews.append(rv)
                    }
                }
            }
            summary.orders += times.count

            // Store report: the whole-day row from the day's paid orders; traffic from a
            // believable conversion. Today also gets its hourly rows.
            let buyers = Int64(buyersToday.count)
            let conv = 0.034 * rng.jitter(0.12)
            let uv = max(Int64((Double(buyers) / conv).rounded()), buyers)
            func storeRow(hour: Int?, uv: Int64, buyers: Int64, orders: Int64, units: Int64, amount: Int64, newBuyers: Int64?, refund: Int64?) {
                store.date(date); store.int(hour); store.int(uv); store.int(Int64(Double(uv) * 3.1 * rng.jitter(0.1)))
                store.decimal(48 * rng.jitter(0.15)); store.percent(0.58 * rng.jitter(0.05))
                store.int(buyers); store.int(orders); store.int(units); store.fen(amount)
                store.int(Int64(Double(uv) * 0.09 * rng.jitter(0.1))); store.int(Int64(Double(uv) * 0.06 * rng.jitter(0.1)))
                store.int(newBuyers); store.int(newBuyers.map { buyers - $0 }); store.fen(refund); store.end()
            }
            storeRow(hour: nil, uv: uv, buyers: buyers, orders: paidOrders, units: paidUnits, amount: paidAmount,
                     newBuyers: Int64(newToday), refund: refundByDay[date] ?? 0)
            // The last week and today also have hourly rows (to compare today so far with the
            // same time on earlier days). Hourly visitors add up to more than the day's: the
            // same person visits in several hours.
            if today.days(since: date) <= DemoGenerator.hourlyDays {
                let w = DemoGenerator.hourWeights
                let lastHour = isToday ? now.hour : 23
                let share = { (h: Int) in h == now.hour && isToday ? w[h] * Double(now.minute) / 60 : w[h] }
                let total = (0...lastHour).reduce(0.0) { $0 + share($1) }
                for h in 0...lastHour {
                    let hb = Int64(hourBuyers[h].count)
                    let huv = max(Int64(Double(uv) / 0.82 * share(h) / max(total, 0.01)), hb)
                    storeRow(hour: h, uv: huv, buyers: hb, orders: hourOrders[h], units: hourUnits[h], amount: hourAmount[h], newBuyers: nil, refund: nil)
                }
            }
            for i in items.indices where items[i].weight > 0 {
                let b = Int64(itemBuyers[i].count)
                let iuv = max(Int64(Double(b) / (0.03 * rng.jitter(0.3)) + Double(rng.int(0...20))), b)
                let imp = Int64(Double(iuv) * 14 * rng.jitter(0.2))
                product.date(date); product.text(itemIDs[i]); product.int(iuv); product.int(Int64(Double(iuv) * 1.8))
                product.int(b); product.int(itemUnits[i]); product.fen(itemAmount[i])
                product.int(Int64(Double(iuv) * 0.1 * rng.jitter(0.2))); product.int(Int64(Double(iuv) * 0.07 * rng.jitter(0.2)))
                product.int(imp); product.int(Int64(Double(imp) * 0.045 * rng.jitter(0.25))); product.end()
            }
        }
        try orders.close(); try store.close(); try product.close()

        // Make sure the queues have something in them: an open dispute or two.
        for i in refunds.indices.reversed().prefix(40) where refunds[i].status.isOpen {
            if refunds.filter({ $0.status.isOpen && $0.dispute == true }).count >= 3 { break }
            refunds[i].dispute = true
        }
        let rf = try CSVOut(dir, .refunds, header: ["退款编号", "订单编号", "商品ID", "申请时间", "退款金额", "退款原因", "退款状态", "是否小二介入", "判责"])
        let statusZH: [RefundStatus: String] = [.waitSellerAgree: "买家已经申请退款，等待卖家同意", .waitBuyerReturnGoods: "卖家已经同意退款，等待买家退货",
                                                .waitSellerConfirmGoods: "买家已经退货，等待卖家确认收货", .sellerRefuseBuyer: "卖家拒绝退款",
                                                .closed: "退款关闭", .success: "退款成功"]
        for r in refunds {
            rf.text(r.refundID); rf.text(r.orderID); rf.text(r.itemID); rf.time(r.createdAt); rf.fen(r.amount); rf.text(r.reason)
            rf.text(statusZH[r.status]); rf.text(r.dispute == true ? "是" : "否"); rf.text(r.ruling.map { $0 == .buyer ? "买家" : "卖家" }); rf.end()
        }
        try rf.close()
        let rv = try CSVOut(dir, .reviews, header: ["review_id", "order_id", "item_id", "created_at", "rating", "content", "replied"])
        for r in reviews {
            rv.text(r.reviewID); rv.text(r.orderID); rv.text(r.itemID); rv.time(r.createdAt); rv.text(r.rating?.rawValue)
            rv.text(r.content); rv.bool(r.replied); rv.end()
        }
        try rv.close()
        return unitsLast7
    }

    mutating func writeCatalog(unitsLast7: [Int64]) throws {
        let out = try CSVOut(dir, .products, header: ["item_id", "title", "category", "price", "stock", "status", "listed_at", "role"])
        for (i, item) in items.enumerated() {
            let daily = Double(unitsLast7[i]) / 7
            // Most items have weeks of cover; two are running low.
            let cover = i == 3 || i == 10 ? 2.5 + rng.unit() * 3 : 20 + rng.unit() * 40
            let stock = item.weight == 0 ? Int64(rng.int(20...200)) : Int64(daily * cover) + Int64(rng.int(0...5))
            out.text(itemIDs[i]); out.text(item.title); out.text(item.category); out.fen(item.priceFen); out.int(stock)
            out.text(item.weight == 0 ? "off_shelf" : "on_shelf")
            out.time(LocalTime(date: first.adding(days: -rng.int(30...400)), hour: 10)); out.text(item.role.rawValue); out.end()
        }
        try out.close()
    }

    mutating func writeActivities() throws {
        let out = try CSVOut(dir, .activities, header: ["activity_id", "name", "kind", "platform", "signup_deadline", "warmup_at", "start_at", "end_at", "item_ids", "activity_price", "stock_allocated", "sold", "uv", "clicks", "impressions", "paid_buyers", "plan_ready", "content_ready", "art_ready", "cs_briefed"])
        for var a in activities {
            if let s = a.startAt, s <= o.now {
                let sold = Int64(Double(a.stockAllocated ?? 0) * (a.activityID.hasPrefix("ACT-TTTJ") ? 0.86 : 0.42) * rng.jitter(0.1))
                a.sold = sold
                a.paidBuyers = Int64(Double(sold) * 0.9)
                a.uv = Int64(Double(a.paidBuyers!) / 0.06)
                a.impressions = a.uv! * 9
                a.clicks = Int64(Double(a.impressions!) * 0.08)
            }
            out.text(a.activityID); out.text(a.name); out.text(a.kind?.rawValue); out.text(a.platform)
            out.time(a.signupDeadline); out.time(a.warmupAt); out.time(a.startAt); out.time(a.endAt)
            out.text(a.itemIDs.joined(separator: ";")); out.fen(a.activityPrice); out.int(a.stockAllocated); out.int(a.sold)
            out.int(a.uv); out.int(a.clicks); out.int(a.impressions); out.int(a.paidBuyers)
            out.bool(a.planReady); out.bool(a.contentReady); out.bool(a.artReady); out.bool(a.csBriefed); out.end()
        }
        try out.close()
    }

    mutating func writeCoupons() throws {
        let out = try CSVOut(dir, .coupons, header: ["coupon_id", "kind", "item_id", "threshold", "value", "discount", "start_at", "end_at", "issued", "used"])
        let now = o.now
        let rows: [(CouponKind, String?, Int64?, Int64?, Double?, LocalTime, LocalTime)] = [
            (.storeCoupon, nil, 19_900, 2_000, nil, now.adding(hours: -24 * 20), now.adding(hours: 9)),
            (.storeCoupon, nil, 29_900, 4_000, nil, now.adding(hours: -24 * 3), now.adding(hours: 24 * 3)),
            (.itemCoupon, itemIDs[0], nil, 3_000, nil, now.adding(hours: -24 * 10), now.adding(hours: 20)),
            (.itemCoupon, itemIDs[5], nil, 10_000, nil, now.adding(hours: -24 * 5), now.adding(hours: 24 * 10)),
            (.fullReduction, nil, 30_000, 4_000, nil, now.adding(hours: -24), now.adding(hours: 24 * 3)),
            (.discount, itemIDs[13], nil, nil, 0.7, now.adding(hours: -24 * 30), now.adding(hours: 24 * 30)),
            (.storeCoupon, nil, 9_900, 1_000, nil, now.adding(hours: -24 * 40), now.adding(hours: -24 * 2)),
        ]
        for (i, r) in rows.enumerated() {
            let issued = Int64(rng.int(500...5_000))
            out.text("CP\(1001 + i)"); out.text(r.0.rawValue); out.text(r.1); out.fen(r.2); out.fen(r.3); out.percent(r.4)
            out.time(r.5); out.time(r.6); out.int(issued); out.int(Int64(Double(issued) * rng.unit() * 0.4)); out.end()
        }
        try out.close()
    }

    mutating func writeQuestions() throws {
        let out = try CSVOut(dir, .questions, header: ["question_id", "item_id", "asked_at", "question", "answered"])
        for i in 0..<24 {
            let asked = o.now.adding(seconds: -Int64(rng.int(600...8 * 86_400)))
            out.text("Q\(5001 + i)"); out.text(itemIDs[rng.int(0...12)]); out.time(asked)
            out.text(rng.pick(DemoCatalog.questions))
            out.bool(o.now.seconds - asked.seconds > 2 * 86_400 || rng.chance(0.5)); out.end()
        }
        try out.close()
    }

    mutating func writePromotion() throws {
        let now = o.now
        let yesterday = today.adding(days: -1)
        let camp = try CSVOut(dir, .campaigns, header: ["campaign_id", "name", "channel", "daily_budget", "smooth", "status", "offline_reason", "offline_at", "schedule"])
        for (i, c) in DemoCatalog.campaigns.enumerated() {
            camp.text(DemoGenerator.campaignID(i)); camp.text(c.name); camp.text(c.channel.rawValue); camp.fen(c.budgetYuan.map { $0 * 100 })
            camp.bool(i != 2); camp.text("online")
            // The outerwear plan ran out of budget at 16:40 yesterday.
            if i == 2 { camp.text("budget"); camp.time(LocalTime(date: yesterday, hour: 16, minute: 40)) } else { camp.empty(); camp.empty() }
            camp.text(c.schedule); camp.end()
        }
        try camp.close()
        let acct = try CSVOut(dir, .adAccount, header: ["channel", "balance", "updated_at"])
        acct.text("through_train"); acct.fen(234_560); acct.time(LocalTime(date: today, hour: now.hour)); acct.end()
        acct.text("display"); acct.fen(88_000); acct.time(LocalTime(date: today, hour: now.hour)); acct.end()
        try acct.close()

        struct KW { let id: String; let campaign: Int; let item: Int; let bid: Int64; let ctr: Double; let cvr: Double; let reach: Double; let qscore: Int }
        var kws: [KW] = []
        let kwOut = try CSVOut(dir, .keywords, header: ["keyword_id", "campaign_id", "adgroup_id", "item_id", "word", "match_scope", "bid", "mobile_bid", "qscore", "rank", "status"])
        for (ci, words) in DemoCatalog.keywordWords.enumerated() {
            for (wi, w) in words.enumerated() {
                let item = DemoCatalog.keywordItems[ci][wi % DemoCatalog.keywordItems[ci].count]
                let bid = Int64(rng.int(16...70)) * 5
                let q = rng.int(5...10)
                // Conversion follows from a believable ROI (0.8–5.5) at this bid and price.
                let roi = 0.8 + rng.unit() * 4.7
                let cvr = min(roi * Double(bid) * 0.75 / Double(items[item].priceFen), 0.15)
                let k = KW(id: String(880_000_030_001 + kws.count), campaign: ci, item: item, bid: bid, ctr: 0.012 + rng.unit() * 0.05,
                           cvr: cvr, reach: 300 + rng.unit() * 3_000, qscore: q)
                kws.append(k)
                kwOut.text(k.id); kwOut.text(DemoGenerator.campaignID(ci)); kwOut.text("3\(2001 + ci)\(item)"); kwOut.text(itemIDs[item]); kwOut.text(w)
                kwOut.text(rng.chance(0.6) ? "exact" : "broad"); kwOut.fen(bid); kwOut.fen(rng.chance(0.5) ? nil : bid * 12 / 10)
                kwOut.int(q); kwOut.text(["1", "2-3", "4-6", "7-10", "11-15", "16-20", "20+"][min(6, max(0, 10 - q - rng.int(0...2)))])
                kwOut.text("active"); kwOut.end()
            }
        }
        try kwOut.close()

        let daily = try CSVOut(dir, .keywordDaily, header: ["date", "hour", "keyword_id", "impressions", "clicks", "cost", "orders", "revenue", "favorites", "carts"])
        let hourCum = cumulative(DemoGenerator.hourWeights)
        for dayIndex in 0...today.days(since: first) {
            let date = first.adding(days: dayIndex)
            let factor = dayFactor(date, noise: rng.jitter(0.1))
            // Figures per keyword for the day, then held to each plan's budget.
            var rows: [(k: KW, imp: Int64, clicks: Int64, cpc: Int64, orders: Int64)] = kws.map { k in
                let imp = Int64(k.reach * factor * rng.jitter(0.25))
                let clicks = Int64((Double(imp) * k.ctr * rng.jitter(0.2)).rounded())
                let cpc = Int64(Double(k.bid) * (0.6 + rng.unit() * 0.3))
                let orders = Int64((Double(clicks) * k.cvr * rng.jitter(0.4)).rounded())
                return (k, imp, clicks, cpc, orders)
            }
            for ci in DemoCatalog.keywordWords.indices {
                guard let budget = DemoCatalog.campaigns[ci].budgetYuan.map({ $0 * 100 }) else { continue }
                let spent = rows.filter { $0.k.campaign == ci }.reduce(Int64(0)) { $0 + $1.clicks * $1.cpc }
                let wentOffline = ci == 2 && date == yesterday
                let cap = wentOffline ? budget : budget * 85 / 100
                if spent > cap || wentOffline {
                    let scale = Double(cap) / Double(max(spent, 1))
                    for j in rows.indices where rows[j].k.campaign == ci {
                        rows[j].clicks = Int64(Double(rows[j].clicks) * scale)
                        rows[j].imp = Int64(Double(rows[j].imp) * scale)
                        rows[j].orders = min(Int64((Double(rows[j].orders) * scale).rounded()), rows[j].clicks)
                    }
                }
            }
            for r in rows {
                let price = items[r.k.item].priceFen
                if date != today {
                    daily.date(date); daily.empty(); daily.text(r.k.id); daily.int(r.imp); daily.int(r.clicks); daily.fen(r.clicks * r.cpc)
                    daily.int(r.orders); daily.fen(r.orders * price); daily.int(r.clicks / 12); daily.int(r.clicks / 8); daily.end()
                }
                guard today.days(since: date) <= DemoGenerator.hourlyDays else { continue }
                // Hour by hour (today up to now). Traffic by cumulative rounding, so the hours
                // add up to the day; each order at a time of its own (a keyword has a few a
                // day, which rounding would spread into nothing).
                func upTo(_ total: Int64, _ h: Int) -> Int64 { h < 0 ? 0 : Int64((Double(total) * hourCum[h] / hourCum[23]).rounded()) }
                var ordersAt = [Int64](repeating: 0, count: 24)
                for _ in 0..<r.orders {
                    let h = rng.weighted(hourCum), minute = rng.int(0...59)
                    if date != today || h < now.hour || (h == now.hour && minute < now.minute) { ordersAt[h] += 1 }
                }
                let lastHour = date == today ? now.hour : 23
                for h in 0...lastHour {
                    var imp = upTo(r.imp, h) - upTo(r.imp, h - 1)
                    var c = upTo(r.clicks, h) - upTo(r.clicks, h - 1)
                    if date == today && h == now.hour { imp = imp * Int64(now.minute) / 60; c = c * Int64(now.minute) / 60 }
                    daily.date(date); daily.int(h); daily.text(r.k.id); daily.int(imp); daily.int(c)
                    daily.fen(c * r.cpc); daily.int(ordersAt[h]); daily.fen(ordersAt[h] * price); daily.int(c / 12); daily.int(c / 8); daily.end()
                }
            }
        }
        try daily.close()

        let aff = try CSVOut(dir, .affiliates, header: ["date", "affiliate", "commission_rate", "clicks", "orders", "revenue", "commission"])
        for dayIndex in max(0, today.days(since: first) - 13)...today.days(since: first) {
            let date = first.adding(days: dayIndex)
            for (i, name) in DemoCatalog.affiliates.enumerated() {
                let rate = [0.08, 0.05, 0.1, 0.06, 0.07][i]
                let clicks = Int64(Double(rng.int(50...900)) * (date == today ? Double(now.hour + 1) / 24 : 1))
                let orders = Int64(Double(clicks) * 0.03 * rng.jitter(0.5))
                let revenue = orders * 16_900
                aff.date(date); aff.text(name); aff.percent(rate); aff.int(clicks); aff.int(orders); aff.fen(revenue)
                aff.fen(Int64((Double(revenue) * rate).rounded())); aff.end()
            }
        }
        try aff.close()
    }

    /// cs_daily.csv, as Chinese Excel saves it: GB18030 with Chinese headers.
    mutating func writeService() throws {
        let out = try CSVOut(dir, .csDaily, header: ["日期", "客服", "首次上线", "最后在线", "在线时长(分钟)", "咨询人数", "首次响应时长", "平均响应时长", "询单人数", "询单支付人数", "10分钟未响应次数"], gb18030: true)
        let now = o.now
        for dayIndex in max(0, today.days(since: first) - 29)...today.days(since: first) {
            let date = first.adding(days: dayIndex)
            let isToday = date == today
            for (i, agent) in DemoCatalog.agents.enumerated() {
                let start = LocalTime(date: date, hour: i == 3 ? 13 : 8, minute: rng.int(40...59))
                if isToday && start > now { continue }
                var last = LocalTime(date: date, hour: i == 3 ? 23 : 22, minute: rng.int(0...59))
                if isToday { last = min(last, now) }
                let minutes = Int64((last.seconds - start.seconds) / 60) - Int64(rng.int(20...90))
                let day = Double(o.ordersPerDay) / 400 * dayFactor(date, noise: rng.jitter(0.1)) * (isToday ? Double(now.hour + 1) / 24 : 1)
                let consults = Int64(Double(rng.int(90...160)) * day * (i == 3 ? 0.6 : 1))
                let inquiries = Int64(Double(consults) * 0.7)
                // One agent is slow today: the panel should flag it.
                let slow = i == 1 && isToday
                out.date(date); out.text(agent); out.text(start.clockString); out.text(last.clockString); out.int(max(minutes, 0))
                out.int(consults); out.decimal(slow ? 48 : 12 * rng.jitter(0.4)); out.decimal(slow ? 95 : 30 * rng.jitter(0.3))
                out.int(inquiries); out.int(Int64(Double(inquiries) * (slow ? 0.3 : 0.48 * rng.jitter(0.15))))
                out.int(slow ? 6 : rng.int(0...2)); out.end()
            }
        }
        try out.close()
    }

    mutating func writeArt() throws {
        let out = try CSVOut(dir, .artTasks, header: ["task_id", "kind", "item_id", "activity_id", "brief", "designer", "requested_at", "due_at", "status"])
        let now = o.now
        let tasks: [(ArtKind, Int?, String?, String, Int, ArtStatus)] = [
            (.mainImage, 0, nil, "主图换成白底+模特侧身，突出修身版型", -2, .inProgress),
            (.poster, nil, "ACT-JHS-03", "聚划算预热海报 800×1200，主推羽绒服", 6, .todo),
            (.detailPage, 9, "ACT-JHS-03", "详情页加尺码表与面料实拍", 20, .todo),
            (.banner, nil, "ACT-STORE-02", "首页周年庆 banner 换第二版文案", -5, .review),
            (.mainImage, 12, nil, "主图加入秋季场景图", 30, .todo),
            (.video, 4, nil, "牛仔裤 15 秒上身视频", 50, .inProgress),
            (.poster, nil, "ACT-LIVE-04", "直播间贴片与预告图", 72, .todo),
            (.mainImage, 3, nil, "卫衣主图点击率低，重做首图", -30, .done),
        ]
        for (i, t) in tasks.enumerated() {
            out.text("T\(7001 + i)"); out.text(t.0.rawValue); out.text(t.1.map { itemIDs[$0] }); out.text(t.2); out.text(t.3)
            out.text(DemoCatalog.designers[i % 2]); out.time(now.adding(hours: -24 - rng.int(0...48)))
            out.time(LocalTime(seconds: now.seconds / 1800 * 1800 + Int64(t.4) * 3600)); out.text(t.5.rawValue); out.end()
        }
        try out.close()
    }

    /// competitors.csv and industry_daily.csv, as 生意参谋 exports them: Chinese headers.
    mutating func writeMarket() throws {
        let comp = try CSVOut(dir, .competitors, header: ["日期", "竞店", "竞品", "价格", "流量指数", "交易指数", "搜索人气", "参与活动", "主要流量来源"])
        let from = max(0, today.days(since: first) - 29)
        for (ci, c) in DemoCatalog.competitors.enumerated() {
            var uvIndex = Double(rng.int(8_000...20_000))
            for dayIndex in from...today.days(since: first) {
                let date = first.adding(days: dayIndex)
                let daysAgo = today.days(since: date)
                // One competitor cut its price by 10% two days ago and joined 聚划算.
                let cut = ci == 0 && daysAgo <= 2
                uvIndex *= rng.jitter(0.05)
                comp.date(date); comp.text(c.shop); comp.text(c.item); comp.fen(cut ? c.priceFen * 9 / 10 : c.priceFen)
                comp.decimal(uvIndex * (cut ? 1.3 : 1)); comp.decimal(uvIndex * 0.6 * rng.jitter(0.1)); comp.decimal(uvIndex * 0.4 * rng.jitter(0.1))
                comp.text(cut ? "聚划算" : nil); comp.text(DemoCatalog.trafficSources[(ci + dayIndex / 7) % 5]); comp.end()
            }
        }
        try comp.close()
        let ind = try CSVOut(dir, .industryDaily, header: ["日期", "类目", "流量指数", "搜索人气", "交易指数"])
        for dayIndex in 0...today.days(since: first) {
            let date = first.adding(days: dayIndex)
            let f = dayFactor(date, noise: rng.jitter(0.03))
            for (cat, base) in [("女装/连衣裙", 320_000.0), ("女装/外套", 210_000.0)] {
                ind.date(date); ind.text(cat); ind.decimal(base * f); ind.decimal(base * 0.7 * f * rng.jitter(0.03)); ind.decimal(base * 0.5 * f * rng.jitter(0.03)); ind.end()
            }
        }
        try ind.close()
    }

    mutating func writeContent() throws {
        let out = try CSVOut(dir, .contentPosts, header: ["post_id", "planned_at", "title", "audience", "status", "views", "likes"])
        let now = o.now
        let posts: [(String, String, Int)] = [
            ("一衣三穿｜高领针织裙的秋冬搭配", "25-35岁通勤女性", -72), ("周年庆福利清单", "老客", -30), ("羊羔毛卫衣的 5 种穿法", "学生党", -6),
            ("聚划算预告：冬季上新", "全部粉丝", 10), ("面料科普：羊毛 vs 羊绒", "高客单人群", 30), ("直播预告：穿搭日记专场", "直播粉丝", 80),
        ]
        for (i, p) in posts.enumerated() {
            let at = now.adding(hours: p.2)
            let published = at <= now
            out.text("P\(9001 + i)"); out.time(at); out.text(p.0); out.text(p.1); out.text(published ? "published" : "planned")
            out.int(published ? Int64(rng.int(800...12_000)) : nil); out.int(published ? Int64(rng.int(20...600)) : nil); out.end()
        }
        try out.close()
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
