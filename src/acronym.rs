//! What counts as an acronym, and how a written acronym maps to the one it stands for.
//!
//! "APIs" and "API's" are uses of API; "HTTP/2" and "IPv6" are versions of HTTP and IP.
//! The shape test is deliberately wider than Vale's `[A-Z]{3,5}`: two-letter acronyms,
//! digits (S3, B2B), mixed case (gRPC, OAuth, SaaS) all count, but camelCase names
//! (JavaScript, XMLHttpRequest) and ordinary capitalised words do not.

/// Whether `token` (letters and digits, maybe with a `/2` version suffix) looks like an acronym.
///
/// ```
/// use glossary_ls::acronym::is_acronym_shaped;
/// for yes in ["API", "S3", "HTTP2", "gRPC", "OAuth", "IPv6", "SaaS", "B2B", "HTTP/2", "LLMs"] {
///     assert!(is_acronym_shaped(yes), "{yes}");
/// }
/// for no in ["Api", "JavaScript", "XMLHttpRequest", "A", "2024", "hello", "3D", "McDonald"] {
///     assert!(!is_acronym_shaped(no), "{no}");
/// }
/// ```
pub fn is_acronym_shaped(token: &str) -> bool {
    let core = token.split('/').next().unwrap_or(token);
    let mut chars = core.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_alphanumeric() {
        return false;
    }
    let (mut upper, mut lower, mut digits) = (0usize, 0usize, 0usize);
    let mut run = 0usize;
    let mut longest_run = 0usize;
    for c in core.chars() {
        if c.is_uppercase() {
            upper += 1;
            run += 1;
            longest_run = longest_run.max(run);
        } else {
            run = 0;
            if c.is_lowercase() {
                lower += 1;
            } else if c.is_numeric() {
                digits += 1;
            } else if !c.is_alphanumeric() {
                return false;
            }
        }
    }
    if upper == 0 || core.chars().count() > 12 {
        return false;
    }
    if first.is_numeric() {
        // "2FA" is an acronym, "3D" and "5G" are not worth flagging.
        return longest_run >= 2 && lower == 0;
    }
    let strong = upper + digits;
    let shaped = longest_run >= 2 || (digits > 0 && upper >= 1) || (upper >= 2 && lower <= upper);
    shaped && lower <= strong + 1
}

/// The acronym a written token stands for: plural and possessive endings removed.
///
/// ```
/// use glossary_ls::acronym::base_form;
/// assert_eq!(base_form("APIs"), "API");
/// assert_eq!(base_form("LLMs"), "LLM");
/// assert_eq!(base_form("SaaS"), "SaaS");
/// assert_eq!(base_form("K8s"), "K8s");
/// ```
pub fn base_form(token: &str) -> &str {
    if let Some(stem) = token.strip_suffix('s') {
        let before = stem.chars().next_back();
        if stem.chars().count() >= 2 && before.is_some_and(char::is_uppercase) {
            return stem;
        }
    }
    token
}

/// The acronym without a version suffix, when what remains is still an acronym:
/// HTTP2 → HTTP, HTTP/2 → HTTP, IPv6 → IP, OAuth2 → OAuth, SHA-2 → SHA, PKCS#8 → PKCS;
/// S3 stays S3.
pub fn unversioned(token: &str) -> Option<&str> {
    let stem = token
        .strip_suffix(|c: char| c.is_ascii_digit())
        .map(|s| s.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.'))?;
    let stem = stem
        .strip_suffix('/')
        .or_else(|| stem.strip_suffix('-'))
        .or_else(|| stem.strip_suffix('#'))
        .or_else(|| stem.strip_suffix('v'))
        .unwrap_or(stem);
    (stem.len() >= 2 && stem != token && is_acronym_shaped(stem)).then_some(stem)
}

/// Roman numerals that are never acronyms: those written with I, V and X alone (II, IV, XIV).
///
/// Numerals with L, C, D or M collide with real acronyms (CI, CD, CLI, MD, DX), so they
/// count as numerals only after a word such as "Part" or "Chapter" (see [`is_numbering_word`]).
pub fn is_plain_roman_numeral(token: &str) -> bool {
    token.len() >= 2 && token.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) && is_roman(token)
}

/// Roman numeral symbols, largest first (with the subtractive pairs).
const NUMERALS: [(&str, u32); 13] = [
    ("M", 1000),
    ("CM", 900),
    ("D", 500),
    ("CD", 400),
    ("C", 100),
    ("XC", 90),
    ("L", 50),
    ("XL", 40),
    ("X", 10),
    ("IX", 9),
    ("V", 5),
    ("IV", 4),
    ("I", 1),
];

/// Whether `token` is a well-formed Roman numeral (upper case, up to 3999).
pub fn is_roman(token: &str) -> bool {
    if token.is_empty() || !token.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return false;
    }
    let mut rest = token;
    let mut value = 0;
    for (symbol, amount) in NUMERALS {
        let mut repeats = 0;
        while let Some(after) = rest.strip_prefix(symbol) {
            rest = after;
            value += amount;
            repeats += 1;
            if repeats > 3 || (symbol.len() == 2 && repeats > 1) {
                return false;
            }
        }
    }
    rest.is_empty() && value > 0 && to_roman(value) == token
}

fn to_roman(mut value: u32) -> String {
    let mut out = String::new();
    for (symbol, amount) in NUMERALS {
        while value >= amount {
            out.push_str(symbol);
            value -= amount;
        }
    }
    out
}

