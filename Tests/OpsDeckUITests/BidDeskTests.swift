import Testing
@testable import OpsDeckCore
@testable import OpsDeckUI

/// The bid desk from the keyboard: keys in, journal events out. `Loop` plays the part of the
/// cockpit's loop: it gives saved events their ids and hands the journal back.
struct Loop {
    var journal: [BidEvent] = []
    var posted: [OutboxBatch] = []

    mutating func run(_ s: inout AppState, _ effects: [Effect]) {
        for e in effects {
            switch e {
            case .saveBids(let events):
                for var x in events { x.id = Int64(journal.count + 1); journal.append(x) }
            case .post(let batch):
                posted.append(batch)
                for item in batch.items {
                    for c in item.changeIDs {
                        journal.append(BidEvent(id: Int64(journal.count + 1), day: s.day, at: s.now, operatorName: s.operatorName, kind: .post, changeID: c, batch: batch.name))
                    }
                }
            default: break
            }
            _ = App.update(&s, .bidJournal(journal, note: nil))
        }
    }

    mutating func press(_ s: inout AppState, _ keys: Key...) { for k in keys { run(&s, App.update(&s, .key(k))) } }
    mutating func type(_ s: inout AppState, _ text: String) { for c in text { run(&s, App.update(&s, .key(.char(c)))) } }
}

@Suite struct BidDeskReducer {
    /// The desk opened from the Promotion pane with Enter, sorted by keyword.
    func desk() -> (AppState, Loop) {
        var s = Fixture.state()
        var loop = Loop()
        #expect(s.pane == .promotion)
        loop.press(&s, .enter)
        #expect(s.desk != nil)
        return (s, loop)
    }

    func selectedBid(_ s: AppState) -> Int64? { s.desk!.bid(s.desk!.selected!) }

    @Test func plusAndMinusStepAndEveryStepIsJournaled() {
        var (s, loop) = desk()
        let before = selectedBid(s)!
        let id = s.desk!.rows[s.desk!.selected!].keyword.keywordID
        loop.press(&s, .char("+"))
        #expect(selectedBid(s) == before + 5)                   // the demo store's bid_step ¥0.05
        #expect(loop.journal.count == 1)
        #expect(loop.journal[0].kind == .change && loop.journal[0].entityID == id && loop.journal[0].oldFen == before && loop.journal[0].newFen == before + 5)
        #expect(loop.journal[0].operatorName == "小王")
        loop.press(&s, .char("-"), .char("-"))
        #expect(selectedBid(s) == before - 5)
        #expect(s.desk!.book.pending[.init(.keyword, id, .bid)]?.old == before)
    }

    @Test func anIllegalTypedBidIsRefusedInWordsAndNeverJournaled() {
        var (s, loop) = desk()
        let before = selectedBid(s)
        loop.press(&s, .char("="))
        loop.type(&s, "120")                                    // meant ¥1.20, typed ¥120.00
        loop.press(&s, .enter)
        #expect(loop.journal.isEmpty)
        #expect(selectedBid(s) == before)
        #expect(s.message?.contains("at most ¥8.00, the store's max_bid") == true)
        loop.press(&s, .char("=")); loop.type(&s, "0.04"); loop.press(&s, .enter)
        #expect(loop.journal.isEmpty)
        #expect(s.message?.contains("at least ¥0.05") == true)
        loop.press(&s, .char("=")); loop.type(&s, "abc"); loop.press(&s, .enter)
        #expect(s.message?.contains("not an amount") == true)
    }

    @Test func aLargeChangeAsksFirst() {
        var (s, loop) = desk()
        let before = selectedBid(s)!
        loop.press(&s, .char("=")); loop.type(&s, Money.format(before * 2, symbol: false)); loop.press(&s, .enter)
        guard case .confirm(let c) = s.mode else { Issue.record("no confirmation for a 100% change"); return }
        #expect(c.title.contains("more than 30%"))
        #expect(loop.journal.isEmpty)
        loop.press(&s, .char("n"))                              // anything but y cancels
        #expect(loop.journal.isEmpty && selectedBid(s) == before)
        loop.press(&s, .char("=")); loop.type(&s, Money.format(before * 2, symbol: false)); loop.press(&s, .enter, .char("y"))
        #expect(selectedBid(s) == before * 2)
    }

