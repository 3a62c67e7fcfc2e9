import OpsDeckCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings an export can arrive in. Detected, never asked.
enum TextEncoding: Equatable {
    case undecided      // only ASCII so far: UTF-8 and GB18030 agree on it
    case utf8
    case utf8BOM
    case utf8Lenient    // UTF-8 with invalid bytes, replaced by U+FFFD
    case gb18030
    case gb18030Lenient

    var name: String {
        switch self {
        case .undecided, .utf8: "utf-8"
        case .utf8BOM: "utf-8 (BOM)"
        case .utf8Lenient: "utf-8 (invalid bytes replaced)"
        case .gb18030: "gb18030"
        case .gb18030Lenient: "gb18030 (invalid bytes replaced)"
        }
    }

    init(name: String?) {
        switch name {
        case "gb18030", "gb18030 (invalid bytes replaced)": self = .gb18030
        case "utf-8 (BOM)": self = .utf8BOM
        case "utf-8 (invalid bytes replaced)": self = .utf8Lenient
        case "utf-8": self = .utf8
        default: self = .undecided
        }
    }
}

enum UTF8Check {
    /// Position of the first non-ASCII byte, or nil. Eight bytes at a time.
    static func firstNonASCII(_ b: Bytes) -> Int? {
        guard let base = b.baseAddress else { return nil }
        let n = b.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n { if base[i] >= 0x80 { return i }; i += 1 }
        return nil
    }

    /// Whether the bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    static func isValid(_ b: Bytes) -> Bool { errors(b, stopAtFirst: true) == 0 }

    /// How many ill-formed sequences the bytes hold (each skipped one byte at a time).
    static func errors(_ b: Bytes, stopAtFirst: Bool = false) -> Int {
        guard var i = firstNonASCII(b) else { return 0 }
        let n = b.count
        var bad = 0
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            if !wellFormed(b, i, n) {
                bad += 1
                if stopAtFirst { return bad }
                i += 1
                continue
            }
            i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
        }
        return bad
    }

    @inline(__always)
    static func wellFormed(_ b: Bytes, _ i: Int, _ n: Int) -> Bool {
        do {
            let c = b[i]
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let c1 = b[i + 1]
            if c1 < lo || c1 > hi { return false }
            var k = 2
            while k <= need { if b[i + k] & 0xC0 != 0x80 { return false }; k += 1 }
            return true
        }
    }
}

