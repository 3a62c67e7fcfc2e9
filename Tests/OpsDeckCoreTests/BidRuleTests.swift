import Testing
@testable import OpsDeckCore

@Suite struct BidRuleChecks {
    let rules = BidRules()

    @Test func bidBoundaries() {
        #expect(rules.refuseBid(4, budget: nil)?.contains("at least ¥0.05") == true)
        #expect(rules.refuseBid(5, budget: nil) == nil)
        #expect(rules.refuseBid(9_999, budget: nil) == nil)
        #expect(rules.refuseBid(10_000, budget: nil)?.contains("at most ¥99.99") == true)
        // Typing 120 meaning ¥1.20 is ¥120.00: refused, never posted.
        #expect(rules.refuseBid(12_000, budget: nil) != nil)
    }

    @Test func aBidIsAtMostThePlansBudget() {
        #expect(rules.refuseBid(3_000, budget: 3_000) == nil)            // equal is allowed
        #expect(rules.refuseBid(3_001, budget: 3_000)?.contains("daily budget ¥30.00") == true)
        #expect(rules.refuseBid(9_999, budget: nil) == nil)              // no limit
    }

    @Test func theStoreTightensNeverLoosens() {
        var g = StoreProfile.BidGuardrails(); g.maxBid = 500
        let store = BidRules(g)
        #expect(store.refuseBid(500, budget: nil) == nil)
        #expect(store.refuseBid(501, budget: nil)?.contains("max_bid") == true)
        g.maxBid = 50_000
        #expect(BidRules(g).maxBid == 9_999)
    }

    @Test func budgetBoundaries() {
        #expect(rules.refuseBudget(2_900)?.contains("at least ¥30") == true)
        #expect(rules.refuseBudget(3_000) == nil)
        #expect(rules.refuseBudget(nil) == nil)                          // none: no limit
        #expect(rules.refuseBudget(3_050)?.contains("whole yuan") == true)
    }

    @Test func largeChangesAskFirst() {
        #expect(!rules.needsConfirmation(old: 100, new: 130))            // exactly 30%
        #expect(rules.needsConfirmation(old: 100, new: 131))
        #expect(rules.needsConfirmation(old: 100, new: 69))
        #expect(rules.needsConfirmation(old: nil, new: 30_000))          // from no budget to one
        #expect(BidRules.scaled(105, percent: 10) == 116)                // 115.5 → 116
        #expect(BidRules.scaled(105, percent: -10) == 95)                // 94.5 → 95 (half away from zero)
        #expect(rules.step(100, by: -1) == 95)
    }
}

@Suite struct BidBookFold {
    let d = LocalDate(year: 2026, month: 11, day: 20)!
    func change(_ id: Int64, _ kw: String, _ old: Int64, _ new: Int64, step: String) -> BidEvent {
        BidEvent(id: id, day: d, at: LocalTime(date: d, hour: 11), operatorName: "op", kind: .change,
                 entity: .keyword, entityID: kw, field: .bid, oldFen: old, newFen: new, step: step)
    }
    func act(_ id: Int64, _ kind: BidEvent.Kind, _ on: Int64) -> BidEvent {
        BidEvent(id: id, day: d, at: LocalTime(date: d, hour: 11), operatorName: "op", kind: kind, changeID: on)
    }
    let k1 = BidBook.Key(.keyword, "K1", .bid), k2 = BidBook.Key(.keyword, "K2", .bid)

    @Test func stackedChangesPostTheLastValueFromTheFirstOld() {
        let b = BidBook([change(1, "K1", 100, 105, step: "a"), change(2, "K1", 105, 110, step: "b")])
        #expect(b.pending[k1]?.old == 100 && b.pending[k1]?.new == 110)
        #expect(b.undoTarget == [2])
    }

    @Test func aBulkStepIsUndoneAndRedoneWhole() {
        var events = [change(1, "K1", 100, 110, step: "bulk"), change(2, "K2", 200, 220, step: "bulk"), change(3, "K1", 110, 115, step: "one")]
        var b = BidBook(events)
        #expect(b.undoTarget == [3])
        events.append(act(4, .undo, 3))
        b = BidBook(events)
        #expect(b.undoTarget == [1, 2])
        #expect(b.pending[k1]?.new == 110)
        events += [act(5, .undo, 1), act(6, .undo, 2)]
        b = BidBook(events)
        #expect(b.pending.isEmpty)
        #expect(b.redoTarget == [1, 2])                                  // the last undone first
        events += [act(7, .redo, 1), act(8, .redo, 2)]
        b = BidBook(events)
        #expect(b.pending[k2]?.new == 220)
        #expect(b.redoTarget == [3])
        // A new change ends the redo chain.
        events.append(change(9, "K2", 220, 225, step: "new"))
        b = BidBook(events)
        #expect(b.redoTarget.isEmpty)
        #expect(b.undoTarget == [9])
    }

