import Testing
@testable import OpsDeckCore
@testable import OpsDeckUI

/// A day as the shift lead finds it at 15:10: some checks on time, one late, one skipped, a
/// note, two operators, and a bid change posted and one pending.
enum ReviewFixture {
    static let day = Fixture.now.date
    static func at(_ h: Int, _ m: Int, day offset: Int = 0) -> LocalTime { LocalTime(date: day.adding(days: offset), hour: h, minute: m) }
    static func e(_ block: String, _ task: String, _ kind: ChecklistEvent.Kind, _ t: LocalTime, _ who: String = "李娜", _ text: String? = nil, day offset: Int = 0) -> ChecklistEvent {
        ChecklistEvent(day: day.adding(days: offset), at: t, operatorName: who, block: block, task: task, kind: kind, text: text)
    }
    static let events: [ChecklistEvent] = [
        // Two earlier days: one complete art block, one with nothing.
        e("art", "confirm-tasks", .tick, at(8, 5, day: -2), day: -2), e("art", "overall-frame", .tick, at(8, 10, day: -2), day: -2),
        e("art", "details", .tick, at(8, 20, day: -2), day: -2),
        e("art", "confirm-tasks", .tick, at(8, 4)), e("art", "overall-frame", .tick, at(8, 29)),
        e("art", "details", .tick, at(8, 55)),                                     // 25 minutes late
        e("diagnosis", "store-data", .tick, at(9, 0), "王强"), e("diagnosis", "item-sales", .tick, at(9, 10), "王强"),
        e("diagnosis", "competitors", .skip, at(10, 0), "王强", "competitor export not delivered"),
        e("diagnosis", "industry", .tick, at(10, 20)), e("diagnosis", "industry", .untick, at(10, 21)),
        e("diagnosis", "industry", .tick, at(12, 40)),                             // re-ticked 2h10m late
        e("basics", "disputes", .note, at(10, 45), "李娜", "two disputes escalated to 小二"),
        e("basics", "", .note, at(10, 50), "李娜", "refund spike: size chart wrong on the hero dress"),
        e("promotion", "balance", .tick, at(11, 5)), e("promotion", "bids", .tick, at(11, 40)),
    ]
    static func journal(_ data: StoreData) -> [BidEvent] {
        let kw = data.keywords[0], plan = data.campaigns[0]
        return [
            BidEvent(id: 1, day: day, at: at(11, 30), operatorName: "李娜", kind: .change, entity: .keyword, entityID: kw.keywordID,
                     field: .bid, oldFen: 185, newFen: 205, reason: "ROI 3.1 over 7 days"),
            BidEvent(id: 2, day: day, at: at(11, 32), operatorName: "李娜", kind: .change, entity: .campaign, entityID: plan.campaignID,
                     field: .dailyBudget, oldFen: 30_000, newFen: 40_000, reason: "went offline at 16:40 yesterday"),
            BidEvent(id: 3, day: day, at: at(11, 35), operatorName: "李娜", kind: .post, changeID: 2, batch: "bids-20261120-113500"),
            BidEvent(id: 4, day: day.adding(days: -1), at: at(16, 0, day: -1), operatorName: "李娜", kind: .change, entity: .keyword,
                     entityID: kw.keywordID, field: .bid, oldFen: 165, newFen: 185),
        ]
    }

    static func state(width: Int = 120, height: Int = 40, readOnly: Bool = true) -> AppState {
        var s = AppState(data: Fixture.data, now: at(15, 10), events: events.filter { $0.day == day }, operatorName: "主管",
                         lang: .en, readOnly: readOnly, bidJournal: journal(Fixture.data))
        _ = App.update(&s, .resized(width: width, height: height))
        _ = App.update(&s, .reviewLoaded(ReviewData(day: day, events: events, firstEventDay: day.adding(days: -2))))
        return s
    }
}

@Suite struct ReviewScreen {
    func check(_ name: String, _ s: AppState) {
        let g = golden(name, View.render(s))
        #expect(g.ok, "screen \(name) differs from Golden/\(name).txt:\n\(g.actual)")
    }

    @Test func reviewTop120x40() { check("review-120x40", ReviewFixture.state()) }

    @Test func reviewScrolledToTheBidChanges() {
        var s = ReviewFixture.state()
        _ = App.update(&s, .key(.char("G")))
        check("review-bottom-120x40", s)
        let text = View.render(s).text()
        // Posted, and campaigns.csv (written after the posting) still shows the old budget.
        #expect(text.contains("posted, NOT applied (report ¥300.00)"))
        #expect(text.contains("pending"))
        // Yesterday's change is not today's.
        #expect(!text.contains("¥1.65"))
    }

