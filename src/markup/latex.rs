//! LaTeX prose through a hand-written scanner (no maintained crate parses LaTeX with source
//! positions; TeX itself cannot be parsed without running it, so this reads LaTeX as people
//! write it): text and the arguments of formatting commands are prose; comments, verbatim
//! and code environments, math, the preamble (but its title and declarations), the
//! metadata of `\author`, `\date`, `\affiliation` and friends, and the arguments of
//! commands that hold labels, references, citations, URLs, file names and options are
//! not. Sectioning commands are headings, `\item` list items (terms and bodies
//! in a `description`), `&` and `\\` split table cells. `\newacronym`, `\newabbreviation`,
//! `\newglossaryentry`, `\DeclareAcronym` and `\acro` declare abbreviations
//! ([`BlockKind::DeclaredShort`] then [`BlockKind::DeclaredLong`]); uses that the packages
//! expand (`\gls`, `\ac`, `\acrshort`, …) stand as one [`CODE_PLACEHOLDER`], never as an
//! unexplained acronym.
//!
//! A LaTeX document is parsed as one piece (see `chunks`): groups and environments may span
//! blank lines, so no split point is safe without parsing.

use std::collections::HashSet;
use std::ops::Range;

use super::{Block, BlockKind, CODE_PLACEHOLDER, Prose, directives_in};

/// Deeper groups than this are read flat: no input overflows the stack.
const MAX_DEPTH: usize = 64;

/// Environments whose body is skipped up to the literal `\end{name}`; `true` when the body
/// is code (its capitalised words are evidence of identifiers).
fn skipped_environment(name: &str) -> Option<bool> {
    let base = name.trim_end_matches('*');
    Some(match base {
        "verbatim" | "Verbatim" | "BVerbatim" | "LVerbatim" | "SaveVerbatim" | "VerbatimOut"
        | "lstlisting" | "minted" | "alltt" | "spverbatim" | "verbatimtab" | "listingsbox"
        | "tcblisting" | "algorithmic" | "algorithmic*" | "pycode" | "pyverbatim"
        | "filecontents" | "codebox" => true,
        "comment" | "equation" | "align" | "alignat" | "flalign" | "gather" | "multline"
        | "eqnarray" | "math" | "displaymath" | "dmath" | "subequations" | "tikzpicture"
        | "pgfpicture" | "picture" | "tikzcd" | "thebibliography" | "forest" | "dot2tex" => false,
        // A document's revision history is metadata, like `\author` and `\date`.
        "changelog" | "revisionhistory" | "versionhistory" | "revhistory" | "documenthistory" => {
            false
        }
        _ => return None,
    })
}

/// Environments of display math, whose names are variables (see `Parser::note_math`).
fn is_math_environment(name: &str) -> bool {
    matches!(
        name.trim_end_matches('*'),
        "equation"
            | "align"
            | "alignat"
            | "flalign"
            | "gather"
            | "multline"
            | "eqnarray"
            | "math"
            | "displaymath"
            | "dmath"
            | "subequations"
    )
}

/// How the arguments of a command are read, one character per argument: `*` an optional
/// star, `o` an optional `[…]` argument (hidden), `h` a hidden mandatory argument, `p` a
/// prose argument, `b` a prose argument that is a block of its own (a footnote, a caption),
/// `c` code (a placeholder; its words are code words), `u` a use of a glossary entry or
/// math (a placeholder).
fn spec(name: &str) -> Option<&'static str> {
    // No lower-cased copy per command: compare bytes without case.
    let lower_has = |s: &str| {
        name.as_bytes()
            .windows(s.len())
            .any(|w| w.eq_ignore_ascii_case(s.as_bytes()))
    };
    Some(match name {
        "label"
        | "ref"
        | "Ref"
        | "eqref"
        | "cref"
        | "Cref"
        | "autoref"
        | "Autoref"
        | "pageref"
        | "nameref"
        | "vref"
        | "Vref"
        | "cpageref"
        | "Cpageref"
        | "labelcref"
        | "subref"
        | "url"
        | "nolinkurl"
        | "input"
        | "include"
        | "includeonly"
        | "subfile"
        | "bibliography"
        | "bibliographystyle"
        | "graphicspath"
        | "hypersetup"
        | "lstset"
        | "setminted"
        | "stepcounter"
        | "refstepcounter"
        | "newcounter"
        | "pagestyle"
        | "thispagestyle"
        | "pagenumbering"
        | "color"
        | "pagecolor"
        | "index"
        | "glsadd"
        | "acuse"
        | "acused"
        | "acreset"
        | "acsetup"
        | "cline"
        | "theoremstyle"
        | "email"
        | "doi"
        | "orcid"
        | "ORCID"
        | "newlength"
        | "setlist"
        | "captionsetup"
        | "geometry"
        | "si"
        | "num"
        | "unit"
        | "ang"
        | "markright"
        | "setacronymstyle"
        | "glsunset"
        | "glsreset"
        | "usetikzlibrary"
        | "usepgfplotslibrary"
        | "pgfplotsset"
        | "tikzset"
        | "bibliographystyleonly"
        | "glssetwidest"
        | "excludecomment"
        | "includecomment"
        | "arabic"
        | "roman"
        | "Roman"
        | "alph"
        | "Alph"
        | "value"
        | "DeclareGraphicsExtensions"
        | "lstinputlisting"
        | "VerbatimInput"
        | "includepdf"
        | "addbibresource"
        | "printglossary"
        | "printacronyms"
        | "printbibliography"
        | "printnoidxglossary"
        | "printunsrtglossary"
        | "bibitem"
        | "cmidrule"
        | "loadglsentries"
        | "tableofcontents"
        | "listoffigures"
        | "listoftables"
        | "vspace"
        | "hspace"
        | "linespread" => "*oho",
        "includegraphics" | "documentclass" | "usepackage" | "RequirePackage" => "*oho",
        "setlength"
        | "addtolength"
        | "setcounter"
        | "addtocounter"
        | "settowidth"
        | "DeclareMathOperator"
        | "newtheorem"
        | "crefrange"
        | "Crefrange"
        | "fontsize"
        | "inputminted"
        | "import"
        | "subimport"
        | "qty"
        | "SI"
        | "rule"
        | "addtocontents"
        | "markboth"
        | "newlist"
        | "renewlist"
        | "setabbreviationstyle" => "*ohoh",
        "crefname" | "Crefname" | "definecolor" | "addcontentsline" => "hhh",
        "newenvironment" | "renewenvironment" => "*hoohh",
        "newcommand" | "renewcommand" | "providecommand" | "DeclareRobustCommand" => "*hooh",
        "href" | "hyperlink" | "hypertarget" | "textcolor" | "colorbox" | "raisebox"
        | "scalebox" | "glsdisp" | "glslink" | "Glslink" | "Glsdisp" => "*ohp",
        "resizebox" | "multicolumn" => "*hhp",
        "multirow" => "hohp",
        "rotatebox" | "parbox" => "ohp",
        "hyperref" | "makebox" | "framebox" | "mbox" | "fbox" | "textsc" => "op",
        "footnote" | "footnotetext" | "caption" | "captionof" | "marginpar" | "thanks" | "todo"
        | "subcaption" => "*ob",
        "texttt" | "path" | "code" | "lstinline" | "mintinline" | "verb" => "oc",
        "ensuremath" | "SIrange" => "u",
        "subtitle" | "abstract" | "dedication" => "ob",
        // Who wrote it, where and when: metadata, as a Markdown document's front matter.
        "author" | "date" | "institute" | "affil" | "affiliation" | "address" | "keywords" => "*oh",
        _ if is_use(name) => "*ouo",
        _ if lower_has("cite") => "*ooh",
        _ => return None,
    })
}

/// Commands that print a glossary entry or an acronym the packages declare (glossaries,
/// glossaries-extra, acronym, acro).
fn is_use(name: &str) -> bool {
    const AC: [&str; 40] = [
        "ac",
        "Ac",
        "acs",
        "acl",
        "Acl",
        "acf",
        "Acf",
        "acp",
        "Acp",
        "acsp",
        "aclp",
        "Aclp",
        "acfp",
        "Acfp",
        "acfi",
        "acsu",
        "aclu",
        "acsi",
        "iac",
        "Iac",
        "acsingle",
        "Acsingle",
        "acshort",
        "acshortpl",
        "aclong",
        "Aclong",
        "aclongpl",
        "acfull",
        "Acfull",
        "acfullpl",
        "acpl",
        "Acpl",
        "iacs",
        "iacl",
        "iacf",
        "Iacs",
        "Iacl",
        "acspl",
        "aclpl",
        "acfpl",
    ];
    let glossaries = [
        "gls", "Gls", "GLS", "acr", "Acr", "ACR", "pgls", "Pgls", "rgls",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        && !matches!(
            name,
            "glsadd"
                | "glsaddall"
                | "glsunset"
                | "glsreset"
                | "glsresetall"
                | "glsunsetall"
                | "glssetwidest"
        )
        && !name.starts_with("glsset")
        && !name.starts_with("glsxtrset");
    glossaries || AC.contains(&name)
}

/// The heading level of a sectioning command.
fn heading_level(name: &str) -> Option<u8> {
    Some(match name {
        "title" | "part" => 1,
        "chapter" | "addchap" => 2,
        "section" | "addsec" | "frametitle" => 3,
        "subsection" => 4,
        "subsubsection" => 5,
        "paragraph" | "subparagraph" => 6,
        _ => return None,
    })
}

/// Preamble commands whose arguments are read (the rest of the preamble is not prose).
fn read_in_preamble(name: &str) -> bool {
    heading_level(name) == Some(1)
        || matches!(
            spec(name),
            Some("ob") | Some("*ob") // subtitle, thanks, abstract, …
        ) && !matches!(name, "footnote" | "caption" | "todo" | "marginpar")
        || declaration_kind(name).is_some()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DeclKind {
    /// `\newacronym[opts]{key}{short}{long}`, `\newabbreviation`.
    Acronym,
    /// `\newglossaryentry{key}{name=…, description=…}`.
    Entry,
    /// `\longnewglossaryentry{key}{name=…}{description}`.
    LongEntry,
    /// `\DeclareAcronym{key}{short=…, long=…}`.
    Acro,
    /// `\acro{key}[short]{long}`, `\acrodef`, `\newacro`.
    AcronymPackage,
}

fn declaration_kind(name: &str) -> Option<DeclKind> {
    Some(match name {
        "newacronym" | "newabbreviation" | "newabbr" => DeclKind::Acronym,
        "newglossaryentry" | "provideglossaryentry" => DeclKind::Entry,
        "longnewglossaryentry" | "longprovideglossaryentry" => DeclKind::LongEntry,
        "DeclareAcronym" => DeclKind::Acro,
        "acro" | "acrodef" | "newacro" => DeclKind::AcronymPackage,
        _ => return None,
    })
}

/// An abbreviation or glossary entry a LaTeX source declares; ranges are source ranges of
/// argument text (braces stripped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Declaration {
    /// Where the command starts (its backslash).
    pub at: usize,
    pub command: String,
    pub key: Option<Range<usize>>,
    /// The short form (acronyms) or the name (glossary entries).
    pub short: Option<Range<usize>>,
    /// The long form (acronyms) or the description (glossary entries).
    pub long: Option<Range<usize>>,
    /// Glossary entries: the description, when `short`/`long` came from other keys.
    pub description: Option<Range<usize>>,
    /// Other names: acro's `alt`, glossaries' `plural`.
    pub aliases: Vec<Range<usize>>,
    /// `\newglossaryentry` (a term and its description) rather than an abbreviation.
    pub is_entry: bool,
    /// Where the declaration ends.
    pub end: usize,
}

/// Byte helpers over the source.
struct Src<'a> {
    s: &'a str,
    b: &'a [u8],
}

