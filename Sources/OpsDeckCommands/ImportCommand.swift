import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

/// `opsdeck import`: the platforms' downloads into the data directory.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the platforms' downloads (xls, xlsx, zip, csv in any encoding) into the data directory.",
        discussion: """
            Each file is recognised by its columns, not its name (the families and their column \
            names are in families.toml; add your own in imports.toml in the data directory). \
            With no file, the data directory's inbox/ is imported. \
            Exit status: 0 when every file was imported whole, 1 when a file was not recognised \
            or rows were skipped, 2 when the directory is unusable.
            """)

    @OptionGroup var location: DataOptions
    @Flag(help: "Say what would happen; write nothing.") var dryRun = false
    @Flag(help: "List the import batches.") var list = false
    @Option(help: ArgumentHelp("Take a batch's rows back out (rows it replaced come back).", valueName: "batch")) var undo: String?
    @Option(help: "Who imports (default: $OPSDECK_OPERATOR, else the login name).") var `operator`: String?
    @Argument(help: "Files or folders (default: the inbox).") var files: [String] = []

    func run() throws {
        let dir = try location.resolve()
        do { try dir.validate() } catch {
            FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8)); throw Exit(code: 2)
        }
        let profile = StoreConfig.loadProfile(from: dir.url.appendingPathComponent("store.toml"), issues: &ignored)
        let importer: Importer
        do {
            importer = try Importer(directory: dir.url, store: try StateStore(dataDirectory: dir.url),
                                    operatorName: OperatorIdentity.resolve(self.operator), now: StoreClock.now(timeZone: profile.timeZone))
        } catch {
            FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8)); throw Exit(code: 2)
        }
        if list { return try printList(importer) }
        if let undo {
            do {
                for t in try importer.undo(undo) { print("\(t.file): \(t.removed) rows taken out, \(t.restored) rows put back") }
                print("batch \(undo) undone")
            } catch {
                FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8)); throw Exit(code: 1)
            }
            return
        }
        let result: ImportResult
        do {
            if files.isEmpty {
                let waiting = Inbox.ready(dir.url, settle: 0)
                if waiting.isEmpty { print("nothing in \(Inbox.folder(dir.url).path)"); return }
                result = dryRun ? try importer.run(waiting, dryRun: true) : try Inbox.run(importer, files: waiting)
            } else {
                result = try importer.run(files, dryRun: dryRun)
            }
        } catch {
            FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8)); throw Exit(code: 2)
        }
        let lines = ImportReport.lines(result, withProblems: false)
        for l in lines { print(l) }
        for f in result.files { for p in f.problems { print(Sanitize.line(p)) } }
        if dryRun { print("dry run: nothing was written") }
        else if let b = result.batch { print("batch \(b) (undo: opsdeck import --undo \(b))") }
        else if result.files.contains(where: \.recognised) { print("nothing changed") }
        // A million rows take a good part of a second to free: the process ends instead.
        fflush(nil)
        Foundation.exit(result.files.contains(where: { !$0.whole }) ? 1 : 0)
    }

    func printList(_ importer: Importer) throws {
        let batches = try importer.batches()
        if batches.isEmpty { print("no imports yet"); return }
        for b in batches {
            print("\(b.name)  \(b.at)  \(Sanitize.line(b.operatorName))  \(b.state)")
            for f in b.files { print("  \(Sanitize.line(f.file)): \(f.family ?? "not recognised") · \(f.rows) rows, \(f.skipped) skipped") }
            for t in b.targets { print("  → \(t.file): \(t.added) added, \(t.replaced) replaced") }
        }
    }
}

private nonisolated(unsafe) var ignored: [DataIssue] = []