    @Test func bulkEditsUndoAndRedoAsOneStep() {
        var (s, loop) = desk()
        let d0 = s.desk!
        let rows = Array(d0.visible.prefix(3))
        let before = rows.map { d0.bid($0)! }
        loop.press(&s, .char(" "), .char(" "), .char(" "))      // marks three rows, moving down
        #expect(s.desk!.marked == Set(rows))
        loop.press(&s, .char("]"))                              // +10% on all three
        #expect(Set(loop.journal.compactMap(\.step)).count == 1)
        #expect(rows.map { s.desk!.bid($0)! } == before.map { max(BidRules.scaled($0, percent: 10), $0 + 1) })
        loop.press(&s, .escape)                                 // clears the marks, stays open
        #expect(s.desk != nil && s.desk!.marked.isEmpty)
        loop.press(&s, .up, .up, .up, .char("+"))               // one more, on the first row
        loop.press(&s, .char("u"))
        #expect(s.desk!.bid(rows[0]) == max(BidRules.scaled(before[0], percent: 10), before[0] + 1))
        loop.press(&s, .char("u"))                              // the bulk step, whole
        #expect(rows.map { s.desk!.bid($0)! } == before)
        #expect(s.desk!.book.pending.isEmpty)
        loop.press(&s, .ctrl("r"))
        #expect(rows.map { s.desk!.bid($0)! } != before)
        loop.press(&s, .ctrl("r"))
        #expect(s.desk!.bid(rows[0]) == max(BidRules.scaled(before[0], percent: 10), before[0] + 1) + 5)
        // R reverts the selected row's pending changes only.
        loop.press(&s, .char("R"))
        #expect(s.desk!.bid(rows[0]) == before[0])
        #expect(s.desk!.bid(rows[1]) != before[1])
    }

    @Test func postShowsWhatGoesAndWritesOneBatch() {
        var (s, loop) = desk()
        let i = s.desk!.selected!
        let k = s.desk!.rows[i].keyword
        loop.press(&s, .char("+"))
        loop.press(&s, .char("n")); loop.type(&s, "rank 11-15, ROI above target"); loop.press(&s, .enter)
        loop.press(&s, .char("P"))
        guard case .confirm(let c) = s.mode else { Issue.record("no post preview"); return }
        #expect(c.lines == ["✓ \(k.word) bid: \(Money.format(k.bid!)) → \(Money.format(k.bid! + 5))"])
        loop.press(&s, .char("y"))
        #expect(loop.posted.count == 1)
        let b = loop.posted[0]
        #expect(b.items.count == 1 && b.items[0].reason == "rank 11-15, ROI above target")
        #expect(b.platformJSON.contains("\"keywordId\": \(k.keywordID), \"maxPrice\": \(k.bid! + 5), \"matchScope\": \(k.matchScope!.rawValue)"))
        #expect(s.desk!.book.pending.isEmpty)
        #expect(s.desk!.book.history.last?.state == .posted(batch: b.name))
        // Nothing left to post.
        loop.press(&s, .char("P"))
        #expect(s.mode == .normal && s.message == "nothing pending")
    }

    @Test func aBudgetBelowThePlansBidsOrNotWholeYuanIsRefused() {
        var (s, loop) = desk()
        loop.press(&s, .char("b")); loop.type(&s, "29"); loop.press(&s, .enter)
        #expect(s.message?.contains("at least ¥30") == true && loop.journal.isEmpty)
        loop.press(&s, .char("b")); loop.type(&s, "30.50"); loop.press(&s, .enter)
        #expect(s.message?.contains("whole yuan") == true && loop.journal.isEmpty)
        loop.press(&s, .char("b")); loop.type(&s, "none"); loop.press(&s, .enter)
        if case .confirm = s.mode { loop.press(&s, .char("y")) }
        #expect(loop.journal.last?.field == .dailyBudget && loop.journal.last?.newFen == nil)
    }

    @Test func filterByTextOrPlanAndMarkAllThatMatch() {
        var (s, loop) = desk()
        let plan = s.desk!.rows[0].campaignName
        loop.press(&s, .char("/")); loop.type(&s, "campaign:\(plan)"); loop.press(&s, .enter)
        #expect(!s.desk!.visible.isEmpty && s.desk!.visible.allSatisfy { s.desk!.rows[$0].campaignName == plan })
        loop.press(&s, .char("*"))
        #expect(s.desk!.marked == Set(s.desk!.visible))
        while s.desk!.sort != .bid { loop.press(&s, .char("o")) }   // plan, item, match, then bid
        #expect(s.desk!.sort == .bid)
        let bids = s.desk!.visible.map { s.desk!.bid($0)! }
        #expect(bids == bids.sorted())
    }