impl<'a> Src<'a> {
    fn new(s: &'a str) -> Self {
        Src { s, b: s.as_bytes() }
    }

    /// The name of the control sequence whose backslash is at `i`, and where it ends.
    fn command_at(&self, i: usize) -> (&'a str, usize) {
        let start = i + 1;
        let mut end = start;
        while end < self.b.len() && self.b[end].is_ascii_alphabetic() {
            end += 1;
        }
        if end == start {
            // A control symbol: one character (of any width).
            let len = self.s[start..].chars().next().map_or(0, char::len_utf8);
            end = start + len;
        }
        (&self.s[start..end], end)
    }

    /// Skips spaces, tabs, one line break (not a blank line) and comments.
    fn skip_space(&self, mut i: usize, comments: &mut Vec<super::Directive>) -> usize {
        let mut newlines = 0;
        while i < self.b.len() {
            match self.b[i] {
                b' ' | b'\t' | b'\r' => i += 1,
                b'\n' if newlines == 0 && !self.blank_line_follows(i) => {
                    newlines += 1;
                    i += 1;
                }
                b'%' => i = self.skip_comment(i, comments),
                _ => break,
            }
        }
        i
    }

    /// Whether the line after the line break at `i` is blank (a paragraph break).
    fn blank_line_follows(&self, i: usize) -> bool {
        let mut j = i + 1;
        while j < self.b.len() && matches!(self.b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        j >= self.b.len() || self.b[j] == b'\n'
    }

    /// Skips a comment starting at `%` (`i`), with its line break; records its directives.
    fn skip_comment(&self, i: usize, out: &mut Vec<super::Directive>) -> usize {
        let end = memchr::memchr(b'\n', &self.b[i..]).map_or(self.b.len(), |e| i + e);
        let comment = &self.s[i..end];
        if comment.contains("glossary-ls") {
            directives_in(comment, i, out);
        }
        (end + 1).min(self.b.len())
    }

    /// The end (after the closing brace) of the group opening at `i`, or the end of input.
    fn group_end(&self, i: usize, comments: &mut Vec<super::Directive>) -> usize {
        let mut depth = 0usize;
        let mut j = i;
        while j < self.b.len() {
            match self.b[j] {
                // An escaped character: `\}` closes nothing.
                b'\\' => j += 1,
                b'%' => {
                    j = self.skip_comment(j, comments);
                    continue;
                }
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        self.b.len()
    }

    /// What a group opening at `open` and ending at `end` (after its `}`, or at the end of
    /// input when it is not closed) holds.
    fn inside(&self, open: usize, end: usize) -> Range<usize> {
        let close = if end > open + 1 && self.b.get(end - 1) == Some(&b'}') {
            end - 1
        } else {
            end
        };
        (open + 1).min(end)..close.max(open + 1).min(end.max(open + 1))
    }

    /// The end (after `]`) of an optional argument opening at `i`, if it closes before a
    /// blank line or an unbalanced `}`.
    fn bracket_end(&self, i: usize) -> Option<usize> {
        let (mut braces, mut brackets) = (0usize, 0usize);
        let mut j = i;
        while j < self.b.len() {
            match self.b[j] {
                b'\\' => j += 1,
                b'{' => braces += 1,
                b'}' => {
                    braces = braces.checked_sub(1)?;
                }
                b'[' if braces == 0 => brackets += 1,
                b']' if braces == 0 => {
                    brackets -= 1;
                    if brackets == 0 {
                        return Some(j + 1);
                    }
                }
                b'\n' if self.blank_line_follows(j) => return None,
                _ => {}
            }
            j += 1;
        }
        None
    }

    /// The argument at `i` (after spaces): `Some((content, end))` for a `{…}` group (or a
    /// lone control sequence or character in its place, when `bare`).
    fn arg(
        &self,
        i: usize,
        bare: bool,
        comments: &mut Vec<super::Directive>,
    ) -> Option<(Range<usize>, usize)> {
        let j = self.skip_space(i, comments);
        match self.b.get(j)? {
            b'{' => {
                let end = self.group_end(j, comments);
                Some((self.inside(j, end), end))
            }
            b'\\' if bare => {
                let (_, end) = self.command_at(j);
                Some((j..end, end))
            }
            b'}' | b'[' | b']' | b'%' | b'\n' => None,
            _ if bare => {
                let len = self.s[j..].chars().next().map_or(1, char::len_utf8);
                Some((j..j + len, j + len))
            }
            _ => None,
        }
    }

    /// An optional argument at `i` (after spaces, not after a line break).
    fn opt(&self, i: usize) -> Option<(Range<usize>, usize)> {
        let mut j = i;
        while j < self.b.len() && matches!(self.b[j], b' ' | b'\t') {
            j += 1;
        }
        if self.b.get(j) != Some(&b'[') {
            return None;
        }
        let end = self.bracket_end(j)?;
        Some((j + 1..end - 1, end))
    }

    /// Where `$…$` or `$$…$$` opening at `i` ends: after its closing dollars, or (unclosed)
    /// at the end of the paragraph: math never crosses a blank line.
    fn dollar_math_end(&self, i: usize, end: usize) -> usize {
        let b = self.b;
        let double = b.get(i + 1) == Some(&b'$');
        let mut j = i + if double { 2 } else { 1 };
        while j < end {
            match b[j] {
                b'\\' => j += 1,
                b'$' => {
                    let close = if double && b.get(j + 1) == Some(&b'$') {
                        2
                    } else {
                        1
                    };
                    return (j + close).min(end);
                }
                b'\n' if self.blank_line_follows(j) => break,
                _ => {}
            }
            j += 1;
        }
        j.min(end)
    }

    /// Where math opened by `\(` or `\[` at `i` ends (after `close`, or at the end of the
    /// paragraph).
    fn delimited_math_end(&self, i: usize, close: &[u8], end: usize) -> usize {
        let b = self.b;
        let mut j = i + 2;
        while j < end {
            if b[j] == b'\\' {
                if b[j..end].starts_with(close) {
                    return j + close.len();
                }
                j += 2;
                continue;
            }
            if b[j] == b'\n' && self.blank_line_follows(j) {
                break;
            }
            j += 1;
        }
        j.min(end)
    }

    /// `\verb|x|`, `\lstinline[opts]{x}`, `\mintinline{lang}|x|` after the name (at
    /// `after`): where the delimiter is, and where the code ends (after its closing
    /// delimiter, or at the end of the line), when there is a delimiter.
    fn verb_span(&self, name: &str, after: usize, end: usize) -> (usize, Option<usize>) {
        let b = self.b;
        let mut j = after;
        if b.get(j) == Some(&b'*') {
            j += 1;
        }
        if name != "verb"
            && let Some((_, e)) = self.opt(j)
        {
            j = e;
        }
        if matches!(name, "mintinline" | "mint")
            && let Some((_, e)) = self.arg(j, false, &mut Vec::new())
        {
            j = e;
        }
        // The delimiter is an ASCII character (`\verbé…` delimits nothing).
        let Some(&delimiter) = b.get(j).filter(|d| d.is_ascii()) else {
            return (j, None);
        };
        let close = if delimiter == b'{' { b'}' } else { delimiter };
        let line_end = memchr::memchr(b'\n', &b[j + 1..end.max(j + 1)]).map_or(end, |k| j + 1 + k);
        let stop = if delimiter == b'{' {
            self.group_end(j, &mut Vec::new()).min(end)
        } else {
            memchr::memchr(close, &b[j + 1..line_end.max(j + 1)])
                .map_or(line_end, |k| j + 1 + k + 1)
        };
        (j, Some(stop))
    }

    /// Where `\def\name#1{body}` or `\let\a\b` (the name at `after`) ends.
    fn definition_end(
        &self,
        name: &str,
        after: usize,
        end: usize,
        comments: &mut Vec<super::Directive>,
    ) -> usize {
        let b = self.b;
        let mut j = self.skip_space(after, comments);
        if b.get(j) == Some(&b'\\') {
            j = self.command_at(j).1;
        }
        if name == "let" {
            let k = self.skip_space(j, comments);
            let k = if b.get(k) == Some(&b'=') {
                self.skip_space(k + 1, comments)
            } else {
                k
            };
            return match b.get(k) {
                Some(b'\\') => self.command_at(k).1.min(end),
                // One character, of any width (`\let\y=é`).
                Some(_) => (k + self.s[k..].chars().next().map_or(1, char::len_utf8)).min(end),
                None => k.min(end),
            };
        }
        // The parameter text runs to the body's brace.
        match memchr::memchr(b'{', &b[j.min(end)..end]) {
            Some(k) => self.group_end(j + k, comments).min(end),
            None => j.min(end),
        }
    }

    /// Where the arguments of a preamble command (after its name, at `after`) end: its
    /// options and groups, all skipped.
    fn preamble_args_end(
        &self,
        after: usize,
        end: usize,
        comments: &mut Vec<super::Directive>,
    ) -> usize {
        let b = self.b;
        let mut j = after;
        loop {
            if b.get(j) == Some(&b'*') {
                j += 1;
            }
            if let Some((_, e)) = self.opt(j) {
                j = e;
                continue;
            }
            let k = self.skip_space(j, comments);
            if b.get(k) == Some(&b'{') {
                j = self.group_end(k, comments);
                continue;
            }
            return j.min(end);
        }
    }

    /// The letter an accent command (`\'e`, `\"{o}`; its name ends at `after`) applies
    /// to, and where it ends.
    fn accent_letter(&self, after: usize) -> (&'a str, usize) {
        match self.b.get(after) {
            Some(b'{') => {
                let close = self.group_end(after, &mut Vec::new());
                let inner = self.s[self.inside(after, close)].trim();
                (inner, close)
            }
            Some(c) if c.is_ascii_alphabetic() => (&self.s[after..after + 1], after + 1),
            _ => ("", after),
        }
    }

    /// Whether the group opening at `i` starts with `\tt` or `\ttfamily`.
    fn is_code_group(&self, i: usize) -> bool {
        let rest = &self.b[i + 1..];
        let switch = |name: &[u8]| {
            rest.starts_with(name) && !rest.get(name.len()).is_some_and(u8::is_ascii_alphabetic)
        };
        switch(b"\\tt") || switch(b"\\ttfamily")
    }

    /// Where the options and arguments of environment `name` (its `\begin{name}` ending at
    /// `e`) end: never prose.
    fn environment_args_end(
        &self,
        name: &str,
        e: usize,
        comments: &mut Vec<super::Directive>,
    ) -> usize {
        let other = env_kind(name) == EnvKind::Other;
        let wanted = match name {
            "tabular" | "longtable" | "array" | "supertabular" | "xtabular" | "minipage"
            | "multicols" | "multicols*" | "tabu" | "list" => 1,
            "tabular*" | "tabularx" | "tabulary" | "wrapfigure" | "wraptable" | "tabularx*" => 2,
            _ => 0,
        };
        let mut j = e;
        let mut taken = 0;
        loop {
            if let Some((_, oe)) = self.opt(j) {
                j = oe;
                continue;
            }
            let adjacent = self.b.get(j) == Some(&b'{');
            if (taken < wanted || (adjacent && other && taken < wanted.max(1)))
                && let Some((_, ae)) = self.arg(j, false, comments)
            {
                j = ae;
                taken += 1;
                continue;
            }
            return j;
        }
    }

    /// Where the body of a skipped environment (see [`skipped_environment`]) whose
    /// `\begin{name}` ends at `e` ends: at its `\end{name}` (or the end of input).
    fn skipped_body_end(&self, name: &str, e: usize, end: usize) -> usize {
        let close = format!("\\end{{{name}}}");
        memchr::memmem::find(&self.b[e.min(end)..end], close.as_bytes()).map_or(end, |k| e + k)
    }

    /// `key=value` pairs of a key-value argument, values trimmed and unbraced.
    fn keyvals(&self, range: Range<usize>) -> Vec<(&'a str, Range<usize>)> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut item = range.start;
        let mut j = range.start;
        while j <= range.end {
            let at_end = j == range.end;
            let byte = if at_end { b',' } else { self.b[j] };
            match byte {
                b'\\' => {
                    j += 2;
                    continue;
                }
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b',' if depth == 0 || at_end => {
                    if let Some(eq) = self.s[item..j].find('=') {
                        let key = self.s[item..item + eq].trim();
                        let value = self.trim_value(item + eq + 1..j);
                        out.push((key, value));
                    }
                    item = j + 1;
                }
                _ => {}
            }
            j += 1;
        }
        out
    }

    /// `range` without surrounding spaces and one pair of enclosing braces.
    fn trim_value(&self, range: Range<usize>) -> Range<usize> {
        let text = &self.s[range.clone()];
        let start = range.start + (text.len() - text.trim_start().len());
        let end = range.end - (text.len() - text.trim_end().len());
        if end > start + 1
            && self.b[start] == b'{'
            && self.b[end - 1] == b'}'
            && self.group_end(start, &mut Vec::new()) == end
        {
            return self.trim_value(start + 1..end - 1);
        }
        start..end.max(start)
    }

    /// Reads the declaration whose command name `name` ends at `after`.
    fn declaration(&self, at: usize, name: &str, after: usize) -> Option<Declaration> {
        let kind = declaration_kind(name)?;
        let sink = &mut Vec::new();
        let mut decl = Declaration {
            at,
            command: name.to_string(),
            key: None,
            short: None,
            long: None,
            description: None,
            aliases: Vec::new(),
            is_entry: false,
            end: after,
        };
        let mut i = after;
        if self.b.get(i) == Some(&b'*') {
            i += 1;
        }
        match kind {
            DeclKind::Acronym => {
                if let Some((_, end)) = self.opt(i) {
                    i = end;
                }
                let (key, end) = self.arg(i, false, sink)?;
                decl.key = Some(key);
                decl.end = end;
                let (short, end) = self.arg(end, false, sink)?;
                decl.short = Some(self.trim_value(short));
                decl.end = end;
                let (long, end) = self.arg(end, false, sink)?;
                decl.long = Some(self.trim_value(long));
                decl.end = end;
            }
            DeclKind::AcronymPackage => {
                let (key, end) = self.arg(i, false, sink)?;
                decl.key = Some(key.clone());
                decl.short = Some(self.trim_value(key));
                decl.end = end;
                let mut i = end;
                if let Some((short, end)) = self.opt(i) {
                    decl.short = Some(self.trim_value(short));
                    i = end;
                }
                let (long, end) = self.arg(i, false, sink)?;
                decl.long = Some(self.trim_value(long));
                decl.end = end;
            }
            DeclKind::Entry | DeclKind::LongEntry | DeclKind::Acro => {
                let (key, end) = self.arg(i, false, sink)?;
                decl.key = Some(key);
                decl.end = end;
                let (fields, end) = self.arg(end, false, sink)?;
                decl.end = end;
                let (mut short, mut long) = (None, None);
                for (k, value) in self.keyvals(fields) {
                    match k {
                        "short" => short = Some(value),
                        "long" => long = Some(value),
                        "name" if kind != DeclKind::Acro => decl.short = Some(value),
                        "description" if kind != DeclKind::Acro => decl.description = Some(value),
                        "alt" | "plural" => decl.aliases.push(value),
                        _ => {}
                    }
                }
                if kind == DeclKind::LongEntry
                    && let Some((desc, end)) = self.arg(end, false, sink)
                {
                    decl.description = Some(self.trim_value(desc));
                    decl.end = end;
                }
                if (short.is_some() && long.is_some()) || kind == DeclKind::Acro {
                    decl.short = short;
                    decl.long = long;
                } else {
                    decl.is_entry = true;
                    decl.long = decl.description.clone();
                }
            }
        }
        Some(decl)
    }
}

/// Every declaration in `source` outside comments and verbatim environments, in order.
pub(crate) fn declarations(source: &str) -> Vec<Declaration> {
    let src = Src::new(source);
    let mut out = Vec::new();
    let sink = &mut Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'\\', b'%', &src.b[i..]).map(|k| i + k) {
        if src.b[at] == b'%' {
            i = src.skip_comment(at, sink);
            continue;
        }
        let (name, after) = src.command_at(at);
        i = after.max(at + 1);
        if name == "begin"
            && let Some((env, end)) = src.arg(after, false, sink)
            && skipped_environment(&source[env.clone()]).is_some()
        {
            let close = format!("\\end{{{}}}", &source[env]);
            i = memchr::memmem::find(&src.b[end..], close.as_bytes())
                .map_or(src.b.len(), |k| end + k + close.len());
            continue;
        }
        if let Some(decl) = src.declaration(at, name, after) {
            i = decl.end.max(i);
            out.push(decl);
        }
    }
    out
}

/// The line starts where a LaTeX `source` may be cut into pieces that parse alone exactly
/// as they do together (see [`crate::markup::chunks`]): after a paragraph break at the top
/// level of the body — no group, environment or math open, past `\begin{document}` when
/// there is a preamble, before `\end{document}` — at a line that does not start a preamble
/// of its own. The scan reads the constructs the parser reads as a whole (verbatim
/// environments, `\verb`, definitions, preamble arguments, math, code groups) as the
/// parser does, with the same helpers, and keeps no text: a keystroke in a large document
/// pays for this scan and the parse of one piece, not a parse of the whole.
///
/// `source` may also be a part of a document that starts at a split point (not `at_start`).
pub(super) fn split_points(source: &str, at_start: bool) -> Vec<usize> {
    let src = Src::new(source);
    let b = src.b;
    let len = b.len();
    let sink = &mut Vec::new();
    let mut out = Vec::new();
    let mut preamble = at_start && has_preamble(source);
    let mut depth = 0usize;
    let mut envs: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < len {
        let byte = b[i];
        let next = match byte {
            b'\\' => {
                let (name, after) = src.command_at(i);
                match command_end(&src, i, name, after, preamble, sink) {
                    CommandEnd::At(e) => e,
                    CommandEnd::Begin(name, e) => {
                        if name == "document" {
                            preamble = false;
                            e
                        } else if skipped_environment(name).is_some() {
                            let body_end = src.skipped_body_end(name, e, len);
                            (body_end + "\\end{}".len() + name.len()).min(len)
                        } else {
                            envs.push(name);
                            src.environment_args_end(name, e, sink)
                        }
                    }
                    CommandEnd::End(name, e) => {
                        if name == "document" {
                            break;
                        }
                        if let Some(at) = envs.iter().rposition(|env| *env == name) {
                            envs.truncate(at);
                        }
                        e
                    }
                }
            }
            b'%' => src.skip_comment(i, sink),
            b'{' if src.is_code_group(i) => src.group_end(i, sink),
            b'{' => {
                if depth < MAX_DEPTH {
                    depth += 1;
                }
                i + 1
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                i + 1
            }
            b'$' => src.dollar_math_end(i, len),
            b'\n' if src.blank_line_follows(i) => {
                let mut j = i + 1;
                while j < len && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                // The piece starts at the line the next paragraph starts on.
                let line = memchr::memrchr(b'\n', &b[..j]).map_or(0, |k| k + 1);
                // Not at a comment line (the line after it could start a preamble of the
                // piece's own) nor at a line that starts one.
                let first = &source[j..];
                if j < len
                    && depth == 0
                    && envs.is_empty()
                    && !preamble
                    && !first.starts_with('%')
                    && !PREAMBLE_STARTS.iter().any(|p| first.starts_with(p))
                {
                    out.push(line);
                }
                j
            }
            _ => i + 1,
        };
        i = next.max(i + 1);
        // Plain text runs on to the next byte the parser acts on.
        while i < len && !matches!(b[i], b'\\' | b'%' | b'{' | b'}' | b'$' | b'\n') {
            i += 1;
        }
    }
    out
}

/// Where a command ends for [`split_points`]: the groups of prose arguments are left to
/// the scan (they are counted as groups), everything the parser skips is skipped.
enum CommandEnd<'a> {
    At(usize),
    /// `\begin{name}` (the name read, up to `usize`).
    Begin(&'a str, usize),
    /// `\end{name}`.
    End(&'a str, usize),
}

/// The end of the command named `name` (its backslash at `i`, its name ending at `after`)
/// as [`Parser::command`] reads it, for [`split_points`].
fn command_end<'a>(
    src: &Src<'a>,
    i: usize,
    name: &'a str,
    after: usize,
    preamble: bool,
    sink: &mut Vec<super::Directive>,
) -> CommandEnd<'a> {
    let b = src.b;
    let len = b.len();
    let at = |e: usize| CommandEnd::At(e);
    match name {
        "" => return at(after),
        "(" => return at(src.delimited_math_end(i, b"\\)", len)),
        "[" => return at(src.delimited_math_end(i, b"\\]", len)),
        "\\" => {
            let mut j = after;
            if b.get(j) == Some(&b'*') {
                j += 1;
            }
            return at(src.opt(j).map_or(j, |(_, e)| e));
        }
        "'" | "`" | "^" | "\"" | "~" | "=" | "." => return at(src.accent_letter(after).1),
        "verb" | "lstinline" | "mintinline" | "mint" | "Verb" => {
            let (j, stop) = src.verb_span(name, after, len);
            return at(stop.map_or(j, |stop| stop.max(j + 1)));
        }
        "def" | "gdef" | "edef" | "xdef" | "let" => {
            return at(src.definition_end(name, after, len, sink));
        }
        "begin" | "end" => {
            let Some((name_range, e)) = src.arg(after, false, sink) else {
                return at(after);
            };
            let env = src.s[name_range].trim();
            return if name == "begin" {
                CommandEnd::Begin(env, e)
            } else {
                CommandEnd::End(env, e)
            };
        }
        "item" => return at(src.opt(after).map_or(after, |(_, e)| e)),
        "&" | "%" | "$" | "#" | "_" | "{" | "}" | " " | "," | ";" | ":" | ">" | "\n" | "\t"
        | "!" | "-" | "/" | "@" | "\r" | "ldots" | "dots" | "textellipsis" | "textendash"
        | "textemdash" | "par" => return at(after),
        _ => {}
    }
    if special_letter(name).is_some() {
        return at(after);
    }
    if matches!(name, "c" | "v" | "u" | "H" | "k" | "r" | "d" | "b" | "t")
        && b.get(after) == Some(&b'{')
    {
        return at(src.accent_letter(after).1);
    }
    if let Some(decl) = src.declaration(i, name, after) {
        return at(decl.end.max(after));
    }
    if let Some(level) = heading_level(name) {
        if preamble && level != 1 {
            return at(after);
        }
        // `*` and an option, then the title: a group read as prose.
        let mut j = after;
        if b.get(j) == Some(&b'*') {
            j += 1;
        }
        return at(src.opt(j).map_or(j, |(_, e)| e));
    }
    if preamble && !read_in_preamble(name) {
        return at(src.preamble_args_end(after, len, sink));
    }
    let Some(spec) = spec(name) else {
        return at(src.opt(after).map_or(after, |(_, e)| e));
    };
    // Hidden and code arguments are skipped whole; a prose argument ends the command
    // (its group is read by the scan, as the parser reads it).
    let mut j = after;
    for kind in spec.chars() {
        match kind {
            '*' if b.get(j) == Some(&b'*') => j += 1,
            'o' => {
                if let Some((_, e)) = src.opt(j) {
                    j = e;
                }
            }
            'h' | 'u' | 'c' => {
                if let Some((_, e)) = src.arg(j, kind != 'c', sink) {
                    j = e;
                }
            }
            'p' | 'b' => break,
            _ => {}
        }
    }
    at(j)
}

/// The readable text of a LaTeX fragment (a declaration's argument), on one line.
pub(crate) fn plain_text(fragment: &str) -> String {
    let prose = prose(fragment);
    let text: String = prose
        .text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .filter(|&c| c != CODE_PLACEHOLDER)
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EnvKind {
    List,
    Description,
    Table,
    Other,
}

/// What kind of block an environment holds, by its name.
fn env_kind(name: &str) -> EnvKind {
    match name {
        "itemize" | "enumerate" | "compactitem" | "compactenum" | "inparaenum" | "asparaenum"
        | "list" => EnvKind::List,
        "description" | "compactdesc" | "asparadesc" => EnvKind::Description,
        n if n.starts_with("tabular")
            || n.starts_with("longtable")
            || n == "tabu"
            || n == "array"
            || n.starts_with("supertabular")
            || n == "xtabular" =>
        {
            EnvKind::Table
        }
        _ => EnvKind::Other,
    }
}

struct Env<'a> {
    name: &'a str,
    kind: EnvKind,
    /// The block kind text in it takes before its first `\item`/cell.
    outer: BlockKind,
    row: u32,
    column: u32,
    /// A `\item` was seen: text is an item.
    in_item: bool,
}

struct Parser<'a> {
    src: Src<'a>,
    prose: Prose,
    block_start: Option<usize>,
    /// The kind of the block text opens.
    kind: BlockKind,
    envs: Vec<Env<'a>>,
    code_seen: HashSet<Box<str>>,
    depth: usize,
    /// Inside the preamble: only titles and declarations are read.
    preamble: bool,
    /// Where the document body ends (`\end{document}`).
    done: bool,
}

