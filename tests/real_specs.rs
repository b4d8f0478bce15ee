//! What specs written in the wild look like, through the real binary: metadata in every
//! dialect, identifiers, numbering and citations are silent, while the same documents'
//! unexplained acronyms in prose are still reported (each test asserts both directions).

mod common;

use common::Project;

/// The terms reported by the acronym rules in `text` written as `name`, with no built-in
/// allow list (so every unexplained capital run that is taken for an acronym shows).
fn flagged_in(name: &str, text: &str) -> Vec<String> {
    Project::new()
        .findings_of(name, text, &["--no-builtin"])
        .into_iter()
        .filter(|f| f.rule != "term-case")
        .map(|f| f.term)
        .collect()
}

fn flagged(text: &str) -> Vec<String> {
    flagged_in("spec.md", text)
}

#[test]
fn kramdown_rfc_front_matter_ends_at_the_abstract_and_cannot_swallow_the_body() {
    let text = "---\ntitle: The QZX Extension for HTTP Caches\nabbrev: QZX\nauthor:\n - name: A. Writer\nnormative:\n  RFC9110:\n  QZX-BASE:\n    title: The QZX Base Protocol\n--- abstract\n\nThis document extends caches with the WQY mechanism.\n\n--- middle\n\n# Introduction\n\n```\nGET / HTTP/1.1\n...\n```\n\nA KVP is sent after the code.\n\n--- back\n\n# Acknowledgements\n\nThanks to the PLM reviewers.\n";
    assert_eq!(flagged(text), ["WQY", "KVP", "PLM"]);
}

#[test]
fn yaml_toml_pandoc_and_multimarkdown_metadata_are_not_prose() {
    for text in [
        "---\ntitle: ABC rollout\ntags: [DEF]\n...\n\nThe GHJ ships first.\n",
        "+++\ntitle = \"ABC rollout\"\n+++\n\nThe GHJ ships first.\n",
        "% ABC rollout\n% DEF Team\n\nThe GHJ ships first.\n",
        "Title: ABC rollout\nAuthor: DEF Team\n\nThe GHJ ships first.\n",
    ] {
        assert_eq!(flagged(text), ["GHJ"], "{text:?}");
    }
}

#[test]
fn a_template_header_under_the_title_is_metadata() {
    let swift_like = "# Typed throws\n\n* Proposal: [SE-0999](0999-typed-qzx.md)\n* Authors: [Jane Doe](https://github.com/jd)\n* Review Manager: TBD\n* Status: **Awaiting review**\n* Implementation: [PR #1234](https://github.com/org/repo/pull/1234)\n* Bug: [SR-5678](https://bugs.example.org/SR-5678)\n\n## Introduction\n\nThe PQW keeps state.\n";
    assert_eq!(flagged(swift_like), ["PQW"]);
    let keep_like = "# Unsigned integers\n\n* **Type**: Design proposal\n* **Author**: R. E.\n* **Status**: Implemented in Kotlin 1.3\n* **Related issues**: [KT-18608](https://youtrack.example.com/issue/KT-18608)\n\n## Summary\n\nThe PQW keeps state.\n";
    assert_eq!(flagged(keep_like), ["PQW"]);
    let rfc_like = "- Feature Name: `qzx_types`\n- Start Date: 2024-01-01\n\n# Summary\n\nThe PQW keeps state.\n";
    // No title above the list: a list at the very top is not a template header …
    assert_eq!(flagged(rfc_like), ["PQW"]);
    // … but under a title it is, and a repository path there is no term-case finding.
    let with_title = "# Typed values\n\n- Start Date: 2024-01-01\n- Tracking PR: [owner/QZX#123](https://github.com/owner/QZX/pull/123)\n\n# Summary\n\nThe PQW keeps state.\n";
    assert_eq!(flagged(with_title), ["PQW"]);
    // A bullet list of design points under the title stays prose.
    let design = "# Plan\n\n- Goal: ship the PQW\n- Non-goal: the WQY\n";
    assert_eq!(flagged(design), ["PQW", "WQY"]);
}

