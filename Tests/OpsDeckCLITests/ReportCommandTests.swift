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
