import Foundation

/// One finding in a series: consecutive anomalous points, with a start, an end, a peak and a
/// kind. An operator reads one line for a three-day dip, not three.
public struct Episode: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case spike, dip
        /// The new level persisted (a KPI off for days in a row).
        case levelShift = "level shift"
        /// A level that moved gradually: the episode grew out of small same-way moves.
        case drift
    }
    public var start: Int
    /// The last anomalous point (the last point of the series while `ongoing`).
    public var end: Int
    public var peak: Int
    public var direction: Detector.Direction
    public var kind: Kind
    /// The median relative change of the episode's points against their baseline (−0.3 = 30% under).
    public var size: Double
    public var peakSize: Double
    /// Still anomalous at the last point judged.
    public var ongoing: Bool
    /// Persisted long enough to become the baseline: later points are judged against it.
    public var adopted: Bool
}

/// Finds episodes in a series, point by point in time order — what the operator would have
/// been told at each point, never what later points reveal.
///
/// - The baseline of a point is the 28 usable days before it (reaching back up to 56 days past
///   promotions, gaps and episodes): for a daily series those days, for an hourly one the same
///   hour of those days; with a weekday pattern when it is strong
///   (`Detector.fit`). Promotion points and the points of an episode stay out of later
///   baselines (a dip does not drag its own baseline down).
/// - Skewed positive series (amounts, costs, CPC, visitors) are judged on a log scale, so a
///   doubling and a halving weigh alike and the noise of a big day is not read as news.
/// - A point opens an episode when it is beyond the threshold (modified z 3; hourly 3.5) *and*
///   at least `minChange` off its baseline; the points just before it already off the same way
///   are its start. Smaller moves the same way add up (a one-sided CUSUM on the z-scores, each
///   capped so one wild point cannot trip it) and open an episode when the run's last week is
///   that far off — how a small step is found. A daily drift is found against the month before
///   last, which a slow ramp has not pulled along as it pulls the rolling month.
/// - An episode goes on while points stay beyond a lower threshold the same way (one point's
///   pause allowed; hourly, four). Short: a spike or a dip. Persisting (3 days; hourly, 24
///   hours): a level shift, or a drift when it kept growing. After 7 days (hourly, 3
///   days) a level shift is adopted: the episode ends and the older points of the baseline
///   are moved by the shift, so the new level is the usual one from then on.
/// The numbers were tuned on half of a benchmark of planted incidents (docs/diagnosis.md).
public enum EpisodeDetector {
    public enum Scale: String, Sendable { case linear, log }

    public struct Settings: Sendable {
        public var hourly = false
        public var scale = Scale.log
        /// Counts (visitors, units): never steadier than Poisson chance.
        public var counts = false
        /// The smallest relative change that is news (0.2 = 20%).
        public var minChange = 0.2
        public var threshold = Detector.threshold
        /// The z-score a point needs to keep an open episode going.
        public var continueThreshold = 2.0
        public var cusumSlack = 0.75
        public var cusumLimit = 6.0
        /// An episode of fewer anomalous points than this is reported only when its peak is
        /// beyond twice the threshold: one wild hour of a noisy hourly series is not news.
        public var minimumPoints = 1
        /// An episode's median change must be at least this share of `minChange`.
        public var sizeFactor = 1.0
        /// The sum of an episode's z-scores (each capped at twice the threshold) must reach this.
        public var minimumEvidence = 0.0
        /// A point keeps an episode going when at least this share of `minChange` off.
        public var continueFactor = 0.5
        /// Fewer known days than this in the window: not judged.
        public var minimumDays = 21
        public init(hourly: Bool = false, scale: Scale = .log, counts: Bool = false, minChange: Double = 0.2) {
            self.hourly = hourly; self.scale = scale; self.counts = counts; self.minChange = minChange
            // Hours are noisy: three anomalous hours and enough evidence together. A day is
            // judged at z 3 (with the 20% minimum, a wobble is still not news). Both tuned on
            // the benchmark's tuning half: docs/diagnosis.md.
            if hourly { minimumPoints = 3; minimumEvidence = 10 } else { threshold = 3.0 }
        }
        var perDay: Int { hourly ? 24 : 1 }
        var shiftAfter: Int { hourly ? 24 : 3 }
        var adoptAfter: Int { hourly ? 72 : 7 }
        var pause: Int { hourly ? 4 : 1 }
    }

