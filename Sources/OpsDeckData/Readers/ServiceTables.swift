import OpsDeckCore

/// refunds.csv, reviews.csv, questions.csv, coupons.csv, cs_daily.csv.
enum RefundColumn: Int, TableColumns {
    case refundID, orderID, itemID, createdAt, amount, reason, status, dispute, ruling
    var spec: ColumnSpec {
        switch self {
        case .refundID: ColumnSpec("refund_id", "退款编号", required: true)
        case .orderID: ColumnSpec("order_id", "订单编号")
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID")
        case .createdAt: ColumnSpec("created_at", "申请时间", "退款申请时间")
        case .amount: ColumnSpec("amount", "退款金额")
        case .reason: ColumnSpec("reason", "退款原因")
        case .status: ColumnSpec("status", "退款状态", required: true)
        case .dispute: ColumnSpec("dispute", "是否小二介入")
        case .ruling: ColumnSpec("ruling", "判责")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Refund {
        let id = try r.required(.refundID)
        guard let status = try r.choice(.status, Vocabulary.refundStatus) else { throw r.fail(.status, "missing value") }
        var x = Refund(refundID: id, status: status)
        x.orderID = r.text(.orderID); x.itemID = r.text(.itemID); x.createdAt = try r.time(.createdAt)
        x.amount = try r.fen(.amount); x.reason = r.text(.reason); x.dispute = try r.bool(.dispute)
        x.ruling = try r.choice(.ruling, Vocabulary.ruling)
        return x
    }
}

enum ReviewColumn: Int, TableColumns {
    case reviewID, orderID, itemID, createdAt, rating, content, replied
    var spec: ColumnSpec {
        switch self {
        case .reviewID: ColumnSpec("review_id", "评价ID", required: true)
        case .orderID: ColumnSpec("order_id", "订单编号")
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID")
        case .createdAt: ColumnSpec("created_at", "评价时间")
        case .rating: ColumnSpec("rating", "评价结果")
        case .content: ColumnSpec("content", "评价内容")
        case .replied: ColumnSpec("replied", "是否已回复")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Review {
        var x = Review(reviewID: try r.required(.reviewID))
        x.orderID = r.text(.orderID); x.itemID = r.text(.itemID); x.createdAt = try r.time(.createdAt)
        x.rating = try r.choice(.rating, Vocabulary.rating); x.content = r.text(.content); x.replied = try r.bool(.replied)
        return x
    }
}

enum QuestionColumn: Int, TableColumns {
    case questionID, itemID, askedAt, question, answered
    var spec: ColumnSpec {
        switch self {
        case .questionID: ColumnSpec("question_id", "问题ID", required: true)
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID")
        case .askedAt: ColumnSpec("asked_at", "提问时间")
        case .question: ColumnSpec("question", "问题")
        case .answered: ColumnSpec("answered", "是否已回答")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Question {
        var x = Question(questionID: try r.required(.questionID))
        x.itemID = r.text(.itemID); x.askedAt = try r.time(.askedAt); x.question = r.text(.question)
        x.answered = try r.bool(.answered)
        return x
    }
}

enum CouponColumn: Int, TableColumns {
    case couponID, kind, itemID, threshold, value, discount, startAt, endAt, issued, used
    var spec: ColumnSpec {
        switch self {
        case .couponID: ColumnSpec("coupon_id", "优惠ID", "优惠券ID", required: true)
        case .kind: ColumnSpec("kind", "类型")
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID")
        case .threshold: ColumnSpec("threshold", "使用门槛")
        case .value: ColumnSpec("value", "面额")
        case .discount: ColumnSpec("discount", "折扣")
        case .startAt: ColumnSpec("start_at", "开始时间")
        case .endAt: ColumnSpec("end_at", "结束时间")
        case .issued: ColumnSpec("issued", "发放量")
        case .used: ColumnSpec("used", "使用量")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Coupon {
        var x = Coupon(couponID: try r.required(.couponID))
        x.kind = try r.choice(.kind, Vocabulary.couponKind); x.itemID = r.text(.itemID)
        x.threshold = try r.fen(.threshold); x.value = try r.fen(.value); x.discount = try r.rate(.discount)
        x.startAt = try r.time(.startAt); x.endAt = try r.time(.endAt)
        x.issued = try r.count(.issued); x.used = try r.count(.used)
        return x
    }
}

enum AgentDayColumn: Int, TableColumns {
    case date, agent, firstOnline, lastOnline, onlineMinutes, consultations, firstResponse, avgResponse,
         inquiryBuyers, inquiryPaidBuyers, slowResponses
    var spec: ColumnSpec {
        switch self {
        case .date: ColumnSpec("date", "日期", required: true)
        case .agent: ColumnSpec("agent", "客服", "旺旺", required: true)
        case .firstOnline: ColumnSpec("first_online_at", "首次上线")
        case .lastOnline: ColumnSpec("last_online_at", "最后在线")
        case .onlineMinutes: ColumnSpec("online_minutes", "在线时长(分钟)", "在线时长（分钟）", "在线时长")
        case .consultations: ColumnSpec("consultations", "咨询人数")
        case .firstResponse: ColumnSpec("first_response_seconds", "首次响应时长")
        case .avgResponse: ColumnSpec("avg_response_seconds", "平均响应时长")
        case .inquiryBuyers: ColumnSpec("inquiry_buyers", "询单人数")
        case .inquiryPaidBuyers: ColumnSpec("inquiry_paid_buyers", "询单支付人数")
        case .slowResponses: ColumnSpec("slow_responses", "10分钟未响应次数")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> AgentDay {
        let date = try r.requiredDate(.date)
        var x = AgentDay(date: date, agent: try r.required(.agent))
        x.firstOnlineAt = try r.time(.firstOnline, on: date); x.lastOnlineAt = try r.time(.lastOnline, on: date)
        x.onlineMinutes = try r.count(.onlineMinutes); x.consultations = try r.count(.consultations)
        x.firstResponseSeconds = try r.decimal(.firstResponse); x.avgResponseSeconds = try r.decimal(.avgResponse)
        x.inquiryBuyers = try r.count(.inquiryBuyers); x.inquiryPaidBuyers = try r.count(.inquiryPaidBuyers)
        x.slowResponses = try r.count(.slowResponses)
        return x
    }
}
