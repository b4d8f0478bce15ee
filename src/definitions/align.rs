//! Does a long form spell a short form? Alignment strategies tried from the most to the
//! least precise, after Schwartz & Hearst (2003) and Ab3P (Sohn et al. 2008, "Abbreviation
//! definition identification based on automatic precision estimates").
//!
//! The short form is cut into units: a letter, a run of digits, or a Greek letter's name
//! (`TNF-alpha` → t n f alpha). The long form is cut into words (whitespace-separated) and
//! each word into sub-words (runs of letters and digits, plus camelCase humps). Every
//! strategy asks that the first unit starts the long form's first word (after a numeric or
//! Greek prefix such as `3-` or `alpha-1-`) and that every word but a few small ones holds a
//! unit: a long form that does not spell its short form with every word cannot swallow a
//! clause before it. They differ in where the other units may stand.

/// How a short form's units were found in a long form, most precise first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strategy {
    /// The long form is one of the glossary's expansions of the short form.
    Known,
    /// Every unit starts a sub-word (`dead-letter queue` → DLQ, `XMLHttpRequest` → XHR).
    FirstLetters,
    /// Units start sub-words or follow another unit inside the same sub-word
    /// (`3-hydroxy-3-methylglutaryl-CoA` → HMG-CoA).
    WithinWords,
    /// As `WithinWords`, with one word holding no unit (`Hypertext Transfer Protocol
    /// version 2` → HTTP/2), for short forms of three units or more.
    OneSpareWord,
    /// Units anywhere in the words after the first (`tobacco etch potyvirus` → TEV).
    AnyLetters,
}

impl Strategy {
    /// The share of right answers among the definitions this strategy adds when tried after
    /// the more precise ones, measured on MED1250 (`eval/med1250.py`, Ab3P's gold standard):
    /// first letters 608 right / 5 wrong, within words +365 / +4, one spare word +53 / +7,
    /// any letters +7 / +2. (Ab3P estimates its strategies' precision on shuffled text
    /// instead.) The order and the cut are what the figures decide.
    pub fn precision(self) -> f32 {
        match self {
            Strategy::Known => 1.0,
            Strategy::FirstLetters => 0.992,
            Strategy::WithinWords => 0.989,
            Strategy::OneSpareWord => 0.88,
            Strategy::AnyLetters => 0.78,
        }
    }
}

/// Strategies whose estimated precision is below this are not tried.
pub const MIN_PRECISION: f32 = 0.75;

const GREEK: [&str; 24] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega",
];

/// Small words a long form may hold without a unit of its short form.
const SMALL_WORDS: [&str; 16] = [
    "of", "the", "and", "in", "for", "to", "with", "on", "by", "at", "a", "an", "from", "as", "or",
    "&",
];

/// Words that start or join a clause: a long form holding one has run on into the sentence.
const CLAUSE_WORDS: [&str; 18] = [
    "that", "which", "who", "whose", "is", "are", "was", "were", "be", "been", "has", "have",
    "had", "we", "this", "these", "it", "its",
];

pub fn is_greek(word: &str) -> bool {
    GREEK.iter().any(|g| g.eq_ignore_ascii_case(word))
        || (word.chars().count() == 1 && word.chars().all(|c| ('α'..='ω').contains(&c)))
}

/// Number words and Roman numerals a digit unit may stand for.
fn number_word(n: &str) -> &'static [&'static str] {
    match n {
        "1" => &["i", "one", "first", "single", "mono"],
        "2" => &["ii", "two", "second", "double", "twice", "di", "bi"],
        "3" => &["iii", "three", "third", "triple", "tri"],
        "4" => &["iv", "four", "fourth", "tetra"],
        "5" => &["v", "five", "fifth"],
        "6" => &["vi", "six", "sixth"],
        "7" => &["vii", "seven", "seventh"],
        "8" => &["viii", "eight", "eighth"],
        "9" => &["ix", "nine", "ninth"],
        "10" => &["ten", "tenth", "x"],
        _ => &[],
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Unit {
    Letter(char),
    /// Digits, and whether they stand alone in the short form.
    Number(String, bool),
    Greek(String),
    /// A sign standing for a word: `+` for positive, a final `-` for negative (`M+`, `CrB(-)`).
    Sign(&'static [&'static str]),
}

/// The short form's units, without a plural `s` after a capital (`LLMs`).
fn units(short: &str) -> Vec<Unit> {
    let base = crate::acronym::base_form(short);
    let chars: Vec<char> = base.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            // `1.0` is one number; one standing alone (`pH 7.5`) must be spelled.
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let alone = start > 0 && chars[start - 1] == ' ';
            out.push(Unit::Number(chars[start..i].iter().collect(), alone));
            continue;
        }
        if c.is_alphabetic() {
            // A lower-case run spelling a Greek letter (`TNF-alpha`, `IL-1beta`).
            let start = i;
            let mut end = i;
            while end < chars.len() && chars[end].is_alphabetic() {
                end += 1;
            }
            let run: String = chars[start..end].iter().collect();
            // Written in lower case (`alpha`) or capitalised (`Beta`), not in capitals (`PI`).
            let written_as_word = run.chars().skip(1).all(char::is_lowercase)
                && (chars[start].is_lowercase() || run.chars().count() >= 3);
            if run.chars().count() > 1 && is_greek(&run) && written_as_word {
                out.push(Unit::Greek(run.to_lowercase()));
                i = end;
                continue;
            }
            out.extend(c.to_lowercase().map(Unit::Letter));
        } else if c == '+' {
            out.push(Unit::Sign(&["positive", "plus"]));
        } else if c == '-' && chars[i + 1..].iter().all(|c| !c.is_alphanumeric()) {
            out.push(Unit::Sign(&["negative", "minus"]));
        }
        i += 1;
    }
    out
}