/// Words after which a Roman numeral is a number ("Part IV", "Phase II", "Chapter XL").
pub fn is_numbering_word(word: &str) -> bool {
    const WORDS: [&str; 18] = [
        "part", "phase", "chapter", "section", "volume", "vol", "book", "act", "stage", "tier",
        "level", "type", "class", "appendix", "annex", "article", "title", "war",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The RFC 2119 / RFC 8174 requirement keywords, which are capitalised on purpose.
pub fn is_rfc2119_keyword(token: &str) -> bool {
    matches!(
        token,
        "MUST" | "REQUIRED" | "SHALL" | "SHOULD" | "RECOMMENDED" | "MAY" | "OPTIONAL" | "NOT"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for yes in [
            "API", "PRD", "S3", "HTTP2", "gRPC", "OAuth", "IPv6", "SaaS", "K8s", "B2B", "2FA",
            "E2E", "iOS", "macOS", "MoSCoW", "HTTP/2",
        ] {
            assert!(is_acronym_shaped(yes), "{yes} should be acronym-shaped");
        }
        for no in [
            "Api",
            "Kpi",
            "JavaScript",
            "GitHub",
            "XMLHttpRequest",
            "I",
            "A",
            "hello",
            "Hello",
            "2024",
            "3D",
            "10",
            "iPhone",
            "PowerPoint",
        ] {
            assert!(!is_acronym_shaped(no), "{no} should not be acronym-shaped");
        }
    }

    #[test]
    fn base_forms() {
        assert_eq!(base_form("APIs"), "API");
        assert_eq!(base_form("IDs"), "ID");
        assert_eq!(base_form("SaaS"), "SaaS");
        assert_eq!(base_form("As"), "As");
    }

    #[test]
    fn versions() {
        assert_eq!(unversioned("HTTP2"), Some("HTTP"));
        assert_eq!(unversioned("HTTP/2"), Some("HTTP"));
        assert_eq!(unversioned("IPv6"), Some("IP"));
        assert_eq!(unversioned("OAuth2"), Some("OAuth"));
        assert_eq!(unversioned("SHA-2"), Some("SHA"));
        assert_eq!(unversioned("AES-256"), Some("AES"));
        assert_eq!(unversioned("S3"), None);
        assert_eq!(unversioned("API"), None);
    }

    #[test]
    fn roman_numerals() {
        for yes in ["II", "III", "IV", "IX", "XIV", "XX"] {
            assert!(is_plain_roman_numeral(yes), "{yes}");
        }
        for no in ["CI", "CD", "MD", "IIII", "VX", "IIV", "I"] {
            assert!(!is_plain_roman_numeral(no), "{no}");
        }
        assert!(is_roman("XL"));
        assert!(is_roman("MMXXIV"));
        assert!(!is_roman("IC"));
    }
}

/// Acronyms written in `prose`, in order, with what the prose says cannot be one left out:
/// RFC 2119 keywords, Roman numerals, units after a number, identifiers with `_`, common
/// words in capitals for emphasis, and everything in an all-capitals heading or sentence.
///
/// Ranges are in `prose.text`. Whether an acronym is explained is the analysis's business.
pub fn find_acronyms(prose: &crate::markup::Prose) -> Vec<std::ops::Range<usize>> {
    use crate::text::is_word_char;
    let text = prose.text.as_str();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Words in lower case cannot be acronyms: jump to the next capital (or non-ASCII
        // character, which may be one), then back to the start of its word.
        match crate::text::find_capital_or_non_ascii(bytes, i) {
            Some(next) => i = next,
            None => break,
        }
        if bytes[i] >= 0x80 {
            let c = crate::text::char_at(text, i).unwrap_or(' ');
            if !(is_word_char(c) && c.is_uppercase()) {
                i += c.len_utf8();
                continue;
            }
        }
        while i > 0 {
            let b = bytes[i - 1];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() || b == b'_' {
                    i -= 1;
                    continue;
                }
                break;
            }
            match crate::text::char_before(text, i) {
                Some(c) if is_word_char(c) => i -= c.len_utf8(),
                _ => break,
            }
        }
        let start = i;
        let mut capitals = 0usize;
        let mut has_digit = false;
        let mut has_underscore = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() || b == b'_' {
                    capitals += usize::from(b.is_ascii_uppercase());
                    has_digit |= b.is_ascii_digit();
                    has_underscore |= b == b'_';
                    i += 1;
                    continue;
                }
                break;
            }
            let c = crate::text::char_at(text, i).unwrap_or(' ');
            if !is_word_char(c) {
                break;
            }
            capitals += usize::from(c.is_uppercase());
            has_digit |= c.is_numeric();
            i += c.len_utf8();
        }
        let mut end = i;
        // HTTP/2: a version after a slash belongs to the acronym.
        if bytes.get(end) == Some(&b'/') {
            let digits = bytes[end + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let after = text.get(end + 1 + digits..).and_then(|r| r.chars().next());
            if digits > 0 && !after.is_some_and(is_word_char) {
                end += 1 + digits;
                i = end;
            }
        }
        // Two capitals with a slash: "I/O", "A/B", "N/A".
        if end == start + 1 && capitals == 1 && is_slashed_pair(bytes, start) {
            if !in_all_caps_text(prose, start..start + 3) {
                out.push(start..start + 3);
            }
            i = start + 3;
            continue;
        }
        // One capital and no digit is an ordinary capitalised word, never acronym-shaped:
        // settled here, without the full test, for the many words that start a sentence.
        if capitals == 0 || (capitals == 1 && !has_digit) || has_underscore {
            continue;
        }
        if is_reported_acronym(prose, start..end) {
            out.push(start..end);
        }
    }
    out
}

/// A capital, a slash and a capital, standing alone: "I/O" (but not "A/B/C", "I/Os", "C/C++").
fn is_slashed_pair(bytes: &[u8], start: usize) -> bool {
    let at = |i: usize| bytes.get(i).copied();
    at(start).is_some_and(|b| b.is_ascii_uppercase())
        && at(start + 1) == Some(b'/')
        && at(start + 2).is_some_and(|b| b.is_ascii_uppercase())
        && !at(start + 3).is_some_and(|b| b.is_ascii_alphanumeric() || b"/_+#-".contains(&b))
        && !(start > 0 && matches!(at(start - 1), Some(b'/')))
}