#[test]
fn a_word_written_as_code_anywhere_is_an_identifier_wherever_it_is_bare() {
    let text = "# Design\n\nSet QZX_MODE with the `QZXMode` type. The QZXMode value and the PQW flag.\n\n```swift\nlet mode: QZXMode = .fast // the WQY path\nif FLAG_PQR { run(\"docs/KLM/x.md\") }\n```\n\nLater the WQY and KLM appear in prose, and so does FLAG_PQR.\n";
    // PQW is in prose only; WQY only in a code comment and KLM only in a path: still acronyms.
    assert_eq!(flagged(text), ["PQW", "WQY", "KLM"]);
}

#[test]
fn compound_identifiers_are_not_acronyms_of_their_own() {
    let text = "Create an HTTPRoute with a TLSConfig, query it with JSONPath, open a URLSession. SwiftPM builds it on FreeBSD for App1 and App2.\n";
    assert_eq!(flagged(text), Vec::<String>::new());
    assert_eq!(
        flagged("The QZX route and the QZX config.\n"),
        ["QZX"],
        "the same acronym bare is still reported"
    );
}

#[test]
fn version_and_code_tokens_are_numbering() {
    let text = "Use UUID V4 values; error E0599 is raised in C17 mode and ES2022 code. Fixed in v2beta1.\n";
    assert_eq!(flagged(text), ["UUID"]);
    // A version of an acronym is a use of it, reported once under its name.
    assert_eq!(
        flagged("Runs on JDK17 and JDK21; the JDK is old.\n"),
        ["JDK"]
    );
}

#[test]
fn numbered_names_and_cited_documents_are_not_acronym_uses() {
    let text =
        "As SE-0400 and KT-1234 say, and as RFC 9110 and ISO 8601 define, the QZX applies.\n";
    assert_eq!(flagged(text), ["QZX"]);
    // A version after a space is still a use: TLS 1.3 needs TLS explained.
    assert_eq!(flagged("We require TLS 1.3 here.\n"), ["TLS"]);
}

#[test]
fn abnf_values_are_not_acronyms() {
    assert_eq!(
        flagged("A list is separated by %x2C and ended by %d13, then the QZX.\n"),
        ["QZX"]
    );
}

#[test]
fn ordinary_words_in_capitals_used_as_names_are_not_acronyms() {
    let text = "A client sends GET, HEAD and DELETE requests. The PRIORITY frame follows the CONTINUATION frame; the method TRACE is refused. The QZX applies.\n";
    assert_eq!(flagged(text), ["QZX"]);
    // The same word alone, used as an acronym, is still one: no list, no kind of name.
    assert_eq!(flagged("Our SAT solver is fast.\n"), ["SAT"]);
}

#[test]
fn placeholders_and_status_classes_are_not_acronyms() {
    let text = "Replace XXX with the name, QUX with the value; 4XX and 5xx answers are errors. The QZX applies.\n";
    assert_eq!(flagged(text), ["QZX"]);
}

#[test]
fn slashed_pairs_and_platform_names() {
    assert_eq!(
        flagged("Heavy I/O on Kotlin/JS and C/C++ code, via GoLLVM and NoSQL stores.\n"),
        ["I/O"]
    );
}

#[test]
fn citations_and_reference_sections_are_never_flagged() {
    let text = "# Introduction\n\nAs {{RFC9110}}, {{?QZX-BASE}}, {{!I-D.ietf-qzx-ext}} and {{Section 3 of RFC9110}} say, and as [@QZXBOOK; @KLM2020, p. 3] and [QZX-BIS] define, the PQW applies.\n\n# References\n\n## Normative References\n\n[QZX-BIS] The QZX Protocol, Version 2, WQY Press.\n\n# Appendix\n\nThe KLM is used here.\n";
    // Only the prose's own acronym, and one used after the references section ends.
    assert_eq!(flagged(text), ["PQW", "KLM"]);
}

