/// Today so far: the hours of today judged against the same hours of earlier days, so a
/// collapse at 10:00 shows at 10:00 and not in tomorrow's diagnosis.
extension Diagnose {
    /// Store visitors and paid amount, and each keyword's spend, from the hourly rows of
    /// store_daily and keyword_daily, through the last complete hour before `at`.
    public static func todaySoFar(_ data: StoreData, at: LocalTime) -> [Finding] {
        let today = at.date, lastHour = at.hour - 1
        guard lastHour >= 0 else { return [] }
        let days = (0...Detector.windowDays).map { today.adding(days: $0 - Detector.windowDays) }
        let pos = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        let n = (days.count - 1) * 24 + lastHour + 1
        func slot(_ d: LocalDate, _ h: Int?) -> Int? {
            guard let h, (0..<24).contains(h), let p = pos[d] else { return nil }
            let i = p * 24 + h
            return i < n ? i : nil
        }
        let floors = data.profile.diagnosis
        var settings = settings(.count, floors, counts: true, hourly: true)
        // A week of hourly rows is enough to know the day's shape; a collapse (twice the
        // threshold) is news at its first hour, smaller moves after three.
        settings.minimumDays = 7
        settings.minimumEvidence = 2 * settings.threshold
        var excluded = Set<Int>()
        for (p, d) in days.enumerated() where platformPromotion(d) != nil || !activities(data, on: d).isEmpty {
            for h in 0..<24 where p * 24 + h < n { excluded.insert(p * 24 + h) }
        }
        var out: [Finding] = []
        func judge(_ subject: Finding.Subject, _ name: String, _ metric: String, _ values: [Double?], _ unit: Metric.Unit, counts: Bool,
                   money: (Double) -> Double) {
            var s = settings
            s.counts = counts
            let scan = EpisodeDetector.scan(values, excluded: excluded, settings: s)
            guard let ep = scan.current, let p = scan.points[n - 1], let v = values[n - 1] else { return }
            let impact = money(abs(v - p.expected))
            guard impact >= Double(floors.minMoney) || subject == .keyword else { return }
            var f = finding(subject, "Today so far · " + name, metric, today, scan, at: n - 1, ep, values, unit, impact: impact, days: [])
            f.today = true
            f.since = "since " + pad2(ep.start % 24) + ":00"
            f.line = "Today so far · \(name) \(format(v, unit)) at \(pad2(lastHour)):00 vs usual \(format(p.expected, unit))"
                + (p.expected != 0 ? " (\(pct(v / p.expected - 1)))" : "") + episodeWords(f)
            out.append(f)
        }
        var uv = [Double?](repeating: nil, count: n), amount = uv
        for r in data.storeDays {
            guard let i = slot(r.date, r.hour) else { continue }
            uv[i] = r.uv.map(Double.init); amount[i] = r.paidAmount.map(Double.init)
        }
        guard uv[n - 1] != nil || amount[n - 1] != nil || data.keywordDays.contains(where: { $0.date == today && $0.hour != nil }) else { return [] }
        let uvValue: Double = {
            let a = amount.compactMap { $0 }.reduce(0, +), u = uv.compactMap { $0 }.reduce(0, +)
            return u > 0 ? a / u : 0
        }()
        judge(.store, "UV", "UV", uv, .count, counts: true, money: { $0 * uvValue })
        judge(.store, "Paid amount", "Paid amount", amount, .money, counts: false, money: { $0 })
        // Keywords: spend by the hour, for those with hourly rows today.
        var cost: [String: [Double?]] = [:]
        for r in data.keywordDays where r.hour != nil {
            guard let i = slot(r.date, r.hour) else { continue }
            cost[r.keywordID, default: Array(repeating: nil, count: n)][i] = r.cost.map(Double.init)
        }
        let word = Dictionary(data.keywords.map { ($0.keywordID, $0.word) }, uniquingKeysWith: { a, _ in a })
        for (id, series) in cost.sorted(by: { $0.key < $1.key }) {
            let spent = series[((days.count - 1) * 24)..<n].compactMap { $0 }.reduce(0, +)
            guard spent >= Double(floors.minSpend), series[n - 1] != nil else { continue }
            judge(.keyword, "「\(word[id] ?? id)」 · cost", "cost", series, .money, counts: false, money: { $0 })
        }
        return out.sorted { ($0.impact ?? 0) > ($1.impact ?? 0) }
    }
}
