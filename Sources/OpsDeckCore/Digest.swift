/// The shift lead's digest of a day: what the routine got done by whom, the notes, the bid
/// changes posted (and whether the reports show them applied), the top findings and the open
/// disputes by age — short enough for a chat robot, in Markdown.
public enum Digest {
    public static func markdown(_ data: StoreData, day: LocalDate, checklist: [ChecklistEvent], bidJournal: [BidEvent], now: LocalTime) -> String {
        let asOf = min(now, day.adding(days: 1).start)
        let c = Completion.day(day, schedule: data.schedule, events: checklist.filter { $0.day == day }, asOf: asOf)
        var out: [String] = []
        let sofar = now < day.adding(days: 1).start ? " (as of \(now.clockString))" : ""
        out.append("### \(data.profile.name) · \(day)\(sofar)")
        out.append("")
        let n = c.counts
        out.append("**Checks** \(n.handled)/\(n.total) handled: on time \(n.onTime), late \(n.late), skipped \(n.skipped), missed \(n.missed)" + (n.open > 0 ? ", open \(n.open)" : ""))
        for o in c.operators {
            out.append("- \(Sanitize.line(o.name)): \(o.counts.handled) handled (on time \(o.counts.onTime), late \(o.counts.late), skipped \(o.counts.skipped))")
        }
        let missed = c.tasks.filter { if case .missed = $0.status { return true }; return false }
        if !missed.isEmpty {
            out.append("- missed: " + missed.prefix(5).map { Sanitize.line($0.task.title) }.joined(separator: "; ") + (missed.count > 5 ? " (+\(missed.count - 5))" : ""))
        }
        if !c.notes.isEmpty {
            out.append("")
            out.append("**Notes**")
            for nt in c.notes.prefix(8) { out.append("- \(nt.at.clockString) \(Sanitize.line(nt.operatorName)): \(Sanitize.line(nt.text ?? ""))") }
        }
        let ledger = BidLedger.fold(bidJournal)
        let proofs = PostProof.states(ledger, data: data)
        let posted = ledger.filter { h in
            if case .posted = h.state { return h.change.day == day }
            return false
        }
        out.append("")
        out.append("**Bid changes posted** \(posted.count)")
        let words = Dictionary(data.keywords.map { ($0.keywordID, $0.word) }, uniquingKeysWith: { a, _ in a })
        let plans = Dictionary(data.campaigns.map { ($0.campaignID, $0.name ?? $0.campaignID) }, uniquingKeysWith: { a, _ in a })
        for (ch, _) in posted.prefix(10) {
            let id = ch.entityID ?? "?"
            let what = ch.entity == .keyword ? words[id] ?? id : plans[id] ?? id
            let values = ch.field == .schedule ? (ch.newText ?? "") : "\(ch.oldFen.map { Money.format($0) } ?? "none") → \(ch.newFen.map { Money.format($0) } ?? "none")"
            let proof = ch.id.flatMap { proofs[$0] }.map { " · " + $0.words } ?? ""
            out.append("- \(Sanitize.line(ch.operatorName)) \(Sanitize.line(what)) \(ch.field?.rawValue ?? ""): \(values)" + (ch.reason.map { " — " + Sanitize.line($0) } ?? "") + proof)
        }
        let dx = Diagnose.run(data, at: asOf == now ? now : day.adding(days: 1).start)
        let top = (asOf == now ? dx.all : dx.findings).prefix(5)
        if !top.isEmpty {
            out.append("")
            out.append("**Findings**")
            for f in top { out.append("- " + Sanitize.line(f.line) + (f.impact.map { " ≈" + Money.format($0) } ?? "")) }
        }
        let disputes = data.refunds.filter { $0.dispute == true && $0.status.isOpen && ($0.createdAt.map { $0 <= asOf } ?? true) }
        if !disputes.isEmpty {
            var byAge: [String: Int] = [:]
            for r in disputes {
                let days = r.createdAt.map { Int((asOf.seconds - $0.seconds) / 86_400) } ?? -1
                let bucket = days < 0 ? "age unknown" : days <= 1 ? "≤1 day" : days <= 3 ? "2–3 days" : days <= 7 ? "4–7 days" : "over a week"
                byAge[bucket, default: 0] += 1
            }
            let order = ["≤1 day", "2–3 days", "4–7 days", "over a week", "age unknown"]
            out.append("")
            out.append("**Open disputes** \(disputes.count): " + order.compactMap { k in byAge[k].map { "\(k) \($0)" } }.joined(separator: ", "))
        }
        return out.joined(separator: "\n") + "\n"
    }

    public enum Robot: String, Sendable { case dingtalk, feishu }

    /// The robot a webhook address belongs to, by its host.
    public static func robot(for url: String) -> Robot? {
        if url.contains("dingtalk.com") { return .dingtalk }
        if url.contains("feishu.cn") || url.contains("larksuite.com") { return .feishu }
        return nil
    }

    /// The JSON each robot takes for a Markdown message: DingTalk's `markdown` message, Feishu's
    /// interactive card with one Markdown element.
    public static func payload(_ robot: Robot, title: String, markdown: String) -> String {
        switch robot {
        case .dingtalk:
            return "{\"msgtype\": \"markdown\", \"markdown\": {\"title\": \(JSONText.quote(title)), \"text\": \(JSONText.quote(markdown))}}"
        case .feishu:
            return "{\"msg_type\": \"interactive\", \"card\": {\"header\": {\"title\": {\"tag\": \"plain_text\", \"content\": \(JSONText.quote(title))}}, "
                + "\"elements\": [{\"tag\": \"markdown\", \"content\": \(JSONText.quote(markdown))}]}}"
        }
    }
}
