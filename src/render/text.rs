//! The canonical text format of a document (contract.md), written from an edition.
//!
//! What [`text`] writes, [`crate::parse::document`] reads back into the same edition (ids
//! aside), and writing that again gives the same bytes. Canonical choices:
//! - the title block's lines, then the document-wide notes `{…}`, then one blank line before the
//!   body (none when there is no title block and no note);
//! - a text document: one blank line before every top-level unit (a section), no other blank
//!   lines; unit lines `5.2. Текст`, `IV. Назва`, `Розділ II. Назва` (the word as the unit was
//!   written, always followed by the number and a dot), `1) текст`, `а) текст`; a unit without
//!   text is its number alone (`5.3.`);
//! - a table: the header row (columns joined by TAB), the `1<TAB>2<TAB>…` line when the source
//!   had one, then one line per row: the number without a trailing dot (a row read from a worded
//!   line keeps its word: `Розділ 2.`), a TAB, the cells; no blank lines between rows;
//! - further paragraphs each on their own line after the unit's line, then the unit's notes
//!   `{…}`, then its children;
//! - `\n` line ends; the output ends with exactly one `\n` (an edition with nothing in it is the
//!   empty string).
//!
//! What the format cannot carry (an edition built by other means with these is written as
//! faithfully as the format allows): blank or padded paragraphs and title lines (lines are
//! trimmed, blank lines dropped), a lone empty `paras[0]` (reads as no paragraph), a further
//! paragraph that itself looks like a unit line or a note (`5.4. …` where `5.4` would continue the
//! numbering, `{…}`), line breaks inside paragraphs or notes, a row with a single empty cell, and
//! tables with fewer than three columns or a number-like first column title.

use crate::ir::{Edition, Number, Unit};

/// Write an edition in the contract's text format.
pub fn text(edition: &Edition) -> String {
    let mut lines: Vec<String> = edition.title.clone();
    lines.extend(edition.notes.iter().map(|n| format!("{{{n}}}")));
    let mut blank_before_body = !lines.is_empty();
    if let Some(table) = &edition.table {
        if blank_before_body {
            lines.push(String::new());
        }
        lines.push(table.columns.join("\t"));
        if table.numbered_columns {
            let numbers: Vec<String> = (1..=table.columns.len()).map(|i| i.to_string()).collect();
            lines.push(numbers.join("\t"));
        }
        for u in &edition.units {
            let head = u.head();
            let number = match &u.word {
                Some(w) => format!("{w} {}.", u.number),
                None => u.number.to_string(),
            };
            lines.push(if head.is_empty() {
                number
            } else {
                format!("{number}\t{head}")
            });
            rest_of_unit(u, &mut lines);
        }
    } else {
        for u in &edition.units {
            if u.parent.is_none() && blank_before_body {
                lines.push(String::new());
            }
            blank_before_body = true;
            lines.push(unit_line(u));
            rest_of_unit(u, &mut lines);
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The line a unit of a text document starts with.
fn unit_line(u: &Unit) -> String {
    let head = u.head();
    let mut line = match (&u.word, &u.number) {
        (Some(w), n) => format!("{w} {n}."),
        (None, n @ (Number::Paren(_) | Number::Letter(_))) => n.to_string(),
        (None, n) => format!("{n}."),
    };
    if !head.is_empty() {
        line.push(' ');
        line.push_str(head);
    }
    line
}

/// A unit's further paragraphs and its notes.
fn rest_of_unit(u: &Unit, lines: &mut Vec<String>) {
    lines.extend(u.paras.iter().skip(1).cloned());
    lines.extend(u.notes.iter().map(|n| format!("{{{n}}}")));
}
