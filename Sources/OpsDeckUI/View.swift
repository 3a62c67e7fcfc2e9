import OpsDeckCore

/// Draws the whole cockpit into a screen buffer: a pure function of the state.
public enum View {
    public static let minWidth = 80, minHeight = 24

    public static func render(_ s: AppState) -> ScreenBuffer {
        var b = ScreenBuffer(width: s.width, height: s.height)
        render(s, into: &b)
        return b
    }

    public static func render(_ s: AppState, into b: inout ScreenBuffer) {
        let l = s.lang
        guard s.width >= minWidth, s.height >= minHeight else {
            b.fill(Rect(x: 0, y: 0, width: s.width, height: s.height))
            let lines = [l("Terminal too small: \(s.width)×\(s.height)", "终端太小：\(s.width)×\(s.height)"),
                         l("Enlarge it to at least \(minWidth)×\(minHeight)", "请放大到至少 \(minWidth)×\(minHeight)"),
                         l("q quits", "按 q 退出")]
            for (i, t) in lines.enumerated() { b.put(t, x: 0, y: s.height / 2 - 1 + i, style: Style(i == 0 ? .warn : .text, bold: i == 0)) }
            return
        }
        if let d = s.desk {
            header(s, &b)
            desk(s, d, &b, Rect(x: 0, y: 1, width: s.width, height: s.height - 2))
            footer(s, &b)
            switch s.mode {
            case .help: help(s, &b)
            case .confirm(let c): confirmation(s, c, &b)
            case .detail: deskDetail(s, d, &b)
            case .schedule(let e): scheduleEditor(s, e, &b)
            default: break
            }
            return
        }
        if let rv = s.review {
            header(s, &b)
            review(s, rv, &b, Rect(x: 0, y: 1, width: s.width, height: s.height - 2))
            footer(s, &b)
            switch s.mode {
            case .help: help(s, &b)
            case .approvals, .approvalReason: approvals(s, &b)
            default: break
            }
            return
        }
        let sw = s.width >= 110 ? 30 : 26
        header(s, &b)
        schedule(s, &b, Rect(x: 0, y: 1, width: sw, height: s.height - 2))
        let right = Rect(x: sw, y: 1, width: s.width - sw, height: s.height - 2)
        let tileRows = kpis(s, &b, right)
        tabs(s, &b, Rect(x: right.x, y: right.y + tileRows, width: right.width, height: 1))
        pane(s, &b, Rect(x: right.x, y: right.y + tileRows + 1, width: right.width, height: right.height - tileRows - 1))
        footer(s, &b)
        switch s.mode {
        case .help: help(s, &b)
        case .imports: importLog(s, &b)
        case .detail:
            if let f = selectedFinding(s) { findingChart(s, f, &b) } else { detail(s, &b) }
        default: break
        }
    }

    static func header(_ s: AppState, _ b: inout ScreenBuffer) {
        let l = s.lang
        let hs = Style(.header)
        b.fill(Rect(x: 0, y: 0, width: s.width, height: 1), style: hs)
        let p = s.progress
        var x = b.put(" OpsDeck · \(s.data.profile.name) · \(s.now.minuteString)", x: 0, y: 0, style: Style(.header, bold: true))
        // Right after the time, so a narrow terminal still shows it: the shared state's trouble.
        let c = s.stateConnection
        if c.shared != nil && !c.online {
            x += b.put(" · " + l("offline — \(c.waiting) action\(c.waiting == 1 ? "" : "s") waiting", "离线 — \(c.waiting) 项操作待发送"),
                       x: x, y: 0, style: Style(.bad, bold: true))
        } else if c.shared != nil && c.waiting > 0, let why = c.problem {
            // Online, but the database refuses what waits (a role that may only read).
            x += b.put(" · " + l("\(c.waiting) waiting — \(why)", "\(c.waiting) 项待发送 — \(why)"), x: x, y: 0, style: Style(.bad, bold: true))
        } else if c.shared != nil && c.waiting > 0 {
            x += b.put(" · " + l("sending \(c.waiting)…", "发送中 \(c.waiting)…"), x: x, y: 0, style: Style(.warn, bold: true))
        }
        var text = ""
        if let c = s.currentBlock { text += " · ▶ \(l(c.title, c.titleZH ?? c.title)) \(c.start)–\(c.end)" }
        else { text += " · " + l("no block now", "当前无日程") }
        text += " · " + l("checks", "检查") + " \(p.done)/\(p.total)"
        if s.readOnly { text += " · " + l("REVIEW (read-only)", "审阅（只读）") }
        x += b.put(text, x: x, y: 0, style: Style(.header, bold: true))
        if let m = s.dataModified {
            let age = Int((s.now.seconds - m.seconds) / 60)
            let stale = age > s.data.profile.thresholds.staleDataMinutes
            let t = " · " + l("data \(max(age, 0))m old", "数据 \(max(age, 0)) 分钟前") + (stale ? l(" — STALE", " — 已过期") : "")
            x += b.put(t, x: x, y: 0, style: Style(stale ? .bad : .header, bold: stale))
        }
        if s.work.reloading { x += b.put(" · " + l("refreshing…", "刷新中…"), x: x, y: 0, style: Style(.header, bold: true)) }
        let problems = s.problems
        if problems > 0 { b.put(" · ⚠ " + l("\(problems) bad rows", "\(problems) 行有误"), x: x, y: 0, style: Style(.warn, bold: true)) }
    }

