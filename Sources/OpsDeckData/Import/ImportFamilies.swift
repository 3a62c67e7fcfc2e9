import Foundation
import OpsDeckCore
import TOMLKit

/// An export family: what its columns are called in real files, how their values read, and
/// which data-directory file its rows go to. Kept as data (`families.toml` in the package,
/// plus the data directory's own `imports.toml`), so a new column name is a one-line change.
struct ImportFamily: Sendable {
    struct Column: Sendable {
        var name: String            // the contract's column
        var kind: ExportValue.Kind
        var names: [String]         // header names, normalized
    }
    var id: String
    var target: DataFile
    var key: [String]
    var required: [String]
    /// Joins the rows of this family onto another's (the classic order detail file).
    var joins: String?
    var columns: [Column]
    var derived: Set<String>
    var ignored: Set<String>

    func column(_ name: String) -> Column? { columns.first { $0.name == name } }
}

struct ImportFamilies: Sendable {
    var families: [ImportFamily]
    var personal: Set<String>

    /// Header cells compare trimmed, case-insensitive, with full-width brackets and arrows
    /// made plain and no spaces.
    static func normalize(_ header: String) -> String {
        var s = header.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{FEFF}\"'")))
        s = s.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "->", with: "→")
        return s.lowercased()
    }

    /// The built-in families, with the data directory's `imports.toml` added on top.
    static func load(dataDirectory: URL?) throws -> ImportFamilies {
        guard let url = Bundle.module.url(forResource: "families", withExtension: "toml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ExportFileError(description: "families.toml is missing from the installation")
        }
        var f = try parse(text, source: "families.toml")
        if let dir = dataDirectory {
            let own = dir.appendingPathComponent("imports.toml")
            if let extra = try? String(contentsOf: own, encoding: .utf8) { try f.add(parse(extra, source: own.path, partial: true)) }
        }
        return f
    }

    static func parse(_ text: String, source: String, partial: Bool = false) throws -> ImportFamilies {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ExportFileError(description: "\(source):\(e.source.begin.line): \(e.description)")
        }
        var out = ImportFamilies(families: [], personal: Set((table["personal"]?.table?["names"]?.array ?? []).compactMap { $0.string.map(normalize) }))
        for (id, value) in table where id != "personal" {
            guard let t = value.table else { continue }
            func strings(_ k: String) -> [String] { (t[k]?.array ?? []).compactMap(\.string) }
            var columns: [ImportFamily.Column] = []
            for (name, spec) in t["columns"]?.table ?? TOMLTable() {
                guard let s = spec.table else { continue }
                let kindName = s["type"]?.string ?? "text"
                guard let kind = ExportValue.Kind(rawValue: kindName) else {
                    throw ExportFileError(description: "\(source): \(id).columns.\(name): unknown type \"\(kindName)\"")
                }
                columns.append(.init(name: name, kind: kind, names: (s["names"]?.array ?? []).compactMap { $0.string.map(normalize) }))
            }
            let targetName = t["target"]?.string ?? ""
            guard let target = DataFile(rawValue: targetName) ?? (partial ? .storeDaily : nil) else {
                throw ExportFileError(description: "\(source): \(id).target: \"\(targetName)\" is not a data-directory file")
            }
            // The key first, then the contract's order: a new file's columns, so its rows need no reordering.
            let key = strings("key"), order = MergePlan.specs(target).map(\.name)
            columns.sort { a, b in
                (key.firstIndex(of: a.name) ?? key.count, order.firstIndex(of: a.name) ?? order.count)
                    < (key.firstIndex(of: b.name) ?? key.count, order.firstIndex(of: b.name) ?? order.count)
            }
            out.families.append(ImportFamily(id: id, target: target, key: strings("key"), required: strings("required"), joins: t["joins"]?.string,
                                             columns: columns, derived: Set(strings("derived").map(normalize)),
                                             ignored: Set(strings("ignored").map(normalize))))
        }
        // A fixed order, so the same file is always recognised the same way.
        out.families.sort { $0.id < $1.id }
        return out
    }

    /// A user's additions: more names for known columns, more ignored or personal names.
    mutating func add(_ extra: ImportFamilies) throws {
        personal.formUnion(extra.personal)
        for e in extra.families {
            guard let i = families.firstIndex(where: { $0.id == e.id }) else {
                throw ExportFileError(description: "imports.toml: no export family \"\(e.id)\" (known: \(families.map(\.id).joined(separator: ", ")))")
            }
            for c in e.columns {
                if let j = families[i].columns.firstIndex(where: { $0.name == c.name }) { families[i].columns[j].names += c.names }
                else { throw ExportFileError(description: "imports.toml: \(e.id) has no column \"\(c.name)\"") }
            }
            families[i].derived.formUnion(e.derived)
            families[i].ignored.formUnion(e.ignored)
        }
    }

    /// A header row recognised: the family, and for each of its columns the cell it is in.
    struct Match {
        var family: ImportFamily
        var columns: [String: Int]
        var unmapped: [String]
        var personal: [String]
    }

    /// The family whose required columns are all in this row, the one that names the most
    /// cells when several are.
    func match(_ cells: [String]) -> Match? {
        let norm = cells.map(ImportFamilies.normalize)
        var best: Match?
        var bestScore = 0
        for f in families {
            var columns: [String: Int] = [:]
            for (i, cell) in norm.enumerated() where !cell.isEmpty {
                if let c = f.columns.first(where: { $0.names.contains(cell) }), columns[c.name] == nil { columns[c.name] = i }
            }
            guard f.required.allSatisfy({ columns[$0] != nil }), columns.count > bestScore else { continue }
            bestScore = columns.count
            let used = Set(columns.values)
            var unmapped: [String] = [], personal: [String] = []
            for (i, cell) in norm.enumerated() where !cell.isEmpty && !used.contains(i) {
                if self.personal.contains(cell) { personal.append(cells[i].trimmingCharacters(in: .whitespaces)) }
                else if !f.derived.contains(cell) && !f.ignored.contains(cell) { unmapped.append(cells[i].trimmingCharacters(in: .whitespaces)) }
            }
            best = Match(family: f, columns: columns, unmapped: unmapped, personal: personal)
        }
        return best
    }
}
