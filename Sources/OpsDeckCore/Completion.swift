/// Whether the day's routine was done: each check classified the way the shift lead asks
/// about it — on time, late (and by how much), skipped (and why), missed, or still open.
public struct TaskOutcome: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Ticked at or before its block's end.
        case onTime
        /// Ticked after its block ended, by this many minutes (rounded up).
        case late(minutes: Int)
        case skipped(reason: String?)
        /// Its block is over and it was neither ticked nor skipped.
        case missed
        /// Its block has not ended yet.
        case open
    }
    public var block: Schedule.Block
    public var task: Schedule.Task
    public var status: Status
    /// When and by whom the final status was set (nil for missed and open).
    public var at: LocalTime?
    public var by: String?
    public var notes: [ChecklistEvent]

    public var isHandled: Bool {
        switch status { case .onTime, .late, .skipped: true; case .missed, .open: false }
    }
}

public struct DayCompletion: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var onTime = 0, late = 0, skipped = 0, missed = 0, open = 0
        public var total: Int { onTime + late + skipped + missed + open }
        public var handled: Int { onTime + late + skipped }
        public init() {}
        mutating func add(_ s: TaskOutcome.Status) {
            switch s {
            case .onTime: onTime += 1
            case .late: late += 1
            case .skipped: skipped += 1
            case .missed: missed += 1
            case .open: open += 1
            }
        }
    }
    public struct OperatorCounts: Sendable, Equatable {
        public var name: String
        public var counts: Counts
    }

    public var day: LocalDate
    /// The time the classification was made at: a block not ended by then is open.
    public var asOf: LocalTime
    public var tasks: [TaskOutcome]
    public var counts: Counts
    /// Who set each final status, most checks first (several operators may share a day).
    public var operators: [OperatorCounts]
    /// Every note of the day in the order written, on checks and on blocks.
    public var notes: [ChecklistEvent]
    /// True when nothing at all was recorded that day (the tool may not have been in use).
    public var noEvents: Bool

    /// Checks handled (done or skipped with a reason) / all checks; unknown with no checks.
    public var rate: Double? { counts.total == 0 ? nil : Double(counts.handled) / Double(counts.total) }

    public func blockCounts(_ id: String) -> Counts {
        var c = Counts()
        for t in tasks where t.block.id == id { c.add(t.status) }
        return c
    }
}

public enum Completion {
    /// Classifies every check of `schedule` on `day` from that day's events (in saved order),
    /// as of `asOf` (the clock, or the end of the day for a past day).
    public static func day(_ day: LocalDate, schedule: Schedule, events: [ChecklistEvent], asOf: LocalTime) -> DayCompletion {
        struct Track { var done = false; var skipped: String?? = nil; var at: LocalTime?; var by: String?; var notes: [ChecklistEvent] = [] }
        var tracks: [TaskKey: Track] = [:]
        var notes: [ChecklistEvent] = []
        for e in events where e.day == day {
            let key = TaskKey(block: e.block, task: e.task)
            var t = tracks[key] ?? Track()
            switch e.kind {
            case .tick:
                // A second tick of a done check does not move its time: the first one counts.
                if !t.done { t.done = true; t.skipped = nil; t.at = e.at; t.by = e.operatorName }
            case .untick: t = Track(notes: t.notes)
            case .skip: t.done = false; t.skipped = .some(e.text); t.at = e.at; t.by = e.operatorName
            case .note: t.notes.append(e); notes.append(e)
            }
            tracks[key] = t
        }
        var out: [TaskOutcome] = []
        var counts = DayCompletion.Counts()
        var perOperator: [String: DayCompletion.Counts] = [:]
        for b in schedule.blocks {
            let end = LocalTime(date: day, hour: b.end.minutes / 60, minute: b.end.minutes % 60)
            for task in b.tasks {
                let t = tracks[TaskKey(block: b.id, task: task.id)] ?? Track()
                let status: TaskOutcome.Status
                if t.done, let at = t.at {
                    let over = at.seconds - end.seconds
                    status = over <= 0 ? .onTime : .late(minutes: Int((over + 59) / 60))
                } else if let reason = t.skipped {
                    status = .skipped(reason: reason)
                } else {
                    status = asOf >= end ? .missed : .open
                }
                let handled = t.done || t.skipped != nil
                out.append(TaskOutcome(block: b, task: task, status: status, at: handled ? t.at : nil,
                                       by: handled ? t.by : nil, notes: t.notes))
                counts.add(status)
                if handled, let by = t.by { perOperator[by, default: .init()].add(status) }
            }
        }
        let operators = perOperator.map { DayCompletion.OperatorCounts(name: $0.key, counts: $0.value) }
            .sorted { ($0.counts.handled, $1.name) > ($1.counts.handled, $0.name) }
        return DayCompletion(day: day, asOf: asOf, tasks: out, counts: counts, operators: operators, notes: notes,
                             noEvents: !events.contains { $0.day == day })
    }

    /// The completion of each day from `from` to `to`, as of `now` (days after now are open).
    /// Days before the first event ever recorded are unknown (nil), not 0%: the tool was not
    /// in use yet.
    public static func history(from: LocalDate, to: LocalDate, schedule: Schedule, events: [ChecklistEvent],
                               firstEventDay: LocalDate?, now: LocalTime) -> [(day: LocalDate, rate: Double?)] {
        var byDay: [LocalDate: [ChecklistEvent]] = [:]
        for e in events { byDay[e.day, default: []].append(e) }
        var out: [(LocalDate, Double?)] = []
        var d = from
        while d <= to {
            if let first = firstEventDay, d >= first, d <= now.date {
                let asOf = min(now, d.adding(days: 1).start)
                out.append((d, Completion.day(d, schedule: schedule, events: byDay[d] ?? [], asOf: asOf).rate))
            } else {
                out.append((d, nil))
            }
            d = d.adding(days: 1)
        }
        return out
    }
}
