//! One line of a document's text, classified: a note, a unit line candidate, a date, or text.
//!
//! Only the shape of the line is decided here; whether a candidate really starts a unit depends
//! on the numbering around it and is decided by the tree builder in the parent module.

use crate::ir::Number;
use crate::ir::number::{Level, fold_letter, parse_roman, superscript_value};

/// What follows the number of a unit line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sep {
    /// `5. `, `5.2.`, `IV. ` (a trailing dot, then a space, a TAB or the end of the line).
    Dot,
    /// `5.2<TAB>` (Word's list numbering, without a trailing dot).
    Tab,
    /// `5.2 Текст`: a multi-level number followed by a plain space.
    Space,
    /// `1) `, `а) `.
    Paren,
    /// `Розділ 2. …`, `РОЗДІЛ 2`: a unit word; `dot` tells whether a dot followed the number.
    Word { dot: bool },
}

/// A line that has the shape of a unit line.
#[derive(Clone, Debug)]
pub(super) struct Cand {
    pub number: Number,
    /// The unit word as written (`Розділ`, `РОЗДІЛ`, `Глава`, `Стаття`).
    pub word: Option<String>,
    pub sep: Sep,
    /// The text after the number, trimmed.
    pub text: String,
    /// Byte offset of the number (or of the word) within the line.
    pub start: usize,
    /// Length of the number token (with the word, if any) in characters.
    pub len: usize,
}

/// A classified line.
#[derive(Clone, Debug)]
pub(super) enum Line {
    Blank,
    /// `{…}` on its own line: the note without braces, trimmed.
    Note(String),
    /// A line that starts with a date (`04.12.2023 …`): never a unit; the offset of the date.
    Date(usize),
    Unit(Cand),
    Text,
}

/// The unit words a document may number its units with, in lower case, with their rank (the
/// smaller, the higher in the tree).
pub(super) const UNIT_WORDS: [(&str, u32); 4] =
    [("розділ", 0), ("підрозділ", 1), ("глава", 2), ("стаття", 3)];

/// Classify one line (without its `\n`).
pub(super) fn classify(line: &str) -> Line {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Line::Blank;
    }
    if let Some(note) = note(trimmed) {
        return Line::Note(note);
    }
    let lead = line.len() - line.trim_start().len();
    let s = line.trim_start();
    if is_date(s) {
        return Line::Date(lead);
    }
    match candidate(s.trim_end()) {
        Some(mut c) => {
            c.start += lead;
            Line::Unit(c)
        }
        None => Line::Text,
    }
}

/// `{…}` → the note inside, trimmed.
pub(super) fn note(trimmed: &str) -> Option<String> {
    let inner = trimmed.strip_prefix('{')?.strip_suffix('}')?;
    Some(inner.trim().to_string())
}

