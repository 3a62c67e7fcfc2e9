/// The report for tools: JSON (one document, money in fen, rates as fractions, unknown as
/// null) and CSV (one row per figure, long format, for a spreadsheet or a database).
public enum ReportJSON {
    public static func render(_ r: OperationReport) -> String {
        let range: JSON = r.isRange ? .array(r.range.map { f -> JSON in
            let daily: JSON = .array(f.daily.map { value($0, f.metric) })
            return .object([("metric", .string(f.metric.rawValue)), ("value", value(f.value, f.metric)),
                            ("aggregate", .string(f.aggregate.rawValue)), ("daily", daily)])
        }) : .null
        let goals: JSON = .array(r.goals.map { g -> JSON in
                .object([("title", .string(g.goal.title)), ("metric", .string(g.goal.metric.rawValue)),
                         ("item", g.goal.item.map(JSON.string) ?? .null), ("target", value(g.goal.target, g.goal.metric)),
                         ("deadline", .string("\(g.goal.deadline)")), ("as_of_day", g.day.map { .string("\($0)") } ?? .null),
                         ("current", value(g.current, g.goal.metric)), ("gap", value(g.gap, g.goal.metric)),
                         ("days_left", .of(g.daysLeft)), ("projected", value(g.projected, g.goal.metric)),
                         ("verdict", .string(verdict(g.verdict)))])
            })
        let doc: JSON = .object([("store", .string(r.storeName)), ("from", .string("\(r.from)")), ("to", .string("\(r.to)")),
                                 ("generated_at", .string(r.generatedAt.minuteString)), ("range", range),
                                 ("days", .array(r.days.map(day))), ("goals", goals)])
        return doc.render() + "\n"
    }

    static func day(_ d: DayReport) -> JSON {
        .object([("date", .string("\(d.date)")), ("in_progress", .bool(d.inProgress)), ("same_time_cut", .of(d.cut)), ("numbers", numbers(d)),
                 ("findings", .array(d.findings.map { f in
                     .object([("subject", .string(f.subject.rawValue)), ("name", .string(f.name)), ("kind", .of(f.kind?.rawValue)), ("since", .of(f.since)),
                              ("size", .of(f.size)), ("impact_fen", .of(f.impact)), ("line", .string(f.line))])
                 })), ("swings", swings(d)),
                 ("queues", queues(d)), ("promotion", promotion(d)), ("activities", activities(d)), ("agents", agents(d)),
                 ("checklist", checklist(d))])
    }

    static func numbers(_ d: DayReport) -> JSON {
        .array(d.numbers.map { m -> JSON in
            let h: JSON = .array(m.history.map { value($0, m.metric) })
            return .object([("metric", .string(m.metric.rawValue)), ("value", value(m.value, m.metric)),
                            ("yesterday", value(m.yesterday, m.metric)), ("last_week", value(m.lastWeek, m.metric)),
                            ("vs_yesterday", rate(m.vsYesterday)), ("vs_last_week", rate(m.vsLastWeek)), ("history", h)])
        })
    }

    static func swings(_ d: DayReport) -> JSON {
        .array(d.swings.map { s -> JSON in
            let items: JSON = .array(s.contributors.map { c -> JSON in
                .object([("item_id", .string(c.itemID)), ("title", c.title.map(JSON.string) ?? .null),
                         ("delta", value(c.delta, s.metric)), ("share", rate(c.share))])
            })
            return .object([("metric", .string(s.metric.rawValue)), ("change", rate(s.change)), ("value", value(s.value, s.metric)),
                            ("yesterday", value(s.yesterday, s.metric)), ("items", items)])
        })
    }

    static func queues(_ d: DayReport) -> JSON {
        let q = d.queues
        let reasons: JSON = .array(q.refundsByReason.map { r -> JSON in
            .object([("reason", .string(r.reason)), ("count", .of(r.count)), ("amount_fen", .of(r.amount))])
        })
        let bad: JSON = .array(q.badReviewsByReason.map { r -> JSON in .object([("reason", .string(r.reason)), ("count", .of(r.count))]) })
        return .object([
            ("refunds_created", int(q.refundsCreated)), ("disputes_created", int(q.disputesCreated)),
            ("open_disputes", int(q.openDisputes)), ("bad_reviews", int(q.badReviews)),
            ("unreplied_bad_reviews", int(q.unrepliedBadReviews)), ("unpaid_orders", int(q.unpaidOrders)),
            ("unpaid_amount_fen", fen(q.unpaidAmount)), ("refunds_by_reason", reasons), ("bad_reviews_by_reason", bad),
        ])
    }

