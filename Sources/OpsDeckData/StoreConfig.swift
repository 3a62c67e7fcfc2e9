import Foundation
import OpsDeckCore
import TOMLKit

/// Reads `store.toml` and `schedule.toml`. A file with errors is reported and the defaults
/// (or the built-in day) stand in for what could not be read.
public enum StoreConfig {
    public static func loadProfile(from url: URL, issues: inout [DataIssue]) -> StoreProfile {
        var p = StoreProfile()
        guard let table = parse(url, "store.toml", &issues) else { return p }
        var r = TOMLReader(file: "store.toml", issues: issues)
        defer { issues = r.issues }
        r.known(table, ["name", "timezone", "time_zone", "currency", "operators", "targets", "thresholds", "diagnosis", "bids", "goals",
                        "state", "store_id", "digest"], at: "")
        if let v = r.string(table, "name") { p.name = v }
        if let v = r.string(table, "state") { p.state = v }
        if let v = r.string(table, "store_id") { p.storeID = v }
        if let t = table["digest"]?.table {
            r.known(t, ["times", "post", "robot"], at: "digest.")
            if let a = t["times"]?.array {
                for v in a {
                    let text = v.string ?? ""
                    let parts = text.split(separator: ":").compactMap { Int($0) }
                    if parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) { p.digest.times.append(parts[0] * 60 + parts[1]) }
                    else { r.issue("digest.times", "\"\(text)\" is not a time of day (HH:MM); left out") }
                }
                p.digest.times.sort()
            } else if t["times"] != nil { r.issue("digest.times", "expected a list of times, like [\"12:00\", \"18:30\"]") }
            p.digest.post = r.string(t, "post")
            if let v = r.string(t, "robot") {
                if ["dingtalk", "feishu"].contains(v) { p.digest.robot = v } else { r.issue("digest.robot", "expected dingtalk or feishu; the address decides") }
            }
        }
        if let v = r.string(table, "timezone") ?? r.string(table, "time_zone") {
            if TimeZone(identifier: v) != nil { p.timeZone = v } else { r.issue("timezone", "unknown time zone \"\(v)\"; using \(p.timeZone)") }
        }
        if let v = r.string(table, "currency") { p.currency = v }
        if let a = table["operators"]?.array { p.operators = a.compactMap { $0.string } }
        if let t = table["targets"]?.table {
            r.known(t, ["daily_gmv", "conversion_rate", "roi", "ctr", "inquiry_conversion", "refund_rate", "first_response_seconds"], at: "targets.")
            p.targets.dailyGMV = r.money(t, "daily_gmv", at: "targets.")
            p.targets.conversionRate = r.rate(t, "conversion_rate", at: "targets.")
            p.targets.roi = r.number(t, "roi", at: "targets.")
            p.targets.ctr = r.rate(t, "ctr", at: "targets.")
            p.targets.inquiryConversion = r.rate(t, "inquiry_conversion", at: "targets.")
            p.targets.refundRate = r.rate(t, "refund_rate", at: "targets.")
            p.targets.firstResponseSeconds = r.number(t, "first_response_seconds", at: "targets.")
        }
        if let t = table["thresholds"]?.table {
            r.known(t, ["low_stock_days", "coupon_expiry_hours", "stale_data_minutes", "late_shipment_hours", "swing_pct",
                        "competitor_price_move_pct", "market_band_pct", "design_due_soon_hours", "activity_prep_hours", "agent_brief_hours",
                        "inquiry_conversion_warn_pct", "slow_responses_warn", "low_balance", "budget_warn_pct", "early_offline_before_hour",
                        "title_max_bytes"], at: "thresholds.")
            if let v = r.number(t, "low_stock_days", at: "thresholds."), v > 0 { p.thresholds.lowStockDays = v }
            if let v = r.number(t, "coupon_expiry_hours", at: "thresholds."), v > 0 { p.thresholds.couponExpiryHours = Int(v) }
            if let v = r.number(t, "stale_data_minutes", at: "thresholds."), v > 0 { p.thresholds.staleDataMinutes = Int(v) }
            if let v = r.number(t, "late_shipment_hours", at: "thresholds."), v > 0 { p.thresholds.lateShipmentHours = Int(v) }
            // The panes' marks: percentages as in the rest of the file (`30` or "30%").
            let th = "thresholds."
            if let v = r.percent(t, "swing_pct", at: th), v > 0 { p.thresholds.swing = v }
            if let v = r.percent(t, "competitor_price_move_pct", at: th), v > 0 { p.thresholds.competitorPriceMove = v }
            if let v = r.percent(t, "market_band_pct", at: th), v > 0 { p.thresholds.marketBand = v }
            if let v = r.number(t, "design_due_soon_hours", at: th), v > 0 { p.thresholds.designDueSoonHours = Int(v) }
            if let v = r.number(t, "activity_prep_hours", at: th), v > 0 { p.thresholds.activityPrepHours = Int(v) }
            if let v = r.number(t, "agent_brief_hours", at: th), v > 0 { p.thresholds.agentBriefHours = Int(v) }
            if let v = r.percent(t, "inquiry_conversion_warn_pct", at: th), v > 0 { p.thresholds.inquiryConversionWarn = v }
            if let v = r.number(t, "slow_responses_warn", at: th), v >= 0 { p.thresholds.slowResponsesWarn = Int64(v) }
            if let v = r.money(t, "low_balance", at: th), v >= 0 { p.thresholds.lowBalance = v }
            if let v = r.percent(t, "budget_warn_pct", at: th), v > 0 { p.thresholds.budgetWarn = v }
            if let v = r.number(t, "early_offline_before_hour", at: th), (0...24).contains(v) { p.thresholds.earlyOfflineBeforeHour = Int(v) }
            if let v = r.number(t, "title_max_bytes", at: th), v > 0 { p.thresholds.titleMaxBytes = Int(v) }
        }
        if let t = table["diagnosis"]?.table {
            let at = "diagnosis."
            r.known(t, ["min_change_pct", "min_money", "min_clicks", "min_spend", "refund_settle_days"], at: at)
            if let v = r.percent(t, "min_change_pct", at: at), v > 0 { p.diagnosis.minChange = v }
            if let v = r.money(t, "min_money", at: at), v >= 0 { p.diagnosis.minMoney = v }
            if let v = r.number(t, "min_clicks", at: at), v >= 0 { p.diagnosis.minClicks = Int64(v) }
            if let v = r.money(t, "min_spend", at: at), v >= 0 { p.diagnosis.minSpend = v }
            if let v = r.number(t, "refund_settle_days", at: at), v >= 0 { p.diagnosis.refundSettleDays = Int(v) }
        }
        if let t = table["bids"]?.table {
            r.known(t, ["max_bid", "bid_step", "confirm_change_over", "max_change_pct", "cooldown_hours", "margin", "min_clicks",
                        "require_approval_over", "margins"], at: "bids.")
            // A percentage ("30%") of the old value, or an amount (8, "¥8.00") of the change.
            if let v = t["require_approval_over"] {
                if let text = v.string, text.hasSuffix("%") {
                    if let share = r.percent(t, "require_approval_over", at: "bids."), share > 0 { p.bids.approvalOverShare = share }
                } else if let m = r.money(t, "require_approval_over", at: "bids."), m >= 0 { p.bids.approvalOverAmount = m }
            }
            if let v = r.percent(t, "max_change_pct", at: "bids.") {
                if v <= 0 { r.issue("bids.max_change_pct", "must be above 0%; ignored") } else { p.bids.maxChange = v }
            }
            if let v = r.number(t, "cooldown_hours", at: "bids."), v >= 0 { p.bids.cooldownHours = Int(v) }
            if let v = r.rate(t, "margin", at: "bids.") {
                if v <= 0 || v > 1 { r.issue("bids.margin", "a gross margin is a fraction between 0 and 1 (0.35 or \"35%\"); ignored") } else { p.bids.margin = v }
            }
            if let v = r.number(t, "min_clicks", at: "bids."), v >= 0 { p.bids.minClicks = Int64(v) }
            // Per item gross margins: item ID = margin (a fraction or "35%").
            if let m = t["margins"]?.table {
                for key in m.keys.sorted() {
                    if let v = r.rate(m, key, at: "bids.margins."), v > 0, v <= 1 { p.bids.itemMargins[key] = v }
                    else { r.issue("bids.margins.\(key)", "a gross margin is a fraction between 0 and 1; ignored") }
                }
            }
            if let v = r.money(t, "max_bid", at: "bids.") {
                // The store's own limit tightens the platform's rules; it never loosens them.
                if v < 5 || v > 9_999 { r.issue("bids.max_bid", "must be between ¥0.05 and ¥99.99; ignored") } else { p.bids.maxBid = v }
            }
            if let v = r.money(t, "bid_step", at: "bids.") {
                if v < 1 { r.issue("bids.bid_step", "must be at least ¥0.01; ignored") } else { p.bids.bidStep = v }
            }
            if let v = r.percent(t, "confirm_change_over", at: "bids.") {
                if v <= 0 { r.issue("bids.confirm_change_over", "must be above 0%; ignored") } else { p.bids.confirmChangeOver = v }
            }
        }
        if let goals = table["goals"] {
            if let a = goals.array { p.goals = a.enumerated().compactMap { i, v in r.goal(v, at: "goals[\(i + 1)]") } }
            else { r.issue("goals", "expected [[goals]] tables") }
        }
        return p
    }

    public static func loadSchedule(from url: URL, issues: inout [DataIssue]) -> Schedule {
        guard let table = parse(url, "schedule.toml", &issues) else { return .builtIn }
        var r = TOMLReader(file: "schedule.toml", issues: issues)
        defer { issues = r.issues }
        guard let blocks = (table["block"] ?? table["blocks"])?.array, !blocks.isEmpty else {
            r.issue("block", "no [[block]] tables; using the built-in day")
            return .builtIn
        }
        var out: [Schedule.Block] = []
        for (i, value) in blocks.enumerated() {
            let at = "block[\(i + 1)]."
            guard let b = value.table else { r.issue("block[\(i + 1)]", "not a table"); continue }
            guard let s = r.string(b, "start").flatMap(ClockTime.init), let e = r.string(b, "end").flatMap(ClockTime.init), s < e else {
                r.issue("block[\(i + 1)]", "needs start and end as HH:MM with start before end; block skipped"); continue
            }
            let title = r.string(b, "title") ?? "Block \(i + 1)"
            let id = r.string(b, "id") ?? slug(title, fallback: "block\(i + 1)")
            var tasks: [Schedule.Task] = []
            for (j, t) in (b["tasks"]?.array.map(Array.init) ?? []).enumerated() {
                if let s = t.string { tasks.append(Schedule.Task(id: slug(s, fallback: "task\(j + 1)"), title: s)) }
                else if let tt = t.table, let title = tt["title"]?.string {
                    tasks.append(Schedule.Task(id: tt["id"]?.string ?? slug(title, fallback: "task\(j + 1)"), title: title, titleZH: tt["title_zh"]?.string))
                } else { r.issue("\(at)tasks[\(j + 1)]", "a task is a string or a table with a title") }
            }
            out.append(Schedule.Block(id: id, start: s, end: e, title: title, titleZH: r.string(b, "title_zh"),
                                      pane: r.string(b, "pane") ?? id, tasks: tasks))
        }
        out.sort { $0.start < $1.start }
        for (a, b) in zip(out, out.dropFirst()) where b.start < a.end {
            r.issue("block", "\(a.title) (\(a.start)–\(a.end)) overlaps \(b.title) (\(b.start)–\(b.end))")
        }
        return out.isEmpty ? .builtIn : Schedule(blocks: out)
    }

    static func slug(_ s: String, fallback: String) -> String {
        let ascii = s.lowercased().unicodeScalars.map { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) ? Character($0) : "-" }
        let joined = String(ascii).split(separator: "-").joined(separator: "-")
        return joined.isEmpty ? fallback : String(joined.prefix(40))
    }

    static func parse(_ url: URL, _ name: String, _ issues: inout [DataIssue]) -> TOMLTable? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            issues.append(DataIssue(file: name, why: "cannot be read")); return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            return try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            issues.append(DataIssue(file: name, line: e.source.begin.line, column: "column \(e.source.begin.column)", why: "\(e.description); defaults used"))
        } catch {
            issues.append(DataIssue(file: name, why: "\(error); defaults used"))
        }
        return nil
    }
}