/// The prose of a LaTeX `source`.
pub(super) fn prose(source: &str) -> Prose {
    let src = Src::new(source);
    let preamble = has_preamble(source);
    let mut p = Parser {
        src,
        prose: Prose::default(),
        block_start: None,
        kind: BlockKind::Paragraph,
        envs: Vec::new(),
        code_seen: HashSet::new(),
        depth: 0,
        preamble,
        done: false,
    };
    p.prose.text.reserve(source.len());
    p.run(0, source.len(), false);
    p.close_block();
    p.prose
}

/// The commands a whole document's first line starts with.
const PREAMBLE_STARTS: [&str; 6] = [
    "\\documentclass",
    "\\DocumentMetadata",
    "\\RequirePackage",
    "\\PassOptionsToPackage",
    "\\NeedsTeXFormat",
    "\\pdfoutput",
];

/// Whether `source` is a whole document whose preamble runs to `\begin{document}`: its first
/// line that is neither blank nor a comment starts one (`\documentclass`, …), and it has a
/// `\begin{document}`. A fragment (a chapter read by `\input`) is body throughout, even when
/// it shows a `\begin{document}` in a listing.
pub(super) fn has_preamble(source: &str) -> bool {
    let first = source
        .lines()
        .map(str::trim_start)
        .find(|line| !line.is_empty() && !line.starts_with('%'));
    let starts = first.is_some_and(|line| {
        let line = line.trim_start_matches('\u{feff}');
        PREAMBLE_STARTS.iter().any(|s| line.starts_with(s))
    });
    starts && memchr::memmem::find(source.as_bytes(), b"\\begin{document}").is_some()
}