#[test]
fn a_resolved_reference_link_keeps_its_text_as_prose() {
    let text = "Read the [QZX] notes.\n\n[QZX]: https://example.com/qzx\n";
    assert_eq!(flagged(text), ["QZX"]);
}

#[test]
fn abnf_core_rules_are_identifiers_in_a_document_that_uses_abnf() {
    let text = "This document uses ABNF. A line ends with CRLF and fields are separated by SP or HTAB, unlike the QZX.\n";
    assert_eq!(flagged(text), ["ABNF", "QZX"]);
    // Without ABNF, CRLF is an acronym like any other.
    assert_eq!(flagged("A line ends with CRLF.\n"), ["CRLF"]);
}

#[test]
fn paths_and_repository_references_are_no_prose() {
    let p = Project::new();
    p.file(
        "g.toml",
        "[[entries]]\nterm = \"QZX\"\nexpansion = \"Quick Zone Exchange\"\nsummary = \"s\"\n",
    );
    let text = "Quick Zone Exchange (QZX) first. See [Qzx/tracker#123](https://example.com), acme/Qzx#42 and docs/Qzx/PQW.md; the Qzx and the KLM.\n";
    let found: Vec<(String, String)> = p
        .findings_of("spec.md", text, &["--no-builtin", "--glossary", "g.toml"])
        .into_iter()
        .map(|f| (f.rule, f.term))
        .collect();
    assert_eq!(
        found,
        [
            ("term-case".to_string(), "QZX".to_string()),
            ("undefined-acronym".to_string(), "KLM".to_string())
        ]
    );
}

#[test]
fn protocol_vocabulary_of_ietf_drafts_is_not_jargon() {
    let text = "Keywords are interpreted as described in BCP 14 {{!RFC2119}}. A PADDING frame carries no data; the TRANSPORT parameters and DEFLATE are named as in [USASCII], and U+20AC is the euro sign.\n\n| code | method |\n|---|---|\n| 1 | GET |\n\nThe QZX applies on JDK 17.\n";
    assert_eq!(flagged(text), ["QZX", "JDK"]);
}

#[test]
fn a_definition_list_entry_may_announce_its_short_form() {
    let text = "\"resource owner\":\n:   An entity that grants access. This is sometimes abbreviated as \"RO\".\n\nThe RO approves. The RS serves.\n";
    assert_eq!(flagged(text), ["RS"]);
}

#[test]
fn an_acronym_that_names_a_cited_work_is_explained_by_the_reference() {
    let text = "The QZW transport {{!QZW-TRANSPORT=RFC9999}} and the WQY rules [WQY.RULES] apply; the PLM does not.\n\nLater the QZW and WQY again.\n";
    assert_eq!(flagged(text), ["PLM"]);
    // No citation names it: still unexplained.
    assert_eq!(flagged("The QZW transport {{RFC9999}} applies.\n"), ["QZW"]);
}

#[test]
fn frame_types_character_names_and_suffixed_names_are_names() {
    let text = "A GOAWAY frame, CRYPTO and ZQXW frames, and a PONG or other ack-eliciting frame; U+20AC (EURO SIGN); RFC7523bis; OCaml and XPath; VEC.256. The QZX applies.\n";
    assert_eq!(flagged(text), ["QZX"]);
    // Frames mentioned later in the sentence say nothing about the word.
    assert_eq!(flagged("The QZB carries frames.\n"), ["QZB"]);
    // A frame type is a name wherever the document writes it.
    assert_eq!(
        flagged(
            "Duplicate ZQXW data is dropped.\n\nThe ZQXW and QZYY frames carry it; the QZX applies.\n"
        ),
        ["QZX"]
    );
}

