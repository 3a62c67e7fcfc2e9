import Foundation
import OpsDeckCore

/// A recognised table's data rows turned into the target's columns: every value read in its
/// column's type, a bad row skipped and named, the key of each row.
struct RowConverter {
    let family: ImportFamily
    let match: ImportFamilies.Match
    /// Per target column: the cell it is read from (-1: the day from the file name) and how.
    let columns: [(index: Int, name: String, kind: ExportValue.Kind)]
    let keyIndex: [Int?]
    let dateIndex: Int?
    let dateFromName: String?
    var parsed: Importer.Parsed
    var rowsRead = 0, skipped = 0
    var problems: [(line: Int, text: String)] = []
    var from: LocalDate?, to: LocalDate?

    init(_ found: ImportFamilies.Match, fileDay: LocalDate?) throws {
        match = found
        family = found.family
        var cols = found.family.columns.filter { found.columns[$0.name] != nil }.map(\.name)
        if found.family.column("date") != nil && found.columns["date"] == nil {
            // A one-day report names its day in the file name only.
            guard let d = fileDay else { throw Importer.ImportError("no date column, and the file name does not name one day") }
            dateFromName = d.description
            cols.insert("date", at: 0)
        } else { dateFromName = nil }
        columns = cols.map { name in (found.columns[name] ?? -1, name, found.family.column(name)!.kind) }
        keyIndex = found.family.key.map { k in cols.firstIndex(of: k) }
        dateIndex = cols.firstIndex(of: "date")
        parsed = Importer.Parsed(family: found.family, columns: cols, rows: [], keys: [])
    }

    mutating func add(_ cells: [ExportCell], line: Int, place: (Int) -> String) {
        // Blank and total rows are not data.
        if !cells.contains(where: { $0.text.utf8.first.map { $0 != 0x20 && $0 != 0x2D } ?? false }),
           cells.allSatisfy({ ExportValue.clean($0.text) == nil }) { return }
        if let first = cells.first?.text, first.utf8.first.map({ $0 >= 0x80 || $0 == 0x54 || $0 == 0x74 || $0 == 0x20 }) == true,
           ["合计", "总计", "汇总", "total"].contains(first.trimmingCharacters(in: .whitespaces).lowercased()) { return }
        rowsRead += 1
        var values: [String] = []
        values.reserveCapacity(columns.count)
        for c in columns {
            if c.index < 0 { values.append(dateFromName ?? ""); continue }
            let cell = c.index < cells.count ? cells[c.index] : ExportCell("")
            do { values.append(try ExportValue.normalize(cell.text, c.kind, excelNumber: cell.number)) } catch {
                skipped += 1
                problems.append((line, "\(place(line)): \(c.name): \(error.why)"))
                return
            }
        }
        finish(values, line: line, place: place)
    }

    /// A row's values read: its key checked, its dates counted, the row kept.
    mutating func finish(_ values: [String], line: Int, place: (Int) -> String) {
        // Every part of the key but the hour (empty: a whole day) must be there.
        for (name, i) in zip(family.key, keyIndex) where name != "hour" && (i.map { values[$0].isEmpty } ?? true) {
            skipped += 1
            problems.append((line, "\(place(line)): \(name): missing value"))
            return
        }
        if let di = dateIndex, let d = LocalTime(parsing: values[di])?.date {
            from = min(from ?? d, d); to = max(to ?? d, d)
        }
        if keyIndex.count == 1, let i = keyIndex[0] { parsed.keys.append(values[i]) }
        else { parsed.keys.append(keyIndex.map { $0.map { values[$0] } ?? "" }.joined(separator: "\u{1F}")) }
        parsed.rows.append(values)
    }

    /// A text file's record, from the scanner's bytes (no String per cell).
    mutating func add(bytes buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int, label: String) {
        // A doubled quote inside a field: the cells' way, which undoes it.
        if fields.contains(where: \.escaped) {
            let cells = fields.map { f in ExportCell(String(decoding: Bytes(rebasing: buf[f.start..<f.end]), as: UTF8.self).replacingOccurrences(of: "\"\"", with: "\"")) }
            return add(cells, line: line, place: { "\(label):\($0)" })
        }
        func field(_ i: Int) -> Bytes { i < fields.count ? Bytes(rebasing: buf[fields[i].start..<fields[i].end]) : Bytes(start: nil, count: 0) }
        // Blank and total rows are not data.
        if !(0..<fields.count).contains(where: { ExportValue.cleanRange(field($0)) != nil }) { return }
        if let first = fields.first, let r = ExportValue.cleanRange(field(0)), buf[first.start + r.lowerBound] >= 0x80 || buf[first.start + r.lowerBound] | 0x20 == 0x74 {
            let t = String(decoding: Bytes(rebasing: buf[(first.start + r.lowerBound)..<(first.start + r.upperBound)]), as: UTF8.self).lowercased()
            if ["合计", "总计", "汇总", "total"].contains(t) { return }
        }
        rowsRead += 1
        var values: [String] = []
        values.reserveCapacity(columns.count)
        for c in columns {
            if c.index < 0 { values.append(dateFromName ?? ""); continue }
            do { values.append(try ExportValue.normalize(bytes: field(c.index), c.kind)) } catch {
                skipped += 1
                problems.append((line, "\(label):\(line): \(c.name): \(error.why)"))
                return
            }
        }
        finish(values, line: line, place: { "\(label):\($0)" })
    }

    /// The second part of a file read in two: its rows after these, its lines renumbered.
    mutating func append(_ other: RowConverter, lineOffset: Int, label: String) {
        parsed.rows += other.parsed.rows
        parsed.keys += other.parsed.keys
        rowsRead += other.rowsRead; skipped += other.skipped
        problems += other.problems.map { p in
            let line = p.line + lineOffset
            return (line, p.text.replacingOccurrences(of: "\(label):\(p.line):", with: "\(label):\(line):"))
        }
        if let f = other.from { from = min(from ?? f, f) }
        if let t = other.to { to = max(to ?? t, t) }
    }

    /// The file's line of the import report.
    func result(_ base: ImportFileResult) -> ImportFileResult {
        var r = base
        r.family = family.id; r.target = family.target.fileName
        r.unmapped = match.unmapped; r.personal = match.personal
        if let d = dateFromName { r.notes.append("the day \(d) is taken from the file name") }
        r.rowsRead = rowsRead; r.skipped = skipped
        r.problems = problems.map(\.text)
        r.from = from; r.to = to
        return r
    }
}