fn is_reported_acronym(prose: &crate::markup::Prose, range: std::ops::Range<usize>) -> bool {
    let text = prose.text.as_str();
    let token = &text[range.clone()];
    if token.starts_with(|c: char| c.is_ascii_digit()) {
        let rest = token.trim_start_matches(|c: char| c.is_ascii_digit());
        if crate::wordlists::is_unit(rest) {
            return false;
        }
    }
    if !is_acronym_shaped(token) || is_rfc2119_keyword(token) || is_file_name(&text[range.end..]) {
        return false;
    }
    let before = &text[..range.start];
    let after = &text[range.end..];
    if is_name_not_acronym(token) || is_numbering(token) || names_a_numbered_thing(after) {
        return false;
    }
    // ABNF values (`%x2C`, `%d13`).
    if before.ends_with('%') {
        return false;
    }
    // The numbered tail of a hyphenated designation with a number before it (`12-SP5`,
    // `i7-2860QM`; `0-RTT` is a use of RTT).
    if token.bytes().any(|b| b.is_ascii_digit())
        && let Some(head) = before.strip_suffix('-')
        && last_word(head).is_some_and(|w| w.bytes().any(|b| b.is_ascii_digit()))
    {
        return false;
    }
    // A dotted name (`VEC.256`, `CBO.ZERO`, `PREFETCH.R`, `FENCE.I`): a dot between two
    // words, not a sentence's end.
    if (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_alphanumeric()))
        || (before.ends_with('.')
            && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_alphanumeric()))
    {
        return false;
    }
    // A quoted value standing alone in straight quotes: `the kty field set to "EC"`.
    if before.ends_with('"') && after.starts_with('"') {
        return false;
    }
    // A name that starts with a dot (`.NET`, a file extension such as `.EXE`).
    if let Some(head) = before.strip_suffix('.')
        && !head.ends_with(|c: char| c.is_alphanumeric())
    {
        return false;
    }
    // A name hyphenated with an English word in capitals (`PKG-INFO`, `READ-ONLY`): a file
    // name or a constant, not an acronym.
    if hyphenated_with_a_word(before, after) {
        return false;
    }
    // A deliverable's or a document's code: `SL-D1`, `WG-N42` (one letter and a number;
    // `HMAC-SHA256` and `RSASSA-PKCS1` name algorithms with their acronyms).
    if let Some(rest) = after.strip_prefix('-')
        && rest.starts_with(|c: char| c.is_ascii_uppercase())
    {
        let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && !rest[1 + digits..].starts_with(char::is_alphanumeric) {
            return false;
        }
    }
    // "TL;DR": the internet's "too long; didn't read", an idiom rather than jargon.
    if (token == "TL" && after.starts_with(";DR")) || (token == "DR" && before.ends_with("TL;")) {
        return false;
    }
    if is_placeholder(token)
        || is_suffixed_name(token)
        || names_a_frame(after)
        || in_character_name(before)
        || (is_capitalised_english_word(token)
            && !is_named_by_this(before, token)
            && (token.len() >= 4
                || is_word_used_as_name(before, after)
                || is_alone_in_table_cell(prose, &range, token)))
    {
        return false;
    }
    // A code point (`U+20AC`) or a citation label standing alone in brackets (`[USASCII]`,
    // `[HTTP]`; a label that is a link is link text, which stays prose).
    if before.ends_with("U+")
        || (before.ends_with('[')
            && after.starts_with(']')
            && !after[1..].starts_with(['(', '[', ':']))
    {
        return false;
    }
    // A part of a platform or product name: "Kotlin/JS", "Kotlin/Native".
    if before.ends_with('/')
        && last_word(&before[..before.len() - 1]).is_some_and(is_capitalised_word)
    {
        return false;
    }
    if is_plain_roman_numeral(token)
        || (is_roman(token) && previous_word(before).is_some_and(is_numbering_word))
    {
        return false;
    }
    if follows_number(before) && crate::wordlists::is_unit(token) {
        return false;
    }
    let all_caps = !token.chars().any(char::is_lowercase);
    if all_caps
        && token.chars().count() >= 4
        && crate::wordlists::is_common_word(token)
        && !crate::wordlists::is_listed_acronym(token)
        && !is_named_by_this(before, token)
    {
        return false;
    }
    // Seven capitals or more are a word, a file name, a variable or a constant (`METADATA`,
    // `INSTALLER`, `PYTHONPATH`, `RDINSTRET`), not an acronym to expand: acronyms that long
    // are names in their own right (`FORTRAN`, `WYSIWYG`). So is a prefix glued to an
    // English word of four letters or more (`GOPATH`, `GOROOT`): an environment variable.
    if token.bytes().all(|b| b.is_ascii_uppercase())
        && (token.len() >= 7
            || (token.len() >= 6
                && (2..=token.len() - 4)
                    .any(|cut| crate::wordlists::is_english_word(&token[cut..]))))
    {
        return false;
    }
    // A letter with a subscript or superscript: a variable of a formula (`W₁`, `Oⁿ`).
    if token
        .chars()
        .any(|c| matches!(c, '\u{2070}'..='\u{209f}' | '²' | '³' | '¹'))
    {
        return false;
    }
    !in_all_caps_text(prose, range)
}

