//! The comparative table (порівняльна таблиця) of a decision on one document, as drafters make
//! it: «Чинна редакція» | «Редакція з урахуванням змін», one row per changed unit (renumbered
//! ones included), removed words bold and struck through in the old column, added words bold in
//! the new column, a «…» row for every stretch of unchanged units, «Положення відсутнє» for a new
//! unit and «Виключити» for a deleted one. [`rows`] is shared with the DOCX writer.

use super::diff::{self, DiffContext, Pair, Seg, Status};
use super::label;
use crate::ir::Edition;
use askama::Template;

/// The old column's title.
pub const OLD_TITLE: &str = "Чинна редакція";
/// The new column's title.
pub const NEW_TITLE: &str = "Редакція з урахуванням змін";
/// What the old column says for a new unit.
pub const ABSENT: &str = "Положення відсутнє";
/// What the new column says for a deleted unit.
pub const DELETE: &str = "Виключити";

/// A run of text in a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub strike: bool,
    /// A cell boundary of a table row (TAB) before nothing else: rendered as a separator.
    pub tab: bool,
    /// A paragraph boundary inside the unit.
    pub br: bool,
}

/// One row of the comparative table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// Unchanged units left out.
    Elided,
    Unit {
        old: Vec<Run>,
        new: Vec<Run>,
    },
}

impl Row {
    pub fn elided(&self) -> bool {
        matches!(self, Row::Elided)
    }

    pub fn old_runs(&self) -> &[Run] {
        match self {
            Row::Unit { old, .. } => old,
            Row::Elided => &[],
        }
    }

    pub fn new_runs(&self) -> &[Run] {
        match self {
            Row::Unit { new, .. } => new,
            Row::Elided => &[],
        }
    }
}

fn push(out: &mut Vec<Run>, text: &str, bold: bool, strike: bool) {
    let mut cur = String::new();
    let flush = |out: &mut Vec<Run>, cur: &mut String| {
        if !cur.is_empty() {
            out.push(Run {
                text: std::mem::take(cur),
                bold,
                strike,
                tab: false,
                br: false,
            });
        }
    };
    for c in text.chars() {
        if c == '\t' || c == '\n' {
            flush(out, &mut cur);
            out.push(Run {
                text: String::new(),
                bold: false,
                strike: false,
                tab: c == '\t',
                br: c == '\n',
            });
        } else {
            cur.push(c);
        }
    }
    flush(out, &mut cur);
}

fn row(p: &Pair) -> Row {
    let mut old = Vec::new();
    let mut new = Vec::new();
    let old_text = p.old.map(diff::unit_text).unwrap_or_default();
    let new_text = p.new.map(diff::unit_text).unwrap_or_default();
    match (p.status, p.old, p.new) {
        (Status::Inserted, _, Some(n)) => {
            push(&mut old, ABSENT, false, false);
            push(&mut new, &format!("{} ", label::num_label(n)), true, false);
            push(&mut new, &new_text, true, false);
        }
        (Status::Deleted, Some(o), _) => {
            push(&mut old, &format!("{} ", label::num_label(o)), true, true);
            push(&mut old, &old_text, true, true);
            push(&mut new, DELETE, false, false);
        }
        (_, Some(o), Some(n)) => {
            let renumbered = o.number != n.number || o.word != n.word;
            push(&mut old, &label::num_label(o), renumbered, renumbered);
            push(&mut old, " ", false, false);
            push(&mut new, &label::num_label(n), renumbered, false);
            push(&mut new, " ", false, false);
            for seg in diff::words(&old_text, &new_text) {
                match seg {
                    Seg::Same(s) => {
                        push(&mut old, &s, false, false);
                        push(&mut new, &s, false, false);
                    }
                    Seg::Change { del, ins } => {
                        push(&mut old, &del, true, true);
                        push(&mut new, &ins, true, false);
                    }
                }
            }
        }
        _ => {}
    }
    Row::Unit { old, new }
}

/// The rows of the comparative table of two editions.
pub fn rows(before: &Edition, after: &Edition) -> Vec<Row> {
    let mut out = Vec::new();
    let mut gap = false;
    for p in diff::align(before, after) {
        if p.status == Status::Same {
            gap = true;
            continue;
        }
        if gap {
            out.push(Row::Elided);
            gap = false;
        }
        out.push(row(&p));
    }
    if gap && !out.is_empty() {
        out.push(Row::Elided);
    }
    out
}

/// The heading lines of the table: «ПОРІВНЯЛЬНА ТАБЛИЦЯ», what it concerns.
pub fn heading(ctx: &DiffContext) -> Vec<String> {
    let mut lines = vec![
        "ПОРІВНЯЛЬНА ТАБЛИЦЯ".to_string(),
        format!("змін до документа «{}»,", ctx.document_title),
    ];
    if ctx.decision_title.is_empty() {
        lines.push(format!("внесених {}", ctx.decision_caption));
    } else {
        lines.push(format!(
            "внесених {} «{}»",
            ctx.decision_caption, ctx.decision_title
        ));
    }
    lines
}

#[derive(Template)]
#[template(path = "table.html", config = "src/render/askama.toml")]
struct TablePage<'a> {
    root: &'a str,
    inline_css: Option<&'static str>,
    page_title: String,
    ctx: &'a DiffContext,
    heading: Vec<String>,
    old_title: &'a str,
    new_title: &'a str,
    rows: Vec<Row>,
}

/// The comparative table as an HTML page.
pub fn html(ctx: &DiffContext, before: &Edition, after: &Edition) -> String {
    let page = TablePage {
        root: &ctx.root,
        inline_css: None,
        page_title: format!(
            "Порівняльна таблиця: {} — {}",
            ctx.document_title, ctx.decision_caption
        ),
        ctx,
        heading: heading(ctx),
        old_title: OLD_TITLE,
        new_title: NEW_TITLE,
        rows: rows(before, after),
    };
    page.render().map(super::html::tidy).unwrap_or_default()
}
