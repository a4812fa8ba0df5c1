//! What a decision changed in a document: units aligned by stable id, word-level differences,
//! the unified diff of the text editions and the HTML diff page.
//!
//! Alignment pairs each unit of the edition after with its own former self by [`UnitId`], so a
//! renumbered point is shown as «5.2 → 5.5», never as a deletion plus an insertion. Deleted units
//! are placed right after the nearest preceding unit that survived. Word differences use
//! similar's Patience algorithm over a Ukrainian-aware tokenizer (apostrophes and hyphens inside
//! words keep the word whole); whitespace between two changes is merged into them, so a changed
//! phrase is one `<del>` and one `<ins>`.

use super::label;
use crate::ir::{Edition, Unit, UnitId, UnitKind};
use askama::Template;
use similar::{Algorithm, DiffTag, TextDiff};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// How long one word diff may take before similar falls back to a coarser result. Generous:
/// paragraphs are short, and a fallback would make output depend on the machine.
const DEADLINE: Duration = Duration::from_secs(10);

/// How a unit fared between two editions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Same,
    /// Its text changed.
    Changed,
    /// Its number changed, its text did not.
    Renumbered,
    /// Both changed.
    RenumberedChanged,
    Inserted,
    /// Gone, or left without text (deleted without renumbering: its note is all that remains).
    Deleted,
}

impl Status {
    /// The Ukrainian badge shown in diffs.
    pub fn word(self) -> &'static str {
        match self {
            Status::Same => "без змін",
            Status::Changed => "змінено",
            Status::Renumbered => "перенумеровано",
            Status::RenumberedChanged => "перенумеровано і змінено",
            Status::Inserted => "новий",
            Status::Deleted => "виключено",
        }
    }

    /// A CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::Changed => "changed",
            Status::Renumbered => "renumbered",
            Status::RenumberedChanged => "renumbered changed",
            Status::Inserted => "inserted",
            Status::Deleted => "deleted",
        }
    }
}

/// A unit of the edition before and/or after.
#[derive(Clone, Debug)]
pub struct Pair<'a> {
    pub old: Option<&'a Unit>,
    pub new: Option<&'a Unit>,
    pub status: Status,
}

impl Pair<'_> {
    /// The unit's stable id.
    pub fn id(&self) -> UnitId {
        self.new.or(self.old).map_or(UnitId(0), |u| u.id)
    }

    /// «п. 5.2 → 5.5», «п. 5.1», «п. 5.3 (новий)».
    pub fn caption(&self) -> String {
        match (self.old, self.new) {
            (Some(o), Some(n)) if o.number != n.number => {
                format!("{} → {}", label::unit_ref(o), n.number)
            }
            (_, Some(n)) => label::unit_ref(n),
            (Some(o), None) => label::unit_ref(o),
            (None, None) => String::new(),
        }
    }
}

/// A unit's text for comparison: its paragraphs joined by `\n` (a row's cells by TAB).
pub fn unit_text(u: &Unit) -> String {
    u.paras.join("\n")
}