/// Whether a line starts with a date `d.m.yyyy` (`04.12.2023`, `4.12.2023р.`).
pub(super) fn is_date(s: &str) -> bool {
    let mut parts = s.splitn(3, '.');
    let (Some(d), Some(m), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let y: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let all_digits =
        |x: &str| !x.is_empty() && x.len() <= 2 && x.chars().all(|c| c.is_ascii_digit());
    if !all_digits(d) || !all_digits(m) || y.len() != 4 {
        return false;
    }
    let (d, m): (u32, u32) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
    (1..=31).contains(&d) && (1..=12).contains(&m)
}

/// A decimal number at the start of `s`: its levels, the bytes it took (a trailing dot
/// included), whether it ended with a dot, and whether a hyphenated superscript (`6-1`) was used.
struct Decimal {
    levels: Vec<Level>,
    len: usize,
    dot: bool,
    hyphen: bool,
}

fn digits(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn decimal(s: &str) -> Option<Decimal> {
    let mut levels = Vec::new();
    let mut pos = 0;
    let mut dot = false;
    let mut hyphen = false;
    loop {
        let rest = &s[pos..];
        let d = digits(rest);
        if d.is_empty() {
            if levels.is_empty() {
                return None;
            }
            // The dot we consumed was a trailing dot.
            dot = true;
            break;
        }
        if d.len() > 6 || (d.len() > 1 && d.starts_with('0')) {
            return None;
        }
        let n: u32 = d.parse().ok()?;
        if n == 0 {
            return None;
        }
        pos += d.len();
        // Superscript: ¹² or a hyphen and digits followed by a dot, a TAB or the end.
        let mut sup = 0u32;
        let mut sup_len = 0;
        for c in s[pos..].chars() {
            match superscript_value(c) {
                Some(v) => {
                    sup = sup.checked_mul(10)?.checked_add(v)?;
                    sup_len += c.len_utf8();
                }
                None => break,
            }
        }
        if sup_len > 0 {
            if sup == 0 {
                return None;
            }
            pos += sup_len;
        } else if let Some(after) = s[pos..].strip_prefix('-') {
            let h = digits(after);
            let next = after[h.len()..].chars().next();
            if !h.is_empty()
                && h.len() <= 3
                && !h.starts_with('0')
                && matches!(next, None | Some('.') | Some('\t'))
            {
                sup = h.parse().ok()?;
                hyphen = true;
                pos += 1 + h.len();
            }
        }
        levels.push(Level { n, sup });
        if s[pos..].starts_with('.') {
            pos += 1;
            if hyphen {
                dot = true;
                break;
            }
            continue;
        }
        if hyphen && !s[pos..].starts_with('\t') && pos < s.len() {
            return None;
        }
        break;
    }
    Some(Decimal {
        levels,
        len: pos,
        dot,
        hyphen,
    })
}

fn starts_ws(s: &str) -> bool {
    s.starts_with([' ', '\t'])
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// A unit line candidate, if `s` (trimmed at both ends) has the shape of one.
fn candidate(s: &str) -> Option<Cand> {
    if let Some(c) = worded(s) {
        return Some(c);
    }
    if let Some(d) = decimal(s) {
        let rest = &s[d.len..];
        let depth = d.levels.len();
        let simple = depth == 1 && d.levels[0].sup == 0;
        let sep = if d.dot {
            if !(rest.is_empty() || starts_ws(rest)) {
                return None;
            }
            Sep::Dot
        } else if rest.starts_with('\t') {
            Sep::Tab
        } else if let Some(after) = rest.strip_prefix(')') {
            if !simple || d.hyphen || !(after.is_empty() || starts_ws(after)) {
                return None;
            }
            return Some(Cand {
                number: Number::Paren(d.levels[0].n),
                word: None,
                sep: Sep::Paren,
                text: after.trim().to_string(),
                start: 0,
                len: chars(&s[..d.len + 1]),
            });
        } else if depth >= 2 && !d.hyphen && (rest.is_empty() || rest.starts_with(' ')) {
            Sep::Space
        } else {
            return None;
        };
        let num_len = chars(&s[..d.len]);
        return Some(Cand {
            number: Number::Decimal(d.levels),
            word: None,
            sep,
            text: rest.trim().to_string(),
            start: 0,
            len: num_len,
        });
    }
    if let Some(c) = lettered(s) {
        return Some(c);
    }
    roman(s)
}

/// `а) текст`, also with a Latin look-alike letter.
fn lettered(s: &str) -> Option<Cand> {
    let mut it = s.char_indices();
    let (_, c) = it.next()?;
    let (i, p) = it.next()?;
    if p != ')' || !c.is_alphabetic() {
        return None;
    }
    let after = &s[i + 1..];
    if !(after.is_empty() || starts_ws(after)) {
        return None;
    }
    let letter = fold_letter(c)?;
    Some(Cand {
        number: Number::Letter(letter),
        word: None,
        sep: Sep::Paren,
        text: after.trim().to_string(),
        start: 0,
        len: 2,
    })
}

/// The characters a Roman section number may be typed with in a unit line (Latin and Cyrillic
/// look-alikes; `C`, `D`, `M` are left out: they are initials far more often than sections).
fn is_roman_char(c: char) -> bool {
    matches!(c, 'I' | 'V' | 'X' | 'L' | 'І' | 'Х')
}

/// `IV. Назва`, `IV<TAB>Назва`.
fn roman(s: &str) -> Option<Cand> {
    let end = s
        .char_indices()
        .find(|(_, c)| !is_roman_char(*c))
        .map_or(s.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    let value = parse_roman(&s[..end])?;
    let rest = &s[end..];
    let (sep, text) = if let Some(after) = rest.strip_prefix('.') {
        if !(after.is_empty() || starts_ws(after)) {
            return None;
        }
        (Sep::Dot, after)
    } else if rest.starts_with('\t') {
        (Sep::Tab, rest)
    } else {
        return None;
    };
    Some(Cand {
        number: Number::Roman(value),
        word: None,
        sep,
        text: text.trim().to_string(),
        start: 0,
        len: chars(&s[..end]),
    })
}

/// Whether a text may open a heading: an upper-case letter or an opening quote.
pub(super) fn starts_like_heading(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || matches!(c, '«' | '"' | '„' | '“'))
}

/// `Розділ II. Назва`, `РОЗДІЛ 2`, `Глава 1`, `Стаття 3.`, `Розділ 2 Назва` (a plain space only
/// before a text that opens like a heading: `Розділ 5 цього Регламенту …` is a sentence).
fn worded(s: &str) -> Option<Cand> {
    let word_end = s
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i);
    let word = &s[..word_end];
    let lower = word.to_lowercase();
    UNIT_WORDS.iter().find(|(w, _)| *w == lower)?;
    let after_word = &s[word_end..];
    let num_start = word_end + (after_word.len() - after_word.trim_start().len());
    if num_start == word_end {
        return None;
    }
    let rest = &s[num_start..];
    let (number, len, mut dot) = if let Some(d) = decimal(rest) {
        (Number::Decimal(d.levels), d.len, d.dot)
    } else {
        let end = rest
            .char_indices()
            .find(|(_, c)| !is_roman_char(*c))
            .map_or(rest.len(), |(i, _)| i);
        (Number::Roman(parse_roman(&rest[..end])?), end, false)
    };
    let mut after = &rest[len..];
    if !dot && let Some(a) = after.strip_prefix('.') {
        dot = true;
        after = a;
    }
    if !(after.is_empty() || starts_ws(after)) {
        return None;
    }
    let text = after.trim();
    if !dot && after.starts_with(' ') && !text.is_empty() && !starts_like_heading(text) {
        return None;
    }
    Some(Cand {
        number,
        word: Some(word.to_string()),
        sep: Sep::Word { dot },
        text: text.to_string(),
        start: 0,
        len: chars(&s[..num_start + len]),
    })
}

/// A table row's number: the first cell, a trailing dot accepted (`22.4.11.`), superscripts as
/// `6¹` or `6-1`. Labels and Roman numerals are accepted too.
pub(super) fn row_number(cell: &str) -> Option<Number> {
    let cell = cell.trim();
    if let Some(d) = decimal(cell) {
        if d.len == cell.len() {
            return Some(Number::Decimal(d.levels));
        }
        let label = d.len + 1 == cell.len() && cell.ends_with(')') && d.levels.len() == 1;
        return (label && d.levels[0].sup == 0 && !d.hyphen).then(|| Number::Paren(d.levels[0].n));
    }
    if let Some(c) = lettered(cell).filter(|c| c.text.is_empty()) {
        return Some(c.number);
    }
    let r = cell.strip_suffix('.').unwrap_or(cell);
    if r.is_empty() || !r.chars().all(is_roman_char) {
        return None;
    }
    parse_roman(r).map(Number::Roman)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(s: &str) -> Option<(String, Sep, String)> {
        match classify(s) {
            Line::Unit(c) => Some((c.number.to_string(), c.sep, c.text)),
            _ => None,
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(
            unit("5. Текст"),
            Some(("5".into(), Sep::Dot, "Текст".into()))
        );
        assert_eq!(
            unit("5.2.\tТекст"),
            Some(("5.2".into(), Sep::Dot, "Текст".into()))
        );
        assert_eq!(
            unit("5.2\tТекст"),
            Some(("5.2".into(), Sep::Tab, "Текст".into()))
        );
        assert_eq!(
            unit("5.2 Текст"),
            Some(("5.2".into(), Sep::Space, "Текст".into()))
        );
        assert_eq!(
            unit("6-1. Текст"),
            Some(("6¹".into(), Sep::Dot, "Текст".into()))
        );
        assert_eq!(
            unit("5.2-1. Т"),
            Some(("5.2¹".into(), Sep::Dot, "Т".into()))
        );
        assert_eq!(
            unit("6¹. Текст"),
            Some(("6¹".into(), Sep::Dot, "Текст".into()))
        );
        assert_eq!(
            unit("1) так"),
            Some(("1)".into(), Sep::Paren, "так".into()))
        );
        assert_eq!(
            unit("а) так"),
            Some(("а)".into(), Sep::Paren, "так".into()))
        );
        assert_eq!(
            unit("ІV. Назва"),
            Some(("IV".into(), Sep::Dot, "Назва".into()))
        );
        assert_eq!(unit("5.3."), Some(("5.3".into(), Sep::Dot, "".into())));
        assert_eq!(
            unit("РОЗДІЛ 2"),
            Some(("2".into(), Sep::Word { dot: false }, "".into()))
        );
        assert_eq!(
            unit("Розділ II. Назва"),
            Some(("II".into(), Sep::Word { dot: true }, "Назва".into()))
        );
        for text in [
            "5 днів",
            "5-7 днів",
            "2023 року",
            "5.Текст",
            "Розділ 5 цього Регламенту",
            "М. Кривий Ріг",
            "10:00",
            "1.5-2 км",
        ] {
            assert!(unit(text).is_none(), "{text}");
        }
        assert!(matches!(classify("04.12.2023 № 1460"), Line::Date(0)));
        assert!(matches!(classify("{Примітка}"), Line::Note(n) if n == "Примітка"));
        assert_eq!(
            row_number("22.4.11.").map(|n| n.to_string()).as_deref(),
            Some("22.4.11")
        );
        assert_eq!(row_number("№ з/п"), None);
    }
}
