//! Akoma Ntoso 3.0 XML of an edition (quick-xml's writer): FRBR identification with ELI-style
//! URIs, a lifecycle event per decision, a `textualMod` per change log entry, and the body with
//! an `eId` that follows the numbers and a `wId` that never changes.
//!
//! - A document of sections and points is an `<act name="rishennia">` with a `<body>` of nested
//!   `<section>`/`<point>` elements (subpoints are nested `<point>`s); a table (a classifier) is a
//!   `<doc name="klasyfikator">` whose `<mainBody>` holds one `<table>` with a `<tr>` per row.
//! - URIs: the work is the appendix of the approving decision,
//!   `/akn/ua/act/rishennia/<author>/2023-03-22/326/dodatok-1`; the expression adds
//!   `/ukr@<date in force>`, the manifestation `.akn`.
//! - `eId`: see [`label::eids`] (`sec_5__point_5.2`; table rows `row_22.4.11`, heading rows
//!   `hrow_22`); `wId`: `u17` from the unit's stable id.
//! - References: the approving decision is `<original>`, amending ones are `<passiveRef>`
//!   (`eId="ref_<decision id>"`); `eventRef` and `textualMod/source` point at them.
//! - A `textualMod`'s destination is the unit's `eId` in this edition (`#sec_5__point_5.2`), or —
//!   for a unit no longer in it — its `eId` in the expression of the last edition that had it
//!   (`…/ukr@2023-03-22/!main#sec_5__point_5.3`), since the bare `eId` may now name another unit.
//! - Notes (`{…}`) become `<note>`s in `<meta><notes>`, referred to by `<noteRef>` at the end of
//!   the unit's text.

use super::label;
use super::timeline::Timeline;
use crate::ir::{Change, Edition, Unit, UnitId, UnitKind};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;

/// The namespace of Akoma Ntoso 3.0.
pub const NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// The issuing body's slug used in URIs when none is given.
pub const DEFAULT_AUTHOR: &str = "vykonkom";

type W = Writer<Vec<u8>>;

/// The work URI of a document (without `/!main`).
pub fn work_uri(document: &str, author: &str) -> String {
    let (decision, appendix) = document.split_once('/').unwrap_or((document, "1"));
    let author = label::doc_slug(author);
    match decision_uri_parts(decision) {
        Some((date, number)) => format!(
            "/akn/ua/act/rishennia/{author}/{date}/{number}/dodatok-{}",
            label::doc_slug(appendix)
        ),
        None => format!(
            "/akn/ua/act/rishennia/{author}/{}/dodatok-{}",
            label::doc_slug(decision),
            label::doc_slug(appendix)
        ),
    }
}

/// The work URI of a decision from its folder name (`2023-12-04-1460`).
pub fn decision_uri(id: &str, author: &str) -> String {
    let author = label::doc_slug(author);
    match decision_uri_parts(id) {
        Some((date, number)) => format!("/akn/ua/act/rishennia/{author}/{date}/{number}"),
        None => format!("/akn/ua/act/rishennia/{author}/{}", label::doc_slug(id)),
    }
}

fn decision_uri_parts(id: &str) -> Option<(String, String)> {
    let date = id.get(..10)?;
    crate::ir::Date::parse_iso(date)?;
    let number = id.get(11..)?;
    (!number.is_empty()).then(|| (date.to_string(), label::doc_slug(number)))
}

fn ref_eid(decision: &str) -> String {
    format!("ref_{}", label::decision_slug(decision))
}

fn start(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    let mut e = BytesStart::new(name);
    for a in attrs {
        e.push_attribute(*a);
    }
    w.write_event(Event::Start(e))
}

fn end(w: &mut W, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn empty(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    let mut e = BytesStart::new(name);
    for a in attrs {
        e.push_attribute(*a);
    }
    w.write_event(Event::Empty(e))
}

/// An element holding text and, at its end, references to notes.
fn inline(
    w: &mut W,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
    notes: &[String],
) -> io::Result<()> {
    start(w, name, attrs)?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    for n in notes {
        empty(w, "noteRef", &[("href", &format!("#{n}"))])?;
        // Keep the closing tag on the same line (no whitespace inside mixed content).
        w.write_event(Event::Text(BytesText::new("")))?;
    }
    end(w, name)
}

struct Ctx<'a> {
    eids: HashMap<UnitId, String>,
    children: BTreeMap<Option<UnitId>, Vec<&'a Unit>>,
    notes: BTreeMap<UnitId, Vec<String>>,
    done: BTreeSet<UnitId>,
}

