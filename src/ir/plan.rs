//! The plan: one decision's instructions for one document, resolved against the edition in
//! force before the decision, on stable unit ids. Apply executes it; nothing in it refers to
//! the decision's wording any more.

use super::edition::{DecisionRef, UnitId, UnitKind};
use super::number::Number;
use serde::{Deserialize, Serialize};

/// Which part of a unit an edit touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Every paragraph (абзац) of the unit.
    Whole,
    /// One paragraph, 0-based (`абзац другий` = 1).
    Para(usize),
    /// One cell of a table row, 0-based among the cells after the number.
    Cell(usize),
}

/// A change of words inside a unit. Matching folds whitespace, apostrophes and quote styles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum TextEdit {
    /// Replace every occurrence (or only the `occurrence`-th, 1-based).
    Replace {
        find: String,
        with: String,
        occurrence: Option<u32>,
    },
    /// Replace a name in whatever grammatical case it stands in (`у відповідному відмінку`).
    Rename {
        old: String,
        new: String,
        numbers: bool,
    },
    /// Delete every occurrence, tidying spaces and punctuation around it.
    Delete {
        find: String,
    },
    /// Append at the end of the paragraph, before its final stop.
    Append {
        text: String,
    },
    /// Append a new sentence.
    AppendSentence {
        text: String,
    },
    InsertAfter {
        anchor: String,
        text: String,
    },
    InsertBefore {
        anchor: String,
        text: String,
    },
    /// Replace the whole paragraph (or cell) with new text (`назву … викласти в редакції`).
    Set {
        text: String,
    },
}

/// What an action does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ActionKind {
    Edit {
        unit: UnitId,
        part: Part,
        edit: TextEdit,
    },
    /// Replace the unit's paragraphs (a row: `paras[0]` = the cells, TAB-joined).
    Restate { unit: UnitId, paras: Vec<String> },
    /// A new unit in slot `number` under `parent` (None: top level).
    Insert {
        number: Number,
        kind: UnitKind,
        parent: Option<UnitId>,
        paras: Vec<String>,
    },
    /// Delete a unit; `keep_number`: it stays with its note as its only content.
    Delete { unit: UnitId, keep_number: bool },
    /// Give a unit a new number (children whose numbers embed it follow).
    Renumber { unit: UnitId, to: Number },
    /// Delete paragraphs (0-based indices; абзац перший is 0).
    DeleteParas { unit: UnitId, paras: Vec<usize> },
    /// Insert paragraphs before paragraph `at` (0-based; `at` = the count appends).
    AddParas {
        unit: UnitId,
        at: usize,
        paras: Vec<String>,
    },
}

/// One resolved action, with the item of the decision it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub item: String,
    pub line: u32,
    /// The instruction's operation name (`Op::name`).
    pub op: String,
    pub kind: ActionKind,
}

/// Where a note goes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attach {
    /// The document's head notes.
    Document,
    /// An existing unit.
    Unit(UnitId),
    /// A unit this plan inserts, by its slot number and parent.
    New(Option<UnitId>, Number),
}

/// A zakon.rada-style note to add (`Пункт 5.1 із змінами, внесеними згідно з рішенням …`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteSpec {
    pub attach: Attach,
    pub text: String,
}

/// All of one decision's actions on one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub document: String,
    pub decision: DecisionRef,
    pub actions: Vec<Action>,
    pub notes: Vec<NoteSpec>,
}
