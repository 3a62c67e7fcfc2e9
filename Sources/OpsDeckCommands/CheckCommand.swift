import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every file of the data directory and list the rows that could not be read.",
        discussion: "Exit status: 0 when every row was read, 1 when some rows or files were skipped, 2 when the directory is unusable.")

    @OptionGroup var location: DataOptions

    func run() throws {
        let dir = try location.resolve()
        let data: StoreData
        do { data = try dir.load() } catch {
            print("opsdeck: \(error)")
            throw Exit(code: 2)
        }
        print(CheckReport.render(data))
        if data.issues.contains(where: { $0.severity == .error }) { throw Exit(code: 1) }
    }
}

enum CheckReport {
    static func render(_ data: StoreData) -> String {
        var lines: [String] = []
        let width = DataFile.allCases.map(\.fileName.count).max()!
        for file in DataFile.allCases {
            let name = file.fileName.padding(toLength: width, withPad: " ", startingAt: 0)
            guard let r = data.files[file.fileName] else { continue }
            switch r.state {
            case .missing:
                lines.append("\(name)  missing — no data yet")
            case .unreadable(let why):
                lines.append("\(name)  not read: \(Sanitize.line(why))")
            case .loaded:
                lines.append("\(name)  \(KPIFormat.grouped(Int64(r.rowsRead))) rows read, \(r.rowsSkipped) skipped, \(r.encoding ?? "?")")
            }
        }
        let errors = data.issues.filter { $0.severity == .error }
        let notes = data.issues.filter { $0.severity == .note }
        if !errors.isEmpty {
            lines.append("")
            lines.append(contentsOf: errors.map { Sanitize.line($0.description) })
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append(contentsOf: notes.map { "note: " + Sanitize.line($0.description) })
        }
        return lines.joined(separator: "\n")
    }
}