    @Test func helpInTheDeskListsTheDesksKeys() {
        var (s, loop) = desk()
        loop.press(&s, .char("?"))
        let text = View.render(s).text()
        for id in ["raise", "set-bid", "suggest", "budget", "bid-undo", "bid-redo", "revert", "post"] {
            let c = Registry.commands(s).first { $0.id == id }!
            #expect(text.contains(c.label(.en)), "\(id) missing from the desk's help")
        }
    }

    @Test func reviewModeHasNoDeskCommandThatChangesState() {
        #expect(Registry.commands(readOnly: true, scope: .desk).allSatisfy { !$0.changesState })
        #expect(Registry.commands(readOnly: true, scope: .desk).contains { $0.id == "desk-filter" })
        #expect(!Registry.commands(readOnly: true, scope: .desk).contains { $0.id == "post" })
    }

    @Test func theDeskOnScreen() {
        var (s, loop) = desk()
        loop.press(&s, .char("+"))
        let g = golden("bid-desk-120x40", View.render(s))
        #expect(g.ok, "Golden/bid-desk-120x40.txt differs:\n\(g.actual)")
        // A wide terminal shows every column; Enter shows everything about one row.
        _ = App.update(&s, .resized(width: 180, height: 40))
        let wide = golden("bid-desk-180x40", View.render(s))
        #expect(wide.ok, "Golden/bid-desk-180x40.txt differs:\n\(wide.actual)")
        loop.press(&s, .enter)
        let detail = golden("bid-desk-detail-120x40", { var t = s; _ = App.update(&t, .resized(width: 120, height: 40)); return View.render(t) }())
        #expect(detail.ok, "Golden/bid-desk-detail-120x40.txt differs:\n\(detail.actual)")
    }
}

/// Check before posting: every pending change is ok, a warning, a conflict or an error, on its
/// row, in the detail and in the post preview.
@Suite struct BidChecksOnTheDesk {
    func desk(_ edit: (inout StoreData) -> Void = { _ in }) -> (AppState, Loop) {
        var data = Fixture.data
        edit(&data)
        var s = Fixture.state(data: data)
        var loop = Loop()
        loop.press(&s, .enter)
        return (s, loop)
    }

    func state(_ s: AppState) -> BidCheck.State? {
        let d = s.desk!
        return d.check(d.key(d.selected!), rules: BidRules(s.data.profile.bids), now: s.now)
    }

    @Test func aSmallStepIsOkAndALargeOneAWarningThatStillPosts() {
        var (s, loop) = desk()
        loop.press(&s, .char("+"))
        let bid = s.desk!.rows[s.desk!.selected!].keyword.bid!
        #expect(state(s) == .ok, "\(String(describing: state(s))) bid \(bid)")
        // +50% in one go: confirmed at the edit (over confirm_change_over), then a warning.
        loop.press(&s, .char("=")); loop.type(&s, Money.format(bid * 3 / 2, symbol: false)); loop.press(&s, .enter, .char("y"))
        guard case .warning(let w)? = state(s) else { Issue.record("not a warning: \(String(describing: state(s)))"); return }
        #expect(w.contains { $0.hasPrefix("a step of +50%") })
        loop.press(&s, .char("P"))
        guard case .confirm(let c) = s.mode else { Issue.record("no preview"); return }
        #expect(c.title.contains("1 with warnings") && c.lines.contains { $0.hasPrefix("! ") && $0.contains("a step of +50%") })
        loop.press(&s, .char("y"))
        #expect(loop.posted.count == 1 && loop.posted[0].items.count == 1)
    }

    @Test func aValueChangedWithinTheCooldownIsAWarning() {
        var (s, loop) = desk()
        loop.press(&s, .char("+"), .char("P"), .char("y"))
        #expect(loop.posted.count == 1)
        loop.press(&s, .char("+"))
        guard case .warning(let w)? = state(s) else { Issue.record("not a warning: \(String(describing: state(s)))"); return }
        #expect(w.contains("changed 0 h ago (cooldown 24 h)"))
    }

