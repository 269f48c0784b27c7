/// The report's only stylesheet, inlined in `<style>`: system fonts (no font file is fetched), light colours,
/// and print rules (A4, charts kept whole, colours kept, table headers repeated).
enum ReportStyle {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f4f6f8; color: #1a202c; font-size: 14px; line-height: 1.5;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
            "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        main { max-width: 980px; margin: 0 auto; padding: 24px 20px 40px; }
        header { margin-bottom: 16px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 0 0 8px; border-bottom: 2px solid #2b6cb0; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        .en { font-weight: normal; color: #4a5568; }
        .meta, .note { color: #4a5568; font-size: 13px; margin: 4px 0 10px; }
        .lead { font-size: 15px; margin: 6px 0 12px; }
        nav { font-size: 13px; margin: 8px 0 0; }
        nav a { color: #2b6cb0; text-decoration: none; margin-right: 14px; white-space: nowrap; }
        section { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 16px 20px;
          margin: 0 0 18px; }
        .tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 0; padding: 0; }
        .tiles div { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
        .tiles dt { font-size: 12px; color: #4a5568; }
        .tiles dd { margin: 0; font-size: 22px; font-weight: 600; }
        .runline { font-size: 15px; margin: 4px 0 8px; }
        .badge { display: inline-block; padding: 1px 10px; border-radius: 11px; font-weight: 600; color: #fff;
          background: #718096; margin-right: 6px; }
        .badge.succeeded { background: #2f855a; } .badge.failed { background: #c53030; }
        .badge.partial { background: #b7791f; } .badge.running { background: #2b6cb0; } .badge.interrupted { background: #9b2c2c; }
        .figures { display: flex; flex-wrap: wrap; gap: 26px; margin: 6px 0 6px; }
        .figures b { display: block; font-size: 24px; }
        .figures span { font-size: 12px; color: #4a5568; }
        .message { background: #fff5f5; border-left: 4px solid #c53030; padding: 6px 10px; margin: 8px 0; }
        .empty { color: #4a5568; font-style: italic; background: #f7fafc; padding: 10px 12px; border-radius: 4px; }
        figure { margin: 8px 0 12px; break-inside: avoid; page-break-inside: avoid; }
        .chart { display: block; width: 100%; max-width: 900px; height: auto; }
        .chart text { font-family: inherit; }
        .legend { list-style: none; margin: 0 0 4px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px;
          font-size: 12px; color: #2d3748; }
        .legend svg { margin-right: 5px; vertical-align: -1px; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
        thead th { background: #edf2f7; font-weight: 600; white-space: nowrap; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        tr.group th { background: #f7fafc; color: #2b6cb0; border-bottom: 1px solid #cbd5e0; padding-top: 8px; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: #f7fafc;
          padding: 0 3px; border-radius: 3px; word-break: break-all; }
        .examples { margin: 0; padding-left: 16px; }
        .examples li { margin: 0 0 2px; }
        .muted { color: #718096; }
        .sev-error { color: #c53030; font-weight: 600; } .sev-warning { color: #b7791f; }
        .sev-error, .sev-warning { white-space: nowrap; }
        .small { font-size: 12px; }
        footer { color: #718096; font-size: 12px; margin-top: 10px; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { background: #fff; font-size: 11pt; }
          main { max-width: none; padding: 0; }
          nav { display: none; }
          section { border: none; padding: 0; margin: 0 0 14pt; }
          h2 { break-after: avoid; page-break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