#[test]
fn a_document_that_says_what_it_defines_explains_the_name() {
    let text = "This specification defines QZPACK: a compression format for fields. Later QZPACK is used; the QZV is not.\n";
    assert_eq!(flagged(text), ["QZV"]);
    // Only a document defines by naming: a user "defines" nothing here.
    assert_eq!(flagged("The user defines QZT: a thing.\n"), ["QZT"]);
}

#[test]
fn a_listed_acronym_spelled_like_an_english_word_is_still_an_acronym() {
    // MIME is listed as an acronym (known to developers, not to "none"); CRIME is a word.
    assert_eq!(
        flagged("The MIME type resists the CRIME attack.\n"),
        ["MIME"]
    );
}

#[test]
fn a_word_in_capitals_after_this_is_the_thing_named() {
    // "This KEEP proposes": the kind of document, an acronym though it spells a word.
    let text = "This KEEP proposes a change. A DELETE request and the PADDING stay names; see this NOTE.\n";
    assert_eq!(flagged(text), ["KEEP"]);
}

#[test]
fn short_numbered_variants_are_uses_and_numbered_designations_are_not() {
    let text = "We hash with QZA-1 and QZA-2; see JEP-502 and QZR-0400; on 12-SP5 and i7-2860QM; a 0-QZT handshake.\n";
    assert_eq!(flagged(text), ["QZA", "QZT"]);
}

#[test]
fn names_developers_know_need_no_expansion_for_them() {
    let text = "Builds for AMD and ARM with GCC, packages on PyPI and NPM under the MIT licence, over QUIC. The QZX applies.\n";
    let reported: Vec<String> = Project::new()
        .findings_of("spec.md", text, &[])
        .into_iter()
        .map(|f| f.term)
        .collect();
    assert_eq!(reported, ["QZX"]);
    // They are names to developers, not to everyone: with no audience they are reported.
    assert!(flagged(text).len() > 5);
}

#[test]
fn a_family_of_mnemonics_is_no_acronym() {
    let text = "QMUL multiplies; QMULH and QMULHU give the upper half, QMULW a word. HTTP and HTTPS differ; the QZX applies.\n";
    assert_eq!(flagged(text), ["HTTP", "HTTPS", "QZX"]);
}

#[test]
fn sizes_make_variants_that_are_uses_while_other_numbers_make_identifiers() {
    // SHA-256, QZA512 and QZA 2048 are uses of QZA/SHA; JEP-502, KT-6592 and QZR 9110 are
    // identifiers and cited documents; a two-letter name with a size is an algorithm
    // identifier (ES256), and so is a mixed-case one (Ed448).
    let text = "We hash with QZA-256, QZA512 and QZA 2048, per JEP-502, KT-6592 and QZR 9110, signed with ES256 or Ed448.\n";
    assert_eq!(flagged(text), ["QZA"]);
}

#[test]
fn a_numbered_short_form_defines_its_acronym() {
    let text = "Public Key Qzx Standards #8 (PKQS#8) is a format; PKQS#1 and PKQS follow. Secure Hash Qzx 2 (SHQ-2) and SHQ too.\n";
    assert_eq!(flagged(text), Vec::<String>::new());
}

#[test]
fn the_head_of_a_defined_compound_is_explained() {
    let text = "The Micro Profile QZX (MP-QZX) kit. An MP-QZX token, the MP QZX endpoint; the MP alone is not.\n";
    // MP-QZX is defined; QZX inside it is not explained by it, and MP alone is still a use:
    // the finding on MP is there, not on the compounds before it.
    let found: Vec<(String, u64)> = Project::new()
        .findings_of("spec.md", text, &["--no-builtin"])
        .into_iter()
        .map(|f| (f.term, f.column))
        .collect();
    let alone = u64::try_from(text.find("MP alone").expect("in the text") + 1).expect("small");
    assert_eq!(found, [("QZX".to_string(), 19), ("MP".to_string(), alone)]);
}

