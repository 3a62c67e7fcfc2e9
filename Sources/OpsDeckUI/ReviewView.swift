import OpsDeckCore

/// The review screen: one scrolling page, read top to bottom the way a shift lead asks —
/// how much was done, by whom, the habit of the last two weeks, each block's checks, the
/// notes, and what changed in the bids.
extension View {
    /// One line of the page: drawn at a row, given the inner width.
    typealias Line = (inout ScreenBuffer, Int, Int, Int) -> Void   // buffer, x, y, width

    static func review(_ s: AppState, _ rv: ReviewState, _ b: inout ScreenBuffer, _ r: Rect) {
        let lines = reviewLines(s, rv)
        let inner = r.width - 2
        let visible = r.height - 2
        let top = max(0, min(rv.scroll, lines.count - visible))
        let c = rv.completion
        let asOf = c.asOf.date == rv.data.day ? " · " + s.lang("as of \(c.asOf.clockString)", "截至 \(c.asOf.clockString)") : ""
        b.box(r, title: s.lang("Review", "审阅") + " · \(rv.data.day) \(weekday(rv.data.day, s.lang))\(asOf)"
              + (lines.count > visible ? " · \(top + 1)–\(min(lines.count, top + visible))/\(lines.count)" : ""))
        for (i, line) in lines.dropFirst(top).prefix(visible).enumerated() { line(&b, r.x + 1, r.y + 1 + i, inner) }
        Table.scrollMarks(&b, Rect(x: r.x, y: r.y + 1, width: r.width, height: visible), top: top, shown: visible, total: lines.count)
    }

    /// How many lines the page has (for scrolling to the end).
    static func reviewLineCount(_ s: AppState, _ rv: ReviewState) -> Int { reviewLines(s, rv).count }

    static func weekday(_ d: LocalDate, _ l: Lang) -> String {
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        return l(en[d.isoWeekday - 1], zh[d.isoWeekday - 1])
    }

