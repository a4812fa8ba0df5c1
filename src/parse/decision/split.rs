//! Lines → paragraphs: item labels, quotes that span lines, export debris, in one linear pass.
//!
//! A paragraph is one line of the text, extended over the following lines while a quote is
//! open. Quote nesting is counted with a loop (never recursion), so any depth is fine. A quote
//! still open when a line starts with the next plausible item label (or at the end of the
//! text) is unbalanced: an error at its opening quote, and the quote is taken to end where the
//! paragraph ends.

use super::diags::{self, Sink};
use nom::{
    IResult, Parser,
    bytes::complete::take_while1,
    character::complete::{char as ch, digit1, satisfy},
    combinator::{opt, recognize},
    multi::many0,
    sequence::preceded,
};
use std::fmt::Write as _;

/// An item label as the decision writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    /// `1.`, `1.1`, `1.1.2.2` (with or without the final dot).
    Decimal(Vec<u32>),
    /// `1)`
    Paren(u32),
    /// `а)` (Latin look-alikes folded).
    Letter(char),
}

impl Label {
    /// The label as shown in instructions (`1.1.2.2`, `3)`, `б)`), without its parents.
    pub fn own(&self) -> String {
        match self {
            Label::Decimal(l) => {
                let mut out = String::with_capacity(l.len() * 3);
                for (i, n) in l.iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    let _ = write!(out, "{n}");
                }
                out
            }
            Label::Paren(n) => format!("{n})"),
            Label::Letter(c) => format!("{c})"),
        }
    }
}

/// One outermost quote: the offsets of its opening quote, of its closing quote (None when
/// unbalanced) and the end of the region it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteSpan {
    pub open: usize,
    pub close: Option<usize>,
    /// Exclusive end: after the closing quote, or the paragraph's end when unbalanced.
    pub end: usize,
}

/// One paragraph of the decision.
#[derive(Clone, Debug)]
pub struct Para {
    /// Byte offsets into the source text: the paragraph's first character (after indentation)
    /// and its end (excluding the final newline and trailing whitespace).
    pub start: usize,
    pub end: usize,
    /// Where the text after the label starts.
    pub body: usize,
    /// The 0-based index of its first line.
    pub line: usize,
    pub label: Option<Label>,
    pub quotes: Vec<QuoteSpan>,
    /// `⌐`, `_961228874.unknown` and the like: skipped silently.
    pub debris: bool,
}

impl Para {
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or("")
    }
    pub fn body_text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.body..self.end).unwrap_or("")
    }
}

type R<'a, O> = IResult<&'a str, O>;

fn level(i: &str) -> R<'_, u32> {
    let (rest, d) = digit1(i)?;
    if d.len() > 3 || (d.len() > 1 && d.starts_with('0')) {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        )));
    }
    Ok((rest, d.parse().unwrap_or(0)))
}

fn decimal(i: &str) -> R<'_, Label> {
    let (rest, (first, more, dot)) =
        (level, many0(preceded(ch('.'), level)), opt(ch('.'))).parse_complete(i)?;
    if more.is_empty() && dot.is_none() {
        // `5 …` alone is not a label (years, counts); `5.` and `5.1` are.
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    let mut levels = vec![first];
    levels.extend(more);
    Ok((rest, Label::Decimal(levels)))
}

fn paren(i: &str) -> R<'_, Label> {
    let (rest, n) = level(i)?;
    let (rest, _) = ch(')')(rest)?;
    Ok((rest, Label::Paren(n)))
}

fn letter(i: &str) -> R<'_, Label> {
    let (rest, c) = satisfy(|c| crate::ir::number::fold_letter(c).is_some())(i)?;
    let (rest, _) = ch(')')(rest)?;
    Ok((
        rest,
        Label::Letter(crate::ir::number::fold_letter(c).unwrap_or(c)),
    ))
}

/// An item label at the start of a line, followed by whitespace and text.
pub fn label(line: &str) -> Option<(Label, usize)> {
    // Quick test: a label starts with a digit, or is a letter followed by `)`.
    let mut cs = line.chars();
    match cs.next() {
        Some(c) if c.is_ascii_digit() => {}
        Some(_) if cs.next() == Some(')') => {}
        _ => return None,
    }
    let parsed: R<'_, (Label, &str)> = (
        nom::branch::alt((paren, decimal, letter)),
        recognize(take_while1(|c: char| {
            c == ' ' || c == '\t' || c == '\u{a0}'
        })),
    )
        .parse_complete(line);
    let (rest, (label, _)) = parsed.ok()?;
    rest.chars().next()?;
    Some((label, line.len() - rest.len()))
}

