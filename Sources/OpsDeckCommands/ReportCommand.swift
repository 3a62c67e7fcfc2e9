import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData
import OpsDeckUI

/// `opsdeck report`: the day's (or a range's) operation report, as Markdown, HTML, JSON or CSV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The operation report (运营日报) of a day or a range: md, html, json or csv.")

    @OptionGroup var location: DataOptions
    @OptionGroup var shared: StateOptions
    @Option(help: ArgumentHelp("The day (default: today).", valueName: "YYYY-MM-DD")) var date: String?
    @Option(help: ArgumentHelp("The first day of a range.", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("The last day of a range.", valueName: "YYYY-MM-DD")) var to: String?
    @Option(help: "md, html, json or csv (default: from --out's extension, else md).") var format: String?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("The clock: what counts as so far (tests and demos).", valueName: "YYYY-MM-DD HH:MM")) var at: String?

    func validate() throws {
        if date != nil && (from != nil || to != nil) { throw ValidationError("give --date, or --from and --to, not both") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        if let f = format, ReportFiles.Format(rawValue: f.lowercased()) == nil { throw ValidationError("--format is md, html, json or csv, not \"\(f)\"") }
    }

    func run() throws {
        let (dir, data) = try location.load()
        let now = try parseAt(at, profile: data.profile)
        func day(_ s: String, _ flag: String) throws -> LocalDate {
            guard let t = LocalTime(parsing: s) else { throw ValidationError("\(flag) expects YYYY-MM-DD, got \"\(s)\"") }
            return t.date
        }
        let first = try from.map { try day($0, "--from") } ?? date.map { try day($0, "--date") } ?? now.date
        let last = try to.map { try day($0, "--to") } ?? first
        guard first <= last else { throw ValidationError("--from is after --to") }
        guard last.days(since: first) < 92 else { throw ValidationError("a range is at most 92 days") }
        let format = ReportFiles.Format(rawValue: format?.lowercased() ?? "")
            ?? out.flatMap { ReportFiles.Format(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) } ?? .md
        let store = try shared.open(dir.url, profile: data.profile, readOnly: true)
        StateOptions.warnIfOffline(store)
        let report = try ReportFiles.build(data, from: first, to: last, store: store, now: now)
        let text = format.render(report)
        if let out {
            try ReportFiles.write(text, to: URL(fileURLWithPath: out))
            FileHandle.standardError.write(Data("opsdeck: wrote \(out)\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

enum ReportFiles {
    enum Format: String, CaseIterable {
        case md, html, json, csv
        func render(_ r: OperationReport) -> String {
            switch self {
            case .md: ReportMarkdown.render(r)
            case .html: ReportHTML.render(r)
            case .json: ReportJSON.render(r)
            case .csv: ReportCSV.render(r)
            }
        }
    }

    static func build(_ data: StoreData, from: LocalDate, to: LocalDate, store: any StateJournal, now: LocalTime) throws -> OperationReport {
        ReportBuilder.build(data, from: from, to: to, checklist: try store.checklistEvents(from: from, to: to),
                            bidJournal: try store.bidEvents(), now: now)
    }

    /// Written whole or not at all: a half-written report is never left to be forwarded.
    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// `:report` in the cockpit: today's report into `reports/` in the data directory. Returns
    /// the line for the footer.
    /// Writes the day's report for `:report`; returns its path inside the data directory.
    static func writeFromCockpit(_ s: AppState, format: String, store: any StateJournal, dataDirectory: URL) throws -> String {
        guard let f = Format(rawValue: format) else { throw ValidationError("md, html, json or csv") }
        let report = try build(s.data, from: s.day, to: s.day, store: store, now: s.now)
        let name = "report-\(s.day).\(f.rawValue)"
        let url = dataDirectory.appendingPathComponent("reports").appendingPathComponent(name)
        try write(f.render(report), to: url)
        log.info("report written", metadata: ["file": "\(url.path)"])
        return "reports/\(name)"
    }
}
