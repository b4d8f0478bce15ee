//! The report as one self-contained HTML page: inline CSS and SVG bar charts, no script and
//! nothing fetched from elsewhere, so that it can be attached to a CI run and opened
//! anywhere. Every text from the documents is escaped.

use super::first_few;
use crate::workspace_report::Report;

/// Documents named in a table cell.
const NAMED: usize = 5;
/// Bars in a chart.
const BARS: usize = 12;

const STYLE: &str = "
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --accent: #2f6fde; --warn: #d9822b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ink); background: #f5f7fa; }
main { max-width: 1100px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; }
p.lead { color: var(--muted); margin: 0 0 24px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.card .n { font-size: 26px; font-weight: 650; }
.card .l { color: var(--muted); font-size: 13px; }
.card.warn .n { color: var(--warn); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 14px; }
th { background: #f0f4f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.empty { color: var(--muted); }
.tag { display: inline-block; background: #e8f0fe; color: var(--accent); border-radius: 4px; padding: 0 6px; font-size: 12px; }
";

/// Text made safe for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn card(out: &mut String, number: usize, label: &str, warn: bool) {
    out.push_str(&format!(
        "<div class=\"card{}\"><div class=\"n\">{number}</div><div class=\"l\">{}</div></div>",
        if warn { " warn" } else { "" },
        esc(label)
    ));
}

/// A horizontal bar chart of (label, value), as inline SVG.
fn bar_chart(out: &mut String, caption: &str, bars: &[(String, usize)], color: &str, unit: &str) {
    out.push_str(&format!(
        "<figure><figcaption>{}</figcaption>",
        esc(caption)
    ));
    if bars.is_empty() {
        out.push_str("<p class=\"empty\">Nothing to show.</p></figure>");
        return;
    }
    let (label_width, bar_width, row) = (150.0, 300.0, 24.0);
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1) as f64;
    let height = row * bars.len() as f64;
    out.push_str(&format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {w} {height}\" width=\"100%\">",
        esc(caption),
        w = label_width + bar_width + 60.0
    ));
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = row * i as f64;
        let width = (*value as f64 / max * bar_width).max(2.0);
        let shown: String = label.chars().take(22).collect();
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
             <rect x=\"{bx}\" y=\"{ry}\" width=\"{width:.1}\" height=\"16\" rx=\"3\" fill=\"{color}\"><title>{full}: {value} {unit}</title></rect>\
             <text x=\"{vx:.1}\" y=\"{ty}\">{value}</text>",
            x = label_width - 8.0,
            ty = y + 16.0,
            label = esc(&shown),
            bx = label_width,
            ry = y + 4.0,
            full = esc(label),
            vx = label_width + width + 6.0,
        ));
    }
    out.push_str("</svg></figure>");
}

fn list_cell(items: &[String]) -> String {
    if items.is_empty() {
        return "<span class=\"empty\">—</span>".to_string();
    }
    esc(&first_few(items, NAMED))
}

pub fn render(report: &Report) -> String {
    let t = &report.totals;
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Glossary report</title><style>",
    );
    out.push_str(STYLE);
    out.push_str("</style></head><body><main>");
    out.push_str("<h1>Glossary report</h1>");
    out.push_str(&format!(
        "<p class=\"lead\">{} documents checked with the glossary by glossary-ls {}.</p>",
        t.documents,
        env!("CARGO_PKG_VERSION")
    ));

    out.push_str("<section class=\"cards\">");
    card(&mut out, t.documents, "documents", false);
    card(&mut out, t.words, "words", false);
    card(&mut out, t.terms_used, "glossary terms used", false);
    card(&mut out, t.term_uses, "uses of glossary terms", false);
    card(
        &mut out,
        t.unexplained_acronyms,
        "acronyms left unexplained",
        t.unexplained_acronyms > 0,
    );
    card(&mut out, t.definitions, "definitions made", false);
    card(
        &mut out,
        report.conflicts.len(),
        "conflicting acronyms",
        !report.conflicts.is_empty(),
    );
    card(
        &mut out,
        report.unused_entries.len(),
        "unused glossary entries",
        false,
    );
    out.push_str("</section>");

    out.push_str("<h2>At a glance</h2><section class=\"charts\">");
    let terms: Vec<(String, usize)> = report
        .top_terms
        .iter()
        .take(BARS)
        .map(|u| (u.term.clone(), u.documents))
        .collect();
    bar_chart(
        &mut out,
        "Most used glossary terms (documents)",
        &terms,
        "#2f6fde",
        "documents",
    );
    let unexplained: Vec<(String, usize)> = report
        .top_unexplained
        .iter()
        .take(BARS)
        .map(|u| (u.acronym.clone(), u.documents.len()))
        .collect();
    bar_chart(
        &mut out,
        "Most frequent unexplained acronyms (documents)",
        &unexplained,
        "#d9822b",
        "documents",
    );
    out.push_str("</section>");

    out.push_str("<h2 id=\"unexplained\">Unexplained acronyms</h2>");
    if report.top_unexplained.is_empty() {
        out.push_str("<p class=\"empty\">Every acronym is explained.</p>");
    } else {
        out.push_str(
            "<table><tr><th>acronym</th><th class=\"num\">documents</th><th>where</th></tr>",
        );
        for u in &report.top_unexplained {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&u.acronym),
                u.documents.len(),
                list_cell(&u.documents)
            ));
        }
        out.push_str("</table>");
    }

    out.push_str("<h2 id=\"conflicts\">Conflicting expansions</h2>");
    if report.conflicts.is_empty() {
        out.push_str("<p class=\"empty\">No acronym is expanded in two ways.</p>");
    } else {
        out.push_str("<table><tr><th>acronym</th><th>expansion</th><th>where</th></tr>");
        for conflict in &report.conflicts {
            for e in &conflict.expansions {
                let place = if e.glossary {
                    "<span class=\"tag\">glossary</span>".to_string()
                } else {
                    list_cell(&e.defined_in)
                };
                out.push_str(&format!(
                    "<tr><td><code>{}</code></td><td>{}</td><td>{place}</td></tr>",
                    esc(&conflict.acronym),
                    esc(&e.expansion)
                ));
            }
        }
        out.push_str("</table>");
    }

    out.push_str("<h2 id=\"terms\">Most used glossary terms</h2>");
    if report.top_terms.is_empty() {
        out.push_str("<p class=\"empty\">No glossary term is used.</p>");
    } else {
        out.push_str("<table><tr><th>term</th><th class=\"num\">documents</th><th class=\"num\">uses</th></tr>");
        for u in &report.top_terms {
            out.push_str(&format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&u.term),
                u.documents,
                u.uses
            ));
        }
        out.push_str("</table>");
    }

    out.push_str("<h2 id=\"unused\">Unused glossary entries</h2>");
    if report.unused_entries.is_empty() {
        out.push_str("<p class=\"empty\">Every entry is used.</p>");
    } else {
        let entries: Vec<String> = report.unused_entries.iter().map(|e| esc(e)).collect();
        out.push_str(&format!("<p>{}</p>", entries.join(", ")));
    }

    out.push_str("<h2 id=\"documents\">Documents</h2><table><tr><th>document</th><th class=\"num\">words</th><th>glossary terms</th><th>explained</th><th>unexplained</th><th>definitions</th></tr>");
    for d in &report.documents {
        let terms = d.terms_listed();
        let definitions = d.definitions_listed();
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.path),
            d.words,
            list_cell(&terms),
            list_cell(&d.explained),
            list_cell(&d.unexplained),
            list_cell(&definitions)
        ));
    }
    out.push_str("</table></main></body></html>\n");
    out
}