#[test]
fn words_quoted_or_printed_in_code_are_not_identifiers() {
    // A quoted value (`"typ": "QZJ"`), a hyphenated name (`QZR-OAEP`) and a log line
    // printed by a program are not identifiers: the same words in prose are acronyms.
    let text = "```json\n{\"typ\": \"QZJ\"}\n```\n\n```\n[INFO] Building Micro QZT Auth Harness\n```\n\nUse `QZR-OAEP` keys. A QZJ carries claims; the QZT tests it; QZR keys sign. `QZC` and QZC.\n";
    assert_eq!(flagged(text), ["QZJ", "QZT", "QZR"]);
}

#[test]
fn a_table_of_values_names_identifiers_and_a_table_of_names_does_not() {
    // An encoding table: numbers and single tokens; its words are opcodes wherever written,
    // and so are their variants with a letter more (QRDCYCLEH).
    let encoding = "| bits | op | name |\n|---|---|---|\n| 12 | 0x1F | QCSRRS |\n| 5 | 0x2A | QRDCYCLE[H] |\n\nThe QRDCYCLE and QRDCYCLEH pseudoinstructions use QCSRRS. The PQW keeps state.\n";
    assert_eq!(flagged(encoding), ["PQW"]);
    // A table of tools and languages: no numbers, so its acronyms stay acronyms.
    let tools = "| tool | language | file |\n|---|---|---|\n| Yarn | QJS | yarn.lock |\n| Pods | QObjC | Podfile |\n";
    assert_eq!(flagged(tools), ["QJS", "QObjC"]);
}

#[test]
fn dotted_names_quoted_values_and_protocol_keywords_are_not_acronyms() {
    let text = "QNTL.PALL then QCBO.ZERO or QPREFETCH.R; the kty field set to \"QEC\"; respond to an QHTTP GET. The PQW keeps state.\n";
    assert_eq!(flagged(text), ["QHTTP", "PQW"]);
}

#[test]
fn mixed_case_names_and_designations_are_not_acronyms() {
    let text =
        "Written in reST, built by LibReQSL, hashed with DJBX33A on RV32I. The PQW keeps state.\n";
    assert_eq!(flagged(text), ["PQW"]);
}

#[test]
fn a_latex_citation_whose_key_is_the_word_explains_it() {
    let text = "As in QMAJC~\\cite{qmajc}, the QZX works; QPLM~\\cite{other} does not.\n";
    assert_eq!(flagged_in("paper.tex", text), ["QZX", "QPLM"]);
}

#[test]
fn names_file_names_and_idioms_written_in_capitals_are_not_acronyms() {
    // Capitalised words run together, a dotted name, a file name hyphenated with a word,
    // a deliverable's code, TL;DR, words of seven capitals or more, and English words in
    // capitals side by side (a character's name, emphasis).
    let text = "Runs on QyQy and .QNET; see QKG-INFO and QSL-D1. TL;DR: read QYTHONPATH and QMETADATAX. The LOW LINE, which ARE NOT here. The PQW keeps state.\n";
    assert_eq!(flagged(text), ["PQW"]);
    // Acronyms with lower-case letters stay acronyms: a plural, a mixed-case acronym.
    assert_eq!(flagged("The OSes and RCpc models.\n"), ["OSes", "RCpc"]);
}

#[test]
fn acronyms_spelled_like_words_are_listed_as_acronyms() {
    // REST and ELF spell English words but are acronyms developers know: silent for them,
    // and reported like any acronym without the built-in lists, never taken for words.
    let text = "Securing REST resources and the ELF header.\n";
    let reported: Vec<String> = Project::new()
        .findings_of("spec.md", text, &[])
        .into_iter()
        .map(|f| f.term)
        .collect();
    assert!(reported.is_empty(), "{reported:?}");
    assert_eq!(flagged(text), ["REST", "ELF"]);
}

