/// Today so far against earlier days at the same time of day.
///
/// A day in progress cannot be compared with whole earlier days: every morning would read
/// ▼70%. Earlier days are cut at the same clock time from their hourly rows (the hours
/// before the cut whole, the hour it falls in by its minutes); the day in progress is its
/// own hourly rows, which stop where the export stopped. A day without hourly rows cannot be
/// cut, and its figures at the same time are unknown.
public enum SameTime {
    /// Where a day is cut: before `minute` of `hour`.
    public struct Cut: Sendable, Equatable {
        public var hour: Int
        public var minute: Int
        public init(hour: Int, minute: Int) { self.hour = hour; self.minute = minute }
        public var label: String { "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)" }
    }

    /// The cut for the day in progress: now, or the end of the last hour its rows reach when
    /// the export is behind the clock (a report exported at 10:05 says nothing of 11:20).
    public static func cut(now: LocalTime, lastHourInData: Int?) -> Cut {
        guard let last = lastHourInData, last < now.hour else { return Cut(hour: now.hour, minute: now.minute) }
        return last >= 23 ? Cut(hour: 23, minute: 60) : Cut(hour: last + 1, minute: 0)
    }

    /// The share of `hour` that falls before the cut, in sixtieths.
    static func sixtieths(_ hour: Int, _ cut: Cut, dayInProgress: Bool) -> Int64 {
        if hour < cut.hour { return 60 }
        if hour > cut.hour { return 0 }
        return dayInProgress ? 60 : Int64(min(cut.minute, 60))
    }

    /// `value × n / 60`, rounded half away from zero: money stays whole fen.
    static func part(_ value: Int64?, _ n: Int64) -> Int64? {
        guard let value else { return nil }
        return n == 60 ? value : Money.divide(value * n, by: 60)
    }

    /// Store figures of one day up to the cut. Visitors and buyers here are sums of hourly
    /// distinct counts: good for comparing two days this way, not a count of people.
    public struct Store: Sendable, Equatable {
        public var uv: Int64?
        public var paidBuyers: Int64?
        public var paidAmount: Int64?
        public var paidOrders: Int64?
        public var paidUnits: Int64?
        public init() {}
    }

    public static func store(_ rows: [StoreDay], on date: LocalDate, cut: Cut, dayInProgress: Bool) -> Store? {
        let hourly = rows.filter { $0.date == date && $0.hour != nil }
        guard !hourly.isEmpty else { return nil }
        var s = Store(), parts: [[Int64?]] = Array(repeating: [], count: 5)
        for r in hourly {
            let n = sixtieths(r.hour!, cut, dayInProgress: dayInProgress)
            guard n > 0 else { continue }
            for (i, v) in [r.uv, r.paidBuyers, r.paidAmount, r.paidOrders, r.paidUnits].enumerated() { parts[i].append(part(v, n)) }
        }
        s.uv = Formula.sum(parts[0]); s.paidBuyers = Formula.sum(parts[1]); s.paidAmount = Formula.sum(parts[2])
        s.paidOrders = Formula.sum(parts[3]); s.paidUnits = Formula.sum(parts[4])
        return s
    }

    /// Promotion figures of one day up to the cut, from the keyword report's hourly rows.
    public struct Ads: Sendable, Equatable {
        public var cost: Int64?
        public var revenue: Int64?
        public var clicks: Int64?
        public init() {}
    }

    public static func ads(_ rows: [KeywordDay], on date: LocalDate, cut: Cut, dayInProgress: Bool) -> Ads? {
        var cost: [Int64?] = [], revenue: [Int64?] = [], clicks: [Int64?] = []
        var any = false
        for r in rows where r.date == date {
            guard let h = r.hour else { continue }
            any = true
            let n = sixtieths(h, cut, dayInProgress: dayInProgress)
            guard n > 0 else { continue }
            cost.append(part(r.cost, n)); revenue.append(part(r.revenue, n)); clicks.append(part(r.clicks, n))
        }
        guard any else { return nil }
        var a = Ads()
        a.cost = Formula.sum(cost); a.revenue = Formula.sum(revenue); a.clicks = Formula.sum(clicks)
        return a
    }
}