    @Test func aBidAboveTheBreakEvenCPCIsAWarning() {
        var (s, loop) = desk { $0.profile.bids.margin = 0.05 }
        // Pick a keyword with sales in its 7 days, so its break-even CPC is known and low.
        let i = s.desk!.rows.indices.first { s.desk!.rows[$0].week.revenue > 0 && s.desk!.rows[$0].week.clicks >= 20 }!
        s.desk!.list.cursor = s.desk!.visible.firstIndex(of: i)!
        let be = BidCheck.breakEvenCPC(s.desk!.rows[i].week, margin: 0.05)!
        loop.press(&s, .char("=")); loop.type(&s, Money.format(be + 1, symbol: false)); loop.press(&s, .enter, .char("y"))
        guard case .warning(let w)? = state(s) else { Issue.record("not a warning: \(String(describing: state(s)))"); return }
        #expect(w.contains { $0.contains("above the break-even CPC \(Money.format(be))") })
    }

    @Test func aBidChangedUnderneathIsAConflictThatDoesNotPostUntilResolved() {
        var (s, loop) = desk()
        let i = s.desk!.selected!, id = s.desk!.rows[i].keyword.keywordID
        let before = s.desk!.rows[i].keyword.bid!
        loop.press(&s, .char("+"))
        // keywords.csv re-read: a colleague set the bid to ¥3.00 meanwhile.
        var data = s.data
        data.keywords[data.keywords.firstIndex { $0.keywordID == id }!].bid = 300
        _ = App.update(&s, .dataLoaded(data, derived: nil, changed: ["keywords.csv"], modified: nil))
        #expect(state(s) == .conflict(report: 300))
        loop.press(&s, .char("P"))
        #expect(s.mode == .normal && s.message?.contains("nothing can be posted: ≠") == true)
        #expect(loop.posted.isEmpty)
        // K keeps yours: one change from the report's ¥3.00 to your value, which posts.
        loop.press(&s, .char("K"))
        let p = s.desk!.book.pending[.init(.keyword, id, .bid)]
        #expect(p?.old == 300 && p?.new == before + 5)
        #expect(state(s) != .conflict(report: 300))
        // T takes the report's: a fresh conflict dropped.
        loop.press(&s, .char("+"))
        data.keywords[data.keywords.firstIndex { $0.keywordID == id }!].bid = 250
        _ = App.update(&s, .dataLoaded(data, derived: nil, changed: ["keywords.csv"], modified: nil))
        #expect(state(s) == .conflict(report: 250))
        loop.press(&s, .char("T"))
        #expect(s.desk!.book.pending[.init(.keyword, id, .bid)] == nil)
        #expect(s.desk!.bid(i) == 250)
    }

    @Test func anErrorIsHeldBackAndTheRestPost() {
        var (s, loop) = desk()
        loop.press(&s, .char("+"), .down, .char("+"))
        // The store's max_bid drops below the second change: an error at posting.
        let second = s.desk!.selected!
        s.data.profile.bids.maxBid = s.desk!.bid(second)! - 1
        loop.press(&s, .char("P"))
        guard case .confirm(let c) = s.mode else { Issue.record("no preview"); return }
        #expect(c.title.contains("(1 held back"))
        #expect(c.lines.contains { $0.hasPrefix("✗ ") && $0.contains("max_bid") })
        loop.press(&s, .char("y"))
        #expect(loop.posted.first?.items.count == 1)
    }
}

@Suite struct TableWidths {
    @Test func spareWidthGoesFirstToTheColumnsWhoseTextIsCut() {
        let cols = [PaneContent.Column("Keyword", 12), PaneContent.Column("Plan", 10), PaneContent.Column("Bid", 6, right: true)]
        // 28 + 2 gaps = 30 wanted; 60 given. The keyword needs 2 more, the plan 10: both get
        // them, and the 18 left go to the widest text column.
        #expect(Table.fit(cols, width: 60, content: [14, 20, nil]) == [14 + 18, 20, 6])
        // 8 spare for a need of 12: shared by need (1 and 6), the odd one to the keyword.
        #expect(Table.fit(cols, width: 38, content: [14, 20, nil]) == [12 + 1 + 1, 10 + 6, 6])
        // Without content, as before: all spare to the widest text column.
        #expect(Table.fit(cols, width: 60) == [42, 10, 6])
    }
}

