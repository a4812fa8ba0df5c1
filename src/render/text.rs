//! The canonical text format of a document (contract.md), written from an edition.
use crate::ir::Edition;

/// Write an edition in the contract's text format.
pub fn text(edition: &Edition) -> String {
    edition.title.join("\n")
}