    static func schedule(_ s: AppState, _ b: inout ScreenBuffer, _ r: Rect) {
        let l = s.lang
        b.box(r, title: l("Schedule", "日程"))
        let states = s.checklist
        let minute = s.now.secondOfDay / 60
        let paneBlocks = Set(s.pane.blocks(s.data.schedule).map(\.id))
        var y = r.y + 1
        let bottom = r.y + r.height - 1
        let inner = r.width - 2
        for block in s.data.schedule.blocks {
            guard y < bottom else { break }
            let keys = block.tasks.map { TaskKey(block: block.id, task: $0.id) }
            let done = keys.filter { states[$0].map { $0.status != .open } ?? false }.count
            let isNow = block.start.minutes <= minute && minute < block.end.minutes
            let past = block.end.minutes <= minute
            let overdue = past && done < keys.count
            let mark = isNow ? "▶" : done == keys.count && !keys.isEmpty ? "✓" : overdue ? "!" : " "
            let style = isNow ? Style(.selection, bold: true) : overdue ? Style(.bad) : done == keys.count ? Style(.good) : Style(.text)
            b.putPadded("\(mark)\(block.start) \(l(block.title, block.titleZH ?? block.title))", x: r.x + 1, y: y, width: inner - 6, style: style)
            b.putPadded("\(done)/\(keys.count)", x: r.x + inner - 5, y: y, width: 6, style: style, alignRight: true)
            y += 1
            // The current block and the pane's blocks show their checks.
            guard isNow || paneBlocks.contains(block.id) else { continue }
            for t in block.tasks {
                guard y < bottom else { break }
                let st = states[TaskKey(block: block.id, task: t.id)]
                let (m, role): (String, Role) = switch st?.status {
                case .done?: ("✓", .good)
                case .skipped?: ("–", .muted)
                default: (past ? "!" : "·", past ? .bad : .text)
                }
                b.put("  \(m) \(l(t.title, t.titleZH ?? t.title))", x: r.x + 1, y: y, maxWidth: inner, style: Style(role))
                y += 1
            }
        }
    }

    /// Says what the changes compare: today so far with the same time on earlier days.
    static func kpiTitle(_ s: AppState) -> String {
        let at = Tiles.cut(s).label
        return s.lang("Today to \(at) · d/w: vs yesterday / last week at \(at) · 14 days",
                      "今日截至 \(at) · 日/周：较昨日/上周同日同时段 · 14天")
    }