impl<'a> Parser<'a> {
    /// Reads `start..end`; with `group`, stops after the `}` that closes the group and
    /// returns where it ended.
    fn run(&mut self, start: usize, end: usize, group: bool) -> usize {
        let b = self.src.b;
        let mut i = start;
        let mut text_start = i;
        while i < end {
            if self.done {
                return end;
            }
            let byte = b[i];
            // Plain text bytes run on: spaces inside a block, single dashes and quotes too.
            let plain = match byte {
                b'\\' | b'%' | b'{' | b'}' | b'$' | b'~' | b'\n' | b'\r' | b'&' => false,
                b'`' | b'\'' | b'-' => b.get(i + 1) != Some(&byte),
                b' ' | b'\t' => self.block_start.is_some() && text_start < i,
                _ => true,
            };
            if plain {
                i += 1;
                continue;
            }
            self.text(text_start..i);
            let next = match byte {
                b'\\' => self.command(i, end),
                b'%' => self.src.skip_comment(i, &mut self.prose.directives),
                b'{' if self.src.is_code_group(i) => {
                    // `{\tt …}`: monospace, written as code.
                    let e = self.src.group_end(i, &mut self.prose.directives).min(end);
                    let inner = &self.src.s[self.src.inside(i, e)];
                    let code = inner
                        .trim_start_matches("\\ttfamily")
                        .trim_start_matches("\\tt");
                    self.note_code(code);
                    self.placeholder(i..e);
                    e
                }
                b'{' => {
                    if self.depth >= MAX_DEPTH {
                        i + 1
                    } else {
                        self.depth += 1;
                        let after = self.run(i + 1, end, true);
                        self.depth -= 1;
                        after
                    }
                }
                b'}' => {
                    if group {
                        return i + 1;
                    }
                    i + 1
                }
                b'$' => self.dollar_math(i, end),
                b'~' => {
                    self.push(" ", i..i + 1, false);
                    i + 1
                }
                b'\n' | b'\r' => self.line_break(i, end),
                b' ' | b'\t' => {
                    let mut j = i;
                    while j < end && matches!(b[j], b' ' | b'\t') {
                        j += 1;
                    }
                    if self.block_start.is_some() {
                        self.push(&self.src.s[i..j], i..j, true);
                    }
                    j
                }
                b'&' => {
                    if self.envs.last().is_some_and(|e| e.kind == EnvKind::Table) {
                        self.close_block();
                        if let Some(env) = self.envs.last_mut() {
                            env.column += 1;
                        }
                        self.set_cell_kind();
                    } else {
                        self.push("&", i..i + 1, true);
                    }
                    i + 1
                }
                b'`' | b'\'' => {
                    if b.get(i + 1) == Some(&byte) {
                        self.push("\"", i..i + 2, false);
                        i + 2
                    } else {
                        self.push(&self.src.s[i..i + 1], i..i + 1, true);
                        i + 1
                    }
                }
                b'-' => {
                    if b[i..end].starts_with(b"---") {
                        self.push("\u{2014}", i..i + 3, false);
                        i + 3
                    } else if b[i..end].starts_with(b"--") {
                        self.push("\u{2013}", i..i + 2, false);
                        i + 2
                    } else {
                        self.push("-", i..i + 1, true);
                        i + 1
                    }
                }
                _ => i + 1,
            };
            i = next.max(i + 1).min(end.max(i + 1));
            text_start = i;
        }
        self.text(text_start..i.min(end));
        end
    }