/// Could `next` follow `prev` in a decision's item sequence? (The next sibling of `prev` or of
/// one of its ancestors, or its first child.)
pub fn plausible(prev: Option<&Label>, next: &Label) -> bool {
    match (prev, next) {
        (None, Label::Decimal(l)) => l.iter().all(|&x| x == 1),
        (None, Label::Paren(n)) => *n == 1,
        (None, Label::Letter(c)) => *c == 'а',
        (Some(Label::Decimal(p)), Label::Decimal(n)) => {
            if n.len() == p.len() + 1 && n[..p.len()] == p[..] && n[p.len()] == 1 {
                return true;
            }
            (1..=p.len())
                .any(|k| n.len() == k && n[..k - 1] == p[..k - 1] && n[k - 1] == p[k - 1] + 1)
        }
        (Some(Label::Decimal(_)), Label::Paren(n)) => *n == 1,
        (Some(Label::Decimal(_)), Label::Letter(c)) => *c == 'а',
        (Some(Label::Paren(p)), Label::Paren(n)) => *n == p + 1,
        (Some(Label::Paren(_)), Label::Letter(c)) => *c == 'а',
        (Some(Label::Paren(_)), Label::Decimal(_)) => true,
        (Some(Label::Letter(p)), Label::Letter(n)) => next_letters(*p).contains(n),
        (Some(Label::Letter(_)), _) => true,
    }
}

/// The letters that may follow `c`: the next one in the full alphabet, and in the sequence
/// that skips ґ є з і ї й о ч ь.
pub fn next_letters(c: char) -> Vec<char> {
    const FULL: &str = crate::ir::number::UK_ALPHABET;
    const SKIP: &str = "ґєзіїйочь";
    let mut out = Vec::new();
    let letters: Vec<char> = FULL.chars().collect();
    if let Some(i) = letters.iter().position(|&x| x == c) {
        if let Some(&n) = letters.get(i + 1) {
            out.push(n);
        }
        if let Some(&n) = letters[i + 1..].iter().find(|x| !SKIP.contains(**x)) {
            out.push(n);
        }
    }
    out
}

/// Export debris: a placeholder of an embedded object, or a line of symbols only.
pub fn is_debris(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if let Some(stem) = t.strip_suffix(".unknown") {
        return stem.starts_with('_') && stem[1..].chars().all(|c| c.is_ascii_digit());
    }
    !t.chars()
        .any(|c| super::vocab::is_alnum(c) || "«»„“”\"'".contains(c))
}

/// The index of the first byte at or after `from` that is one of `needles` (`hay.len()` if
/// none), eight bytes at a time: a byte equal to a needle is a zero byte of the word XOR the
/// needle repeated, and the lowest flagged byte of the classic zero-byte test is exact.
pub fn find_any<const N: usize>(hay: &[u8], from: usize, needles: &[u8; N]) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = hay.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let x = u64::from_le_bytes(w);
        let mut m = 0;
        for &n in needles {
            let y = x ^ (LO * u64::from(n));
            m |= y.wrapping_sub(LO) & !y & HI;
        }
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(b) = hay.get(i) {
        if needles.contains(b) {
            return i;
        }
        i += 1;
    }
    hay.len().max(from)
}

/// What closes a quote opened by `open`, and whether `c` opens another of the same kind.
fn closer(open: char) -> (char, char, char) {
    match open {
        '«' => ('«', '»', '»'),
        '„' => ('„', '“', '”'),
        '“' => ('“', '”', '”'),
        _ => ('"', '"', '"'),
    }
}

pub fn is_open_quote(c: char) -> bool {
    matches!(c, '«' | '„' | '“' | '"')
}

struct Open {
    at: usize,
    kind: char,
    depth: usize,
}