/// Align two editions of one document by unit id, in the order of the edition after.
pub fn align<'a>(before: &'a Edition, after: &'a Edition) -> Vec<Pair<'a>> {
    let old_by_id: BTreeMap<UnitId, &Unit> = before.units.iter().map(|u| (u.id, &**u)).collect();
    let new_ids: BTreeSet<UnitId> = after.units.iter().map(|u| u.id).collect();
    // Deleted units, grouped under the nearest preceding surviving unit (None: the start).
    let mut gone: BTreeMap<Option<UnitId>, Vec<&Unit>> = BTreeMap::new();
    let mut last_kept = None;
    for u in &before.units {
        if new_ids.contains(&u.id) {
            last_kept = Some(u.id);
        } else {
            gone.entry(last_kept).or_default().push(u);
        }
    }
    let deleted = |u: &'a Unit| Pair {
        old: Some(u),
        new: None,
        status: Status::Deleted,
    };
    let mut out: Vec<Pair<'a>> = Vec::new();
    out.extend(
        gone.remove(&None)
            .unwrap_or_default()
            .into_iter()
            .map(deleted),
    );
    for n in &after.units {
        let old = old_by_id.get(&n.id).copied();
        let status = match old {
            None => Status::Inserted,
            Some(o) => {
                let renumbered = o.number != n.number;
                let changed = o.paras != n.paras || o.kind != n.kind || o.word != n.word;
                match (renumbered, changed) {
                    _ if n.paras.is_empty() && !o.paras.is_empty() => Status::Deleted,
                    (false, false) => Status::Same,
                    (false, true) => Status::Changed,
                    (true, false) => Status::Renumbered,
                    (true, true) => Status::RenumberedChanged,
                }
            }
        };
        out.push(Pair {
            old,
            new: Some(n),
            status,
        });
        if old.is_some() {
            out.extend(
                gone.remove(&Some(n.id))
                    .unwrap_or_default()
                    .into_iter()
                    .map(deleted),
            );
        }
    }
    // Units whose surviving anchor moved away from them: keep them, at the end.
    for (_, rest) in gone {
        out.extend(rest.into_iter().map(deleted));
    }
    out
}

/// A stretch of a word-level diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Same(String),
    /// One change: what was removed and what was put in its place (either may be empty).
    Change {
        del: String,
        ins: String,
    },
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Split text into words (apostrophes `'’ʼ` and hyphens between letters kept inside: `зв’язку`,
/// `інформаційно-комунікаційних`, `IVR-системі`), runs of spaces, and single other characters;
/// TAB and newline are tokens of their own.
pub fn tokens(s: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let mut j = i + 1;
        if is_word_char(c) {
            while j < chars.len() {
                let d = chars[j].1;
                let joiner = matches!(d, '\'' | '’' | 'ʼ' | '-' | '\u{2010}' | '\u{2011}');
                if is_word_char(d)
                    || (joiner && chars.get(j + 1).is_some_and(|&(_, e)| is_word_char(e)))
                {
                    j += 1;
                } else {
                    break;
                }
            }
        } else if c == ' ' || (c.is_whitespace() && c != '\n' && c != '\t') {
            while j < chars.len()
                && chars[j].1.is_whitespace()
                && chars[j].1 != '\n'
                && chars[j].1 != '\t'
            {
                j += 1;
            }
        }
        let end = chars.get(j).map_or(s.len(), |&(b, _)| b);
        out.push(&s[start..end]);
        i = j;
    }
    out
}

/// The word-level difference of two texts, adjacent changes merged.
pub fn words(old: &str, new: &str) -> Vec<Seg> {
    let a = tokens(old);
    let b = tokens(new);
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Patience,
        &a,
        &b,
        Some(Instant::now() + DEADLINE),
    );
    // (tag, old text, new text) per op.
    let mut runs: Vec<(DiffTag, String, String)> = Vec::new();
    for op in &ops {
        let (tag, r_old, r_new) = op.as_tag_tuple();
        let o: String = a.get(r_old).unwrap_or_default().concat();
        let n: String = b.get(r_new).unwrap_or_default().concat();
        runs.push((tag, o, n));
    }
    // Whitespace (or nothing but a hyphen/dash) between two changes belongs to the change.
    let mut segs: Vec<Seg> = Vec::new();
    for (i, (tag, o, n)) in runs.iter().enumerate() {
        let absorbed = *tag == DiffTag::Equal
            && i > 0
            && i + 1 < runs.len()
            && o.chars().all(|c| c == ' ')
            && runs[i - 1].0 != DiffTag::Equal
            && runs[i + 1].0 != DiffTag::Equal;
        if *tag == DiffTag::Equal && !absorbed {
            match segs.last_mut() {
                Some(Seg::Same(s)) => s.push_str(o),
                _ => segs.push(Seg::Same(o.clone())),
            }
        } else {
            match segs.last_mut() {
                Some(Seg::Change { del, ins }) => {
                    del.push_str(o);
                    ins.push_str(n);
                }
                _ => segs.push(Seg::Change {
                    del: o.clone(),
                    ins: n.clone(),
                }),
            }
        }
    }
    segs
}

