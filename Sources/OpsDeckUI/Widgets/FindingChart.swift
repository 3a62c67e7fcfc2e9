import OpsDeckCore

/// Enter on a finding: its series as a column chart, the band it was judged against shaded,
/// the judged day last. Block glyphs (▁…█) give eight steps per row.
extension View {
    static func selectedFinding(_ s: AppState) -> Finding? {
        // The findings are the pane's first table.
        guard s.pane == .diagnosis, let (si, ri) = s.selectedRow, si == 0,
              let f = s.diagnosis?.findings, ri < f.count, !f[ri].series.isEmpty else { return nil }
        return f[ri]
    }

    static func findingChart(_ s: AppState, _ f: Finding, _ b: inout ScreenBuffer) {
        let l = s.lang
        let r = overlayRect(s, 16, width: 100)
        b.fill(r)
        b.box(r, title: f.name)
        let x0 = r.x + 2, inner = r.width - 4
        b.put(f.line, x: x0, y: r.y + 1, maxWidth: inner, style: Style(.text, bold: true))
        let chartH = max(3, r.height - 7)
        let values = Array(f.series.suffix(max(1, inner - 12)))
        let known = values.compactMap { $0 } + [f.band?.low, f.band?.high].compactMap { $0 }
        guard var lo = known.min(), var hi = known.max() else { return }
        if hi == lo { hi += 1; lo -= 1 }
        let top = r.y + 2, labelW = 11
        func level(_ v: Double) -> Double { (v - lo) / (hi - lo) * Double(chartH * 8) }
        // The band: shaded rows the values may move in unflagged.
        if let band = f.band {
            for row in 0..<chartH {
                let rowLow = Double((chartH - 1 - row) * 8), rowHigh = rowLow + 8
                if level(band.high) >= rowLow && level(band.low) <= rowHigh {
                    for i in values.indices { b.put("·", x: x0 + labelW + i, y: top + row, style: Style(.muted)) }
                }
            }
        }
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            let h = level(v)
            let judged = i == values.count - 1
            for row in 0..<chartH {
                let base = Double((chartH - 1 - row) * 8)
                let fill = h - base
                guard fill > 0 else { continue }
                let glyph = fill >= 8 ? "█" : String(bars[max(0, min(7, Int(fill) - 1))])
                b.put(glyph, x: x0 + labelW + i, y: top + row, style: Style(judged ? .bad : .accent, bold: judged))
            }
        }
        func label(_ v: Double) -> String { Diagnose.format(v, f.unit) }
        b.putPadded(label(hi), x: x0, y: top, width: labelW - 1, alignRight: true)
        b.putPadded(label(lo), x: x0, y: top + chartH - 1, width: labelW - 1, alignRight: true)
        var y = top + chartH + 1
        if let e = f.expected, let band = f.band {
            b.put(l("usual ", "常态 ") + label(e) + l(", band ", "，区间 ") + label(band.low) + " – " + label(band.high)
                  + (f.score.map { "  z " + ($0.isFinite ? Fmt.fixed($0, 1) : "∞") } ?? ""), x: x0, y: y, maxWidth: inner, style: Style(.muted))
            y += 1
        }
        b.put(l("last \(values.count) days; the judged day is the last column, the dots are the band · Esc closes",
                "近 \(values.count) 天；最后一列为判断日，点为常态区间 · Esc 关闭"), x: x0, y: y, maxWidth: inner, style: Style(.muted))
    }
}
