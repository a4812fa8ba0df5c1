//! zminy: turns Ukrainian council decisions into consolidated texts.
//!
//! # Steps
//! 1. [`ingest`]: bytes of any supported input (UTF-8/16, Windows-1251, KOI8-U, DOCX) →
//!    [`ir::Source`] (clean text with a map back to the original lines): [`ingest::ingest`].
//! 2. [`parse`]: a document's text → [`ir::Edition`] ([`parse::document`]); a decision's text →
//!    [`ir::Decision`] with typed [`ir::Instruction`]s ([`parse::decision`]).
//! 3. [`resolve`]: a decision + the edition in force → a [`ir::Plan`] on stable unit ids
//!    ([`resolve::resolve`]).
//! 4. [`apply`]: plan + edition → the new edition and its change log ([`apply::apply`]).
//! 5. [`render`]: editions and diffs → text, Markdown, HTML, Akoma Ntoso XML, JSON, the
//!    comparative table ([`render::site::render_site`]).
//!
//! Around them: [`corpus`] is the I/O edge that reads `decisions/`; [`history`] replays the
//! corpus through resolve and apply ([`history::replay`]); [`build`] writes `output/`;
//! [`draft`] runs the pipeline backwards (an edited edition → the amending decision, proven by
//! parsing and applying it); [`cli`] is the command line.

pub mod apply;
pub mod build;
pub mod cli;
pub mod corpus;
pub mod draft;
pub mod history;
pub mod ingest;
pub mod ir;
pub mod parse;
pub mod render;
pub mod resolve;
