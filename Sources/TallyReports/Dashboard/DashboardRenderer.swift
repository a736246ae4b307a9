/// Writes a `DashboardModel` as one self-contained HTML5 page: inline CSS, charts as inline SVG,
/// no script, and a Content-Security-Policy that forbids every fetch, so the browser itself
/// guarantees the page makes no network request. Every text from the model is HTML-escaped.
///
/// The output is deterministic (same model, same bytes: no clock, no locale, no hashing order)
/// and takes time and memory linear in the model's size (days × series, plus rows).
public enum DashboardRenderer {
    /// The policy in the page's `<meta http-equiv>`: nothing may load except inline styles and
    /// `data:` images; scripts are not allowed at all.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// Panel headings, in page order; the leaderboard's appears only when the model has one.
    package enum Heading {
        package static let headline = "Work completed with AI"
        package static let tokensByModel = "Daily tokens by model"
        package static let tokensByKind = "Daily tokens by kind"
        package static let shippedOverTime = "Work completed with AI over time"
        package static let adoption = "Adoption breadth by org"
        package static let flags = "Red flags"
        package static let leaderboard = "Leaderboard"
    }

    /// The whole page.
    public static func html(_ model: DashboardModel) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="tokentally">
            <title>\(HTMLText.escape(model.title))</title>
            <link rel="icon" href="data:,">
            <style>\(stylesheet)</style>
            </head>
            <body>
            <div class="page">
            <header class="page-head">
            <h1>\(HTMLText.escape(model.title))</h1>
            <p class="subtitle">\(HTMLText.escape(model.subtitle))</p>
            </header>
            <main>

            """
        out += limitNotice(model.limitNotes)
        out += headlinePanel(model.headline)
        out += tokensByModelPanel(model)
        out += tokensByKindPanel(model)
        out += shippedPanel(model)
        out += adoptionPanel(model)
        out += flagsPanel(model.flags)
        if let leaderboard = model.leaderboard { out += leaderboardPanel(leaderboard) }
        out += "</main>\n"
        out += footer(model)
        out += "</div>\n</body>\n</html>\n"
        return out
    }

    /// Light theme, system fonts only (nothing to fetch), tabular figures so numbers align.
    static let stylesheet = """

        :root{--fg:#1d2433;--muted:#5f6b7c;--faint:#8a94a3;--line:#e3e7ee;--bg:#f4f6f9;--panel:#fff;\
        --accent:#2f5d9e;--warn-bg:#fff8e6;--warn-line:#f0c36d;--warn-fg:#6b4a00;--bad:#b42318;--bad-bg:#fdeceb;\
        --good:#087443}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;background:var(--bg);color:var(--fg);\
        font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif}
        .page{max-width:1200px;margin:0 auto;padding:28px 24px 36px}
        .page-head h1{font-size:24px;line-height:1.2;margin:0 0 4px;font-weight:700;letter-spacing:-.01em}
        .subtitle{margin:0;color:var(--muted);font-size:13px}
        .panel{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:18px 22px 20px;margin-top:16px}
        .panel h2{font-size:16px;line-height:1.3;margin:0 0 4px;font-weight:650}
        .panel .lede{margin:0 0 14px;color:var(--muted);font-size:13px}
        .num,td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .headline-grid{display:grid;grid-template-columns:minmax(290px,1fr) 2.6fr;gap:28px;align-items:center}
        .hero{padding-right:24px;border-right:1px solid var(--line)}
        .hero .big{font-size:60px;line-height:1;font-weight:750;letter-spacing:-.03em;color:var(--accent);\
        font-variant-numeric:tabular-nums}
        .hero .caption{margin-top:6px;font-size:15px;font-weight:600}
        .hero .share{display:flex;align-items:center;gap:10px;margin-top:12px;color:var(--muted);font-size:13px;white-space:nowrap}
        .hero .share svg.meter{width:96px}
        .hero .share strong{color:var(--fg)}
        .stats{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:14px 18px;margin:0}
        .stat{border-left:3px solid var(--line);padding:2px 0 2px 12px;margin:0}
        .stat dt{color:var(--muted);font-size:12px}
        .stat dd{margin:0;font-size:21px;font-weight:650;font-variant-numeric:tabular-nums}
        .legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 20px;margin:0 0 10px;padding:0;font-size:13px}
        .legend li{white-space:nowrap}
        .legend .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
        .legend .total{color:var(--faint);margin-left:4px;font-variant-numeric:tabular-nums}
        svg.chart{display:block;width:100%;height:auto;overflow:visible}
        svg text{font-family:inherit}
        .ytick,.xtick{font-size:12px;fill:var(--muted);font-variant-numeric:tabular-nums}
        .gridline{stroke:var(--line);stroke-width:1}
        .baseline{stroke:#9aa4b2;stroke-width:1}
        .nodata{font-size:16px;fill:var(--faint)}
        .empty{margin:0;padding:14px 16px;border-radius:8px;background:var(--bg);color:var(--muted)}
        table{width:100%;border-collapse:collapse}
        th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);padding:6px 10px;border-bottom:1px solid var(--line)}
        td{padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
        tbody tr:last-child td{border-bottom:0}
        td.org,td.user,td.subject{font-weight:600}
        td.subject{white-space:nowrap}
        .meter-cell{display:flex;align-items:center;gap:10px}
        .meter-cell .num{min-width:3.5em}
        svg.meter{display:block;width:160px;height:10px;flex:none}
        svg.meter .track{fill:#edf0f4}
        .up{color:var(--good)}.down{color:var(--bad)}.na{color:var(--faint)}
        .pill{display:inline-block;padding:1px 8px;border-radius:999px;background:var(--bad-bg);color:var(--bad);\
        font-size:12px;font-weight:600;white-space:nowrap}
        td.evidence{max-width:420px}
        td.threshold{color:var(--muted);font-size:13px}
        .board{display:grid;grid-template-columns:minmax(0,2fr) minmax(260px,1fr);gap:22px;align-items:start}
        .caveat{background:var(--warn-bg);border:1px solid var(--warn-line);border-left:5px solid var(--warn-line);\
        border-radius:8px;padding:12px 14px;color:var(--warn-fg)}
        .caveat h3{margin:0 0 4px;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
        .caveat p{margin:0;font-size:14px;line-height:1.5;color:var(--fg)}
        .badges{list-style:none;margin:14px 0 0;padding:0;display:grid;gap:8px}
        .badges li{border:1px solid var(--line);border-radius:8px;padding:8px 12px}
        .badges .name{font-weight:650}
        .badges .who{color:var(--muted)}
        td.rank{color:var(--muted);width:3em}
        footer{margin-top:18px;color:var(--muted);font-size:13px}
        footer p{margin:4px 0}
        @media (max-width:820px){.headline-grid,.board{grid-template-columns:1fr}\
        .hero{border-right:0;padding-right:0}.stats{grid-template-columns:repeat(2,minmax(0,1fr))}}

        """
}
