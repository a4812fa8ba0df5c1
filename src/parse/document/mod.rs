//! The document text format (contract.md, "The text format of a document") → an edition.
//!
//! [`document`] reads an appendix (or the output of [`crate::render::text::text`]) into an
//! [`Edition`]. Reading never fails: what does not fit the format is kept (as a paragraph, a title
//! line) and reported.
//!
//! # Rules
//! - **Lines.** One line is one paragraph; blank lines mean nothing; every line is trimmed (title
//!   lines also turn their TABs into single spaces).
//!   A line `{…}` is a note on the unit read last (before any unit: a document-wide note).
//! - **Unit lines** ([`line`]): a decimal number followed by `. ` (`5. `, `5.2. `), by a TAB
//!   (`5.2.<TAB>`, `5.2<TAB>`), or — for multi-level numbers only — by a plain space (`5.2 Текст`);
//!   a Roman number (`IV. `, Cyrillic `І`, `Х` accepted); a label `1) `, `а) `; a unit word
//!   (`Розділ`, `Підрозділ`, `Глава`, `Стаття`, any case) with a number, then a dot, a TAB, the
//!   end of the line, or a plain space before a text opening like a heading (`Розділ 5 цього
//!   Регламенту …` is a sentence). Superscripts `6¹` and `6-1` (canonicalised to `6¹`). A line
//!   that starts with a date (`04.12.2023`) is never a unit line. A number alone (`5.3.`) is a
//!   unit without text.
//! - **Title block**: the lines before the first unit line whose number is the first of its
//!   kind (all levels 1: `1.`, `1.1.`; `I.`; `Розділ 1`), or before a table's header row,
//!   whichever comes first. Only *strong* unit lines count (a dot, a TAB, a word or a label after
//!   the number; a one-level number below 1000: `2023. рік` is a year). When the first-of-kind
//!   line is a one-level `1.` without a heading or a label `1)` and an earlier strong unit line
//!   exists, the body starts at that earlier line (an excerpt: `5.3. Оператор перевіряє:`, then
//!   `1. наявність підпису;`). Without a first-of-kind line, the first strong unit line starts
//!   the body (an amending appendix with `5.2.`, `5.3.` only); without any, everything is title.
//!   `{…}` lines among them are document-wide notes.
//! - **Ranks** (the tree's depth): `Розділ` and Roman numbers 0, `Підрозділ` 1, `Глава` 2,
//!   `Стаття` 3, a decimal number of `d` levels 10 + d, `1)` 100, `а)` 101. A unit's parent is
//!   the nearest open unit of a smaller rank; a decimal unit of two or more levels also skips open
//!   decimal units of two or more levels that are not its prefix (`22.1.8` after `3.33` in an
//!   appendix without heading rows is not a child of `3.33`), but a one-level decimal unit is
//!   its parent by position (`3.1` under the second section `2`).
//! - **Sequence.** A number fits when it is the next sibling of the previous unit of its rank
//!   under the same parent (`6` → `6¹` → `6²` → `7` included, and `3` → `4` when the previous
//!   section `2` held points `3.x`), or the first child of its parent (`5` → `5.1`, `5.2` →
//!   `1)`, `1)` → `а)`), or continues the numbering of its rank across parents (sections `I`, `II`
//!   with points `1`–`3`, `4`–`6`). The first unit always fits. A unit line whose number does not
//!   fit still starts a unit, with a warning (Z201), when that is unambiguous: a unit word; a
//!   multi-level number followed by a dot or a TAB; a one-level or Roman number (below 1000)
//!   whose text is empty or a heading (short, opening with a capital or a quote, no final
//!   punctuation). Otherwise (a label, a year `2023. року`, a multi-level number followed by a
//!   plain space, `1. ` inside an enumeration) the line is a paragraph of the current unit, with
//!   a warning (Z202).
//! - **Kinds** of a text document: a unit word or a Roman number is a `Section` (`Стаття` under
//!   a section is a `Point`); a one-level decimal number is a `Section` at the top level and a
//!   `Point` under a section; two levels a `Point`, or a `Subpoint` under a point; three or more
//!   levels and the labels `1)`, `а)` a `Subpoint`.
//! - **Paragraphs.** The unit line's text is `paras[0]` (a section's heading); the lines after it
//!   without a number of their own are its further paragraphs. A unit line without text gives
//!   `paras[0] = ""` when further paragraphs follow, no paragraph at all otherwise (a unit
//!   deleted without renumbering). A worded line without text and without a dot (`РОЗДІЛ 2`)
//!   takes the next line as its heading.
//! - **Tables.** The header row is the first line (before any unit line, and not itself a unit
//!   line) with at least two TABs whose first cell is non-empty and not a number; its cells are the columns. A line of
//!   consecutive integers `1 2 3 …` right after it numbers the columns and is skipped. Every
//!   further line is a row: its first cell is the number (trailing dot accepted), its other cells
//!   (each trimmed) are joined by TAB into `paras[0]`; one non-empty cell (trailing empty cells
//!   aside) makes a `HeadingRow`, several a `Row` (trailing empty cells kept), none a `Row`
//!   without text (deleted). Rows follow the same
//!   ranks. A line whose first cell is not a number but which is a strong unit line (`1. Назва`,
//!   `Розділ 2. Назва`: a number typed without a TAB) is a row too, without a warning, its word
//!   kept. Gaps in the numbering are normal (an amending appendix) and not reported, numbers out
//!   of order are (Z208). A line whose first cell is not a number is a further paragraph of the
//!   row before it (before any row: a title line), with a warning (Z205).
//! - **Ids**: `UnitId(1)`, `UnitId(2)`, … in reading order; `next_id` is one more than the last.
//!
//! # Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z201 | warning | a number does not continue the numbering; the line is still read as a unit |
//! | Z202 | warning | a number does not continue the numbering; the line is read as a paragraph |
//! | Z203 | warning | a line starts with a date; it is read as a paragraph |
//! | Z205 | warning | a table line whose first cell is not a number: a paragraph (or title line) |
//! | Z206 | warning | a table row has another number of cells than the header |
//! | Z207 | warning | the column-numbering line numbers another count of columns than the header |
//! | Z208 | warning | a table row's number is not greater than the previous one at its level |

