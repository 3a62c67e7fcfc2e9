#if canImport(Glibc)
import Glibc
#endif
/// Interned identifiers (item, buyer, activity IDs).
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

/// Interned identifiers, in two shards chosen by hash: the shards can be filled on two
/// threads at once (see `resolve`), and a symbol's shard is its lowest bit, so symbols stay
/// unique across shards without any merging.
///
/// Hand-written rather than `Dictionary<String, Int32>` because that needs a `String` per
/// field; `Benchmarks/` measures the difference on the million-order file.
public final class SymbolTable: @unchecked Sendable {
    // Immutable once the snapshot is built; mutated only by the reader that fills it.
    let shards: [SymbolShard]

    public init(capacity: Int = 1024) {
        shards = [SymbolShard(capacity: capacity / 2), SymbolShard(capacity: capacity / 2)]
    }

    private init(shards: [SymbolShard]) { self.shards = shards }

    /// An independent copy with the same symbols (memory copies, no re-hashing): a reload
    /// adds to the copy while the screen still reads the snapshot that holds this one.
    public func copy() -> SymbolTable { SymbolTable(shards: shards.map { $0.copy() }) }

    /// One past the largest symbol: the size of an array indexed by symbol.
    public var count: Int { 2 * max(shards[0].count, shards[1].count) }

    public func reserve(_ capacity: Int) { for s in shards { s.reserve(capacity / 2) } }

    @inline(__always) static func shard(_ hash: UInt64) -> Int { Int(hash >> 63) }

    /// The symbol for these bytes, adding them when new. Empty bytes are `Symbol.none`.
    @inline(__always)
    public func intern(_ b: Bytes) -> Symbol {
        if b.isEmpty { return .none }
        let h = SymbolShard.hash(b)
        let s = SymbolTable.shard(h)
        return Symbol(raw: Int32(shards[s].intern(b, hash: h) * 2 + s))
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
            let h = SymbolShard.hash(b)
            let sh = SymbolTable.shard(h)
            return shards[sh].lookup(b, hash: h).map { Symbol(raw: Int32($0 * 2 + sh)) }
        }
    }

    public subscript(symbol: Symbol) -> String {
        symbol.isNone ? "" : shards[Int(symbol.raw & 1)].arena[Int(symbol.raw >> 1)]
    }

    /// Interns every symbol of `other` here; returns the new symbol of each old one
    /// (indexed by the old symbol's raw value).
    public func absorb(_ other: SymbolTable) -> [Int32] {
        var map = [Int32](repeating: -1, count: other.count)
        for (s, shard) in other.shards.enumerated() {
            for i in 0..<shard.count {
                map[i * 2 + s] = shard.arena.withBytes(i) { intern($0).raw }
            }
        }
        return map
    }

    /// Interns `texts[refs[i]]` for every `i` and calls `store(i, symbol)`; `refs[i] < 0`
    /// means no value. Both shards work at once, each on its own half of the keys, in a tight
    /// loop that keeps several cache misses in flight: this is where a million buyers cost.
    public func resolve(_ refs: UnsafeBufferPointer<Int32>, in texts: TextArena, store: @escaping @Sendable (Int, Symbol) -> Void) {
        nonisolated(unsafe) let refs = refs
        let work: @Sendable (Int) -> Void = { s in
            let shard = self.shards[s]
            for i in 0..<refs.count {
                let ref = Int(refs[i])
                guard ref >= 0 else { continue }
                texts.withBytes(ref) { b in
                    let h = SymbolShard.hash(b)
                    if SymbolTable.shard(h) == s { store(i, Symbol(raw: Int32(shard.intern(b, hash: h) * 2 + s))) }
                }
            }
        }
        // Room for every key up front: growing a big table while filling it costs more.
        for shard in shards { shard.reserve(shard.count + refs.count / 2) }
        if refs.count > 50_000 {
            DispatchApply.twice(work)
        } else {
            work(0); work(1)
        }
    }
}