    /// Plain text of the source (hidden in the preamble).
    fn text(&mut self, range: Range<usize>) {
        if range.is_empty() || self.preamble {
            return;
        }
        let s = self.src.s;
        let mut start = range.start;
        if self.block_start.is_none() {
            // A block never starts with spaces.
            while start < range.end && matches!(self.src.b[start], b' ' | b'\t') {
                start += 1;
            }
        }
        self.push(&s[start..range.end], start..range.end, true);
    }

    fn push(&mut self, text: &str, range: Range<usize>, exact: bool) {
        if self.preamble || self.done {
            return;
        }
        if self.block_start.is_none() {
            if text.trim().is_empty() {
                return;
            }
            self.block_start = Some(self.prose.text.len());
        }
        self.prose.push(text, range, exact);
    }

    fn placeholder(&mut self, range: Range<usize>) {
        self.push(CODE_PLACEHOLDER.encode_utf8(&mut [0; 4]), range, false);
    }

    fn close_block(&mut self) {
        let Some(start) = self.block_start.take() else {
            return;
        };
        // Trailing spaces are not part of the block.
        let trimmed = self.prose.text[start..].trim_end_matches([' ', '\t']).len();
        let end = start + trimmed;
        if end > start {
            self.prose.blocks.push(Block {
                range: start..end,
                kind: self.kind,
                in_definitions_section: false,
                in_references_section: false,
            });
            self.prose.text.push('\n');
        }
    }

    /// A line break: a space, or the end of a paragraph when a blank line follows.
    fn line_break(&mut self, i: usize, end: usize) -> usize {
        let b = self.src.b;
        let len = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        let newline = i + len - 1;
        if b[i] == b'\r' && len == 1 {
            // A lone `\r` ends a line too.
            self.push(" ", i..i + 1, false);
            return i + 1;
        }
        if self.src.blank_line_follows(newline) {
            self.close_block();
            if !matches!(self.kind, BlockKind::Heading(_)) {
                self.kind = self.body_kind();
            }
            let mut j = newline + 1;
            while j < end && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                j += 1;
            }
            return j;
        }
        self.push(" ", i..i + len, len == 1);
        let mut j = i + len;
        while j < end && matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        j
    }

    /// The kind of a new paragraph in the innermost environment.
    fn body_kind(&self) -> BlockKind {
        match self.envs.last() {
            Some(env) if env.in_item && env.kind == EnvKind::List => BlockKind::ListItem,
            Some(env) if env.in_item && env.kind == EnvKind::Description => {
                BlockKind::DefinitionBody
            }
            Some(env) if env.kind == EnvKind::Table => BlockKind::TableCell {
                row: env.row,
                column: env.column,
                header: env.row == 0,
            },
            Some(env) => env.outer,
            None => BlockKind::Paragraph,
        }
    }

    fn set_cell_kind(&mut self) {
        self.kind = self.body_kind();
    }

    /// `$…$` or `$$…$$`: one placeholder. Math never crosses a blank line.
    fn dollar_math(&mut self, i: usize, end: usize) -> usize {
        let after = self.src.dollar_math_end(i, end);
        self.math(i..after);
        after
    }

    /// Math between `\(` and `\)` or `\[` and `\]` (the opener at `i`).
    fn delimited_math(&mut self, i: usize, close: &[u8], end: usize) -> usize {
        let after = self.src.delimited_math_end(i, close, end);
        self.math(i..after);
        after
    }

    /// A command whose backslash is at `i`; returns where reading goes on.
    fn command(&mut self, i: usize, end: usize) -> usize {
        let (name, after) = self.src.command_at(i);
        let after = after.min(end);
        if name.is_empty() {
            return after;
        }
        // Control symbols.
        match name {
            "&" | "%" | "$" | "#" | "_" | "{" | "}" => {
                self.push(name, i..after, false);
                return after;
            }
            " " | "," | ";" | ":" | ">" | "\n" | "\t" => {
                self.push(" ", i..after, false);
                return after;
            }
            "!" | "-" | "/" | "@" | "\r" => return after,
            "(" => return self.delimited_math(i, b"\\)", end),
            "[" => return self.delimited_math(i, b"\\]", end),
            "\\" => return self.newline_command(i, after, end),
            "'" | "`" | "^" | "\"" | "~" | "=" | "." => return self.accent(i, name, after, end),
            _ => {}
        }
        if let Some(letter) = special_letter(name) {
            // Spaces after a control word are TeX's, not the text's (`Stra\ss e`).
            let mut j = after;
            while j < end && self.src.b[j] == b' ' {
                j += 1;
            }
            self.push(letter, i..j, false);
            return j;
        }
        if matches!(name, "c" | "v" | "u" | "H" | "k" | "r" | "d" | "b" | "t")
            && self.src.b.get(after) == Some(&b'{')
        {
            return self.accent(i, name, after, end);
        }
        match name {
            "ldots" | "dots" | "textellipsis" => {
                self.push("\u{2026}", i..after, false);
                return after;
            }
            "textendash" => {
                self.push("\u{2013}", i..after, false);
                return after;
            }
            "textemdash" => {
                self.push("\u{2014}", i..after, false);
                return after;
            }
            "par" => {
                self.close_block();
                self.kind = self.body_kind();
                return after;
            }
            "begin" => return self.begin(i, after, end),
            "end" => return self.end_env(after, end),
            "item" => return self.item(after, end),
            "verb" | "lstinline" | "mintinline" | "mint" | "Verb" => {
                return self.verb(i, name, after, end);
            }
            "def" | "gdef" | "edef" | "xdef" | "let" => return self.definition(name, after, end),
            _ => {}
        }
        if let Some(decl) = self.src.declaration(i, name, after) {
            return self.declare(&decl).min(end).max(after);
        }
        if let Some(level) = heading_level(name) {
            if self.preamble && level != 1 {
                return after;
            }
            return self.block_arg(after, end, BlockKind::Heading(level), "*o");
        }
        let in_preamble = self.preamble;
        if in_preamble && !read_in_preamble(name) {
            // The preamble is not prose: a command's arguments are skipped with it.
            return self.skip_args(after, end);
        }
        if name.to_ascii_lowercase().contains("cite") {
            self.note_cited_keys(after);
        }
        let Some(spec) = spec(name) else {
            // An unknown command: its optional arguments are options, its others prose.
            return self.src.opt(after).map_or(after, |(_, e)| e.min(end));
        };
        self.args(i, after, end, spec, in_preamble)
    }

    /// The keys a citation command names (`\cite[p.~4]{majc,smith99}`), in capitals: a word
    /// the document writes as its key's name ("as in MAJC~\cite{majc}") names the cited
    /// work, which explains it.
    fn note_cited_keys(&mut self, after: usize) {
        let mut j = after;
        if self.src.b.get(j) == Some(&b'*') {
            j += 1;
        }
        // Comments inside the arguments are read again when the arguments are skipped.
        let mut scratch = Vec::new();
        while let Some((_, e)) = self.src.opt(j) {
            j = e;
        }
        let Some((keys, _)) = self.src.arg(j, true, &mut scratch) else {
            return;
        };
        for key in self.src.s[keys].split(',').map(str::trim) {
            if (2..=16).contains(&key.len())
                && key.bytes().all(|b| b.is_ascii_alphanumeric())
                && key.bytes().any(|b| b.is_ascii_alphabetic())
            {
                let name: Box<str> = key.to_ascii_uppercase().into();
                if !self.prose.cited_names.contains(&name) {
                    self.prose.cited_names.push(name);
                }
            }
        }
    }

    /// Reads the arguments of a command by its `spec`.
    fn args(&mut self, i: usize, after: usize, end: usize, spec: &str, preamble: bool) -> usize {
        let mut j = after;
        let b = self.src.b;
        for kind in spec.chars() {
            match kind {
                '*' if b.get(j) == Some(&b'*') => j += 1,
                'o' => {
                    if let Some((_, e)) = self.src.opt(j) {
                        j = e;
                    }
                }
                'h' => {
                    if let Some((_, e)) = self.src.arg(j, true, &mut self.prose.directives) {
                        j = e;
                    }
                }
                'p' | 'b' => {
                    let k = self.src.skip_space(j, &mut self.prose.directives);
                    if b.get(k) != Some(&b'{') {
                        continue;
                    }
                    if kind == 'b' {
                        let was = self.preamble;
                        self.preamble = false;
                        j = self.block_arg(j, end, BlockKind::Paragraph, "");
                        self.preamble = was && preamble;
                    } else {
                        j = self.group(k, end);
                    }
                }
                'c' => {
                    if let Some((content, e)) = self.src.arg(j, false, &mut self.prose.directives) {
                        let code = &self.src.s[content];
                        self.note_code(code);
                        self.placeholder(i..e);
                        j = e;
                    }
                }
                'u' => {
                    if let Some((_, e)) = self.src.arg(j, true, &mut self.prose.directives) {
                        self.placeholder(i..e);
                        j = e;
                    }
                }
                _ => {}
            }
        }
        j.min(end)
    }

    /// A `{…}` group at `k` read as prose.
    fn group(&mut self, k: usize, end: usize) -> usize {
        if self.depth >= MAX_DEPTH {
            return self.src.group_end(k, &mut self.prose.directives).min(end);
        }
        self.depth += 1;
        let after = self.run(k + 1, end, true);
        self.depth -= 1;
        after
    }

    /// The arguments of a command in the preamble: options and groups, all skipped.
    fn skip_args(&mut self, after: usize, end: usize) -> usize {
        self.src
            .preamble_args_end(after, end, &mut self.prose.directives)
    }

    /// A prose argument that is a block of its own (a heading, a caption, a footnote): the
    /// block around it is closed and resumes after it.
    fn block_arg(&mut self, after: usize, end: usize, kind: BlockKind, before: &str) -> usize {
        let j = self.args(after, after, end, before, false);
        let k = self.src.skip_space(j, &mut self.prose.directives);
        if self.src.b.get(k) != Some(&b'{') {
            return j;
        }
        let outer = self.kind;
        self.close_block();
        self.kind = kind;
        // A title or a subtitle in the preamble is prose.
        let preamble = std::mem::replace(&mut self.preamble, false);
        let e = self.group(k, end);
        self.close_block();
        self.preamble = preamble;
        self.kind = if matches!(outer, BlockKind::Heading(_)) {
            self.body_kind()
        } else {
            outer
        };
        e
    }

    /// `\\`: a new table row, or a line break.
    fn newline_command(&mut self, i: usize, after: usize, end: usize) -> usize {
        let mut j = after;
        if self.src.b.get(j) == Some(&b'*') {
            j += 1;
        }
        if let Some((_, e)) = self.src.opt(j) {
            j = e;
        }
        if let Some(env) = self.envs.last_mut()
            && env.kind == EnvKind::Table
        {
            env.row += 1;
            env.column = 0;
            self.close_block();
            self.set_cell_kind();
        } else {
            self.push(" ", i..after, false);
        }
        j.min(end)
    }

    /// `\'e`, `\"{o}`, `\c{c}`: the accented letter.
    fn accent(&mut self, i: usize, accent: &str, after: usize, end: usize) -> usize {
        let (letter, stop) = self.src.accent_letter(after);
        let letter = letter.strip_prefix('\\').unwrap_or(letter);
        let composed = compose(accent, letter);
        match composed {
            Some(c) => {
                let mut buf = [0; 4];
                self.push(c.encode_utf8(&mut buf), i..stop.min(end), false);
            }
            None if !letter.is_empty() && letter.chars().all(char::is_alphabetic) => {
                self.push(letter, i..stop.min(end), false);
            }
            None => {}
        }
        stop.min(end).max(after)
    }

    /// `\verb|x|`, `\lstinline[opts]{x}`, `\mintinline{lang}|x|`: one placeholder.
    fn verb(&mut self, i: usize, name: &str, after: usize, end: usize) -> usize {
        let b = self.src.b;
        let (j, stop) = self.src.verb_span(name, after, end);
        let Some(stop) = stop else {
            return j.min(end);
        };
        let close = if b[j] == b'{' { b'}' } else { b[j] };
        let inner_end = if stop > j + 1 && b.get(stop - 1) == Some(&close) {
            stop - 1
        } else {
            stop
        };
        if let Some(code) = self.src.s.get(j + 1..inner_end.max(j + 1)) {
            self.note_code(code);
        }
        self.placeholder(i..stop);
        stop.max(j + 1).min(end)
    }

    /// `\def\name#1{body}`, `\let\a\b`: never prose.
    fn definition(&mut self, name: &str, after: usize, end: usize) -> usize {
        self.src
            .definition_end(name, after, end, &mut self.prose.directives)
    }

    /// A declaration: its short and long forms as a pair of blocks.
    fn declare(&mut self, decl: &Declaration) -> usize {
        let was = self.preamble;
        self.preamble = false;
        let outer = self.kind;
        self.close_block();
        if let (Some(short), Some(long)) = (decl.short.clone(), decl.long.clone()) {
            let s = self.src.s;
            let acronym_name = !decl.is_entry
                || crate::acronym::is_acronym_shaped(s[short.clone()].trim_matches(['{', '}']));
            let (first, second) = if acronym_name {
                (BlockKind::DeclaredShort, BlockKind::DeclaredLong)
            } else {
                (BlockKind::DefinitionTitle, BlockKind::DefinitionBody)
            };
            let has_long = !s[long.clone()].trim().is_empty();
            if has_long {
                self.inline_block(short, first);
                if self.prose.blocks.last().is_some_and(|b| b.kind == first) {
                    self.inline_block(long, second);
                }
            }
        }
        self.kind = outer;
        self.preamble = was;
        decl.end
    }

    /// Reads a source range as one block of `kind`.
    fn inline_block(&mut self, range: Range<usize>, kind: BlockKind) {
        self.close_block();
        self.kind = kind;
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            self.run(range.start, range.end, false);
            self.depth -= 1;
        }
        self.close_block();
    }

    /// `\begin{name}`: environments.
    fn begin(&mut self, i: usize, after: usize, end: usize) -> usize {
        let Some((name_range, e)) = self.src.arg(after, false, &mut self.prose.directives) else {
            return after;
        };
        let s = self.src.s;
        let name = s[name_range].trim();
        if name == "document" {
            self.preamble = false;
            self.close_block();
            return e.min(end);
        }
        if let Some(code) = skipped_environment(name) {
            let body_end = self.src.skipped_body_end(name, e, end);
            let stop = (body_end + "\\end{}".len() + name.len()).min(end);
            if code {
                // Skip the environment's options and arguments (a minted language).
                let mut body_start = e;
                if let Some((_, oe)) = self.src.opt(e) {
                    body_start = oe;
                }
                if name == "minted"
                    && let Some((_, ae)) = self.src.arg(body_start, false, &mut Vec::new())
                {
                    body_start = ae;
                }
                let body = &s[body_start.min(body_end)..body_end];
                for line in body.lines() {
                    let code = super::code_without_comment(line);
                    self.note_code(code);
                }
            } else if name == "comment" {
                let body = &s[e.min(body_end)..body_end];
                if body.contains("glossary-ls") {
                    directives_in(body, e, &mut self.prose.directives);
                }
            }
            let hidden = !code && !matches!(name, "comment" | "thebibliography");
            if hidden && !self.preamble {
                if is_math_environment(name) {
                    self.note_math(&s[e.min(body_end)..body_end]);
                }
                self.placeholder(i..stop);
            } else {
                self.close_block();
                self.kind = self.body_kind();
            }
            return stop;
        }
        let kind = env_kind(name);
        let j = self
            .src
            .environment_args_end(name, e, &mut self.prose.directives);
        self.close_block();
        let outer = self.body_kind();
        self.envs.push(Env {
            name,
            kind,
            outer: match kind {
                EnvKind::Other => outer,
                _ => BlockKind::Paragraph,
            },
            row: 0,
            column: 0,
            in_item: false,
        });
        self.kind = self.body_kind();
        j.min(end)
    }

    /// `\end{name}`.
    fn end_env(&mut self, after: usize, end: usize) -> usize {
        let Some((name_range, e)) = self.src.arg(after, false, &mut self.prose.directives) else {
            return after;
        };
        let name = self.src.s[name_range].trim();
        if name == "document" {
            self.close_block();
            self.done = true;
            return end;
        }
        if let Some(at) = self.envs.iter().rposition(|env| env.name == name) {
            self.close_block();
            self.envs.truncate(at);
            self.kind = self.body_kind();
        }
        e.min(end)
    }

    /// `\item` or `\item[term]`.
    fn item(&mut self, after: usize, end: usize) -> usize {
        self.close_block();
        let description = self
            .envs
            .last()
            .is_some_and(|env| env.kind == EnvKind::Description);
        if let Some(env) = self.envs.last_mut() {
            env.in_item = true;
        }
        let mut j = after;
        if let Some((term, e)) = self.src.opt(after) {
            if description {
                self.kind = BlockKind::DefinitionTitle;
                self.depth += 1;
                if self.depth < MAX_DEPTH {
                    self.run(term.start, term.end, false);
                }
                self.depth -= 1;
                self.close_block();
            }
            j = e;
        }
        self.kind = self.body_kind();
        j.min(end)
    }

    fn note_code(&mut self, code: &str) {
        self.prose.note_code(code, &mut self.code_seen);
    }

    /// Inline math over `range` of the source: one placeholder. The names in a formula
    /// (`$\mathit{XLEN} \geq 64$`) and a word glued to it (`XLEN$\geq$64`,
    /// `2$\times$XLEN`) are variables: evidence of identifiers, like code. (A superscript
    /// or subscript glued to a word, `TLS$^{1}$`, marks the word, which stays prose.)
    fn math(&mut self, range: Range<usize>) {
        let s = self.src.s;
        self.note_math(&s[range.clone()]);
        let formula = s[range.clone()].trim_start_matches(['$', '\\', '(', '[', ' ']);
        let marks_the_word = formula.starts_with(['^', '_']);
        let glued_before = if marks_the_word {
            ""
        } else {
            s[..range.start]
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
        };
        let glued_after = s[range.end..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        for word in [glued_before, glued_after] {
            if !word.is_empty() {
                self.note_code(word);
            }
        }
        self.placeholder(range);
    }

    /// The names in a formula, its commands (`\Delta`, `\mathrm`) left out.
    fn note_math(&mut self, math: &str) {
        let mut names = String::with_capacity(math.len());
        let mut in_command = false;
        for c in math.chars() {
            in_command = if c == '\\' {
                true
            } else {
                in_command && c.is_ascii_alphabetic()
            };
            names.push(if in_command { ' ' } else { c });
        }
        self.note_code(&names);
    }
}

