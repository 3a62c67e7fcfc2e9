import Foundation
import OpsDeckCore

/// A small, fast, seedable generator: the demo must be the same for the same seed and date.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    /// Around 1.0, within ±spread.
    mutating func jitter(_ spread: Double) -> Double { 1 + (unit() * 2 - 1) * spread }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    /// An index drawn with the given cumulative weights (last element = total).
    mutating func weighted(_ cumulative: [Double]) -> Int {
        let x = unit() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > x { hi = mid } else { lo = mid + 1 } }
        return lo
    }
}

func cumulative(_ weights: [Double]) -> [Double] {
    var acc = 0.0
    return weights.map { acc += $0; return acc }
}

/// Writes one CSV file of the demo, byte by byte: a million orders must not take a minute.
final class CSVOut {
    private var buf: [UInt8] = []
    private let handle: FileHandle
    private var first = true
    private let gb18030: Bool
    private let path: URL

    init(_ dir: URL, _ file: DataFile, header: [String], gb18030: Bool = false) throws {
        path = dir.appendingPathComponent(file.fileName)
        // Written beside and renamed into place, as an exporter should.
        let tmp = path.appendingPathExtension("part")
        _ = FileManager.default.createFile(atPath: tmp.path, contents: nil)
        handle = try FileHandle(forWritingTo: tmp)
        self.gb18030 = gb18030
        buf.reserveCapacity(1 << 20)
        for h in header { text(h) }
        end()
    }

    func text(_ s: String?) {
        sep()
        guard let s, !s.isEmpty else { return }
        if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            buf.append(0x22)
            for b in s.utf8 { if b == 0x22 { buf.append(0x22) }; buf.append(b) }
            buf.append(0x22)
        } else {
            buf.append(contentsOf: s.utf8)
        }
    }

    func empty() { sep() }

    func int<I: BinaryInteger>(_ v: I?) {
        sep()
        guard let v else { return }
        appendInt(Int64(v))
    }

    func fen(_ v: Int64?) {
        sep()
        guard let v else { return }
        if v < 0 { buf.append(UInt8(ascii: "-")) }
        let a = v.magnitude
        appendInt(Int64(a / 100))
        buf.append(UInt8(ascii: "."))
        buf.append(UInt8(48 + a % 100 / 10)); buf.append(UInt8(48 + a % 10))
    }

    /// A rate written as a percentage with two decimals (`3.75%`).
    func percent(_ fraction: Double?) {
        sep()
        guard let fraction else { return }
        let basis = Int64((fraction * 10_000).rounded())
        appendInt(basis / 100)
        buf.append(UInt8(ascii: "."))
        buf.append(UInt8(48 + basis % 100 / 10)); buf.append(UInt8(48 + basis % 10))
        buf.append(UInt8(ascii: "%"))
    }

    func decimal(_ v: Double, places: Int = 1) {
        let scale = places == 1 ? 10.0 : 100.0
        let n = Int64((v * scale).rounded())
        sep()
        appendInt(n / Int64(scale))
        buf.append(UInt8(ascii: "."))
        if places == 2 { buf.append(UInt8(48 + n % 100 / 10)) }
        buf.append(UInt8(48 + n % 10))
    }

    func date(_ d: LocalDate) {
        sep()
        let c = d.components
        appendPadded(c.year, 4); buf.append(0x2D); appendPadded(c.month, 2); buf.append(0x2D); appendPadded(c.day, 2)
    }

    func time(_ t: LocalTime?) {
        guard let t else { sep(); return }
        date(t.date)
        let s = t.secondOfDay
        buf.append(0x20)
        appendPadded(s / 3600, 2); buf.append(0x3A); appendPadded(s % 3600 / 60, 2); buf.append(0x3A); appendPadded(s % 60, 2)
    }

    func bool(_ v: Bool?) { text(v.map { $0 ? "yes" : "no" }) }

    func end() {
        buf.append(0x0A)
        first = true
        if buf.count > 1 << 20 { flush() }
    }

    private func sep() {
        if first { first = false } else { buf.append(0x2C) }
    }

    private func appendInt(_ v: Int64) {
        if v < 0 { buf.append(UInt8(ascii: "-")) }
        var a = v.magnitude
        if a == 0 { buf.append(48); return }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { t in
            while a > 0 { t[n] = UInt8(48 + a % 10); a /= 10; n += 1 }
            while n > 0 { n -= 1; buf.append(t[n]) }
        }
    }

    private func appendPadded(_ v: Int, _ width: Int) {
        var d = 1
        for _ in 1..<width { d *= 10 }
        var x = v
        while d > 0 { buf.append(UInt8(48 + x / d % 10)); x %= d; d /= 10 }
    }

    private func flush() {
        if gb18030 {
            handle.write(Data(GB18030Converter.encode(buf)))
        } else {
            handle.write(Data(buf))
        }
        buf.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
        let tmp = path.appendingPathExtension("part")
        if FileManager.default.fileExists(atPath: path.path) { try FileManager.default.removeItem(at: path) }
        try FileManager.default.moveItem(at: tmp, to: path)
    }
}
