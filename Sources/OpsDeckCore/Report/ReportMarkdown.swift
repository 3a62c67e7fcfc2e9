/// The report as Markdown: pastes into a chat or a wiki as it is.
public enum ReportMarkdown {
    public static func render(_ r: OperationReport) -> String {
        var o = ""
        func line(_ s: String = "") { o += s + "\n" }
        let title = r.isRange ? "\(r.from) – \(r.to)" : "\(r.from)"
        line("# Operation report 运营日报 · \(Fmt.cell(r.storeName)) · \(title)")
        line()
        line("Generated \(r.generatedAt.minuteString) by OpsDeck." + (r.days.contains { $0.inProgress } ? " A day not over yet is reported so far." : ""))
        if r.isRange {
            line()
            line("## The range 区间汇总")
            line()
            line("| Figure | Range | " + r.days.map { "\(Fmt.short($0.date))" }.joined(separator: " | ") + " |")
            line("|---|---:|" + String(repeating: "---:|", count: r.days.count))
            for f in r.range {
                line("| \(f.metric.label) \(f.metric.labelZH) | \(f.metric.format(f.value))\(Fmt.aggregate(f.aggregate)) | "
                     + f.daily.map { f.metric.format($0) }.joined(separator: " | ") + " |")
            }
            let rates = r.days.map { $0.checklist.rate.map { Fmt.percent($0) } ?? "—" }
            line("| Checks handled | | " + rates.joined(separator: " | ") + " |")
        }
        for d in r.days { day(d, &o, multi: r.isRange) }
        line()
        line("## 7. Goals 目标")
        line()
        if r.goals.isEmpty { line("No goals in store.toml.") }
        else {
            line("| Goal | Now | Gap | Days left | Trend | Verdict |")
            line("|---|---:|---:|---:|---:|---|")
            for g in r.goals {
                line("| \(Fmt.cell(g.goal.title)) | \(g.goal.metric.format(g.current))\(g.day.map { " (\(Fmt.short($0)))" } ?? "") | "
                     + "\(g.gap.map { g.goal.metric.formatGap($0) } ?? "—") | \(g.daysLeft) | "
                     + "\(g.projected.map { "→ " + g.goal.metric.format($0) } ?? "—") | \(Fmt.verdict(g.verdict)) |")
            }
        }
        return o
    }

