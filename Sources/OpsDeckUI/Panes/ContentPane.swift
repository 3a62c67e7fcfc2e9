import OpsDeckCore

/// The Content pane (14:00 and the wrap-up): the content plan.
extension Panes {
    static func content(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        if missing(s, .contentPosts, into: &c) { return c }
        let posts = s.data.contentPosts.sorted { ($0.plannedAt ?? now) < ($1.plannedAt ?? now) }
        c.sections.append(.init(l("Posts", "内容"), [Col(l("Planned", "计划"), 11), Col(l("Status", "状态"), 9), Col(l("Title", "标题"), 32), Col(l("Audience", "人群"), 14),
                                                    Col(l("Views", "浏览"), 7, right: true), Col(l("Likes", "点赞"), 6, right: true)],
                                posts.map { p in
                                    let late = p.status == .planned && (p.plannedAt.map { $0 < now } ?? false)
                                    return Row([Fmt.dayTime(p.plannedAt, today: now.date), p.status == .published ? l("published", "已发布") : l("planned", "计划中"), p.title ?? "—",
                                                p.audience ?? "—", Fmt.count(p.views), Fmt.count(p.likes)], role: late ? .warn : p.status == .published ? .muted : .text,
                                               keys: [p.plannedAt.map { Double($0.seconds) }, nil, nil, nil, p.views.map(Double.init), p.likes.map(Double.init)]) }))
        return c
    }
}