mod line;

use crate::ir::{Diagnostic, Edition, Level, Number, Source, Table, Unit, UnitId, UnitKind};
use line::{Cand, Line, Sep, UNIT_WORDS, classify, row_number, starts_like_heading};
use std::collections::BTreeMap;

/// Read a document's text into an edition with id `document`.
pub fn document(src: &Source, document: &str) -> (Edition, Vec<Diagnostic>) {
    let lines = split_lines(&src.text);
    let mut ed = Edition::empty(document);
    let start = body_start(&lines);
    let title_end = start.map_or(lines.len(), |(i, _)| i);
    for l in &lines[..title_end] {
        match classify(l.text) {
            Line::Blank => {}
            Line::Note(n) => ed.notes.push(n),
            _ => ed.title.push(title_line(l.text)),
        }
    }
    let mut b = Builder::new(src);
    match start {
        None => {}
        Some((i, false)) => {
            for l in &lines[i..] {
                b.text_line(l);
            }
            b.text_kinds();
        }
        Some((i, true)) => {
            let mut table = Table {
                columns: lines[i]
                    .text
                    .split('\t')
                    .map(|c| c.trim().to_string())
                    .collect(),
                numbered_columns: false,
            };
            let mut rest = &lines[i + 1..];
            while let Some(l) = rest.first().filter(|l| l.text.trim().is_empty()) {
                let _ = l;
                rest = &rest[1..];
            }
            if let Some(l) = rest.first()
                && let Some(k) = column_numbers(l.text)
            {
                table.numbered_columns = true;
                if k != table.columns.len() {
                    b.diags.push(
                        Diagnostic::warning(
                            "Z207",
                            format!(
                                "рядок нумерації граф нумерує {k} граф, а в заголовку таблиці їх {}",
                                table.columns.len()
                            ),
                            format!(
                                "the column-numbering line numbers {k} columns, the header has {}",
                                table.columns.len()
                            ),
                        )
                        .at(src.span_at(l.offset, l.text.trim_end().chars().count() as u32))
                        .with_line(l.text),
                    );
                }
                rest = &rest[1..];
            }
            b.columns = table.columns.len();
            for l in rest {
                b.table_line(l, &mut ed.title);
            }
            ed.table = Some(table);
        }
    }
    let Builder {
        mut units, diags, ..
    } = b;
    for u in &mut units {
        if u.paras.len() == 1 && u.paras[0].is_empty() {
            u.paras.clear();
        }
    }
    ed.next_id = units.len() as u32 + 1;
    ed.units = units.into_iter().map(std::sync::Arc::new).collect();
    (ed, diags)
}