    public struct Point: Sendable, Equatable {
        public var expected: Double
        public var low: Double
        public var high: Double
        public var score: Double
        public var change: Double
        /// Inside an episode and beyond the continuing threshold.
        public var flagged: Bool
    }

    public struct Scan: Sendable {
        /// Per point: its baseline and score; nil where it was not judged (too little history,
        /// unknown value, promotion).
        public var points: [Point?]
        public var episodes: [Episode]
        /// Points with a value that could not be judged for lack of history.
        public var unjudged: Int
        /// The episode the last point is anomalous in, when there is one (a pause at the end
        /// of an open episode is not).
        public var current: Episode? { episodes.last.flatMap { $0.end == points.count - 1 ? $0 : nil } }
    }

    /// Scans `values` from index `from` (earlier points only feed baselines).
    public static func scan(_ values: [Double?], from: Int = 0, excluded: Set<Int> = [], settings: Settings = Settings()) -> Scan {
        let n = values.count
        let log = settings.scale == .log && values.allSatisfy { ($0 ?? 0) >= 0 }
        // log(x + c): c keeps a zero finite; one count, or a hundredth of the typical value.
        let positive = values.compactMap { $0 }.filter { $0 > 0 }
        let c = settings.counts ? 1.0 : max(1e-9, (positive.isEmpty ? 1 : Detector.median(positive)) * 0.01)
        let ys: [Double?] = values.map { v in v.map { log ? Foundation.log($0 + c) : $0 } }
        let back: (Double) -> Double = { log ? exp($0) - c : $0 }

        var points = [Point?](repeating: nil, count: n)
        var masked = [Bool](repeating: false, count: n)
        var shifts: [(start: Int, by: Double)] = []
        var episodes: [Episode] = []
        var unjudged = 0
        let per = settings.perDay, window = Detector.windowDays
        // The minimum change in the judged scale.
        let minLevel = log ? Foundation.log(1 + settings.minChange) : settings.minChange

        // The open episode.
        var open: (start: Int, dir: Detector.Direction, last: Int, pause: Int, drift: Bool)? = nil
        var cusumUp = 0.0, cusumDown = 0.0, upFrom = 0, downFrom = 0
        var devs = [Double](repeating: 0, count: n)     // y − expected, in the judged scale
        // Daily: y against the month before last (days 29–56 back), which a slow drift has
        // not yet pulled along as it pulls the rolling month.
        var monthBefore = [Double?](repeating: nil, count: n)

        func close(at t: Int, adopted: Bool, ongoing: Bool) {
            guard let o = open else { return }
            let idx = (o.start...o.last).filter { points[$0] != nil }
            // The size is the anomalous points' (a pause inside is not part of it).
            let changes = idx.filter { points[$0]!.flagged }.map { points[$0]!.change }
            let peak = idx.max { abs(points[$0]!.score) < abs(points[$1]!.score) } ?? o.start
            let length = o.last - o.start + 1
            let anomalous = changes.count
            let opener = o.drift || (points[peak].map { abs($0.score) > settings.threshold && abs($0.change) >= settings.minChange } ?? false)
            let evidence = idx.filter { points[$0]!.flagged }.map { min(2 * settings.threshold, abs(points[$0]!.score)) }.reduce(0, +)
            // A drift's size is how far its last week is from the level it drifted from; it too
            // must reach the minimum.
            let size = o.drift ? Detector.median(idx.suffix(7 * per).compactMap { monthBefore[$0] }.map { log ? exp($0) - 1 : $0 }) : Detector.median(changes)
            let small = !opener && abs(Detector.median(changes)) < settings.minChange * settings.sizeFactor || !o.drift && evidence < settings.minimumEvidence
                || o.drift && !(abs(size) >= settings.minChange)
            if (small || anomalous < settings.minimumPoints && abs(points[peak]?.score ?? 0) < 2 * settings.threshold) && !adopted {
                // Not news: its points go back into the baselines, unflagged.
                for i in o.start...o.last { masked[i] = false; points[i]?.flagged = false }
                open = nil
                return
            }
            var kind: Episode.Kind = o.dir == .up ? .spike : .dip
            if o.drift { kind = .drift } else if length >= settings.shiftAfter || adopted {
                // Kept growing (the least-squares trend of its deviations adds at least 40% of
                // their mean over its length): a drift; a level that moved and stayed: a shift.
                let d = idx.map { abs(devs[$0]) }, x = idx.map(Double.init)
                let mx = x.reduce(0, +) / Double(x.count), md = d.reduce(0, +) / Double(d.count)
                let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
                let slope = sxx > 0 ? zip(x, d).map { ($0 - mx) * ($1 - md) }.reduce(0, +) / sxx : 0
                kind = slope * Double(length) >= 0.4 * md ? .drift : .levelShift
            }
            // An adopted drift that stayed under the minimum still becomes the usual level, but
            // it is not news: no episode is told.
            if !(o.drift && small) {
                episodes.append(Episode(start: o.start, end: o.last, peak: peak, direction: o.dir, kind: kind,
                                        size: size, peakSize: points[peak]?.change ?? 0, ongoing: ongoing, adopted: adopted))
            } else {
                for i in o.start...o.last { points[i]?.flagged = false }
            }
            if adopted {
                // The new level: the median deviation of the episode's last days.
                let recent = idx.suffix(settings.adoptAfter).map { devs[$0] }
                shifts.append((o.start, Detector.median(recent)))
                for i in o.start...o.last { masked[i] = false }
            }
            open = nil
            cusumUp = 0; cusumDown = 0
        }

        // Hourly: the weekday pattern is read off whole days (the mean of a day's hours), far
        // steadier than the 28 points of one hour, and taken out of each hour's window.
        var dayMean = [Double?](repeating: nil, count: (n + per - 1) / per)
        var weekly: [Int: [Double]] = [:]
        if settings.hourly {
            for d in dayMean.indices {
                let hours = (d * per..<min(n, (d + 1) * per)).compactMap { excluded.contains($0) ? nil : ys[$0] }.filter(\.isFinite)
                if hours.count >= 20 { dayMean[d] = hours.reduce(0, +) / Double(hours.count) }
            }
        }
        func weekdayOffsets(_ day: Int) -> [Double] {
            if let w = weekly[day] { return w }
            var days: [(pos: Int, v: Double)] = []
            for d in max(0, day - window)..<day { if let v = dayMean[d] { days.append((d % 7, v)) } }
            let w = days.count >= 21 ? (Detector.fit(days, cycle: 7)?.offsets ?? Array(repeating: 0, count: 7)) : Array(repeating: 0, count: 7)
            weekly[day] = w
            return w
        }

        // Hourly: the level is the last 7 days' (weekday pattern out), so a slow trend does not
        // read as an anomaly; each hour's place in the day comes from the 28 days.
        var levels: [Int: Double?] = [:]
        func level(_ d: Int) -> Double? {
            if let l = levels[d] { return l }
            let week = weekdayOffsets(d)
            let recent = (max(0, d - 7)..<d).compactMap { dd in dayMean[dd].map { $0 - week[dd % 7] } }
            let l: Double? = recent.count >= 4 ? Detector.median(recent) : nil
            levels[d] = l
            return l
        }

        var base: [(pos: Int, v: Double)] = []
        base.reserveCapacity(window)
        var residuals: [Double] = []
        for t in from..<n {
            guard let y = ys[t], y.isFinite, !excluded.contains(t) else {
                if ys[t] == nil, let o = open, t - o.last > settings.pause { close(at: t, adopted: false, ongoing: false) }
                continue
            }
            base.removeAll(keepingCapacity: true)
            let e: Double
            if settings.hourly {
                let d = t / per, week = weekdayOffsets(d)
                guard let now = level(d) else { unjudged += 1; continue }
                // The last 28 usable days, reaching back as far as 56 past promotions and episodes.
                for k in 1...(2 * window) where base.count < window {
                    let i = t - k * per
                    if i < 0 { break }
                    guard !excluded.contains(i), !masked[i], let v = ys[i], v.isFinite, let m = dayMean[i / per] else { continue }
                    base.append((i / per, v - m))
                }
                guard base.count >= settings.minimumDays else { unjudged += 1; continue }
                let shape = Detector.median(base.map(\.v))
                residuals = base.compactMap { b in level(b.pos).map { ys[b.pos * per + t % per]! - ($0 + week[b.pos % 7] + shape) } }
                guard residuals.count >= settings.minimumDays / 2 else { unjudged += 1; continue }
                e = now + week[d % 7] + shape
            } else {
                for k in 1...(2 * window) where base.count < window {
                    let i = t - k
                    if i < 0 { break }
                    guard !excluded.contains(i), !masked[i], let v = ys[i], v.isFinite else { continue }
                    var adj = v
                    for s in shifts where i < s.start { adj += s.by }
                    base.append((i % 7, adj))
                }
                guard base.count >= settings.minimumDays, let fit = Detector.fit(base, cycle: 7) else { unjudged += 1; continue }
                residuals = fit.residuals
                e = fit.median + fit.offsets[t % 7]
                var older: [(pos: Int, v: Double)] = []
                for i in stride(from: t - window - 1, through: max(0, t - 2 * window), by: -1) {
                    guard !excluded.contains(i), !masked[i], let v = ys[i], v.isFinite else { continue }
                    var adj = v
                    for s in shifts where i < s.start { adj += s.by }
                    older.append((i % 7, adj))
                }
                if older.count >= settings.minimumDays, let old = Detector.fit(older, cycle: 7) {
                    let before = old.median + old.offsets[t % 7]
                    monthBefore[t] = log ? y - before : (before != 0 ? (y - before) / abs(before) : nil)
                }
            }
            var spread = Detector.median(residuals.map(abs))
            var scale = 0.6745
            if spread == 0 {
                spread = residuals.map(abs).reduce(0, +) / Double(max(1, residuals.count))
                scale = 0.7979
            }
            // Floors: 2% of the level, and for counts the Poisson spread.
            if log {
                spread = max(spread, Detector.minimumRelativeSpread * scale / 0.6745)
                if settings.counts { spread = max(spread, scale / max(1, back(e)).squareRoot()) }
            } else {
                spread = max(spread, Detector.minimumRelativeSpread * abs(e) * scale / 0.6745)
                if settings.counts && e > 0 { spread = max(spread, e.squareRoot() * scale) }
            }
            let score = spread > 0 ? scale * (y - e) / spread : (y == e ? 0 : (y > e ? .infinity : -.infinity))
            let expected = back(e)
            let change = log ? exp(y - e) - 1 : (e != 0 ? (y - e) / abs(e) : (y == 0 ? 0 : .infinity))
            let half = spread > 0 ? settings.threshold * spread / scale : 0
            let lowRaw = back(e - half)
            points[t] = Point(expected: expected, low: (values[t] ?? 0) >= 0 && !log ? max(0, lowRaw) : lowRaw, high: back(e + half),
                              score: score, change: change, flagged: false)
            devs[t] = y - e
            let big = abs(change) >= settings.minChange
            let dir: Detector.Direction = score > 0 ? .up : .down
            let capped = max(-4, min(4, score.isFinite ? score : (score > 0 ? 4 : -4)))

            if let o = open {
                let drifting = o.drift && (monthBefore[t].map { ($0 > 0) == (o.dir == .up) && abs($0) >= minLevel * settings.continueFactor } ?? false)
                let continues = drifting || (dir == o.dir) && abs(score) > settings.continueThreshold && abs(change) >= settings.minChange * settings.continueFactor
                if continues {
                    open!.last = t; open!.pause = 0
                    points[t]!.flagged = true
                    masked[t] = true
                    if t - o.start + 1 >= settings.adoptAfter {
                        close(at: t, adopted: true, ongoing: t == n - 1)
                    }
                    continue
                }
                // A big move the other way ends this episode and opens the next.
                if dir != o.dir && abs(score) > settings.threshold && big {
                    close(at: t, adopted: false, ongoing: false)
                } else {
                    open!.pause += 1
                    masked[t] = true
                    if open!.pause > settings.pause {
                        for i in (o.last + 1)...t { masked[i] = false }
                        close(at: t, adopted: false, ongoing: false)
                    }
                    continue
                }
            }
            // Small same-way moves add up.
            if cusumUp == 0 { upFrom = t }
            if cusumDown == 0 { downFrom = t }
            cusumUp = max(0, cusumUp + capped - settings.cusumSlack)
            cusumDown = max(0, cusumDown - capped - settings.cusumSlack)
            if abs(score) > settings.threshold && big {
                // It began with the points just before that were already off the same way
                // (the hour before a spike crossed the line is part of the spike).
                var start = t
                while start - 1 >= from, !masked[start - 1], let p = points[start - 1], (p.score > 0) == (dir == .up),
                      abs(p.score) > settings.continueThreshold, abs(p.change) >= settings.minChange * settings.continueFactor {
                    start -= 1
                }
                open = (start, dir, t, 0, false)
                for i in start...t where points[i] != nil { points[i]!.flagged = true; masked[i] = true }
                cusumUp = 0; cusumDown = 0
            } else if cusumUp > settings.cusumLimit || cusumDown > settings.cusumLimit {
                let up = cusumUp > settings.cusumLimit
                let from = up ? upFrom : downFrom
                // Only a persistent change of the size that is news: the median change of the
                // run's last week (a drift starts small: its first days would hold it back).
                let m = Detector.median((from...t).compactMap { points[$0]?.change }.suffix(7 * per))
                if abs(m) >= settings.minChange && (m > 0) == up {
                    open = (from, up ? .up : .down, t, 0, false)
                    for i in from...t where points[i] != nil { masked[i] = true; points[i]!.flagged = true }
                    cusumUp = 0; cusumDown = 0
                } else if up { cusumUp = 0 } else { cusumDown = 0 }
            }
            // A drift: the last week sits the minimum change off the month before last, the
            // same way, and above the rolling month too (so not a level the month has absorbed
            // long ago).
            if open == nil && !settings.hourly, t >= 6 {
                // Only days after the last episode: its days were judged against another level.
                let after = episodes.last.map { $0.end + 1 } ?? 0
                let week = after > t ? [] : (max(t - 6, after)...t).filter { points[$0] != nil && !masked[$0] }
                let old = week.compactMap { monthBefore[$0] }
                if week.count >= 5 && old.count >= 5 {
                    let m = Detector.median(old), z = Detector.median(week.map { points[$0]!.score })
                    if abs(m) >= minLevel && (m > 0) == (z > 0) && abs(z) >= 1 && (score > 0) == (m > 0) {
                        let start = week.first { ($0 == t || monthBefore[$0].map { ($0 > 0) == (m > 0) } ?? false) } ?? t
                        open = (start, m > 0 ? .up : .down, t, 0, true)
                        for i in start...t where points[i] != nil { points[i]!.flagged = true; masked[i] = true }
                        cusumUp = 0; cusumDown = 0
                    }
                }
            }
        }
        if open != nil { close(at: n - 1, adopted: false, ongoing: true) }
        return Scan(points: points, episodes: episodes, unjudged: unjudged)
    }
}