/// Akoma Ntoso of the last of `editions` (a document's editions, oldest first), with the
/// change logs that made each (`changes[i]` made `editions[i]`; `changes[0]` is empty).
/// `timeline` is the document's [`Timeline`] over at least `editions` (it may cover later
/// editions too: only what was known by the last of `editions` is used).
pub fn akn(
    editions: &[&Edition],
    changes: &[Vec<Change>],
    author: &str,
    timeline: &Timeline,
) -> String {
    let Some(e) = editions.last().copied() else {
        return String::new();
    };
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let _ = write_doc(&mut w, e, editions, changes, author, timeline);
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

/// Akoma Ntoso of a single edition, without its history of changes.
pub fn akn_single(e: &Edition) -> String {
    akn(&[e], &[], DEFAULT_AUTHOR, &Timeline::new(&[e]))
}

fn write_doc(
    w: &mut W,
    e: &Edition,
    editions: &[&Edition],
    changes: &[Vec<Change>],
    author: &str,
    timeline: &Timeline,
) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    start(w, "akomaNtoso", &[("xmlns", NS)])?;
    let is_table = e.table.is_some();
    let (root, name) = if is_table {
        ("doc", "klasyfikator")
    } else {
        ("act", "rishennia")
    };
    start(w, root, &[("name", name)])?;

    // Notes are numbered in document order.
    let mut notes: BTreeMap<UnitId, Vec<String>> = BTreeMap::new();
    let mut note_texts: Vec<(String, &str)> = Vec::new();
    let mut doc_notes = Vec::new();
    for n in &e.notes {
        let id = format!("note_{}", note_texts.len() + 1);
        note_texts.push((id.clone(), n));
        doc_notes.push(id);
    }
    for u in &e.units {
        for n in &u.notes {
            let id = format!("note_{}", note_texts.len() + 1);
            note_texts.push((id.clone(), n));
            notes.entry(u.id).or_default().push(id);
        }
    }

    let eids = label::eids(e);
    write_meta(
        w,
        e,
        editions,
        changes,
        author,
        &eids,
        &note_texts,
        timeline,
    )?;

    // Preface: the title block, the document's title as docTitle.
    let title = e.title_line();
    start(w, "preface", &[])?;
    for line in e.title.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if !title.contains(line) {
            inline(w, "p", &[("class", "stamp")], line, &[])?;
        }
    }
    start(w, "p", &[("class", "title")])?;
    inline(w, "docTitle", &[], &title, &doc_notes)?;
    end(w, "p")?;
    end(w, "preface")?;

    let mut children: BTreeMap<Option<UnitId>, Vec<&Unit>> = BTreeMap::new();
    let known: BTreeSet<UnitId> = e.units.iter().map(|u| u.id).collect();
    for u in &e.units {
        let parent = u.parent.filter(|p| known.contains(p));
        children.entry(parent).or_default().push(u);
    }
    let mut ctx = Ctx {
        eids,
        children,
        notes,
        done: BTreeSet::new(),
    };
    if let Some(t) = &e.table {
        start(w, "mainBody", &[])?;
        start(w, "table", &[("eId", "table_1")])?;
        let width = t
            .columns
            .len()
            .max(
                e.units
                    .iter()
                    .map(|u| u.cells().len() + 1)
                    .max()
                    .unwrap_or(1),
            )
            .max(2);
        start(w, "tr", &[])?;
        for i in 0..width {
            start(w, "th", &[])?;
            inline(
                w,
                "p",
                &[],
                t.columns.get(i).map_or("", String::as_str),
                &[],
            )?;
            end(w, "th")?;
        }
        end(w, "tr")?;
        for u in &e.units {
            let eid = ctx.eids.get(&u.id).cloned().unwrap_or_default();
            let wid = label::uid(u.id);
            let un = ctx.notes.get(&u.id).cloned().unwrap_or_default();
            start(w, "tr", &[("eId", &eid), ("wId", &wid)])?;
            start(w, "td", &[])?;
            inline(w, "p", &[], &u.number.to_string(), &[])?;
            end(w, "td")?;
            if u.kind == UnitKind::HeadingRow {
                let span = (width - 1).to_string();
                start(w, "td", &[("colspan", &span)])?;
                inline(w, "p", &[], u.head(), &un)?;
                end(w, "td")?;
            } else {
                let cells = u.cells();
                for i in 0..width - 1 {
                    start(w, "td", &[])?;
                    let last = i + 2 == width;
                    inline(
                        w,
                        "p",
                        &[],
                        cells.get(i).copied().unwrap_or(""),
                        if last { &un } else { &[] },
                    )?;
                    end(w, "td")?;
                }
            }
            end(w, "tr")?;
        }
        end(w, "table")?;
        end(w, "mainBody")?;
    } else {
        start(w, "body", &[])?;
        let top = ctx.children.get(&None).cloned().unwrap_or_default();
        for u in top {
            write_unit(w, u, &mut ctx)?;
        }
        end(w, "body")?;
    }
    end(w, root)?;
    end(w, "akomaNtoso")
}