    static func day(_ d: DayReport, _ o: inout String, multi: Bool) {
        func line(_ s: String = "") { o += s + "\n" }
        let h = multi ? "###" : "##"
        if multi { line(); line("## \(d.date) \(Fmt.weekday(d.date))" + (d.inProgress ? " (so far)" : "")) }
        line()
        line("\(h) 1. The day's numbers 今日数据" + (!multi && d.inProgress ? " (so far)" : ""))
        line()
        line("| Figure | \(Fmt.short(d.date)) | vs yesterday | vs last \(Fmt.weekday(d.date)) | 14 days |")
        line("|---|---:|---:|---:|---|")
        for n in d.numbers {
            line("| \(n.metric.label) \(n.metric.labelZH) | \(n.metric.format(n.value)) | \(Fmt.change(n.vsYesterday)) | \(Fmt.change(n.vsLastWeek)) | \(Fmt.spark(n.history)) |")
        }
        if d.inProgress {
            line()
            line(d.cut.map { "_The day is not over: visitors, buyers, amounts, spend and the rates made of them are compared with yesterday and last week up to \($0); the other rates with whole days._" }
                 ?? "_The day is not over and there are no hourly rows to compare it at the same time: its changes set a part day against whole days._")
        }
        line()
        line("\(h) 2. What moved and why 波动与原因")
        line()
        line(d.inProgress ? "Today so far, against the same hours of earlier days:" : "The diagnosis (against each series' usual level):")
        if d.findings.isEmpty { line("- Nothing out of the ordinary.") }
        for f in d.findings { line("- " + Fmt.cell(f.line) + (f.impact.map { " ≈" + Money.format($0) } ?? "")) }
        line()
        line("Against yesterday:")
        if d.swings.isEmpty { line("No figure moved \(Fmt.percent(ReportBuilder.swingThreshold, 0)) or more against yesterday.") }
        for s in d.swings {
            var t = "- **\(s.metric.label)** \(Fmt.change(s.change)) (\(s.metric.format(s.yesterday)) → \(s.metric.format(s.value))\(d.cut.map { " to \($0)" } ?? ""))"
            if !s.contributors.isEmpty {
                t += "; behind it: " + s.contributors.map { c in
                    "\(Fmt.cell(c.title ?? c.itemID)) \(c.delta >= 0 ? "+" : "")\(Fmt.plain(c.delta, s.metric))" + (c.share.map { " (\(Fmt.percent($0, 0)))" } ?? "")
                }.joined(separator: ", ")
            }
            line(t)
        }
        line()
        line("\(h) 3. Queues 售后与评价")
        line()
        let q = d.queues
        line("- Refunds requested: \(Fmt.int(q.refundsCreated)); disputes opened: \(Fmt.int(q.disputesCreated)); disputes open: \(Fmt.int(q.openDisputes))")
        for r in q.refundsByReason { line("  - \(Fmt.cell(r.reason)): \(r.count) · \(Money.format(r.amount))") }
        line("- Bad reviews: \(Fmt.int(q.badReviews)) (unreplied \(Fmt.int(q.unrepliedBadReviews)))")
        for r in q.badReviewsByReason { line("  - \(r.reason): \(r.count)") }
        line("- Unpaid orders created that day: \(Fmt.int(q.unpaidOrders))" + (q.unpaidAmount.map { " · \(Money.format($0))" } ?? ""))
        line()
        line("\(h) 4. Promotion 推广")
        line()
        let p = d.promotion
        line("Spend \(p.spend.map { Money.format($0) } ?? "—") · revenue \(p.revenue.map { Money.format($0) } ?? "—") · ROI \(p.roi.map { Number.fixed($0, 2) } ?? "—")")
        if !p.campaigns.isEmpty {
            line()
            line("| Plan | Spend | Budget | Used | Offline |")
            line("|---|---:|---:|---:|---|")
            for c in p.campaigns {
                line("| \(Fmt.cell(c.name)) | \(c.cost.map { Money.format($0) } ?? "—") | \(c.budget.map { Money.format($0) } ?? "no limit") | \(Fmt.percent(c.used, 0)) | \(c.offlineAt?.clockString ?? "") |")
            }
        }
        line()
        line("Bid and budget changes: \(d.bidChanges.count)")
        for b in d.bidChanges {
            line("- \(b.at.clockString) \(Fmt.cell(b.by)) \(Fmt.cell(b.what)) \(b.field) \(Fmt.fen(b.old)) → \(Fmt.fen(b.new))"
                 + (b.reason.map { " — \(Fmt.cell($0))" } ?? "") + " · \(b.state)")
        }
        line()
        line("\(h) 5. Activities and customer service 活动与客服")
        line()
        if d.activities.isEmpty { line("No activity running or starting within a week.") }
        for a in d.activities {
            var t = "- \(Fmt.cell(a.name)) (\(a.kind), \(a.state)) \(a.start.map { Fmt.short($0.date) } ?? "?")–\(a.end.map { Fmt.short($0.date) } ?? "?")"
            if a.state != "upcoming" { t += ": sold \(Fmt.int64(a.sold))/\(Fmt.int64(a.stock)), UV \(Fmt.int64(a.uv)), conversion \(Fmt.percent(a.conversion))" }
            if !a.notReady.isEmpty { t += " — not ready: " + a.notReady.joined(separator: ", ") }
            line(t)
        }
        line()
        if d.agents.isEmpty { line("No customer-service rows for the day.") }
        else {
            line("| Agent | Consultations | First response | Avg response | Inquiry conversion | Slow (>10 min) |")
            line("|---|---:|---:|---:|---:|---:|")
            for a in d.agents {
                line("| \(Fmt.cell(a.agent)) | \(Fmt.int64(a.consultations)) | \(Fmt.seconds(a.firstResponseSeconds)) | \(Fmt.seconds(a.avgResponseSeconds)) | "
                     + "\(Fmt.percent(Formula.ratio(a.inquiryPaidBuyers, a.inquiryBuyers))) | \(Fmt.int64(a.slowResponses)) |")
            }
        }
        line()
        line("\(h) 6. The checklist 日程检查")
        line()
        let c = d.checklist, n = c.counts
        line("Handled \(n.handled)/\(n.total)\(c.rate.map { " (\(Fmt.percent($0, 0)))" } ?? ""): on time \(n.onTime), late \(n.late), skipped \(n.skipped), missed \(n.missed)" + (n.open > 0 ? ", still open \(n.open)" : "") + ".")
        if !c.operators.isEmpty { line("By " + c.operators.map { "\(Fmt.cell($0.name)) \($0.counts.handled)" }.joined(separator: ", ") + ".") }
        if c.noEvents { line("Nothing was recorded in OpsDeck this day.") }
        let notable = Fmt.notable(c)
        if !notable.isEmpty {
            line()
            for t in notable { line("- " + t) }
        }
        if !c.notes.isEmpty {
            line()
            line("Notes:")
            for nt in c.notes { line("- \(nt.at.clockString) \(Fmt.cell(nt.operatorName)): \(Fmt.cell(nt.text ?? ""))") }
        }
    }
}

