import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

/// `opsdeck diagnose`: the morning's findings, or the detector on any series.
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Anomalies of the last whole day, explained and ranked by money; or --series FILE.csv to check any series.")

    @OptionGroup var location: DataOptions
    @Option(help: ArgumentHelp("As of this local time: the day before it is judged.", valueName: "YYYY-MM-DD HH:MM")) var at: String?
    @Option(help: ArgumentHelp("A two-column CSV (timestamp,value; daily or hourly; header optional) to run the detector on.", valueName: "file"))
    var series: String?
    @Option(help: ArgumentHelp("With --series: judge on a log or linear scale (default: log unless the series goes negative).", valueName: "log|linear"))
    var scale: String?
    @Option(help: ArgumentHelp("With --series: the smallest relative change that is news, in percent.", valueName: "pct"))
    var minChange: Double = 20
    @Flag(help: "JSON, for scripts.") var json = false

    func run() throws {
        if let series { return try runSeries(series) }
        let (_, data) = try location.load()
        let now = try parseAt(at, profile: data.profile)
        let d = Diagnose.run(data, at: now)
        if json { print(DiagnosisJSON.render(d).render()); return }
        print("\(data.profile.name) · diagnosis of \(d.day) (as of \(now.minuteString))")
        if d.all.isEmpty { print("\nNothing out of the ordinary.") }
        for (i, f) in d.all.enumerated() {
            let money = f.impact.map { " ≈" + Money.format($0) } ?? ""
            print(String(format: "%3d. ", i + 1) + f.line + money)
        }
        if !d.notes.isEmpty { print(""); for n in d.notes { print("· " + n) } }
    }

    func runSeries(_ path: String) throws {
        let file: SeriesFile.Result
        do { file = try SeriesFile.read(path: path) } catch {
            FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8)); throw Exit(code: 2)
        }
        let points = file.points
        var problems = file.problems.map(\.description)
        // Rows that were all unreadable are not an empty series.
        if points.isEmpty && file.rows > 0 { problems.append("\(path): none of its \(file.rows) rows could be read") }
        for p in problems { FileHandle.standardError.write(Data((p + "\n").utf8)) }
        let chosen: EpisodeDetector.Scale?
        switch scale {
        case nil: chosen = nil
        case let s?: guard let v = EpisodeDetector.Scale(rawValue: s) else {
            FileHandle.standardError.write(Data("opsdeck: --scale takes log or linear, not \(s)\n".utf8)); throw Exit(code: 2)
        }
        chosen = v
        }
        var r = SeriesCheck.run(points, scale: chosen, minChange: minChange / 100)
        if file.rows > 0 { r.notes.removeAll { $0 == "the series is empty" } }
        func stamp(_ t: LocalTime) -> String { r.hourly ? t.minuteString : t.date.description }
        if json {
            let doc: JSON = .object([
                ("file", .string(path)), ("granularity", .string(r.hourly ? "hourly" : "daily")), ("points", .of(r.points)),
                ("judged", .of(r.judged)), ("flagged", .array(r.flags.map { f in
                    .object([("timestamp", .string(stamp(f.at))), ("value", .of(f.value)), ("baseline", .of(f.baseline)),
                             ("score", .of(f.score.isFinite ? f.score : nil)), ("direction", .string(f.direction.rawValue))])
                })),
                ("events", .array(r.events.map { e in
                    .object([("start", .string(stamp(e.start))), ("end", .string(stamp(e.end))), ("peak", .string(stamp(e.peak))),
                             ("direction", .string(e.direction.rawValue)), ("kind", .string(e.kind.rawValue)),
                             ("size", .of(e.size.isFinite ? e.size : nil)), ("peak_size", .of(e.peakSize.isFinite ? e.peakSize : nil)),
                             ("ongoing", .bool(e.ongoing)), ("adopted", .bool(e.adopted))])
                })),
                ("scale", .string(r.scale.rawValue)), ("notes", .array(r.notes.map(JSON.string))), ("bad_rows", .of(problems.count)),
            ])
            print(doc.render())
        } else {
            print("\(path): \(r.points) points, \(r.hourly ? "hourly" : "daily"), \(r.judged) judged on a \(r.scale.rawValue) scale, "
                  + "\(r.events.count) episode\(r.events.count == 1 ? "" : "s") (\(r.flags.count) points beyond the band and at least \(Number.fixed(minChange, 0))% off)")
            if !r.events.isEmpty { print(String(format: "%-17@ %-17@ %-12@ %8@  %@", "start", "end", "kind", "size", "peak")) }
            for e in r.events {
                let end = e.ongoing ? "ongoing" : stamp(e.end)
                let size = e.size.isFinite ? Diagnose.pct(e.size) : "∞"
                let tail = (e.adopted ? " · now the usual level" : "")
                print("\(stamp(e.start).padding(toLength: 17, withPad: " ", startingAt: 0)) \(end.padding(toLength: 17, withPad: " ", startingAt: 0)) "
                      + "\(e.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(pad(size, 8))  \(stamp(e.peak))\(tail)")
            }
            for n in r.notes { print("· " + n) }
        }
        if !problems.isEmpty { throw Exit(code: 1) }
    }

    func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
}

enum DiagnosisJSON {
    static func render(_ d: Diagnosis) -> JSON {
        .object([
            ("day", .string(d.day.description)), ("promotion", .of(d.promotion)),
            ("findings", .array(d.all.map { f in
                let contributors: JSON = .array(f.contributors.map { .object([("name", .string($0.name)), ("share", .of($0.share))]) })
                return .object([
                    ("subject", .string(f.subject.rawValue)), ("name", .string(f.name)), ("metric", .string(f.metric)),
                    ("value", .of(f.value)), ("expected", .of(f.expected)), ("score", .of(f.score.flatMap { $0.isFinite ? $0 : nil })),
                    ("direction", .of(f.direction?.rawValue)), ("vs_yesterday", .of(f.vsYesterday)), ("vs_last_week", .of(f.vsLastWeek)),
                    ("impact_fen", .of(f.impact)), ("market", .of(f.market?.rawValue)), ("items", contributors), ("line", .string(f.line)),
                    ("today", .bool(f.today)), ("kind", .of(f.kind?.rawValue)), ("since", .of(f.since)), ("size", .of(f.size)),
                    ("split", .array(f.split.map { .object([("factor", .string($0.name)), ("change", .of($0.change))]) })),
                ])
            })),
            ("notes", .array(d.notes.map(JSON.string))),
        ])
    }
}
