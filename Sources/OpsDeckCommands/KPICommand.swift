import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "The store's KPI snapshot as of a time (default: now).")

    @OptionGroup var location: DataOptions
    @Option(help: ArgumentHelp("As of this local time; its date is the as-of date.", valueName: "YYYY-MM-DD HH:MM"))
    var at: String?
    @Flag(help: "Print JSON (numbers; null for unknown; rates as fractions; money in fen).")
    var json = false

    func run() throws {
        let (dir, data) = try location.load()
        log.info("loaded data directory", metadata: ["dir": "\(dir.url.path)", "orders": "\(data.orders.count)",
                                                      "problems": "\(data.issues.filter { $0.severity == .error }.count)"])
        let asOf = try parseAt(at, profile: data.profile)
        let k = KPIEngine.snapshot(data, at: asOf)
        print(json ? KPIFormat.json(k).render() : KPIFormat.table(k, data: data))
    }
}

enum KPIFormat {
    static func json(_ k: KPISnapshot) -> JSON {
        let s = k.store, a = k.ads, v = k.service, q = k.queues
        return .object([
            ("at", .string(k.at.minuteString)),
            ("date", .string(k.date.description)),
            ("store", .object([
                ("uv", .of(s.uv)), ("pv", .of(s.pv)), ("paid_buyers", .of(s.paidBuyers)), ("paid_amount_fen", .of(s.paidAmount)),
                ("conversion_rate", .of(s.conversionRate)), ("avg_order_value_fen", .of(s.avgOrderValue)),
                ("uv_value_fen", .of(s.uvValue)), ("cart_rate", .of(s.cartRate)), ("favorite_rate", .of(s.favoriteRate)),
                ("sell_through_30d", .of(s.sellThrough30d)), ("repeat_rate_30d", .of(s.repeatRate30d)),
                ("refund_rate_30d", .of(s.refundRate30d)), ("dispute_rate_30d", .of(s.disputeRate30d)),
            ])),
            ("ads", .object([
                ("impressions", .of(a.impressions)), ("clicks", .of(a.clicks)), ("cost_fen", .of(a.cost)),
                ("orders", .of(a.orders)), ("revenue_fen", .of(a.revenue)), ("ctr", .of(a.ctr)), ("cpc_fen", .of(a.cpc)),
                ("cvr", .of(a.cvr)), ("roi", .of(a.roi)),
            ])),
            ("service", .object([
                ("consultations", .of(v.consultations)), ("inquiry_buyers", .of(v.inquiryBuyers)),
                ("inquiry_paid_buyers", .of(v.inquiryPaidBuyers)), ("inquiry_conversion", .of(v.inquiryConversion)),
            ])),
            ("queues", .object([
                ("unpaid_orders", .of(q.unpaidOrders)), ("open_refunds", .of(q.openRefunds)), ("open_disputes", .of(q.openDisputes)),
                ("unreplied_bad_reviews", .of(q.unrepliedBadReviews)), ("unanswered_questions", .of(q.unansweredQuestions)),
                ("coupons_expiring_24h", .of(q.couponsExpiring24h)), ("low_stock_items", .of(q.lowStockItems)),
            ])),
            ("activities", .array(k.activities.map { .object([("activity_id", .string($0.activityID)), ("sell_out_rate", .of($0.sellOutRate))]) })),
            ("warnings", .array(k.warnings.map { .string($0) })),
        ])
    }

