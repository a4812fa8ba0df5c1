//! Ingest: bytes of any supported input → a clean [`Source`] with a map back to the original.
use crate::ir::{Diagnostic, Source};

/// Decode one input file. `name` is shown in diagnostics.
pub fn ingest(name: &str, bytes: &[u8]) -> Result<Source, Diagnostic> {
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
        Diagnostic::error(
            "Z101",
            "не вдалося декодувати файл",
            "cannot decode the file",
        )
    })?;
    Ok(Source::from_text(name, text.replace("\r\n", "\n")))
}