/// Approval: a change over require_approval_over waits for the shift lead, who approves or
/// rejects it from the review; the operator's desk follows the journal.
@Suite struct ApprovalFlow {
    @Test func aLargeChangeWaitsIsApprovedInTheReviewAndThenPosts() {
        var data = Fixture.data
        data.profile.bids.approvalOverShare = 0.2
        var s = Fixture.state(data: data)
        var loop = Loop()
        loop.press(&s, .enter)
        let i = s.desk!.selected!, key = s.desk!.key(i), bid = s.desk!.rows[i].keyword.bid!
        loop.press(&s, .char("=")); loop.type(&s, Money.format(bid * 3 / 2, symbol: false)); loop.press(&s, .enter, .char("y"))
        let rules = BidRules(s.data.profile.bids)
        #expect(s.desk!.check(key, rules: rules, now: s.now) == .awaitingApproval)
        loop.press(&s, .char("P"))
        #expect(s.message?.hasPrefix("nothing can be posted: ? ") == true)
        // The lead, in the review on the same journal: A lists it, x rejects with a reason.
        var lead = AppState(data: data, now: s.now, events: [], operatorName: "王强", lang: .en, readOnly: true, bidJournal: loop.journal)
        _ = App.update(&lead, .resized(width: 120, height: 40))
        _ = App.update(&lead, .reviewLoaded(ReviewData(day: s.day, events: [], firstEventDay: nil)))
        var leadLoop = Loop(journal: loop.journal)
        leadLoop.press(&lead, .char("A"))
        #expect(lead.mode == .approvals(0))
        let screen = View.render(lead).text()
        #expect(screen.contains("Approvals") && screen.contains("waiting") && screen.contains("→ " + Money.format(bid * 3 / 2)))
        leadLoop.press(&lead, .char("x")); leadLoop.type(&lead, "half of that"); leadLoop.press(&lead, .enter)
        #expect(leadLoop.journal.last?.kind == .reject && leadLoop.journal.last?.operatorName == "王强" && leadLoop.journal.last?.reason == "half of that")
        // The operator's desk follows: rejected is an error that never posts.
        _ = App.update(&s, .bidJournal(leadLoop.journal, note: nil))
        #expect(s.desk!.check(key, rules: rules, now: s.now) == .error("rejected by 王强 at \(s.now.clockString): half of that"))
        // The lead changes their mind: a approves; now it posts.
        leadLoop.press(&lead, .char("a"))
        #expect(leadLoop.journal.last?.kind == .approve)
        _ = App.update(&s, .bidJournal(leadLoop.journal, note: nil))
        loop.journal = leadLoop.journal
        guard case .warning? = s.desk!.check(key, rules: rules, now: s.now) else { Issue.record("approved, expected the step warning"); return }
        loop.press(&s, .char("P"), .char("y"))
        #expect(loop.posted.count == 1 && loop.posted[0].items.first?.new == bid * 3 / 2)
        // The review stays read-only for everything else.
        #expect(!Registry.commands(lead).contains { $0.changesState })
    }
}