/// Split the text into paragraphs. Quote errors go to `sink`.
pub fn paragraphs(text: &str, sink: &mut Sink) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::with_capacity(text.len() / 64 + 1);
    let mut open: Option<Open> = None;
    let mut last_label: Option<Label> = None;
    let mut pos = 0usize;
    let mut line_idx = 0usize;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |p| pos + p);
        let line = &text[pos..line_end];
        let continuing = open.is_some() && !paras.is_empty();
        let lab = label(line.trim_start());
        let mut new_para = !continuing;
        if continuing
            && let Some((l, _)) = &lab
            && plausible(last_label.as_ref(), l)
        {
            // The quote never closed: it ends with the paragraph before this line.
            if let (Some(o), Some(p)) = (open.take(), paras.last_mut()) {
                sink.push(diags::unbalanced_quote(o.at));
                p.quotes.push(QuoteSpan {
                    open: o.at,
                    close: None,
                    end: p.end,
                });
            }
            new_para = true;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if new_para {
            if trimmed.trim().is_empty() {
                pos = line_end + 1;
                line_idx += 1;
                continue;
            }
            let start = pos + indent;
            let (label, body) = match &lab {
                Some((l, n)) => (Some(l.clone()), start + n),
                None => (None, start),
            };
            if let Some(l) = &label {
                last_label = Some(l.clone());
            }
            paras.push(Para {
                start,
                end: pos + line.trim_end().len(),
                body,
                line: line_idx,
                label,
                quotes: Vec::new(),
                debris: is_debris(line),
            });
        } else if let Some(p) = paras.last_mut() {
            let end = pos + line.trim_end().len();
            if end > p.end {
                p.end = end;
            }
        }
        // Scan the line for quotes: only `"` and the lead bytes 0xC2 (`«»`) and 0xE2 (`„“”`)
        // can start one, so other bytes are skipped without decoding.
        let scan_from = if new_para { pos + indent } else { pos };
        let bytes = text.as_bytes();
        let mut k = scan_from;
        let line_bytes = bytes.get(..line_end).unwrap_or(bytes);
        loop {
            k = find_any(line_bytes, k, &[b'"', 0xC2, 0xE2]);
            if k >= line_end {
                break;
            }
            let Some(c) = text.get(k..).and_then(|r| r.chars().next()) else {
                k += 1;
                continue;
            };
            let at = k;
            k += c.len_utf8();
            match &mut open {
                None => {
                    if is_open_quote(c) {
                        open = Some(Open {
                            at,
                            kind: c,
                            depth: 1,
                        });
                    }
                }
                Some(o) => {
                    let (again, close_a, close_b) = closer(o.kind);
                    if c == close_a || c == close_b {
                        if o.kind == '"' || o.depth == 1 {
                            let span = QuoteSpan {
                                open: o.at,
                                close: Some(at),
                                end: at + c.len_utf8(),
                            };
                            if let Some(p) = paras.last_mut() {
                                p.quotes.push(span);
                            }
                            open = None;
                        } else {
                            o.depth -= 1;
                        }
                    } else if c == again {
                        o.depth += 1;
                    }
                }
            }
        }
        if let Some(p) = paras.last_mut()
            && open.is_none()
        {
            p.end = p.end.max(pos + line.trim_end().len());
        }
        if line_end >= text.len() {
            break;
        }
        pos = line_end + 1;
        line_idx += 1;
    }
    if let (Some(o), Some(p)) = (open.take(), paras.last_mut()) {
        sink.push(diags::unbalanced_quote(o.at));
        p.quotes.push(QuoteSpan {
            open: o.at,
            close: None,
            end: p.end,
        });
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            label("1.1.2.2 пункти"),
            Some((Label::Decimal(vec![1, 1, 2, 2]), 8))
        );
        assert_eq!(
            label("1. Унести").map(|l| l.0),
            Some(Label::Decimal(vec![1]))
        );
        assert_eq!(
            label("1.2. у").map(|l| l.0),
            Some(Label::Decimal(vec![1, 2]))
        );
        assert_eq!(label("2) а").map(|l| l.0), Some(Label::Paren(2)));
        assert_eq!(label("a) б").map(|l| l.0), Some(Label::Letter('а')));
        assert_eq!(label("2023 року"), None);
        assert_eq!(label("04.12.2023"), None);
        assert_eq!(label("1.1"), None);
    }

    #[test]
    fn sequences() {
        let d = |v: &[u32]| Label::Decimal(v.to_vec());
        assert!(plausible(Some(&d(&[1, 1, 2, 2])), &d(&[1, 1, 3])));
        assert!(plausible(Some(&d(&[1, 1, 2])), &d(&[1, 1, 2, 1])));
        assert!(!plausible(Some(&d(&[1, 1, 2, 2])), &d(&[5, 3])));
        assert!(next_letters('в').contains(&'г'));
        assert!(next_letters('д').contains(&'е'));
        assert!(next_letters('и').contains(&'к'));
        assert!(next_letters('и').contains(&'і'));
    }

    #[test]
    fn finds_bytes() {
        let hay: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for from in 0..hay.len() + 2 {
            for needles in [[0u8, 1, 2], [b'"', 0xC2, 0xE2], [255, 128, 7]] {
                let naive = (from..hay.len())
                    .find(|&i| needles.contains(&hay[i]))
                    .unwrap_or(hay.len().max(from));
                assert_eq!(find_any(&hay, from, &needles), naive, "{from} {needles:?}");
            }
        }
    }

    #[test]
    fn debris() {
        assert!(is_debris("⌐          "));
        assert!(is_debris("_961228874.unknown"));
        assert!(!is_debris("Копія"));
    }
}
