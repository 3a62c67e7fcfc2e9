/// Every pending change checked before it is posted, shown on its row and in the post preview:
/// an **error** will not post (the platform's limits, the store's max_bid, above the plan's
/// budget, an ID the platform cannot take); a **conflict** will not post until the operator
/// keeps theirs or takes the report's (the report's value moved since the change was made
/// against it — a colleague, a smart-bidding tool); a **warning** posts only when confirmed
/// (a large step, a keyword changed within the cooldown, a bid above the break-even CPC, a
/// raise on too few clicks to judge); else **ok**.
public enum BidCheck {
    public enum State: Sendable, Equatable {
        case ok
        case warning([String])
        case conflict(report: Int64?)
        /// Larger than `require_approval_over` and not yet approved by the shift lead.
        case awaitingApproval
        case error(String)

        /// One character for the table's state column.
        public var mark: String {
            switch self {
            case .ok: "Δ"
            case .warning: "!"
            case .conflict: "≠"
            case .awaitingApproval: "?"
            case .error: "✗"
            }
        }
    }

    /// What a row knows of its keyword or plan: the report's current value and the 7 days.
    public struct Context: Sendable {
        public var report: Int64?
        public var budget: Int64?
        public var week: BidRow.Stats?
        /// When a change to this value was last posted.
        public var lastPosted: LocalTime?
        /// The shift lead's word on it, when given.
        public var approval: BidBook.Approval?
        /// A plan's schedule in the report (for `.schedule`).
        public var reportText: String?
        /// The keyword's item, for its own margin.
        public var item: String?
        public init(report: Int64?, budget: Int64? = nil, week: BidRow.Stats? = nil, lastPosted: LocalTime? = nil) {
            self.report = report; self.budget = budget; self.week = week; self.lastPosted = lastPosted
        }
    }

    /// The break-even CPC of the last 7 days: conversion × AOV × margin, which is revenue per
    /// click × margin. Nil without a margin or without clicks.
    public static func breakEvenCPC(_ week: BidRow.Stats?, margin: Double?) -> Int64? {
        guard let margin, let w = week, w.clicks > 0, w.revenue > 0 else { return nil }
        return Int64((Double(w.revenue) / Double(w.clicks) * margin).rounded())
    }

    public static func check(_ key: BidBook.Key, _ p: BidBook.Pending, _ c: Context, rules: BidRules, now: LocalTime) -> State {
        let g = rules.guardrails
        if OutboxBatch.numericID(key.id) == nil {
            return .error("ID \(key.id) is not a number the platform takes (digits, below 2^53)")
        }
        switch key.field {
        case .bid, .mobileBid:
            guard let new = p.new else { return .error("no bid") }
            if let why = rules.refuseBid(new, budget: c.budget) { return .error(why) }
        case .dailyBudget:
            if let why = rules.refuseBudget(p.new) { return .error(why) }
        case .schedule:
            guard let t = p.newText, TimeSlots.parse(t) != nil else { return .error("not a schedule (HH:MM-HH:MM:pct, pct 1–150)") }
            // Schedules have no money to compare: made against the report's schedule, or not.
            return (p.oldText ?? "") == (c.reportText ?? "") ? .ok : .conflict(report: nil)
        }
        // Made against a value the report no longer shows.
        if p.old != c.report { return .conflict(report: c.report) }
        if g.needsApproval(old: p.old, new: p.new) {
            switch c.approval {
            case let a? where !a.approved: return .error("rejected by \(a.by) at \(a.at.clockString)" + (a.reason.map { ": " + $0 } ?? ""))
            case nil: return .awaitingApproval
            default: break
            }
        }
        var warnings: [String] = []
        if let old = p.old, let new = p.new, old > 0 {
            let step = Double(new - old) / Double(old)
            if abs(step) > g.maxChange {
                warnings.append("a step of \(step > 0 ? "+" : "")\(Int((step * 100).rounded()))% (more than \(Int((g.maxChange * 100).rounded()))%)")
            }
        }
        if let last = c.lastPosted, g.cooldownHours > 0, now.seconds - last.seconds < Int64(g.cooldownHours) * 3600 {
            let hours = max(0, (now.seconds - last.seconds) / 3600)
            warnings.append("changed \(hours) h ago (cooldown \(g.cooldownHours) h)")
        }
        if key.field != .dailyBudget, let new = p.new {
            if let m = g.margin(item: c.item), let be = breakEvenCPC(c.week, margin: m), new > be {
                warnings.append("bid \(Money.format(new)) above the break-even CPC \(Money.format(be)) (7 days × margin \(Int((m * 100).rounded()))%)")
            }
            if let old = p.old, new > old, let w = c.week, w.clicks < g.minClicks {
                warnings.append("a raise on \(w.clicks) clicks in 7 days (fewer than \(g.minClicks) to judge)")
            }
        }
        return warnings.isEmpty ? .ok : .warning(warnings)
    }
}