/// `\ss`, `\o`, `\ae`, …: letters written as commands.
fn special_letter(name: &str) -> Option<&'static str> {
    Some(match name {
        "ss" => "ß",
        "o" => "ø",
        "O" => "Ø",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        _ => return None,
    })
}

/// The precomposed letter for an accent command and a letter, when there is one.
fn compose(accent: &str, letter: &str) -> Option<char> {
    let mut chars = letter.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let table: &[(char, char)] = match accent {
        "'" => &[
            ('a', 'á'),
            ('e', 'é'),
            ('i', 'í'),
            ('o', 'ó'),
            ('u', 'ú'),
            ('y', 'ý'),
            ('c', 'ć'),
            ('n', 'ń'),
            ('s', 'ś'),
            ('z', 'ź'),
            ('A', 'Á'),
            ('E', 'É'),
            ('I', 'Í'),
            ('O', 'Ó'),
            ('U', 'Ú'),
            ('Y', 'Ý'),
            ('C', 'Ć'),
            ('N', 'Ń'),
            ('S', 'Ś'),
            ('Z', 'Ź'),
        ],
        "`" => &[
            ('a', 'à'),
            ('e', 'è'),
            ('i', 'ì'),
            ('o', 'ò'),
            ('u', 'ù'),
            ('A', 'À'),
            ('E', 'È'),
            ('I', 'Ì'),
            ('O', 'Ò'),
            ('U', 'Ù'),
        ],
        "^" => &[
            ('a', 'â'),
            ('e', 'ê'),
            ('i', 'î'),
            ('o', 'ô'),
            ('u', 'û'),
            ('A', 'Â'),
            ('E', 'Ê'),
            ('I', 'Î'),
            ('O', 'Ô'),
            ('U', 'Û'),
        ],
        "\"" => &[
            ('a', 'ä'),
            ('e', 'ë'),
            ('i', 'ï'),
            ('o', 'ö'),
            ('u', 'ü'),
            ('y', 'ÿ'),
            ('A', 'Ä'),
            ('E', 'Ë'),
            ('I', 'Ï'),
            ('O', 'Ö'),
            ('U', 'Ü'),
        ],
        "~" => &[
            ('a', 'ã'),
            ('n', 'ñ'),
            ('o', 'õ'),
            ('A', 'Ã'),
            ('N', 'Ñ'),
            ('O', 'Õ'),
        ],
        "c" => &[('c', 'ç'), ('C', 'Ç'), ('s', 'ş'), ('S', 'Ş')],
        "v" => &[
            ('c', 'č'),
            ('s', 'š'),
            ('z', 'ž'),
            ('r', 'ř'),
            ('e', 'ě'),
            ('n', 'ň'),
            ('C', 'Č'),
            ('S', 'Š'),
            ('Z', 'Ž'),
            ('R', 'Ř'),
            ('E', 'Ě'),
            ('N', 'Ň'),
        ],
        "r" => &[('a', 'å'), ('A', 'Å'), ('u', 'ů'), ('U', 'Ů')],
        "H" => &[('o', 'ő'), ('u', 'ű'), ('O', 'Ő'), ('U', 'Ű')],
        "k" => &[('a', 'ą'), ('e', 'ę'), ('A', 'Ą'), ('E', 'Ę')],
        "=" => &[('a', 'ā'), ('e', 'ē'), ('i', 'ī'), ('o', 'ō'), ('u', 'ū')],
        "." => &[('z', 'ż'), ('Z', 'Ż'), ('e', 'ė')],
        "u" => &[('a', 'ă'), ('g', 'ğ'), ('A', 'Ă'), ('G', 'Ğ')],
        _ => &[],
    };
    table.iter().find(|(l, _)| *l == c).map(|(_, a)| *a)
}

