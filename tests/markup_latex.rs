//! LaTeX documents and LaTeX glossaries through the real binary and the language server:
//! prose positions inside each construct, CRLF, non-ASCII text, and nothing reported from
//! comments, code, math, options or the arguments of references.

mod common;
mod lsp_support;

use common::{NO_FINDINGS, Project};
use lsp_support::{Client, file_uri, pull_capabilities, push_capabilities};
use serde_json::{Value, json};

/// A thesis chapter written for these tests: a preamble with glossaries declarations, a
/// listing, math, a description list, a table, figures, links and accented text. Only RPO,
/// DEF (a link's text is prose), ÉTS and GHJ are unexplained; QQA/QQB (a macro definition),
/// INTRO/RETRY/KLM (labels, references, citations), QWE (a comment), QQQ/MAX (code and
/// math), SLA (an equation) and ARCH/ABC (file names and URLs) are not prose.
const THESIS: &str = r#"\documentclass[a4paper,11pt]{report}
\usepackage[T1]{fontenc}
\usepackage[acronym,toc]{glossaries}
\newcommand{\QQA}{Quality QQB}
\newacronym{dlq}{DLQ}{dead-letter queue}
\newacronym[longplural={message brokers}]{mb}{MB}{message broker}
\title{Event Pipelines in Practice}
\author{Jane Doe}
\begin{document}
\maketitle

\chapter{Introduction}\label{chap:INTRO}
Failed events go to the \gls{dlq}; the \acrshort{mb} keeps the rest.
Every retry is logged (see Section~\ref{sec:RETRY} and \cite[p.~4]{KLM2020}).
The RPO of the pipeline is one hour. % glossary-ls: allow XYZ -- not prose: QWE

\section{Design}\label{sec:RETRY}
\begin{lstlisting}[language=Python]
QUEUE_URL = "https://example.org/QQQ"
\end{lstlisting}
Throughput is $T = N_{MAX}/\Delta t$ with \verb|MAX_TPS| as a ceiling.
\begin{equation}
  \mathrm{SLA} = 0.999
\end{equation}
\begin{description}
  \item[WAL] write-ahead log
\end{description}
The WAL is replayed after a crash.
\begin{tabular}{ll}
\hline
Name & Role \\
DLQ & holds failures \\
\end{tabular}
\includegraphics[width=\linewidth]{figs/ARCH.pdf}
See \href{https://example.org/ABC}{the DEF handbook}.
Caf\'e na\"ive r\'esum\'e: the ÉTS team met the GHJ.
\end{document}
"#;

const UNEXPLAINED: [(&str, u64, u64, &str); 4] = [
    ("undefined-acronym", 15, 5, "RPO"),
    ("undefined-acronym", 35, 40, "DEF"),
    ("undefined-acronym", 36, 32, "\u{c9}TS"),
    ("undefined-acronym", 36, 49, "GHJ"),
];

#[test]
fn only_prose_is_checked_and_positions_are_exact() {
    let p = Project::new();
    p.file("thesis.tex", THESIS);
    let report = p.check_json(&["thesis.tex", "--no-builtin"]);
    assert_eq!(report.findings(), UNEXPLAINED);
    // \newacronym declares for the whole document; \item[WAL] in a description defines.
    assert_eq!(
        report.definitions(),
        [
            ("DLQ".to_string(), "dead-letter queue".to_string(), 5, 18),
            ("MB".to_string(), "message broker".to_string(), 6, 47),
            ("WAL".to_string(), "write-ahead log".to_string(), 26, 9),
        ]
    );
}

#[test]
fn crlf_documents_get_the_same_positions() {
    let p = Project::new();
    p.file("thesis.tex", THESIS.replace('\n', "\r\n"));
    assert_eq!(p.findings(&["thesis.tex", "--no-builtin"]), UNEXPLAINED);
}

#[test]
fn a_comment_directive_allows_an_acronym() {
    let p = Project::new();
    let text = "The QZV is new. % glossary-ls: allow QZV\nThe QZW too.\n";
    assert_eq!(
        p.findings_of("a.tex", text, &["--no-builtin"]),
        [("undefined-acronym", 2, 5, "QZW")]
    );
}

#[test]
fn package_uses_are_never_unexplained() {
    let p = Project::new();
    let text = "\\begin{document}\nWe call \\ac{QZV}, \\acs{QZW}, \\Glspl{qzx} and \\acrfull{qzy}.\n\\end{document}\n";
    assert_eq!(p.findings_of("a.tex", text, &["--no-builtin"]), NO_FINDINGS);
}

#[test]
fn a_latex_file_is_a_glossary_source() {
    let p = Project::new();
    p.file(
        "glossary/acronyms.tex",
        "% Shared acronyms of the team.\n\\newacronym{slo}{SLO}{service level objective}\n\\DeclareAcronym{rto}{short = RTO, long = recovery time objective}\n\\newglossaryentry{idem}{name=idempotent, description={Safe to apply twice.}}\n",
    );
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"glossary/acronyms.tex\"]\nbuiltin = false\n",
    );
    let run = p.run(&["define", "RTO"]);
    assert!(run.stdout.contains("recovery time objective"), "{run}");
    let run = p.run(&["define", "idempotent"]);
    assert!(run.stdout.contains("Safe to apply twice."), "{run}");
}