fn write_unit(w: &mut W, u: &Unit, ctx: &mut Ctx) -> io::Result<()> {
    if !ctx.done.insert(u.id) {
        return Ok(());
    }
    let (element, _) = label::akn_element(u.kind);
    let eid = ctx.eids.get(&u.id).cloned().unwrap_or_default();
    let wid = label::uid(u.id);
    let notes = ctx.notes.get(&u.id).cloned().unwrap_or_default();
    let kids = ctx.children.get(&Some(u.id)).cloned().unwrap_or_default();
    start(w, element, &[("eId", &eid), ("wId", &wid)])?;
    inline(w, "num", &[], &label::num_label(u), &[])?;
    let mut paras: &[String] = &u.paras;
    let mut notes_left: &[String] = &notes;
    if u.kind == UnitKind::Section {
        let head = paras.first().map_or("", String::as_str);
        let rest = paras.get(1..).unwrap_or(&[]);
        inline(
            w,
            "heading",
            &[],
            head,
            if rest.is_empty() { &notes } else { &[] },
        )?;
        if rest.is_empty() {
            notes_left = &[];
        }
        paras = rest;
    }
    let block = if kids.is_empty() { "content" } else { "intro" };
    if !paras.is_empty()
        || (kids.is_empty() && u.kind != UnitKind::Section)
        || !notes_left.is_empty()
    {
        start(w, block, &[])?;
        if paras.is_empty() {
            inline(w, "p", &[], "", notes_left)?;
        }
        for (i, p) in paras.iter().enumerate() {
            let last = i + 1 == paras.len();
            inline(w, "p", &[], p, if last { notes_left } else { &[] })?;
        }
        end(w, block)?;
    }
    for k in kids {
        write_unit(w, k, ctx)?;
    }
    end(w, element)
}