#[cfg(test)]
mod tests {
    use super::super::{BlockKind, CODE_PLACEHOLDER, Markup, Prose};

    fn prose(source: &str) -> Prose {
        Prose::new(source, Markup::Latex)
    }

    /// The source text of the first occurrence of `word` in the prose.
    fn source_of<'a>(p: &Prose, source: &'a str, word: &str) -> &'a str {
        let at = p
            .text
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {:?}", p.text));
        &source[p.range_to_source(at..at + word.len())]
    }

    fn blocks(p: &Prose) -> Vec<(BlockKind, &str)> {
        p.blocks
            .iter()
            .map(|b| (b.kind, &p.text[b.range.clone()]))
            .collect()
    }

    #[test]
    fn comments_verbatim_and_math_are_not_prose() {
        let source = "We use TLS here. % not ABC prose\n50\\% of XYZ.\n\n\\begin{verbatim}\nlet QQQ = 1;\n\\end{verbatim}\n\nInline $F = MA$ and \\(KLM\\) and \\[PQR\\] and\n\\begin{equation}\nE = MC^2\n\\end{equation}\nthe end.\n";
        let p = prose(source);
        for hidden in ["ABC", "QQQ", "MA", "KLM", "PQR", "MC"] {
            assert!(!p.text.contains(hidden), "{hidden} in {:?}", p.text);
        }
        assert!(p.text.contains("50% of XYZ."), "{:?}", p.text);
        assert_eq!(source_of(&p, source, "XYZ"), "XYZ");
        assert_eq!(source_of(&p, source, "TLS"), "TLS");
        assert!(p.code_words.iter().any(|w| &**w == "QQQ"));
        assert!(p.text.contains(&format!("Inline {CODE_PLACEHOLDER} and")));
    }

    #[test]
    fn authors_dates_and_affiliations_are_metadata() {
        let source = "\\begin{document}\n\\title{The QZT Plan}\n\\author{Jo Doe \\\\ IOHK \\and QMG}\n\\date{3 May 2024}\n\\affiliation{QRS Labs}\n\\maketitle\nThe PQW keeps state.\n\\end{document}\n";
        let p = prose(source);
        for hidden in ["IOHK", "QMG", "May", "QRS"] {
            assert!(!p.text.contains(hidden), "{hidden} in {:?}", p.text);
        }
        assert!(p.text.contains("The QZT Plan") && p.text.contains("The PQW keeps state."));
    }

    #[test]
    fn preamble_is_hidden_except_title_and_declarations() {
        let source = "\\documentclass[11pt]{article}\n\\usepackage[T1]{fontenc}\n\\newcommand{\\HPC}{High FOO}\n\\title{The GPU Book}\n\\author{A. Writer}\n\\newacronym{cpu}{CPU}{central processing unit}\n\\begin{document}\nBody about \\gls{cpu} and RAM.\n\\end{document}\nAfter ZZZ.\n";
        let p = prose(source);
        for hidden in ["T1", "FOO", "HPC", "article", "ZZZ", "cpu}", "Writer"] {
            assert!(!p.text.contains(hidden), "{hidden} in {:?}", p.text);
        }
        let b = blocks(&p);
        assert_eq!(b[0], (BlockKind::Heading(1), "The GPU Book"));
        assert_eq!(b[1], (BlockKind::DeclaredShort, "CPU"));
        assert_eq!(b[2], (BlockKind::DeclaredLong, "central processing unit"));
        assert_eq!(
            b[3],
            (
                BlockKind::Paragraph,
                &*format!("Body about {CODE_PLACEHOLDER} and RAM.")
            )
        );
        assert_eq!(source_of(&p, source, "central"), "central");
    }

    #[test]
    fn a_fragment_showing_a_document_in_a_listing_is_all_body() {
        let source = "% Chapter 2\nThe QZV text.\n\\begin{verbatim}\n\\documentclass{article}\n\\begin{document}\n\\end{verbatim}\nThe QZW text.\n";
        let p = prose(source);
        assert!(
            p.text.contains("QZV") && p.text.contains("QZW"),
            "{:?}",
            p.text
        );
        let whole = "%% header\n\n\\documentclass{article}\nThe QZX.\n\\begin{document}\nThe QZY.\n\\end{document}\n";
        let p = prose(whole);
        assert_eq!(blocks(&p), [(BlockKind::Paragraph, "The QZY.")]);
    }

    #[test]
    fn arguments_of_references_and_options_are_not_prose() {
        let source = "See Section~\\ref{sec:ABC}, \\cite[p.~4]{KEY99} and \\url{https://x.org/DEF}.\n\\href{https://x.org/GHI}{the JKL site} \\includegraphics[width=MNO]{fig/PQR.pdf}\n\\mycmd[STU]{VWX text} \\label{fig:YZA}\n";
        let p = prose(source);
        for hidden in ["ABC", "KEY", "DEF", "GHI", "MNO", "PQR", "STU", "YZA"] {
            assert!(!p.text.contains(hidden), "{hidden} in {:?}", p.text);
        }
        assert!(p.text.contains("the JKL site"));
        assert!(p.text.contains("VWX text"));
        assert_eq!(source_of(&p, source, "JKL"), "JKL");
        assert!(p.text.starts_with("See Section "), "{:?}", p.text);
    }

    #[test]
    fn sections_items_descriptions_and_tables_are_blocks() {
        let source = "\\section{Acronyms}\n\\begin{description}\n\\item[SLA] service level agreement\n\\end{description}\n\\subsection*{Lists}\n\\begin{itemize}\n  \\item first \\emph{ITEM}\n  \\item second\n\\end{itemize}\n\\begin{tabular}{|l|c|}\nCOL & Meaning \\\\ \\hline\nRAM & random access memory \\\\\n\\end{tabular}\n";
        let p = prose(source);
        let b = blocks(&p);
        assert_eq!(b[0], (BlockKind::Heading(3), "Acronyms"));
        assert_eq!(b[1], (BlockKind::DefinitionTitle, "SLA"));
        assert_eq!(b[2], (BlockKind::DefinitionBody, "service level agreement"));
        assert_eq!(b[3], (BlockKind::Heading(4), "Lists"));
        assert_eq!(b[4], (BlockKind::ListItem, "first ITEM"));
        assert_eq!(b[5], (BlockKind::ListItem, "second"));
        let cell = |row, column| BlockKind::TableCell {
            row,
            column,
            header: row == 0,
        };
        assert_eq!(b[6], (cell(0, 0), "COL"));
        assert_eq!(b[7], (cell(0, 1), "Meaning"));
        assert_eq!(b[8], (cell(1, 0), "RAM"));
        assert_eq!(b[9], (cell(1, 1), "random access memory"));
        assert!(p.blocks[1].in_definitions_section);
        assert!(!p.text.contains("|l|c|"));
    }

    #[test]
    fn verb_and_lstinline_are_code() {
        let source = "Call \\verb|FOO_BAR| or \\lstinline[language=C]{BazQux()} or \\texttt{HTTPClient} now.";
        let p = prose(&format!("{source} {{\\tt FooBar x}}"));
        let placeholder = CODE_PLACEHOLDER.to_string();
        assert_eq!(
            p.text.trim_end(),
            format!("Call {placeholder} or {placeholder} or {placeholder} now. {placeholder}")
        );
        for word in ["FOO_BAR", "BazQux", "HTTPClient", "FooBar"] {
            assert!(p.code_words.iter().any(|w| &**w == word), "{word}");
        }
    }

    #[test]
    fn glossary_declarations_of_every_package() {
        let source = "\\newglossaryentry{api}{name={API},description={application programming interface}}\n\\newglossaryentry{widget}{name=widget, description={a small GUI part}}\n\\DeclareAcronym{sla}{short = SLA, long = service level agreement, tag = x}\n\\begin{acronym}[TCP]\n\\acro{TCP}{transmission control protocol}\n\\acro{IP}[IPv4]{internet protocol}\n\\end{acronym}\n\\newabbreviation{html}{HTML}{hypertext markup language}\nUse \\ac{TCP}, \\acs{IP}, \\Glspl{api} and \\acrfull{html}.\n";
        let p = prose(source);
        let b = blocks(&p);
        use BlockKind::{DeclaredLong as L, DeclaredShort as S, DefinitionBody, DefinitionTitle};
        assert_eq!(b[0], (S, "API"));
        assert_eq!(b[1], (L, "application programming interface"));
        assert_eq!(b[2], (DefinitionTitle, "widget"));
        assert_eq!(b[3], (DefinitionBody, "a small GUI part"));
        assert_eq!(b[4], (S, "SLA"));
        assert_eq!(b[5], (L, "service level agreement"));
        assert_eq!(b[6], (S, "TCP"));
        assert_eq!(b[7], (L, "transmission control protocol"));
        assert_eq!(b[8], (S, "IPv4"));
        assert_eq!(b[9], (L, "internet protocol"));
        assert_eq!(b[10], (S, "HTML"));
        assert_eq!(b[11], (L, "hypertext markup language"));
        let ph = CODE_PLACEHOLDER;
        assert_eq!(b[12].1, format!("Use {ph}, {ph}, {ph} and {ph}."));
        assert_eq!(source_of(&p, source, "SLA"), "SLA");
        assert_eq!(source_of(&p, source, "IPv4"), "IPv4");
    }

    #[test]
    fn escapes_accents_dashes_and_quotes() {
        let source = "Caf\\'e -- na\\\"{\\i}ve --- ``R\\&D'' \\c{c}a~va, Stra\\ss e\\ldots";
        let p = prose(source);
        assert_eq!(p.text.trim_end(), "Café – naïve — \"R&D\" ça va, Straße…");
        assert_eq!(source_of(&p, source, "R&D"), "R\\&D");
    }

    #[test]
    fn crlf_and_non_ascii_keep_positions() {
        let source = "\u{c9}t\u{e9} \u{e0} l'ESA,\r\nsuite du NASA\r\n\r\n\\section{R\u{e9}sum\u{e9} GPU}\r\n";
        let p = prose(source);
        assert_eq!(source_of(&p, source, "ESA"), "ESA");
        assert_eq!(source_of(&p, source, "NASA"), "NASA");
        assert_eq!(source_of(&p, source, "GPU"), "GPU");
        let b = blocks(&p);
        assert_eq!(b[0].1, "\u{c9}t\u{e9} \u{e0} l'ESA, suite du NASA");
        assert_eq!(b[1], (BlockKind::Heading(3), "R\u{e9}sum\u{e9} GPU"));
        for (i, _) in p.text.char_indices() {
            assert!(source.is_char_boundary(p.to_source(i)), "offset {i}");
        }
    }

    #[test]
    fn footnotes_and_captions_are_blocks_and_directives_are_read() {
        let source = "Text\\footnote{Note on DSP.} goes on. % glossary-ls: allow QWE\n\\begin{figure}[ht]\n\\caption{The FPGA board.}\\label{f}\n\\end{figure}\n";
        let p = prose(source);
        let b = blocks(&p);
        assert_eq!(b[0], (BlockKind::Paragraph, "Text"));
        assert_eq!(b[1], (BlockKind::Paragraph, "Note on DSP."));
        assert_eq!(b[2], (BlockKind::Paragraph, "goes on."));
        assert_eq!(b[3], (BlockKind::Paragraph, "The FPGA board."));
        assert_eq!(p.directives.len(), 1);
        assert_eq!(p.directives[0].names, ["QWE"]);
    }

    #[test]
    fn declarations_are_listed_for_the_glossary_format() {
        let source = "% \\newacronym{x}{X}{ignored}\n\\newacronym[plural=APIs]{api}{API}{Application Programming Interface}\n\\begin{verbatim}\\newacronym{y}{Y}{no}\\end{verbatim}\n\\DeclareAcronym{eu}{short=EU, long={European Union}, alt=EC}\n";
        let decls = super::declarations(source);
        assert_eq!(decls.len(), 2);
        let text = |r: &Option<std::ops::Range<usize>>| &source[r.clone().unwrap()];
        assert_eq!(text(&decls[0].short), "API");
        assert_eq!(text(&decls[0].long), "Application Programming Interface");
        assert_eq!(text(&decls[1].long), "European Union");
        assert_eq!(&source[decls[1].aliases[0].clone()], "EC");
        assert_eq!(super::plain_text("Caf\\'e \\emph{GPU}"), "Café GPU");
    }

    #[test]
    fn unbalanced_input_never_panics() {
        for source in [
            "\\",
            "{",
            "}",
            "$",
            "$$x",
            "\\verb",
            "\\verb|x",
            "\\begin{verbatim}",
            "\\item[",
            "\\newacronym{a}{B}",
            "\\'",
            "\\c{",
            "\\begin{tabular}{l} a & b \\\\",
            "\\(x",
            "\\href{a}",
            "{{{{{{{{{{",
            "\\section",
            "\\def\\x",
            "\\let\\a",
            "é\\é",
            // Once a panic: the character after `=` was taken as one byte.
            "\\let\\y=é",
            "{\\tt é",
            "\\\"{é",
            "\\verbéé",
        ] {
            let p = prose(source);
            for (i, _) in p.text.char_indices() {
                assert!(
                    source.is_char_boundary(p.to_source(i)),
                    "{source:?} offset {i}"
                );
            }
        }
        let deep = "{".repeat(10_000) + "x" + &"}".repeat(10_000);
        let _ = prose(&deep);
    }
}