    static func reviewLines(_ s: AppState, _ rv: ReviewState) -> [Line] {
        let l = s.lang
        let c = rv.completion, n = c.counts
        var lines: [Line] = []
        func text(_ t: String, _ role: Role = .text, bold: Bool = false, indent: Int = 0) {
            lines.append { b, x, y, w in b.put(t, x: x + indent, y: y, maxWidth: max(0, w - indent), style: Style(role, bold: bold)) }
        }
        func blank() { lines.append { _, _, _, _ in } }

        // The summary.
        let pct = c.rate.map { " (" + Fmt.percent($0, places: 0) + ")" } ?? ""
        text(l("Checks \(n.handled)/\(n.total) handled\(pct)", "检查 \(n.handled)/\(n.total) 已处理\(pct)"), .title, bold: true)
        lines.append { b, x, y, w in
            var cx = x
            for (label, count, role) in [(l("on time", "按时"), n.onTime, Role.good), (l("late", "逾时"), n.late, .warn),
                                         (l("skipped", "跳过"), n.skipped, .muted), (l("missed", "漏做"), n.missed, .bad),
                                         (l("still open", "未到期"), n.open, .text)] {
                guard cx < x + w else { break }
                cx += b.put("\(label) \(count)   ", x: cx, y: y, maxWidth: x + w - cx, style: Style(count > 0 ? role : .muted, bold: count > 0 && role == .bad))
            }
        }
        if c.noEvents { text(l("Nothing was recorded this day.", "当天没有任何记录。"), .muted) }
        if !c.operators.isEmpty {
            let who = c.operators.map { o in
                o.name + " \(o.counts.handled)" + (o.counts.late > 0 ? l(" (\(o.counts.late) late)", "（逾时 \(o.counts.late)）") : "")
            }.joined(separator: " · ")
            text(l("By: ", "操作人：") + who)
        }
        // Fourteen days of completion: the habit, not just the day.
        blank()
        text(l("Last 14 days (checks handled)", "近 14 天完成率"), .title, bold: true)
        let hist = rv.history
        lines.append { b, x, y, w in
            for (i, d) in hist.enumerated() where 6 * i + 5 <= w {
                let c = d.day.components
                b.putPadded("\(c.month)/\(c.day)", x: x + 6 * i, y: y, width: 5, style: Style(d.day == rv.data.day ? .accent : .muted), alignRight: true)
            }
        }
        lines.append { b, x, y, w in
            for (i, d) in hist.enumerated() where 6 * i + 5 <= w {
                b.putPadded(completionBar(d.rate), x: x + 6 * i, y: y, width: 5, style: Style(.accent), alignRight: true)
            }
        }
        lines.append { b, x, y, w in
            for (i, d) in hist.enumerated() where 6 * i + 5 <= w {
                let role: Role = d.rate == nil ? .muted : d.rate! >= 0.9 ? .good : d.rate! >= 0.6 ? .warn : .bad
                b.putPadded(d.rate.map { Fmt.percent($0, places: 0) } ?? "—", x: x + 6 * i, y: y, width: 5, style: Style(role), alignRight: true)
            }
        }
        // Block by block.
        blank()
        text(l("Blocks and checks", "日程与检查"), .title, bold: true)
        for block in s.data.schedule.blocks {
            let bc = c.blockCounts(block.id)
            let role: Role = bc.missed > 0 ? .bad : bc.late > 0 ? .warn : bc.handled == bc.total ? .good : .text
            let title = "\(block.start)–\(block.end) \(l(block.title, block.titleZH ?? block.title))"
            lines.append { b, x, y, w in
                b.putPadded(title, x: x, y: y, width: max(0, w - 10), style: Style(role, bold: true))
                b.putPadded("\(bc.handled)/\(bc.total)", x: x + w - 9, y: y, width: 8, style: Style(role, bold: true), alignRight: true)
            }
            for t in c.tasks where t.block.id == block.id {
                let (mark, status, srole) = outcomeText(t, l)
                let when = t.at.map { Fmt.dayTime($0, today: rv.data.day) } ?? ""
                let who = t.by ?? ""
                let name = l(t.task.title, t.task.titleZH ?? t.task.title)
                lines.append { b, x, y, w in
                    // Check · status · when · who; the status column shrinks last.
                    let right = min(44, w / 2)
                    b.put("  \(mark) " + name, x: x, y: y, maxWidth: max(0, w - right - 1), style: Style(srole == .bad ? .bad : .text))
                    let sx = x + w - right
                    b.putPadded(status, x: sx, y: y, width: 22, style: Style(srole))
                    b.putPadded(when, x: sx + 23, y: y, width: 11, style: Style(.muted))
                    b.put(who, x: sx + 35, y: y, maxWidth: max(0, right - 35), style: Style(.muted))
                }
                if case .skipped(let why?) = t.status {
                    text("↳ " + why, .muted, indent: 6)
                }
                for note in t.notes {
                    text("✎ \(note.at.clockString) \(note.operatorName): \(note.text ?? "")", .muted, indent: 6)
                }
            }
        }
        // Notes on blocks (not on one check).
        let blockNotes = c.notes.filter { $0.task.isEmpty }
        if !blockNotes.isEmpty {
            blank()
            text(l("Notes", "备注"), .title, bold: true)
            for nt in blockNotes {
                let block = s.data.schedule.blocks.first { $0.id == nt.block }
                text("\(nt.at.clockString) \(nt.operatorName) [\(block.map { l($0.title, $0.titleZH ?? $0.title) } ?? nt.block)] \(nt.text ?? "")")
            }
        }
        // The day's bid and budget changes.
        let changes = ReviewState.bidChanges(s.bidJournal, day: rv.data.day)
        let proofs = PostProof.states(BidLedger.fold(s.bidJournal), data: s.data)
        blank()
        text(l("Bid and budget changes (\(changes.count))", "出价与日限额修改（\(changes.count)）"), .title, bold: true)
        if changes.isEmpty { text(l("none", "无"), .muted, indent: 2) }
        for (ch, state) in changes {
            let (what, old, new) = changeText(ch, s.data, l)
            let pctChange = Panes.change(ch.newFen.map(Double.init), ch.oldFen.map(Double.init)).map { " " + ($0 >= 0 ? "+" : "") + Fmt.percent($0) } ?? ""
            let (st, role): (String, Role) = switch state {
            case .pending: (l("pending", "待提交"), .warn)
            case .posted(let batch):
                // Posted is not applied: the next report says whether the platform took it.
                switch ch.id.flatMap({ proofs[$0] }) {
                case .notApplied(let r)?: (l("posted, NOT applied (report \(r.map { Money.format($0) } ?? "none"))", "已提交，未生效（报表 \(r.map { Money.format($0) } ?? "无")）"), .bad)
                case .applied?: (l("posted, applied", "已提交，已生效") + (batch.map { " " + $0 } ?? ""), .good)
                case .superseded?: (l("posted, superseded", "已提交，已被后续修改取代"), .muted)
                default: (l("posted, waiting for a newer report", "已提交，等待新报表确认") + (batch.map { " " + $0 } ?? ""), .warn)
                }
            case .undone: (l("undone", "已撤销"), .muted)
            case .reverted: (l("reverted", "已撤回"), .muted)
            }
            // The state before the reason: a long reason is what gets cut on a narrow screen.
            let head = "  \(ch.at.clockString) \(ch.operatorName)  "
            let body = "\(what)  \(old) → \(new)\(pctChange)" + (ch.reason.map { "  “\($0)”" } ?? "")
            lines.append { b, x, y, w in
                var cx = x + b.put(head, x: x, y: y, maxWidth: w, style: Style(.text))
                cx += b.put(st + "  ", x: cx, y: y, maxWidth: max(0, x + w - cx), style: Style(role, bold: true))
                b.put(body, x: cx, y: y, maxWidth: max(0, x + w - cx), style: Style(.text))
            }
        }
        return lines
    }

