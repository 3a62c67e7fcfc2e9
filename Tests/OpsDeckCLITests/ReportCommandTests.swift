import Foundation
import Testing

@Suite struct ReportCommand {
    static let dir: URL = {
        let dir = temporaryDirectory("report-command")
        _ = try? opsdeck(["demo", dir.path, "--days", "20", "--orders-per-day", "60", "--at", "2026-11-20 11:20"])
        return dir
    }()
    let at = ["--at", "2026-11-20 18:00"]

    @Test func markdownToStandardOutputByDefault() throws {
        let r = try opsdeck(["report", "--data", Self.dir.path, "--date", "2026-11-19"] + at)
        #expect(r.status == 0)
        for heading in ["# Operation report 运营日报", "## 1. The day's numbers", "## 2. What moved and why", "## 3. Queues",
                        "## 4. Promotion", "## 5. Activities and customer service", "## 6. The checklist", "## 7. Goals"] {
            #expect(r.out.contains(heading), "missing \(heading)")
        }
        #expect(r.out.contains("Hero dress main-image CTR to 6% by Friday"))
    }

    @Test func theFormatFollowsTheFilesExtension() throws {
        let out = temporaryDirectory("report-out")
        defer { try? FileManager.default.removeItem(at: out) }
        for ext in ["html", "json", "csv", "md"] {
            let file = out.appendingPathComponent("day.\(ext)")
            let r = try opsdeck(["report", "--data", Self.dir.path, "--from", "2026-11-17", "--to", "2026-11-19", "--out", file.path] + at)
            #expect(r.status == 0 && r.out.isEmpty)
            let text = try String(contentsOf: file, encoding: .utf8)
            switch ext {
            case "html":
                #expect(text.hasPrefix("<!DOCTYPE html>") && text.contains("<svg") && !text.contains("<script"))
            case "json":
                // Valid JSON, with each day and the range.
                let doc = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                #expect((doc?["days"] as? [Any])?.count == 3)
                #expect((doc?["range"] as? [Any])?.isEmpty == false)
            case "csv":
                #expect(text.hasPrefix("date,section,name,detail,value,vs_yesterday,vs_last_week\n"))
                #expect(text.contains("2026-11-17..2026-11-19,range,paid_amount,sum,"))
            default:
                #expect(text.contains("## The range 区间汇总"))
            }
        }
    }

    @Test func badArgumentsAreRefusedClearly() throws {
        let a = try opsdeck(["report", "--data", Self.dir.path, "--format", "xml"])
        #expect(a.status != 0 && a.err.contains("--format is md, html, json or csv"))
        let b = try opsdeck(["report", "--data", Self.dir.path, "--date", "2026-11-19", "--from", "2026-11-18", "--to", "2026-11-19"])
        #expect(b.status != 0 && b.err.contains("not both"))
        let c = try opsdeck(["report", "--data", Self.dir.path, "--from", "2026-11-19", "--to", "2026-11-18"])
        #expect(c.status != 0 && c.err.contains("after --to"))
    }

    @Test func reviewNeedsATerminal() throws {
        let r = try opsdeck(["review", "--data", Self.dir.path])
        #expect(r.status == 2)
        #expect(r.err.contains("terminal"))
    }
}

@Suite struct DiagnoseCommand {
    @Test func findingsOnADataDirectoryAsTextAndJSON() throws {
        let r = try opsdeck(["diagnose", "--data", ReportCommand.dir.path, "--at", "2026-11-20 11:20"])
        #expect(r.status == 0)
        #expect(r.out.contains("diagnosis of 2026-11-19"))
        #expect(r.out.contains("promotion day"))
        let j = try opsdeck(["diagnose", "--data", ReportCommand.dir.path, "--at", "2026-11-20 11:20", "--json"])
        let doc = try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any]
        #expect(doc?["day"] as? String == "2026-11-19")
        #expect(doc?["findings"] is [Any])
    }

    @Test func aSeriesFileWithASpikeAGapAndABadRow() throws {
        let dir = temporaryDirectory("diagnose-series"); defer { try? FileManager.default.removeItem(at: dir) }
        var text = "timestamp,value\n"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for i in 0..<40 {
            let c = calendar.dateComponents([.year, .month, .day], from: calendar.date(from: DateComponents(year: 2026, month: 3, day: 1 + i))!)
            let day = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            if i == 12 { continue }                                    // a missing day
            text += "\(day),\(i == 35 ? 900 : 100 + [-3, 2, 0, 4, -1][i % 5])\n"
        }
        text += "2026-04-20,abc\n"
        write(text, to: dir, "s.csv")
        let r = try opsdeck(["diagnose", "--series", dir.appendingPathComponent("s.csv").path])
        #expect(r.status == 1)                                          // a row could not be read
        #expect(r.err.contains("s.csv:41: value: not a number: \"abc\""))
        #expect(r.out.contains("2026-04-05"))                            // day 35 is April 5
        #expect(r.out.contains("1 episode ("))
        let j = try opsdeck(["diagnose", "--series", dir.appendingPathComponent("s.csv").path, "--json"])
        let doc = try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any]
        let flagged = doc?["flagged"] as? [[String: Any]]
        #expect(flagged?.count == 1 && flagged?.first?["direction"] as? String == "up" && flagged?.first?["timestamp"] as? String == "2026-04-05")
    }

    /// What Excel and most Windows exports write: CRLF, a BOM or GB18030, a Chinese header.
    @Test func aCRLFSeriesFileReadsLikeAnLFOne() throws {
        let dir = temporaryDirectory("diagnose-crlf"); defer { try? FileManager.default.removeItem(at: dir) }
        var rows: [String] = []
        for i in 0..<40 {
            let day = LocalDateText.day(2026, 3, 1 + i)
            if i == 12 { continue }
            rows.append("\(day),\"\(i == 35 ? "1,900" : String(100 + [-3, 2, 0, 4, -1][i % 5]))\"")
        }
        rows.append("2026-04-20,abc")
        let crlf = dir.appendingPathComponent("crlf.csv"), gb = dir.appendingPathComponent("gb.csv")
        try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(("timestamp,value\r\n" + rows.joined(separator: "\r\n") + "\r\n").utf8)).write(to: crlf)
        try ("日期,访客数\r\n" + rows.joined(separator: "\r\n") + "\r\n").data(using: String.Encoding(rawValue: 0x8000_0632))!.write(to: gb)
        for file in [crlf, gb] {
            let r = try opsdeck(["diagnose", "--series", file.path])
            #expect(r.status == 1)
            #expect(r.out.contains("39 points, daily"), "\(file.lastPathComponent): \(r.out)")
            #expect(r.out.contains("1 episode (") && r.out.contains("2026-04-05"))
            #expect(r.err.contains("\(file.lastPathComponent):41: value: not a number: \"abc\""))
        }
        // A file whose rows all fail is never "an empty series".
        let bad = dir.appendingPathComponent("bad.csv")
        try Data("timestamp,value\r\nyesterday,1\r\ntoday,2\r\n".utf8).write(to: bad)
        let r = try opsdeck(["diagnose", "--series", bad.path])
        #expect(r.status == 1)
        #expect(r.err.contains("bad.csv:2: timestamp: not a date or time: \"yesterday\""))
        #expect(r.err.contains("none of its 2 rows could be read"))
        #expect(!r.out.contains("empty"))
    }
}

enum LocalDateText {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: calendar.date(from: DateComponents(year: y, month: m, day: d))!)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