/// Time-of-day discounts from the desk: `t` on a row edits its plan's strip.
@Suite struct ScheduleStrip {
    @Test func setTheSlotNowSeeTheEffectiveBidChangeUndoAndPost() {
        var s = Fixture.state()
        var loop = Loop()
        loop.press(&s, .enter)
        let i = s.desk!.selected!, row = s.desk!.rows[i], plan = row.keyword.campaignID
        let before = BidDesk.effectiveBid(s.desk!.bid(i), schedule: s.desk!.schedule(campaign: plan), at: s.now)
        #expect(before == s.desk!.bid(i))                        // the demo plan bids 100% at 11:20
        loop.press(&s, .char("t"))
        guard case .schedule(let e) = s.mode else { Issue.record("no strip"); return }
        #expect(e.cursor == 22 && e.cells[22] == 100)             // 11:00–11:30, where the clock is
        // 11:00–12:00 (two half hours) at 50%.
        loop.press(&s, .char(" "), .right); loop.type(&s, "50"); loop.press(&s, .enter)
        guard case .schedule(let e2) = s.mode else { Issue.record("strip closed"); return }
        #expect(e2.cells[22] == 50 && e2.cells[23] == 50 && e2.cells[21] == 100 && e2.cells[24] == 110)   // 12:00 on: 110% as before
        // 151% is refused in words; nothing changes.
        loop.type(&s, "151"); loop.press(&s, .enter)
        #expect(s.message == "a discount is 1–150% (or o for off)")
        loop.press(&s, .char("s"))
        #expect(s.mode == .normal)
        let change = loop.journal.last!
        #expect(change.field == .schedule && change.entityID == plan)
        #expect(change.newText?.contains("11:00-12:00:50") == true && change.oldText?.contains("07:00-12:00:100") == true)
        // The desk's Now column is the bid at 50% now.
        #expect(BidDesk.effectiveBid(s.desk!.bid(i), schedule: s.desk!.schedule(campaign: plan), at: s.now) == Money.divide(s.desk!.bid(i)! * 50, by: 100))
        #expect(View.render(s).text().contains("Δ time-of-day"))
        // Undo takes it back whole; redo puts it back.
        loop.press(&s, .char("u"))
        #expect(s.desk!.book.pending[.init(.campaign, plan, .schedule)] == nil)
        loop.press(&s, .ctrl("r"))
        #expect(s.desk!.book.pending[.init(.campaign, plan, .schedule)]?.newText == change.newText)
        // Posted in its own file, in the platform's shape.
        loop.press(&s, .char("P"))
        guard case .confirm(let c) = s.mode else { Issue.record("no preview"); return }
        #expect(c.lines.contains { $0.contains("schedule: ") && $0.contains("11:00-12:00:50") })
        loop.press(&s, .char("y"))
        let json = loop.posted.first?.scheduleJSON
        #expect(json?.contains("\"campaignId\": \(plan), \"schedule\": \"") == true && json?.contains("11:00-12:00:50") == true)
    }

    @Test func halfHoursAndSlotsRoundTrip() {
        let text = "00:00-07:00:30,07:00-12:00:100,12:00-18:00:110,18:00-24:00:120"
        let slots = TimeSlots.parse(text)!
        #expect(TimeSlots.text(TimeSlots.slots(TimeSlots.halfHours(slots))) == text)
        // Off half hours are left out, and a schedule that leaves a time out does not serve then.
        let work = TimeSlots.slots(TimeSlots.templates.first { $0.key == "w" }!.cells)
        #expect(TimeSlots.text(work) == "08:00-22:00:100")
        let day = LocalDate(year: 2026, month: 11, day: 20)!
        #expect(BidDesk.effectiveBid(150, schedule: work, at: LocalTime(date: day, hour: 23)) == 0)
        #expect(BidDesk.effectiveBid(150, schedule: [], at: LocalTime(date: day, hour: 23)) == 150)
        #expect(TimeSlots.parse("07:00-06:00:50") == nil && TimeSlots.parse("00:00-07:00:151") == nil)
    }
}

@Suite struct ScheduleConflict {
    @Test func aScheduleChangedInCampaignsCsvIsAConflictKeptWithK() {
        var s = Fixture.state()
        var loop = Loop()
        loop.press(&s, .enter, .char("t"), .char("n"), .char("s"))        // nights at 30%
        let plan = s.desk!.rows[s.desk!.selected!].keyword.campaignID
        let key = BidBook.Key(.campaign, plan, .schedule)
        let mine = s.desk!.book.pending[key]!.newText
        // campaigns.csv re-read with another schedule for the plan.
        var data = s.data
        data.campaigns[data.campaigns.firstIndex { $0.campaignID == plan }!].schedule = TimeSlots.parse("00:00-24:00:90")!
        _ = App.update(&s, .dataLoaded(data, derived: nil, changed: ["campaigns.csv"], modified: nil))
        #expect(s.desk!.check(key, rules: BidRules(s.data.profile.bids), now: s.now) == .conflict(report: nil))
        loop.press(&s, .char("P"))
        #expect(s.message?.contains("campaigns.csv now shows 00:00-24:00:90") == true)
        loop.press(&s, .char("K"))
        let p = s.desk!.book.pending[key]
        #expect(p?.oldText == "00:00-24:00:90" && p?.newText == mine)
        #expect(s.desk!.check(key, rules: BidRules(s.data.profile.bids), now: s.now) == .ok)
    }
}
