import CFreeXL
import Foundation
import OpsDeckCore
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One cell as a workbook holds it: its text, and its number when it is a number (a date
/// serial in a date column, an ID Excel turned into a number).
struct ExportCell: Sendable {
    var text: String
    var number: Double?
    init(_ text: String, number: Double? = nil) { self.text = text; self.number = number }
}

/// A table in a file: a CSV, a CSV inside a zip, or a worksheet. Rows are streamed, never
/// held whole: `rows` calls the body with each row's number (1-based) and cells, and stops
/// when it returns false.
struct ExportSheet {
    /// How problems name it: `file.csv`, `file.zip/inner.csv`, `file.xlsx[Sheet1]` — so a
    /// place reads `file:line` for text and `file[sheet]:row` for a workbook.
    var label: String
    /// The file, when the table is a plain text file (it can then be read in parts).
    var textPath: String? = nil
    var rows: (_ body: @escaping (Int, [ExportCell]) throws -> Bool) throws -> Void

    func place(_ row: Int) -> String { "\(label):\(row)" }
}

/// Why a file cannot be imported at all.
struct ExportFileError: Error, CustomStringConvertible {
    let description: String
}

/// Opens a file by what its bytes are, not its name.
enum ExportFile {
    enum Container: Equatable { case xls, zip, text, empty, webPage }

    static func sniff(_ path: String) throws -> Container {
        guard let h = FileHandle(forReadingAtPath: path) else { throw ExportFileError(description: "cannot be read") }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 512)) ?? Data()
        if head.isEmpty { return .empty }
        let b = [UInt8](head)
        if b.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .xls }
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .zip }
        if b.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .empty }   // an empty zip
        // An expired login hands back a page (HTML) or an error (JSON) instead of a report.
        let text = String(decoding: b.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }, as: UTF8.self).lowercased()
        if text.hasPrefix("<!doctype") || text.hasPrefix("<html") || text.hasPrefix("<?xml") || text.hasPrefix("<head") || text.hasPrefix("{") || text.hasPrefix("[{") {
            return .webPage
        }
        if b.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) && head.count < 512 { return .empty }
        return .text
    }

    /// The tables in the file. `scratch` is a folder for what a zip holds.
    static func sheets(path: String, name: String, scratch: URL) throws -> [ExportSheet] {
        switch try sniff(path) {
        case .empty: throw ExportFileError(description: "empty file")
        case .webPage: throw ExportFileError(description: "a web page (HTML or JSON), not a report: most likely the login had expired; download it again")
        case .text: return [textSheet(path: path, label: name)]
        case .xls: return try xlsSheets(path: path, name: name)
        case .zip: return try zipSheets(path: path, name: name, scratch: scratch)
        }
    }

    // MARK: text

    static func textSheet(path: String, label: String) -> ExportSheet {
        ExportSheet(label: label, textPath: path) { body in
            var reader = RowCollector(body: body)
            do { _ = try CSVFile.read(path: path, into: &reader) } catch let error as CSVFileError {
                switch error {
                case .cannotOpen(let why): throw ExportFileError(description: "cannot be read: \(why)")
                case .notText(let why): throw ExportFileError(description: why)
                }
            }
            if let e = reader.error { throw e }
        }
    }

    /// Feeds CSV records to a row body as cells.
    struct RowCollector: RecordHandler {
        let body: (Int, [ExportCell]) throws -> Bool
        var stopped = false
        var error: Error?
        /// The last record's quote was never closed (a part cut inside a quoted field).
        var openQuote = false
        mutating func record(_ buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int, end: RecordEnd, malformed: String?) {
            guard !stopped else { return }
            if end == .openQuoteAtEndOfFile { openQuote = true }
            var cells: [ExportCell] = []
            cells.reserveCapacity(fields.count)
            for f in fields {
                var text = String(decoding: UnsafeBufferPointer(rebasing: buf[f.start..<f.end]), as: UTF8.self)
                if f.escaped { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
                cells.append(ExportCell(text))
            }
            do { if try !body(line, cells) { stopped = true } } catch { self.error = error; stopped = true }
        }
    }

    // MARK: zip: a workbook (.xlsx) or CSV files

    static func zipSheets(path: String, name: String, scratch: URL) throws -> [ExportSheet] {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw ExportFileError(description: "a damaged or truncated zip file (\(error))")
        }
        let entries = Array(archive)
        if entries.contains(where: { $0.path == "xl/workbook.xml" }) {
            return try XLSX(archive: archive, entries: entries, name: name, scratch: scratch).sheets()
        }
        var out: [ExportSheet] = []
        for e in entries where e.type == .file && !e.path.hasPrefix("__MACOSX/") {
            let lower = e.path.lowercased()
            let inner = scratch.appendingPathComponent(UUID().uuidString + "-" + (e.path as NSString).lastPathComponent)
            do { _ = try archive.extract(e, to: inner) } catch {
                throw ExportFileError(description: "\(e.path) in the zip cannot be read: a damaged or truncated zip file")
            }
            if lower.hasSuffix(".xls") || lower.hasSuffix(".xlsx") || lower.hasSuffix(".zip") {
                out += try sheets(path: inner.path, name: "\(name)/\(e.path)", scratch: scratch)
            } else {
                out.append(textSheet(path: inner.path, label: "\(name)/\(e.path)"))
            }
        }
        if out.isEmpty { throw ExportFileError(description: "a zip file with no report in it") }
        return out
    }

    // MARK: .xls through FreeXL

    static func xlsSheets(path: String, name: String) throws -> [ExportSheet] {
        var handle: UnsafeRawPointer?
        let rc = freexl_open(path, &handle)
        guard rc == FREEXL_OK, let handle else {
            if let handle { freexl_close(handle) }
            throw ExportFileError(description: "a damaged or truncated Excel workbook (.xls; FreeXL error \(rc))")
        }
        // FreeXL keeps one active sheet per handle: the sheets are read one after another,
        // each through the same handle, which is closed when the last reader is done with it.
        let box = XLSHandle(handle)
        var count: UInt32 = 0
        freexl_get_info(handle, opsdeck_freexl_sheet_count_query(), &count)
        return (0..<Int(count)).map { i in
            var cname: UnsafePointer<CChar>?
            freexl_get_worksheet_name(handle, UInt16(i), &cname)
            let sheet = cname.map { String(cString: $0) } ?? "Sheet\(i + 1)"
            return ExportSheet(label: "\(name)[\(sheet)]") { body in
                guard freexl_select_active_worksheet(box.handle, UInt16(i)) == FREEXL_OK else {
                    throw ExportFileError(description: "sheet \(sheet) cannot be read")
                }
                var rows: UInt32 = 0, cols: UInt16 = 0
                guard freexl_worksheet_dimensions(box.handle, &rows, &cols) == FREEXL_OK else {
                    throw ExportFileError(description: "sheet \(sheet) cannot be read (a truncated workbook?)")
                }
                for r in 0..<rows {
                    var cells: [ExportCell] = []
                    cells.reserveCapacity(Int(cols))
                    for c in 0..<cols {
                        var v = FreeXL_CellValue()
                        guard freexl_get_cell_value(box.handle, r, c, &v) == FREEXL_OK else { cells.append(ExportCell("")); continue }
                        switch Int32(v.type) {
                        case FREEXL_CELL_INT: cells.append(ExportCell(String(v.value.int_value), number: Double(v.value.int_value)))
                        case FREEXL_CELL_DOUBLE:
                            let d = v.value.double_value
                            cells.append(ExportCell(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d), number: d))
                        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT, FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
                            cells.append(ExportCell(v.value.text_value.map { String(cString: $0) } ?? ""))
                        default: cells.append(ExportCell(""))
                        }
                    }
                    if try !body(Int(r) + 1, cells) { break }
                }
            }
        }
    }

    final class XLSHandle: @unchecked Sendable {
        let handle: UnsafeRawPointer
        init(_ h: UnsafeRawPointer) { handle = h }
        deinit { freexl_close(handle) }
    }
}

