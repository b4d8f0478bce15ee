//! TBX (TermBase eXchange, ISO 30042): TBX-Basic 2008 (`martif`, `termEntry`, `langSet`,
//! `tig`/`ntig`) and TBX v3 (`tbx`, `conceptEntry`, `langSec`, `termSec`), in the DCA style
//! (`<descrip type="definition">`) or the DCT style (`<basic:definition>`). Read with
//! quick-xml.
//!
//! One language is read: the document's `xml:lang` when a language section has it, else the
//! first language section's. In each concept, the preferred term (or, without an
//! `administrativeStatus`, the first term) is the entry; a `fullForm` term is its expansion
//! and the other usable terms its aliases. Deprecated and forbidden terms become entries of
//! their own whose `use_instead` is the preferred term. `definition` → definition,
//! `explanation` → summary, `subjectField` → tags, `crossReference` → see also.
//!
//! An XML error is reported where it is, and reading resumes at the next concept.

use std::sync::Arc;

use quick_xml::events::Event;

use super::util::{Positions, case_word, entry, nonempty, status_word};
use super::{CaseRule, Entry, Parsed, Status};

/// An element as read: its local name, attributes (`xml:lang` as `lang`), children, text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
    start: usize,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The text of the element and everything in it.
    fn all_text(&self) -> String {
        let mut out = self.text.clone();
        for child in &self.children {
            out.push_str(&child.all_text());
        }
        out
    }

    fn walk<'a>(&'a self, out: &mut Vec<&'a Node>, names: &[&str]) {
        if names.contains(&self.name.as_str()) {
            out.push(self);
            return;
        }
        for child in &self.children {
            child.walk(out, names);
        }
    }
}

const CONCEPTS: [&str; 2] = ["termEntry", "conceptEntry"];
const LANGS: [&str; 2] = ["langSet", "langSec"];
const TERMS: [&str; 3] = ["tig", "ntig", "termSec"];
/// Elements that only group others (`descripGrp`, …): what is in them counts where they are.
const GROUPS: [&str; 5] = [
    "descripGrp",
    "termNoteGrp",
    "adminGrp",
    "termGrp",
    "transacGrp",
];

/// Reads the XML into trees of elements, resuming after an error at the next concept.
fn read(text: &str, at: &Positions<'_>, parsed: &mut Parsed) -> Vec<Node> {
    let mut roots = Vec::new();
    let mut from = 0;
    loop {
        let (mut nodes, error) = read_from(text, from);
        roots.append(&mut nodes);
        let Some((offset, message)) = error else {
            break;
        };
        parsed.problems.push(at.problem(offset, message));
        let next = CONCEPTS
            .iter()
            .filter_map(|name| {
                text[offset + 1..]
                    .find(&format!("<{name}"))
                    .map(|i| offset + 1 + i)
            })
            .min();
        match next {
            Some(next) => from = next,
            None => break,
        }
    }
    roots
}

fn read_from(text: &str, from: usize) -> (Vec<Node>, Option<(usize, String)>) {
    let mut reader = quick_xml::Reader::from_str(&text[from..]);
    // Resumed inside the body: its closing tags have no opening ones.
    reader.config_mut().allow_unmatched_ends = from > 0;
    let mut stack: Vec<Node> = Vec::new();
    let mut roots = Vec::new();
    let close = |stack: &mut Vec<Node>, roots: &mut Vec<Node>| {
        if let Some(node) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => roots.push(node),
            }
        }
    };
    let text_into = |stack: &mut Vec<Node>, s: &str| {
        if let Some(node) = stack.last_mut() {
            node.text.push_str(s);
        }
    };
    loop {
        let start = from + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let offset = from + reader.error_position() as usize;
                while !stack.is_empty() {
                    close(&mut stack, &mut roots);
                }
                return (
                    roots,
                    Some((offset, format!("not well-formed XML: {error}"))),
                );
            }
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let mut node = Node {
                    name: e.local_name().as_ref().to_string(),
                    start,
                    ..Node::default()
                };
                for attr in e.attributes().flatten() {
                    let key = attr.key.local_name().as_ref().to_string();
                    if let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        node.attrs.push((key, value.into_owned()));
                    }
                }
                stack.push(node);
                if empty {
                    close(&mut stack, &mut roots);
                }
            }
            Event::End(_) => close(&mut stack, &mut roots),
            Event::Text(t) => text_into(&mut stack, &t.xml10_content()),
            Event::CData(t) => text_into(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.xml10_content();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("&{name};"))
                    }
                };
                text_into(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    (roots, None)
}

