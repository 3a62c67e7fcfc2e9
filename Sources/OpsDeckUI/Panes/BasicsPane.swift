import OpsDeckCore

/// The Basics pane (10:30 store basics): open refunds and disputes, today's refund reasons, bad reviews, questions, coupons ending.
extension Panes {
    static func basics(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now, q = s.kpi.queues
        var c = PaneContent()
        c.notes.append((l("Unpaid \(Fmt.count(q.unpaidOrders.map(Int64.init))) · open refunds \(Fmt.count(q.openRefunds.map(Int64.init))) · disputes \(Fmt.count(q.openDisputes.map(Int64.init))) · bad reviews \(Fmt.count(q.unrepliedBadReviews.map(Int64.init))) · questions \(Fmt.count(q.unansweredQuestions.map(Int64.init))) · coupons ending \(Fmt.count(q.couponsExpiring24h.map(Int64.init)))",
                          "待付款 \(Fmt.count(q.unpaidOrders.map(Int64.init))) · 退款中 \(Fmt.count(q.openRefunds.map(Int64.init))) · 纠纷 \(Fmt.count(q.openDisputes.map(Int64.init))) · 未回复差评 \(Fmt.count(q.unrepliedBadReviews.map(Int64.init))) · 未答问题 \(Fmt.count(q.unansweredQuestions.map(Int64.init))) · 即将到期券 \(Fmt.count(q.couponsExpiring24h.map(Int64.init)))"),
                         (q.openDisputes ?? 0) > 0 ? .warn : .text))
        let open = s.data.refunds.filter { $0.status.isOpen }.sorted { ($0.dispute == true ? 0 : 1, $0.createdAt ?? now) < ($1.dispute == true ? 0 : 1, $1.createdAt ?? now) }
        c.sections.append(.init(l("Open refunds and disputes", "处理中的退款与纠纷"),
                                [Col(l("Refund", "退款编号"), 18), Col(l("Since", "申请"), 11), Col(l("Amount", "金额"), 10, right: true),
                                 Col(l("Reason", "原因"), 14), Col(l("Status", "状态"), 24), Col(l("Dispute", "介入"), 6)],
                                open.map { r in Row([r.refundID, Fmt.dayTime(r.createdAt, today: now.date), Fmt.money(r.amount), r.reason ?? "—",
                                                     r.status.rawValue, r.dispute == true ? l("yes", "是") : ""], role: r.dispute == true ? .bad : .text,
                                                    keys: [nil, r.createdAt.map { Double($0.seconds) }, r.amount.map(Double.init), nil, nil, nil]) },
                                empty: l("no open refunds", "没有处理中的退款")))
        var reasons: [String: Int] = [:]
        for r in s.data.refunds where r.createdAt?.date == now.date { reasons[r.reason ?? "—", default: 0] += 1 }
        c.sections.append(.init(l("Refund reasons today", "今日退款原因"), [Col(l("Reason", "原因"), 20), Col(l("Count", "数量"), 6, right: true)],
                                reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { Row([$0.key, String($0.value)], keys: [nil, Double($0.value)]) },
                                empty: l("no refunds today", "今日无退款")))
        let bad = s.data.reviews.filter { $0.rating == .bad && $0.replied == false }
        c.sections.append(.init(l("Bad reviews without a reply", "未回复的差评"), [Col(l("When", "时间"), 11), Col(l("Item", "商品"), 13), Col(l("Review", "内容"), 44)],
                                bad.map { Row([Fmt.dayTime($0.createdAt, today: now.date), $0.itemID ?? "—", $0.content ?? ""], role: .bad) },
                                empty: l("none", "无")))
        let questions = s.data.questions.filter { $0.answered == false }
        c.sections.append(.init(l("Unanswered questions (问大家)", "未回答的问大家"), [Col(l("Asked", "提问"), 11), Col(l("Item", "商品"), 13), Col(l("Question", "问题"), 44)],
                                questions.map { Row([Fmt.dayTime($0.askedAt, today: now.date), $0.itemID ?? "—", $0.question ?? ""]) }, empty: l("none", "无")))
        let ending = s.data.coupons.filter { c in c.endAt.map { $0 > now && $0.seconds - now.seconds <= Int64(s.data.profile.thresholds.couponExpiryHours) * 3600 } ?? false }
        c.sections.append(.init(l("Coupons and discounts ending soon", "即将到期的优惠"), [Col(l("Coupon", "优惠"), 8), Col(l("Kind", "类型"), 15), Col(l("Ends", "结束"), 11), Col(l("When", "剩余"), 11), Col(l("Value", "面额"), 10, right: true)],
                                ending.map { Row([$0.couponID, $0.kind?.rawValue ?? "—", Fmt.dayTime($0.endAt, today: now.date), Fmt.until($0.endAt, from: now, l), $0.value.map { Money.format($0) } ?? Fmt.percent($0.discount)], role: .warn) },
                                empty: l("none in the next \(s.data.profile.thresholds.couponExpiryHours) h", "\(s.data.profile.thresholds.couponExpiryHours) 小时内无到期")))
        return c
    }
}