    @Test func classificationShowsOnTheScreen() {
        let rv = ReviewFixture.state().review!
        let c = rv.completion
        #expect(c.counts.onTime == 6 && c.counts.late == 2 && c.counts.skipped == 1)
        // By 15:10 the art, diagnosis, basics, promotion, activities and content blocks (24
        // checks) are over; service, listings, re-check and wrap-up (10) are not.
        #expect(c.counts.missed == 24 - 9 && c.counts.open == 10)
        #expect(c.operators.map(\.name) == ["李娜", "王强"])
        // The habit row: two days before the first event unknown, the day with nothing 0%.
        let known = rv.history.suffix(3).map(\.rate)
        #expect(rv.history.prefix(11).allSatisfy { $0.rate == nil })
        #expect(known[0] == 3.0 / 34 && known[1] == 0)
    }

    @Test func movingBetweenDaysAsksTheLoopForThem() {
        var s = ReviewFixture.state()
        #expect(App.update(&s, .key(.char("["))) == [.loadReview(ReviewFixture.day.adding(days: -1))])
        // Today is the last day there is.
        #expect(App.update(&s, .key(.char("]"))) == [])
        #expect(s.message == "this is today")
        // The loop answers; a different day starts at the top of the page.
        _ = App.update(&s, .key(.char("j")))
        #expect(s.review!.scroll == 1)
        _ = App.update(&s, .reviewLoaded(ReviewData(day: ReviewFixture.day.adding(days: -1), events: ReviewFixture.events, firstEventDay: nil)))
        #expect(s.review!.data.day == ReviewFixture.day.adding(days: -1) && s.review!.scroll == 0)
        #expect(s.review!.completion.counts.missed == 34)
        // Tab goes to the (read-only) cockpit and v comes back.
        _ = App.update(&s, .key(.tab))
        #expect(s.review == nil && s.readOnly)
        #expect(App.update(&s, .key(.char("v"))) == [.loadReview(ReviewFixture.day)])
        #expect(s.review != nil)
    }

    @Test func aNewTickFromTheOperatorShowsWhenTheLoopReloads() {
        var s = ReviewFixture.state()
        #expect(s.review!.completion.counts.handled == 9)
        let more = ReviewFixture.events + [ReviewFixture.e("service", "online", .tick, ReviewFixture.at(15, 9))]
        _ = App.update(&s, .reviewLoaded(ReviewData(day: ReviewFixture.day, events: more, firstEventDay: ReviewFixture.day.adding(days: -2))))
        #expect(s.review!.completion.counts.handled == 10)
    }
}

@Suite struct ReadOnlyMode {
    @Test func noScreenOffersACommandThatChangesState() {
        for scope in [Scope.cockpit, .desk, .review] {
            let cmds = Registry.commands(readOnly: true, scope: scope)
            #expect(!cmds.isEmpty)
            #expect(cmds.allSatisfy { !$0.changesState }, "\(scope): \(cmds.filter(\.changesState).map(\.id))")
            // And the ones that do exist where the operator works.
            let ids = Set(cmds.map(\.id))
            for id in ["tick", "skip", "note", "undo", "raise", "lower", "set-bid", "budget", "post", "revert"] { #expect(!ids.contains(id)) }
        }
        #expect(Registry.commands(readOnly: false, scope: .cockpit).contains { $0.id == "tick" })
        #expect(Registry.commands(readOnly: false, scope: .desk).contains { $0.id == "post" })
    }

    @Test func theOperatorsKeysDoNothingInReview() {
        var s = ReviewFixture.state()
        _ = App.update(&s, .key(.tab))                  // to the cockpit, read-only
        _ = App.update(&s, .key(.char("2")))
        let before = s.events
        var effects: [Effect] = []
        for k: Key in [.char(" "), .char("s"), .char("n"), .char("u")] { effects += App.update(&s, .key(k)) }
        #expect(effects.isEmpty && s.events == before && s.mode == .normal)
        // Typed as commands they are unknown here.
        for word in ["tick", "post", "raise"] {
            for c in ":" + word { _ = App.update(&s, .key(.char(c))) }
            #expect(App.update(&s, .key(.enter)).isEmpty)
            #expect(s.message == "unknown command: \(word)")
        }
        // The bid desk opens to look at, with no edit keys.
        _ = App.update(&s, .key(.char("B")))
        #expect(s.desk != nil)
        for k: Key in [.char("+"), .char("-"), .char("="), .char("P"), .char("r"), .char("b")] { effects += App.update(&s, .key(k)) }
        #expect(effects.isEmpty && s.mode == .normal)
        #expect(!Registry.commands(s).contains { $0.changesState })
    }

    @Test func helpInReviewListsOnlyWhatWorksThere() {
        var s = ReviewFixture.state()
        _ = App.update(&s, .key(.char("?")))
        let text = View.render(s).text()
        #expect(text.contains("Keys (review: read-only)"))
        #expect(text.contains("the day before") && !text.contains("tick"))
    }
}
