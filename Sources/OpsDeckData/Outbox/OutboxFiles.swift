import Foundation
import OpsDeckCore

/// `outbox/` in the data directory: one set of files per posting, never rewritten.
public enum OutboxFiles {
    public static let folderName = "outbox"

    /// Writes the batch (platform JSON, CSV, and the budgets' JSON when there are any), each
    /// file complete or absent (written beside and renamed). A name already used (two posts
    /// in one second) gets a suffix: an earlier posting is never overwritten. Returns the name
    /// used and the files written.
    @discardableResult
    public static func write(_ batch: OutboxBatch, dataDirectory: URL) throws -> (name: String, files: [URL]) {
        let folder = dataDirectory.appendingPathComponent(folderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var name = batch.name, n = 1
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name).json").path) {
            n += 1; name = "\(batch.name)-\(n)"
        }
        var files: [(String, String)] = [("\(name).json", batch.platformJSON), ("\(name).csv", batch.csv)]
        if let b = batch.budgetJSON { files.append(("\(name)-budgets.json", b)) }
        if let t = batch.scheduleJSON { files.append(("\(name)-schedules.json", t)) }
        var written: [URL] = []
        for (file, text) in files {
            let url = folder.appendingPathComponent(file)
            try Data(text.utf8).write(to: url, options: .atomic)
            written.append(url)
        }
        return (name, written)
    }

    /// The postings in the outbox, oldest first: (name, files).
    public static func list(dataDirectory: URL) -> [(name: String, files: [String])] {
        let folder = dataDirectory.appendingPathComponent(folderName)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("bids-") }.sorted()
        var groups: [String: [String]] = [:]
        for n in names {
            let base = n.replacingOccurrences(of: "-budgets.json", with: "").replacingOccurrences(of: "-schedules.json", with: "").replacingOccurrences(of: ".json", with: "").replacingOccurrences(of: ".csv", with: "")
            guard !n.hasSuffix(".tmp") else { continue }
            groups[base, default: []].append(n)
        }
        return groups.keys.sorted().map { ($0, groups[$0]!) }
    }
}
