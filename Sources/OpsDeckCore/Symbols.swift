/// Interned identifiers (item, buyer, order, activity IDs).
///
/// The order file is the big one (a million rows is a normal 75-day export); keeping its IDs
/// as small integers into one byte arena avoids a heap string per field, makes joins
/// integer comparisons, and lets the KPI engine use flat arrays indexed by symbol.
public struct Symbol: Hashable, Comparable, Sendable {
    public var raw: Int32
    public init(raw: Int32) { self.raw = raw }
    /// The empty identifier ("not from an activity", "no buyer").
    public static let none = Symbol(raw: -1)
    public var isNone: Bool { raw < 0 }
    public static func < (a: Symbol, b: Symbol) -> Bool { a.raw < b.raw }
}

public final class SymbolTable: @unchecked Sendable {
    // Immutable once the snapshot is built; mutated only by the single reader that fills it.
    private var arena: [UInt8] = []
    private var starts: [Int32] = [0]
    private var slots: [Int32]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: -1, count: n)
        mask = n - 1
    }

    public var count: Int { starts.count - 1 }

    @inline(__always)
    static func hash(_ b: Bytes) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        var i = 0
        let n = b.count
        let base = UnsafeRawPointer(b.baseAddress!)
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n { tail |= UInt64(b[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    /// The symbol for these bytes, adding them when new. Empty bytes are `Symbol.none`.
    public func intern(_ b: Bytes) -> Symbol {
        if b.isEmpty { return .none }
        var slot = Int(truncatingIfNeeded: SymbolTable.hash(b)) & mask
        while true {
            let s = slots[slot]
            if s < 0 { break }
            if equals(Int(s), b) { return Symbol(raw: s) }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        arena.append(contentsOf: b)
        starts.append(Int32(arena.count))
        slots[slot] = id
        if count * 2 > slots.count { grow() }
        return Symbol(raw: id)
    }

    public func intern(_ s: String) -> Symbol {
        var s = s
        return s.withUTF8 { intern($0) }
    }

    /// The symbol for a string already seen, or nil.
    public func lookup(_ s: String) -> Symbol? {
        var s = s
        return s.withUTF8 { b -> Symbol? in
            if b.isEmpty { return nil }
            var slot = Int(truncatingIfNeeded: SymbolTable.hash(b)) & mask
            while true {
                let id = slots[slot]
                if id < 0 { return nil }
                if equals(Int(id), b) { return Symbol(raw: id) }
                slot = (slot + 1) & mask
            }
        }
    }

    public subscript(symbol: Symbol) -> String {
        if symbol.isNone { return "" }
        let i = Int(symbol.raw)
        return arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(starts[i])..<Int(starts[i + 1])]), as: UTF8.self)
        }
    }

    @inline(__always)
    private func equals(_ id: Int, _ b: Bytes) -> Bool {
        let s = Int(starts[id]), e = Int(starts[id + 1])
        guard e - s == b.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            memcmpBytes(a.baseAddress! + s, b.baseAddress!, b.count)
        }
    }

    private func grow() {
        let n = slots.count * 2
        slots = Array(repeating: -1, count: n)
        mask = n - 1
        arena.withUnsafeBufferPointer { a in
            for id in 0..<count {
                let s = Int(starts[id]), e = Int(starts[id + 1])
                var slot = Int(truncatingIfNeeded: SymbolTable.hash(UnsafeBufferPointer(rebasing: a[s..<e]))) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(id)
            }
        }
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n { if a[i] != b[i] { return false }; i += 1 }
    return true
}
