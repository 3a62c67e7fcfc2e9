import OpsDeckCore

/// The Service pane (14:30 customer service): the agents today, and a brief before an activity.
extension Panes {
    static func service(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        if missing(s, .csDaily, into: &c) { return c }
        let target = s.data.profile.targets
        let agents = s.kpi.agents
        let rows = agents.map { a -> Row in
            let day = s.data.agentDays.first { $0.date == now.date && $0.agent == a.agent }
            let slow = (a.firstResponseSeconds ?? 0) > (target.firstResponseSeconds ?? StoreProfile.Targets.defaultFirstResponseSeconds) || (a.slowResponses ?? 0) > s.data.profile.thresholds.slowResponsesWarn
            let lowConv = (a.inquiryConversion ?? 1) < (target.inquiryConversion ?? 0) * s.data.profile.thresholds.inquiryConversionWarn
            return Row([a.agent, Fmt.clock(day?.firstOnlineAt), Fmt.clock(day?.lastOnlineAt), Fmt.count(a.consultations),
                        a.firstResponseSeconds.map { Fmt.fixed($0, 0) + "s" } ?? "—", a.avgResponseSeconds.map { Fmt.fixed($0, 0) + "s" } ?? "—",
                        Fmt.percent(a.inquiryConversion), Fmt.count(a.slowResponses)], role: slow || lowConv ? .warn : .text,
                       keys: [nil, day?.firstOnlineAt.map { Double($0.seconds) }, day?.lastOnlineAt.map { Double($0.seconds) }, a.consultations.map(Double.init),
                              a.firstResponseSeconds, a.avgResponseSeconds, a.inquiryConversion, a.slowResponses.map(Double.init)])
        }
        c.sections.append(.init(l("Agents today", "今日客服"), [Col(l("Agent", "客服"), 12), Col(l("First on", "上线"), 8), Col(l("Last on", "在线至"), 8),
                                                             Col(l("Consults", "咨询"), 8, right: true), Col(l("1st resp", "首响"), 8, right: true),
                                                             Col(l("Avg resp", "平响"), 8, right: true), Col(l("Inq conv", "询单转化"), 8, right: true),
                                                             Col(l("Slow", "慢响"), 5, right: true)], rows, empty: l("no agent data today", "今日暂无客服数据")))
        if let soon = s.data.activities.first(where: { a in a.startAt.map { $0 > now && $0.seconds - now.seconds < Int64(s.data.profile.thresholds.agentBriefHours) * 3600 } ?? false }) {
            c.notes.append((l("\(soon.name ?? soon.activityID) starts \(Fmt.until(soon.startAt, from: now, l)): brief the agents; consider an extra temporary shift.",
                              "\(soon.name ?? soon.activityID)\(Fmt.until(soon.startAt, from: now, l))开始：通知客服，考虑加临时班。"), .warn))
        }
        return c
    }
}