#[allow(clippy::too_many_arguments)]
fn write_meta(
    w: &mut W,
    e: &Edition,
    editions: &[&Edition],
    changes: &[Vec<Change>],
    author: &str,
    eids: &HashMap<UnitId, String>,
    note_texts: &[(String, &str)],
    timeline: &Timeline,
) -> io::Result<()> {
    let work = work_uri(&e.document, author);
    let work_date = editions
        .first()
        .and_then(|f| f.decisions.first().map(|d| d.date).or(f.as_of))
        .or(e.as_of)
        .map_or_else(|| "1970-01-01".to_string(), |d| d.iso());
    let expr_date = e.as_of.map_or_else(|| work_date.clone(), |d| d.iso());
    let expr = format!("{work}/ukr@{expr_date}");
    let number = e
        .document
        .split_once('/')
        .and_then(|(d, _)| decision_uri_parts(d))
        .map(|(_, n)| n);
    start(w, "meta", &[])?;
    start(w, "identification", &[("source", "#zminy")])?;
    start(w, "FRBRWork", &[])?;
    empty(w, "FRBRthis", &[("value", &format!("{work}/!main"))])?;
    empty(w, "FRBRuri", &[("value", &work)])?;
    empty(
        w,
        "FRBRdate",
        &[("date", &work_date), ("name", "generation")],
    )?;
    empty(w, "FRBRauthor", &[("href", "#author")])?;
    empty(w, "FRBRcountry", &[("value", "ua")])?;
    if let Some(n) = &number {
        empty(w, "FRBRnumber", &[("value", n)])?;
    }
    empty(w, "FRBRname", &[("value", &e.title_line())])?;
    end(w, "FRBRWork")?;
    start(w, "FRBRExpression", &[])?;
    empty(w, "FRBRthis", &[("value", &format!("{expr}/!main"))])?;
    empty(w, "FRBRuri", &[("value", &expr)])?;
    let expr_kind = if e.decisions.len() > 1 {
        "amendment"
    } else {
        "generation"
    };
    empty(w, "FRBRdate", &[("date", &expr_date), ("name", expr_kind)])?;
    empty(w, "FRBRauthor", &[("href", "#author")])?;
    empty(w, "FRBRlanguage", &[("language", "ukr")])?;
    end(w, "FRBRExpression")?;
    start(w, "FRBRManifestation", &[])?;
    empty(w, "FRBRthis", &[("value", &format!("{expr}/!main.akn"))])?;
    empty(w, "FRBRuri", &[("value", &format!("{expr}.akn"))])?;
    empty(
        w,
        "FRBRdate",
        &[("date", &expr_date), ("name", "transformation")],
    )?;
    empty(w, "FRBRauthor", &[("href", "#zminy")])?;
    end(w, "FRBRManifestation")?;
    end(w, "identification")?;

    if !e.decisions.is_empty() {
        start(w, "lifecycle", &[("source", "#zminy")])?;
        for (i, d) in e.decisions.iter().enumerate() {
            let kind = if i == 0 { "generation" } else { "amendment" };
            empty(
                w,
                "eventRef",
                &[
                    ("eId", &format!("evt_{}", i + 1)),
                    ("date", &d.date.iso()),
                    ("source", &format!("#{}", ref_eid(&d.id))),
                    ("type", kind),
                ],
            )?;
        }
        end(w, "lifecycle")?;
    }

    let all: Vec<(usize, &Change)> = changes
        .iter()
        .enumerate()
        .take(editions.len())
        .flat_map(|(i, cs)| cs.iter().map(move |c| (i, c)))
        .collect();
    if !all.is_empty() {
        // eIds of units that are gone, from the last edition that had them.
        // They are named in that edition's expression, since their eId may now belong to
        // another unit (a point deleted while its followers were renumbered).
        let mut gone: BTreeMap<UnitId, String> = BTreeMap::new();
        let last = editions.len().saturating_sub(1);
        for (_, c) in &all {
            for id in &c.units {
                if eids.contains_key(id) || gone.contains_key(id) {
                    continue;
                }
                if let Some((j, eid)) = timeline.gone_eid(*id, last) {
                    let date = editions
                        .get(j)
                        .and_then(|ed| ed.as_of)
                        .map_or_else(|| work_date.clone(), |d| d.iso());
                    gone.insert(*id, format!("{work}/ukr@{date}/!main#{eid}"));
                }
            }
        }
        start(w, "analysis", &[("source", "#zminy")])?;
        start(w, "passiveModifications", &[])?;
        for (n, (_, c)) in all.iter().enumerate() {
            let kind = match c.kind {
                crate::ir::ChangeKind::Substitution => "substitution",
                crate::ir::ChangeKind::Insertion => "insertion",
                crate::ir::ChangeKind::Repeal => "repeal",
                crate::ir::ChangeKind::Renumbering => "renumbering",
            };
            start(
                w,
                "textualMod",
                &[("eId", &format!("pmod_{}", n + 1)), ("type", kind)],
            )?;
            empty(
                w,
                "source",
                &[("href", &format!("#{}", ref_eid(&c.decision)))],
            )?;
            let mut dests = 0;
            for id in &c.units {
                let href = match (eids.get(id), gone.get(id)) {
                    (Some(eid), _) => format!("#{eid}"),
                    (None, Some(uri)) => uri.clone(),
                    (None, None) => continue,
                };
                empty(w, "destination", &[("href", &href)])?;
                dests += 1;
            }
            if dests == 0 {
                empty(w, "destination", &[("href", &format!("{work}/!main"))])?;
            }
            end(w, "textualMod")?;
        }
        end(w, "passiveModifications")?;
        end(w, "analysis")?;
    }

    start(w, "references", &[("source", "#zminy")])?;
    for (i, d) in e.decisions.iter().enumerate() {
        let element = if i == 0 { "original" } else { "passiveRef" };
        empty(
            w,
            element,
            &[
                ("eId", &ref_eid(&d.id)),
                ("href", &format!("{}/!main", decision_uri(&d.id, author))),
                ("showAs", &label::decision_caption(d)),
            ],
        )?;
    }
    // Decisions named by the change log but not (yet) listed in the edition.
    let listed: BTreeSet<&str> = e.decisions.iter().map(|d| d.id.as_str()).collect();
    let extra: BTreeSet<&str> = all
        .iter()
        .map(|(_, c)| c.decision.as_str())
        .filter(|d| !listed.contains(d))
        .collect();
    for d in extra {
        empty(
            w,
            "passiveRef",
            &[
                ("eId", &ref_eid(d)),
                ("href", &format!("{}/!main", decision_uri(d, author))),
                ("showAs", d),
            ],
        )?;
    }
    empty(
        w,
        "TLCOrganization",
        &[
            ("eId", "author"),
            (
                "href",
                &format!("/ontology/organization/ua/{}", label::doc_slug(author)),
            ),
            ("showAs", author),
        ],
    )?;
    empty(
        w,
        "TLCOrganization",
        &[
            ("eId", "zminy"),
            ("href", "/ontology/organization/zminy"),
            ("showAs", "zminy"),
        ],
    )?;
    end(w, "references")?;

    if !note_texts.is_empty() {
        start(w, "notes", &[("source", "#zminy")])?;
        for (id, text) in note_texts {
            start(w, "note", &[("eId", id)])?;
            inline(w, "p", &[], text, &[])?;
            end(w, "note")?;
        }
        end(w, "notes")?;
    }
    end(w, "meta")
}