/// The unified diff of two text editions, with headers naming them.
pub fn unified(old_text: &str, new_text: &str, old_name: &str, new_name: &str) -> String {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .deadline(Instant::now() + DEADLINE)
        .diff_lines(old_text, new_text);
    diff.unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// A piece of rendered diff text.
#[derive(Clone, Debug)]
pub struct Piece {
    /// `same`, `del`, `ins`, `tab` (a cell boundary) or `br` (a paragraph boundary).
    pub kind: &'static str,
    pub text: String,
}

fn push_split(out: &mut Vec<Piece>, kind: &'static str, text: &str) {
    let mut cur = String::new();
    for c in text.chars() {
        if c == '\t' || c == '\n' {
            if !cur.is_empty() {
                out.push(Piece {
                    kind,
                    text: std::mem::take(&mut cur),
                });
            }
            out.push(Piece {
                kind: if c == '\t' { "tab" } else { "br" },
                text: String::new(),
            });
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(Piece { kind, text: cur });
    }
}

/// A unit's change as inline pieces: removed text in `del`, added in `ins`.
pub fn pieces(pair: &Pair) -> Vec<Piece> {
    let old = pair.old.map(unit_text).unwrap_or_default();
    let new = pair.new.map(unit_text).unwrap_or_default();
    let mut out = Vec::new();
    match pair.status {
        Status::Inserted => push_split(&mut out, "ins", &new),
        Status::Deleted => push_split(&mut out, "del", &old),
        _ => {
            for seg in words(&old, &new) {
                match seg {
                    Seg::Same(s) => push_split(&mut out, "same", &s),
                    Seg::Change { del, ins } => {
                        push_split(&mut out, "del", &del);
                        push_split(&mut out, "ins", &ins);
                    }
                }
            }
        }
    }
    out
}

/// What the HTML diff page and the comparative table need to know about their context.
#[derive(Clone, Debug)]
pub struct DiffContext {
    /// The path from the page to the output root (`../../`).
    pub root: String,
    pub document_title: String,
    /// The document page's path from the root (`documents/2023-03-22-326-1/`).
    pub document_dir: String,
    /// The decision, as captioned (`рішення від 04.12.2023 № 1460`), its title and page path.
    pub decision_caption: String,
    pub decision_title: String,
    pub decision_page: String,
    /// The file stems of the editions before and after (`2023-03-22`, `2023-12-04`).
    pub before_stem: String,
    pub after_stem: String,
}

/// One block of the HTML diff: a changed unit, or a run of unchanged ones.
pub struct DiffBlock {
    pub elided: usize,
    pub caption: String,
    pub status_word: &'static str,
    pub status_class: &'static str,
    /// The unit in the edition after (or before, when deleted), from the output root.
    pub href: String,
    pub heading: bool,
    pub pieces: Vec<Piece>,
    /// A run of units renumbered without other change, shown as one block.
    pub group: Vec<GroupItem>,
}

/// One unit of a run of renumberings.
pub struct GroupItem {
    pub caption: String,
    pub href: String,
    pub text: String,
}

/// Runs this long or longer of units that were only renumbered are shown as one block.
const GROUP_MIN: usize = 3;

#[derive(Template)]
#[template(path = "diff.html", config = "src/render/askama.toml")]
struct DiffPage<'a> {
    root: &'a str,
    inline_css: Option<&'static str>,
    page_title: String,
    ctx: &'a DiffContext,
    before_date: String,
    after_date: String,
    blocks: Vec<DiffBlock>,
    counts: Vec<(String, usize)>,
}

/// The HTML diff page of one decision on one document.
pub fn html(ctx: &DiffContext, before: &Edition, after: &Edition) -> String {
    let pairs = align(before, after);
    let href = |p: &Pair| {
        format!(
            "{}editions/{}.html#{}",
            ctx.document_dir,
            if p.new.is_some() {
                &ctx.after_stem
            } else {
                &ctx.before_stem
            },
            label::uid(p.id())
        )
    };
    let is_heading = |p: &Pair| {
        p.new
            .or(p.old)
            .is_some_and(|u| matches!(u.kind, UnitKind::Section | UnitKind::HeadingRow))
    };
    let mut blocks = Vec::new();
    let mut elided = 0;
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut i = 0;
    while i < pairs.len() {
        let p = &pairs[i];
        if p.status == Status::Same {
            elided += 1;
            i += 1;
            continue;
        }
        if elided > 0 {
            blocks.push(elided_block(elided));
            elided = 0;
        }
        let run = pairs[i..]
            .iter()
            .take_while(|q| q.status == Status::Renumbered && !is_heading(q))
            .count();
        if run >= GROUP_MIN {
            let group = &pairs[i..i + run];
            *counts.entry(Status::Renumbered.word()).or_default() += run;
            let (first, last) = (&group[0], &group[run - 1]);
            let num = |u: Option<&Unit>| u.map(|u| u.number.to_string()).unwrap_or_default();
            blocks.push(DiffBlock {
                elided: 0,
                caption: format!(
                    "{}–{} → {}–{}",
                    first.old.map(label::unit_ref).unwrap_or_default(),
                    num(last.old),
                    num(first.new),
                    num(last.new)
                ),
                status_word: Status::Renumbered.word(),
                status_class: Status::Renumbered.class(),
                href: href(first),
                heading: false,
                pieces: Vec::new(),
                group: group
                    .iter()
                    .map(|q| GroupItem {
                        caption: q.caption(),
                        href: href(q),
                        text: q.new.map(unit_text).unwrap_or_default(),
                    })
                    .collect(),
            });
            i += run;
            continue;
        }
        *counts.entry(p.status.word()).or_default() += 1;
        blocks.push(DiffBlock {
            elided: 0,
            caption: p.caption(),
            status_word: p.status.word(),
            status_class: p.status.class(),
            href: href(p),
            heading: is_heading(p),
            pieces: pieces(p),
            group: Vec::new(),
        });
        i += 1;
    }
    if elided > 0 {
        blocks.push(elided_block(elided));
    }
    let page = DiffPage {
        root: &ctx.root,
        inline_css: None,
        page_title: format!("Зміни: {} — {}", ctx.document_title, ctx.decision_caption),
        ctx,
        before_date: label::edition_date(before),
        after_date: label::edition_date(after),
        blocks,
        counts: counts
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    };
    page.render().map(super::html::tidy).unwrap_or_default()
}

fn elided_block(n: usize) -> DiffBlock {
    DiffBlock {
        elided: n,
        caption: String::new(),
        status_word: "",
        status_class: "",
        href: String::new(),
        heading: false,
        pieces: Vec::new(),
        group: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_ukrainian_words_whole() {
        assert_eq!(
            tokens("зв’язку з інформаційно-комунікаційних, IVR-системі  - так"),
            [
                "зв’язку",
                " ",
                "з",
                " ",
                "інформаційно-комунікаційних",
                ",",
                " ",
                "IVR-системі",
                "  ",
                "-",
                " ",
                "так"
            ]
        );
    }

    #[test]
    fn adjacent_changes_merge() {
        let segs = words(
            "управління інформаційно-комунікаційних технологій виконкому",
            "управління технічного захисту інформації та інформаційно-комунікаційних технологій виконкому",
        );
        assert_eq!(
            segs,
            [
                Seg::Same("управління ".into()),
                Seg::Change {
                    del: "".into(),
                    ins: "технічного захисту інформації та ".into()
                },
                Seg::Same("інформаційно-комунікаційних технологій виконкому".into()),
            ]
        );
        let segs = words("a b c d", "a x y d");
        assert_eq!(
            segs,
            [
                Seg::Same("a ".into()),
                Seg::Change {
                    del: "b c".into(),
                    ins: "x y".into()
                },
                Seg::Same(" d".into()),
            ]
        );
    }
}
