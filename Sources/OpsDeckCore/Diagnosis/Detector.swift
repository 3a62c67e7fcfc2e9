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
/// - Fewer than 14 known points in the window is too little to judge: said, not flagged.
public enum Detector {
    public static let threshold = 3.5
    public static let windowDays = 28
    public static let minimumPoints = 14

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
                             minimum: Int = minimumPoints) -> Judgement {
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
        guard base.count >= minimum else {
            let verdict: Verdict = index < window ? .tooShort(known: base.count) : .tooSparse(known: base.count)
            return Judgement(verdict: verdict, value: value, expected: nil, score: nil, band: nil, seasonal: false)
        }
        let m = median(base.map(\.v))
        let mad = median(base.map { abs($0.v - m) })
        // The cycle's offsets, kept only if they explain the baseline.
        var offsets = [Double](repeating: 0, count: cycle)
        var seasonal = false
        let byPos = Dictionary(grouping: base, by: \.pos)
        if byPos.count == cycle, byPos.values.allSatisfy({ $0.count >= 3 }) {
            for (p, pts) in byPos { offsets[p] = median(pts.map { $0.v - m }) }
            let residualMAD = median(base.map { abs($0.v - m - offsets[$0.pos]) })
            // Strong enough to be a pattern, not noise the offsets were fitted to: the cycle's
            // range is many times the spread left around it and large against the series'
            // own spread. (A drop in MAD alone would miss a weekend: two days in seven do not
            // move a median; and four points per weekday can fit a wiggle by accident.)
            let range = (offsets.max() ?? 0) - (offsets.min() ?? 0)
            if range > 0 && range >= 6 * residualMAD && range >= 3 * mad { seasonal = true }
        }
        if !seasonal { offsets = [Double](repeating: 0, count: cycle) }
        let residuals = base.map { $0.v - m - offsets[$0.pos] }
        var spread = median(residuals.map(abs))
        // All-equal baselines have MAD 0: the mean absolute deviation (scaled to match) stands
        // in, and a flat series that moves at all is a change.
        var scale = 0.6745
        if spread == 0 {
            spread = residuals.map(abs).reduce(0, +) / Double(residuals.count)
            scale = 0.7979
        }
        let expected = m + offsets[index % cycle]
        let score: Double
        if spread == 0 { score = value == expected ? 0 : (value > expected ? .infinity : -.infinity) }
        else { score = scale * (value - expected) / spread }
        let half = spread == 0 ? 0 : threshold * spread / scale
        let verdict: Verdict = abs(score) > threshold ? .anomaly(score > 0 ? .up : .down) : .normal
        // A series that is never negative (visitors, money, rates) has no band below zero.
        let low = base.allSatisfy({ $0.v >= 0 }) ? max(0, expected - half) : expected - half
        return Judgement(verdict: verdict, value: value, expected: expected, score: score, band: (low, expected + half), seasonal: seasonal)
    }

    public static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
