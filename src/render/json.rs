//! An edition as JSON (contract.md, "JSON of an edition"), for `show --format json`.
//!
//! Fields: `document`, `title` (the title as one line, [`Edition::title_line`]), `as_of` (ISO
//! date or null), `decisions` (`id`, `date`, `number`, oldest first), `units` (flat, in document
//! order: `id`, `parent`, `kind`, `number` without the trailing dot, `text`, `notes`). Extensions:
//! `title_block` (the title block's lines), `notes` (document-wide notes), `table` (`columns`,
//! `numbered_columns`, or null), and a unit's `word` when it was written with one (`Розділ`).
//! Pretty-printed with two spaces, keys in this fixed order, ending with a newline.

use crate::ir::{Date, Edition, Unit};
use serde::Serialize;

#[derive(Serialize)]
struct EditionJson<'a> {
    document: &'a str,
    title: String,
    as_of: Option<Date>,
    decisions: Vec<DecisionJson<'a>>,
    title_block: &'a [String],
    notes: &'a [String],
    table: Option<TableJson<'a>>,
    units: Vec<UnitJson<'a>>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    id: &'a str,
    date: Date,
    number: &'a str,
}

#[derive(Serialize)]
struct TableJson<'a> {
    columns: &'a [String],
    numbered_columns: bool,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    id: u32,
    parent: Option<u32>,
    kind: &'static str,
    number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    word: Option<&'a str>,
    text: String,
    notes: &'a [String],
}

impl<'a> UnitJson<'a> {
    fn new(u: &'a Unit) -> UnitJson<'a> {
        UnitJson {
            id: u.id.0,
            parent: u.parent.map(|p| p.0),
            kind: u.kind.as_str(),
            number: u.number.to_string(),
            word: u.word.as_deref(),
            text: u.paras.join("\n"),
            notes: &u.notes,
        }
    }
}

/// Write an edition as pretty-printed JSON.
pub fn json(edition: &Edition) -> String {
    let view = EditionJson {
        document: &edition.document,
        title: edition.title_line(),
        as_of: edition.as_of,
        decisions: edition
            .decisions
            .iter()
            .map(|d| DecisionJson {
                id: &d.id,
                date: d.date,
                number: &d.number,
            })
            .collect(),
        title_block: &edition.title,
        notes: &edition.notes,
        table: edition.table.as_ref().map(|t| TableJson {
            columns: &t.columns,
            numbered_columns: t.numbered_columns,
        }),
        units: edition.units.iter().map(|u| UnitJson::new(u)).collect(),
    };
    // Serialising plain strings, numbers and options cannot fail.
    let mut out = serde_json::to_string_pretty(&view).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}