    static func table(_ k: KPISnapshot, data: StoreData) -> String {
        func n(_ v: Int64?) -> String { v.map { grouped($0) } ?? "—" }
        func c(_ v: Int?) -> String { v.map { String($0) } ?? "—" }
        func m(_ v: Int64?) -> String { v.map { Money.format($0) } ?? "—" }
        func p(_ v: Double?) -> String { v.map { percent($0) } ?? "—" }
        func x(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "—" }
        var lines: [String] = []
        lines.append("\(Sanitize.line(data.profile.name)) · KPIs as of \(k.at.minuteString)")
        func section(_ title: String, _ rows: [(String, String)]) {
            lines.append("")
            lines.append(title)
            let w = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
            for (label, value) in rows { lines.append("  " + DisplayWidth.pad(label, to: w) + "  " + value) }
        }
        // Names come from data files: nothing in them may reach the terminal as a control.
        func name(_ s: String?, _ fallback: String) -> String { Sanitize.line(s ?? fallback) }
        let s = k.store, a = k.ads, v = k.service, q = k.queues
        section("Store", [("UV 访客数", n(s.uv)), ("PV 浏览量", n(s.pv)), ("Paid buyers 支付买家数", n(s.paidBuyers)),
                          ("Paid amount 支付金额", m(s.paidAmount)), ("Conversion 支付转化率", p(s.conversionRate)),
                          ("Avg order value 客单价", m(s.avgOrderValue)), ("UV value UV价值", m(s.uvValue)),
                          ("Cart rate 加购率", p(s.cartRate)), ("Favorite rate 收藏率", p(s.favoriteRate)),
                          ("Sell-through 30d 动销率", p(s.sellThrough30d)), ("Repeat rate 30d 复购率", p(s.repeatRate30d)),
                          ("Refund rate 30d 退款率", p(s.refundRate30d)), ("Dispute rate 30d 纠纷退款率", p(s.disputeRate30d))])
        section("Promotion (today, all keywords)", [("Impressions 展现量", n(a.impressions)), ("Clicks 点击量", n(a.clicks)),
                          ("Cost 花费", m(a.cost)), ("Orders 成交笔数", n(a.orders)), ("Revenue 成交金额", m(a.revenue)),
                          ("CTR 点击率", p(a.ctr)), ("CPC 平均点击花费", m(a.cpc)), ("CVR 点击转化率", p(a.cvr)),
                          ("ROI 投入产出比", x(a.roi)), ("Cost per order 每笔成交花费", m(a.costPerOrder))])
        if !k.campaigns.isEmpty {
            section("Budgets", k.campaigns.map { (name($0.name, $0.campaignID), "\(m($0.cost)) of \(m($0.dailyBudget)) · \(p($0.budgetUsed))") })
        }
        section("Customer service (today, all agents)", [("Consultations 咨询人数", n(v.consultations)), ("Inquiries 询单人数", n(v.inquiryBuyers)),
                          ("Inquiry buyers who paid 询单支付人数", n(v.inquiryPaidBuyers)), ("Inquiry conversion 询单转化率", p(v.inquiryConversion)),
                          ("Ship hours today 发货时长", k.shipping.shipHours.map { String(format: "%.1f h", $0) } ?? "—"),
                          ("Late shipments 超时未发货", c(k.shipping.lateShipments))])
        section("Queues", [("Unpaid orders 待付款", c(q.unpaidOrders)), ("Open refunds 退款中", c(q.openRefunds)),
                           ("Open disputes 纠纷中", c(q.openDisputes)), ("Unreplied bad reviews 未回复差评", c(q.unrepliedBadReviews)),
                           ("Unanswered questions 未回答问大家", c(q.unansweredQuestions)), ("Coupons expiring in 24h 24小时内到期", c(q.couponsExpiring24h)),
                           ("Low-stock items 低库存", c(q.lowStockItems))])
        if !k.activities.isEmpty {
            section("Activities (sell-out · CTR · conversion · order share)", k.activities.map {
                (name($0.name, $0.activityID), "\(p($0.sellOutRate)) · \(p($0.ctr)) · \(p($0.conversion)) · \(p($0.orderShare))")
            })
        }
        if !k.warnings.isEmpty {
            lines.append("")
            lines.append("Warnings (\(k.warnings.count)): run `opsdeck check` for the list")
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ f: Double) -> String { String(format: "%.2f%%", f * 100) }

    static func grouped(_ v: Int64) -> String {
        var digits = String(v.magnitude), out = ""
        while digits.count > 3 { out = "," + digits.suffix(3) + out; digits.removeLast(3) }
        return (v < 0 ? "-" : "") + digits + out
    }
}