/// Names written with capitals that are not acronyms of their own:
/// - an acronym glued to a capitalised word (`HTTPRoute`, `TLSConfig`, `URLSession`): a
///   type or resource name;
/// - a capitalised word glued to capitals (`SwiftPM`, `WebIDL`, `FreeBSD`, `ParseIP`) or a
///   lower-case word glued to capitals (`watchOS`): a product or function name;
/// - a capitalised word and a number (`App1`, `Node2`).
///
/// ```
/// use glossary_ls::acronym::is_name_not_acronym;
/// for name in ["HTTPRoute", "TLSConfig", "JSONPath", "URLSession", "SwiftPM", "FreeBSD", "App2", "watchOS", "NoSQL", "OCaml", "OAuth", "reST", "LibReSSL", "PyPy", "Go1", "iPadOS", "PyQt", "GvR"] {
///     assert!(is_name_not_acronym(name), "{name}");
/// }
/// for acronym in ["API", "APIs", "OSes", "gRPC", "IPv6", "SaaS", "K8s", "HTTP2", "PhD", "IDEs", "IoT", "mRNA", "RCpc", "NaN"] {
///     assert!(!is_name_not_acronym(acronym), "{acronym}");
/// }
/// ```
pub fn is_name_not_acronym(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    let leading_capitals = chars.iter().take_while(|c| c.is_uppercase()).count();
    let word_after = |i: usize| {
        // A capital at `i` and two or more lower-case letters after it, to the end or a digit.
        chars.get(i).is_some_and(|c| c.is_uppercase())
            && chars[i + 1..]
                .iter()
                .take_while(|c| c.is_lowercase())
                .count()
                >= 2
    };
    // ACRONYM + Word: three or more capitals, the last starting a word.
    if leading_capitals >= 3 && word_after(leading_capitals - 1) {
        return true;
    }
    // A capital and a word: "OCaml", "JClass", "XPath" (a plural ending is too short to be
    // a word: "OSes"; so are two letters: "RCpc" is an acronym).
    if leading_capitals == 2 && chars.len() >= 5 && chars[2..].iter().all(|c| c.is_lowercase()) {
        return true;
    }
    // Capitalised words run together, every capital starting one: "PyPy", "DeVito".
    if chars.len() >= 4
        && chars.last().is_some_and(|c| c.is_lowercase())
        && chars.iter().filter(|c| c.is_uppercase()).count() >= 2
        && chars
            .iter()
            .zip(chars.iter().skip(1))
            .all(|(a, b)| !a.is_uppercase() || b.is_lowercase())
    {
        return true;
    }
    // Word + CAPITALS, word + number.
    let lower_after_first = chars
        .iter()
        .skip(1)
        .take_while(|c| c.is_lowercase())
        .count();
    let starts_with_word =
        chars.first().is_some_and(|c| c.is_alphabetic()) && lower_after_first >= 2;
    if starts_with_word {
        let rest = &chars[1 + lower_after_first..];
        let capitals = rest.iter().take_while(|c| c.is_uppercase()).count();
        // `LibReSSL`: a word, then three capitals or more among the letters after it.
        let later_capitals = rest.iter().filter(|c| c.is_uppercase()).count();
        if capitals >= 2
            || (capitals == 1 && word_after(1 + lower_after_first))
            || (capitals == 1 && later_capitals >= 3)
        {
            return true;
        }
        if chars[0].is_uppercase() && !rest.is_empty() && rest.iter().all(char::is_ascii_digit) {
            return true;
        }
    }
    // The Python ecosystem's names: "PyQt", "PyObjC", "PyOpenSSL" ("PyPA", the Python
    // Packaging Authority, is an acronym after "Py").
    if token.starts_with("Py")
        && chars.get(2).is_some_and(|c| c.is_uppercase())
        && chars.get(3).is_some_and(|c| c.is_lowercase())
    {
        return true;
    }
    // A person's initials with "van" or "von": "GvR", "MvL".
    if let [first, 'v', last] = chars[..]
        && first.is_uppercase()
        && last.is_uppercase()
    {
        return true;
    }
    // A two-letter name and a number: "Go1", "Qt5".
    if chars.first().is_some_and(|c| c.is_uppercase())
        && lower_after_first == 1
        && chars.len() > 2
        && chars[2..].iter().all(char::is_ascii_digit)
    {
        return true;
    }
    // A lower-case letter and a capitalised word: "iPadOS", "eBay" (an acronym's prefix
    // stands before capitals: "mRNA").
    if chars.first().is_some_and(|c| c.is_lowercase())
        && chars.get(1).is_some_and(|c| c.is_uppercase())
        && chars.get(2).is_some_and(|c| c.is_lowercase())
        && chars.get(3).is_some_and(|c| c.is_lowercase())
    {
        return true;
    }
    // A two-letter lower-case word and capitals: "reST" (a single lower-case letter is an
    // acronym's prefix: "mRNA", "gRPC").
    if chars.first().is_some_and(|c| c.is_lowercase())
        && lower_after_first == 1
        && chars[2..].len() >= 2
        && chars[2..].iter().all(|c| c.is_uppercase())
    {
        return true;
    }
    // A two-letter word and three capitals or more: "GoLLVM", "MyISAM", "NoSQL".
    chars.first().is_some_and(|c| c.is_uppercase())
        && lower_after_first == 1
        && chars.len() >= 5
        && chars[2..].iter().all(|c| c.is_uppercase())
}

/// Version, error and standard numbers: a letter and a number (`V4`, `E0599`, `C17`,
/// `S3`) or a few capitals and three digits or more (`ES2022`, `RFC9110`, `ISO8601`).
///
/// ```
/// use glossary_ls::acronym::is_numbering;
/// for code in ["V4", "E0599", "C17", "ES2022", "RFC9110"] {
///     assert!(is_numbering(code), "{code}");
/// }
/// for acronym in ["MP3", "HTTP2", "B2B", "K8s", "JDK17", "2FA", "API", "SHA256"] {
///     assert!(!is_numbering(acronym), "{acronym}");
/// }
/// ```
pub fn is_numbering(token: &str) -> bool {
    let letters = token.chars().take_while(char::is_ascii_alphabetic).count();
    let digits = &token[letters..];
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (letters == 1
            || (letters <= 4 && digits.len() >= 3 && !(letters >= 3 && is_size(digits))))
}

/// A size in bits or bytes (`256` in `SHA-256`, `2048` in `RSA 2048`): a multiple of 32 up
/// to 1024, or a power of two, with no leading zero. After an acronym it makes a variant of
/// it, a use, where another number of three digits or more makes an identifier (`JEP-502`,
/// `RFC 9110`, `KT-6592`).
fn is_size(digits: &str) -> bool {
    !digits.starts_with('0')
        && digits.len() <= 5
        && digits
            .parse::<u32>()
            .is_ok_and(|n| (n % 32 == 0 && n <= 1024) || n.is_power_of_two())
}

/// Whether what follows a token makes it the name of a numbered thing rather than an
/// acronym in use: an identifier (`SE-0400`, `KT-1234`, `CVE-2024-1234`) or a cited
/// document (`RFC 9110`, `ISO 8601`: a whole number of three digits or more, or any whole
/// number with a citation after it: `BCP 14 {{RFC2119}}`; `TLS 1.3` is a version).
fn names_a_numbered_thing(after: &str) -> bool {
    if let Some(rest) = after.strip_prefix('-') {
        // An identifier has a number of three digits or more, zero-padded, or several
        // (`SE-0400`, `JEP-502`, `CVE-2024-1234`); one or two digits make a variant of the
        // acronym (`SHA-1`, `UTF-8`, `UTF-16`), a use of it.
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let more = rest[digits..].starts_with('-')
            && rest[digits + 1..].starts_with(|c: char| c.is_ascii_digit());
        return digits > 0
            && ((digits >= 3 && !is_size(&rest[..digits])) || rest.starts_with('0') || more);
    }
    let Some(rest) = after.strip_prefix([' ', '\u{a0}']) else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let next = rest[digits..].chars().next();
    let next_after = rest[digits..].chars().nth(1);
    // A whole number (`RFC 9110`), not a version (`TLS 1.3`); a short number only when a
    // citation follows (`BCP 14 {{RFC2119}}`), since `JDK 17` is a use of JDK.
    let decimal = next == Some('.') && next_after.is_some_and(|c| c.is_ascii_digit());
    let whole = !(next.is_some_and(crate::text::is_word_char) || decimal);
    let cited = rest[digits..]
        .trim_start()
        .starts_with([crate::markup::CODE_PLACEHOLDER, '[']);
    whole && ((digits >= 3 && !is_size(&rest[..digits])) || (digits >= 1 && cited))
}

/// Placeholders and classes of numbers: `XXX`, `NNN`, `3XX`, `4xx`, and the metasyntactic
/// names of examples (`FOO`, `QUX`).
pub fn is_placeholder(token: &str) -> bool {
    let letters = token.trim_start_matches(|c: char| c.is_ascii_digit());
    let repeated = letters.len() >= 2 && letters.chars().all(|c| c == 'X' || c == 'x')
        || (letters.len() == token.len()
            && token.len() >= 3
            && token.chars().all(|c| token.starts_with(c)));
    const NAMES: [&str; 13] = [
        "FOO", "BAR", "BAZ", "QUX", "QUUX", "CORGE", "GRAULT", "GARPLY", "WALDO", "FRED", "PLUGH",
        "XYZZY", "THUD",
    ];
    repeated || NAMES.contains(&token)
}

