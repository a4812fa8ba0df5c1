//! The IR: the types every stage imports — sources, diagnostics, numbers, editions, decisions.
//!
//! Stages never share parser state or rendering details through these types; everything here
//! derives `Serialize` so any stage's output can be snapshotted.

pub mod date;
pub mod decision;
pub mod diag;
pub mod edition;
pub mod number;
pub mod plan;
pub mod source;

pub use date::Date;
pub use decision::{
    ActRef, Address, Approval, CaseMode, Content, Decision, DocName, Instruction, Op, Quoted, Sel,
    Step, UnitWord, WordPos,
};
pub use diag::{Diagnostic, Lang, Msg, Severity, Span, has_errors};
pub use edition::{Change, ChangeKind, DecisionRef, Edition, Table, Unit, UnitId, UnitKind};
pub use number::{Level, Number};
pub use plan::{Action, ActionKind, Attach, NoteSpec, Part, Plan, TextEdit};
pub use source::{Dropped, Source};