/// One shard: open addressing over a byte arena.
final class SymbolShard: @unchecked Sendable {
    let arena: TextArena
    /// Each slot: the local id + 1 in the low 32 bits (0 = empty), a hash fingerprint in the high 32.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var mask: Int

    func copy() -> SymbolShard {
        let c = SymbolShard(arena: arena.copy(), slotCount: slotCount)
        c.slots.update(from: slots, count: slotCount)
        return c
    }

    private init(arena: TextArena, slotCount n: Int) {
        self.arena = arena
        slotCount = n
        mask = n - 1
        slots = .allocate(capacity: n)
    }

    init(capacity: Int) {
        arena = TextArena()
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slotCount = n
        mask = n - 1
        slots = .allocate(capacity: n)
        slots.initialize(repeating: 0, count: n)
    }

    deinit { slots.deallocate() }

    var count: Int { arena.count }

    func reserve(_ capacity: Int) {
        if capacity * 2 > slotCount { rehash(minimum: capacity * 2) }
    }

    @inline(__always)
    static func hash(_ b: Bytes) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        var i = 0
        let n = b.count
        let base = UnsafeRawPointer(b.baseAddress!)
        while i + 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h = (h << 31) | (h >> 33)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n { tail |= UInt64(b[i]) << shift; shift += 8; i += 1 }
        h ^= tail
        // murmur3's finalizer: every input bit reaches every output bit.
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    @inline(__always)
    func intern(_ b: Bytes, hash h: UInt64) -> Int {
        let fp = h << 32
        var slot = Int(truncatingIfNeeded: h >> 1) & mask
        while true {
            let s = slots[slot]
            if s == 0 { break }
            if s & 0xFFFF_FFFF_0000_0000 == fp {
                let id = Int(s & 0xFFFF_FFFF) - 1
                if arena.equals(id, b) { return id }
            }
            slot = (slot + 1) & mask
        }
        let id = arena.append(b)
        slots[slot] = fp | UInt64(id + 1)
        if arena.count * 2 > slotCount { rehash(minimum: slotCount * 2) }
        return id
    }

    func lookup(_ b: Bytes, hash h: UInt64) -> Int? {
        let fp = h << 32
        var slot = Int(truncatingIfNeeded: h >> 1) & mask
        while true {
            let s = slots[slot]
            if s == 0 { return nil }
            let id = Int(s & 0xFFFF_FFFF) - 1
            if s & 0xFFFF_FFFF_0000_0000 == fp && arena.equals(id, b) { return id }
            slot = (slot + 1) & mask
        }
    }

    private func rehash(minimum: Int) {
        var n = slotCount
        while n < minimum { n <<= 1 }
        let fresh = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        fresh.initialize(repeating: 0, count: n)
        let newMask = n - 1
        for i in 0..<slotCount {
            let s = slots[i]
            if s == 0 { continue }
            let id = Int(s & 0xFFFF_FFFF) - 1
            var slot = Int(truncatingIfNeeded: arena.withBytes(id) { SymbolShard.hash($0) } >> 1) & newMask
            while fresh[slot] != 0 { slot = (slot + 1) & newMask }
            fresh[slot] = s
        }
        slots.deallocate()
        slots = fresh; slotCount = n; mask = newMask
    }
}

/// Append-only storage for many short strings (order IDs, interned symbols): one byte
/// buffer and one offset per entry, instead of a heap object per string.
public final class TextArena: @unchecked Sendable {
    private final class Storage {
        var bytes: UnsafeMutablePointer<UInt8>
        var byteCapacity: Int
        var byteCount = 0
        var starts: UnsafeMutablePointer<UInt32>  // starts[i] = offset of entry i; starts[count] = end (4 GB at most)
        var startCapacity: Int
        var count = 0
        init() {
            byteCapacity = 4096; bytes = .allocate(capacity: byteCapacity)
            startCapacity = 512; starts = .allocate(capacity: startCapacity); starts[0] = 0
        }
        deinit { bytes.deallocate(); starts.deallocate() }
    }
    private let storage = Storage()
    public var byteCount: Int { storage.byteCount }