/// Whether an ordinary English word written in capitals is the name of something — a
/// protocol method, a frame, a setting, an enum value — rather than an acronym: followed or
/// preceded by the kind of thing it names ("the DELETE method", "a PRIORITY frame", "the
/// flag END_STREAM") or by the acronym of its protocol ("an HTTP GET"), or listed with other
/// such words ("GET, HEAD and DELETE"). English
/// words of four letters or more in capitals (`PADDING`, `DEFLATE`, `TRANSPORT`) are names
/// or emphasis anyway, never acronyms to expand.
fn is_word_used_as_name(before: &str, after: &str) -> bool {
    if next_word(after).is_some_and(is_kind_of_name)
        || adjacent_previous_word(before).is_some_and(is_kind_of_name)
    {
        return true;
    }
    // After the protocol or language it belongs to: "an HTTP GET", "the SQL SELECT".
    if before.ends_with(' ')
        && previous_word(before).is_some_and(|w| {
            w.len() >= 2
                && w.bytes().all(|b| b.is_ascii_uppercase())
                && !crate::wordlists::is_english_word(w)
        })
    {
        return true;
    }
    // Emphasis or a name in words of capitals: beside a requirement keyword ("they ARE
    // NOT") or another English word in capitals ("LOW LINE", "FULL STOP").
    let emphatic = |w: &str| is_rfc2119_keyword(w) || is_capitalised_english_word(w);
    if after.starts_with(' ') && next_word(after).is_some_and(emphatic)
        || before.ends_with(' ') && adjacent_previous_word(before).is_some_and(emphatic)
    {
        return true;
    }
    listed_word(after, true).is_some_and(is_capitalised_english_word)
        || listed_word(before, false).is_some_and(is_capitalised_english_word)
}

/// Whether the token is joined by a hyphen to an English word of four letters or more in
/// capitals (`PKG-INFO`, `INFO-PKG`).
fn hyphenated_with_a_word(before: &str, after: &str) -> bool {
    let word_after = after.strip_prefix('-').map(|rest| {
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        &rest[..end]
    });
    let word_before = before.strip_suffix('-').and_then(last_word);
    [word_after, word_before].into_iter().flatten().any(|w| {
        w.len() >= 4 && w.bytes().all(|b| b.is_ascii_uppercase()) && is_capitalised_english_word(w)
    })
}

/// A name with letters after its number: lower-case ones (`RFC7523bis`, `X509v3`), the name
/// of a document or a format revision; or capitals after two letters or more and two digits
/// or more (`RV32I`, `DJBX33A`, `AVX512F`), the designation of a variant. Not an acronym.
fn is_suffixed_name(token: &str) -> bool {
    let Some(digit) = token.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let after = token[digit..].trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = token.len() - digit - after.len();
    after.bytes().take_while(u8::is_ascii_lowercase).count() >= 2
        || (digit >= 2
            && digits >= 2
            && !after.is_empty()
            && after.bytes().all(|b| b.is_ascii_uppercase()))
}

/// A word in capitals naming a frame type, as protocol specifications write them: "a PING
/// frame", "CRYPTO frames", "PING and PADDING frames". A frame is always named, never
/// expanded, so any spelling counts (`GOAWAY`, `MAX_STREAMS`), not only English words.
fn names_a_frame(after: &str) -> bool {
    static FRAME: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("rame"));
    // Most tokens have no frame near them: one search of the next words decides.
    let near = &after.as_bytes()[..after.len().min(120)];
    if FRAME.find(near).is_none() {
        return false;
    }
    let is_frame =
        |word: &str| word.eq_ignore_ascii_case("frame") || word.eq_ignore_ascii_case("frames");
    // "a PING or other ack-eliciting frame": the kind, after "or other" and an adjective.
    for join in [" or other ", " and other ", " or any other "] {
        if let Some(rest) = after.strip_prefix(join) {
            let mut words = rest.split(' ').take(2);
            if words.any(|w| is_frame(w.trim_end_matches(|c: char| !c.is_alphanumeric()))) {
                return true;
            }
        }
    }
    let mut rest = after;
    // Across a short list of other names: "PING, ACK and PADDING frames".
    for _ in 0..6 {
        if next_word(rest).is_some_and(is_frame) {
            return true;
        }
        let Some(listed) = listed_word(rest, true) else {
            return false;
        };
        if !listed
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            return false;
        }
        let at = rest.find(listed).unwrap_or(0) + listed.len();
        rest = &rest[at..];
    }
    false
}

/// Words in capitals that extend one another by a few letters — `MUL`, `MULH`, `MULHU`,
/// `MULW` — in one document: the mnemonics, opcodes or constants of an instruction set or
/// an API, not acronyms. A family is a root of three letters or more with at least two
/// extensions of one to three letters (`HTTP` and `HTTPS` alone are no family).
pub fn mnemonic_families<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let keys: foldhash::HashSet<&str> = keys
        .filter(|k| k.len() >= 3 && k.bytes().all(|b| b.is_ascii_uppercase()))
        .collect();
    // Each key's root in the set, and the members of each root's family.
    let mut families: foldhash::HashMap<&str, Vec<&str>> = foldhash::HashMap::default();
    for &key in &keys {
        // The shortest root, so that `MULHU` joins `MUL`'s family rather than `MULH`'s.
        let root = (1..=3)
            .rev()
            .filter(|cut| key.len() >= cut + 3)
            .map(|cut| &key[..key.len() - cut])
            .find(|root| keys.contains(root));
        if let Some(root) = root {
            families.entry(root).or_default().push(key);
        }
    }
    let mut out = Vec::new();
    for (root, members) in families {
        if members.len() >= 2 {
            out.push(root);
            out.extend(members);
        }
    }
    out
}

