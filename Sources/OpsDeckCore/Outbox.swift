/// One posting: the changes that passed every rule, as the platform's batch file and as CSV.
public struct OutboxBatch: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var key: BidBook.Key
        public var word: String?
        public var old: Int64?
        public var new: Int64?
        /// The platform's match scope code (1 exact, 4 broad) for keywords.
        public var matchScope: Int?
        /// The mobile bid to send with a keyword's bid (the same as the bid when unknown).
        public var mobile: Int64?
        public var changeIDs: [Int64]
        public var reason: String?
        /// A schedule's new value (`HH:MM-HH:MM:pct,…`), for `.schedule`.
        public var text: String?
        public init(key: BidBook.Key, word: String? = nil, old: Int64?, new: Int64?, matchScope: Int? = nil, mobile: Int64? = nil,
                    changeIDs: [Int64], reason: String? = nil, text: String? = nil) {
            self.key = key; self.word = word; self.old = old; self.new = new; self.matchScope = matchScope
            self.mobile = mobile; self.changeIDs = changeIDs; self.reason = reason; self.text = text
        }
    }
    public var name: String             // file name without extension: bids-YYYYMMDD-HHMMSS
    public var at: LocalTime
    public var operatorName: String
    public var items: [Item]

    public init(at: LocalTime, operatorName: String, items: [Item]) {
        self.at = at; self.operatorName = operatorName; self.items = items
        let d = String(at.date.description.filter { $0 != "-" })
        let s = at.secondOfDay
        name = "bids-\(d)-\(Self.pad(s / 3600))\(Self.pad(s % 3600 / 60))\(Self.pad(s % 60))"
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The platform's API takes IDs as JSON numbers: all digits and below 2^53 (where a JSON
    /// number stays exact). Nil otherwise — such a change is refused, not posted garbled.
    public static func numericID(_ id: String) -> Int64? {
        guard !id.isEmpty, id.utf8.count <= 16, id.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int64(id), v < 1 << 53 else { return nil }
        return v
    }

    /// Keyword bids in the platform's batch shape:
    /// `[{"keywordId", "maxPrice", "matchScope", "maxMobilePrice", "isDefaultPrice": 0, "mobileIsDefaultPrice": 0}]`,
    /// prices in fen. A keyword's bid and mobile bid changed together are one entry.
    public var platformJSON: String {
        var byKeyword: [String: (bid: Int64?, mobile: Int64?, scope: Int?)] = [:]
        var order: [String] = []
        for i in items where i.key.entity == .keyword {
            if byKeyword[i.key.id] == nil { order.append(i.key.id); byKeyword[i.key.id] = (nil, i.mobile, i.matchScope) }
            if i.key.field == .bid { byKeyword[i.key.id]!.bid = i.new }
            if i.key.field == .mobileBid { byKeyword[i.key.id]!.mobile = i.new }
        }
        let entries = order.compactMap { id -> String? in
            let k = byKeyword[id]!
            guard let bid = k.bid ?? k.mobile else { return nil }
            guard let number = Self.numericID(id) else { return nil }
            return "  {\"keywordId\": \(number), \"maxPrice\": \(bid), \"matchScope\": \(k.scope ?? 4), "
                + "\"maxMobilePrice\": \(k.mobile ?? bid), \"isDefaultPrice\": 0, \"mobileIsDefaultPrice\": 0}"
        }
        return "[\n" + entries.joined(separator: ",\n") + (entries.isEmpty ? "" : "\n") + "]\n"
    }

    /// Plan budgets are not part of the keyword batch: `[{"campaignId", "dailyBudget"}]`, in
    /// fen, null for no limit. Nil when there is no budget change.
    public var budgetJSON: String? {
        let b = items.filter { $0.key.field == .dailyBudget }
        guard !b.isEmpty else { return nil }
        // (schedules go to their own file)
        return "[\n" + b.compactMap { i in Self.numericID(i.key.id).map { "  {\"campaignId\": \($0), \"dailyBudget\": \(i.new.map(String.init) ?? "null")}" } }
            .joined(separator: ",\n") + "\n]\n"
    }

    /// Time-of-day discounts: `[{"campaignId", "schedule"}]`, the schedule as campaigns.csv
    /// has it. Nil when there is no schedule change.
    public var scheduleJSON: String? {
        let b = items.filter { $0.key.field == .schedule }
        guard !b.isEmpty else { return nil }
        return "[\n" + b.compactMap { i in Self.numericID(i.key.id).map { "  {\"campaignId\": \($0), \"schedule\": \(JSONText.quote(i.text ?? ""))}" } }
            .joined(separator: ",\n") + "\n]\n"
    }

    /// Every change, one line each, for people and spreadsheets.
    public var csv: String {
        var out = "entity,id,word,field,old_yuan,new_yuan,operator,at,reason\n"
        for i in items {
            // A schedule has no money: its new value goes in the reason column.
            let reason = i.key.field == .schedule ? "schedule " + (i.text ?? "") + (i.reason.map { " — " + $0 } ?? "") : i.reason ?? ""
            let cells = [i.key.entity.rawValue, i.key.id, i.word ?? "", i.key.field.rawValue,
                         i.old.map { Money.format($0, symbol: false) } ?? "", i.new.map { Money.format($0, symbol: false) } ?? "",
                         operatorName, at.minuteString, reason]
            out += cells.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.flatMap { $0 == "\"" ? "\"\"" : String($0) } + "\"" : s
    }

}
