/// `opsdeck diagnose --series`: the detector on any exported series (`timestamp,value`), every
/// point judged against the 28 days before it, so an operator can check any series and the
/// detector can be judged on data it was not tuned on.
public enum SeriesCheck {
    public struct Point: Sendable, Equatable {
        public var at: LocalTime
        public var value: Double?
        public init(at: LocalTime, value: Double?) { self.at = at; self.value = value }
    }

    public struct Flag: Sendable, Equatable {
        public var at: LocalTime
        public var value: Double
        public var baseline: Double
        public var score: Double
        public var direction: Detector.Direction
    }

    public struct Result: Sendable {
        public var hourly: Bool
        public var points: Int
        /// Points placed on the calendar, gaps included.
        public var slots: Int
        public var judged: Int
        public var flags: [Flag]
        public var notes: [String]
    }

    /// Daily when every timestamp is a whole day, else hourly. Points are put on a regular
    /// grid (a missing day or hour is a gap, not a neighbour); a repeated slot keeps the last.
    public static func run(_ points: [Point]) -> Result {
        let sorted = points.sorted { $0.at < $1.at }
        guard let first = sorted.first, let last = sorted.last else {
            return Result(hourly: false, points: 0, slots: 0, judged: 0, flags: [], notes: ["the series is empty"])
        }
        let hourly = sorted.contains { $0.at.secondOfDay != 0 }
        let step: Int64 = hourly ? 3600 : 86_400
        let origin = hourly ? first.at.seconds - first.at.seconds % 3600 : first.at.date.start.seconds
        let count = Int((last.at.seconds - origin) / step) + 1
        var grid = [Double?](repeating: nil, count: count)
        for p in sorted { grid[Int((p.at.seconds - origin) / step)] = p.value }
        let cycle = hourly ? 24 : 7
        let window = Detector.windowDays * (hourly ? 24 : 1)
        var flags: [Flag] = []
        var judged = 0, short = 0
        for i in grid.indices {
            // Hourly: two weeks of hours before judging, so every hour of the day has its offset.
            let j = Detector.judge(grid, at: i, window: window, cycle: cycle, minimum: Detector.minimumPoints * (hourly ? 24 : 1))
            switch j.verdict {
            case .anomaly(let d):
                judged += 1
                flags.append(Flag(at: LocalTime(seconds: origin + Int64(i) * step), value: j.value!, baseline: j.expected!, score: j.score!, direction: d))
            case .normal: judged += 1
            case .tooShort, .tooSparse: if grid[i] != nil { short += 1 }
            default: break
            }
        }
        var notes: [String] = []
        if short > 0 { notes.append("\(short) points had fewer than \(Detector.minimumPoints) days of known points in the \(Detector.windowDays) days before them and were not judged") }
        if count > sorted.count { notes.append("\(count - sorted.count) \(hourly ? "hours" : "days") missing between the first and last point") }
        return Result(hourly: hourly, points: sorted.count, slots: count, judged: judged, flags: flags, notes: notes)
    }
}
