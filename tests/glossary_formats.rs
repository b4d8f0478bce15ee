//! Glossaries in the formats teams already keep (MkDocs abbreviations, one Markdown page per
//! term, Docusaurus JSON, CSV, TBX, Vale vocabularies), found by name and content or named
//! with a format, and `export` to TOML, JSON, Markdown, CSV and TBX — through the binary.

mod common;

use common::Project;
use serde_json::Value;

const ABBREVIATIONS: &str = "<!-- Appended to every page by pymdownx.snippets -->\r\n*[ZTNA]: Zero Trust Network Access\r\n*[mTLS]: mutual Transport Layer Security\r\n*[SBOM]: Software Bill of Materials\r\n";

const SIDECAR: &str = "---
title: Sidecar
id: sidecar
date: 2025-03-01
full_link: /docs/concepts/sidecar/
short_description: >
  A helper container that runs beside the main one in the same pod.
aka:
- sidecar container
tags:
- architecture
---
A sidecar shares the {{< glossary_tooltip text=\"pod\" term_id=\"pod\" >}}'s network and storage.
<!--more-->
It adds logging, proxies or certificate rotation without changing the application.
";

const EQUILIBREUR: &str = "---\r\ntitle: Équilibreur de charge\r\nsummary: Répartit les requêtes entre les instances.\r\naka: [répartiteur]\r\n---\r\nUn équilibreur de charge répartit le trafic.\r\n";

const DOCUSAURUS: &str = r#"{
  "description": "Terms of the billing docs",
  "terms": [
    {
      "term": "MRR",
      "abbreviation": "Monthly Recurring Revenue",
      "definition": "Revenue a subscription business can expect every month.",
      "relatedTerms": ["Churn"]
    },
    {
      "term": "Churn",
      "definition": "The share of customers who cancel in a period."
    }
  ]
}
"#;

/// Semicolons, a byte-order mark and CRLF, as a spreadsheet saves them; one bad cell.
const CSV: &str = "\u{feff}Term;Definition;Expansion;Part of speech;Case sensitive;Status;Use instead\r\nRPO;Most data a restore may lose, as time;Recovery Point Objective;noun;yes;;\r\nkill switch;;;noun;;forbidden;circuit breaker\r\nRTO;Longest a restore may take;Recovery Time Objective;noun;maybe;;\r\n";

const TBX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>Security terms</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry id="waf">
        <descrip type="subjectField">security</descrip>
        <langSec xml:lang="en">
          <descrip type="definition">A filter for HTTP traffic that blocks known attack patterns.</descrip>
          <termSec>
            <term>WAF</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            <termNote type="termType">acronym</termNote>
          </termSec>
          <termSec>
            <term>web application firewall</term>
            <termNote type="termType">fullForm</termNote>
          </termSec>
          <termSec>
            <term>packet shield</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="de">
          <termSec><term>Web-Application-Firewall</term></termSec>
        </langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
"#;

const DOC: &str = "The ZTNA gateway checks the SBOM. QPX is fine; QZZ is not. Add it to the whitelist.\nThe WAF stops it, the RPO is an hour and our MRR grows. Use a sidecar or a packet shield.\n";

fn project() -> Project {
    let p = Project::new();
    p.file("glossaries/abbreviations.md", ABBREVIATIONS);
    p.file("glossaries/terms/sidecar.md", SIDECAR);
    p.file("glossaries/terms/equilibreur.md", EQUILIBREUR);
    p.file("glossaries/site-glossary.json", DOCUSAURUS);
    p.file("glossaries/continuity.csv", CSV);
    p.file("glossaries/security.tbx", TBX);
    p.file(
        "glossaries/vocab/accept.txt",
        "Kubernetes\n[Oo]bservability\nQPX\ncolou?r\n",
    );
    p.file("glossaries/vocab/reject.txt", "[Ww]hitelist\n");
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"glossaries\"]\nbuiltin = false\n\n[acronyms]\nbuiltin-allow = false\n",
    );
    p.file("docs/a.md", DOC);
    p
}

