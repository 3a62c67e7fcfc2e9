/// A plan's time-of-day discounts (分时折扣) as the desk edits them: 48 half hours, each a
/// percentage (1–150) or off. A plan with no schedule bids in full all day; a plan with one
/// does not serve in the half hours its slots leave out.
public enum TimeSlots {
    public static let cells = 48

    public static func halfHours(_ slots: [TimeSlotDiscount]) -> [Int?] {
        guard !slots.isEmpty else { return Array(repeating: 100, count: cells) }
        return (0..<cells).map { c in slots.first { $0.start.minutes <= c * 30 && c * 30 < $0.end.minutes }?.percent }
    }

    /// Runs of equal half hours as slots (off half hours are left out).
    public static func slots(_ halfHours: [Int?]) -> [TimeSlotDiscount] {
        var out: [TimeSlotDiscount] = []
        var c = 0
        while c < halfHours.count {
            var e = c
            while e + 1 < halfHours.count && halfHours[e + 1] == halfHours[c] { e += 1 }
            if let p = halfHours[c] { out.append(TimeSlotDiscount(start: ClockTime(minutes: c * 30), end: ClockTime(minutes: (e + 1) * 30), percent: p)) }
            c = e + 1
        }
        return out
    }

    /// `HH:MM-HH:MM:pct` joined by `,`: campaigns.csv's shape and the platform's.
    public static func text(_ slots: [TimeSlotDiscount]) -> String {
        slots.map { "\($0.start)-\($0.end):\($0.percent)" }.joined(separator: ",")
    }

    public static func parse(_ text: String) -> [TimeSlotDiscount]? {
        var out: [TimeSlotDiscount] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let start = ClockTime(String(parts[0])) else { return nil }
            let rest = parts[1].split(separator: ":")
            guard rest.count == 3, let end = ClockTime("\(rest[0]):\(rest[1])"), let pct = Int(rest[2]),
                  (1...150).contains(pct), start < end else { return nil }
            out.append(TimeSlotDiscount(start: start, end: end, percent: pct))
        }
        return out
    }

    /// Ready-made patterns.
    public static let templates: [(key: Character, name: String, cells: [Int?])] = [
        ("f", "full day 100%", Array(repeating: 100, count: cells)),
        ("n", "nights at 30% (00:00–07:00)", (0..<cells).map { $0 < 14 ? 30 : 100 }),
        ("e", "evening peak 120% (19:00–23:00), nights 30%", (0..<cells).map { $0 < 14 ? 30 : ($0 >= 38 && $0 < 46) ? 120 : 100 }),
        ("w", "working hours only (08:00–22:00)", (0..<cells).map { $0 >= 16 && $0 < 44 ? 100 : nil }),
    ]
}
