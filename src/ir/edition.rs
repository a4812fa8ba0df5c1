//! Editions of documents: a flat, ordered list of units with parent links and stable ids.

use super::date::Date;
use super::number::Number;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A unit's internal identity, stable for the unit's life whatever its number becomes
/// (Akoma Ntoso's `wId`). Assigned in reading order; new units take `Edition::next_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub u32);

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Розділ (also глава, стаття when a document uses them as its top level): its text is
    /// its heading.
    Section,
    /// Пункт: a two-level decimal number (`5.2`), or a one-level number inside a section
    /// numbered with a word or a Roman numeral.
    Point,
    /// Підпункт: three or more levels (`22.4.11`), or a label `1)`, `а)`.
    Subpoint,
    /// A table row: its text is the cells after the number, joined by TAB.
    Row,
    /// A table row with a number and a single cell (a classifier's section heading).
    HeadingRow,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Section => "section",
            UnitKind::Point => "point",
            UnitKind::Subpoint => "subpoint",
            UnitKind::Row => "row",
            UnitKind::HeadingRow => "heading_row",
        }
    }
}

/// One numbered unit of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub parent: Option<UnitId>,
    pub kind: UnitKind,
    pub number: Number,
    /// The unit word the line was written with (`Розділ`, `РОЗДІЛ`, `Глава`, `Стаття`), if any.
    pub word: Option<String>,
    /// The unit's абзаци: `paras[0]` is the text on the unit's own line (a section's heading; a
    /// row's cells after the number, TAB-joined), then its further paragraphs. Empty for a unit
    /// deleted without renumbering (its note is then its only content).
    pub paras: Vec<String>,
    /// Notes (`{…}` on zakon.rada), without the braces. Never matched by amendments.
    pub notes: Vec<String>,
}

impl Unit {
    /// The unit's own text (абзац перший), or "".
    pub fn head(&self) -> &str {
        self.paras.first().map_or("", String::as_str)
    }

    /// A row's cells after the number.
    pub fn cells(&self) -> Vec<&str> {
        self.head().split('\t').collect()
    }
}

/// The columns of a table document (графи): the header row's cells, the first being the
/// number column's title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<String>,
    /// Whether the source had a `1 2 3 …` column-numbering line after the header (written back).
    pub numbered_columns: bool,
}

/// A decision as it is referred to from an edition: what was applied.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DecisionRef {
    /// The decision's folder name (`2023-12-04-1460`).
    pub id: String,
    pub date: Date,
    pub number: String,
}

/// One edition of one document: its text as in force on `as_of`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    /// The document's id: the approving decision's folder and the appendix number
    /// (`2023-03-22-326/1`).
    pub document: String,
    /// The title block's lines (the `ЗАТВЕРДЖЕНО … № …` stamp included).
    pub title: Vec<String>,
    /// Document-wide notes, written after the title block.
    pub notes: Vec<String>,
    /// Present when the document is a table.
    pub table: Option<Table>,
    /// All units in document order; a unit's parent precedes it. Shared between editions: a
    /// new edition copies the pointers and replaces only the units it changes
    /// (`Arc::make_mut`), so it costs what changed, not the size of the document.
    pub units: Vec<Arc<Unit>>,
    /// The id the next new unit takes.
    pub next_id: u32,
    /// The date this edition is in force from (None for a text read on its own).
    pub as_of: Option<Date>,
    /// The decisions applied to reach this edition, oldest first (the approving one first).
    pub decisions: Vec<DecisionRef>,
}

impl Edition {
    /// An empty edition of a document.
    pub fn empty(document: impl Into<String>) -> Edition {
        Edition {
            document: document.into(),
            title: Vec::new(),
            notes: Vec::new(),
            table: None,
            units: Vec::new(),
            next_id: 1,
            as_of: None,
            decisions: Vec::new(),
        }
    }

    /// The document's title as one line: the title block's lines after any `ЗАТВЕРДЖЕНО` stamp,
    /// joined by a space (e.g. «Регламент роботи електронного сервісу …»).
    pub fn title_line(&self) -> String {
        let stamp_end = self
            .title
            .iter()
            .rposition(|l| {
                let u = l.to_uppercase();
                u.contains("ЗАТВЕРДЖЕНО")
                    || u.contains('№')
                    || u.starts_with("РІШЕННЯ")
                    || u.starts_with("ДОДАТОК")
            })
            .map_or(0, |p| p + 1);
        let rest: Vec<&str> = self.title[stamp_end.min(self.title.len())..]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if rest.is_empty() {
            self.title
                .iter()
                .map(|s| s.trim())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            rest.join(" ")
        }
    }

    /// A unit by id (linear; stages that need speed build an index).
    pub fn unit(&self, id: UnitId) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id).map(|u| &**u)
    }

    /// The children of a unit (or the top-level units for `None`), in document order.
    pub fn children(&self, parent: Option<UnitId>) -> impl Iterator<Item = &Unit> {
        self.units
            .iter()
            .filter(move |u| u.parent == parent)
            .map(|u| &**u)
    }

    /// Take a fresh unit id.
    pub fn fresh_id(&mut self) -> UnitId {
        let id = UnitId(self.next_id);
        self.next_id += 1;
        id
    }
}

/// How an instruction changed a unit, in Akoma Ntoso's terms (`textualMod` types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Words replaced, appended or deleted; a unit restated.
    Substitution,
    /// A unit inserted.
    Insertion,
    /// A unit deleted or repealed.
    Repeal,
    /// A unit's number changed (`вважати … відповідно`).
    Renumbering,
}

/// What one applied instruction did to one document: the change log that renderers use for
/// notes, diffs, decision pages and Akoma Ntoso `passiveModifications`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The decision's folder name.
    pub decision: String,
    /// The decision's item label (`1.1.2.1`).
    pub item: String,
    /// The instruction's line in the decision file.
    pub line: u32,
    /// The operation's name (`Op::name`).
    pub op: String,
    pub kind: ChangeKind,
    /// The units touched, by stable id (in the new edition; deleted units by their old id).
    pub units: Vec<UnitId>,
}
