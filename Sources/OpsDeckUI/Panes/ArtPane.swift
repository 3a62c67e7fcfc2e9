import OpsDeckCore

/// The Art pane (08:00 art handoff): the design tasks, overdue and due soon first.
extension Panes {
    static func art(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        c.notes.append((l("Frame: store style, product tonality · Details: copy, typesetting, demo pictures",
                          "整体框架：店铺风格、产品调性 · 细节：文案、排版、演示图"), .muted))
        if missing(s, .artTasks, into: &c) { return c }
        let open = s.data.artTasks.filter { $0.status != .done }
        let ordered = open.sorted { ($0.dueAt ?? LocalTime(seconds: .max)) < ($1.dueAt ?? LocalTime(seconds: .max)) }
            + s.data.artTasks.filter { $0.status == .done }
        let rows = ordered.map { t -> Row in
            let overdue = t.status != .done && (t.dueAt.map { $0 < now } ?? false)
            let soon = t.status != .done && !overdue && (t.dueAt.map { $0.seconds - now.seconds < Int64(s.data.profile.thresholds.designDueSoonHours) * 3600 } ?? false)
            return Row([Fmt.dayTime(t.dueAt, today: now.date), Fmt.until(t.dueAt, from: now, l), status(t.status, l), t.kind?.rawValue ?? "—",
                        t.designer ?? "—", t.brief ?? ""], role: overdue ? .bad : soon ? .warn : t.status == .done ? .muted : .text,
                       keys: [t.dueAt.map { Double($0.seconds) }, nil, nil, nil, nil, nil])
        }
        c.sections.append(.init(l("Design tasks (overdue and due soon first)", "设计任务（逾期与即将到期在前）"),
                                [Col(l("Due", "截止"), 11), Col(l("When", "剩余"), 11), Col(l("Status", "状态"), 9),
                                 Col(l("Kind", "类型"), 11), Col(l("Designer", "美工"), 10), Col(l("Brief", "需求"), 40)], rows))
        return c
    }

    static func status(_ st: ArtStatus?, _ l: Lang) -> String {
        switch st {
        case .todo?: l("to do", "待办")
        case .inProgress?: l("doing", "进行中")
        case .review?: l("review", "待审核")
        case .done?: l("done", "已完成")
        case .rejected?: l("rejected", "已驳回")
        case nil: "—"
        }
    }
}
