/// `opsdeck diagnose --series`: the episode detector on any exported series
/// (`timestamp,value`), every point judged against the 28 days before it, so an operator can
/// check any series and the detector can be judged on data it was not tuned on.
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

    public struct Event: Sendable, Equatable {
        public var start: LocalTime
        public var end: LocalTime
        public var peak: LocalTime
        public var direction: Detector.Direction
        public var kind: Episode.Kind
        public var size: Double
        public var peakSize: Double
        public var ongoing: Bool
        public var adopted: Bool
    }

    public struct Result: Sendable {
        public var hourly: Bool
        public var scale: EpisodeDetector.Scale
        public var points: Int
        /// Points placed on the calendar, gaps included.
        public var slots: Int
        public var judged: Int
        public var flags: [Flag]
        public var events: [Event]
        public var notes: [String]
    }

    /// Daily when every timestamp is a whole day, else hourly. Points are put on a regular
    /// grid (a missing day or hour is a gap, not a neighbour); a repeated slot keeps the last.
    /// The platform promotions (6.18, 11.11, 12.12) are annotated, not judged.
    public static func run(_ points: [Point], scale: EpisodeDetector.Scale? = nil, minChange: Double = 0.2) -> Result {
        let sorted = points.sorted { $0.at < $1.at }
        guard let first = sorted.first, let last = sorted.last else {
            return Result(hourly: false, scale: .linear, points: 0, slots: 0, judged: 0, flags: [], events: [], notes: ["the series is empty"])
        }
        let hourly = sorted.contains { $0.at.secondOfDay != 0 }
        let step: Int64 = hourly ? 3600 : 86_400
        let origin = hourly ? first.at.date.start.seconds : first.at.date.start.seconds
        let count = Int((last.at.seconds - origin) / step) + 1
        var grid = [Double?](repeating: nil, count: count)
        for p in sorted { grid[Int((p.at.seconds - origin) / step)] = p.value }
        func time(_ i: Int) -> LocalTime { LocalTime(seconds: origin + Int64(i) * step) }
        var excluded = Set<Int>()
        for i in grid.indices where Diagnose.platformPromotion(time(i).date) != nil { excluded.insert(i) }
        let known = grid.compactMap { $0 }
        // Amounts, visitors, costs: judged on a log scale unless the series goes negative.
        let chosen = scale ?? (known.allSatisfy { $0 >= 0 } ? .log : .linear)
        let settings = EpisodeDetector.Settings(hourly: hourly, scale: chosen,
                                                counts: known.allSatisfy { $0 >= 0 && $0 == $0.rounded() }, minChange: minChange)
        let scan = EpisodeDetector.scan(grid, excluded: excluded, settings: settings)
        var flags: [Flag] = []
        for (i, p) in scan.points.enumerated() {
            guard let p, p.flagged, let v = grid[i] else { continue }
            flags.append(Flag(at: time(i), value: v, baseline: p.expected, score: p.score, direction: p.score > 0 ? .up : .down))
        }
        let events = scan.episodes.map {
            Event(start: time($0.start), end: time($0.end), peak: time($0.peak), direction: $0.direction, kind: $0.kind,
                  size: $0.size, peakSize: $0.peakSize, ongoing: $0.ongoing, adopted: $0.adopted)
        }
        let judged = scan.points.compactMap { $0 }.count
        var notes: [String] = []
        if scan.unjudged > 0 {
            notes.append("\(scan.unjudged) points had fewer than \(settings.minimumDays) known days in the \(Detector.windowDays) days before them and were not judged")
        }
        let promo = excluded.filter { grid[$0] != nil }.count
        if promo > 0 { notes.append("\(promo) points fall on platform promotion days (6.18, 11.11, 12.12): shown, not judged") }
        if count > sorted.count { notes.append("\(count - sorted.count) \(hourly ? "hours" : "days") missing between the first and last point") }
        return Result(hourly: hourly, scale: chosen, points: sorted.count, slots: count, judged: judged, flags: flags, events: events, notes: notes)
    }
}
