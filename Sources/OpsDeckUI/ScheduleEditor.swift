import OpsDeckCore

/// `t` on the desk: the row's plan's time-of-day discounts (分时折扣) as a strip of 48 half
/// hours. ←/→ move (h/l), Space starts or ends a range, digits and Enter set the slot or the
/// range to a percentage (1–150), `o` turns it off, `f` `n` `e` `w` apply a template, `y`
/// copies the pattern and `p` pastes one copied from another plan, `s` saves the change (a
/// journaled step, undoable and posted like a bid), Esc leaves without it.
public struct ScheduleEdit: Equatable, Sendable {
    public var campaignID: String
    public var name: String
    public var cells: [Int?]
    public var original: [Int?]
    public var cursor: Int
    public var anchor: Int?
    public var typed = ""

    var range: ClosedRange<Int> { anchor.map { min($0, cursor)...max($0, cursor) } ?? cursor...cursor }
}

enum ScheduleEditor {
    static func open(_ s: inout AppState) -> [Effect] {
        guard let d = s.desk, let i = d.selected else { return [] }
        let row = d.rows[i]
        let cells = TimeSlots.halfHours(d.schedule(campaign: row.keyword.campaignID))
        let now = min(TimeSlots.cells - 1, s.now.secondOfDay / 1800)
        s.mode = .schedule(ScheduleEdit(campaignID: row.keyword.campaignID, name: row.campaignName, cells: cells, original: cells, cursor: now))
        return []
    }

    static func key(_ s: inout AppState, _ k: Key) -> [Effect] {
        guard case .schedule(var e) = s.mode else { return [] }
        switch k {
        case .escape: s.mode = .normal; return []
        case .left, .char("h"): e.cursor = max(0, e.cursor - 1); e.typed = ""
        case .right, .char("l"): e.cursor = min(TimeSlots.cells - 1, e.cursor + 1); e.typed = ""
        case .home: e.cursor = 0
        case .end: e.cursor = TimeSlots.cells - 1
        case .char(" "): e.anchor = e.anchor == nil ? e.cursor : nil
        case .char(let c) where c.isASCII && c.isNumber: if e.typed.count < 3 { e.typed.append(c) }
        case .backspace: e.typed = String(e.typed.dropLast())
        case .enter:
            guard let pct = Int(e.typed), (1...150).contains(pct) else {
                s.say(.error, .bids, "a discount is 1–150% (or o for off)", "折扣为 1–150%（或 o 关闭）")
                e.typed = ""; s.mode = .schedule(e); return []
            }
            for c in e.range { e.cells[c] = pct }
            e.typed = ""; e.anchor = nil
        case .char("o"): for c in e.range { e.cells[c] = nil }; e.anchor = nil
        case .char("y"):
            s.scheduleClipboard = e.cells
            s.say(.info, .bids, "pattern copied: p pastes it on another plan", "已复制：在其他计划按 p 粘贴")
        case .char("p"):
            guard let copied = s.scheduleClipboard else { s.say(.warning, .bids, "nothing copied (y copies)", "没有复制的内容（y 复制）"); break }
            e.cells = copied
        case .char("s"):
            s.mode = .normal
            return save(&s, e)
        case .char(let c):
            if let t = TimeSlots.templates.first(where: { $0.key == c }) { e.cells = t.cells; s.say(.info, .bids, t.name) }
        default: break
        }
        s.mode = .schedule(e)
        return []
    }

    /// One change event for the plan's schedule, from the report's (or pending) text to the new.
    static func save(_ s: inout AppState, _ e: ScheduleEdit) -> [Effect] {
        guard e.cells != e.original else { s.say(.info, .bids, "schedule unchanged", "分时折扣未改动"); return [] }
        guard e.cells.contains(where: { $0 != nil }) else {
            s.say(.error, .bids, "refused: a schedule that is off all day (pause the plan instead)", "拒绝：全天关闭（请暂停计划）")
            return []
        }
        let d = s.desk!
        let old = d.book.pending[.init(.campaign, e.campaignID, .schedule)]?.newText ?? d.schedules[e.campaignID] ?? ""
        let new = TimeSlots.text(TimeSlots.slots(e.cells))
        return [.saveBids([BidEvent(day: s.day, at: s.now, operatorName: s.operatorName, kind: .change, entity: .campaign,
                                    entityID: e.campaignID, field: .schedule, step: "step-\(s.now.seconds)-\(s.bidJournal.count)",
                                    oldText: old, newText: new)])]
    }
}

extension View {
    static func scheduleEditor(_ s: AppState, _ e: ScheduleEdit, _ b: inout ScreenBuffer) {
        let l = s.lang
        let r = overlayRect(s, 10, width: 108)
        b.fill(r)
        b.box(r, title: l("Time-of-day discounts · \(e.name)", "分时折扣 · \(e.name)"))
        let x0 = r.x + 2 + 6
        // Hours above, two cells an hour; the level of each half hour as a bar, off blank.
        var y = r.y + 1
        b.put(l("hour", "小时"), x: r.x + 2, y: y, style: Style(.muted))
        for h in 0..<24 { b.put(h < 10 ? "0\(h)" : "\(h)", x: x0 + h * 4, y: y, style: Style(.muted)) }
        y += 1
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let now = s.now.secondOfDay / 1800
        b.put("%", x: r.x + 2, y: y, style: Style(.muted))
        for c in 0..<TimeSlots.cells {
            let glyph: String = e.cells[c].map { String(bars[min(7, max(0, ($0 - 1) * 8 / 150))]) } ?? "·"
            let inRange = e.range.contains(c)
            b.put(glyph + glyph, x: x0 + c * 2, y: y, style: Style(inRange ? .selection : (e.cells[c] == e.original[c] ? .accent : .warn)))
        }
        y += 1
        // The percentage of each hour's first half hour in numbers (a second half hour that
        // differs shows as its own bar above, and on the line below when selected).
        for h in 0..<24 {
            let v = e.cells[h * 2].map(String.init) ?? l("off", "关")
            b.put(v, x: x0 + h * 4, y: y, maxWidth: 3, style: Style(.muted))
        }
        y += 1
        if (0..<TimeSlots.cells).contains(now) { b.put("▲" + l("now", "现在"), x: x0 + now * 2, y: y, style: Style(.muted)) }
        y += 1
        let first = e.range.lowerBound, last = e.range.upperBound
        let span = "\(ClockTime(minutes: first * 30))–\(ClockTime(minutes: (last + 1) * 30))"
        let value = e.cells[e.cursor].map { "\($0)%" } ?? l("off", "关闭")
        b.put(span + "  " + value + (e.typed.isEmpty ? "" : l("  → typing ", "  → 输入 ") + e.typed + "%"), x: r.x + 2, y: y, maxWidth: r.width - 4,
              style: Style(.text, bold: true))
        y += 1
        b.put(TimeSlots.text(TimeSlots.slots(e.cells)), x: r.x + 2, y: y, maxWidth: r.width - 4, style: Style(.muted))
        y += 1
        b.put(l("←/→ move · Space range · 1–150 Enter set · o off · f n e w templates · y copy · p paste · s save · Esc",
                "←/→ 移动 · 空格 选区 · 1–150 回车 设置 · o 关闭 · f n e w 模板 · y 复制 · p 粘贴 · s 保存 · Esc"),
              x: r.x + 2, y: y, maxWidth: r.width - 4, style: Style(.accent))
    }
}