/// An .xlsx workbook: shared strings once, then each sheet's XML streamed from a file
/// (extracted, not inflated into memory) through a SAX parser, a row at a time.
struct XLSX {
    let archive: Archive
    let entries: [Entry]
    let name: String
    let scratch: URL

    func sheets() throws -> [ExportSheet] {
        let strings = try sharedStrings()
        let names = try sheetNames()
        let paths = entries.map(\.path).filter { $0.hasPrefix("xl/worksheets/sheet") && $0.hasSuffix(".xml") }
            .sorted { number($0) < number($1) }
        return paths.enumerated().map { i, p in
            let sheet = i < names.count ? names[i] : "Sheet\(i + 1)"
            return ExportSheet(label: "\(name)[\(sheet)]") { body in
                let file = scratch.appendingPathComponent(UUID().uuidString + ".xml")
                defer { try? FileManager.default.removeItem(at: file) }
                guard let entry = archive[p] else { throw ExportFileError(description: "sheet \(sheet) is missing") }
                do { _ = try archive.extract(entry, to: file) } catch {
                    throw ExportFileError(description: "sheet \(sheet) cannot be read: a damaged or truncated workbook")
                }
                guard let stream = InputStream(url: file) else { throw ExportFileError(description: "sheet \(sheet) cannot be read") }
                let reader = SheetXML(strings: strings, body: body)
                let parser = XMLParser(stream: stream)
                parser.delegate = reader
                if !parser.parse(), !reader.stopped {
                    if let e = reader.error { throw e }
                    throw ExportFileError(description: "sheet \(sheet): damaged XML (\(parser.parserError.map { "\($0)" } ?? "unknown")) — a truncated workbook?")
                }
                if let e = reader.error { throw e }
            }
        }
    }

