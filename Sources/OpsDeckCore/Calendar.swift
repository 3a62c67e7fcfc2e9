/// Civil dates and times in the store's own time zone.
///
/// Every timestamp in the data directory is written in the store's local time, so the
/// domain keeps them as local civil time (seconds since 1970-01-01 00:00 *local*) and never
/// converts: day boundaries, hours and "last 30 days" are then plain integer arithmetic.
/// Only the clock ("now") needs the time zone, and that conversion lives at the edge.

/// A calendar date: days since 1970-01-01.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var day: Int32

    public init(day: Int32) { self.day = day }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(year: year, month: month),
              (1900...2199).contains(year) else { return nil }
        self.day = Int32(LocalDate.daysFromCivil(year, month, day))
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.day < b.day }

    public func adding(days: Int) -> LocalDate { LocalDate(day: day + Int32(days)) }
    public func days(since other: LocalDate) -> Int { Int(day - other.day) }

    public var components: (year: Int, month: Int, day: Int) { LocalDate.civilFromDays(Int(day)) }

    /// 1 = Monday … 7 = Sunday (ISO). 1970-01-01 was a Thursday.
    public var isoWeekday: Int { Int(((Int64(day) % 7 + 7 + 3) % 7) + 1) }

    /// The start of the day as a local time.
    public var start: LocalTime { LocalTime(seconds: Int64(day) * 86_400) }

    public var description: String {
        let c = components
        return "\(c.year)-\(pad2(c.month))-\(pad2(c.day))"
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// A moment in the store's local civil time, to the second.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public init(date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = Int64(date.day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.seconds < b.seconds }

    public var date: LocalDate {
        LocalDate(day: Int32(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }
    public var secondOfDay: Int { Int(seconds - Int64(date.day) * 86_400) }
    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay % 3600 / 60 }

    public func adding(seconds s: Int64) -> LocalTime { LocalTime(seconds: seconds + s) }
    public func adding(hours h: Int) -> LocalTime { LocalTime(seconds: seconds + Int64(h) * 3600) }

    /// `YYYY-MM-DD HH:MM`
    public var minuteString: String { "\(date) \(pad2(hour)):\(pad2(minute))" }
    /// `HH:MM`
    public var clockString: String { "\(pad2(hour)):\(pad2(minute))" }

    public var description: String {
        "\(date) \(pad2(hour)):\(pad2(minute)):\(pad2(secondOfDay % 60))"
    }

    /// Parses `YYYY-MM-DD HH:MM[:SS]` (and the other date forms of the data contract).
    public init?(parsing text: String) {
        var bytes = Array(text.utf8)
        guard let t = bytes.withUnsafeMutableBufferPointer({ ValueParser.timestamp(UnsafeBufferPointer($0)) })
        else { return nil }
        self = t
    }
}

/// A time of day, in minutes after midnight (schedule blocks).
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var minutes: Int
    public init(minutes: Int) { self.minutes = minutes }
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440 else { return nil }
        minutes = h * 60 + m
    }
    public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
    public var description: String { "\(pad2(minutes / 60)):\(pad2(minutes % 60))" }
}

@inline(__always) func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