/// A sub-word of a long form.
#[derive(Debug)]
struct Sub {
    /// Char indices in the long form.
    start: usize,
    end: usize,
    word: usize,
}

struct Long {
    lower: Vec<char>,
    subs: Vec<Sub>,
    /// For each char: the sub-word holding it, if any.
    sub_of: Vec<Option<usize>>,
    /// Words that must hold a unit.
    required: Vec<bool>,
    /// The sub-words the first unit may start: the first word's first sub-word, or a later
    /// one of that word after a prefix of numbers, Greek letters and single letters.
    first_starts: Vec<usize>,
    words: usize,
}

impl Long {
    fn new(text: &str) -> Option<Long> {
        let chars: Vec<char> = text.chars().collect();
        let lower: Vec<char> = chars
            .iter()
            .map(|&c| c.to_lowercase().next().unwrap_or(c))
            .collect();
        let mut subs = Vec::new();
        let mut sub_of = vec![None; chars.len()];
        let mut word = 0;
        let mut in_word = false;
        let mut word_texts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                if in_word {
                    word += 1;
                    in_word = false;
                }
                i += 1;
                continue;
            }
            if !in_word {
                in_word = true;
                word_texts.push(String::new());
            }
            word_texts[word].push(c);
            if c.is_alphanumeric() {
                let start = i;
                let mut end = i + 1;
                // A sub-word ends at a non-alphanumeric char or a camelCase hump.
                while end < chars.len()
                    && chars[end].is_alphanumeric()
                    && !(chars[end].is_uppercase() && chars[end - 1].is_lowercase())
                    && chars[end].is_ascii_digit() == chars[end - 1].is_ascii_digit()
                {
                    end += 1;
                }
                for slot in &mut sub_of[start..end] {
                    *slot = Some(subs.len());
                }
                for &c in &chars[start + 1..end] {
                    word_texts[word].push(c);
                }
                subs.push(Sub { start, end, word });
                i = end;
                continue;
            }
            i += 1;
        }
        let words = word_texts.len();
        if words == 0 {
            return None;
        }
        let mut required = Vec::with_capacity(words);
        for w in &word_texts {
            // Small words in lower case only: `Protein kinase A` spells the A of PKA.
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
            if CLAUSE_WORDS.contains(&bare.to_lowercase().as_str()) {
                return None;
            }
            let numeric = bare.chars().all(|c| !c.is_alphabetic());
            required.push(!(SMALL_WORDS.contains(&bare) || numeric || is_greek(bare)));
        }
        // A long form starts and ends on a word of its own, not on "by", "of" or "the".
        for edge in [word_texts.first(), word_texts.last()]
            .into_iter()
            .flatten()
        {
            let bare = edge.trim_matches(|c: char| !c.is_alphanumeric());
            if SMALL_WORDS.contains(&bare) {
                return None;
            }
        }
        let mut first_starts = Vec::new();
        for (n, sub) in subs.iter().enumerate().filter(|(_, s)| s.word == 0) {
            first_starts.push(n);
            let text: String = chars[sub.start..sub.end].iter().collect();
            let prefix = text.chars().all(|c| c.is_ascii_digit())
                || is_greek(&text)
                || text.chars().count() == 1;
            if !prefix {
                break;
            }
        }
        Some(Long {
            lower,
            subs,
            sub_of,
            required,
            first_starts,
            words,
        })
    }

    fn sub_text(&self, n: usize) -> String {
        self.lower[self.subs[n].start..self.subs[n].end]
            .iter()
            .collect()
    }
}

/// The letter strategies worth trying (estimated precision at least [`MIN_PRECISION`]),
/// most precise first.
pub fn strategies() -> impl Iterator<Item = Strategy> {
    let mut all = [
        Strategy::FirstLetters,
        Strategy::WithinWords,
        Strategy::OneSpareWord,
        Strategy::AnyLetters,
    ];
    all.sort_by(|a, b| b.precision().total_cmp(&a.precision()));
    all.into_iter().filter(|s| s.precision() >= MIN_PRECISION)
}

/// A short form cut into units, ready to be aligned with candidate long forms.
pub struct Short {
    units: Vec<Unit>,
}

impl Short {
    pub fn new(short: &str) -> Short {
        Short {
            units: units(short),
        }
    }