#[cfg(test)]
mod piece_tests {
    use super::super::{Markup, blocks_whole_and_split, chunk_ranges};
    use crate::analysis::{Engine, Settings};
    use crate::glossary::Glossary;

    fn engine() -> &'static Engine {
        static ENGINE: std::sync::LazyLock<Engine> =
            std::sync::LazyLock::new(|| Engine::new(Glossary::builtin(), Settings::default()));
        &ENGINE
    }

    /// A body with every construct that holds a blank line (a footnote, a verbatim
    /// environment, a list, a definition, a code group, display math) or a brace the
    /// parser does not count (`\verb`, a comment, math, an escaped brace).
    const BODY: &str = "Text QQA\\footnote{One QQB.\n\nTwo.}\n\n\\begin{verbatim}\nA { QQC\n\nB\n\\end{verbatim}\n\n\\begin{itemize}\n\\item x QQD\n\n\\item y\n\\end{itemize}\n\nThe \\verb|{| brace % a comment {\nand $a}$ math and \\{ escaped.\n\nNext QQE paragraph \\def\\x{\n\nQQF}\n\n{\\tt CODEQ\n\nX}\n\n\\[ x\n\\]\n\n\\section{Heading QQG}\n\nLast QQH.\n\n";

    #[test]
    fn pieces_parse_exactly_like_the_whole() {
        let source = format!(
            "\\documentclass{{article}}\n\\newcommand{{\\dollar}}{{$}}\n\n\\title{{T}}\n\n\\begin{{document}}\n\n{}\\end{{document}}\n\nAfter QQZ.\n",
            BODY.repeat(4)
        );
        let (whole, split, pieces) = blocks_whole_and_split(&source, Markup::Latex);
        assert!(pieces > 12, "{pieces}");
        assert_eq!(whole, split);
        let ranges = chunk_ranges(&source, Markup::Latex, 1);
        // No piece starts in the preamble, and what follows `\end{document}` is not cut.
        assert!(ranges[1].start > source.find("\\begin{document}").unwrap());
        assert!(ranges.last().unwrap().start <= source.find("\\end{document}").unwrap());
        let whole = engine().analyze_in_pieces(&source, Markup::Latex, usize::MAX);
        let split = engine().analyze_in_pieces(&source, Markup::Latex, 1);
        assert_eq!(whole.findings, split.findings);
        assert_eq!(whole.definitions, split.definitions);
    }

    #[test]
    fn a_group_or_an_environment_left_open_keeps_the_rest_whole() {
        let open_group = format!("Start {{\\bfseries QQA\n\n{}", BODY.repeat(3));
        assert_eq!(chunk_ranges(&open_group, Markup::Latex, 1).len(), 1);
        let open_env = format!("\\begin{{quote}}\nQQA\n\n{}", BODY.repeat(3));
        assert_eq!(chunk_ranges(&open_env, Markup::Latex, 1).len(), 1);
        // A line that starts a preamble of its own would be read as one: never a piece's start.
        let lookalike = "Intro.\n\n\\documentclass{x}\n\\begin{document}\nQQA\n";
        let ranges = chunk_ranges(lookalike, Markup::Latex, 1);
        assert_eq!(ranges.len(), 1, "{ranges:?}");
    }

    #[test]
    fn real_latex_documents_analyse_in_pieces_as_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/sets");
        let mut documents = 0;
        for set in ["latex-riscv", "latex-specs"] {
            for entry in std::fs::read_dir(root.join(set).join("docs")).expect("a LaTeX set") {
                let path = entry.expect("entry").path();
                if path.extension().is_none_or(|e| e != "tex") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).expect("LaTeX document");
                let (whole, split, pieces) = blocks_whole_and_split(&source, Markup::Latex);
                assert!(pieces > 1, "{}", path.display());
                assert_eq!(whole, split, "{}", path.display());
                let whole = engine().analyze_in_pieces(&source, Markup::Latex, usize::MAX);
                let split = engine().analyze_in_pieces(&source, Markup::Latex, 1);
                assert_eq!(whole.findings, split.findings, "{}", path.display());
                assert_eq!(whole.definitions, split.definitions, "{}", path.display());
                assert_eq!(whole.acronyms, split.acronyms, "{}", path.display());
                documents += 1;
            }
        }
        assert!(documents >= 9, "{documents}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Any mix of LaTeX's constructs parses piece by piece exactly as it does whole.
        #[test]
        fn any_latex_splits_safely(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "\n", "\r\n", "\n\n", "\n \n", "{", "}", "\\{", "\\}", "$", "$$", "\\(", "\\)",
                "\\[", "\\]", "%", "% c {\n", "\\\\", "\\verb|{|", "\\verb", "|", "\\lstinline{x}",
                "\\def\\x", "\\let\\y=", "\\begin{itemize}", "\\end{itemize}", "\\item ",
                "\\item[QQT] ", "\\begin{description}", "\\end{description}",
                "\\begin{verbatim}", "\\end{verbatim}", "\\begin{comment}", "\\end{comment}",
                "\\begin{tabular}{ll}", "\\end{tabular}", "&", "\\begin{equation}",
                "\\end{equation}", "\\begin{quote}", "\\end{quote}", "\\begin{document}",
                "\\end{document}", "\\documentclass{article}\n", "\\section{", "\\section*[s]{",
                "\\footnote{", "\\caption{", "\\texttt{", "\\url{", "\\cite{k}", "\\gls{api}",
                "\\newacronym{a}{QQN}{quite quick note}", "{\\tt ", "\\'e", "\\\"{o}", "\\c{c}",
                "\\ss ", "\\par ", "[", "]", "\\foo[", "\\title{", "\\label{x}", "API ",
                "QQA ", "Word (WD) ", "word ", "é", "\u{1f600}", "\\", "~", "--", "``", "''",
                "\\newcommand{\\x}{$}", "\\url{a$b}", "\\texttt{$}", "$\\{$", "\\\\[2pt]",
                "\\begin{abstract}", "\\end{abstract}", "\\input{x}", "\\iffalse", "\\fi",
                "\\begin{tabular}{>{$}c}", "\\begin{minipage}{$}", "\\begin{quote}[$]",
            ]), 0..48)
        ) {
            let source: String = parts.concat();
            let (whole, split, _) = blocks_whole_and_split(&source, Markup::Latex);
            proptest::prop_assert_eq!(whole, split);
            let whole = engine().analyze_in_pieces(&source, Markup::Latex, usize::MAX);
            let split = engine().analyze_in_pieces(&source, Markup::Latex, 1);
            proptest::prop_assert_eq!(whole.findings, split.findings);
            proptest::prop_assert_eq!(whole.definitions, split.definitions);
            proptest::prop_assert_eq!(whole.acronyms, split.acronyms);
        }
    }
}