/// The words with a capital in the tables of values of a text — encoding tables,
/// registries of codes — where nearly every body cell is one token (`CSRRS`, `OP-32`,
/// `RDCYCLE[H]`, `MISC-MEM`): the names of opcodes, fields and values, identifiers wherever
/// the document writes them. A table whose cells are phrases (a table of acronyms and
/// their meanings, a comparison of tools) is prose and gives none. A table with a column of
/// codes in hexadecimal (`0x30`) names in a column of single words (`ADDRESS`, `BALANCE`)
/// even when its other columns describe them in phrases (a column of counts or ports does
/// not: "| SSH | 22 |" beside a description still writes acronyms).
pub fn value_table_words(prose: &crate::markup::Prose) -> Vec<&str> {
    fn words(cell: &str) -> impl Iterator<Item = &str> {
        cell.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| w.len() >= 2 && w.chars().any(char::is_uppercase))
    }
    fn is_number(c: &str) -> bool {
        c.bytes().any(|b| b.is_ascii_digit()) && !c.chars().any(char::is_alphabetic)
            || is_hex_number(c)
    }
    fn finish<'t>(cells: &mut Vec<(u32, &'t str)>, out: &mut Vec<&'t str>) {
        // The columns, each read once (a table may have thousands of them).
        let mut columns = cells.clone();
        columns.sort_by_key(|(c, _)| *c);
        let columns: Vec<Vec<&str>> = columns
            .chunk_by(|a, b| a.0 == b.0)
            .map(|column| column.iter().map(|(_, t)| *t).collect())
            .collect();
        let has_codes = columns.iter().any(|column| {
            column.len() >= 4
                && column.iter().filter(|t| is_hex_number(t)).count() * 4 >= column.len() * 3
        });
        if has_codes {
            for column in &columns {
                let names = column
                    .iter()
                    .all(|t| !t.contains(char::is_whitespace) && t.chars().any(char::is_uppercase));
                if column.len() >= 4 && names {
                    out.extend(column.iter().flat_map(|t| words(t)));
                }
            }
        }
        let cells: Vec<&str> = cells.drain(..).map(|(_, t)| t).collect();
        // A phrase: two or more words with letters in one cell.
        let phrases = cells
            .iter()
            .filter(|c| {
                c.split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .nth(1)
                    .is_some()
            })
            .count();
        // Numbers (bit positions, codes, sizes) in a quarter of the cells or more: a table of
        // values, not a comparison of names (`| Yarn | JS | yarn.lock |`).
        let numbers = cells.iter().filter(|c| is_number(c)).count();
        if cells.len() >= 4 && phrases * 5 <= cells.len() && numbers * 4 >= cells.len() {
            out.extend(cells.iter().flat_map(|c| words(c)));
        }
    }
    let mut out = Vec::new();
    let mut cells = Vec::new();
    let mut last = None;
    for block in &prose.blocks {
        let crate::markup::BlockKind::TableCell {
            row,
            column,
            header,
        } = block.kind
        else {
            if last.take().is_some() {
                finish(&mut cells, &mut out);
            }
            continue;
        };
        // A cell that does not come after the one before starts another table.
        if last.is_some_and(|l| (row, column) <= l) {
            finish(&mut cells, &mut out);
        }
        last = Some((row, column));
        let text = prose
            .text
            .get(block.range.clone())
            .unwrap_or_default()
            .trim();
        if !header && !text.is_empty() {
            cells.push((column, text));
        }
    }
    finish(&mut cells, &mut out);
    out
}

/// `0x1F`, `0xc00`: a number in hexadecimal.
fn is_hex_number(text: &str) -> bool {
    text.strip_prefix("0x")
        .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `word`, an English word in capitals (`GET`), is somewhere in `text` the name of
/// a thing by the kind written beside it ("the GET method", "a SET request"): then it is
/// that name wherever the document writes it ("not via the GET."). One search for the word
/// over the text, asked once per such word of a document.
pub fn is_named_somewhere(text: &str, word: &str) -> bool {
    if !is_capitalised_english_word(word) {
        return false;
    }
    memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()).any(|at| {
        let (before, after) = (&text[..at], &text[at + word.len()..]);
        let whole = !before.ends_with(crate::text::is_word_char)
            && !after.starts_with(crate::text::is_word_char);
        whole
            && (next_word(after).is_some_and(is_kind_of_name)
                || adjacent_previous_word(before).is_some_and(is_kind_of_name))
    })
}

/// The organisations whose domain the text's e-mail addresses are at, in capitals
/// (`IOHK` of `john.woods@iohk.io`, the label before the top-level domain): the authors'
/// affiliation, which a paper names rather than expands ("An IOHK discussion paper"). A
/// web address is no such evidence: specifications link to `iana.org` and still owe the
/// reader what IANA stands for.
pub fn email_organisations(text: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'@', bytes).filter_map(move |at| {
        let local = bytes[..at].last()?;
        if !(local.is_ascii_alphanumeric() || matches!(local, b'.' | b'_' | b'-' | b'+')) {
            return None;
        }
        let domain_len = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
            .count();
        let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let mut labels = domain.rsplit('.');
        let top = labels.next()?;
        let organisation = labels.next()?;
        let is_name = |label: &str, range: std::ops::RangeInclusive<usize>| {
            range.contains(&label.len()) && label.bytes().all(|b| b.is_ascii_alphabetic())
        };
        (is_name(top, 2..=6) && is_name(organisation, 2..=10))
            .then(|| organisation.to_ascii_uppercase())
    })
}

/// Whether `key`, in capitals, is a word the document uses as an identifier with one to
/// three capitals more (`RDCYCLEH` beside `RDCYCLE`, `MULHU` beside `MUL`): an identifier too.
pub fn extends_an_identifier(key: &str, is_identifier: impl Fn(&str) -> bool) -> bool {
    key.len() >= 5
        && key.bytes().all(|b| b.is_ascii_uppercase())
        && (1..=3)
            .filter(|cut| key.len() >= cut + 4)
            .any(|cut| is_identifier(&key[..key.len() - cut]))
}

/// The names a text gives a value (`when XLEN=32`, `MODE=fast`, `N == 0`): variables and
/// settings wherever the document writes them, not acronyms to expand. (A comparison
/// written `<` or `>` is left alone: "keys (RSA < 2048 bits)" is prose about RSA.)
pub fn assigned_names(text: &str) -> impl Iterator<Item = &str> {
    memchr::memchr_iter(b'=', text.as_bytes()).filter_map(move |at| {
        let before = &text[..at];
        // `==`, `!=`: the operator starts at its first character; `<=`, `>=`, `=>` are
        // comparisons or arrows.
        if before.ends_with(['=', '<', '>']) || text[at + 1..].starts_with('>') {
            return None;
        }
        let before = before.strip_suffix('!').unwrap_or(before);
        let spaced = before.ends_with(' ');
        let before = before.strip_suffix(' ').unwrap_or(before);
        let rest = text[at + 1..].strip_prefix('=').unwrap_or(&text[at + 1..]);
        let spaced_after = rest.starts_with(' ');
        let value = rest.strip_prefix(' ').unwrap_or(rest);
        // A number, spaced or not; a word only straight after the name (`KEY=value`):
        // "A = B" in prose equates ideas rather than sets a value.
        let is_value = value.starts_with(|c: char| c.is_ascii_digit())
            || (!spaced
                && !spaced_after
                && value.starts_with(|c: char| c.is_alphanumeric() || c == '"'));
        let name = last_word(before)?;
        (is_value && name.bytes().any(|b| b.is_ascii_uppercase())).then_some(name)
    })
}

