import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

/// `opsdeck bids`: the bid journal and the outbox, for scripts and the shift lead.
struct BidsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bids",
        abstract: "Bid and budget changes: the journal and the outbox.",
        subcommands: [History.self, Outbox.self])

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every change made, undone, redone, reverted, noted or posted (of one day, or all).")
        @OptionGroup var location: DataOptions
        @Option(help: ArgumentHelp("Only this day.", valueName: "YYYY-MM-DD")) var date: String?
        @OptionGroup var shared: StateOptions
        @Flag(help: "JSON, for scripts.") var json = false

        func run() throws {
            let dir = try location.resolve().url
            let store = try shared.open(dir, profile: StateOptions.profile(dir), readOnly: true)
            let day = try date.map { d -> LocalDate in
                guard let t = LocalTime(parsing: d) else { throw ValidationError("--date expects YYYY-MM-DD") }
                return t.date
            }
            let all = try store.bidEvents()
            let byID = Dictionary(all.compactMap { e in e.id.map { ($0, e) } }, uniquingKeysWith: { a, _ in a })
            // Whether each posting was applied: the reports written after it say so.
            let data = try DataDirectory(try location.resolve().url).load()
            let proofs = PostProof.states(BidLedger.fold(all), data: data)
            let events = all.filter { day == nil || $0.day == day }
            // An action on a change names what it acted on.
            func target(_ e: BidEvent) -> BidEvent { e.changeID.flatMap { byID[$0] } ?? e }
            func amount(_ f: Int64?) -> String { f.map { Money.format($0) } ?? "none" }
            if json {
                let rows: [JSON] = events.map { e in
                    let t = target(e)
                    return .object([
                        ("id", .of(e.id)), ("at", .string(e.at.minuteString)), ("operator", .string(e.operatorName)),
                        ("kind", .string(e.kind.rawValue)), ("change_id", .of(e.changeID)),
                        ("entity", .of(t.entity?.rawValue)), ("entity_id", .of(t.entityID)), ("field", .of(t.field?.rawValue)),
                        ("old_fen", .of(t.oldFen)), ("new_fen", .of(t.newFen)), ("old_text", .of(t.oldText)), ("new_text", .of(t.newText)),
                        ("reason", .of(e.reason)), ("batch", .of(e.batch)),
                        ("proof", .of(e.kind == .post ? e.changeID.flatMap { proofs[$0] }.map(BidsCommand.proofCode) : nil)),
                    ])
                }
                print(JSON.array(rows).render())
                return
            }
            for e in events {
                let t = target(e)
                var line = "\(e.at.minuteString)  \(e.operatorName)  \(e.kind.rawValue)"
                if let id = t.entityID, let f = t.field {
                    let (old, new) = f == .schedule ? (t.oldText ?? "none", t.newText ?? "none") : (amount(t.oldFen), amount(t.newFen))
                    line += "  \(t.entity?.rawValue ?? "") \(id) \(f.rawValue) \(old) → \(new)"
                }
                if let r = e.reason { line += "  — \(r)" }
                if let b = e.batch { line += "  [\(b)]" }
                if e.kind == .post, let p = e.changeID.flatMap({ proofs[$0] }) { line += "  " + p.words }
                print(line)
            }
        }
    }

    static func proofCode(_ p: PostProof.State) -> String {
        switch p {
        case .applied: "applied"
        case .notApplied: "not_applied"
        case .waiting: "waiting"
        case .superseded: "superseded"
        }
    }

    struct Outbox: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The postings in outbox/, and what is still pending.")
        @OptionGroup var location: DataOptions
        @OptionGroup var shared: StateOptions

        func run() throws {
            let dir = try location.resolve().url
            let store = try shared.open(dir, profile: StateOptions.profile(dir), readOnly: true)
            let ledger = BidLedger.fold(try store.bidEvents())
            for posting in OutboxFiles.list(dataDirectory: dir) {
                let changes = ledger.filter { $0.state == .posted(batch: posting.name) }
                let who = Set(changes.map(\.change.operatorName)).sorted().joined(separator: ", ")
                print("\(posting.name)  \(changes.count) changes  \(who)  " + posting.files.map { "outbox/" + $0 }.joined(separator: " "))
            }
            let pending = BidBook(try store.bidEvents()).pending
            print("pending, not posted: \(pending.count)")
            for (k, p) in pending.sorted(by: { ($0.key.id, $0.key.field.rawValue) < ($1.key.id, $1.key.field.rawValue) }) {
                let (old, new) = k.field == .schedule ? (p.oldText ?? "none", p.newText ?? "none")
                    : (p.old.map { Money.format($0) } ?? "none", p.new.map { Money.format($0) } ?? "none")
                print("  \(k.entity.rawValue) \(k.id) \(k.field.rawValue) \(old) → \(new)")
            }
        }
    }
}