    /// How many units: letters, numbers and Greek letters.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether `long` spells the short form by `strategy`.
    pub fn spelled_by(&self, long: &str, strategy: Strategy) -> bool {
        if self.units.is_empty()
            || (strategy == Strategy::OneSpareWord && self.units.len() < 3)
            || strategy == Strategy::Known
        {
            return false;
        }
        let Some(long) = Long::new(long) else {
            return false;
        };
        Search::new(&self.units, &long, strategy).run()
    }
}

/// A depth-first search for an alignment of the units in order, memoised on (unit, char).
struct Search<'a> {
    units: &'a [Unit],
    long: &'a Long,
    strategy: Strategy,
    /// Words holding a unit so far (a count per word).
    held: Vec<u32>,
    /// Sub-words holding a unit so far.
    sub_held: Vec<u32>,
    spare: usize,
    /// Steps left (positions tried): a pathological pair (`ABABABAB` against `abab abab…`)
    /// gives up rather than taking exponential time; real long forms need a few hundred.
    budget: u32,
    /// Whether numbers were left out, and all of them single digits.
    skipped: Option<bool>,
}

impl<'a> Search<'a> {
    fn new(units: &'a [Unit], long: &'a Long, strategy: Strategy) -> Search<'a> {
        Search {
            units,
            long,
            strategy,
            held: vec![0; long.words],
            sub_held: vec![0; long.subs.len()],
            spare: usize::from(strategy == Strategy::OneSpareWord),
            budget: 4_000,
            skipped: None,
        }
    }

    fn run(&mut self) -> bool {
        let first_starts = self.long.first_starts.clone();
        first_starts.into_iter().any(|n| {
            let sub = &self.long.subs[n];
            let at = sub.start;
            match self.matches(0, n, at) {
                Some(len) => {
                    self.take(n, 1);
                    let ok = self.place(1, at + len);
                    self.take(n, -1);
                    ok
                }
                None => false,
            }
        })
    }

    fn take(&mut self, sub: usize, d: i32) {
        let w = self.long.subs[sub].word;
        self.held[w] = (self.held[w] as i32 + d) as u32;
        self.sub_held[sub] = (self.sub_held[sub] as i32 + d) as u32;
    }

    /// Whether unit `u` can stand at char `at` (in sub-word `sub`); its length in chars.
    fn matches(&self, u: usize, sub: usize, at: usize) -> Option<usize> {
        let long = self.long;
        let s = &long.subs[sub];
        let starts = at == s.start;
        match &self.units[u] {
            Unit::Letter(c) => {
                if long.lower[at] != *c {
                    return None;
                }
                let allowed = match self.strategy {
                    Strategy::FirstLetters => starts,
                    Strategy::WithinWords | Strategy::OneSpareWord => {
                        starts || self.sub_held[sub] > 0
                    }
                    Strategy::AnyLetters | Strategy::Known => true,
                };
                allowed.then_some(1)
            }
            Unit::Sign(words) => {
                let text = long.sub_text(sub);
                (starts && words.contains(&text.as_str())).then_some(s.end - s.start)
            }
            Unit::Number(n, _) | Unit::Greek(n) => {
                if !starts {
                    return None;
                }
                let text = long.sub_text(sub);
                (text == *n || number_word(n).contains(&text.as_str())).then_some(s.end - s.start)
            }
        }
    }

    /// Places units `u..` at chars `from..`; then checks every required word holds one.
    fn place(&mut self, u: usize, from: usize) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        if u == self.units.len() {
            let empty = self
                .held
                .iter()
                .zip(&self.long.required)
                .filter(|&(&h, &r)| r && h == 0)
                .count();
            return empty <= self.spare;
        }
        // Words before `from` that are required and empty can no longer be filled.
        let before = self.long.sub_of[..from]
            .iter()
            .rev()
            .flatten()
            .next()
            .map_or(0, |&s| self.long.subs[s].word);
        let empty = (0..before)
            .filter(|&w| self.long.required[w] && self.held[w] == 0)
            .count();
        if empty > self.spare {
            return false;
        }
        for at in from..self.long.lower.len() {
            let Some(sub) = self.long.sub_of[at] else {
                continue;
            };
            if self.budget == 0 {
                return false;
            }
            self.budget -= 1;
            if let Some(len) = self.matches(u, sub, at) {
                self.take(sub, 1);
                let ok = self.place(u + 1, at + len);
                self.take(sub, -1);
                if ok {
                    return true;
                }
            }
        }
        // A final `-` may mean negative or nothing (`HRPO-` for horse radish peroxidase).
        if let Unit::Sign(words) = self.units[u]
            && words.contains(&"negative")
        {
            return self.place(u + 1, from);
        }
        // A number the long form does not spell may be left out (`E2` for estradiol), or
        // several single digits (`H(2)O(2)`); not a number standing alone (`pH 7.5` is no
        // phosphate buffer) nor several longer ones (`NI-35/250`).
        if let Unit::Number(n, alone) = &self.units[u]
            && !alone
        {
            let digit = n.len() == 1;
            if self.skipped.is_none_or(|all_digits| all_digits && digit) {
                let before = self.skipped;
                self.skipped = Some(before.unwrap_or(true) && digit);
                let ok = self.place(u + 1, from);
                self.skipped = before;
                return ok;
            }
        }
        false
    }
}
