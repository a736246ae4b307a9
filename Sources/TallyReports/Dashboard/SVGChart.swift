/// Inline SVG chart primitives for the dashboard. Every chart has a `viewBox` and no fixed size, so
/// CSS scales it to its panel; every number written into an attribute goes through
/// `DashboardFormat.number`, which cannot produce NaN or infinity.
package enum SVGChart {
    /// Ten colours that stay apart for common colour-vision deficiencies (Tableau 10). Layers past
    /// the tenth reuse them in order; the model should fold long tails into "other" before that.
    package static let palette = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    package static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// Geometry of the daily charts in viewBox units (about pixels at the page's full width).
    package static let width = 1120.0
    package static let height = 290.0
    package static let plotLeft = 64.0  // room for y labels such as "1.5B"
    package static let plotRight = width - 44.0  // half a date label past the last bar's centre
    package static let plotTop = 16.0
    package static let plotBottom = height - 30.0
    /// Date labels at least this far apart, so that YYYY-MM-DD never overlaps its neighbour.
    static let minLabelSpacing = 120.0

    /// One layer of a stacked chart: `values[i]` for `days[i]`; missing values count as 0,
    /// negative ones too.
    package struct Layer {
        package var name: String
        package var values: [Int64]
        package var color: String

        package init(name: String, values: [Int64], color: String) {
            self.name = name
            self.values = values
            self.color = color
        }

        func value(at day: Int) -> Int64 { day < values.count ? max(0, values[day]) : 0 }
    }

    /// Stacked bars, one per day, the first layer at the bottom; a y axis from 0 with `AxisScale`
    /// ticks labelled by `DashboardFormat.compact`; dates below at an interval that fits. A bar
    /// segment is `value / axis top` of the plot's height, so heights compare across days and
    /// layers. Each segment is a `<rect class="seg" data-series=… data-day=…>` with a tooltip.
    /// Without days, layers or any non-zero value the chart says "no data".
    /// Linear in days × layers.
    package static func stackedBars(days: [Int64], layers: [Layer], label: String, unit: String) -> String {
        let n = days.count
        var totals = [Int64](repeating: 0, count: n)
        for layer in layers {
            for i in 0..<n { totals[i] = totals[i].addingSaturating(layer.value(at: i)) }
        }
        let maxTotal = totals.max() ?? 0
        let scale = AxisScale(max: maxTotal)
        let plotHeight = plotBottom - plotTop
        let plotWidth = plotRight - plotLeft

        func open(height: Double) -> String {
            "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">\n"
        }
        if n == 0 || layers.isEmpty || maxTotal == 0 {
            // A short strip instead of an empty plot: nothing to read, so little space taken.
            let stripHeight = 96.0
            return open(height: stripHeight)
                + "<line class=\"baseline\" x1=\"\(f(plotLeft))\" x2=\"\(f(plotRight))\" y1=\"\(f(stripHeight - 16))\" y2=\"\(f(stripHeight - 16))\"/>\n"
                + "<text class=\"nodata\" x=\"\(f((plotLeft + plotRight) / 2))\" y=\"\(f(stripHeight / 2))\" text-anchor=\"middle\">no data</text>\n</svg>"
        }
        var svg = open(height: height)
        func y(_ value: Int64) -> Double { plotBottom - Double(value) / Double(scale.top) * plotHeight }
        for tick in scale.ticks {
            let ty = y(tick)
            svg += "<line class=\"gridline\" data-value=\"\(tick)\" x1=\"\(f(plotLeft))\" x2=\"\(f(plotRight))\" y1=\"\(f(ty))\" y2=\"\(f(ty))\"/>"
            svg += "<text class=\"ytick\" x=\"\(f(plotLeft - 10))\" y=\"\(f(ty + 4))\" text-anchor=\"end\">\(DashboardFormat.compact(tick))</text>\n"
        }
        let slot = plotWidth / Double(n)
        let barWidth = slot * (n > 1 ? 0.72 : 0.3)
        for i in 0..<n {
            let x = plotLeft + Double(i) * slot + (slot - barWidth) / 2
            let date = DashboardFormat.date(day: days[i])
            var below: Int64 = 0
            for (s, layer) in layers.enumerated() {
                let v = layer.value(at: i)
                guard v > 0 else { continue }
                let top = below.addingSaturating(v)
                let y0 = y(below), y1 = y(top)
                svg += "<rect class=\"seg\" data-series=\"\(s)\" data-day=\"\(i)\" x=\"\(f(x))\" y=\"\(f(y1))\" width=\"\(f(barWidth))\" height=\"\(f(y0 - y1))\" fill=\"\(layer.color)\">"
                svg += "<title>\(date) · \(HTMLText.escape(layer.name)): \(DashboardFormat.grouped(v)) \(HTMLText.escape(unit))</title></rect>\n"
                below = top
            }
        }
        svg += "<line class=\"baseline\" x1=\"\(f(plotLeft))\" x2=\"\(f(plotRight))\" y1=\"\(f(plotBottom))\" y2=\"\(f(plotBottom))\"/>\n"
        let step = labelInterval(slot: slot)
        var i = n - 1  // the latest day always has its date
        while i >= 0 {
            let cx = plotLeft + (Double(i) + 0.5) * slot
            svg += "<text class=\"xtick\" x=\"\(f(cx))\" y=\"\(f(plotBottom + 20))\" text-anchor=\"middle\">\(DashboardFormat.date(day: days[i]))</text>\n"
            i -= step
        }
        return svg + "</svg>"
    }

    /// Days between date labels: the first of 1, 2, 3, 7, 14, 28, … (weeks keep the same weekday
    /// under every label) that keeps labels `minLabelSpacing` apart.
    package static func labelInterval(slot: Double) -> Int {
        for step in [1, 2, 3, 7, 14, 28, 56, 91, 182, 364] where Double(step) * slot >= minLabelSpacing {
            return step
        }
        let years = Int((minLabelSpacing / (364 * slot)).rounded(.up))
        return 364 * max(1, years)
    }

    /// A horizontal bar for a table cell: `value / max` of the track's width.
    package static func meter(value: Int64, max maxValue: Int64, color: String, label: String) -> String {
        let trackWidth = 160.0
        let share = maxValue > 0 ? min(1, Double(max(0, value)) / Double(maxValue)) : 0
        return "<svg class=\"meter\" viewBox=\"0 0 \(f(trackWidth)) 10\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">"
            + "<rect class=\"track\" width=\"\(f(trackWidth))\" height=\"10\" rx=\"2\"/>"
            + "<rect class=\"bar\" width=\"\(f(share * trackWidth))\" height=\"10\" rx=\"2\" fill=\"\(color)\"/></svg>"
    }

    private static func f(_ x: Double) -> String { DashboardFormat.number(x) }
}
