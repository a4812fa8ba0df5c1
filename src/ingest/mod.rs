//! Ingest: bytes of any supported input → a clean [`Source`] with a map back to the original.
//!
//! # What goes in
//! - Text: UTF-8 (with or without BOM), UTF-16LE/BE with a BOM, Windows-1251 or KOI8-U. The
//!   order is: the BOM, then valid UTF-8, then [`chardetng`] with the `.ua` hint (on the
//!   first 256 KiB), which must answer Windows-1251 or KOI8-U. Anything else is refused, never
//!   guessed at; so is text that is mostly UTF-8 with a few broken bytes (not re-read as
//!   Windows-1251 mojibake).
//! - DOCX: `word/document.xml` read paragraph by paragraph (see [`docx`] for the exact rules:
//!   tables, tracked changes, automatic list numbering rebuilt from `numbering.xml`).
//!
//! # What comes out
//! [`Source::text`] is NFC-normalised, with `\n` line ends (CRLF and lone CR both become `\n`).
//! One text line per original line: for text files line `i` of the text is line `i + 1` of the
//! file; for DOCX it is the `i + 1`-th paragraph of the body, where a table row counts as one
//! paragraph (its cells joined by TAB). [`Source::line_map`] records this, so it is the identity
//! except where a DOCX paragraph was merged into the next one (a tracked deletion of its
//! paragraph mark) or a text box added lines (they map to their anchor paragraph).
//!
//! Export debris is removed and recorded in [`Source::dropped`] (see [`debris`]): embedded
//! object placeholders (`_961228874.unknown`) and lines that held only a `⌐` corner mark are
//! blanked, not deleted; the `⌐` mark and C0 control characters other than TAB are removed
//! (a vertical tab, Word's manual line break, becomes a space). Everything else is kept as it
//! was, trailing spaces included.
//!
//! # Diagnostic codes
//! Every refusal is an error naming the file (and the line when one is known), with a hint.
//!
//! | code | severity | meaning |
//! |------|----------|---------|
//! | Z101 | error | the bytes are not valid in the encoding the file declares or plainly is: a UTF-8 BOM or mostly-UTF-8 text with invalid sequences, malformed UTF-16 |
//! | Z102 | error | not a text file: NUL or many control bytes, or a known binary format (PNG, JPEG, GIF, PDF, gzip, 7z, RAR) |
//! | Z103 | error | a legacy encoding other than Windows-1251 or KOI8-U (what the detector saw is named) |
//! | Z104 | error | an RTF file (text, but markup; not supported) |
//! | Z105 | error | a Word 97–2003 `.doc` (OLE compound file; not supported) |
//! | Z110 | error | a DOCX that is not a readable zip: truncated, damaged, encrypted, or an unsupported compression method |
//! | Z111 | error | a zip without `word/document.xml`: not a Word document (ODT and XLSX are named) |
//! | Z112 | error | a DOCX part too large (over 64 MiB uncompressed, declared or actual), lying about its size, or compressed beyond a sane ratio: a zip bomb |
//! | Z113 | error | malformed XML in a DOCX part (the part and the byte position are named) |
//! | Z114 | error | a DOCX part that is not UTF-8 or UTF-16 text |

// The entry point returns a `Diagnostic` by value, as the stage contract fixes; refusals are
// the cold path, so the size of the error variant costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

mod debris;
mod docx;
mod numbering;
mod text;
mod xml;

use crate::ir::{Diagnostic, Dropped, Source};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Decode one input file. `name` is shown in diagnostics.
///
/// A zip (by its signature, or any file named `*.docx`) is read as DOCX; everything else as
/// text. Never panics, whatever the bytes: what cannot be read is refused with a
/// [`Diagnostic`] (codes Z101–Z114, see the module docs).
pub fn ingest(name: &str, bytes: &[u8]) -> Result<Source, Diagnostic> {
    if docx::looks_like_zip(name, bytes) {
        let doc = docx::read(name, bytes)?;
        Ok(finish(name, doc.text, doc.line_map, "DOCX"))
    } else {
        let (decoded, encoding) = text::decode(name, bytes)?;
        let lines = decoded.split('\n').count() as u32;
        Ok(finish(name, decoded, (1..=lines).collect(), encoding))
    }
}

/// The steps every input shares once it is text: NFC, then debris removal.
fn finish(name: &str, text: String, line_map: Vec<u32>, encoding: &str) -> Source {
    let text = nfc(text);
    let mut dropped: Vec<Dropped> = Vec::new();
    let text = debris::clean(text, &line_map, &mut dropped);
    Source {
        name: name.to_string(),
        text,
        line_map,
        encoding: encoding.to_string(),
        dropped,
    }
}

/// NFC-normalise, copying only when the text is not already NFC.
///
/// Lines are independent for NFC (`\n` never combines). A line needs the table-driven quick
/// check only if it holds a character outside U+0000–U+02FF and the Cyrillic letters
/// U+0400–U+0482, U+048A–U+04FF, which NFC never changes and which never combine with what
/// precedes them; Ukrainian text is mostly those.
fn nfc(text: String) -> String {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let unsafe_lead = match b {
            0xCC..=0xCF | 0xD4..=0xFF => true,
            0xD2 => matches!(bytes.get(i + 1), Some(0x83..=0x89)),
            _ => false,
        };
        if !unsafe_lead {
            i += 1;
            continue;
        }
        let start = bytes[..i]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let end = bytes[i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(bytes.len(), |p| i + p);
        let line = text.get(start..end).unwrap_or_default();
        if is_nfc_quick(line.chars()) != IsNormalized::Yes {
            return text.nfc().collect();
        }
        i = end;
    }
    text
}