#[test]
fn a_bad_declaration_in_a_latex_glossary_is_reported_at_its_position() {
    let p = Project::new();
    p.file(
        "glossary/acronyms.tex",
        "\\newacronym{slo}{SLO}{service level objective}\n  \\newacronym{bad}{BAD}\n\\newacronym{rto}{RTO}{recovery time objective}\n",
    );
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"glossary/acronyms.tex\"]\nbuiltin = false\n",
    );
    p.file("doc.md", "The service level objective (SLO) is met.\n");
    let run = p.run(&["check", "doc.md"]);
    assert!(
        run.stdout
            .contains("glossary/acronyms.tex:2:3: error[glossary-syntax]: \\newacronym needs"),
        "{run}"
    );
    let run = p.run(&["define", "RTO"]);
    assert!(run.stdout.contains("recovery time objective"), "{run}");
}

#[test]
fn the_server_reads_latex_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chapter.tex");
    std::fs::write(&path, "").expect("write");
    let uri = file_uri(&path);
    let mut client = Client::spawn(dir.path(), &[]);
    client.initialize(dir.path(), push_capabilities(&["utf-16"]), Value::Null);
    let text = "\\section{Caf\u{e9} \\label{sec:QQA}}\nOur public APIs are stable. % the QQB\nThe \\'ecole QZV is new, see \\cite{QQC}.\n";
    client.open(&uri, "latex", text);
    let diagnostics = client.diagnostics(&uri, 1);
    let found: Vec<(String, Value)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    let range = |line: u32, start: u32, end: u32| json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}});
    // APIs (in the built-in glossary) wants its first use expanded; QZV is unexplained;
    // nothing from the label, the comment or the citation key.
    assert_eq!(
        found,
        [
            ("unexpanded-first-use".to_string(), range(1, 11, 15)),
            ("undefined-acronym".to_string(), range(2, 12, 15))
        ]
    );
    client.shutdown_and_exit();

    let mut client = Client::spawn(dir.path(), &[]);
    client.initialize(dir.path(), pull_capabilities(&["utf-16"]), Value::Null);
    client.open(&uri, "latex", text);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 12}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.starts_with("**API**"), "{hover}");
    assert_eq!(hover["range"], range(1, 11, 15));
    client.shutdown_and_exit();
}

#[test]
fn a_column_of_names_beside_a_column_of_codes_names_identifiers() {
    // An instruction table: codes, mnemonics, and descriptions in phrases. The mnemonics
    // are names wherever the text writes them; without the codes they are acronyms.
    let rows = "0x01 & {\\small QQADD} & 2 & Addition operation. \\\\\n\
                0x02 & {\\small QQMUL} & 2 & Multiplication operation. \\\\\n\
                0x03 & {\\small QQSUB} & 2 & Subtraction operation. \\\\\n\
                0x04 & {\\small QQDIV} & 2 & Integer division operation. \\\\\n";
    let document = |rows: &str| {
        format!(
            "Mnemonics such as QQMUL are written in small capitals.\n\n\\begin{{tabular}}{{llll}}\n\\textbf{{Value}} & \\textbf{{Mnemonic}} & $\\delta$ & \\textbf{{Description}} \\\\\n{rows}\\end{{tabular}}\n"
        )
    };
    let project = Project::new();
    assert_eq!(
        project.findings_of("evm.tex", &document(rows), &["--no-builtin"]),
        NO_FINDINGS
    );
    // Counts are no codes: a column of them beside the names is no evidence.
    let without_codes = rows.replace("0x0", "");
    let findings = project.findings_of("evm.tex", &document(&without_codes), &["--no-builtin"]);
    assert_eq!(findings[0], ("undefined-acronym", 1, 19, "QQMUL"));
}
