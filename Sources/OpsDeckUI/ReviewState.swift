import OpsDeckCore

/// What the review screen needs from the state store for one day: the checklist events of
/// the 14 days ending on it (the day itself and the habit row), and the first day any check
/// was ever recorded (days before it are unknown, not 0%).
public struct ReviewData: Sendable {
    public var day: LocalDate
    public var events: [ChecklistEvent]
    public var firstEventDay: LocalDate?
    public init(day: LocalDate, events: [ChecklistEvent], firstEventDay: LocalDate?) {
        self.day = day; self.events = events; self.firstEventDay = firstEventDay
    }

    /// The 14 days ending on `day`.
    public static func range(_ day: LocalDate) -> (from: LocalDate, to: LocalDate) { (day.adding(days: -13), day) }
}

public struct DayRate: Sendable, Equatable {
    public var day: LocalDate
    public var rate: Double?
}

/// The shift lead's review of one day: completion by block and check, who did what, the
/// notes, the day's bid and budget changes, and 14 days of completion.
public struct ReviewState: Sendable {
    public var data: ReviewData
    public var completion: DayCompletion
    public var history: [DayRate]
    /// The page scrolls like a pager: the list state's `scroll` is its first line.
    public var list = ListState()
    public var scroll: Int { get { list.scroll } set { list.scroll = newValue } }

    public init(_ data: ReviewData, schedule: Schedule, now: LocalTime, scroll: Int = 0) {
        self.data = data; list.scroll = scroll
        // A past day is judged as of its end; today as of now.
        let asOf = min(now, data.day.adding(days: 1).start)
        completion = Completion.day(data.day, schedule: schedule, events: data.events, asOf: asOf)
        let (from, to) = ReviewData.range(data.day)
        history = Completion.history(from: from, to: to, schedule: schedule, events: data.events,
                                     firstEventDay: data.firstEventDay, now: now).map { DayRate(day: $0.day, rate: $0.rate) }
    }

    /// The day's bid and budget changes and what became of them, oldest first.
    public static func bidChanges(_ journal: [BidEvent], day: LocalDate) -> [(change: BidEvent, state: BidLedger.ChangeState)] {
        BidLedger.fold(journal).filter { $0.change.day == day }
    }
}