/// The words in capitals a text writes with operands, as instruction sets and assembly
/// write their mnemonics (`ADD x0, x0, x2`, `C.ADD x0, x4`, `LW a0, 8(sp)`): a register
/// (lower-case letters and a number; not `v2`, a version: "HTTP v1, v2 and v3") then a
/// comma and another operand. Names of instructions wherever the document writes them.
pub fn mnemonics_with_operands(text: &str) -> impl Iterator<Item = &str> {
    let is_register = |w: &str| {
        let letters = w.bytes().take_while(u8::is_ascii_lowercase).count();
        (1..=3).contains(&letters)
            && !w.starts_with('v')
            && w.len() > letters
            && w.len() <= letters + 2
            && w[letters..].bytes().all(|b| b.is_ascii_digit())
    };
    memchr::memchr_iter(b',', text.as_bytes()).filter_map(move |at| {
        let before = &text[..at];
        let register = last_word(before)?;
        let head = before[..before.len() - register.len()]
            .strip_suffix(' ')?
            .trim_end_matches(' ');
        let name = last_word(head)?;
        let after = text[at + 1..].trim_start_matches(' ');
        let next_operand = after
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .is_some_and(|w| {
                is_register(w) || w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty()
            });
        (is_register(register)
            && next_operand
            && name.len() >= 2
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
        .then_some(name)
    })
}

/// The words in capitals a text names frame types with ("CRYPTO frames", "PING and PADDING
/// frames"): names wherever the document writes them ("duplicate CRYPTO data").
pub fn frame_names(text: &str) -> impl Iterator<Item = &str> {
    memchr::memmem::find_iter(text.as_bytes(), b" frame").flat_map(move |at| {
        let after = &text[at + " frame".len()..];
        // "frame" or "frames" as a whole word, not "framework".
        let rest = after.strip_prefix('s').unwrap_or(after);
        let whole = !rest.starts_with(char::is_alphanumeric);
        let mut names = Vec::new();
        let mut before = &text[..at];
        while whole && names.len() < 6 {
            let Some(word) = last_word(before) else { break };
            if word.len() < 2
                || !word
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                || !word.bytes().any(|b| b.is_ascii_uppercase())
            {
                break;
            }
            names.push(word);
            before = &before[..before.len() - word.len()];
            match [", and ", ", or ", " and ", " or ", ", "]
                .iter()
                .find_map(|j| before.strip_suffix(j))
            {
                Some(rest) => before = rest,
                None => break,
            }
        }
        names
    })
}

/// A word of a character's name after its code point: "U+20AC (EURO SIGN)", "U+00A0
/// NO-BREAK SPACE".
fn in_character_name(before: &str) -> bool {
    // Only the last few words: a search of all of `before` would make the scan quadratic.
    let mut from = before.len().saturating_sub(90);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let tail = &before[from..];
    // A byte search per token: a substring searcher would be set up for every acronym.
    let Some(plus) = memchr::memrchr(b'+', tail.as_bytes()).filter(|&p| p > 0) else {
        return false;
    };
    if tail.as_bytes()[plus - 1] != b'U' {
        return false;
    }
    let rest = &tail[plus + 1..];
    let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
    let name = rest[digits..].trim_start();
    let name = name.strip_prefix('(').unwrap_or(name);
    (4..=6).contains(&digits)
        && rest[digits..].starts_with(' ')
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'-')
}

/// "This KEEP proposes…", "in these RFCs": a word in capitals after "this" or "these" is
/// a noun in its own right, the kind of document or thing meant, so an acronym even where it
/// spells an English word (words kept in capitals on purpose, NOTE or MUST, aside).
fn is_named_by_this(before: &str, token: &str) -> bool {
    matches!(
        last_word(before.strip_suffix(' ').unwrap_or_default()),
        Some("this" | "This" | "these" | "These")
    ) && !crate::wordlists::is_listed_word(token)
}

/// Whether `token` is all of its table cell (`| :method | GET |`): for an English word in
/// capitals, a value.
fn is_alone_in_table_cell(
    prose: &crate::markup::Prose,
    range: &std::ops::Range<usize>,
    token: &str,
) -> bool {
    prose.block_at(range.start).is_some_and(|b| {
        matches!(b.kind, crate::markup::BlockKind::TableCell { .. })
            && prose.text[b.range.clone()].trim() == token
    })
}

/// An English word in capitals, unless a list names it as an acronym (MIME, TIFF).
fn is_capitalised_english_word(word: &str) -> bool {
    word.len() >= 2
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && crate::wordlists::is_english_word(word)
        && !crate::wordlists::is_listed_acronym(word)
}

fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().count() >= 2
        && chars.all(char::is_lowercase)
}

/// Nouns that say a word in capitals is a name: "the DELETE method", "a SETTINGS frame".
fn is_kind_of_name(word: &str) -> bool {
    const KINDS: [&str; 44] = [
        "method",
        "frame",
        "setting",
        "field",
        "value",
        "flag",
        "header",
        "request",
        "response",
        "code",
        "status",
        "type",
        "parameter",
        "keyword",
        "command",
        "message",
        "record",
        "option",
        "bit",
        "state",
        "event",
        "mode",
        "block",
        "packet",
        "statement",
        "clause",
        "token",
        "variable",
        "constant",
        "opcode",
        "instruction",
        "element",
        "attribute",
        "property",
        "verb",
        "directive",
        "enum",
        "case",
        "label",
        "permission",
        "privilege",
        "action",
        "operation",
        "signal",
    ];
    let lower = word.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    KINDS.contains(&lower.as_str()) || KINDS.contains(&singular)
}

/// The word listed next to a token: after it (`forward`) or before it, across ", ", " and ",
/// " or ", ", and ", " / " — "GET, HEAD and DELETE".
fn listed_word(text: &str, forward: bool) -> Option<&str> {
    const JOINS: [&str; 7] = [", and ", ", or ", ", ", " and ", " or ", " / ", "/"];
    if forward {
        let rest = JOINS.iter().find_map(|j| text.strip_prefix(j))?;
        let end = rest
            .find(|c: char| !crate::text::is_word_char(c))
            .unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    } else {
        let rest = JOINS.iter().find_map(|j| text.strip_suffix(j))?;
        last_word(rest)
    }
}

