import Foundation
import GRDB
import Testing
@testable import OpsDeckCore
@testable import OpsDeckData

@Suite struct StateStoreBasics {
    let d = LocalDate(year: 2026, month: 11, day: 20)!

    @Test func checklistEventsAreSavedAndReadBackInOrder() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let store = try StateStore(dataDirectory: dir)
        let t = LocalTime(date: d, hour: 10, minute: 42)
        let a = try store.append(ChecklistEvent(day: d, at: t, operatorName: "小王", block: "basics", task: "disputes", kind: .tick))
        let b = try store.append(ChecklistEvent(day: d, at: t, operatorName: "小王", block: "basics", task: "coupons", kind: .skip, text: "没有到期的券"))
        _ = try store.append(ChecklistEvent(day: d.adding(days: 1), at: t, operatorName: "x", block: "art", task: "details", kind: .tick))
        #expect(b > a)
        // A second handle (another process would do the same) sees them.
        let events = try StateStore(dataDirectory: dir).checklistEvents(day: d)
        #expect(events.map(\.id) == [a, b])
        #expect(events[1].text == "没有到期的券" && events[1].kind == .skip && events[1].operatorName == "小王" && events[1].at == t)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".opsdeck/state.sqlite").path))
    }

    @Test func aJournalOfTheFirstVersionIsCarriedOver() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent(".opsdeck")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A database as the first version left it, with one change in it.
        let old = try DatabaseQueue(path: folder.appendingPathComponent("state.sqlite").path)
        try StateStore.migrator.migrate(old, upTo: "v1: checklist and bid journals")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO bid_event (day, at, operator, kind, entity, entity_id, field, old_fen, new_fen, reason, recorded_at)
                VALUES ('2026-11-20', '2026-11-20 11:05', 'op', 'change', 'keyword', 'K1', 'bid', 100, 105, 'v1', 'x')
                """)
        }
        try old.close()
        let store = try StateStore(dataDirectory: dir)
        let events = try store.bidEvents()
        #expect(events.count == 1 && events[0].newFen == 105 && events[0].reason == "v1" && events[0].step == nil)
        // The new kind is accepted, and the table is still append-only.
        let id = try store.append([BidEvent(day: d, at: d.start, operatorName: "op", kind: .note, changeID: events[0].id, reason: "why")])
        #expect(id.count == 1)
        let db = try DatabaseQueue(path: store.path)
        #expect(throws: (any Error).self) { try db.write { try $0.execute(sql: "DELETE FROM bid_event") } }
        #expect(BidBook(try store.bidEvents()).pending[.init(.keyword, "K1", .bid)]?.reason == "why")
        // Approvals and rejections (v4) are accepted, append-only, and read back with who.
        try store.append(BidEvent(day: d, at: LocalTime(date: d, hour: 12), operatorName: "王强", kind: .reject, changeID: events[0].id, reason: "too much at once"))
        let book = BidBook(try store.bidEvents())
        #expect(book.approval(.init(.keyword, "K1", .bid)) == BidBook.Approval(approved: false, by: "王强", at: LocalTime(date: d, hour: 12), reason: "too much at once"))
        #expect(throws: (any Error).self) { try db.write { try $0.execute(sql: "UPDATE bid_event SET kind = 'approve' WHERE kind = 'reject'") } }
        // A schedule's values are text, kept as written.
        let sched = try store.append(BidEvent(day: d, at: d.start, operatorName: "op", kind: .change, entity: .campaign, entityID: "20010001",
                                              field: .schedule, oldText: "00:00-24:00:100", newText: "00:00-07:00:30,07:00-24:00:100"))
        let back = try store.bidEvents().first { $0.id == sched }
        #expect(back?.field == .schedule && back?.oldText == "00:00-24:00:100" && back?.newText == "00:00-07:00:30,07:00-24:00:100")
    }

    @Test func eventsAreNeverRewritten() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let store = try StateStore(dataDirectory: dir)
        try store.append(ChecklistEvent(day: d, at: d.start, operatorName: "a", block: "b", task: "t", kind: .tick))
        try store.append(BidEvent(day: d, at: d.start, operatorName: "a", kind: .change, entity: .keyword, entityID: "K1", field: .bid, oldFen: 100, newFen: 105))
        let db = try DatabaseQueue(path: store.path)
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "UPDATE checklist_event SET kind = 'untick'") } }
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "DELETE FROM bid_event") } }
        #expect(try store.checklistEvents(day: d).count == 1)
    }

    @Test func theBidJournalKeepsEveryStep() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let store = try StateStore(dataDirectory: dir)
        let t = LocalTime(date: d, hour: 11)
        let c1 = try store.append(BidEvent(day: d, at: t, operatorName: "op", kind: .change, entity: .keyword, entityID: "K1", field: .bid, oldFen: 120, newFen: 125, reason: "rank 7-10, ROI 4.2"))
        let c2 = try store.append(BidEvent(day: d, at: t, operatorName: "op", kind: .change, entity: .campaign, entityID: "C1", field: .dailyBudget, oldFen: nil, newFen: 30_000))
        try store.append(BidEvent(day: d, at: t, operatorName: "op", kind: .undo, changeID: c2))
        let events = try store.bidEvents()
        #expect(events.count == 3)
        #expect(events[0].reason == "rank 7-10, ROI 4.2" && events[0].oldFen == 120 && events[0].newFen == 125)
        #expect(events[1].oldFen == nil && events[1].field == .dailyBudget && events[1].entity == .campaign)
        #expect(BidLedger.pending(events).map(\.id) == [c1])
    }

    @Test func operatorIdentity() {
        #expect(OperatorIdentity.resolve("flag", environment: ["OPSDECK_OPERATOR": "env", "USER": "login"]) == "flag")
        #expect(OperatorIdentity.resolve(nil, environment: ["OPSDECK_OPERATOR": "env", "USER": "login"]) == "env")
        #expect(OperatorIdentity.resolve(nil, environment: ["USER": "login"]) == "login")
        #expect(OperatorIdentity.resolve("", environment: ["OPSDECK_OPERATOR": "", "USER": "login"]) == "login")
    }
}
