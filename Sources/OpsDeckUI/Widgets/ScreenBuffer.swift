import OpsDeckCore

/// What a cell means, not what colour it is: the theme maps roles to colours, so a view never
/// names a colour and a monochrome terminal still shows every distinction (bold, reverse).
public enum Role: UInt8, CaseIterable, Sendable {
    case text, muted, accent, good, warn, bad, selection, border, title, header, tabActive, tabInactive, input
}

public struct Style: Equatable, Sendable {
    public var role: Role
    public var bold: Bool
    public init(_ role: Role = .text, bold: Bool = false) { self.role = role; self.bold = bold }
    public static let text = Style(.text)
}

/// One cell of the screen grid. A wide glyph fills its cell and blanks the next
/// (`width == 0` marks that continuation cell).
public struct Cell: Equatable, Sendable {
    public var glyph: Character
    public var width: UInt8
    public var style: Style
    public static let blank = Cell(glyph: " ", width: 1, style: .text)
}

/// The screen as a grid of cells. Views write into it with width-aware, sanitizing text
/// functions; the backend draws only the rows that changed since the last frame.
public struct ScreenBuffer: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(width, 0); self.height = max(height, 0)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }

    /// Fills a rectangle with blanks of one style.
    public mutating func fill(_ r: Rect, style: Style = .text, glyph: Character = " ") {
        let c = r.clipped(to: Rect(x: 0, y: 0, width: width, height: height))
        guard c.width > 0, c.height > 0 else { return }
        for y in c.y..<(c.y + c.height) {
            for x in c.x..<(c.x + c.width) { self[x, y] = Cell(glyph: glyph, width: 1, style: style) }
        }
    }

    /// Writes text at (x, y), at most `maxWidth` columns, cut with `…` when longer. Control
    /// characters become U+FFFD; a wide glyph that would straddle the edge is not drawn
    /// half. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .text) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        let fitted = Text.truncate(text, to: limit)
        var col = x
        for ch in fitted {
            let w = Text.width(ch)
            if w == 0 { continue }
            if col < 0 { col += w; continue }
            if col + w > x + limit { break }
            // Overwriting half of a wide glyph blanks its other half.
            if self[col, y].width == 0 && col > 0 { self[col - 1, y] = Cell(glyph: " ", width: 1, style: self[col - 1, y].style) }
            if w == 2 && col + 1 < width && self[col + 1, y].width == 2 && col + 2 < width {
                self[col + 2, y] = Cell(glyph: " ", width: 1, style: self[col + 2, y].style)
            }
            self[col, y] = Cell(glyph: ch, width: UInt8(w), style: style)
            if w == 2 { self[col + 1, y] = Cell(glyph: " ", width: 0, style: style) }
            col += w
        }
        return col - x
    }

    /// Writes text padded with spaces to exactly `width` columns.
    public mutating func putPadded(_ text: String, x: Int, y: Int, width w: Int, style: Style = .text, alignRight: Bool = false) {
        guard w > 0 else { return }
        fill(Rect(x: x, y: y, width: w, height: 1), style: style)
        let tw = min(Text.width(text), w)
        put(text, x: alignRight ? x + w - tw : x, y: y, maxWidth: w, style: style)
    }

    /// A box border with an optional title.
    public mutating func box(_ r: Rect, title: String? = nil, style: Style = Style(.border), titleStyle: Style = Style(.title, bold: true)) {
        guard r.width >= 2, r.height >= 2 else { return }
        let right = r.x + r.width - 1, bottom = r.y + r.height - 1
        for x in (r.x + 1)..<right { setGlyph("─", x, r.y, style); setGlyph("─", x, bottom, style) }
        for y in (r.y + 1)..<bottom { setGlyph("│", r.x, y, style); setGlyph("│", right, y, style) }
        setGlyph("┌", r.x, r.y, style); setGlyph("┐", right, r.y, style)
        setGlyph("└", r.x, bottom, style); setGlyph("┘", right, bottom, style)
        if let title, r.width > 4 { put(" \(title) ", x: r.x + 1, y: r.y, maxWidth: r.width - 2, style: titleStyle) }
    }

    mutating func setGlyph(_ g: Character, _ x: Int, _ y: Int, _ s: Style) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        self[x, y] = Cell(glyph: g, width: 1, style: s)
    }

    /// The screen as plain text, one line per row (for golden tests and `--dump`).
    public func text() -> String {
        (0..<height).map { y in
            var line = ""
            for c in row(y) where c.width > 0 { line.append(c.glyph) }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }
    public func clipped(to o: Rect) -> Rect {
        let x0 = max(x, o.x), y0 = max(y, o.y)
        let x1 = min(x + width, o.x + o.width), y1 = min(y + height, o.y + o.height)
        return Rect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }
    public func inset(_ d: Int) -> Rect { Rect(x: x + d, y: y + d, width: max(0, width - 2 * d), height: max(0, height - 2 * d)) }
}

/// Measuring, sanitizing and cutting text by display width.
public enum Text {
    /// Display width of one grapheme: its first scalar decides (emoji sequences count 2).
    public static func width(_ ch: Character) -> Int {
        guard let first = ch.unicodeScalars.first else { return 0 }
        if ch.unicodeScalars.count > 1 && ch.unicodeScalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) { return 2 }
        return DisplayWidth.of(first)
    }

    public static func width(_ s: String) -> Int { s.reduce(0) { $0 + width($1) } }

    /// Control characters (ESC, BEL, CR, …) and line breaks become U+FFFD.
    public static func sanitize(_ s: String) -> String { Sanitize.line(s) }

    /// Sanitized and cut to `limit` columns, ending in `…` when cut.
    public static func truncate(_ s: String, to limit: Int) -> String {
        let clean = sanitize(s)
        guard limit > 0 else { return "" }
        if width(clean) <= limit { return clean }
        var out = "", w = 0
        for ch in clean {
            let cw = width(ch)
            if w + cw > limit - 1 { break }
            out.append(ch); w += cw
        }
        return out + "…"
    }

    /// Padded (or cut) to exactly `w` columns.
    public static func fit(_ s: String, _ w: Int, right: Bool = false) -> String {
        let t = truncate(s, to: w)
        let pad = String(repeating: " ", count: max(0, w - width(t)))
        return right ? pad + t : t + pad
    }
}