/// The last word of `before`, past any trailing white space.
fn previous_word(before: &str) -> Option<&str> {
    last_word(before.trim_end())
}

/// The word just before, in the same clause (only spaces and commas between).
fn adjacent_previous_word(before: &str) -> Option<&str> {
    last_word(before.trim_end_matches([' ', ',']))
}

/// The word `text` ends with, if it ends with a word character.
fn last_word(text: &str) -> Option<&str> {
    let start = text
        .char_indices()
        .rev()
        .find(|&(_, c)| !crate::text::is_word_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &text[start..];
    (!word.is_empty()).then_some(word)
}

/// The word just after, in the same clause (only spaces and commas between).
fn next_word(after: &str) -> Option<&str> {
    let trimmed = after.trim_start_matches([' ', ',']);
    let end = trimmed
        .char_indices()
        .find(|&(_, c)| !crate::text::is_word_char(c))
        .map_or(trimmed.len(), |(i, _)| i);
    let word = &trimmed[..end];
    (!word.is_empty()).then_some(word)
}

/// Whether a token followed by `after` is the stem of a file name: a dot and a lower-case
/// extension of up to five characters ("README.md", "CHANGELOG.txt", "LICENSE.tar.gz").
fn is_file_name(after: &str) -> bool {
    let Some(extension) = after.strip_prefix('.') else {
        return false;
    };
    let length = extension
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        .count();
    let rest = &extension[length..];
    (1..=5).contains(&length)
        && extension.starts_with(|c: char| c.is_ascii_lowercase())
        && !rest.starts_with(|c: char| crate::text::is_word_char(c))
}

/// "10 GB", "10\u{a0}GB", "1.5GB" (the glued form is split by the scanner as "5GB").
fn follows_number(before: &str) -> bool {
    let trimmed = before
        .strip_suffix([' ', '\u{a0}', '\u{2009}', '\u{202f}'])
        .unwrap_or(before);
    trimmed.ends_with(|c: char| c.is_ascii_digit())
}

/// Whether the token stands in a heading, or a sentence of three or more words, written
/// all in capitals: that is emphasis, not a list of acronyms.
fn in_all_caps_text(prose: &crate::markup::Prose, range: std::ops::Range<usize>) -> bool {
    use crate::markup::BlockKind;
    const WINDOW: usize = 400;
    let text = prose.text.as_str();
    // Fast answer for the usual case: a neighbouring word in lower case.
    let neighbour_is_lower =
        |word: Option<&str>| word.is_some_and(|w| w.chars().any(char::is_lowercase));
    if neighbour_is_lower(adjacent_previous_word(&text[..range.start]))
        || neighbour_is_lower(next_word(&text[range.end..]))
    {
        return false;
    }
    let Some(block) = prose.block_at(range.start) else {
        return false;
    };
    let (start, end, min_words) = if matches!(block.kind, BlockKind::Heading(_)) {
        (block.range.start, block.range.end, 2)
    } else {
        let lower = floor_char(
            text,
            range.start.saturating_sub(WINDOW).max(block.range.start),
        );
        let upper = floor_char(text, (range.end + WINDOW).min(block.range.end));
        let ends_sentence = |s: &str| s.ends_with(['.', '!', '?']);
        let start = text[lower..range.start]
            .char_indices()
            .rev()
            .find(|&(i, c)| c.is_whitespace() && ends_sentence(&text[lower..lower + i]))
            .map_or(lower, |(i, c)| lower + i + c.len_utf8());
        let end = text[range.end..upper]
            .char_indices()
            .find(|&(_, c)| matches!(c, '.' | '!' | '?'))
            .map_or(upper, |(i, _)| range.end + i);
        (start, end, 3)
    };
    let mut words = 0;
    for word in text[start..end].split(|c: char| !crate::text::is_word_char(c)) {
        if !word.chars().any(char::is_alphabetic) {
            continue;
        }
        if word.chars().any(char::is_lowercase) {
            return false;
        }
        words += 1;
    }
    words >= min_words
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod scan_tests {
    use super::*;
    use crate::markup::{Markup, Prose};

    fn acronyms(source: &str) -> Vec<String> {
        let prose = Prose::new(source, Markup::Markdown);
        find_acronyms(&prose)
            .into_iter()
            .map(|r| prose.text[r].to_string())
            .collect()
    }

    #[test]
    fn finds_acronyms_of_every_shape() {
        assert_eq!(
            acronyms("The API, two APIs, B2B, HTTP/2, gRPC and IoT on IPv6; the SLA's terms."),
            vec!["API", "APIs", "B2B", "HTTP/2", "gRPC", "IoT", "IPv6", "SLA"]
        );
    }

    #[test]
    fn skips_what_is_not_an_acronym() {
        assert_eq!(
            acronyms(
                "Clients MUST NOT retry and SHALL NOT cache. Phase II, Part IV, Chapter XL. \
                 Files of 10 GB in 5 ms or 20MB. MAX_SIZE here. The DATA is here. JavaScript Api."
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn all_caps_headings_and_sentences_are_emphasis() {
        assert_eq!(
            acronyms("# PLEASE READ THIS\n\nDO NOT PUSH TO PROD. Use the CLI."),
            vec!["CLI"]
        );
        assert_eq!(acronyms("# FAQ\n"), vec!["FAQ"]);
        assert_eq!(
            acronyms("Read it. DO NOT PUSH TO PROD."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_sentence_may_end_before_any_kind_of_space() {
        // Multi-byte spaces after a full stop once sliced inside a character.
        for space in ['\u{a0}', '\u{2028}', '\u{85}', '\u{3000}', '\u{2003}'] {
            assert_eq!(
                acronyms(&format!("Fine.{space}QZX")),
                vec!["QZX"],
                "{space:?}"
            );
            assert_eq!(
                acronyms(&format!("OK FINE.{space}QZX ABC.")),
                vec!["OK", "QZX", "ABC"],
                "{space:?}"
            );
        }
    }

    #[test]
    fn organisations_of_e_mail_addresses() {
        let text = "By John Woods (john.woods@iohk.io) and <ann@mail.example.org>; see \
                    https://www.iana.org/x, the @Override annotation and x@localhost.";
        let found: Vec<String> = email_organisations(text).collect();
        assert_eq!(found, ["IOHK", "EXAMPLE"]);
    }
}