    static func promotion(_ d: DayReport) -> JSON {
        let campaigns: JSON = .array(d.promotion.campaigns.map { c -> JSON in
            .object([("name", .string(c.name)), ("cost_fen", fen(c.cost)), ("daily_budget_fen", fen(c.budget)),
                     ("budget_used", rate(c.used)), ("offline_at", c.offlineAt.map { .string($0.minuteString) } ?? .null)])
        })
        let changes: JSON = .array(d.bidChanges.map { b -> JSON in
            .object([("at", .string(b.at.minuteString)), ("operator", .string(b.by)), ("what", .string(b.what)), ("field", .string(b.field)),
                     ("old_fen", fen(b.old)), ("new_fen", fen(b.new)), ("reason", b.reason.map(JSON.string) ?? .null), ("state", .string(b.state))])
        })
        return .object([("spend_fen", fen(d.promotion.spend)), ("revenue_fen", fen(d.promotion.revenue)), ("roi", ratio(d.promotion.roi)),
                        ("campaigns", campaigns), ("bid_changes", changes)])
    }

    static func activities(_ d: DayReport) -> JSON {
        .array(d.activities.map { a -> JSON in
            let notReady: JSON = .array(a.notReady.map(JSON.string))
            return .object([("name", .string(a.name)), ("kind", .string(a.kind)), ("state", .string(a.state)),
                            ("sold", int64(a.sold)), ("stock", int64(a.stock)), ("uv", int64(a.uv)), ("conversion", rate(a.conversion)),
                            ("not_ready", notReady)])
        })
    }

    static func agents(_ d: DayReport) -> JSON {
        .array(d.agents.map { a -> JSON in
            let conv = rate(Formula.ratio(a.inquiryPaidBuyers, a.inquiryBuyers))
            return .object([("agent", .string(a.agent)), ("consultations", int64(a.consultations)),
                            ("first_response_seconds", ratio(a.firstResponseSeconds)), ("avg_response_seconds", ratio(a.avgResponseSeconds)),
                            ("inquiry_conversion", conv), ("slow_responses", int64(a.slowResponses))])
        })
    }

    static func checklist(_ d: DayReport) -> JSON {
        let c = d.checklist, n = c.counts
        let operators: JSON = .array(c.operators.map { o -> JSON in
            .object([("name", .string(o.name)), ("handled", .of(o.counts.handled)), ("late", .of(o.counts.late))])
        })
        let checks: JSON = .array(c.tasks.map { t -> JSON in
            var status = "", late: Int?, reason: String?
            switch t.status {
            case .onTime: status = "on_time"
            case .late(let m): status = "late"; late = m
            case .skipped(let r): status = "skipped"; reason = r
            case .missed: status = "missed"
            case .open: status = "open"
            }
            return .object([("block", .string(t.block.id)), ("task", .string(t.task.id)), ("status", .string(status)),
                            ("late_minutes", int(late)), ("reason", reason.map(JSON.string) ?? .null),
                            ("at", t.at.map { .string($0.minuteString) } ?? .null), ("by", t.by.map(JSON.string) ?? .null)])
        })
        let notes: JSON = .array(c.notes.map { e -> JSON in
            .object([("at", .string(e.at.minuteString)), ("operator", .string(e.operatorName)), ("block", .string(e.block)),
                     ("task", .string(e.task)), ("text", .string(e.text ?? ""))])
        })
        return .object([("total", .of(n.total)), ("on_time", .of(n.onTime)), ("late", .of(n.late)),
                        ("skipped", .of(n.skipped)), ("missed", .of(n.missed)), ("open", .of(n.open)),
                        ("rate", rate(c.rate)), ("operators", operators), ("checks", checks), ("notes", notes)])
    }

    static func verdict(_ v: GoalProgress.Verdict) -> String {
        switch v { case .reached: "reached"; case .onTrack: "on_track"; case .willMiss: "will_miss"; case .missed: "missed"; case .unknownPace: "unknown_pace" }
    }