/// Text helpers shared by the report formats.
enum Fmt {
    static func percent(_ v: Double?, _ places: Int = 1) -> String { v.map { Number.fixed($0 * 100, places) + "%" } ?? "—" }
    static func change(_ v: Double?) -> String {
        guard let v else { return "—" }
        return (v >= 0 ? "▲" : "▼") + Number.fixed(abs(v) * 100, 1) + "%"
    }
    static func aggregate(_ a: RangeFigure.Aggregate) -> String {
        switch a { case .sum: " total"; case .perDay: " /day"; case .weighted: ""; case .meanOfDays: " avg of days" }
    }
    static func int(_ v: Int?) -> String { v.map(String.init) ?? "—" }
    static func int64(_ v: Int64?) -> String { v.map { String($0) } ?? "—" }
    static func fen(_ v: Int64?) -> String { v.map { Money.format($0) } ?? "none" }
    static func seconds(_ v: Double?) -> String { v.map { Number.fixed($0, 0) + "s" } ?? "—" }
    static func short(_ d: LocalDate) -> String { let c = d.components; return "\(c.month)-\(c.day < 10 ? "0" : "")\(c.day)" }
    static func weekday(_ d: LocalDate) -> String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.isoWeekday - 1] }
    /// A value in the unit of a metric, without the currency sign for deltas of counts.
    static func plain(_ v: Double, _ m: Metric) -> String {
        switch m.unit {
        case .money: return Money.format(Int64(v.rounded()))
        default: return Number.fixed(v, 0)
        }
    }
    /// Table cells: one line, no pipes (a pipe would split a Markdown cell).
    static func cell(_ s: String) -> String {
        Sanitize.line(s).replacingPipes()
    }
    static func spark(_ v: [Double?]) -> String { v.allSatisfy { $0 == nil } ? "" : Sparkline.text(v) }
    /// The checks worth a line: late, skipped, missed; a block missed whole is one line.
    static func notable(_ c: DayCompletion) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for t in c.tasks where seen.insert(t.block.id).inserted {
            let tasks = c.tasks.filter { $0.block.id == t.block.id }
            if tasks.count > 1, tasks.allSatisfy({ $0.status == .missed }) {
                out.append("\(t.block.start)–\(t.block.end) \(cell(t.block.title)): all \(tasks.count) checks missed"); continue
            }
            for x in tasks {
                switch x.status {
                case .onTime, .open: continue
                default: out.append("\(x.block.start) \(cell(x.task.title)): \(status(x.status))" + (x.at.map { " at \($0.clockString)" } ?? "") + (x.by.map { " by \(cell($0))" } ?? ""))
                }
            }
        }
        return out
    }

    static func verdict(_ v: GoalProgress.Verdict) -> String {
        switch v {
        case .reached: "reached ✓"
        case .onTrack: "on track"
        case .willMiss: "⚠ will miss at this pace"
        case .missed: "missed (deadline passed)"
        case .unknownPace: "pace unknown (too few days)"
        }
    }
    static func status(_ s: TaskOutcome.Status) -> String {
        switch s {
        case .onTime: "on time"
        case .late(let m): "late \(m < 60 ? "\(m) min" : "\(m / 60)h\(m % 60 < 10 ? "0" : "")\(m % 60)")"
        case .skipped(let r): "skipped" + (r.map { " (\($0))" } ?? "")
        case .missed: "missed"
        case .open: "open"
        }
    }
}

extension String {
    func replacingPipes() -> String { String(map { $0 == "|" ? "¦" : $0 }) }
}
