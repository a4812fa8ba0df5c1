//! DOCX inputs: the zip (with limits against zip bombs) and `word/document.xml` as lines.
//!
//! Rules, in the order a reader of a decision cares about:
//! - Every paragraph of the body is one line, runs joined. A table row is one line, its cells
//!   joined by TAB; a cell with several paragraphs becomes one cell, its non-empty paragraphs
//!   joined by a space (a TAB inside a cell also becomes a space, so columns stay columns). A
//!   table nested in a cell is flattened into that cell the same way.
//! - `w:tab` is a TAB. `w:br` and `w:cr` (a line break inside a paragraph) are a space, as a
//!   line break is in print; page and column breaks are nothing. `w:noBreakHyphen` is `-`;
//!   `w:softHyphen` is nothing; `w:sym` is its character unless it is a symbol-font glyph.
//! - Tracked changes are read as accepted: `w:ins` and `w:moveTo` content is kept, `w:del` and
//!   `w:moveFrom` content dropped; a paragraph whose mark is deleted joins the next one; a
//!   deleted table row is dropped; the old properties kept in `w:…Change` are ignored.
//! - Hidden text (`w:vanish`) is dropped; field codes (`w:instrText`) are dropped and their
//!   results kept.
//! - `mc:AlternateContent`: the first `mc:Choice` is read, `mc:Fallback` skipped (Word writes
//!   the same text box twice). Text-box paragraphs become lines after their anchor paragraph.
//! - Automatic numbering is rebuilt and written at the start of the paragraph with its
//!   suffix (see [`super::numbering`]): `5.2.` + TAB where Word shows `5.2.` and a tab.
//!
//! Limits: each part read is at most 64 MiB uncompressed, both as declared and as actually
//! inflated; a part over 1 MiB may not be compressed more than 500:1. Only
//! `word/document.xml`, `word/numbering.xml` and `word/styles.xml` are read.

use super::numbering::{Numbering, ParaNum};
use super::xml::{self, Ev, Ns};
use crate::ir::{Diagnostic, Span};
use std::io::{Cursor, Read};
use zip::ZipArchive;
use zip::result::ZipError;

/// Largest uncompressed part read.
const MAX_PART: u64 = 64 * 1024 * 1024;
/// Largest compression ratio accepted for a part over [`RATIO_FLOOR`] bytes.
const MAX_RATIO: u64 = 500;
const RATIO_FLOOR: u64 = 1024 * 1024;

/// A DOCX read as lines.
pub(super) struct Doc {
    pub text: String,
    pub line_map: Vec<u32>,
}

/// A zip by its signature, or a file that says it is a DOCX.
pub(super) fn looks_like_zip(name: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
        || name.to_lowercase().ends_with(".docx")
}

pub(super) fn read(name: &str, bytes: &[u8]) -> Result<Doc, Diagnostic> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(name, &e))?;
    let Some(document) = read_part(name, &mut zip, "word/document.xml")? else {
        return Err(not_word(name, &mut zip));
    };
    let numbering = read_part(name, &mut zip, "word/numbering.xml")?;
    let styles = read_part(name, &mut zip, "word/styles.xml")?;
    let numbering = Numbering::parse(name, numbering.as_deref(), styles.as_deref())?;
    let mut w = Walker {
        numbering,
        frames: Vec::new(),
        skip: 0,
        alt: Vec::new(),
        lines: Vec::new(),
        line_map: Vec::new(),
        block: 0,
        carry: None,
    };
    xml::walk(name, "word/document.xml", &document, |ev| {
        w.event(ev);
        Ok(())
    })?;
    if let Some(c) = w.carry.take() {
        w.deliver(c.text, c.no, c.deferred);
    }
    if w.lines.is_empty() {
        return Ok(Doc {
            text: String::new(),
            line_map: vec![1],
        });
    }
    Ok(Doc {
        text: w.lines.join("\n"),
        line_map: w.line_map,
    })
}

