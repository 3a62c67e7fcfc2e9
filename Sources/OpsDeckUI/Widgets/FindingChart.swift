import OpsDeckCore

/// Enter on a finding: its series as a column chart, the band it was judged against shaded,
/// the judged day last. Block glyphs (▁…█) give eight steps per row.
extension View {
    static func selectedFinding(_ s: AppState) -> Finding? {
        // The findings are the pane's first table.
        guard s.pane == .diagnosis, let (si, ri) = s.selectedRow, si == 0,
              let f = s.diagnosis?.all, ri < f.count, !f[ri].series.isEmpty else { return nil }
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
        let shown = min(f.series.count, max(1, inner - 12))
        let first = f.series.count - shown
        let values = Array(f.series.suffix(shown))
        // Each point's own band (the baseline moves with the weekday and the hour).
        let bands: [(low: Double, high: Double)?] = f.bands.count == f.series.count ? Array(f.bands.suffix(shown)) : values.map { _ in f.band }
        let known = values.compactMap { $0 } + bands.compactMap { $0 }.flatMap { [$0.low, $0.high] }
        guard var lo = known.min(), var hi = known.max() else { return }
        if hi == lo { hi += 1; lo -= 1 }
        let top = r.y + 2, labelW = 11
        func level(_ v: Double) -> Double { (v - lo) / (hi - lo) * Double(chartH * 8) }
        // The band: dotted rows each point may move in unflagged; the episode's columns shaded.
        for (i, band) in bands.enumerated() {
            let inEpisode = f.episodeStart.map { first + i >= $0 } ?? false
            for row in 0..<chartH {
                let rowLow = Double((chartH - 1 - row) * 8), rowHigh = rowLow + 8
                if let band, level(band.high) >= rowLow && level(band.low) <= rowHigh {
                    b.put("·", x: x0 + labelW + i, y: top + row, style: Style(.muted))
                } else if inEpisode {
                    b.put("░", x: x0 + labelW + i, y: top + row, style: Style(.muted))
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
                let inEpisode = f.episodeStart.map { first + i >= $0 } ?? false
                b.put(glyph, x: x0 + labelW + i, y: top + row, style: Style(inEpisode ? .bad : .accent, bold: judged))
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
        let span = f.today ? l("\(values.count) hours", "\(values.count) 小时") : l("\(values.count) days", "\(values.count) 天")
        b.put(l("last \(span) · last column judged · ··· usual band · ░ the episode (\(f.kind?.rawValue ?? "—")) · Esc closes",
                "近 \(span) · 最后一列为判断点 · ··· 常态区间 · ░ 异常区段 · Esc 关闭"), x: x0, y: y, maxWidth: inner, style: Style(.muted))
    }
}
