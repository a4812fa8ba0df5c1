//! The decision grammar: a decision's text → its header and typed instructions.
use crate::ir::{Decision, Diagnostic, Source};

/// Parse a decision. `id` is its corpus folder name (or file stem).
pub fn decision(src: &Source, id: &str) -> (Decision, Vec<Diagnostic>) {
    let d = Decision {
        id: id.to_string(),
        file: src.name.clone(),
        ..Decision::default()
    };
    (d, Vec::new())
}
