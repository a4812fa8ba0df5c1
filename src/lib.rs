//! zminy: turns Ukrainian council decisions into consolidated texts.
//!
//! # Steps
//! 1. [`ingest`]: bytes of any supported input (UTF-8/16, Windows-1251, KOI8-U, DOCX) →
//!    [`ir::Source`] (clean text with a map back to the original lines).
//! 2. [`parse`]: a document's text → [`ir::Edition`] ([`parse::document`]); a decision's text →
//!    [`ir::Decision`] with typed [`ir::Instruction`]s ([`parse::decision`]).
//!
//! The corpus ([`corpus`]) is the I/O edge that reads `decisions/`.

pub mod ir;