    public init() {}

    public var count: Int { storage.count }

    /// Adds the bytes; returns their index.
    /// Room for this many bytes and entries in all.
    public func reserve(bytes: Int, entries: Int) {
        precondition(bytes < Int(UInt32.max), "a text arena holds at most 4 GB")
        let s = storage
        if bytes > s.byteCapacity {
            var cap = s.byteCapacity * 2
            while cap < bytes { cap *= 2 }
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
            fresh.update(from: s.bytes, count: s.byteCount)
            s.bytes.deallocate(); s.bytes = fresh; s.byteCapacity = cap
        }
        if entries + 1 > s.startCapacity {
            var cap = s.startCapacity * 2
            while cap < entries + 1 { cap *= 2 }
            let fresh = UnsafeMutablePointer<UInt32>.allocate(capacity: cap)
            fresh.update(from: s.starts, count: s.count + 1)
            s.starts.deallocate(); s.starts = fresh; s.startCapacity = cap
        }
    }

    @inline(__always)
    @discardableResult
    public func append(_ b: Bytes) -> Int {
        let s = storage
        if s.byteCount + b.count > s.byteCapacity || s.count + 2 > s.startCapacity {
            reserve(bytes: s.byteCount + b.count, entries: s.count + 1)
        }
        if let base = b.baseAddress { (s.bytes + s.byteCount).update(from: base, count: b.count) }
        s.byteCount += b.count
        s.count += 1
        s.starts[s.count] = UInt32(s.byteCount)
        return s.count - 1
    }

    public func append(_ text: String) -> Int {
        var t = text
        return t.withUTF8 { append($0) }
    }

    @inline(__always)
    func equals(_ i: Int, _ b: Bytes) -> Bool {
        let s = storage
        let start = Int(s.starts[i]), end = Int(s.starts[i + 1])
        guard end - start == b.count else { return false }
        return memcmpBytes(s.bytes + start, b.baseAddress!, b.count)
    }

    @inline(__always)
    func withBytes<R>(_ i: Int, _ body: (Bytes) -> R) -> R {
        let s = storage
        let start = Int(s.starts[i]), end = Int(s.starts[i + 1])
        return body(UnsafeBufferPointer(start: s.bytes + start, count: end - start))
    }

    public subscript(i: Int) -> String {
        withBytes(i) { String(decoding: $0, as: UTF8.self) }
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= n {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n { if a[i] != b[i] { return false }; i += 1 }
    return true
}

extension TextArena {
    /// An independent copy (two memory copies).
    public func copy() -> TextArena {
        let c = TextArena()
        _ = c.append(contentsOf: self)
        return c
    }

    /// Appends every entry of `other`; returns the index its first entry got.
    public func append(contentsOf other: TextArena) -> Int {
        let base = count
        let o = other.storage, s = storage
        reserve(bytes: s.byteCount + o.byteCount, entries: s.count + o.count)
        (s.bytes + s.byteCount).update(from: o.bytes, count: o.byteCount)
        let shift = UInt32(s.byteCount)
        for i in 1...max(o.count, 1) where o.count > 0 { s.starts[s.count + i] = o.starts[i] + shift }
        s.byteCount += o.byteCount
        s.count += o.count
        return base
    }
}

/// Runs a body on two threads (the machine has two cores) and waits for both.
public enum DispatchApply {
    public static func twice(_ body: @escaping @Sendable (Int) -> Void) {
        var threads: [pthread_t] = []
        for i in 0..<2 {
            let box = Unmanaged.passRetained(Box { body(i) })
            var t = pthread_t()
            pthread_create(&t, nil, { p in
                let b = Unmanaged<Box>.fromOpaque(p!).takeRetainedValue()
                b.run()
                return nil
            }, box.toOpaque())
            threads.append(t)
        }
        for t in threads { pthread_join(t, nil) }
    }
    private final class Box: @unchecked Sendable {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}
