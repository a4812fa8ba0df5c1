//! The lexer: an item's text → tokens (words, numbers, quotes, punctuation, dashes), with byte
//! offsets into the source text. Quotes come whole from the splitter's quote spans.

use super::diags::{self, Sink};
use super::split::QuoteSpan;
use super::vocab::{Class, fold_push, is_folded, is_letter, is_lower, is_upper};
use crate::ir::Quoted;
use std::borrow::Cow;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters, with inner apostrophes and hyphens (`е-сервісу`, `зв'язку`).
    Word,
    /// Digits with dots and superscripts (`22.4.11`, `5¹`, `22.03.2023`).
    Num,
    /// A quote: index into the lexer's quotes.
    Quote(usize),
    /// `, ; : . ( ) ! ?`
    Punct(char),
    /// `- – — −` and their odd relatives.
    Dash(char),
    /// Anything else (`№`, `/`, `§`).
    Sym(char),
}

/// One token. `low` is the folded word (lower case, apostrophes unified) or the number as
/// written; empty for other kinds. It borrows the vocabulary's copy of a word the vocabulary
/// knows, or the text when folding changes nothing; only other words are copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok<'a> {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub low: Cow<'a, str>,
    /// The word starts with a capital letter.
    pub cap: bool,
    /// Every letter of the word is a capital (`II`, `КМУ`).
    pub upper: bool,
    /// The vocabulary's reading of a word, looked up once here so that the grammar never
    /// hashes strings.
    pub class: Class,
}

impl Tok<'_> {
    /// The folded word or the number as written.
    pub fn low(&self) -> &str {
        &self.low
    }
}

/// A quote with its offsets.
#[derive(Clone, Debug)]
pub struct QuoteTok {
    pub quoted: Quoted,
    pub open: usize,
    pub end: usize,
}

