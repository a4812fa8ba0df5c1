//! Markdown of an edition: the title as `#`, the edition line in italics, sections as `##`
//! headings, every other unit a paragraph starting with its bold number, further абзаци as
//! paragraphs, notes in italics in braces, tables as Markdown tables (pipes escaped; a heading
//! row's text in bold).

use super::label;
use crate::ir::{Edition, UnitKind};

/// Escape Markdown's inline syntax (`\\ * _ ` [ ] < > | # &`).
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape a paragraph: inline syntax, and a line start that would read as a list item.
pub fn escape(s: &str) -> String {
    let mut out = escape_inline(s);
    // A paragraph that begins like a list item or a numbered list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let mut after = out[digits..].chars();
    let marker = matches!(after.next(), Some('.') | Some(')'));
    if digits > 0 && marker && matches!(after.next(), None | Some(' ')) {
        out.insert(digits, '\\');
    } else if out.starts_with("- ") || out.starts_with("+ ") || out.starts_with("= ") {
        out.insert(0, '\\');
    }
    out
}

fn note(n: &str) -> String {
    format!("*{{{}}}*", escape(n))
}

/// The Markdown of an edition.
pub fn markdown(e: &Edition) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", escape(&e.title_line())));
    out.push_str(&format!("*{}*\n\n", escape(&label::edition_caption(e))));
    let title_line = e.title_line();
    for line in &e.title {
        let line = line.trim();
        if !line.is_empty() && !title_line.contains(line) {
            out.push_str(&format!("{}  \n", escape(line)));
        }
    }
    if e.title
        .iter()
        .any(|l| !l.trim().is_empty() && !title_line.contains(l.trim()))
    {
        out.push('\n');
    }
    for n in &e.notes {
        out.push_str(&format!("{}\n\n", note(n)));
    }
    if let Some(t) = &e.table {
        table(e, &t.columns, &mut out);
        return out;
    }
    for u in &e.units {
        let num = escape_inline(&label::num_label(u));
        match u.kind {
            UnitKind::Section | UnitKind::HeadingRow => {
                out.push_str(&format!("## {} {}\n\n", num, escape(u.head())));
            }
            _ => {
                if u.paras.is_empty() {
                    out.push_str(&format!("**{num}**\n\n"));
                } else {
                    out.push_str(&format!("**{num}** {}\n\n", escape(u.head())));
                }
            }
        }
        for p in u.paras.iter().skip(1) {
            out.push_str(&format!("{}\n\n", escape(p)));
        }
        for n in &u.notes {
            out.push_str(&format!("{}\n\n", note(n)));
        }
    }
    out
}

fn table(e: &Edition, columns: &[String], out: &mut String) {
    let width = columns
        .len()
        .max(
            e.units
                .iter()
                .map(|u| u.cells().len() + 1)
                .max()
                .unwrap_or(1),
        )
        .max(2);
    let mut header: Vec<String> = columns.iter().map(|c| escape_inline(c)).collect();
    header.resize(width, String::new());
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(width)));
    for u in &e.units {
        let mut cells = vec![escape_inline(&u.number.to_string())];
        if u.kind == UnitKind::HeadingRow {
            cells.push(format!("**{}**", escape_inline(u.head())));
        } else {
            cells.extend(u.cells().iter().map(|c| escape_inline(c)));
        }
        if let Some(last) = cells.last_mut() {
            for n in &u.notes {
                last.push_str(&format!(" *{{{}}}*", escape_inline(n)));
            }
        }
        cells.resize(width, String::new());
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}
