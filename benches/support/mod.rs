//! Deterministic test data for the benchmarks: realistic Markdown specs and synthetic
//! glossaries of any size. No randomness crate: a fixed xorshift keeps runs comparable.
#![allow(dead_code)]

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "merchant",
    "service",
    "request",
    "delivery",
    "event",
    "payment",
    "team",
    "we",
    "should",
    "will",
    "after",
    "before",
    "each",
    "customer",
    "release",
    "data",
    "retry",
    "queue",
    "endpoint",
    "signature",
    "latency",
    "roadmap",
    "backlog",
    "user story",
    "sprint",
    "stakeholder",
    "metric",
    "is",
    "are",
    "and",
    "or",
    "with",
    "for",
    "of",
    "to",
    "in",
    "on",
    "dashboard",
    "onboarding",
    "churn",
    "feature flag",
    "pricing",
    "launch",
    "feedback",
    "experiment",
    "cohort",
    "retention",
    "funnel",
    "priority",
    "scope",
    "estimate",
    "owner",
];

const ACRONYMS: &[&str] = &[
    "API", "APIs", "KPI", "OKR", "MVP", "PRD", "SLA", "SaaS", "ROI", "NPS", "DLQ", "HMAC", "TLS",
    "JSON", "PDF", "RPO", "QA", "UX", "CI", "SDK",
];

/// About `bytes` of Markdown that reads like a product spec: headings, paragraphs with
/// glossary terms and acronyms, lists, links, inline code and fenced code blocks.
pub fn markdown(bytes: usize) -> String {
    let mut rng = Rng::new(0x5eed);
    let mut out = String::with_capacity(bytes + 4096);
    out.push_str("---\ntitle: Generated spec\n---\n\n");
    let mut section = 0;
    while out.len() < bytes {
        section += 1;
        out.push_str(&format!(
            "## {section}. Section about {}\n\n",
            rng.pick(WORDS)
        ));
        for _ in 0..3 + rng.below(4) {
            paragraph(&mut rng, &mut out);
        }
        if rng.below(3) == 0 {
            for _ in 0..3 + rng.below(3) {
                out.push_str("- ");
                sentence(&mut rng, &mut out);
                out.push('\n');
            }
            out.push('\n');
        }
        if rng.below(4) == 0 {
            out.push_str("```json\n{\n  \"event\": \"PAYMENT_SUCCEEDED\",\n  \"amount\": 1200,\n  \"currency\": \"EUR\",\n  \"retry\": { \"max\": 5, \"backoff\": \"EXPONENTIAL\" }\n}\n```\n\n");
        }
    }
    out
}

fn paragraph(rng: &mut Rng, out: &mut String) {
    let mut line_len = 0;
    for _ in 0..3 + rng.below(4) {
        let start = out.len();
        sentence(rng, out);
        out.push(' ');
        line_len += out.len() - start;
        if line_len > 80 {
            out.push('\n');
            line_len = 0;
        }
    }
    out.push_str("\n\n");
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let words = 8 + rng.below(12);
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        match rng.below(20) {
            0 => out.push_str(rng.pick(ACRONYMS)),
            1 => out.push_str("`retry_count`"),
            2 if i > 0 => out.push_str("[the docs](https://example.com/docs/API)"),
            3 => out.push_str(&format!("{} ms", rng.below(900))),
            _ => {
                let word = rng.pick(WORDS);
                if i == 0 {
                    let mut chars = word.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                } else {
                    out.push_str(word);
                }
            }
        }
    }
    out.push('.');
}

/// A TOML glossary of `n` synthetic entries: a mix of acronyms with expansions and
/// multi-word phrases, all distinct.
pub fn glossary_toml(n: usize) -> String {
    let mut rng = Rng::new(0xC0FFEE);
    let mut out = String::with_capacity(n * 120);
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "bo", "da", "fe", "gi", "hu", "pe",
        "qu", "ro", "ti", "wa", "yo",
    ];
    for i in 0..n {
        out.push_str("[[entries]]\n");
        if i % 3 == 0 {
            // Acronym: 3–5 capitals, made unique by the index in base 26.
            let mut acronym = String::new();
            let mut k = i / 3;
            for _ in 0..4 {
                acronym.push((b'A' + (k % 26) as u8) as char);
                k /= 26;
            }
            acronym.push('X');
            let expansion: Vec<String> = acronym
                .chars()
                .map(|c| {
                    let mut w = String::new();
                    w.push(c);
                    w.push_str(rng.pick(SYLLABLES));
                    w.push_str(rng.pick(SYLLABLES));
                    w
                })
                .collect();
            out.push_str(&format!(
                "term = \"{acronym}\"\nexpansion = \"{} {i}\"\n",
                expansion.join(" ")
            ));
        } else {
            let words: Vec<String> = (0..2 + rng.below(2))
                .map(|_| {
                    format!(
                        "{}{}{}",
                        rng.pick(SYLLABLES),
                        rng.pick(SYLLABLES),
                        rng.pick(SYLLABLES)
                    )
                })
                .collect();
            out.push_str(&format!("term = \"{} {i}\"\n", words.join(" ")));
        }
        out.push_str("summary = \"A generated entry.\"\n\n");
    }
    out
}

/// Every document under `root` (recursively) whose markup is `markup`, sorted: the real
/// documents the markup measurements are made of.
pub fn documents_of(
    root: &std::path::Path,
    markup: glossary_ls::markup::Markup,
) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .and_then(glossary_ls::markup::Markup::from_extension)
                == Some(markup)
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
