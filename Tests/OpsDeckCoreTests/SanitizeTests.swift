import Testing
@testable import OpsDeckCore

@Suite struct SanitizeTests {
    static let bidi: [UInt32] = [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C]

    @Test func bidiFormattingBecomesReplacementCharacters() {
        for v in SanitizeTests.bidi {
            let s = "¥1" + String(Unicode.Scalar(v)!) + ".20"
            #expect(Sanitize.line(s) == "¥1\u{FFFD}.20", "U+\(String(v, radix: 16))")
        }
        // Their neighbours are ordinary text and stay.
        #expect(Sanitize.line("a\u{200D}b\u{2065}c\u{202F}d") == "a\u{200D}b\u{2065}c\u{202F}d")
        #expect(Sanitize.line("\u{1B}[2J") == "\u{FFFD}[2J")
    }

    @Test func jsonEscapesThemAndKeepsTheValue() {
        #expect(JSONText.quote("a\u{202E}b\u{2066}") == "\"a\\u202eb\\u2066\"")
        #expect(JSONText.quote("云裳") == "\"云裳\"")
    }
}
