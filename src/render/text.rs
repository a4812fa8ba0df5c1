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
    use std::fmt::Write;
    // Every line is written followed by a newline, straight into one buffer.
    let mut out = String::with_capacity(
        edition
            .units
            .iter()
            .map(|u| u.paras.iter().map(|p| p.len() + 1).sum::<usize>() + 16)
            .sum(),
    );
    for l in &edition.title {
        out.push_str(l);
        out.push('\n');
    }
    for n in &edition.notes {
        let _ = writeln!(out, "{{{n}}}");
    }
    let mut blank_before_body = !out.is_empty();
    if let Some(table) = &edition.table {
        if blank_before_body {
            out.push('\n');
        }
        out.push_str(&table.columns.join("\t"));
        out.push('\n');
        if table.numbered_columns {
            for i in 1..=table.columns.len() {
                if i > 1 {
                    out.push('\t');
                }
                let _ = write!(out, "{i}");
            }
            out.push('\n');
        }
        for u in &edition.units {
            let head = u.head();
            let _ = match &u.word {
                Some(w) => write!(out, "{w} {}.", u.number),
                None => write!(out, "{}", u.number),
            };
            if !head.is_empty() {
                out.push('\t');
                out.push_str(head);
            }
            out.push('\n');
            rest_of_unit(u, &mut out);
        }
    } else {
        for u in &edition.units {
            if u.parent.is_none() && blank_before_body {
                out.push('\n');
            }
            blank_before_body = true;
            unit_line(u, &mut out);
            out.push('\n');
            rest_of_unit(u, &mut out);
        }
    }
    out
}

fn unit_line(u: &Unit, out: &mut String) {
    use std::fmt::Write;
    let head = u.head();
    let _ = match (&u.word, &u.number) {
        (Some(w), n) => write!(out, "{w} {n}."),
        (None, n @ (Number::Paren(_) | Number::Letter(_))) => write!(out, "{n}"),
        (None, n) => write!(out, "{n}."),
    };
    if !head.is_empty() {
        out.push(' ');
        out.push_str(head);
    }
}

fn rest_of_unit(u: &Unit, out: &mut String) {
    for p in u.paras.iter().skip(1) {
        out.push_str(p);
        out.push('\n');
    }
    for n in &u.notes {
        out.push('{');
        out.push_str(n);
        out.push_str("}\n");
    }
}