/// One line of the text with its byte offset.
struct RawLine<'a> {
    offset: usize,
    text: &'a str,
}

fn split_lines(text: &str) -> Vec<RawLine<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for l in text.split('\n') {
        out.push(RawLine {
            offset,
            text: l.strip_suffix('\r').unwrap_or(l),
        });
        offset += l.len() + 1;
    }
    out
}

/// A title line: trimmed, its TABs (Word's alignment) turned into single spaces — written back
/// with TABs, it could read as a table's header row.
fn title_line(line: &str) -> String {
    let parts: Vec<&str> = line
        .split('\t')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" ")
}

/// Whether a line is a table's header row.
fn is_header(line: &str) -> bool {
    let cells: Vec<&str> = line.split('\t').collect();
    let first = cells[0].trim();
    cells.len() >= 3 && !first.is_empty() && row_number(first).is_none() && !is_integer(first)
}

fn is_integer(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// A line `1 2 3 …` (TABs or spaces): the count of columns it numbers.
fn column_numbers(line: &str) -> Option<usize> {
    let cells: Vec<&str> = line.split_whitespace().collect();
    let consecutive = cells
        .iter()
        .enumerate()
        .all(|(i, c)| c.trim_end_matches('.').parse::<usize>().ok() == Some(i + 1));
    (cells.len() >= 2 && consecutive).then_some(cells.len())
}

/// Whether a candidate's number is the first of its kind (all levels 1, `I`, `1)`, `а)`).
fn first_of_kind(c: &Cand) -> bool {
    match &c.number {
        Number::Decimal(l) => l.iter().all(|x| x.n == 1 && x.sup == 0),
        Number::Roman(n) | Number::Paren(n) => *n == 1,
        Number::Letter(ch) => *ch == 'а',
    }
}

/// A strong unit line: a dot, a TAB, a word or a label after the number; a one-level number
/// below 1000 (`2023. рік` is a year).
fn is_strong(c: &Cand) -> bool {
    matches!(c.sep, Sep::Dot | Sep::Tab | Sep::Word { .. } | Sep::Paren)
        && (c.number.depth() > 1 || c.number.last_value().is_some_and(|v| v < 1000))
}

/// Where the body starts: the line index and whether it is a table's header row.
///
/// A *strong* unit line has a dot, a TAB, a word or a label after its number, and a one-level
/// number below 1000 (`2023. рік` is a year). The body starts at the first table header row, or
/// at the first strong unit line whose number is the first of its kind (`1.`, `1.1.`, `I.`,
/// `Розділ 1`) — but when that is a one-level `1.` without a heading or a label `1)`, and an
/// earlier strong unit line exists, at that earlier line (`5.3. Оператор перевіряє:` then
/// `1. наявність підпису;` in an excerpt). Without a first-of-kind line, at the first strong unit
/// line; without any, the whole text is the title block.
fn body_start(lines: &[RawLine<'_>]) -> Option<(usize, bool)> {
    let mut first_strong = None;
    for (i, l) in lines.iter().enumerate() {
        let unit = match classify(l.text) {
            Line::Unit(c) if is_strong(&c) => Some(c),
            _ => None,
        };
        // A unit line is never a header row, whatever TABs its text holds.
        let Some(c) = unit else {
            if is_header(l.text) {
                return Some((first_strong.unwrap_or(i), first_strong.is_none()));
            }
            continue;
        };
        if first_of_kind(&c) {
            let one_level =
                c.word.is_none() && matches!(&c.number, Number::Decimal(x) if x.len() == 1);
            let weak = c.sep == Sep::Paren || (one_level && !heading_like(&c.text));
            return Some(match first_strong {
                Some(s) if weak => (s, false),
                _ => (i, false),
            });
        }
        first_strong.get_or_insert(i);
    }
    first_strong.map(|i| (i, false))
}

/// A candidate's rank: the smaller, the higher in the tree.
fn rank(number: &Number, word: Option<&str>) -> u32 {
    if let Some(w) = word {
        let lower = w.to_lowercase();
        if let Some((_, r)) = UNIT_WORDS.iter().find(|(x, _)| *x == lower) {
            return *r;
        }
    }
    match number {
        Number::Roman(_) => 0,
        Number::Decimal(l) => 10 + l.len().min(50) as u32,
        Number::Paren(_) => 100,
        Number::Letter(_) => 101,
    }
}

/// Where a unit with a given number would go.
struct Place {
    /// How much of the stack of open units stays open.
    keep: usize,
    parent: Option<usize>,
    /// The previous unit of the same rank under the same parent.
    prev: Option<usize>,
    fits: bool,
    /// The number the sequence expected, for messages.
    expected: Option<Number>,
}

/// Builds the units of a body, line by line.
struct Builder<'a> {
    src: &'a Source,
    units: Vec<Unit>,
    parents: Vec<Option<usize>>,
    ranks: Vec<u32>,
    /// The open units, outermost first; the last is the unit read last.
    stack: Vec<usize>,
    /// Each unit's last child, and the last top-level unit.
    last_child: Vec<Option<usize>>,
    last_top: Option<usize>,
    /// The prefix of each unit's last decimal child (`3` for a section `2` holding `3.1`).
    child_prefix: Vec<Option<Number>>,
    /// The last number read at each rank, anywhere (numbering that runs across parents).
    last_of_rank: BTreeMap<u32, Number>,
    /// A worded unit (`РОЗДІЛ 2`) waiting for its heading on the next line.
    pending_heading: Option<usize>,
    /// The table's column count (0 for a text document).
    columns: usize,
    diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a Source) -> Builder<'a> {
        Builder {
            src,
            units: Vec::new(),
            parents: Vec::new(),
            ranks: Vec::new(),
            stack: Vec::new(),
            last_child: Vec::new(),
            last_top: None,
            child_prefix: Vec::new(),
            last_of_rank: BTreeMap::new(),
            pending_heading: None,
            columns: 0,
            diags: Vec::new(),
        }
    }

    /// A unit's label for messages: `Розділ 2`, `5.2`, `1)`.
    fn label(&self, i: usize) -> String {
        let u = &self.units[i];
        match &u.word {
            Some(w) => format!("{w} {}", u.number),
            None => u.number.to_string(),
        }
    }

    /// A unit's label with the start of its text: `2. Організація роботи е-сервісу …`.
    fn long_label(&self, i: usize) -> String {
        let head = self.units[i].head();
        let short: String = head.chars().take(50).collect();
        let more = if short.len() < head.len() { "…" } else { "" };
        if head.is_empty() {
            self.label(i)
        } else {
            let dot = match self.units[i].number {
                Number::Paren(_) | Number::Letter(_) => "",
                _ => ".",
            };
            format!("{}{dot} {short}{more}", self.label(i))
        }
    }

    /// The first child a parent's numbering expects for a number of this shape.
    fn first_child(&self, parent: Option<usize>, n: &Number) -> Option<Number> {
        match n {
            Number::Decimal(l) => {
                let d = l.len();
                let Some(par) = parent else {
                    return n.with_last_value(1);
                };
                let mut levels: Vec<Level> = match &self.units[par].number {
                    Number::Decimal(pl) => pl.clone(),
                    Number::Roman(k) => vec![Level { n: *k, sup: 0 }],
                    _ => return None,
                };
                // Points `1.` under a worded or Roman section.
                if d == 1 && self.ranks[par] < 10 {
                    return Some(Number::decimal(&[1]));
                }
                if d != levels.len() + 1 {
                    return None;
                }
                levels.push(Level { n: 1, sup: 0 });
                Some(Number::Decimal(levels))
            }
            Number::Roman(_) => Some(Number::Roman(1)),
            Number::Paren(_) => Some(Number::Paren(1)),
            Number::Letter(_) => Some(Number::Letter('а')),
        }
    }

    fn place(&self, n: &Number, rank: u32) -> Place {
        let mut keep = self.stack.len();
        while keep > 0 && self.ranks[self.stack[keep - 1]] >= rank {
            keep -= 1;
        }
        if n.depth() >= 2 && matches!(n, Number::Decimal(_)) {
            while keep > 0 {
                let open = &self.units[self.stack[keep - 1]].number;
                if matches!(open, Number::Decimal(_)) && open.depth() >= 2 && !open.is_prefix_of(n)
                {
                    keep -= 1;
                } else {
                    break;
                }
            }
        }
        let parent = keep.checked_sub(1).map(|k| self.stack[k]);
        let last = match parent {
            Some(p) => self.last_child[p],
            None => self.last_top,
        };
        let prev = last.filter(|&s| self.ranks[s] == rank);
        let mut expected = Vec::new();
        let mut fits = self.units.is_empty();
        if let Some(s) = prev {
            let sn = &self.units[s].number;
            expected.extend(sn.next_sibling());
            if let Some(cp) = &self.child_prefix[s]
                && cp != sn
                && cp.depth() == sn.depth()
            {
                expected.extend(cp.next_sibling());
            }
            fits |= sup_insertion(sn, n);
        } else {
            expected.extend(self.first_child(parent, n));
            // `2.2` after `2.1.2`: the next sibling of the deeper last child's prefix.
            if let (Some(lc), Number::Decimal(nl)) = (last, n)
                && let Number::Decimal(ll) = &self.units[lc].number
                && ll.len() > nl.len()
            {
                expected.extend(Number::Decimal(ll[..nl.len()].to_vec()).next_sibling());
            }
            let runs_across = rank <= 11 && !(rank == 11 && parent.is_none());
            if runs_across && let Some(l) = self.last_of_rank.get(&rank) {
                expected.extend(l.next_sibling());
            }
        }
        fits |= expected.contains(n);
        Place {
            keep,
            parent,
            prev,
            fits,
            expected: expected.into_iter().next(),
        }
    }

    fn text_line(&mut self, l: &RawLine<'_>) {
        match classify(l.text) {
            Line::Blank => {}
            Line::Note(n) => self.note(n),
            Line::Text => self.paragraph(l.text.trim().to_string()),
            Line::Date(at) => {
                let cur = self.current_label();
                self.diags.push(
                    Diagnostic::warning(
                        "Z203",
                        format!(
                            "рядок починається з дати; його прочитано як абзац елемента «{cur}»"
                        ),
                        format!(
                            "the line starts with a date; it is read as a paragraph of «{cur}»"
                        ),
                    )
                    .at(self.src.span_at(l.offset + at, 10))
                    .with_line(l.text),
                );
                self.paragraph(l.text.trim().to_string());
            }
            Line::Unit(c) => self.text_unit(c, l),
        }
    }

    fn current_label(&self) -> String {
        self.units
            .len()
            .checked_sub(1)
            .map_or_else(String::new, |i| self.label(i))
    }

    fn text_unit(&mut self, c: Cand, l: &RawLine<'_>) {
        let rank = rank(&c.number, c.word.as_deref());
        let p = self.place(&c.number, rank);
        if !p.fits {
            let (uk_why, en_why, as_unit) = match (&c.word, &c.number) {
                (Some(w), _) => (
                    format!("номер зі словом «{w}»"),
                    format!("a number with the word «{w}»"),
                    true,
                ),
                (None, Number::Decimal(lv)) if lv.len() >= 2 => (
                    "багаторівневий номер".to_string(),
                    "a multi-level number".to_string(),
                    c.sep != Sep::Space,
                ),
                (None, Number::Decimal(_) | Number::Roman(_)) => {
                    let small = c.number.last_value().is_some_and(|v| v < 1000);
                    if c.text.is_empty() {
                        ("номер без тексту".into(), "a number alone".into(), small)
                    } else {
                        (
                            "рядок заголовка".into(),
                            "a heading line".into(),
                            small && heading_like(&c.text),
                        )
                    }
                }
                (None, _) => (String::new(), String::new(), false),
            };
            let as_unit = as_unit || self.units.is_empty();
            let (exp_uk, exp_en) = match &p.expected {
                Some(e) => (format!(" (очікувався «{e}»)"), format!(" (expected «{e}»)")),
                None => (String::new(), String::new()),
            };
            let n = &c.number;
            let span = self.src.span_at(l.offset + c.start, c.len as u32);
            if as_unit {
                let mut d = Diagnostic::warning(
                    "Z201",
                    format!("номер «{n}» не продовжує нумерацію{exp_uk}; рядок прочитано як новий елемент ({uk_why})"),
                    format!("the number «{n}» does not continue the numbering{exp_en}; the line is read as a new unit ({en_why})"),
                )
                .at(span)
                .with_line(l.text);
                if let Some(par) = p.parent.filter(|&x| !self.units[x].number.is_prefix_of(n)) {
                    let pl = self.long_label(par);
                    d = d.hint(
                        format!("батьківський елемент визначено за розташуванням: «{pl}»"),
                        format!("its parent is taken by position: «{pl}»"),
                    );
                }
                self.diags.push(d);
            } else {
                let cur = self.current_label();
                self.diags.push(
                    Diagnostic::warning(
                        "Z202",
                        format!("рядок починається з «{n}», але цей номер не продовжує нумерацію{exp_uk}; рядок прочитано як абзац елемента «{cur}»"),
                        format!("the line starts with «{n}», which does not continue the numbering{exp_en}; the line is read as a paragraph of «{cur}»"),
                    )
                    .at(span)
                    .with_line(l.text),
                );
                self.paragraph(l.text.trim().to_string());
                return;
            }
        }
        let pending = matches!(c.sep, Sep::Word { dot: false }) && c.text.is_empty();
        let i = self.push(p, c.number, c.word, c.text, rank, UnitKind::Section);
        self.pending_heading = pending.then_some(i);
    }

    /// Add a unit at its place; returns its index.
    fn push(
        &mut self,
        p: Place,
        number: Number,
        word: Option<String>,
        text: String,
        rank: u32,
        kind: UnitKind,
    ) -> usize {
        let i = self.units.len();
        self.stack.truncate(p.keep);
        match p.parent {
            Some(par) => {
                self.last_child[par] = Some(i);
                if matches!(number, Number::Decimal(_)) {
                    self.child_prefix[par] = number.parent_prefix();
                }
            }
            None => self.last_top = Some(i),
        }
        self.last_of_rank.insert(rank, number.clone());
        self.units.push(Unit {
            id: UnitId(i as u32 + 1),
            parent: p.parent.map(|x| UnitId(x as u32 + 1)),
            kind,
            number,
            word,
            paras: vec![text],
            notes: Vec::new(),
        });
        self.parents.push(p.parent);
        self.ranks.push(rank);
        self.last_child.push(None);
        self.child_prefix.push(None);
        self.stack.push(i);
        self.pending_heading = None;
        i
    }

    fn note(&mut self, n: String) {
        // The body starts with a unit, so there always is one.
        if let Some(u) = self.units.last_mut() {
            u.notes.push(n);
        }
        self.pending_heading = None;
    }

    fn paragraph(&mut self, text: String) {
        let pending = self.pending_heading.take();
        if let Some(u) = self.units.last_mut() {
            if pending.is_some() && u.paras.len() == 1 && u.paras[0].is_empty() {
                u.paras[0] = text;
            } else {
                u.paras.push(text);
            }
        }
    }

    /// Kinds of a text document's units (see the module docs).
    fn text_kinds(&mut self) {
        for i in 0..self.units.len() {
            let parent = self.parents[i];
            let parent_kind = parent.map(|p| self.units[p].kind);
            let u = &self.units[i];
            let kind = match (&u.word, &u.number) {
                (Some(w), _) if w.to_lowercase() == "стаття" && parent.is_some() => {
                    UnitKind::Point
                }
                (Some(_), _) | (None, Number::Roman(_)) => UnitKind::Section,
                (None, Number::Decimal(l)) if l.len() == 1 => match parent {
                    None => UnitKind::Section,
                    Some(_) => UnitKind::Point,
                },
                (None, Number::Decimal(l)) if l.len() == 2 => match parent_kind {
                    Some(UnitKind::Point | UnitKind::Subpoint) => UnitKind::Subpoint,
                    _ => UnitKind::Point,
                },
                _ => UnitKind::Subpoint,
            };
            self.units[i].kind = kind;
        }
    }

    fn table_line(&mut self, l: &RawLine<'_>, title: &mut Vec<String>) {
        let text = l.text.trim_matches(' ');
        if text.trim().is_empty() {
            return;
        }
        if let Some(n) = line::note(text.trim()) {
            self.note(n);
            return;
        }
        let cells: Vec<&str> = text.split('\t').map(str::trim).collect();
        // The number: the first cell; or a unit line typed without a TAB after its number
        // (`1. Благоустрій`, `Розділ 2. …`), read as a row without a warning.
        let found = match row_number(cells[0]) {
            Some(n) => Some((n, None, cells[1..].iter().map(|c| c.to_string()).collect())),
            None => match classify(text) {
                Line::Unit(c) if is_strong(&c) => {
                    let rest: Vec<String> =
                        c.text.split('\t').map(|x| x.trim().to_string()).collect();
                    Some((c.number, c.word, rest))
                }
                _ => None,
            },
        };
        let Some((number, word, rest)) = found else {
            let (uk, en) = match self.units.len().checked_sub(1) {
                Some(i) => {
                    let cur = self.label(i);
                    (
                        format!("перша графа рядка таблиці не є номером; рядок прочитано як абзац рядка «{cur}»"),
                        format!("the first cell of a table line is not a number; the line is read as a paragraph of row «{cur}»"),
                    )
                }
                None => (
                    "перша графа рядка таблиці не є номером; рядок додано до заголовка документа".to_string(),
                    "the first cell of a table line is not a number; the line is added to the title block".to_string(),
                ),
            };
            let lead = l.text.len() - l.text.trim_start().len();
            self.diags.push(
                Diagnostic::warning("Z205", uk, en)
                    .at(self
                        .src
                        .span_at(l.offset + lead, cells[0].chars().count().max(1) as u32))
                    .with_line(l.text),
            );
            if self.units.is_empty() {
                title.push(title_line(text));
            } else {
                // TABs kept: trimmed, `<TAB>I` would read back as a row numbered `I`.
                self.paragraph(text.to_string());
            }
            return;
        };
        // Trailing empty cells are kept (the columns stay aligned), except after a heading
        // row's single cell and on a row without any text.
        let mut rest: Vec<String> = rest;
        let filled = rest
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |p| p + 1);
        if filled <= 1 {
            rest.truncate(filled);
        }
        let rank = rank(&number, word.as_deref());
        let p = self.place(&number, rank);
        let lead = l.text.len() - l.text.trim_start().len();
        // Spans are computed only for warnings: `span_at` counts lines from the file's start.
        let span_len = cells[0].chars().count() as u32;
        if let Some(prev) = p.prev
            && self.units[prev].number >= number
        {
            let pn = &self.units[prev].number;
            self.diags.push(
                Diagnostic::warning(
                    "Z208",
                    format!("номер рядка «{number}» не більший за номер попереднього рядка того ж рівня «{pn}»"),
                    format!("the row number «{number}» is not greater than the previous row's «{pn}» at its level"),
                )
                .at(self.src.span_at(l.offset + lead, span_len))
                .with_line(l.text),
            );
        }
        if rest.len() >= 2 && rest.len() + 1 != self.columns {
            let (k, m) = (rest.len() + 1, self.columns);
            self.diags.push(
                Diagnostic::warning(
                    "Z206",
                    format!("у рядку «{number}» {k} граф, а в заголовку таблиці {m}; графи залишено як є"),
                    format!("row «{number}» has {k} cells, the header has {m}; the cells are kept as they are"),
                )
                .at(self.src.span_at(l.offset + lead, span_len))
                .with_line(l.text),
            );
        }
        let kind = if rest.len() == 1 {
            UnitKind::HeadingRow
        } else {
            UnitKind::Row
        };
        self.push(p, number, word, rest.join("\t"), rank, kind);
    }
}

/// `6` → `6¹`, `6¹` → `6²`: a superscript inserted after its base.
fn sup_insertion(prev: &Number, n: &Number) -> bool {
    match (prev, n) {
        (Number::Decimal(a), Number::Decimal(b)) if a.len() == b.len() && !a.is_empty() => {
            let k = a.len() - 1;
            a[..k] == b[..k] && a[k].n == b[k].n && b[k].sup > a[k].sup
        }
        _ => false,
    }
}

/// A heading line: short, opening like a heading, without final punctuation.
fn heading_like(text: &str) -> bool {
    let last = text.chars().last();
    text.chars().count() <= 150
        && starts_like_heading(text)
        && !matches!(last, None | Some('.' | ';' | ':' | ',' | '!' | '?'))
}
