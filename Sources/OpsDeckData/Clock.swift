import Foundation
import OpsDeckCore

/// The one place the wall clock and the store's time zone meet: everything else works in
/// the store's local civil time.
public enum StoreClock {
    public static func now(timeZone identifier: String = "Asia/Shanghai", date: Date = Date()) -> LocalTime {
        let tz = TimeZone(identifier: identifier) ?? TimeZone(identifier: "Asia/Shanghai")!
        let unix = Int64(date.timeIntervalSince1970.rounded(.down))
        return LocalTime(seconds: unix + Int64(tz.secondsFromGMT(for: date)))
    }
}