    /// One block glyph per day on an absolute 0–100% scale (so 100% always looks full).
    static func completionBar(_ rate: Double?) -> String {
        guard let rate else { return " " }
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(bars[max(0, min(7, Int(rate * 7.999)))])
    }

    static func outcomeText(_ t: TaskOutcome, _ l: Lang) -> (mark: String, status: String, role: Role) {
        switch t.status {
        case .onTime: return ("✓", l("on time", "按时"), .good)
        case .late(let m): return ("✓", l("late ", "逾时 ") + duration(m, l), .warn)
        case .skipped: return ("–", l("skipped", "跳过"), .muted)
        case .missed: return ("✗", l("missed", "漏做"), .bad)
        case .open: return ("·", l("open", "未到期"), .text)
        }
    }

    /// "25m", "2h05m", "1d 3h".
    static func duration(_ minutes: Int, _ l: Lang) -> String {
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 24 * 60 { let m = minutes % 60; return "\(minutes / 60)h" + (m > 0 ? (m < 10 ? "0" : "") + "\(m)m" : "") }
        return "\(minutes / 1440)d \(minutes % 1440 / 60)h"
    }

    /// What a change was to: the keyword's word or the plan's name, the field, old and new.
    static func changeText(_ ch: BidEvent, _ data: StoreData, _ l: Lang) -> (String, String, String) {
        let id = ch.entityID ?? "?"
        let name: String
        switch ch.entity {
        case .keyword?: name = data.keywords.first { $0.keywordID == id }.map { "「\($0.word)」" } ?? id
        case .campaign?: name = data.campaigns.first { $0.campaignID == id }?.name ?? id
        case nil: name = id
        }
        let field: String = switch ch.field {
        case .bid?: l("bid", "出价")
        case .mobileBid?: l("mobile bid", "移动出价")
        case .dailyBudget?: l("daily budget", "日限额")
        case .schedule?: l("time-of-day discounts", "分时折扣")
        case nil: ""
        }
        if ch.field == .schedule { return ("\(name) \(field)", ch.oldText ?? l("none", "无"), ch.newText ?? l("none", "无")) }
        let none = ch.field == .dailyBudget ? l("no limit", "不限") : "—"
        return ("\(name) \(field)", ch.oldFen.map { Money.format($0) } ?? none, ch.newFen.map { Money.format($0) } ?? none)
    }
}