/// Read one part as text, or `None` when the zip has no such entry.
fn read_part(
    name: &str,
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    part: &str,
) -> Result<Option<String>, Diagnostic> {
    let mut file = match zip.by_name(part) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(damaged(name, &e)),
    };
    let declared = file.size();
    let compressed = file.compressed_size().max(1);
    if declared > MAX_PART {
        return Err(bomb(name, part, &format!("{declared} bytes declared")));
    }
    if declared > RATIO_FLOOR && declared / compressed > MAX_RATIO {
        return Err(bomb(
            name,
            part,
            &format!("{declared} bytes from {compressed} compressed"),
        ));
    }
    let mut data = Vec::with_capacity(usize::try_from(declared.min(MAX_PART)).unwrap_or(0));
    if let Err(e) = (&mut file).take(MAX_PART + 1).read_to_end(&mut data) {
        if e.to_string().contains("declared") {
            return Err(bomb(name, part, "more bytes than declared"));
        }
        return Err(damaged(name, &ZipError::Io(e)));
    }
    let actual = data.len() as u64;
    if actual > MAX_PART {
        return Err(bomb(name, part, &format!("over {MAX_PART} bytes inflated")));
    }
    if actual > RATIO_FLOOR && actual / compressed > MAX_RATIO {
        return Err(bomb(
            name,
            part,
            &format!("{actual} bytes from {compressed} compressed"),
        ));
    }
    drop(file);
    part_text(name, part, data).map(Some)
}

/// The text of an XML part: UTF-8 (a BOM allowed) or UTF-16 with a BOM.
fn part_text(name: &str, part: &str, data: Vec<u8>) -> Result<String, Diagnostic> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&data)
        && enc != encoding_rs::UTF_8
    {
        if let Some(s) =
            enc.decode_without_bom_handling_and_without_replacement(data.get(bom..).unwrap_or(&[]))
        {
            return Ok(s.into_owned());
        }
    } else {
        let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
        if let Ok(s) = std::str::from_utf8(body) {
            return Ok(s.to_owned());
        }
    }
    Err(Diagnostic::error(
        "Z114",
        format!("DOCX пошкоджено: частина {part} не є текстом UTF-8 чи UTF-16"),
        format!("the DOCX is damaged: part {part} is not UTF-8 or UTF-16 text"),
    )
    .at(Span::file(name))
    .hint(
        "відкрийте документ у Word або LibreOffice і збережіть його знову як .docx",
        "open the document in Word or LibreOffice and save it again as .docx",
    ))
}

fn damaged(name: &str, e: &ZipError) -> Diagnostic {
    Diagnostic::error(
        "Z110",
        format!(
            "файл DOCX пошкоджений, обрізаний або зашифрований: не вдалося прочитати zip ({e})"
        ),
        format!("the DOCX file is damaged, truncated or encrypted: cannot read the zip ({e})"),
    )
    .at(Span::file(name))
    .hint(
        "відкрийте документ у Word або LibreOffice і збережіть його знову як .docx (без пароля)",
        "open the document in Word or LibreOffice and save it again as .docx (no password)",
    )
}

fn bomb(name: &str, part: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        "Z112",
        format!("DOCX відхилено: частина {part} завелика або підозріло стиснута ({what}); схоже на zip-бомбу"),
        format!("the DOCX is refused: part {part} is too large or suspiciously compressed ({what}); it looks like a zip bomb"),
    )
    .at(Span::file(name))
    .hint(
        "рішення займає кілька сотень кілобайт; перевірте, що це справді той файл",
        "a decision takes a few hundred kilobytes; check that this is the right file",
    )
}

