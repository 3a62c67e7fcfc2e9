import Foundation
import OpsDeckCore

/// `inbox/` in the data directory: drop the platform's downloads there and they are
/// imported (by the running cockpit within seconds, or by `opsdeck import` with no files).
/// Imported files move to `inbox/imported/YYYY-MM-DD/`; one that could not be recognised
/// moves to `inbox/rejected/` with a `.why.txt` beside it.
public enum Inbox {
    public static func folder(_ directory: URL) -> URL { directory.appendingPathComponent("inbox") }

    /// Files waiting, oldest first, that have not changed for `settle` seconds (a download
    /// still being written waits for the next look).
    public static func ready(_ directory: URL, settle: TimeInterval = 2, now: Date = Date()) -> [String] {
        let inbox = folder(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".part") && !$0.hasSuffix(".crdownload") }.compactMap { n -> (String, Date)? in
            let p = inbox.appendingPathComponent(n).path
            guard let a = try? FileManager.default.attributesOfItem(atPath: p), a[.type] as? FileAttributeType == .typeRegular,
                  let m = a[.modificationDate] as? Date, now.timeIntervalSince(m) >= settle else { return nil }
            return (p, m)
        }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// Imports the files as one batch and files each away.
    public static func run(_ importer: Importer, files: [String]) throws -> ImportResult {
        let result = try importer.run(files) { ($0 as NSString).lastPathComponent }
        let inbox = folder(importer.directory)
        let day = importer.now.date.description
        // The inbox holds plain files: the results are in the order of `files`.
        for (r, path) in zip(result.files, files) {
            let src = URL(fileURLWithPath: path)
            let name = src.lastPathComponent
            if r.recognised {
                let dest = inbox.appendingPathComponent("imported").appendingPathComponent(day)
                try? FileManager.default.createDirectory(at: dest, withIntermediateDirectories: true)
                try? FileManager.default.moveItem(at: src, to: free(dest.appendingPathComponent(name)))
            } else {
                let dest = inbox.appendingPathComponent("rejected")
                try? FileManager.default.createDirectory(at: dest, withIntermediateDirectories: true)
                let to = free(dest.appendingPathComponent(name))
                try? FileManager.default.moveItem(at: src, to: to)
                try? (ImportReport.lines(ImportResult(files: [r])).joined(separator: "\n") + "\n")
                    .write(to: URL(fileURLWithPath: to.path + ".why.txt"), atomically: true, encoding: .utf8)
            }
        }
        return result
    }

    /// Files the import could not handle at all go to `rejected/` with the reason, so they
    /// are not tried again every second.
    public static func reject(_ directory: URL, files: [String], why: String) {
        let dest = folder(directory).appendingPathComponent("rejected")
        try? FileManager.default.createDirectory(at: dest, withIntermediateDirectories: true)
        for f in files {
            let to = free(dest.appendingPathComponent((f as NSString).lastPathComponent))
            try? FileManager.default.moveItem(at: URL(fileURLWithPath: f), to: to)
            try? ("\((f as NSString).lastPathComponent): not imported: \(why)\n").write(to: URL(fileURLWithPath: to.path + ".why.txt"), atomically: true, encoding: .utf8)
        }
    }

    /// A name not taken yet: `report.xls`, `report-2.xls`, …
    static func free(_ url: URL) -> URL {
        var u = url, n = 2
        while FileManager.default.fileExists(atPath: u.path) {
            let ext = url.pathExtension, base = url.deletingPathExtension().lastPathComponent
            u = url.deletingLastPathComponent().appendingPathComponent(ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)")
            n += 1
        }
        return u
    }
}

/// The words of an import, for the command line, the inbox's `.why.txt` and `:import`.
public enum ImportReport {
    public static func lines(_ r: ImportResult, withProblems: Bool = true) -> [String] {
        var out: [String] = []
        for f in r.files {
            let name = Sanitize.line(f.file)
            guard let family = f.family else {
                out.append("\(name): not imported: \(Sanitize.line(f.why ?? "not recognised"))")
                continue
            }
            var line = "\(name): \(family) → \(f.target ?? "?"): \(f.rowsRead) rows read, \(f.added) added, \(f.replaced) replaced, \(f.unchanged) unchanged, \(f.skipped) skipped"
            if let a = f.from, let b = f.to { line += a == b ? " · \(a)" : " · \(a) – \(b)" }
            out.append(line)
            if !f.unmapped.isEmpty { out.append("  columns not mapped: " + f.unmapped.map(Sanitize.line).joined(separator: ", ")) }
            if !f.personal.isEmpty { out.append("  personal data dropped: " + f.personal.map(Sanitize.line).joined(separator: ", ")) }
            for n in f.notes { out.append("  note: " + Sanitize.line(n)) }
        }
        if withProblems { for f in r.files { out += f.problems.map(Sanitize.line) } }
        return out
    }
}
