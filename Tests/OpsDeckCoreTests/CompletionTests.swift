import Testing
@testable import OpsDeckCore

/// The shift lead's classification, at its edges. One block 10:30–11:00 with three checks.
@Suite struct CompletionClassification {
    let day = LocalDate(year: 2026, month: 11, day: 20)!
    let schedule = Schedule(blocks: [
        Schedule.Block(id: "basics", start: ClockTime("10:30")!, end: ClockTime("11:00")!, title: "Basics", pane: "basics",
                       tasks: [.init(id: "a", title: "A"), .init(id: "b", title: "B"), .init(id: "c", title: "C")]),
    ])

    func at(_ h: Int, _ m: Int, _ s: Int = 0, dayOffset: Int = 0) -> LocalTime {
        LocalTime(date: day.adding(days: dayOffset), hour: h, minute: m, second: s)
    }
    func e(_ task: String, _ kind: ChecklistEvent.Kind, _ t: LocalTime, by: String = "li", text: String? = nil) -> ChecklistEvent {
        ChecklistEvent(day: day, at: t, operatorName: by, block: "basics", task: task, kind: kind, text: text)
    }
    func status(_ events: [ChecklistEvent], asOf: LocalTime? = nil, task: String = "a") -> TaskOutcome.Status {
        Completion.day(day, schedule: schedule, events: events, asOf: asOf ?? at(23, 59)).tasks.first { $0.task.id == task }!.status
    }

    @Test func tickedExactlyAtBlockEndIsOnTime() {
        #expect(status([e("a", .tick, at(11, 0, 0))]) == .onTime)
    }

    @Test func oneSecondAfterTheEndIsLateByAMinute() {
        #expect(status([e("a", .tick, at(11, 0, 1))]) == .late(minutes: 1))
        #expect(status([e("a", .tick, at(12, 15))]) == .late(minutes: 75))
    }

    @Test func tickedAfterMidnightCountsTheHoursSinceTheBlockEnded() {
        // Saved against the day, but the clock was already in the next one.
        #expect(status([e("a", .tick, at(0, 20, dayOffset: 1))]) == .late(minutes: 13 * 60 + 20))
    }

    @Test func tickedBeforeTheBlockStartsIsOnTime() {
        #expect(status([e("a", .tick, at(8, 5))]) == .onTime)
    }

    @Test func untickedThenReTickedTakesTheSecondTick() {
        let events = [e("a", .tick, at(10, 40)), e("a", .untick, at(10, 50)), e("a", .tick, at(11, 30))]
        #expect(status(events) == .late(minutes: 30))
        // And a re-tick before the end stays on time.
        #expect(status([e("a", .tick, at(10, 40)), e("a", .untick, at(10, 41)), e("a", .tick, at(10, 59))]) == .onTime)
    }

    @Test func aDoubleTickKeepsTheFirstTime() {
        #expect(status([e("a", .tick, at(10, 40)), e("a", .tick, at(12, 0))]) == .onTime)
    }

    @Test func untickedAndLeftIsMissedOnceTheBlockIsOver() {
        let events = [e("a", .tick, at(10, 40)), e("a", .untick, at(10, 50))]
        #expect(status(events, asOf: at(10, 59)) == .open)
        #expect(status(events, asOf: at(11, 0)) == .missed)
    }

    @Test func skippedKeepsItsReasonAndATickAfterwardWins() {
        #expect(status([e("a", .skip, at(10, 45), text: "no disputes today")]) == .skipped(reason: "no disputes today"))
        #expect(status([e("a", .skip, at(10, 45), text: "x"), e("a", .tick, at(11, 10))]) == .late(minutes: 10))
        #expect(status([e("a", .tick, at(10, 45)), e("a", .skip, at(10, 50), text: "wrong")]) == .skipped(reason: "wrong"))
    }

    @Test func countsOperatorsAndNotes() {
        let events = [
            e("a", .tick, at(10, 35), by: "li"), e("b", .tick, at(11, 5), by: "wang"),
            e("c", .note, at(10, 40), by: "li", text: "two disputes escalated"),
        ]
        let d = Completion.day(day, schedule: schedule, events: events, asOf: at(12, 0))
        #expect(d.counts.onTime == 1 && d.counts.late == 1 && d.counts.missed == 1 && d.counts.total == 3)
        #expect(d.rate == 2.0 / 3.0)
        #expect(d.operators.map(\.name) == ["li", "wang"])
        #expect(d.operators.first { $0.name == "wang" }?.counts.late == 1)
        #expect(d.notes.map(\.text) == ["two disputes escalated"])
        #expect(d.tasks.first { $0.task.id == "c" }?.notes.count == 1)
        #expect(!d.noEvents)
    }

    @Test func historyIsUnknownBeforeTheToolWasUsedAndZeroWhenNothingWasDone() {
        let first = day.adding(days: -2)
        let events = [ChecklistEvent(day: first, at: LocalTime(date: first, hour: 10, minute: 40), operatorName: "li",
                                     block: "basics", task: "a", kind: .tick)]
        let h = Completion.history(from: day.adding(days: -3), to: day, schedule: schedule, events: events,
                                   firstEventDay: first, now: at(10, 0))
        #expect(h.map(\.rate) == [nil, 1.0 / 3.0, 0, 0])
    }
}