    func number(_ path: String) -> Int { Int(path.filter(\.isNumber)) ?? 0 }

    func data(_ path: String) throws -> Data? {
        guard let e = archive[path] else { return nil }
        var d = Data()
        do { _ = try archive.extract(e) { d.append($0) } } catch {
            throw ExportFileError(description: "\(path) cannot be read: a damaged or truncated workbook")
        }
        return d
    }

    func sharedStrings() throws -> [String] {
        guard let d = try data("xl/sharedStrings.xml") else { return [] }
        let p = XMLParser(data: d)
        let r = SharedStringsXML()
        p.delegate = r
        guard p.parse() else { throw ExportFileError(description: "shared strings: damaged XML — a truncated workbook?") }
        return r.strings
    }

    func sheetNames() throws -> [String] {
        guard let d = try data("xl/workbook.xml") else { return [] }
        let p = XMLParser(data: d)
        let r = SheetNamesXML()
        p.delegate = r
        _ = p.parse()
        return r.names
    }
}

final class SharedStringsXML: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = "", inText = false, inPhonetic = false
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch e {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func parser(_ p: XMLParser, foundCharacters s: String) { if inText { current += s } }
    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        switch e {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

final class SheetNamesXML: NSObject, XMLParserDelegate {
    var names: [String] = []
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if e == "sheet", let n = attributes["name"] { names.append(n) }
    }
}

/// One worksheet's rows: `<row r="5"><c r="B5" t="s"><v>3</v></c>…</row>`; cells may be
/// missing (their column is in `r`), strings shared, inline or formula results.
final class SheetXML: NSObject, XMLParserDelegate {
    let strings: [String]
    let body: (Int, [ExportCell]) throws -> Bool
    var stopped = false
    var error: Error?
    private var row: [ExportCell] = [], rowNumber = 0
    private var column = 0, type = "", value = "", inValue = false

    init(strings: [String], body: @escaping (Int, [ExportCell]) throws -> Bool) { self.strings = strings; self.body = body }

    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch e {
        case "row":
            row = []
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
        case "c":
            type = attributes["t"] ?? ""; value = ""
            column = attributes["r"].map(SheetXML.column) ?? row.count
        case "v", "t": inValue = true
        default: break
        }
    }
    func parser(_ p: XMLParser, foundCharacters s: String) { if inValue { value += s } }
    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        switch e {
        case "v", "t": inValue = false
        case "c":
            while row.count < column { row.append(ExportCell("")) }
            let cell: ExportCell
            switch type {
            case "s": cell = ExportCell(Int(value).flatMap { $0 < strings.count ? strings[$0] : nil } ?? "")
            case "inlineStr", "str", "e": cell = ExportCell(value)
            case "b": cell = ExportCell(value == "1" ? "TRUE" : "FALSE")
            default:
                let d = Double(value)
                cell = ExportCell(d.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : value } ?? value, number: d)
            }
            if column < row.count { row[column] = cell } else { row.append(cell) }
        case "row":
            do { if try !body(rowNumber, row) { stopped = true; p.abortParsing() } } catch { self.error = error; stopped = true; p.abortParsing() }
        default: break
        }
    }

    /// "BC12" → 54 (0-based).
    static func column(_ ref: String) -> Int {
        var n = 0
        for ch in ref.unicodeScalars {
            guard ch.value >= 65 && ch.value <= 90 else { break }
            n = n * 26 + Int(ch.value - 64)
        }
        return max(0, n - 1)
    }
}
