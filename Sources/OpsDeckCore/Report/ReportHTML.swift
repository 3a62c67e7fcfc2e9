/// The report as one self-contained HTML file: inline styles and SVG charts, no scripts, no
/// network, so it opens anywhere and can be forwarded as it is.
public enum ReportHTML {
    public static func render(_ r: OperationReport) -> String {
        let title = "Operation report 运营日报 · \(r.storeName) · " + (r.isRange ? "\(r.from) – \(r.to)" : "\(r.from)")
        var o = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title))</title>
        <style>
        body{font:14px/1.45 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1d2430}
        h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #d8dde6;padding-bottom:4px;margin-top:28px}h3{font-size:15px}
        table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eceff4;text-align:left}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:#1a7f37}.down{color:#c62828}.muted{color:#6b7280}
        .warn{color:#b45309;font-weight:600}.bad{color:#c62828;font-weight:600}.good{color:#1a7f37}
        svg{vertical-align:middle}
        </style></head><body>
        <h1>\(esc(title))</h1>
        <p class="muted">Generated \(r.generatedAt.minuteString) by OpsDeck.\(r.days.contains { $0.inProgress } ? " A day not over yet is reported so far." : "")</p>

        """
        if r.isRange {
            o += "<h2>The range 区间汇总</h2>\n<table><tr><th>Figure</th><th class=n>Range</th><th>Days</th>"
                + r.days.map { "<th class=n>\(Fmt.short($0.date))</th>" }.joined() + "</tr>\n"
            for f in r.range {
                o += "<tr><td>\(esc(f.metric.label)) \(esc(f.metric.labelZH))</td><td class=n>\(esc(f.metric.format(f.value)))<span class=muted>\(Fmt.aggregate(f.aggregate))</span></td>"
                    + "<td>\(sparkline(f.daily))</td>" + f.daily.map { "<td class=n>\(esc(f.metric.format($0)))</td>" }.joined() + "</tr>\n"
            }
            o += "<tr><td>Checks handled</td><td></td><td>\(bars(r.days.map { $0.checklist.rate }))</td>"
                + r.days.map { "<td class=n>\(Fmt.percent($0.checklist.rate, 0))</td>" }.joined() + "</tr></table>\n"
        }
        for d in r.days { o += day(d, multi: r.isRange) }
        o += "<h2>7. Goals 目标</h2>\n"
        if r.goals.isEmpty { o += "<p class=muted>No goals in store.toml.</p>\n" }
        else {
            o += "<table><tr><th>Goal</th><th class=n>Now</th><th class=n>Gap</th><th class=n>Days left</th><th class=n>Trend</th><th>14 days</th><th>Verdict</th></tr>\n"
            for g in r.goals {
                let cls = g.verdict == .reached ? "good" : g.verdict == .willMiss || g.verdict == .missed ? "bad" : ""
                o += "<tr><td>\(esc(g.goal.title))</td><td class=n>\(esc(g.goal.metric.format(g.current)))</td>"
                    + "<td class=n>\(esc(g.gap.map { g.goal.metric.formatGap($0) } ?? "—"))</td><td class=n>\(g.daysLeft)</td>"
                    + "<td class=n>\(esc(g.projected.map { "→ " + g.goal.metric.format($0) } ?? "—"))</td><td>\(sparkline(g.history))</td>"
                    + "<td class=\"\(cls)\">\(esc(Fmt.verdict(g.verdict)))</td></tr>\n"
            }
            o += "</table>\n"
        }
        return o + "</body></html>\n"
    }

    static func day(_ d: DayReport, multi: Bool) -> String {
        let h = multi ? "h3" : "h2"
        var o = multi ? "<h2>\(d.date) \(Fmt.weekday(d.date))\(d.inProgress ? " (so far)" : "")</h2>\n" : ""
        o += "<\(h)>1. The day's numbers 今日数据\(!multi && d.inProgress ? " (so far)" : "")</\(h)>\n"
        o += "<table><tr><th>Figure</th><th class=n>\(Fmt.short(d.date))</th><th class=n>vs yesterday</th><th class=n>vs last \(Fmt.weekday(d.date))</th><th>14 days</th></tr>\n"
        for n in d.numbers {
            o += "<tr><td>\(esc(n.metric.label)) \(esc(n.metric.labelZH))</td><td class=n>\(esc(n.metric.format(n.value)))</td>"
                + changeCell(n.vsYesterday, upIsGood: n.metric.upIsGood) + changeCell(n.vsLastWeek, upIsGood: n.metric.upIsGood)
                + "<td>\(sparkline(n.history))</td></tr>\n"
        }
        o += "</table>\n"
        if d.inProgress {
            o += "<p class=muted>" + (d.cut.map { "The day is not over: visitors, buyers, amounts, spend and the rates made of them are compared with yesterday and last week up to \($0); the other rates with whole days." }
                ?? "The day is not over and there are no hourly rows to compare it at the same time: its changes set a part day against whole days.") + "</p>\n"
        }
        o += "<\(h)>2. What moved and why 波动与原因</\(h)>\n"
        o += "<p>" + (d.inProgress ? "Today so far, against the same hours of earlier days:" : "The diagnosis (against each series' usual level):") + "</p>\n<ul>\n"
        if d.findings.isEmpty { o += "<li class=muted>Nothing out of the ordinary.</li>\n" }
        for f in d.findings { o += "<li>" + esc(f.line + (f.impact.map { " ≈" + Money.format($0) } ?? "")) + "</li>\n" }
        o += "</ul>\n<p>Against yesterday:</p>\n<ul>\n"
        if d.swings.isEmpty { o += "<li class=muted>No figure moved \(Fmt.percent(ReportBuilder.swingThreshold, 0)) or more against yesterday.</li>\n" }
        for s in d.swings {
            o += "<li><b>\(esc(s.metric.label))</b> <span class=\"\(((s.change >= 0) == s.metric.upIsGood) ? "up" : "down")\">\(Fmt.change(s.change))</span> "
                + "(\(esc(s.metric.format(s.yesterday))) → \(esc(s.metric.format(s.value)))\(d.cut.map { " to \($0)" } ?? ""))"
            if !s.contributors.isEmpty {
                o += "; behind it: " + s.contributors.map { c in
                    esc("\(c.title ?? c.itemID) \(c.delta >= 0 ? "+" : "")\(Fmt.plain(c.delta, s.metric))" + (c.share.map { " (\(Fmt.percent($0, 0)))" } ?? ""))
                }.joined(separator: ", ")
            }
            o += "</li>\n"
        }
        o += "</ul>\n<\(h)>3. Queues 售后与评价</\(h)>\n"
        let q = d.queues
        o += "<p>Refunds requested \(Fmt.int(q.refundsCreated)) · disputes opened \(Fmt.int(q.disputesCreated)) · disputes open \(Fmt.int(q.openDisputes))"
            + " · bad reviews \(Fmt.int(q.badReviews)) (unreplied \(Fmt.int(q.unrepliedBadReviews))) · unpaid orders \(Fmt.int(q.unpaidOrders))"
            + (q.unpaidAmount.map { " (\(esc(Money.format($0))))" } ?? "") + "</p>\n"
        if !q.refundsByReason.isEmpty {
            o += "<table><tr><th>Refund reason</th><th class=n>Count</th><th class=n>Amount</th><th></th></tr>\n"
            let most = q.refundsByReason.map(\.count).max() ?? 1
            for r in q.refundsByReason {
                o += "<tr><td>\(esc(r.reason))</td><td class=n>\(r.count)</td><td class=n>\(esc(Money.format(r.amount)))</td><td>\(bar(Double(r.count) / Double(most)))</td></tr>\n"
            }
            o += "</table>\n"
        }
        if !q.badReviewsByReason.isEmpty {
            o += "<table><tr><th>Bad review reason</th><th class=n>Count</th></tr>\n"
                + q.badReviewsByReason.map { "<tr><td>\(esc($0.reason))</td><td class=n>\($0.count)</td></tr>\n" }.joined() + "</table>\n"
        }
        o += "<\(h)>4. Promotion 推广</\(h)>\n"
        let p = d.promotion
        o += "<p>Spend \(esc(p.spend.map { Money.format($0) } ?? "—")) · revenue \(esc(p.revenue.map { Money.format($0) } ?? "—")) · ROI \(p.roi.map { Number.fixed($0, 2) } ?? "—")</p>\n"
        if !p.campaigns.isEmpty {
            o += "<table><tr><th>Plan</th><th class=n>Spend</th><th class=n>Budget</th><th class=n>Used</th><th></th><th>Offline</th></tr>\n"
            for c in p.campaigns {
                o += "<tr><td>\(esc(c.name))</td><td class=n>\(esc(c.cost.map { Money.format($0) } ?? "—"))</td><td class=n>\(esc(c.budget.map { Money.format($0) } ?? "no limit"))</td>"
                    + "<td class=n>\(Fmt.percent(c.used, 0))</td><td>\(c.used.map { bar(min(1, $0)) } ?? "")</td><td>\(c.offlineAt?.clockString ?? "")</td></tr>\n"
            }
            o += "</table>\n"
        }
        o += "<p>Bid and budget changes: \(d.bidChanges.count)</p>\n"
        if !d.bidChanges.isEmpty {
            o += "<table><tr><th>At</th><th>Who</th><th>What</th><th>Field</th><th class=n>Old</th><th class=n>New</th><th>Reason</th><th>State</th></tr>\n"
            for b in d.bidChanges {
                o += "<tr><td>\(b.at.clockString)</td><td>\(esc(b.by))</td><td>\(esc(b.what))</td><td>\(esc(b.field))</td><td class=n>\(esc(Fmt.fen(b.old)))</td>"
                    + "<td class=n>\(esc(Fmt.fen(b.new)))</td><td>\(esc(b.reason ?? ""))</td><td>\(esc(b.state))</td></tr>\n"
            }
            o += "</table>\n"
        }
        o += "<\(h)>5. Activities and customer service 活动与客服</\(h)>\n<ul>\n"
        if d.activities.isEmpty { o += "<li class=muted>No activity running or starting within a week.</li>\n" }
        for a in d.activities {
            o += "<li>\(esc(a.name)) (\(esc(a.kind)), \(a.state)) \(a.start.map { Fmt.short($0.date) } ?? "?")–\(a.end.map { Fmt.short($0.date) } ?? "?")"
            if a.state != "upcoming" { o += ": sold \(Fmt.int64(a.sold))/\(Fmt.int64(a.stock)), UV \(Fmt.int64(a.uv)), conversion \(Fmt.percent(a.conversion))" }
            if !a.notReady.isEmpty { o += " — <span class=warn>not ready: \(esc(a.notReady.joined(separator: ", ")))</span>" }
            o += "</li>\n"
        }
        o += "</ul>\n"
        if !d.agents.isEmpty {
            o += "<table><tr><th>Agent</th><th class=n>Consultations</th><th class=n>First response</th><th class=n>Avg response</th><th class=n>Inquiry conversion</th><th class=n>Slow</th></tr>\n"
            for a in d.agents {
                o += "<tr><td>\(esc(a.agent))</td><td class=n>\(Fmt.int64(a.consultations))</td><td class=n>\(Fmt.seconds(a.firstResponseSeconds))</td>"
                    + "<td class=n>\(Fmt.seconds(a.avgResponseSeconds))</td><td class=n>\(Fmt.percent(Formula.ratio(a.inquiryPaidBuyers, a.inquiryBuyers)))</td>"
                    + "<td class=n>\(Fmt.int64(a.slowResponses))</td></tr>\n"
            }
            o += "</table>\n"
        }
        o += "<\(h)>6. The checklist 日程检查</\(h)>\n"
        let c = d.checklist, n = c.counts
        o += "<p>Handled \(n.handled)/\(n.total)\(c.rate.map { " (\(Fmt.percent($0, 0)))" } ?? ""): on time \(n.onTime), late \(n.late), skipped \(n.skipped), "
            + "<span class=\"\(n.missed > 0 ? "bad" : "")\">missed \(n.missed)</span>\(n.open > 0 ? ", still open \(n.open)" : "")."
            + (c.operators.isEmpty ? "" : " By " + esc(c.operators.map { "\($0.name) \($0.counts.handled)" }.joined(separator: ", ")) + ".") + "</p>\n"
        o += "<table><tr><th>Block</th><th class=n>Handled</th><th></th></tr>\n"
        var seen = Set<String>()
        for t in c.tasks where seen.insert(t.block.id).inserted {
            let bc = c.blockCounts(t.block.id)
            let rate = bc.total == 0 ? 0 : Double(bc.handled) / Double(bc.total)
            o += "<tr><td>\(t.block.start) \(esc(t.block.title))</td><td class=n>\(bc.handled)/\(bc.total)</td><td>\(bar(rate))</td></tr>\n"
        }
        o += "</table>\n"
        if c.noEvents { o += "<p class=muted>Nothing was recorded in OpsDeck this day.</p>\n" }
        let notable = Fmt.notable(c)
        if !notable.isEmpty { o += "<ul>\n" + notable.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n" }
        if !c.notes.isEmpty {
            o += "<p>Notes:</p><ul>\n" + c.notes.map { "<li>\($0.at.clockString) \(esc($0.operatorName)): \(esc($0.text ?? ""))</li>\n" }.joined() + "</ul>\n"
        }
        return o
    }

    static func changeCell(_ v: Double?, upIsGood: Bool) -> String {
        guard let v else { return "<td class=\"n muted\">—</td>" }
        let good = (v >= 0) == upIsGood
        return "<td class=\"n \(abs(v) < 0.005 ? "muted" : good ? "up" : "down")\">\(Fmt.change(v))</td>"
    }

    /// A 14-point line; a gap where a day is unknown.
    static func sparkline(_ v: [Double?], width: Int = 120, height: Int = 24) -> String {
        let known = v.compactMap { $0 }
        guard let lo = known.min(), let hi = known.max(), v.count > 1 else { return "" }
        let step = Double(width - 4) / Double(v.count - 1)
        var segments: [[String]] = [[]]
        for (i, x) in v.enumerated() {
            guard let x else { if !segments.last!.isEmpty { segments.append([]) }; continue }
            let y = hi == lo ? Double(height) / 2 : Double(height - 3) - (x - lo) / (hi - lo) * Double(height - 6)
            segments[segments.count - 1].append("\(Number.fixed(2 + Double(i) * step, 1)),\(Number.fixed(y, 1))")
        }
        let lines = segments.filter { $0.count > 1 }.map { "<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\" points=\"\($0.joined(separator: " "))\"/>" }
        let dots = segments.filter { $0.count == 1 }.map { "<circle cx=\"\($0[0].split(separator: ",")[0])\" cy=\"\($0[0].split(separator: ",")[1])\" r=\"1.5\" fill=\"#2563eb\"/>" }
        return "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">" + (lines + dots).joined() + "</svg>"
    }

    /// A horizontal bar for a 0–1 share.
    static func bar(_ share: Double, width: Int = 120) -> String {
        let w = max(0, min(width, Int((share * Double(width)).rounded())))
        return "<svg width=\"\(width)\" height=\"10\"><rect width=\"\(width)\" height=\"10\" fill=\"#eceff4\"/><rect width=\"\(w)\" height=\"10\" fill=\"#2563eb\"/></svg>"
    }

    /// One column per day, 0–100%.
    static func bars(_ rates: [Double?]) -> String {
        let w = 8 * rates.count
        var o = "<svg width=\"\(w)\" height=\"24\">"
        for (i, r) in rates.enumerated() {
            let h = Int(((r ?? 0) * 22).rounded())
            o += "<rect x=\"\(i * 8)\" y=\"\(24 - h)\" width=\"6\" height=\"\(h)\" fill=\"\(r == nil ? "#d1d5db" : "#2563eb")\"/>"
        }
        return o + "</svg>"
    }

    /// Text for HTML: escaped, and stripped of control characters.
    static func esc(_ s: String) -> String {
        var o = ""
        for ch in Sanitize.line(s) {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&#39;"
            default: o.append(ch)
            }
        }
        return o
    }
}