fn not_word(name: &str, zip: &mut ZipArchive<Cursor<&[u8]>>) -> Diagnostic {
    let mut mimetype = String::new();
    if let Ok(f) = zip.by_name("mimetype") {
        let _ = f.take(200).read_to_string(&mut mimetype);
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let (uk_kind, en_kind) = if mimetype.starts_with("application/vnd.oasis.opendocument") {
        ("документ OpenDocument (ODT)", "an OpenDocument file (ODT)")
    } else if names.iter().any(|n| n == "xl/workbook.xml") {
        ("книга Excel (XLSX)", "an Excel workbook (XLSX)")
    } else if names.iter().any(|n| n == "ppt/presentation.xml") {
        (
            "презентація PowerPoint (PPTX)",
            "a PowerPoint presentation (PPTX)",
        )
    } else {
        ("zip-архів", "a zip archive")
    };
    Diagnostic::error(
        "Z111",
        format!("файл не є документом Word: це {uk_kind} без word/document.xml"),
        format!("the file is not a Word document: it is {en_kind} without word/document.xml"),
    )
    .at(Span::file(name))
    .hint(
        "збережіть рішення як .docx (Word) або як текст UTF-8",
        "save the decision as .docx (Word) or as UTF-8 text",
    )
}

/// One open element of `document.xml` that matters.
enum Frame {
    Para(Para),
    /// `w:pPr` of the paragraph below it.
    ParaProps,
    /// `w:pPr/w:rPr`: properties of the paragraph mark.
    MarkProps,
    NumPr,
    Run {
        hidden: bool,
    },
    RunProps,
    Text,
    Table,
    Row {
        cells: Vec<String>,
        deleted: bool,
        no: u32,
    },
    RowProps,
    Cell {
        paras: Vec<String>,
    },
    Other,
}

#[derive(Default)]
struct Para {
    text: String,
    num: ParaNum,
    mark_deleted: bool,
    no: u32,
    /// Text-box paragraphs anchored here: lines that follow this one.
    deferred: Vec<String>,
}

struct Walker {
    numbering: Numbering,
    frames: Vec<Frame>,
    /// Depth inside an element whose content is dropped.
    skip: usize,
    /// For each open `mc:AlternateContent`: has a `mc:Choice` been read?
    alt: Vec<bool>,
    lines: Vec<String>,
    line_map: Vec<u32>,
    /// Body-level paragraphs and table rows seen so far.
    block: u32,
    /// A paragraph whose mark was deleted, waiting to join the next one.
    carry: Option<Carry>,
}

/// A paragraph whose mark was deleted (tracked): its text, number and anchored lines.
struct Carry {
    text: String,
    no: u32,
    deferred: Vec<String>,
}

impl Walker {
    fn event(&mut self, ev: Ev<'_>) {
        match ev {
            Ev::Start(ns, local, e) => self.start(ns, local, e),
            Ev::End(ns, local) => self.end(ns, local),
            Ev::Text(t) => self.text(t),
        }
    }

    fn top(&self) -> Option<&Frame> {
        self.frames.last()
    }

    fn para_mut(&mut self) -> Option<&mut Para> {
        self.frames.iter_mut().rev().find_map(|f| match f {
            Frame::Para(p) => Some(p),
            _ => None,
        })
    }

    /// The block number of the innermost paragraph or row, or a new one at body level.
    fn block_no(&mut self) -> u32 {
        let inner = self.frames.iter().rev().find_map(|f| match f {
            Frame::Para(p) => Some(p.no),
            Frame::Row { no, .. } => Some(*no),
            _ => None,
        });
        inner.unwrap_or_else(|| {
            self.block = self.block.saturating_add(1);
            self.block
        })
    }

    fn start(&mut self, ns: Ns, local: &str, e: &quick_xml::events::BytesStart<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        if ns == Ns::Mc {
            match local {
                "AlternateContent" => self.alt.push(false),
                "Choice" => match self.alt.last_mut() {
                    Some(seen) if *seen => {
                        self.skip = 1;
                        return;
                    }
                    Some(seen) => *seen = true,
                    None => {}
                },
                "Fallback" => {
                    self.skip = 1;
                    return;
                }
                _ => {}
            }
            self.frames.push(Frame::Other);
            return;
        }
        if ns != Ns::W {
            self.frames.push(Frame::Other);
            return;
        }
        let top_is = |f: fn(&Frame) -> bool, frames: &[Frame]| frames.last().is_some_and(f);
        let frame = match local {
            "p" => {
                let no = self.block_no();
                Frame::Para(Para {
                    no,
                    ..Para::default()
                })
            }
            "pPr" if top_is(|f| matches!(f, Frame::Para(_)), &self.frames) => Frame::ParaProps,
            "pStyle" if matches!(self.top(), Some(Frame::ParaProps)) => {
                let v = xml::attr(e, "val");
                if let Some(p) = self.para_mut() {
                    p.num.style = v;
                }
                Frame::Other
            }
            "numPr" if matches!(self.top(), Some(Frame::ParaProps)) => Frame::NumPr,
            "ilvl" | "numId" if matches!(self.top(), Some(Frame::NumPr)) => {
                let v = xml::attr(e, "val");
                if let Some(p) = self.para_mut() {
                    if local == "ilvl" {
                        p.num.ilvl = v.and_then(|v| v.trim().parse::<usize>().ok());
                    } else {
                        p.num.num_id = v.map(|v| v.trim().to_string());
                    }
                }
                Frame::Other
            }
            "rPr" => match self.top() {
                Some(Frame::ParaProps) => Frame::MarkProps,
                Some(Frame::Run { .. }) => Frame::RunProps,
                _ => Frame::Other,
            },
            "del" | "moveFrom" => match self.top() {
                Some(Frame::MarkProps) => {
                    if let Some(p) = self.para_mut() {
                        p.mark_deleted = true;
                    }
                    Frame::Other
                }
                Some(Frame::RowProps) => {
                    if let Some(Frame::Row { deleted, .. }) = self.frames.iter_mut().rev().nth(1) {
                        *deleted = true;
                    }
                    Frame::Other
                }
                _ => {
                    self.skip = 1;
                    return;
                }
            },
            "vanish" if matches!(self.top(), Some(Frame::RunProps)) => {
                if xml::on_off(e)
                    && let Some(Frame::Run { hidden }) = self.frames.iter_mut().rev().nth(1)
                {
                    *hidden = true;
                }
                Frame::Other
            }
            "r" => Frame::Run { hidden: false },
            "t" => Frame::Text,
            "delText" | "instrText" | "delInstrText" => {
                self.skip = 1;
                return;
            }
            "tab" | "ptab" if matches!(self.top(), Some(Frame::Run { .. })) => {
                self.run_text("\t");
                Frame::Other
            }
            "br" | "cr" if matches!(self.top(), Some(Frame::Run { .. })) => {
                if !matches!(xml::attr(e, "type").as_deref(), Some("page" | "column")) {
                    self.run_text(" ");
                }
                Frame::Other
            }
            "noBreakHyphen" if matches!(self.top(), Some(Frame::Run { .. })) => {
                self.run_text("-");
                Frame::Other
            }
            "sym" if matches!(self.top(), Some(Frame::Run { .. })) => {
                let c = xml::attr(e, "char")
                    .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c) && !c.is_control());
                if let Some(c) = c {
                    let mut buf = [0u8; 4];
                    self.run_text(c.encode_utf8(&mut buf));
                }
                Frame::Other
            }
            "tbl" => Frame::Table,
            "tr" => {
                let no = self.block_no();
                Frame::Row {
                    cells: Vec::new(),
                    deleted: false,
                    no,
                }
            }
            "trPr" if matches!(self.top(), Some(Frame::Row { .. })) => Frame::RowProps,
            "tc" => Frame::Cell { paras: Vec::new() },
            _ if local.ends_with("Change") => {
                self.skip = 1;
                return;
            }
            _ => Frame::Other,
        };
        self.frames.push(frame);
    }

    fn end(&mut self, ns: Ns, local: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        if ns == Ns::Mc && local == "AlternateContent" {
            self.alt.pop();
        }
        match self.frames.pop() {
            Some(Frame::Para(p)) => self.finish_para(p),
            Some(Frame::Cell { mut paras }) => {
                if let Some(c) = self.carry.take() {
                    paras.push(c.text);
                    paras.extend(c.deferred);
                }
                let cell = paras
                    .iter()
                    .map(|p| p.trim())
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace('\t', " ");
                if let Some(Frame::Row { cells, .. }) = self.frames.last_mut() {
                    cells.push(cell);
                }
            }
            Some(Frame::Row {
                cells,
                deleted: false,
                no,
            }) => self.deliver(cells.join("\t"), no, Vec::new()),
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.skip > 0 || !matches!(self.top(), Some(Frame::Text)) {
            return;
        }
        self.run_text(t);
    }

    /// Append to the current paragraph unless the run is hidden.
    fn run_text(&mut self, t: &str) {
        let hidden = self.frames.iter().rev().find_map(|f| match f {
            Frame::Run { hidden } => Some(*hidden),
            _ => None,
        });
        if hidden == Some(true) {
            return;
        }
        if let Some(p) = self.para_mut() {
            if t.contains(['\n', '\r']) {
                p.text.push_str(&t.replace(['\n', '\r'], " "));
            } else {
                p.text.push_str(t);
            }
        }
    }

    fn finish_para(&mut self, mut p: Para) {
        if let Some(c) = self.carry.take() {
            let mut text = c.text;
            text.push_str(&p.text);
            p.text = text;
            p.no = c.no;
            let mut deferred = c.deferred;
            deferred.append(&mut p.deferred);
            p.deferred = deferred;
        }
        if p.mark_deleted {
            self.carry = Some(Carry {
                text: p.text,
                no: p.no,
                deferred: p.deferred,
            });
            return;
        }
        let label = self.numbering.label(&p.num, !p.text.is_empty());
        let line = if label.is_empty() {
            p.text
        } else {
            let mut l = label.replace(['\n', '\r'], " ");
            l.push_str(&p.text);
            l
        };
        self.deliver(line, p.no, p.deferred);
    }

    /// Hand a finished line (and lines that follow it) to the innermost cell, text-box anchor
    /// paragraph or the body.
    fn deliver(&mut self, line: String, no: u32, follow: Vec<String>) {
        for f in self.frames.iter_mut().rev() {
            match f {
                Frame::Cell { paras } => {
                    paras.push(line);
                    paras.extend(follow);
                    return;
                }
                Frame::Para(p) => {
                    p.deferred.push(line);
                    p.deferred.extend(follow);
                    return;
                }
                _ => {}
            }
        }
        self.push_line(line, no);
        for l in follow {
            self.push_line(l, no);
        }
    }

    fn push_line(&mut self, line: String, no: u32) {
        self.lines.push(line);
        self.line_map.push(no);
    }
}