    @Test func postedAndRevertedChangesLeaveTheDesk() {
        let events = [change(1, "K1", 100, 110, step: "a"), change(2, "K2", 200, 220, step: "b"),
                      act(3, .revert, 2), act(4, .post, 1)]
        let b = BidBook(events)
        #expect(b.pending.isEmpty)
        #expect(b.undoSteps.isEmpty)
        #expect(b.history.map(\.state) == [.posted(batch: nil), .reverted])
    }

    @Test func aNoteGivesAChangeItsReason() {
        var n = act(2, .note, 1); n.reason = "rank 11-15, ROI 4.2 beats target"
        let b = BidBook([change(1, "K1", 100, 110, step: "a"), n])
        #expect(b.pending[k1]?.reason == "rank 11-15, ROI 4.2 beats target")
    }

    @Test func backToTheStartIsNothingToPost() {
        let b = BidBook([change(1, "K1", 100, 105, step: "a"), change(2, "K1", 105, 100, step: "b")])
        #expect(b.pending[k1] == nil)
    }
}

@Suite struct OutboxContent {
    let at = LocalTime(date: LocalDate(year: 2026, month: 11, day: 20)!, hour: 11, minute: 5, second: 9)

    @Test func thePlatformsBatchShapeAndTheCSV() {
        let b = OutboxBatch(at: at, operatorName: "小王", items: [
            .init(key: .init(.keyword, "880000030001", .bid), word: "连衣裙, 女", old: 120, new: 135, matchScope: 1, mobile: 150, changeIDs: [3, 4], reason: "rank \"7-10\""),
            .init(key: .init(.keyword, "880000030002", .bid), word: "卫衣", old: 80, new: 70, matchScope: 4, mobile: nil, changeIDs: [5]),
            .init(key: .init(.campaign, "20010001", .dailyBudget), old: 30_000, new: nil, changeIDs: [6]),
        ])
        #expect(b.name == "bids-20261120-110509")
        // IDs are JSON numbers: the platform's API takes numbers.
        #expect(b.platformJSON == """
            [
              {"keywordId": 880000030001, "maxPrice": 135, "matchScope": 1, "maxMobilePrice": 150, "isDefaultPrice": 0, "mobileIsDefaultPrice": 0},
              {"keywordId": 880000030002, "maxPrice": 70, "matchScope": 4, "maxMobilePrice": 70, "isDefaultPrice": 0, "mobileIsDefaultPrice": 0}
            ]

            """)
        #expect(b.budgetJSON == "[\n  {\"campaignId\": 20010001, \"dailyBudget\": null}\n]\n")
        #expect(b.csv == """
            entity,id,word,field,old_yuan,new_yuan,operator,at,reason
            keyword,880000030001,"连衣裙, 女",bid,1.20,1.35,小王,2026-11-20 11:05,"rank ""7-10\"\"\"
            keyword,880000030002,卫衣,bid,0.80,0.70,小王,2026-11-20 11:05,
            campaign,20010001,,daily_budget,300.00,,小王,2026-11-20 11:05,

            """)
    }

    @Test func anIDThePlatformCannotTakeAsANumberIsNotAnID() {
        #expect(OutboxBatch.numericID("880000030001") == 880_000_030_001)
        #expect(OutboxBatch.numericID("9007199254740991") == 9_007_199_254_740_991)     // 2^53 − 1
        for bad in ["K30001", "", "9007199254740992", "12345678901234567", "-5", "1 2", "１２３", "1e5"] {
            #expect(OutboxBatch.numericID(bad) == nil, "\(bad)")
        }
        // Such a change is an error at posting, never sent garbled.
        let state = BidCheck.check(.init(.keyword, "K1", .bid), .init(old: 100, new: 110, changeIDs: [1]), .init(report: 100),
                                   rules: BidRules(), now: at)
        #expect(state == .error("ID K1 is not a number the platform takes (digits, below 2^53)"))
    }
}

@Suite struct BudgetPacing {
    let now = LocalTime(date: LocalDate(year: 2026, month: 11, day: 20)!, hour: 12)

    @Test func thePaceOfTheUsualDayCarriesTodayForward() {
        // The usual day spends evenly from 08:00 to 24:00 (16 hours); by 12:00 a quarter is
        // gone. Today ¥50 by noon: ¥200 for the day, so a ¥150 budget runs out 3/4 of the way
        // through the remaining 12 hours, at 20:00.
        var pace = BidDesk.PlanPace(); pace.spentToday = 5_000
        for h in 8..<24 { pace.profile[h] = 100 }
        let c = Campaign(campaignID: "C1")
        #expect(BidDesk.projectedOffline(pace, campaign: c, budget: 15_000, at: now)?.clockString == "20:00")
        #expect(BidDesk.projectedOffline(pace, campaign: c, budget: 30_000, at: now) == nil)   // enough for the day
        #expect(BidDesk.projectedOffline(pace, campaign: c, budget: nil, at: now) == nil)      // no limit
        #expect(BidDesk.projectedOffline(pace, campaign: c, budget: 4_000, at: now) == now)    // already over
    }
}

/// The suggestion rule with the store's margin: break-even ROI = 1 / margin.
@Suite struct SuggestionRule {
    func row(roi: Double, clicks: Int64, rank: String = "11-15") -> BidRow {
        var k = Keyword(keywordID: "880000030001", campaignID: "20010001", word: "连衣裙")
        k.rank = rank
        var r = BidRow(keyword: k, campaignName: "主推")
        r.week.clicks = clicks; r.week.cost = 10_000; r.week.revenue = Int64(roi * 10_000)
        return r
    }

    @Test func underTheMarginsBreakEvenIsLoweredAboveTheTargetRaised() {
        var g = StoreProfile.BidGuardrails()
        g.margin = 0.25                                      // break-even ROI 4.0
        let rules = BidRules(g)
        // ROI 3 loses money at a 25% margin, though it is above the plain 1.0.
        let lower = BidDesk.suggestion(row(roi: 3, clicks: 40), bid: 100, targetROI: 5, rules: rules)
        #expect(lower?.bid == 90 && lower?.reason.contains("under break-even 4.00") == true)
        #expect(BidDesk.suggestion(row(roi: 3, clicks: 40), bid: 100, targetROI: 5, rules: BidRules()) == nil)
        // An item's own margin wins: at 50% its break-even is 2.0, and ROI 3 is no loss.
        var own = g
        var r3 = row(roi: 3, clicks: 40)
        r3.keyword.itemID = "650000001003"
        own.itemMargins = ["650000001003": 0.5]
        #expect(BidDesk.suggestion(r3, bid: 100, targetROI: 5, rules: BidRules(own)) == nil)
        // Above the target and below the top 6: raise.
        #expect(BidDesk.suggestion(row(roi: 6, clicks: 40), bid: 100, targetROI: 5, rules: rules)?.bid == 110)
        // Too few clicks: no rule, and it says why.
        #expect(BidDesk.suggestion(row(roi: 0.5, clicks: 5), bid: 100, targetROI: 5, rules: rules) == nil)
        #expect(BidDesk.noSuggestion(row(roi: 0.5, clicks: 5), targetROI: 5, rules: rules) == "not enough data: 5 clicks in 7 days (20 needed)")
    }

    @Test func theSuggestionMovesTowardTheRankTarget() {
        let rules = BidRules()
        // Rank 4-6 is in the default top 6: no rule. With a target of 1-3 (the keyword's), raise.
        var r = row(roi: 3, clicks: 40, rank: "4-6")
        #expect(BidDesk.suggestion(r, bid: 100, targetROI: 2, rules: rules) == nil)
        r.keyword.targetRank = 1...3
        #expect(BidDesk.suggestion(r, bid: 100, targetROI: 2, rules: rules)?.reason == "7-day ROI 3.00 ≥ target 2.00 and rank 4-6 is below the target 1-3: raise 10%")
        // Not when the ROI does not allow it.
        #expect(BidDesk.suggestion(r, bid: 100, targetROI: 4, rules: rules) == nil)
        // Rank 1 with a plan target of 4-6: it pays for a place it does not need.
        var top = row(roi: 3, clicks: 40, rank: "1")
        top.planTargetRank = 4...6
        let s = BidDesk.suggestion(top, bid: 100, targetROI: 2, rules: rules)
        #expect(s?.bid == 90 && s?.reason == "rank 1 is above the target 4-6: lower 10% to pay less per click")
        // The keyword's own target wins over the plan's.
        top.keyword.targetRank = 1...1
        #expect(BidDesk.suggestion(top, bid: 100, targetROI: 2, rules: rules) == nil)
        #expect(RankTarget.parse("1-3") == 1...3 && RankTarget.parse("2") == 2...2)
        for bad in ["0-3", "3-1", "a", "1-2-3", ""] { #expect(RankTarget.parse(bad) == nil, "\(bad)") }
    }
}

/// Proof of posting: the reports written after a posting say whether it was applied.
@Suite struct ProofOfPosting {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    func ledger(_ changes: [(Int64, Int64, String)]) -> [(change: BidEvent, state: BidLedger.ChangeState)] {
        var events: [BidEvent] = []
        for (n, (old, new, batch)) in changes.enumerated() {
            let id = Int64(n * 2 + 1)
            events.append(BidEvent(id: id, day: day, at: LocalTime(date: day, hour: 10, minute: n), operatorName: "小王", kind: .change,
                                   entity: .keyword, entityID: "880000030001", field: .bid, oldFen: old, newFen: new))
            events.append(BidEvent(id: id + 1, day: day, at: LocalTime(date: day, hour: 11, minute: 35), operatorName: "小王", kind: .post,
                                   changeID: id, batch: batch))
        }
        return BidLedger.fold(events)
    }

    func data(bid: Int64, written: LocalTime?) -> StoreData {
        var d = StoreData()
        var k = Keyword(keywordID: "880000030001", campaignID: "20010001", word: "连衣裙")
        k.bid = bid
        d.keywords = [k]
        var f = FileReport(file: "keywords.csv", state: .loaded)
        f.modified = written
        d.files["keywords.csv"] = f
        return d
    }

    @Test func waitingThenAppliedOrNotApplied() {
        let l = ledger([(100, 120, "bids-20261120-113500")])
        #expect(PostProof.postedAt("bids-20261120-113500") == LocalTime(date: day, hour: 11, minute: 35))
        // The report was written before the posting: it cannot tell yet.
        #expect(PostProof.states(l, data: data(bid: 100, written: LocalTime(date: day, hour: 11))) [1] == .waiting)
        // Written after: the posted ¥1.20 is there, or it is not.
        #expect(PostProof.states(l, data: data(bid: 120, written: LocalTime(date: day, hour: 12))) [1] == .applied)
        #expect(PostProof.states(l, data: data(bid: 100, written: LocalTime(date: day, hour: 12))) [1] == .notApplied(report: 100))
        #expect(PostProof.State.notApplied(report: 100).words == "not applied: the report shows ¥1.00")
    }

    @Test func onlyTheLastPostedChangeOfAValueIsJudged() {
        let l = ledger([(100, 120, "bids-20261120-113500"), (120, 130, "bids-20261120-114000")])
        let p = PostProof.states(l, data: data(bid: 130, written: LocalTime(date: day, hour: 12)))
        #expect(p[1] == .superseded && p[3] == .applied)
    }
}

@Suite struct EffectiveBid {
    @Test func theBidTimesTheDiscountInForceNow() {
        let schedule = [TimeSlotDiscount(start: ClockTime("00:00")!, end: ClockTime("07:00")!, percent: 30),
                        TimeSlotDiscount(start: ClockTime("18:00")!, end: ClockTime("24:00")!, percent: 120)]
        let day = LocalDate(year: 2026, month: 11, day: 20)!
        #expect(BidDesk.effectiveBid(140, schedule: schedule, at: LocalTime(date: day, hour: 3)) == 42)
        #expect(BidDesk.effectiveBid(140, schedule: schedule, at: LocalTime(date: day, hour: 6, minute: 59)) == 42)
        // 07:00–18:00 is not in the schedule: the plan does not serve then.
        #expect(BidDesk.effectiveBid(140, schedule: schedule, at: LocalTime(date: day, hour: 7)) == 0)
        // No schedule at all: in full all day.
        #expect(BidDesk.effectiveBid(140, schedule: [], at: LocalTime(date: day, hour: 7)) == 140)
        #expect(BidDesk.effectiveBid(135, schedule: schedule, at: LocalTime(date: day, hour: 20)) == 162)
        #expect(BidDesk.effectiveBid(nil, schedule: schedule, at: LocalTime(date: day, hour: 20)) == nil)
    }
}
