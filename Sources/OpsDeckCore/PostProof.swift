/// Was a posted change applied? The platform is not asked; the reports say so. A posted change
/// is **applied** when a keywords.csv (campaigns.csv for budgets) written after the posting
/// shows the posted value, **not applied** when such a report shows another value, and
/// **waiting** until a report written after the posting has been read. Only the last posted
/// change of a value is judged: an earlier one is **superseded**.
public enum PostProof {
    public enum State: Sendable, Equatable {
        case applied
        case notApplied(report: Int64?)
        case waiting
        case superseded

        public var words: String {
            switch self {
            case .applied: "applied"
            case .notApplied(let r): "not applied: the report shows \(r.map { Money.format($0) } ?? "none")"
            case .waiting: "waiting for a newer report"
            case .superseded: "superseded"
            }
        }
    }

    /// When a batch was posted, from its name (bids-YYYYMMDD-HHMMSS).
    public static func postedAt(_ batch: String?) -> LocalTime? {
        guard let b = batch, b.hasPrefix("bids-"), b.count >= 20 else { return nil }
        let d = Array(b.utf8.dropFirst(5))
        func n(_ r: Range<Int>) -> Int? { Int(String(decoding: d[r], as: UTF8.self)) }
        guard let y = n(0..<4), let mo = n(4..<6), let da = n(6..<8), let h = n(9..<11), let mi = n(11..<13), let se = n(13..<15),
              let date = LocalDate(year: y, month: mo, day: da) else { return nil }
        return LocalTime(date: date, hour: h, minute: mi, second: se)
    }

    /// The proof of every posted change, by change id.
    public static func states(_ ledger: [(change: BidEvent, state: BidLedger.ChangeState)], data: StoreData) -> [Int64: State] {
        let keywords = Dictionary(data.keywords.map { ($0.keywordID, $0) }, uniquingKeysWith: { a, _ in a })
        let budgets = Dictionary(data.campaigns.map { ($0.campaignID, $0.dailyBudget) }, uniquingKeysWith: { a, _ in a })
        // The last posted change of each value (the ledger is in journal order).
        var last: [BidBook.Key: Int64] = [:]
        for (c, st) in ledger {
            guard case .posted = st, let e = c.entity, let id = c.entityID, let f = c.field, let cid = c.id else { continue }
            last[BidBook.Key(e, id, f)] = cid
        }
        var out: [Int64: State] = [:]
        for (c, st) in ledger {
            guard case .posted(let batch) = st, let e = c.entity, let id = c.entityID, let f = c.field, let cid = c.id else { continue }
            guard last[BidBook.Key(e, id, f)] == cid else { out[cid] = .superseded; continue }
            let file = e == .keyword ? "keywords.csv" : "campaigns.csv"
            let report: Int64??
            switch (e, f) {
            case (.keyword, .mobileBid): report = keywords[id].map(\.mobileBid)
            case (.keyword, _): report = keywords[id].map(\.bid)
            case (.campaign, _): report = budgets[id]
            }
            guard let posted = postedAt(batch), let written = data.files[file]?.modified, written > posted, let shown = report else {
                out[cid] = .waiting; continue
            }
            out[cid] = shown == c.newFen ? .applied : .notApplied(report: shown)
        }
        return out
    }
}
