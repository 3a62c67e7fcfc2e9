import Testing
@testable import OpsDeckCore

@Suite struct Symbols {
    @Test func sameBytesSameSymbol() {
        let t = SymbolTable()
        let a = t.intern("tb123"), b = t.intern("tb124"), a2 = t.intern("tb123")
        #expect(a == a2 && a != b)
        #expect(t["tb123" == "" ? .none : a] == "tb123")
        #expect(t.intern("") == .none)
        #expect(t.lookup("tb124") == b)
        #expect(t.lookup("nobody") == nil)
    }

    @Test func manyKeysSurviveGrowth() {
        let t = SymbolTable(capacity: 4)
        let keys = (0..<50_000).map { "buyer-\($0 * 7_919 % 100_003)" }
        let symbols = keys.map { t.intern($0) }
        #expect(Set(symbols).count == Set(keys).count)
        for (k, s) in zip(keys, symbols).prefix(2_000) { #expect(t[s] == k && t.lookup(k) == s) }
        #expect(symbols.allSatisfy { Int($0.raw) < t.count })
    }

    @Test func bulkResolveOnTwoThreadsMatchesOneByOne() {
        let texts = TextArena()
        var refs: [Int32] = []
        for i in 0..<120_000 {
            if i % 7 == 3 { refs.append(-1); continue }
            refs.append(Int32(texts.append("tb\(i % 40_000)")))
        }
        let bulk = SymbolTable()
        let out = UnsafeMutableBufferPointer<Symbol>.allocate(capacity: refs.count)
        defer { out.deallocate() }
        out.initialize(repeating: .none)
        nonisolated(unsafe) let o = out
        refs.withUnsafeBufferPointer { bulk.resolve($0, in: texts) { i, s in o[i] = s } }
        for i in stride(from: 0, to: refs.count, by: 97) {
            if refs[i] < 0 { #expect(out[i] == .none) } else { #expect(bulk[out[i]] == texts[Int(refs[i])]) }
        }
        #expect(Set(out.filter { !$0.isNone }).count == 40_000)
    }

    @Test func arenasConcatenate() {
        let a = TextArena(), b = TextArena()
        a.append("x"); a.append("yy")
        b.append("中文"); b.append(""); b.append("z")
        #expect(a.append(contentsOf: b) == 2)
        #expect((0..<a.count).map { a[$0] } == ["x", "yy", "中文", "", "z"])
    }
}

@Suite struct EventFolds {
    let d = LocalDate(year: 2026, month: 11, day: 20)!
    func e(_ id: Int64, _ kind: ChecklistEvent.Kind, _ task: String, _ text: String? = nil) -> ChecklistEvent {
        ChecklistEvent(id: id, day: d, at: LocalTime(date: d, hour: 9, minute: Int(id)), operatorName: "op", block: "basics", task: task, kind: kind, text: text)
    }

    @Test func checklistStateFromEvents() {
        let s = Checklist.fold([e(1, .tick, "a"), e(2, .tick, "b"), e(3, .untick, "b"), e(4, .skip, "c", "no refunds today"),
                                e(5, .note, "a", "called the warehouse"), e(6, .untick, "c"), e(7, .tick, "c")])
        #expect(s[TaskKey(block: "basics", task: "a")]?.status == .done)
        #expect(s[TaskKey(block: "basics", task: "a")]?.notes.map(\.text) == ["called the warehouse"])
        #expect(s[TaskKey(block: "basics", task: "b")]?.status == .open)
        #expect(s[TaskKey(block: "basics", task: "c")]?.status == .done)
        #expect(s[TaskKey(block: "basics", task: "c")]?.at?.minute == 7)
        let skipped = Checklist.fold([e(1, .skip, "x", "why")])
        #expect(skipped[TaskKey(block: "basics", task: "x")]?.status == .skipped(reason: "why"))
    }

    @Test func bidLedger() {
        func b(_ id: Int64, _ kind: BidEvent.Kind, _ change: Int64? = nil) -> BidEvent {
            BidEvent(id: id, day: d, at: LocalTime(date: d, hour: 11), operatorName: "op", kind: kind, changeID: change,
                     entity: .keyword, entityID: "k\(id)", field: .bid, oldFen: 100, newFen: 105)
        }
        let events = [b(1, .change), b(2, .change), b(3, .change), b(4, .undo, 2), b(5, .redo, 2), b(6, .undo, 3),
                      b(7, .post, 1), b(8, .change), b(9, .revert, 8), b(10, .undo, 1)]
        let states = BidLedger.fold(events).map(\.state)
        #expect(states == [.posted(batch: nil), .pending, .undone, .reverted])
        #expect(BidLedger.pending(events).map(\.id) == [2])
    }
}
