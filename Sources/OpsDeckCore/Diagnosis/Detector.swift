/// The anomaly detector: is a point far from what its series usually does?
///
/// The baseline is the median and the MAD (median absolute deviation) of the previous 28
/// periods' points; a point is flagged when its modified z-score, 0.6745 × (x − median) / MAD
/// (Iglewicz and Hoaglin), is beyond ±3.5. Median and MAD ignore a few wild days in the
/// baseline, where a mean and standard deviation would be dragged by them.
/// - Promotion periods are left out of the baseline of ordinary ones, and a promotion period
///   is annotated, not judged.
/// - A weekly (or, for hourly series, daily) pattern is taken out first when it is strong:
///   each position in the cycle gets its median offset, used only when the offsets' range is
///   at least six times the spread left around them and three times the series' MAD — a
///   series without a pattern is not fitted to its noise (four points per weekday make
///   noisy offsets).
/// - The spread is at least 2% of the expected value, so a move under about 10% is never
///   flagged however calm the baseline was.
/// - A series that is zero on most days is too sparse to judge.
/// - A count's spread is at least its Poisson one (√expected): small counts are noisy.
/// - Fewer than 14 known points in the window (21 for a weekly cycle: three of each
///   weekday) is too little to judge: said, not flagged.
public enum Detector {
    public static let threshold = 3.5
    public static let windowDays = 28
    public static let minimumPoints = 14
    /// The spread is never taken below this share of the expected value.
    public static let minimumRelativeSpread = 0.02

    public enum Direction: String, Sendable { case up, down }

    public enum Verdict: Sendable, Equatable {
        case anomaly(Direction)
        case normal
        /// A promotion period: shown, not judged.
        case promotion
        /// The series has fewer than `minimumPoints` points before this one.
        case tooShort(known: Int)
        /// The window is long enough but has too many gaps.
        case tooSparse(known: Int)
        case unknownValue
    }

    public struct Judgement: Sendable, Equatable {
        public var verdict: Verdict
        public var value: Double?
        /// The expected value here: the baseline median plus this position's cycle offset.
        public var expected: Double?
        public var score: Double?
        /// The band that is not flagged: expected ± 3.5 × MAD / 0.6745.
        public var band: (low: Double, high: Double)?
        public var seasonal: Bool

        public static func == (a: Judgement, b: Judgement) -> Bool {
            a.verdict == b.verdict && a.value == b.value && a.expected == b.expected && a.score == b.score && a.seasonal == b.seasonal
        }

        public var isAnomaly: Bool { if case .anomaly = verdict { return true }; return false }
    }

    /// Judges `values[index]` against the `window` points before it. `cycle` is the pattern's
    /// length in points (7 for daily, 24 for hourly); `excluded` marks promotion points.
    public static func judge(_ values: [Double?], at index: Int, window: Int, cycle: Int, excluded: Set<Int> = [],
                             minimum: Int = minimumPoints, counts: Bool = false) -> Judgement {
        let value = index < values.count ? values[index] : nil
        if excluded.contains(index) {
            return Judgement(verdict: .promotion, value: value, expected: nil, score: nil, band: nil, seasonal: false)
        }
        guard let value else { return Judgement(verdict: .unknownValue, value: nil, expected: nil, score: nil, band: nil, seasonal: false) }
        let start = max(0, index - window)
        var base: [(pos: Int, v: Double)] = []
        for i in start..<index where !excluded.contains(i) {
            if let v = values[i], v.isFinite { base.append((i % cycle, v)) }
        }
        // A cycle needs three of each position before it can be told from a change.
        guard base.count >= max(minimum, cycle > 1 && cycle <= 7 ? 3 * cycle : 0) else {
            let verdict: Verdict = index < window ? .tooShort(known: base.count) : .tooSparse(known: base.count)
            return Judgement(verdict: verdict, value: value, expected: nil, score: nil, band: nil, seasonal: false)
        }
        guard let fit = fit(base, cycle: cycle) else {
            return Judgement(verdict: .tooSparse(known: base.filter { $0.v != 0 }.count), value: value, expected: 0, score: nil, band: nil, seasonal: false)
        }
        let offsets = fit.offsets, m = fit.median, residuals = fit.residuals
        let seasonal = offsets.contains { $0 != 0 }
        var spread = median(residuals.map(abs))
        // All-equal baselines have MAD 0: the mean absolute deviation (scaled to match) stands
        // in, and a flat series that moves at all is a change.
        var scale = 0.6745
        if spread == 0 {
            spread = residuals.map(abs).reduce(0, +) / Double(residuals.count)
            scale = 0.7979
        }
        let expected = m + offsets[index % cycle]
        // However quiet a baseline, a move of less than about a tenth of the usual value is
        // not a swing worth a line: the spread is at least 2% of the level. (A run of calm days
        // otherwise makes an ordinary 8% day score 5.)
        if expected != 0 { spread = max(spread, minimumRelativeSpread * abs(expected) * scale / 0.6745) }
        // A count (visitors, units) is never steadier than chance: its spread is at least
        // the Poisson one, √expected, so 3 units on a day that usually sells 9 is not news.
        if counts && expected > 0 { spread = max(spread, expected.squareRoot() * scale) }
        let score: Double
        if spread == 0 { score = value == expected ? 0 : (value > expected ? .infinity : -.infinity) }
        else { score = scale * (value - expected) / spread }
        let half = spread == 0 ? 0 : threshold * spread / scale
        let verdict: Verdict = abs(score) > threshold ? .anomaly(score > 0 ? .up : .down) : .normal
        // A series that is never negative (visitors, money, rates) has no band below zero.
        let low = base.allSatisfy({ $0.v >= 0 }) ? max(0, expected - half) : expected - half
        return Judgement(verdict: verdict, value: value, expected: expected, score: score, band: (low, expected + half), seasonal: seasonal)
    }