/// GB18030 ↔ UTF-8 through the C library's iconv; an undecodable byte becomes U+FFFD.
struct GB18030Converter {
    /// UTF-8 → GB18030 (the demo writes one file the way Chinese Excel saves it).
    static func encode(_ utf8: [UInt8]) -> [UInt8] {
        let cd = iconv_open("GB18030", "UTF-8")
        precondition(cd != iconv_t(bitPattern: -1), "iconv has no GB18030")
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: utf8.count * 2 + 16)
        var src = utf8
        let produced: Int = src.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                var inP: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(i.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outP: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(o.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = i.count, outLeft = o.count
                _ = iconv(cd, &inP, &inLeft, &outP, &outLeft)
                return o.count - outLeft
            }
        }
        return Array(out[0..<produced])
    }

    /// The two-byte characters (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F: all of GBK and most of
    /// GB18030), decoded once through iconv: a character's UTF-8 bytes packed with their count
    /// above them (a few map outside the BMP: four bytes), 0 where the pair is not a character.
    static let pairs: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 126 * 191)
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return table }
        defer { iconv_close(cd) }
        // Every pair at once, each followed by a line feed (GB18030 gives every one of them a
        // character): one call instead of 24,000 on the start-up path. Pair by pair if not.
        var all: [UInt8] = []
        all.reserveCapacity(126 * 190 * 3)
        for lead in 0x81...0xFE { for trail in 0x40...0xFE where trail != 0x7F { all += [UInt8(lead), UInt8(trail), 0x0A] } }
        var out = [UInt8](repeating: 0, count: all.count * 2)
        let made: Int = all.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                var inP: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(i.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outP: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(o.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = i.count, outLeft = o.count
                guard iconv(cd, &inP, &inLeft, &outP, &outLeft) != -1, inLeft == 0 else { return -1 }
                return o.count - outLeft
            }
        }
        _ = iconv(cd, nil, nil, nil, nil)
        if made > 0 {
            let pieces = out[0..<made].split(separator: 0x0A, omittingEmptySubsequences: false)
            if pieces.count == 126 * 190 + 1 {
                var n = 0
                for lead in 0x81...0xFE {
                    for trail in 0x40...0xFE where trail != 0x7F {
                        let piece = pieces[n]; n += 1
                        guard (1...4).contains(piece.count) else { continue }
                        var v = UInt64(piece.count) << 32
                        for (k, byte) in piece.enumerated() { v |= UInt64(byte) << (8 * UInt64(k)) }
                        table[(lead - 0x81) * 191 + (trail - 0x40)] = v
                    }
                }
                return table
            }
        }
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE where trail != 0x7F {
                var src: [UInt8] = [UInt8(lead), UInt8(trail)]
                var dst = [UInt8](repeating: 0, count: 8)
                let made: Int = src.withUnsafeMutableBufferPointer { i in
                    dst.withUnsafeMutableBufferPointer { o in
                        var inP: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(i.baseAddress!).assumingMemoryBound(to: CChar.self)
                        var outP: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(o.baseAddress!).assumingMemoryBound(to: CChar.self)
                        var inLeft = 2, outLeft = 8
                        guard iconv(cd, &inP, &inLeft, &outP, &outLeft) != -1, inLeft == 0 else { return 0 }
                        return 8 - outLeft
                    }
                }
                _ = iconv(cd, nil, nil, nil, nil)   // reset the state after a failure
                guard (1...4).contains(made) else { continue }
                var v = UInt64(made) << 32
                for k in 0..<made { v |= UInt64(dst[k]) << (8 * UInt64(k)) }
                table[(lead - 0x81) * 191 + (trail - 0x40)] = v
            }
        }
        return table
    }()

    /// Returns the UTF-8 bytes and how many bytes had to be replaced. ASCII is copied and the
    /// two-byte characters looked up (an order export is mostly those: iconv's per-character
    /// cost was a tenth of a million-row import); four-byte sequences and bad bytes go
    /// through iconv.
    static func convert(_ input: Bytes) -> (bytes: [UInt8], replaced: Int) {
        let table = pairs
        var out = [UInt8]()
        out.reserveCapacity(input.count + input.count / 2 + 16)
        var replaced = 0
        let n = input.count
        var i = 0
        table.withUnsafeBufferPointer { t in
            while i < n {
                let c = input[i]
                if c < 0x80 { out.append(c); i += 1; continue }
                if c >= 0x81 && c <= 0xFE && i + 1 < n {
                    let trail = input[i + 1]
                    if trail >= 0x40 && trail <= 0xFE && trail != 0x7F {
                        let v = t[Int(c - 0x81) * 191 + Int(trail - 0x40)]
                        if v != 0 {
                            let len = Int(v >> 32)
                            out.append(UInt8(truncatingIfNeeded: v))
                            if len > 1 { out.append(UInt8(truncatingIfNeeded: v >> 8)) }
                            if len > 2 { out.append(UInt8(truncatingIfNeeded: v >> 16)) }
                            if len > 3 { out.append(UInt8(truncatingIfNeeded: v >> 24)) }
                            i += 2
                            continue
                        }
                    }
                }
                // A four-byte sequence (digit second and fourth byte), or a byte that starts nothing.
                let four = i + 3 < n && input[i + 1] >= 0x30 && input[i + 1] <= 0x39 && input[i + 3] >= 0x30 && input[i + 3] <= 0x39
                let len = four ? 4 : 1
                let (bytes, bad) = convertWithIconv(Bytes(rebasing: input[i..<(i + len)]))
                out.append(contentsOf: bytes)
                replaced += bad
                i += len
            }
        }
        return (out, replaced)
    }

    static func convertWithIconv(_ input: Bytes) -> (bytes: [UInt8], replaced: Int) {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else {
            return (Array(String(decoding: input, as: UTF8.self).utf8), 1)
        }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var produced = 0
        var replaced = 0
        guard var inPtr = UnsafeMutablePointer(mutating: input.baseAddress) else { return ([], 0) }
        var inLeft = input.count
        while inLeft > 0 {
            if out.count - produced < 16 { out.append(contentsOf: repeatElement(0, count: out.count)) }
            var outLeft = out.count - produced
            let r: Int = out.withUnsafeMutableBufferPointer { o in
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(o.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                var inC: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inPtr).assumingMemoryBound(to: CChar.self)
                let before = outLeft
                let res = iconv(cd, &inC, &inLeft, &outPtr, &outLeft)
                produced += before - outLeft
                inPtr = UnsafeMutableRawPointer(inC!).assumingMemoryBound(to: UInt8.self)
                return res == -1 ? Int(errno) : 0
            }
            if r == 0 { break }
            if r == Int(E2BIG) { continue }
            // EILSEQ or EINVAL: replace one byte and go on.
            replaced += 1
            if out.count - produced < 3 { out.append(contentsOf: repeatElement(0, count: out.count)) }
            out[produced] = 0xEF; out[produced + 1] = 0xBF; out[produced + 2] = 0xBD
            produced += 3
            inPtr += 1; inLeft -= 1
        }
        out.removeSubrange(produced...)
        return (out, replaced)
    }
}