/// Dashes accepted silently in ranges.
pub const DASHES: &str = "-–—−";
/// Dashes accepted with a warning.
pub const ODD_DASHES: &str = "‐‑‒―﹣－~";

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`' | '‘')
}

/// The length of the word at the start of `s`: a letter, then letters and digits, with single
/// hyphens or apostrophes between them (by hand: the lexer's hottest loop).
fn word_len(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let (_, c) = it.next()?;
    if !is_letter(c) {
        return None;
    }
    let mut end = c.len_utf8();
    let alnum = |c: char| is_letter(c) || c.is_ascii_digit();
    while let Some((i, c)) = it.next() {
        if alnum(c) {
            end = i + c.len_utf8();
        } else if c == '-' || is_apostrophe(c) {
            match it.next() {
                Some((j, d)) if alnum(d) => end = j + d.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    Some(end)
}

/// The length of the number at the start of `s`: digits and superscripts, with single stops
/// between groups of digits.
fn number_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|x| x.is_ascii_digit())
            .count()
    };
    let sups = |from: usize| {
        s.get(from..).map_or(0, |r| {
            r.chars()
                .take_while(|&c| is_sup(c))
                .map(char::len_utf8)
                .sum()
        })
    };
    let mut end = digits(0);
    if end == 0 {
        return None;
    }
    end += sups(end);
    while b.get(end) == Some(&b'.') {
        let d = digits(end + 1);
        if d == 0 {
            break;
        }
        end += 1 + d;
        end += sups(end);
    }
    Some(end)
}

fn is_sup(c: char) -> bool {
    crate::ir::number::superscript_value(c).is_some()
}

/// Lex the byte ranges of one item. `quotes` are the spans inside those ranges.
pub fn lex<'t>(
    text: &'t str,
    ranges: &[(usize, usize)],
    quotes: &[QuoteSpan],
    sink: &mut Sink,
) -> (Vec<Tok<'t>>, Vec<QuoteTok>) {
    // About one token per 8 bytes outside quotes.
    let total: usize = ranges.iter().map(|&(s, e)| e.saturating_sub(s)).sum();
    let in_quotes: usize = quotes.iter().map(|q| q.end.saturating_sub(q.open)).sum();
    let outside = total.saturating_sub(in_quotes);
    let mut toks = Vec::with_capacity(outside / 8 + quotes.len() + 1);
    let mut qs = Vec::new();
    let mut qi = 0usize;
    let mut buf = String::new();
    for &(start, end) in ranges {
        let mut pos = start;
        while pos < end {
            let Some(rest) = text.get(pos..end) else {
                break;
            };
            let Some(c) = rest.chars().next() else {
                break;
            };
            while qi < quotes.len() && quotes[qi].open < pos {
                qi += 1;
            }
            if qi < quotes.len() && quotes[qi].open == pos {
                let span = quotes[qi];
                qi += 1;
                let q = quoted(text, span, sink);
                toks.push(Tok {
                    kind: Kind::Quote(qs.len()),
                    start: pos,
                    end: span.end,
                    low: Cow::Borrowed(""),
                    cap: false,
                    upper: false,
                    class: Class::default(),
                });
                qs.push(QuoteTok {
                    quoted: q,
                    open: span.open,
                    end: span.end,
                });
                pos = span.end.max(pos + c.len_utf8());
                continue;
            }
            if c.is_whitespace() {
                pos += c.len_utf8();
                continue;
            }
            if let Some(w) = word_len(rest).and_then(|n| rest.get(..n)) {
                let unchanged = is_folded(w);
                let folded = if unchanged {
                    w
                } else {
                    buf.clear();
                    fold_push(w, &mut buf);
                    buf.as_str()
                };
                let (low, class) = match Class::known(folded) {
                    Some((k, class)) => (Cow::Borrowed(k), class),
                    None if unchanged => (Cow::Borrowed(w), Class::default()),
                    None => (Cow::Owned(folded.to_string()), Class::default()),
                };
                toks.push(Tok {
                    kind: Kind::Word,
                    start: pos,
                    end: pos + w.len(),
                    class,
                    low,
                    cap: is_upper(c),
                    upper: w.chars().all(|c| !is_lower(c)),
                });
                pos += w.len();
                continue;
            }
            if let Some(n) = number_len(rest).and_then(|n| rest.get(..n)) {
                toks.push(Tok {
                    kind: Kind::Num,
                    start: pos,
                    end: pos + n.len(),
                    low: Cow::Borrowed(n),
                    cap: false,
                    upper: false,
                    class: Class::default(),
                });
                pos += n.len();
                continue;
            }
            let kind = if ",;:.()!?".contains(c) {
                Kind::Punct(c)
            } else if DASHES.contains(c) || ODD_DASHES.contains(c) {
                Kind::Dash(c)
            } else {
                Kind::Sym(c)
            };
            toks.push(Tok {
                kind,
                start: pos,
                end: pos + c.len_utf8(),
                low: Cow::Borrowed(""),
                cap: false,
                upper: false,
                class: Class::default(),
            });
            pos += c.len_utf8();
        }
    }
    (toks, qs)
}

/// The content of a quote: between the outermost quotes, nested quotes kept, lines trimmed and
/// joined by `\n` (blank lines dropped), runs of spaces folded to one with a warning per line.
fn quoted(text: &str, span: QuoteSpan, sink: &mut Sink) -> Quoted {
    let open_len = text[span.open..].chars().next().map_or(1, char::len_utf8);
    let inner_start = span.open + open_len;
    let inner_end = span.close.unwrap_or(span.end).max(inner_start);
    let inner = text.get(inner_start..inner_end).unwrap_or("");
    let mut out = String::with_capacity(inner.len());
    let mut off = inner_start;
    for line in inner.split('\n') {
        let line_start = off;
        off += line.len() + 1;
        let lead = line.len() - line.trim_start().len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut runs = 0usize;
        let mut first_run: Option<(usize, usize)> = None;
        let base = line_start + lead;
        // Copy the text between runs of spaces (` ` and no-break spaces, C2 A0) whole.
        let tb = t.as_bytes();
        let space_at = |i: usize| match tb.get(i) {
            Some(b' ') => 1,
            Some(0xC2) if tb.get(i + 1) == Some(&0xA0) => 2,
            _ => 0,
        };
        let mut seg = 0usize;
        let mut i = 0usize;
        loop {
            i = super::split::find_any(tb, i, &[b' ', 0xC2]);
            if i >= tb.len() {
                break;
            }
            if space_at(i) == 0 {
                i += 1;
                continue;
            }
            out.push_str(t.get(seg..i).unwrap_or(""));
            out.push(' ');
            let s = i;
            let mut chars = 0usize;
            while let w @ 1.. = space_at(i) {
                i += w;
                chars += 1;
            }
            if i < tb.len() && chars > 1 {
                runs += 1;
                if first_run.is_none() {
                    first_run = Some((base + s, base + i));
                }
            }
            seg = i;
        }
        out.push_str(t.get(seg..).unwrap_or(""));
        if let Some((s, e)) = first_run {
            sink.push(diags::space_runs(s, e, runs));
        }
    }
    let (line, column) = sink.line_col(span.open);
    let end_line = sink.line_no(span.close.unwrap_or(span.end.saturating_sub(1)));
    Quoted {
        text: out,
        line,
        column,
        end_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nom::{
        IResult, Parser,
        bytes::complete::{take_while, take_while1},
        character::complete::satisfy,
        combinator::recognize,
        multi::many0,
        sequence::preceded,
    };

    type R<'a, O> = IResult<&'a str, O>;

    // The recognisers the scanners replaced, kept as their specification.
    fn word(i: &str) -> R<'_, &str> {
        recognize((
            satisfy(is_letter),
            take_while(|c: char| is_letter(c) || c.is_ascii_digit()),
            many0(preceded(
                satisfy(|c| c == '-' || is_apostrophe(c)),
                take_while1(|c: char| is_letter(c) || c.is_ascii_digit()),
            )),
        ))
        .parse_complete(i)
    }

    fn number(i: &str) -> R<'_, &str> {
        recognize((
            take_while1(|c: char| c.is_ascii_digit()),
            take_while(is_sup),
            many0((
                satisfy(|c| c == '.'),
                take_while1(|c: char| c.is_ascii_digit()),
                take_while(is_sup),
            )),
        ))
        .parse_complete(i)
    }

    /// The hand-written scanners read what the nom recognisers read.
    #[test]
    fn scanners_agree_with_nom() {
        let pieces = [
            "а", "Б", "z", "1", "23", "¹", "²", ".", "-", "'", "’", "–", " ", "є", "ї", "\u{301}",
            "№", "«", "x1", "..", "5¹", "ʼ", "`",
        ];
        let mut n = 0u64;
        let mut check = |s: &str| {
            let a = word_len(s);
            let b = word(s).ok().map(|(r, w)| {
                assert_eq!(r.len() + w.len(), s.len());
                w.len()
            });
            assert_eq!(a, b, "word {s:?}");
            let a = number_len(s);
            let b = number(s).ok().map(|(_, w)| w.len());
            assert_eq!(a, b, "number {s:?}");
            n += 1;
        };
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        check(&format!("{a}{b}{c}{d}"));
                    }
                }
            }
        }
        assert!(n > 0);
    }
}