    /// Two rows of tiles; returns the height used.
    static func kpis(_ s: AppState, _ b: inout ScreenBuffer, _ r: Rect) -> Int {
        let l = s.lang
        let perRow = max(1, min(4, r.width / 22))
        let rows = min(2, (s.tiles.count + perRow - 1) / perRow)
        // The goals get a line each below the tiles, when the screen has room for them.
        let goalLines = s.height >= 30 ? min(2, s.goals.count) : 0
        let height = rows * 3 + 2 + goalLines
        b.box(Rect(x: r.x, y: r.y, width: r.width, height: height), title: kpiTitle(s))
        let tw = (r.width - 2) / perRow
        for (i, t) in s.tiles.prefix(rows * perRow).enumerated() {
            let x = r.x + 1 + (i % perRow) * tw, y = r.y + 1 + (i / perRow) * 3
            let w = tw - 1
            let flagWidth = t.flag ? b.put("⚑ ", x: x, y: y, style: Style(.bad, bold: true)) : 0
            b.put(t.label, x: x + flagWidth, y: y, maxWidth: w - flagWidth, style: Style(t.flag ? .bad : .muted))
            let spark = Tiles.sparkline(t.history)
            let vw = b.put(t.value, x: x, y: y + 1, maxWidth: w, style: Style(t.role, bold: true))
            if w - vw > 8 { b.put(String(spark.suffix(min(spark.count, w - vw - 1))), x: x + w - min(spark.count, w - vw - 1), y: y + 1, style: Style(.accent)) }
            func delta(_ v: Double?) -> (String, Role) {
                guard let v else { return ("—", .muted) }
                let good = (v >= 0) == t.upIsGood
                return ((v >= 0 ? "▲" : "▼") + Fmt.percent(abs(v)), abs(v) < 0.005 ? .muted : good ? .good : .bad)
            }
            let (dy, ry) = delta(t.vsYesterday), (dw, rw) = delta(t.vsLastWeek)
            let used = b.put(l("d ", "日") + dy, x: x, y: y + 2, maxWidth: w, style: Style(ry))
            b.put(" " + l("w ", "周") + dw, x: x + used, y: y + 2, maxWidth: max(0, w - used), style: Style(rw))
        }
        for (i, g) in s.goals.prefix(goalLines).enumerated() {
            let (text, role) = goalLine(g, l)
            let more = i == goalLines - 1 && s.goals.count > goalLines ? l("  +\(s.goals.count - goalLines) more (:report)", "  另有 \(s.goals.count - goalLines) 个（:report）") : ""
            b.put(text + more, x: r.x + 1, y: r.y + 1 + rows * 3 + i, maxWidth: r.width - 2, style: Style(role))
        }
        return height
    }

    /// "⚠ Goal: 5.57% · gap 0.43 pt · 7d left · will miss at this pace (→ 5.81%)": the flag
    /// first, so a narrow screen never cuts it off.
    static func goalLine(_ g: GoalProgress, _ l: Lang) -> (String, Role) {
        let m = g.goal.metric
        let icon = g.verdict == .reached ? "✓" : g.verdict == .willMiss || g.verdict == .missed ? "⚠" : "◎"
        var t = icon + " " + g.goal.title + ": " + m.format(g.current)
        if let gap = g.gap, g.verdict != .reached { t += " · " + l("gap ", "差 ") + m.formatGap(gap) }
        t += " · " + (g.daysLeft >= 0 ? l("\(g.daysLeft)d left", "剩 \(g.daysLeft) 天") : l("deadline passed", "已过期"))
        let projected = g.projected.map { " (→ \(m.format($0)))" } ?? ""
        switch g.verdict {
        case .reached: return (t + " · " + l("reached", "已达成"), .good)
        case .onTrack: return (t + " · " + l("on track", "按进度") + projected, .text)
        case .willMiss: return (t + " · " + l("will miss at this pace", "按当前速度将无法达成") + projected, .bad)
        case .missed: return (t + " · " + l("missed", "未达成"), .bad)
        case .unknownPace: return (t + " · " + l("pace unknown (too few days)", "数据太少，无法判断进度"), .muted)
        }
    }

    static func tabs(_ s: AppState, _ b: inout ScreenBuffer, _ r: Rect) {
        b.fill(r, style: Style(.tabInactive))
        var x = r.x
        // Short titles for the other panes when all eight do not fit.
        let full = Pane.allCases.enumerated().reduce(0) { $0 + Text.width(" \($1.offset + 1) \($1.element.title(s.lang)) ") }
        for (i, p) in Pane.allCases.enumerated() {
            let active = p == s.pane
            let title = full <= r.width || active ? p.title(s.lang) : String(p.title(s.lang).prefix(s.lang == .zh ? 2 : 4))
            let t = " \(i + 1) \(title) "
            guard x + Text.width(t) <= r.x + r.width else { break }
            x += b.put(t, x: x, y: r.y, style: active ? Style(.tabActive, bold: true) : Style(.tabInactive))
            if r.width > 100 { x += 1 }
        }
        if case let f = s.list.filter, !f.isEmpty { b.put(" /" + f, x: x + 1, y: r.y, maxWidth: r.x + r.width - x - 1, style: Style(.accent)) }
    }

