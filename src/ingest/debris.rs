//! Export debris: what word processors leave in text exports that is not content.
//!
//! - An embedded-object placeholder: a line that is, after trimming, `_` + digits +
//!   `.unknown` (`_961228874.unknown`). The line is blanked.
//! - The `⌐` corner mark (U+2310) some exports leave where a frame or a stamp was. The
//!   character is removed; when that leaves the line blank (whitespace only), the line is
//!   blanked.
//! - C0 control characters other than TAB (form feeds, page and section marks). They are
//!   removed; a vertical tab (U+000B, how Word writes a manual line break) becomes a space, as
//!   `w:br` does in DOCX.
//!
//! Lines are blanked, never deleted, so text line `i` stays original line `line_map[i]`. Each
//! removal is recorded as a [`Dropped`] with the original line and what was removed: the
//! placeholder itself, `⌐`, or the control character as `U+000C`; a count `×N` follows when
//! one line had several.

use crate::ir::Dropped;

/// The corner mark.
const CORNER: char = '\u{2310}';

/// Remove debris from `text`, recording it in `dropped`. `line_map` gives each line's original
/// number. Copies only when something is removed.
pub(super) fn clean(text: String, line_map: &[u32], dropped: &mut Vec<Dropped>) -> String {
    if !has_debris(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let orig = line_map.get(i).copied().unwrap_or(i as u32 + 1);
        if line_has_debris(line) {
            clean_line(line, orig, &mut out, dropped);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A fast whole-text check: any control byte other than TAB and LF, any `⌐`, any `.unknown`.
fn has_debris(text: &str) -> bool {
    has_controls(text.as_bytes()) || text.contains(CORNER) || text.contains(".unknown")
}

fn has_controls(bytes: &[u8]) -> bool {
    // Branch-free per chunk so that the compiler vectorises it.
    bytes.chunks(256).any(|chunk| {
        chunk.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\t') & (b != b'\n'))
        })
    })
}

fn line_has_debris(line: &str) -> bool {
    has_controls(line.as_bytes()) || line.contains(CORNER) || is_placeholder(line.trim())
}

/// `_961228874.unknown`: an underscore, digits, `.unknown`.
fn is_placeholder(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('_') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && rest
            .get(digits..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(".unknown"))
}

fn clean_line(line: &str, orig: u32, out: &mut String, dropped: &mut Vec<Dropped>) {
    // What was removed, in order of first appearance, with counts.
    let mut removed: Vec<(char, usize)> = Vec::new();
    let mut kept = String::with_capacity(line.len());
    for c in line.chars() {
        let debris = c == CORNER || (c < ' ' && c != '\t');
        if debris {
            match removed.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => removed.push((c, 1)),
            }
            if c == '\u{0B}' {
                kept.push(' ');
            }
        } else {
            kept.push(c);
        }
    }
    for (c, n) in removed {
        let what = if c == CORNER {
            c.to_string()
        } else {
            format!("U+{:04X}", u32::from(c))
        };
        let what = if n > 1 { format!("{what} ×{n}") } else { what };
        dropped.push(Dropped { line: orig, what });
    }
    let trimmed = kept.trim();
    if is_placeholder(trimmed) {
        dropped.push(Dropped {
            line: orig,
            what: trimmed.to_string(),
        });
        return;
    }
    if trimmed.is_empty() && !line.trim().is_empty() {
        // The line held only debris: blank it, trailing spaces and all.
        return;
    }
    out.push_str(&kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<String>) {
        let n = text.split('\n').count() as u32;
        let map: Vec<u32> = (1..=n).collect();
        let mut dropped = Vec::new();
        let out = clean(text.to_string(), &map, &mut dropped);
        let d = dropped
            .into_iter()
            .map(|d| format!("{}: {}", d.line, d.what))
            .collect();
        (out, d)
    }

    #[test]
    fn placeholders_and_corner_marks_are_blanked() {
        let (out, d) = run("a\n_961228874.unknown\n⌐     \nb⌐c\n  _1.unknown  \n_x.unknown");
        assert_eq!(out, "a\n\n\nbc\n\n_x.unknown");
        assert_eq!(
            d,
            ["2: _961228874.unknown", "3: ⌐", "4: ⌐", "5: _1.unknown"]
        );
    }

    #[test]
    fn controls_are_removed_and_vertical_tab_is_a_space() {
        let (out, d) = run("\u{0C}a\u{0B}b\u{07}\u{07}\tc\n\u{0C}_5.unknown");
        assert_eq!(out, "a b\tc\n");
        assert_eq!(
            d,
            [
                "1: U+000C",
                "1: U+000B",
                "1: U+0007 ×2",
                "2: U+000C",
                "2: _5.unknown"
            ]
        );
    }

    #[test]
    fn clean_text_is_untouched() {
        let (out, d) = run("1.\tТекст   \n\nunknown _1.unknownx");
        assert_eq!(out, "1.\tТекст   \n\nunknown _1.unknownx");
        assert!(d.is_empty());
    }
}
