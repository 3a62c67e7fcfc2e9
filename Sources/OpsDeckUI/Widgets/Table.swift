import OpsDeckCore

/// The table every list draws with: columns fitted to the width, a header that marks the
/// sorted column, rows with the selection filled, and arrows where the page goes on. The
/// pane tables, the bid desk and the review's page share it.
public struct Table {
    public let columns: [PaneContent.Column]
    public let widths: [Int]
    public let x: Int

    /// `content`: how wide each column's longest text is, when known — spare width goes to
    /// the columns whose text is cut, in proportion to how much is cut.
    public init(_ columns: [PaneContent.Column], x: Int, width: Int, content: [Int?] = []) {
        self.columns = columns; self.x = x
        widths = Table.fit(columns, width: width, content: content)
    }

    /// Column widths that fit: columns whose content is wider first (shared by need), then
    /// the widest text column takes what is left; or columns shrink from the right (never
    /// below 3).
    public static func fit(_ cols: [PaneContent.Column], width: Int, content: [Int?] = []) -> [Int] {
        var w = cols.map(\.width)
        let gaps = max(0, cols.count - 1)
        var total = w.reduce(0, +) + gaps
        if total < width {
            let wants = cols.indices.map { i in max(0, (i < content.count ? content[i] ?? 0 : 0) - w[i]) }
            let need = wants.reduce(0, +), spare = width - total
            if need > 0 {
                for i in cols.indices where wants[i] > 0 {
                    let give = need <= spare ? wants[i] : wants[i] * spare / need
                    w[i] += give; total += give
                }
            }
        }
        if total < width, let wide = cols.indices.filter({ !cols[$0].right }).max(by: { cols[$0].width < cols[$1].width }) {
            w[wide] += width - total; total = width
        }
        var i = w.count - 1
        while total > width && i >= 0 {
            let cut = min(w[i] - 3, total - width)
            if cut > 0 { w[i] -= cut; total -= cut }
            i -= 1
        }
        return w
    }

    /// The column titles; the sorted one carries ▲ or ▼.
    public func header(_ b: inout ScreenBuffer, y: Int, style: Style = Style(.muted), sorted: (column: Int, descending: Bool)? = nil) {
        var titles = columns.map(\.title)
        if let s = sorted, titles.indices.contains(s.column) { titles[s.column] += s.descending ? "▼" : "▲" }
        row(&b, titles, y: y, style: style)
    }

    /// One row of cells; a selected row is filled across the table's width.
    public func row(_ b: inout ScreenBuffer, _ cells: [String], y: Int, style: Style, selected: Bool = false) {
        if selected { b.fill(Rect(x: x, y: y, width: widths.reduce(0, +) + max(0, widths.count - 1), height: 1), style: style) }
        var cx = x
        for (i, cw) in widths.enumerated() where cw > 0 {
            if i < cells.count { b.putPadded(cells[i], x: cx, y: y, width: cw, style: style, alignRight: columns[i].right) }
            cx += cw + 1
        }
    }

    /// ↑ and ↓ at the right edge of `r` when lines are hidden above or below the page.
    public static func scrollMarks(_ b: inout ScreenBuffer, _ r: Rect, top: Int, shown: Int, total: Int) {
        if top > 0 { b.put("↑", x: r.x + r.width - 1, y: r.y, style: Style(.muted)) }
        if top + shown < total { b.put("↓", x: r.x + r.width - 1, y: r.y + r.height - 1, style: Style(.muted)) }
    }
}