    static func pane(_ s: AppState, _ b: inout ScreenBuffer, _ r: Rect) {
        let l = s.lang
        var lines: [(draw: (inout ScreenBuffer, Int) -> Void, selectable: Int?)] = []
        let states = s.checklist
        let sel = s.selection
        let x = r.x + 1, w = r.width - 2
        // The checks of this pane's blocks.
        for (i, c) in s.paneChecks.enumerated() {
            let st = states[TaskKey(block: c.block.id, task: c.task.id)]
            let past = c.block.end.minutes <= s.now.secondOfDay / 60
            var (mark, role): (String, Role) = ("[ ]", past ? .bad : .text)
            var extra = ""
            switch st?.status {
            case .done?: mark = "[✓]"; role = .good; extra = " " + (st?.at?.clockString ?? "") + " " + (st?.operatorName ?? "")
            case .skipped(let why)?: mark = "[–]"; role = .muted; extra = " " + l("skipped: ", "跳过：") + (why ?? "")
            default: if past { extra = " " + l("overdue", "已逾期") }
            }
            let notes = st?.notes.count ?? 0
            let text = "\(mark) \(c.block.start) \(l(c.task.title, c.task.titleZH ?? c.task.title))\(extra)" + (notes > 0 ? " ✎\(notes)" : "")
            lines.append(({ buf, y in buf.putPadded(text, x: x, y: y, width: w, style: i == sel ? Style(.selection, bold: true) : Style(role)) }, i))
        }
        if let last = s.paneChecks.last, let note = states[TaskKey(block: last.block.id, task: last.task.id)]?.notes.last?.text {
            lines.append(({ buf, y in buf.put("  ✎ " + note, x: x, y: y, maxWidth: w, style: Style(.muted)) }, nil))
        }
        for (t, role) in s.content.notes { lines.append(({ buf, y in buf.put(t, x: x, y: y, maxWidth: w, style: Style(role)) }, nil)) }
        // The tables, through the filter and sort.
        var rowIndex = s.paneChecks.count
        var bySection: [Int: [Int]] = [:]
        for v in s.visibleRows { bySection[v.section, default: []].append(v.row) }
        for (si, sec) in s.content.sections.enumerated() {
            lines.append(({ buf, y in buf.put(sec.title, x: x, y: y, maxWidth: w, style: Style(.title, bold: true)) }, nil))
            let table = Table(sec.columns, x: x, width: w)
            let sorted = s.list.sort.flatMap { $0.section == si ? (column: $0.column, descending: $0.descending) : nil }
            lines.append(({ buf, y in table.header(&buf, y: y, sorted: sorted) }, nil))
            let rows = bySection[si] ?? []
            if rows.isEmpty {
                let empty = !s.list.filter.isEmpty && !sec.rows.isEmpty ? l("no row matches the filter", "没有匹配的行") : sec.empty
                lines.append(({ buf, y in buf.put("  " + empty, x: x, y: y, maxWidth: w, style: Style(.muted)) }, nil))
            }
            for ri in rows {
                let row = sec.rows[ri], me = rowIndex
                lines.append(({ buf, y in
                    table.row(&buf, row.cells, y: y, style: me == sel ? Style(.selection, bold: true) : Style(row.role), selected: me == sel)
                }, me))
                rowIndex += 1
            }
        }
        // Scroll so the selected line shows.
        let selectedLine = lines.firstIndex { $0.selectable == sel } ?? 0
        let top = ListState.top(selected: selectedLine, count: lines.count, page: r.height)
        for (i, line) in lines.dropFirst(top).prefix(r.height).enumerated() { line.draw(&b, r.y + i) }
        Table.scrollMarks(&b, r, top: top, shown: r.height, total: lines.count)
    }