    /// What a window says to expect: its median, the cycle's offsets (when they explain it) and
    /// the residuals the spread is measured on. Nil when the window is zero on most points.
    public struct Fit: Sendable {
        public var median: Double
        public var offsets: [Double]
        public var residuals: [Double]
    }

    public static func fit(_ base: [(pos: Int, v: Double)], cycle: Int) -> Fit? {
        guard !base.isEmpty else { return nil }
        // Sorts instead of dictionaries: this runs for every day of every series scanned
        // (tens of thousands of times for a store with 10,000 keywords).
        var sorted = base.map(\.v)
        sorted.sort()
        let m = medianOfSorted(sorted)
        var deviations = sorted.map { abs($0 - m) }
        deviations.sort()
        let mad = medianOfSorted(deviations)
        // Zero on most days (a keyword that rarely sells has ROI 0): any sale would be "news".
        if m == 0 && mad == 0 && sorted[0] >= 0 { return nil }
        // The cycle's offsets, kept only if they explain the baseline.
        var offsets = [Double](repeating: 0, count: cycle)
        var residuals = base.map { $0.v - m }
        guard cycle > 1 else { return Fit(median: m, offsets: offsets, residuals: residuals) }
        var byPos = base
        byPos.sort { $0.pos != $1.pos ? $0.pos < $1.pos : $0.v < $1.v }
        // Each point's residual against the offset of the *other* points at its position:
        // the error of a prediction, as the judged point's will be. In-sample residuals of a
        // median of four are too small and would inflate every score.
        var held: [Double] = []
        held.reserveCapacity(base.count)
        var groups = 0, start = 0, complete = true
        while start < byPos.count {
            var end = start
            while end < byPos.count && byPos[end].pos == byPos[start].pos { end += 1 }
            let group = byPos[start..<end].map(\.v)
            // A cycle needs three of each position before it can be told from a change.
            if group.count < 3 { complete = false; break }
            offsets[byPos[start].pos] = medianOfSorted(group) - m
            for rank in group.indices { held.append(group[rank] - medianWithout(rank, of: group)) }
            groups += 1
            start = end
        }
        if complete && groups == cycle {
            // Strong enough to be a pattern, not noise the offsets were fitted to: the cycle's
            // range is several times the spread left around it and large against the series'
            // own spread. (A drop in MAD alone would miss a weekend: two days in seven do not
            // move a median.)
            var absHeld = held.map(abs)
            absHeld.sort()
            let residualMAD = medianOfSorted(absHeld)
            let range = (offsets.max() ?? 0) - (offsets.min() ?? 0)
            if range > 0 && range >= 3 * residualMAD && range >= 2 * mad { residuals = held; return Fit(median: m, offsets: offsets, residuals: residuals) }
        }
        offsets = [Double](repeating: 0, count: cycle)
        return Fit(median: m, offsets: offsets, residuals: residuals)
    }

    static func medianOfSorted(_ s: [Double]) -> Double {
        s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The median of sorted values with the one at `rank` left out, without re-sorting.
    static func medianWithout(_ rank: Int, of sorted: [Double]) -> Double {
        let n = sorted.count - 1
        func at(_ k: Int) -> Double { sorted[k < rank ? k : k + 1] }
        return n % 2 == 1 ? at(n / 2) : (at(n / 2 - 1) + at(n / 2)) / 2
    }

    public static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