/// A data category as written, DCA (`<descrip type="definition">`) or DCT
/// (`<basic:definition>`): its name and its text.
fn category(node: &Node) -> Option<(String, String)> {
    let kind = match node.name.as_str() {
        "descrip" | "termNote" | "admin" | "ref" | "xref" => node.attr("type")?.to_string(),
        other => other.to_string(),
    };
    Some((kind, node.all_text()))
}

/// What a concept, language section or term says about it.
#[derive(Debug, Default, Clone)]
struct Info {
    definitions: Vec<String>,
    explanations: Vec<String>,
    subjects: Vec<String>,
    references: Vec<String>,
    status: Option<String>,
    term_type: Option<String>,
    case: Option<String>,
}

impl Info {
    /// Reads the categories directly in `node` (and in its groups), not in its language
    /// sections or terms.
    fn add(&mut self, node: &Node) {
        for child in &node.children {
            if GROUPS.contains(&child.name.as_str()) {
                self.add(child);
                continue;
            }
            if LANGS.contains(&child.name.as_str()) || TERMS.contains(&child.name.as_str()) {
                continue;
            }
            let Some((kind, text)) = category(child) else {
                continue;
            };
            let Some(value) = nonempty(&text) else {
                continue;
            };
            match kind.as_str() {
                "definition" => self.definitions.push(value),
                "explanation" => self.explanations.push(value),
                "subjectField" => self.subjects.push(value),
                "crossReference" => self.references.push(value),
                "administrativeStatus" | "normativeAuthorization" => self.status = Some(value),
                "termType" => self.term_type = Some(value),
                "x-caseSensitivity" | "caseSensitivity" => self.case = Some(value),
                _ => {}
            }
        }
    }

    fn fill(&self, e: &mut Entry) {
        if e.definition.is_none() {
            e.definition = self.definitions.first().cloned();
        }
        if e.summary.is_none() {
            e.summary = self.explanations.first().cloned();
        }
        e.tags.extend(self.subjects.iter().cloned());
        e.see_also.extend(self.references.iter().cloned());
    }
}

/// A term of the language read.
struct Term {
    text: String,
    start: usize,
    status: Option<Status>,
    info: Info,
}

impl Term {
    fn is_full_form(&self) -> bool {
        self.info
            .term_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("fullForm"))
    }

    fn is_variant(&self) -> bool {
        self.info
            .term_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("variant"))
    }

    fn case(&self) -> Option<CaseRule> {
        self.info.case.as_deref().and_then(case_word)
    }
}

/// The primary language subtag (`en` of `en-US`), lower-cased.
fn primary(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let at = Positions::new(name, text);
    let mut parsed = Parsed::default();
    let roots = read(text, &at, &mut parsed);
    let mut concepts = Vec::new();
    for root in &roots {
        root.walk(&mut concepts, &CONCEPTS);
    }
    if concepts.is_empty() && parsed.problems.is_empty() {
        parsed
            .problems
            .push(at.problem(0, "no `termEntry` or `conceptEntry`: is this a TBX file?"));
        return parsed;
    }
    // The language read: the document's, when some section has it, else the first one's.
    let mut sections = Vec::new();
    for concept in &concepts {
        concept.walk(&mut sections, &LANGS);
    }
    let document = roots
        .iter()
        .find_map(|r| r.attr("lang"))
        .map(primary)
        .filter(|l| {
            sections
                .iter()
                .any(|s| s.attr("lang").map(primary).as_ref() == Some(l))
        });
    let Some(language) =
        document.or_else(|| sections.iter().find_map(|s| s.attr("lang")).map(primary))
    else {
        parsed.problems.push(at.problem(
            0,
            "no language section (`langSet` or `langSec`) with `xml:lang`",
        ));
        return parsed;
    };
    for concept in concepts {
        read_concept(concept, &language, &at, &mut parsed);
    }
    parsed
}