    /// A figure in its unit: fen as an integer, rates and ratios as numbers.
    static func value(_ v: Double?, _ m: Metric) -> JSON {
        guard let v, v.isFinite else { return .null }
        switch m.unit {
        case .money, .count: return .int(Int64(v.rounded()))
        case .rate: return rate(v)
        case .ratio: return ratio(v)
        }
    }
    static func rate(_ v: Double?) -> JSON { .of(v) }
    static func ratio(_ v: Double?) -> JSON { .of(v) }
    static func fen(_ v: Int64?) -> JSON { .of(v) }
    static func int(_ v: Int?) -> JSON { .of(v) }
    static func int64(_ v: Int64?) -> JSON { .of(v) }
}

public enum ReportCSV {
    /// `date,section,name,item,value,vs_yesterday,vs_last_week`: money in fen, rates as fractions.
    public static func render(_ r: OperationReport) -> String {
        var o = "date,section,name,detail,value,vs_yesterday,vs_last_week\n"
        func row(_ cells: [String]) { o += cells.map(field).joined(separator: ",") + "\n" }
        func num(_ j: JSON) -> String {
            switch j { case .int, .double: return j.render(); default: return "" }
        }
        for d in r.days {
            let date = "\(d.date)"
            for n in d.numbers {
                row([date, "numbers", n.metric.rawValue, "", num(ReportJSON.value(n.value, n.metric)), num(ReportJSON.rate(n.vsYesterday)), num(ReportJSON.rate(n.vsLastWeek))])
            }
            for f in d.findings { row([date, "finding", f.name, f.kind?.rawValue ?? "", num(ReportJSON.rate(f.size)), f.impact.map { String($0) } ?? "", ""]) }
            for s in d.swings {
                row([date, "swing", s.metric.rawValue, "", num(ReportJSON.rate(s.change)), "", ""])
                for c in s.contributors { row([date, "swing_item", s.metric.rawValue, c.itemID, num(ReportJSON.value(c.delta, s.metric)), "", ""]) }
            }
            for q in d.queues.refundsByReason { row([date, "refund_reason", q.reason, "count", String(q.count), "", ""]) }
            for q in d.queues.badReviewsByReason { row([date, "bad_review_reason", q.reason, "count", String(q.count), "", ""]) }
            if let u = d.queues.unpaidOrders { row([date, "queues", "unpaid_orders", "", String(u), "", ""]) }
            if let v = d.queues.openDisputes { row([date, "queues", "open_disputes", "", String(v), "", ""]) }
            for c in d.promotion.campaigns { row([date, "campaign_spend", c.name, "fen", c.cost.map { String($0) } ?? "", "", ""]) }
            for b in d.bidChanges { row([date, "bid_change", b.what, b.field + " " + b.state, b.new.map { String($0) } ?? "", "", ""]) }
            for a in d.agents { row([date, "agent_consultations", a.agent, "", a.consultations.map { String($0) } ?? "", "", ""]) }
            let n = d.checklist.counts
            for (k, v) in [("on_time", n.onTime), ("late", n.late), ("skipped", n.skipped), ("missed", n.missed), ("open", n.open)] {
                row([date, "checklist", k, "", String(v), "", ""])
            }
            row([date, "checklist", "rate", "", num(ReportJSON.rate(d.checklist.rate)), "", ""])
        }
        for f in r.range { row(["\(r.from)..\(r.to)", "range", f.metric.rawValue, f.aggregate.rawValue, num(ReportJSON.value(f.value, f.metric)), "", ""]) }
        for g in r.goals {
            row(["\(r.to)", "goal", g.goal.metric.rawValue, g.goal.title, num(ReportJSON.value(g.current, g.goal.metric)), "", ""])
        }
        return o
    }

    /// RFC 4180 quoting, and a leading = + - @ neutralised so a spreadsheet does not run it.
    static func field(_ s: String) -> String {
        var t = Sanitize.line(s)
        if let f = t.first, "=+@".contains(f) || (f == "-" && Double(t) == nil) { t = "'" + t }
        guard t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return t }
        return "\"" + t.replacingQuotes() + "\""
    }
}

extension String {
    func replacingQuotes() -> String { String(flatMap { $0 == "\"" ? "\"\"" : String($0) }) }
}