#[test]
fn names_variables_and_initials_shaped_like_acronyms_are_not_acronyms() {
    // Environment variables (a prefix and an English word), a name and a version, a product
    // with a lower-case letter first, the Python ecosystem's names, a person's initials and
    // a variable with a subscript.
    let text = "Set QZPATH and QZROOT on Qo1 for iQadOS with PyQZT, as GvR said, where W₁ grows. The PQW keeps state.\n";
    assert_eq!(flagged(text), ["PQW"]);
    // Six capitals that end in no English word, and an acronym with a lower-case prefix,
    // stay acronyms.
    assert_eq!(flagged("The QZRSSA and the mQNA.\n"), ["QZRSSA", "mQNA"]);
}

#[test]
fn a_word_named_as_a_method_somewhere_is_that_name_everywhere() {
    let text = "Role bar may use the SET method. Role foo may not use the SET. The ADD is a QZX.\n";
    // ADD is named as nothing in this document: an acronym, like QZX.
    assert_eq!(flagged(text), ["ADD", "QZX"]);
}

#[test]
fn a_name_given_a_value_is_a_variable_everywhere() {
    // `QXLEN=32` and `QMODE=fast` set values: both names are variables wherever the
    // document writes them; a comparison in prose ("QRS < 2048 bits") and words equated
    // in prose ("QZA = QZB") are no assignment.
    let text = "Registers are QXLEN bits wide (when QXLEN=32, pairs are used). Set QMODE=fast. Keys (QRS < 2048 bits) are weak. A QZA = QZB here.\n";
    assert_eq!(flagged(text), ["QRS", "QZA", "QZB"]);
    // Without the assignment, QXLEN is an unexplained acronym.
    assert_eq!(flagged("Registers are QXLEN bits wide.\n"), ["QXLEN"]);
}

#[test]
fn a_word_written_with_operands_is_an_instruction() {
    // "QADD x0, x0, x2" and "C.QSUB a0, 8": mnemonics with register operands, names
    // wherever the document writes them ("encoded as QADDs"); without operands, QPW is an
    // acronym.
    let text = "The hint is encoded as QADD x0, x0, x2 and C.QSUB a0, 8. Both are QADDs. The QPW bit is set, as in QPW x, y.\n";
    assert_eq!(flagged(text), ["QPW"]);
    assert_eq!(flagged("The hint is encoded as QADD.\n"), ["QADD"]);
    // Versions are no registers: QTTP stays an acronym.
    assert_eq!(flagged("It speaks QTTP v1, v2 and v3.\n"), ["QTTP"]);
}

#[test]
fn names_in_latex_math_and_glued_to_it_are_variables() {
    // `$\mathit{QLEN}$`, `QXL$\geq$64` and `2$\times$QWD`: variables of formulas; a
    // document's revision history is metadata; QZV in prose stays an acronym.
    let text = "\\begin{document}\n\\begin{changelog}\n\\change{05/09/19}{Jo Doe}{QFM (QIOK)}{Reviewed by QMG.}\n\\end{changelog}\nThe QLEN bits, with QXL bits and QWD bits, and the QZV.\nWidth is $\\mathit{QLEN} - 1$ for QXL$\\geq$64 and 2$\\times$QWD.\n\\end{document}\n";
    assert_eq!(flagged_in("spec.tex", text), ["QZV"]);
    assert_eq!(
        flagged_in(
            "spec.tex",
            "\\begin{document}\nThe QLEN bits and $x$ QXL.\n\\end{document}\n"
        ),
        ["QLEN", "QXL"]
    );
    // A superscript glued to a word is a mark on it (a footnote, a note): QZT stays an
    // acronym.
    assert_eq!(
        flagged_in(
            "spec.tex",
            "\\begin{document}\nThe QZT$^{1}$ is new.\n\\end{document}\n"
        ),
        ["QZT"]
    );
}