/// Typed access to TOML values, reporting each wrong type by its key.
struct TOMLReader {
    let file: String
    var issues: [DataIssue]

    mutating func issue(_ key: String, _ why: String) {
        issues.append(DataIssue(file: file, column: key, why: why))
    }

    mutating func known(_ t: TOMLTable, _ keys: Set<String>, at prefix: String) {
        for k in t.keys where !keys.contains(k) {
            issues.append(DataIssue(file: file, column: prefix + k, why: "unknown setting ignored", severity: .note))
        }
    }

    /// One `[[goals]]` table: metric, target (in the metric's unit), deadline, optional item,
    /// name and direction. A goal that cannot be read is reported and left out.
    mutating func goal(_ v: TOMLValueConvertible, at prefix: String) -> Goal? {
        guard let t = v.table else { issue(prefix, "not a table"); return nil }
        known(t, ["metric", "target", "deadline", "item", "name", "direction"], at: prefix + ".")
        guard let m = string(t, "metric") else { issue(prefix + ".metric", "missing; goal ignored"); return nil }
        guard let metric = Metric(rawValue: m) else {
            issue(prefix + ".metric", "unknown metric \"\(m)\" (one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))); goal ignored")
            return nil
        }
        let target: Double?
        switch metric.unit {
        case .rate: target = rate(t, "target", at: prefix + ".")
        case .money: target = money(t, "target", at: prefix + ".").map(Double.init)
        case .count, .ratio: target = number(t, "target", at: prefix + ".")
        }
        guard let target else { issue(prefix + ".target", "missing or unreadable; goal ignored"); return nil }
        // A TOML date (deadline = 2026-11-27) or a string ("2026-11-27").
        let deadline = t["deadline"]?.date.flatMap { LocalDate(year: $0.year, month: $0.month, day: $0.day) }
            ?? t["deadline"]?.string.flatMap { LocalTime(parsing: $0)?.date }
        guard let d = deadline else {
            issue(prefix + ".deadline", "needs a date YYYY-MM-DD; goal ignored"); return nil
        }
        let item = string(t, "item")
        if item != nil && !metric.perItem { issue(prefix + ".item", "\(m) is a store figure, not an item's; goal ignored"); return nil }
        var up: Bool?
        if let dir = string(t, "direction") {
            switch dir { case "up": up = true; case "down": up = false; default: issue(prefix + ".direction", "up or down; using the metric's") }
        }
        return Goal(metric: metric, target: target, deadline: d, item: item, name: string(t, "name"), upIsGood: up)
    }