fn read_concept(concept: &Node, language: &str, at: &Positions<'_>, parsed: &mut Parsed) {
    let mut shared = Info::default();
    shared.add(concept);
    let mut terms = Vec::new();
    for section in concept
        .children
        .iter()
        .filter(|c| LANGS.contains(&c.name.as_str()))
        .filter(|c| c.attr("lang").map(primary).as_deref() == Some(language))
    {
        shared.add(section);
        let mut found = Vec::new();
        section.walk(&mut found, &TERMS);
        for container in found {
            let mut words = Vec::new();
            container.walk(&mut words, &["term"]);
            let Some(word) = words.first() else {
                parsed
                    .problems
                    .push(at.problem(container.start, "a term section without a `term`"));
                continue;
            };
            let Some(written) = nonempty(&word.all_text()) else {
                parsed
                    .problems
                    .push(at.problem(word.start, "an empty `term`"));
                continue;
            };
            let mut info = Info::default();
            info.add(container);
            let status = match info.status.as_deref() {
                None => None,
                Some(value) => match status_word(value) {
                    Some(status) => Some(status),
                    None => {
                        parsed.problems.push(at.problem(
                            container.start,
                            format!(
                                "unknown administrativeStatus `{value}` of `{written}`, \
                                 read as preferred"
                            ),
                        ));
                        Some(Status::Preferred)
                    }
                },
            };
            terms.push(Term {
                text: written,
                start: word.start,
                status,
                info,
            });
        }
    }
    if terms.is_empty() {
        return;
    }
    let dead = |t: &Term| matches!(t.status, Some(Status::Deprecated | Status::Forbidden));
    let explicit_live = terms.iter().any(|t| t.status == Some(Status::Preferred));
    let has_dead = terms.iter().any(dead);
    if explicit_live || !has_dead {
        let live: Vec<&Term> = terms.iter().filter(|t| !dead(t)).collect();
        let main = live
            .iter()
            .find(|t| t.status == Some(Status::Preferred) && !t.is_full_form())
            .or_else(|| live.iter().find(|t| !t.is_full_form()))
            .or(live.first())
            .copied();
        let Some(main) = main else { return };
        let mut e = entry(&main.text, at.at(main.start));
        e.case = main.case();
        main.info.fill(&mut e);
        shared.fill(&mut e);
        for t in &live {
            if std::ptr::eq(*t, main) {
                continue;
            }
            if t.is_full_form() && e.expansion.is_none() && !main.is_full_form() {
                e.expansion = Some(t.text.clone());
            } else {
                e.aliases.push(t.text.clone());
            }
        }
        if !has_dead {
            parsed
                .problems
                .extend(super::incomplete(&e, e.origin.clone()));
        }
        let replacement = e.term.clone();
        parsed.entries.push(e);
        dead_entries(
            terms.iter().filter(|t| dead(t)),
            Some(&replacement),
            None,
            at,
            parsed,
        );
    } else {
        // Only deprecated or forbidden terms, and maybe the term to use instead.
        let replacement = terms.iter().find(|t| !dead(t)).map(|t| t.text.clone());
        dead_entries(
            terms.iter().filter(|t| dead(t)),
            replacement.as_deref(),
            Some(&shared),
            at,
            parsed,
        );
    }
}

/// Entries for deprecated or forbidden terms: each starts an entry, except a `fullForm` or
/// `variant` term, which is the expansion or an alias of the one before. The first entry
/// gets the concept's `shared` information.
fn dead_entries<'a>(
    terms: impl Iterator<Item = &'a Term>,
    replacement: Option<&str>,
    mut shared: Option<&Info>,
    at: &Positions<'_>,
    parsed: &mut Parsed,
) {
    let mut current: Option<Entry> = None;
    for t in terms {
        if let Some(e) = current.as_mut()
            && Some(e.status) == t.status
        {
            if t.is_full_form() && e.expansion.is_none() {
                e.expansion = Some(t.text.clone());
                continue;
            }
            if t.is_variant() {
                e.aliases.push(t.text.clone());
                continue;
            }
        }
        parsed.entries.extend(current.take());
        let mut e = entry(&t.text, at.at(t.start));
        e.status = t.status.unwrap_or(Status::Deprecated);
        e.use_instead = replacement.map(str::to_string);
        e.case = t.case();
        t.info.fill(&mut e);
        if let Some(info) = shared.take() {
            info.fill(&mut e);
        }
        current = Some(e);
    }
    parsed.entries.extend(current);
}