    static func footer(_ s: AppState, _ b: inout ScreenBuffer) {
        let l = s.lang, y = s.height - 1
        b.fill(Rect(x: 0, y: y, width: s.width, height: 1), style: Style(.header))
        switch s.mode {
        case .prompt(let kind, let text):
            let label = kind == .skipReason ? l("Skip reason: ", "跳过原因：") : l("Note: ", "备注：")
            let x = b.put(label, x: 0, y: y, style: Style(.input, bold: true))
            b.put(text + "▏  " + l("Enter saves · Esc cancels", "回车保存 · Esc 取消"), x: x, y: y, style: Style(.input))
            return
        case .command(let text):
            b.put(":" + text + "▏", x: 0, y: y, style: Style(.input))
            return
        case .filter(let text):
            b.put("/" + text + "▏  " + l("Enter keeps · Esc clears", "回车保留 · Esc 清除"), x: 0, y: y, style: Style(.input))
            return
        case .deskInput(let prompt, let text):
            let label: String
            switch prompt {
            case .exactBid: label = l("Bid in yuan (e.g. 1.20): ", "出价（元，如 1.20）：")
            case .budget: label = l("Daily budget, whole yuan ≥ 30, or none: ", "日限额（整元 ≥ 30，或 none）：")
            case .note: label = l("Reason: ", "原因：")
            case .filter: label = "/"
            }
            let x = b.put(label, x: 0, y: y, style: Style(.input, bold: true))
            b.put(text + "▏  " + l("Enter · Esc cancels", "回车 · Esc 取消"), x: x, y: y, style: Style(.input))
            return
        default: break
        }
        if let st = s.status {
            b.put(" " + st.text(l), x: 0, y: y, style: Style(st.kind == .error ? .bad : st.kind == .warning ? .warn : .accent, bold: true))
            return
        }
        var x = 0
        for c in Registry.commands(s) where c.inFooter {
            let enabled = c.whyDisabled(s) == nil
            let t = " \(c.keyLabel) \(c.label(l)) "
            guard x + Text.width(t) <= s.width else { break }
            x += b.put(c.keyLabel, x: x + 1, y: y, style: Style(enabled ? .header : .muted, bold: enabled)) + 1
            x += b.put(" \(c.label(l)) ", x: x, y: y, style: Style(enabled ? .header : .muted))
        }
        if s.desk == nil && s.review == nil { b.put(" 1-8 " + l("panes", "面板"), x: x, y: y, maxWidth: max(0, s.width - x), style: Style(.header)) }
    }

    static func overlayRect(_ s: AppState, _ lines: Int, width: Int) -> Rect {
        let w = min(s.width - 4, width), h = min(s.height - 2, lines + 2)
        return Rect(x: (s.width - w) / 2, y: (s.height - h) / 2, width: w, height: h)
    }

    static func help(_ s: AppState, _ b: inout ScreenBuffer) {
        let l = s.lang
        let cmds = Registry.commands(s)
        let r = overlayRect(s, cmds.count + 3, width: 76)
        b.fill(r)
        b.box(r, title: l("Keys", "按键") + (s.readOnly ? l(" (review: read-only)", "（审阅：只读）") : ""))
        var y = r.y + 1
        for c in cmds where y < r.y + r.height - 2 {
            let why = c.whyDisabled(s)
            b.putPadded(c.keyLabel, x: r.x + 2, y: y, width: 8, style: Style(why == nil ? .accent : .muted, bold: true))
            b.put(c.label(l) + (why.map { "  (\($0))" } ?? ""), x: r.x + 11, y: y, maxWidth: r.width - 13, style: Style(why == nil ? .text : .muted))
            y += 1
        }
        b.put("1–8  " + l("go to a pane", "切换面板") + " · Esc " + l("closes", "关闭"), x: r.x + 2, y: r.y + r.height - 2, maxWidth: r.width - 4, style: Style(.muted))
    }

    /// `:import`: the inbox's imports this session, newest first, each file's line and its bad rows.
    static func importLog(_ s: AppState, _ b: inout ScreenBuffer) {
        let lines = s.imports.flatMap { i in
            [(s.lang("Import at \(i.at.clockString)", "\(i.at.clockString) 导入") + (i.batch.map { " · " + $0 } ?? ""), Style(.title, bold: true))]
                + i.lines.map { ($0, Style($0.contains(": not imported:") ? .bad : .text)) }
        }
        let r = overlayRect(s, min(lines.count, s.height - 4), width: s.width - 4)
        b.fill(r)
        b.box(r, title: s.lang("Imports (Esc closes)", "导入记录（Esc 关闭）"))
        for (i, l) in lines.prefix(r.height - 2).enumerated() { b.put(l.0, x: r.x + 2, y: r.y + 1 + i, maxWidth: r.width - 4, style: l.1) }
    }

    static func detail(_ s: AppState, _ b: inout ScreenBuffer) {
        guard let (si, ri) = s.selectedRow else { return }
        let sec = s.content.sections[si], row = sec.rows[ri]
        let r = overlayRect(s, sec.columns.count + 1, width: 90)
        b.fill(r)
        b.box(r, title: sec.title)
        let lw = min(16, sec.columns.map { Text.width($0.title) }.max() ?? 8)
        for (i, c) in sec.columns.enumerated() where i < row.cells.count && r.y + 1 + i < r.y + r.height - 1 {
            b.putPadded(c.title, x: r.x + 2, y: r.y + 1 + i, width: lw, style: Style(.muted))
            b.put(row.cells[i], x: r.x + 3 + lw, y: r.y + 1 + i, maxWidth: r.width - lw - 5, style: Style(row.role))
        }
    }
}