/// `terms --json` as (term, expansion, source path:line:col).
fn terms(p: &Project, args: &[&str]) -> Vec<(String, String, String)> {
    let mut full = args.to_vec();
    full.extend(["terms", "--json"]);
    let run = p.run(&full);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{run}"));
    json.as_array()
        .expect("an array")
        .iter()
        .map(|t| {
            (
                t["term"].as_str().unwrap_or("").to_string(),
                t["expansion"].as_str().unwrap_or("").to_string(),
                format!(
                    "{}:{}:{}",
                    t["source"]["path"].as_str().unwrap_or(""),
                    t["source"]["line"],
                    t["source"]["column"]
                ),
            )
        })
        .collect()
}

fn triples(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn every_format_in_a_folder_is_found_by_name_and_content() {
    let p = project();
    assert_eq!(
        terms(&p, &[]),
        triples(&[
            ("Churn", "", "glossaries/site-glossary.json:10:5"),
            ("kill switch", "", "glossaries/continuity.csv:3:1"),
            (
                "MRR",
                "Monthly Recurring Revenue",
                "glossaries/site-glossary.json:4:5"
            ),
            (
                "mTLS",
                "mutual Transport Layer Security",
                "glossaries/abbreviations.md:3:1"
            ),
            ("packet shield", "", "glossaries/security.tbx:20:13"),
            (
                "RPO",
                "Recovery Point Objective",
                "glossaries/continuity.csv:2:1"
            ),
            (
                "RTO",
                "Recovery Time Objective",
                "glossaries/continuity.csv:4:1"
            ),
            (
                "SBOM",
                "Software Bill of Materials",
                "glossaries/abbreviations.md:4:1"
            ),
            ("Sidecar", "", "glossaries/terms/sidecar.md:2:1"),
            (
                "WAF",
                "web application firewall",
                "glossaries/security.tbx:11:13"
            ),
            ("Whitelist", "", "glossaries/vocab/reject.txt:1:1"),
            (
                "ZTNA",
                "Zero Trust Network Access",
                "glossaries/abbreviations.md:2:1"
            ),
            (
                "Équilibreur de charge",
                "",
                "glossaries/terms/equilibreur.md:2:1"
            ),
        ])
    );
    let define = p.run(&["define", "sidecar container"]);
    define.expect_code(0);
    assert!(
        define.stdout.contains(
            "A sidecar shares the pod's network and storage.\n\nIt adds logging, proxies"
        ),
        "{define}"
    );
    assert!(define.stdout.contains("Tags: architecture"), "{define}");
    let define = p.run(&["define", "répartiteur"]);
    assert!(
        define
            .stdout
            .starts_with("Équilibreur de charge\nAlso: répartiteur\n"),
        "{define}"
    );
}

#[test]
fn the_glossaries_drive_the_checks_and_their_problems_are_reported_where_they_are() {
    let p = project();
    let report = p.check_json(&["."]);
    report.run.expect_code(2);
    assert_eq!(
        report.findings(),
        [
            ("glossary-syntax", 4, 61, ""),
            ("glossary-syntax", 4, 6, ""),
            ("unexpanded-first-use", 1, 5, "ZTNA"),
            ("unexpanded-first-use", 1, 29, "SBOM"),
            // QPX is in accept.txt: no finding. QZZ is in no glossary.
            ("undefined-acronym", 1, 48, "QZZ"),
            ("forbidden-term", 1, 74, "Whitelist"),
            ("unexpanded-first-use", 2, 5, "WAF"),
            ("unexpanded-first-use", 2, 23, "RPO"),
            ("unexpanded-first-use", 2, 46, "MRR"),
            ("deprecated-term", 2, 76, "packet shield"),
        ]
    );
    let human = p.run(&["check", "docs"]);
    for line in [
        "glossaries/continuity.csv:4:61: error[glossary-syntax]: unknown case `maybe`, expected sensitive, insensitive, yes or no",
        "glossaries/vocab/accept.txt:4:6: error[glossary-syntax]: `colou?r` cannot be read as a list of words: `?`",
    ] {
        assert!(human.stdout.contains(line), "{line}\n{human}");
    }
}

#[test]
fn a_source_may_name_its_format_and_a_wrong_format_is_reported_at_its_place() {
    let p = Project::new();
    p.file("vocab/team-words.lst", "QPX\n");
    p.file("terms.xml", TBX);
    p.file("docs/a.md", "QPX and the WAF.\n");
    p.file(
        "glossary-ls.toml",
        "[glossary]\nbuiltin = false\nsources = [\n  { path = \"vocab/team-words.lst\", format = \"vale-accept\" },\n  \"terms.xml\",\n]\n[acronyms]\nbuiltin-allow = false\n",
    );
    // terms.xml is TBX by its content.
    assert_eq!(
        p.findings(&["docs/a.md"]),
        [("unexpanded-first-use", 1, 13, "WAF")]
    );
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [{ path = \"vocab/team-words.lst\", format = \"excel\" }]\n",
    );
    let run = p.run(&["check", "docs"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("glossary-ls.toml:2:54: unknown variant `excel`, expected one of"),
        "{run}"
    );
}

#[test]
fn export_round_trips_through_toml_json_and_tbx() {
    let p = project();
    let original = terms(&p, &["--no-builtin"]);
    for (format, file) in [
        ("toml", "out.toml"),
        ("json", "out.json"),
        ("tbx", "out.tbx"),
    ] {
        let run = p.run(&["export", "--format", format, "-o", &format!("../{file}")]);
        run.expect_code(0);
        assert!(run.stderr.contains("wrote 13 entries"), "{run}");
        let mut full: Vec<(String, String)> =
            terms(&p, &[]).into_iter().map(|(t, x, _)| (t, x)).collect();
        full.sort();
        let back = Project::new();
        back.file(
            file,
            std::fs::read(p.path(&format!("../{file}"))).unwrap_or_default(),
        );
        let _ = std::fs::remove_file(p.path(&format!("../{file}")));
        let mut reloaded: Vec<(String, String)> =
            terms(&back, &["--no-builtin", "--glossary", file])
                .into_iter()
                .map(|(t, x, _)| (t, x))
                .collect();
        reloaded.sort();
        assert_eq!(reloaded, full, "{format}");
        assert_eq!(reloaded.len(), original.len());
        // Every field, through `define`.
        for term in ["Sidecar", "kill switch", "packet shield", "MRR"] {
            let a = p.run(&["define", term]).stdout;
            let b = back
                .run(&["--no-builtin", "--glossary", file, "define", term])
                .stdout;
            let strip = |s: &str| {
                s.lines()
                    .filter(|l| !l.starts_with("Source: "))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(strip(&b), strip(&a), "{format} {term}");
        }
    }
}

#[test]
fn export_writes_a_markdown_page_and_a_csv_term_base_on_stdout() {
    let p = project();
    let page = p.run(&["export", "--format", "markdown"]);
    page.expect_code(0);
    assert!(page.stdout.starts_with("# Glossary\n"), "{page}");
    assert!(
        page.stdout.contains(
            "## <a id=\"mrr\"></a>MRR (Monthly Recurring Revenue)\n\nSee also: [Churn](#churn)\n"
        ),
        "{page}"
    );
    assert!(
        page.stdout
            .contains("## <a id=\"équilibreur-de-charge\"></a>Équilibreur de charge\n"),
        "{page}"
    );
    let csv = p.run(&["export", "--format", "csv"]);
    csv.expect_code(0);
    assert!(
        csv.stdout.starts_with(
            "term,expansion,aliases,summary,definition,see_also,tags,status,use_instead,case\n"
        ),
        "{csv}"
    );
    assert!(
        csv.stdout
            .contains("kill switch,,,,,,,forbidden,circuit breaker,\n"),
        "{csv}"
    );
    // Never over a glossary it reads.
    let run = p.run(&["export", "-o", "glossaries/continuity.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is a glossary this export reads"),
        "{run}"
    );
}