    mutating func string(_ t: TOMLTable, _ key: String) -> String? {
        guard let v = t[key] else { return nil }
        if let s = v.string { return s }
        issue(key, "expected a string"); return nil
    }

    mutating func number(_ t: TOMLTable, _ key: String, at prefix: String) -> Double? {
        guard let v = t[key] else { return nil }
        if let i = v.int { return Double(i) }
        if let d = v.double { return d }
        if let s = v.string, let d = Double(s.trimmingSpaces) { return d }
        issue(prefix + key, "expected a number"); return nil
    }

    /// A fraction: `0.035`, or `"3.5%"`.
    mutating func rate(_ t: TOMLTable, _ key: String, at prefix: String) -> Double? {
        guard let v = t[key] else { return nil }
        if let s = v.string {
            var b = Array(s.trimmingSpaces.utf8)
            if let r = b.withUnsafeMutableBufferPointer({ try? ValueParser.rate(UnsafeBufferPointer($0)) }) { return r }
            issue(prefix + key, "not a rate: \"\(s)\""); return nil
        }
        return number(t, key, at: prefix)
    }

    /// A percentage: `30` or `"30%"` is 0.30.
    mutating func percent(_ t: TOMLTable, _ key: String, at prefix: String) -> Double? {
        guard let v = t[key] else { return nil }
        if v.string != nil { return rate(t, key, at: prefix) }
        return number(t, key, at: prefix).map { $0 / 100 }
    }

    /// Yuan as a number or a string (`8`, `8.5`, `"¥8.50"`), as fen.
    mutating func money(_ t: TOMLTable, _ key: String, at prefix: String) -> Int64? {
        guard let v = t[key] else { return nil }
        if let i = v.int { return Int64(i) * 100 }
        if let d = v.double {
            let fen = (d * 100).rounded()
            if abs(d * 100 - fen) > 1e-6 { issue(prefix + key, "more than 2 decimals in an amount"); return nil }
            return Int64(fen)
        }
        if let s = v.string {
            var b = Array(s.trimmingSpaces.utf8)
            if let f = b.withUnsafeMutableBufferPointer({ try? ValueParser.fen(UnsafeBufferPointer($0)) }) { return f }
            issue(prefix + key, "not an amount: \"\(s)\""); return nil
        }
        issue(prefix + key, "expected an amount in yuan"); return nil
    }
}
