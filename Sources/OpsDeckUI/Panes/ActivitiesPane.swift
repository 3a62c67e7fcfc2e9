import OpsDeckCore

/// The Activities pane (13:30): upcoming and running activities and their preparation.
extension Panes {
    static func activities(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now, t = s.data.profile.thresholds
        var c = PaneContent()
        if missing(s, .activities, into: &c) { return c }
        let shares = Dictionary(uniqueKeysWithValues: s.kpi.activities.map { ($0.activityID, $0) })
        let rows = s.data.activities.filter { ($0.endAt ?? now) >= now.adding(hours: -24) }.sorted { ($0.startAt ?? now) < ($1.startAt ?? now) }.map { a -> Row in
            let next: (String, LocalTime?) = a.signupDeadline.map { $0 > now } == true ? (l("signup", "报名截止"), a.signupDeadline)
                : a.warmupAt.map { $0 > now } == true ? (l("warm-up", "预热"), a.warmupAt)
                : a.startAt.map { $0 > now } == true ? (l("start", "开始"), a.startAt) : (l("ends", "结束"), a.endAt)
            let prep = [a.planReady, a.contentReady, a.artReady, a.csBriefed]
            let prepText = "\(l("plan", "方案"))\(Fmt.yesNo(a.planReady, l)) \(l("content", "内容"))\(Fmt.yesNo(a.contentReady, l)) \(l("art", "美工"))\(Fmt.yesNo(a.artReady, l)) \(l("CS", "客服"))\(Fmt.yesNo(a.csBriefed, l))"
            let startsSoon = a.startAt.map { $0 > now && $0.seconds - now.seconds < Int64(t.activityPrepHours) * 3600 } ?? false
            let notReady = prep.contains { $0 == false }
            return Row([a.name ?? a.activityID, a.platform ?? "—", "\(next.0) \(Fmt.until(next.1, from: now, l))", prepText,
                        Fmt.percent(shares[a.activityID]?.sellOutRate, places: 0), Fmt.percent(shares[a.activityID]?.orderShare, places: 0)],
                       role: startsSoon && notReady ? .warn : .text, keys: [nil, nil, next.1.map { Double($0.seconds) }, nil, shares[a.activityID]?.sellOutRate, shares[a.activityID]?.orderShare])
        }
        c.sections.append(.init(l("Upcoming and running activities", "即将开始与进行中的活动"),
                                [Col(l("Activity", "活动"), 22), Col(l("Platform", "平台"), 8), Col(l("Next", "下一步"), 20), Col(l("Prep", "准备"), 32),
                                 Col(l("Sold", "售罄"), 6, right: true), Col(l("Orders", "订单占比"), 7, right: true)], rows, empty: l("no activities", "暂无活动")))
        return c
    }
}
