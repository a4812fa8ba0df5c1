//! A decoded input file: its text, one line per paragraph, and the map back to the original.

use super::diag::Span;
use serde::{Deserialize, Serialize};

/// What ingest produced from one input file.
///
/// `text` is NFC-normalised, with `\n` line ends and no export debris. Line `i` (0-based) of
/// `text` came from line `line_map[i]` (1-based) of the original (for DOCX: paragraph number).
/// Columns are counted in characters of the decoded text, so a span computed on `text` is valid
/// for the original line it maps to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file's name as shown in diagnostics (a path relative to the corpus or as given).
    pub name: String,
    pub text: String,
    pub line_map: Vec<u32>,
    /// What ingest detected: "UTF-8", "UTF-16LE", "windows-1251", "KOI8-U", "DOCX".
    pub encoding: String,
    /// Debris removed from the text (placeholders, corner marks, form feeds), for `--verbose`.
    pub dropped: Vec<Dropped>,
}

/// One piece of export debris that ingest removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// Original line (1-based).
    pub line: u32,
    pub what: String,
}

impl Source {
    /// A source from text that is already clean (tests, generated corpora); lines map 1:1.
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let n = text.split('\n').count();
        Source {
            name: name.into(),
            line_map: (1..=n as u32).collect(),
            text,
            encoding: "UTF-8".into(),
            dropped: Vec::new(),
        }
    }

    /// The lines of the text with their 0-based index.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text.split('\n').enumerate()
    }

    /// The original 1-based line number of text line `idx` (0-based).
    pub fn original_line(&self, idx: usize) -> u32 {
        self.line_map.get(idx).copied().unwrap_or(idx as u32 + 1)
    }

    /// The text of line `idx` (0-based), or "" past the end.
    pub fn line_text(&self, idx: usize) -> &str {
        self.text.split('\n').nth(idx).unwrap_or("")
    }

    /// The 0-based line index and 1-based character column of a byte offset into `text`.
    pub fn locate(&self, offset: usize) -> (usize, u32) {
        let offset = offset.min(self.text.len());
        let mut off = offset;
        while !self.text.is_char_boundary(off) {
            off -= 1;
        }
        let before = &self.text[..off];
        let idx = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let col = self.text[line_start..off].chars().count() as u32 + 1;
        (idx, col)
    }

    /// A span for `len` characters starting at a byte offset into `text`.
    pub fn span_at(&self, offset: usize, len_chars: u32) -> Span {
        let (idx, col) = self.locate(offset);
        Span::new(self.name.clone(), self.original_line(idx), col, len_chars)
    }

    /// A span for a byte range of `text` (clipped to its first line).
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.text.len());
        let end = end.clamp(start, self.text.len());
        let slice = self.text.get(start..end).unwrap_or("");
        let first = slice.split('\n').next().unwrap_or("");
        self.span_at(start, first.chars().count() as u32)
    }

    /// The quoted source line for a byte offset into `text`.
    pub fn line_at(&self, offset: usize) -> &str {
        let (idx, _) = self.locate(offset);
        self.line_text(idx)
    }
}
