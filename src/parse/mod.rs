//! Parse: a document's text → an [`Edition`](crate::ir::Edition); a decision's text → a
//! [`Decision`](crate::ir::Decision) with typed instructions. Parsing never stops at the first
//! problem: it returns what it understood and the diagnostics.

pub mod decision;
pub mod document;
pub mod fragment;

pub use decision::decision;
pub use document::document;
