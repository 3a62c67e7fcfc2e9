import OpsDeckCore

/// The review screen's keys: the cockpit's movement keys scroll the page; `[` and `]` go to
/// the day before and after. None of them changes the operator's state, so read-only review
/// has them all; `A` journals the lead's approvals, which are the lead's own to give.
enum ReviewCommands {
    typealias C = Registry

    static let all: [Command] = [
        C.c("review-down", [.down, .char("j")], "j/↓", "scroll down", "下移", scope: .review) { s in scroll(&s, 1); return [] },
        C.c("review-up", [.up, .char("k")], "k/↑", "scroll up", "上移", scope: .review) { s in scroll(&s, -1); return [] },
        C.c("review-page-down", [.pageDown, .ctrl("d")], "PgDn", "page down", "下一页", scope: .review) { s in scroll(&s, s.height - 4); return [] },
        C.c("review-page-up", [.pageUp, .ctrl("u")], "PgUp", "page up", "上一页", scope: .review) { s in scroll(&s, -(s.height - 4)); return [] },
        C.c("review-top", [.home, .char("g")], "g", "top", "顶部", scope: .review) { s in s.review?.list.scroll = 0; return [] },
        C.c("review-bottom", [.end, .char("G")], "G", "bottom", "底部", scope: .review) { s in scroll(&s, 1_000_000); return [] },
        C.c("previous-day", [.char("[")], "[", "the day before", "前一天", footer: true, scope: .review) { s in
            guard let d = s.review?.data.day else { return [] }
            return [.loadReview(d.adding(days: -1))]
        },
        C.c("next-day", [.char("]")], "]", "the day after", "后一天", footer: true, scope: .review,
            disabled: { s in (s.review?.data.day ?? s.day) >= s.day ? s.lang("this is today", "已是今天") : nil }) { s in
            guard let d = s.review?.data.day else { return [] }
            return [.loadReview(d.adding(days: 1))]
        },
        C.c("today", [.char("t")], "t", "today", "今天", scope: .review) { s in [.loadReview(s.day)] },
        // The lead's one write: approvals are their own bid events, so the review keeps it.
        C.c("approvals", [.char("A")], "A", "approvals", "审批", footer: true, scope: .review,
            disabled: { s in
                let g = s.data.profile.bids
                return g.approvalOverShare == nil && g.approvalOverAmount == nil
                    ? s.lang("no require_approval_over in store.toml", "store.toml 未设置 require_approval_over") : nil
            }) { s in Approvals.open(&s) },
        C.c("cockpit", [.tab, .char("v")], "Tab", "the cockpit (v comes back)", "驾驶舱（v 返回审阅）", footer: true, scope: .review) { s in
            s.review = nil; return []
        },
    ]

    /// Opens the review on a day: at once with what the state already holds for today, then
    /// completed by the loop from the state store (14 days, the first day ever recorded).
    static func open(_ s: inout AppState, day: LocalDate) -> [Effect] {
        if day == s.day {
            s.review = ReviewState(ReviewData(day: day, events: s.events, firstEventDay: nil), schedule: s.data.schedule, now: s.now)
        }
        s.mode = .normal
        return [.loadReview(day)]
    }

    static func scroll(_ s: inout AppState, _ by: Int) {
        guard let rv = s.review else { return }
        let visible = max(1, s.height - 4)
        s.review!.list.scroll(by, lines: View.reviewLineCount(s, rv), page: visible)
    }
}