/// Whether text is TBX: its root is `martif` or `tbx`.
pub(super) fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(2048).collect();
    head.contains("<martif") || head.contains("<tbx ") || head.contains("<tbx>")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASIC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>Support team</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="subjectField">networking</descrip>
      <langSet xml:lang="en">
        <descripGrp><descrip type="definition">Traffic rules at the edge &amp; between zones.</descrip></descripGrp>
        <tig>
          <term>WAF</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <termNote type="termType">acronym</termNote>
        </tig>
        <tig>
          <term>web application firewall</term>
          <termNote type="termType">fullForm</termNote>
        </tig>
        <ntig><termGrp><term>app firewall</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig>
        <tig>
          <term>packet shield</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
        </tig>
      </langSet>
      <langSet xml:lang="de">
        <tig><term>Webanwendungs-Firewall</term></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
"#;

    #[test]
    fn tbx_basic_concepts_become_entries() {
        let parsed = parse(&Arc::from("terms.tbx"), BASIC);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let [waf, shield] = &parsed.entries[..] else {
            panic!("{:#?}", parsed.entries)
        };
        assert_eq!(waf.term, "WAF");
        assert_eq!(waf.expansion.as_deref(), Some("web application firewall"));
        assert_eq!(waf.aliases, ["app firewall"]);
        assert_eq!(
            waf.definition.as_deref(),
            Some("Traffic rules at the edge & between zones.")
        );
        assert_eq!(waf.tags, ["networking"]);
        assert_eq!(waf.origin.to_string(), "terms.tbx:10:11");
        assert_eq!(shield.term, "packet shield");
        assert_eq!(shield.status, Status::Deprecated);
        assert_eq!(shield.use_instead.as_deref(), Some("WAF"));
    }

    const V3: &str = "<?xml version=\"1.0\"?>\r\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"fr\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\r\n<text><body>\r\n<conceptEntry id=\"c1\">\r\n<langSec xml:lang=\"fr\">\r\n<descrip type=\"definition\">Liste des adresses autorisées.</descrip>\r\n<termSec><term>liste d’autorisation</term><termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></termSec>\r\n<termSec><term>liste blanche</term><termNote type=\"administrativeStatus\">forbiddenTerm-admn-sts</termNote></termSec>\r\n</langSec>\r\n</conceptEntry>\r\n<conceptEntry id=\"c2\">\r\n<langSec xml:lang=\"fr\">\r\n<termSec><term>courriel</term></termSec\r\n</langSec>\r\n</conceptEntry>\r\n<conceptEntry id=\"c3\">\r\n<langSec xml:lang=\"fr\">\r\n<descrip type=\"definition\">Un nœud du réseau.</descrip>\r\n<termSec><term>hôte</term></termSec>\r\n</langSec>\r\n</conceptEntry>\r\n</body></text>\r\n</tbx>\r\n";

    #[test]
    fn tbx_v3_with_an_error_keeps_the_other_concepts() {
        let parsed = parse(&Arc::from("v3.tbx"), V3);
        let terms: Vec<(&str, Status)> = parsed
            .entries
            .iter()
            .map(|e| (e.term.as_str(), e.status))
            .collect();
        assert_eq!(
            terms,
            [
                ("liste d’autorisation", Status::Preferred),
                ("liste blanche", Status::Forbidden),
                // Read up to the error, which is after it.
                ("courriel", Status::Preferred),
                ("hôte", Status::Preferred),
            ]
        );
        assert_eq!(
            parsed.entries[1].use_instead.as_deref(),
            Some("liste d’autorisation")
        );
        assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
        assert_eq!(
            parsed.problems[1].kind,
            crate::glossary::ProblemKind::IncompleteEntry
        );
        assert!(
            parsed.problems[0]
                .to_string()
                .starts_with("v3.tbx:13:31: not well-formed XML"),
            "{}",
            parsed.problems[0]
        );
        assert!(looks_like(V3));
    }
}
