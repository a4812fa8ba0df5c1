//! The published site: every document, edition, decision and diff as files, from values in
//! memory (the caller writes them to `output/`). Deterministic: the same input gives the same
//! bytes, DOCX included.
//!
//! # Layout (paths relative to the output folder; stable)
//! ```text
//! index.html                                   documents, and decisions by date
//! style.css                                    the one stylesheet (print-friendly)
//! documents/<doc>/current.{txt,md,html,xml,json}           the newest edition
//! documents/<doc>/editions/<YYYY-MM-DD>.{txt,md,html,xml,json}  every edition, by date in force
//! decisions/<decision>/index.html              the decision's text, links, diagnostics
//! decisions/<decision>/<doc>.diff              unified diff of the text editions
//! decisions/<decision>/<doc>.diff.html         the diff aligned by unit, word highlights
//! decisions/<decision>/<doc>.table.html        the comparative table (порівняльна таблиця)
//! decisions/<decision>/<doc>.table.docx        the same as a Word file
//! ```
//! `<doc>` is the document id with `/` made `-` (`2023-03-22-326/1` → `2023-03-22-326-1`),
//! `<decision>` the decision's folder name; a second edition in force from the same date gets
//! `-2` after the date. The per-decision diff files exist for each document the decision
//! amended (not for the one it approved: that is the first edition).

use super::diff::{self, DiffContext};
use super::{akn, docx, html, label, markdown, table};
use crate::ir::{Change, Decision, Diagnostic, Edition, Severity, Source, UnitId};
use askama::Template;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The writers of formats that live in other modules (the canonical text and the contract's
/// JSON): `Formats { text: render::text::text, json: render::json::json }`.
#[derive(Clone, Copy)]
pub struct Formats {
    pub text: fn(&Edition) -> String,
    pub json: fn(&Edition) -> String,
}

/// Everything the site shows.
pub struct SiteInput<'a> {
    pub documents: Vec<DocHistory<'a>>,
    pub decisions: Vec<DecisionView<'a>>,
    pub formats: Formats,
    /// The issuing body's slug in Akoma Ntoso URIs (`kryvyi-rih-vykonkom`).
    pub author: String,
}

/// One document and its editions.
pub struct DocHistory<'a> {
    /// The document id (`2023-03-22-326/1`).
    pub id: &'a str,
    /// The title shown in lists (usually the newest edition's `title_line`).
    pub title: String,
    /// Oldest first; `editions[i].as_of` and `.decisions` set; `editions[0]` is the approved
    /// text. The decision that made edition `i` is `editions[i].decisions.last()`.
    pub editions: Vec<&'a Edition>,
    /// `changes[i]` is what made `editions[i]` from `editions[i - 1]`; `changes[0]` is empty.
    pub changes: Vec<Vec<Change>>,
}

/// One decision of the corpus, applied or not.
pub struct DecisionView<'a> {
    pub decision: &'a Decision,
    pub source: &'a Source,
    pub diagnostics: &'a [Diagnostic],
}

/// The path of a document's folder from the output root (`documents/<doc>/`).
pub fn document_dir(id: &str) -> String {
    format!("documents/{}/", label::doc_slug(id))
}

/// The path of a decision's page from the output root.
pub fn decision_page(id: &str) -> String {
    format!("decisions/{}/index.html", label::decision_slug(id))
}

/// Which edition of a document a decision made, if any.
fn made_by(doc: &DocHistory, decision: &str) -> Option<usize> {
    doc.editions
        .iter()
        .position(|e| e.decisions.last().is_some_and(|d| d.id == decision))
}

/// Render the whole site.
pub fn render_site(input: &SiteInput) -> BTreeMap<String, Vec<u8>> {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    out.insert("style.css".into(), html::CSS.as_bytes().to_vec());
    let decision_pages: BTreeMap<String, String> = input
        .decisions
        .iter()
        .map(|d| (d.decision.id.clone(), decision_page(&d.decision.id)))
        .collect();
    let titles: BTreeMap<&str, &Decision> = input
        .decisions
        .iter()
        .map(|d| (d.decision.id.as_str(), d.decision))
        .collect();

    // Documents and decision pages render in parallel (rayon); the result is a BTreeMap, so
    // the order of work never reaches the output.
    let docs: Vec<BTreeMap<String, Vec<u8>>> = input
        .documents
        .par_iter()
        .map(|doc| {
            let mut part = BTreeMap::new();
            render_document(input, doc, &decision_pages, &titles, &mut part);
            part
        })
        .collect();
    for part in docs {
        out.extend(part);
    }
    let pages: Vec<(String, Vec<u8>)> = input
        .decisions
        .par_iter()
        .map(|view| {
            (
                decision_page(&view.decision.id),
                decision_html(input, view).into_bytes(),
            )
        })
        .collect();
    out.extend(pages);
    out.insert("index.html".into(), index_html(input).into_bytes());
    out
}

fn render_document(
    input: &SiteInput,
    doc: &DocHistory,
    decision_pages: &BTreeMap<String, String>,
    decisions: &BTreeMap<&str, &Decision>,
    out: &mut BTreeMap<String, Vec<u8>>,
) {
    let dir = document_dir(doc.id);
    let stems = label::edition_stems(&doc.editions);
    let n = doc.editions.len();
    // Every edition (and the diffs that made it) renders on its own: in parallel.
    let parts: Vec<BTreeMap<String, Vec<u8>>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let e = doc.editions[i];
            let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
            let stem = stems.get(i).cloned().unwrap_or_default();
            let mut pages = vec![(format!("{dir}editions/{stem}"), false, "../../../")];
            if i + 1 == n {
                pages.push((format!("{dir}current"), true, "../../"));
            }
            let text = (input.formats.text)(e);
            let md = markdown::markdown(e);
            let json = (input.formats.json)(e);
            let xml = akn::akn(
                &doc.editions[..=i],
                doc.changes.get(..=i).unwrap_or(&doc.changes),
                &input.author,
            );
            for (base, current_page, root) in pages {
                let page = html::html(&html::EditionContext {
                    editions: &doc.editions,
                    stems: &stems,
                    shown: i,
                    current_page,
                    root: root.to_string(),
                    decision_pages,
                    standalone: false,
                });
                out.insert(format!("{base}.txt"), text.clone().into_bytes());
                out.insert(format!("{base}.md"), md.clone().into_bytes());
                out.insert(format!("{base}.html"), page.into_bytes());
                out.insert(format!("{base}.xml"), xml.clone().into_bytes());
                out.insert(format!("{base}.json"), json.clone().into_bytes());
            }
            // What the decision that made this edition changed.
            if i == 0 {
                return out;
            }
            let (Some(before), Some(d)) = (doc.editions.get(i - 1), e.decisions.last()) else {
                return out;
            };
            let ddir = format!("decisions/{}/", label::decision_slug(&d.id));
            let slug = label::doc_slug(doc.id);
            let before_stem = stems.get(i - 1).cloned().unwrap_or_default();
            let ctx = DiffContext {
                root: "../../".into(),
                document_title: doc.title.clone(),
                document_dir: dir.clone(),
                decision_caption: label::decision_caption(d),
                decision_title: decisions
                    .get(d.id.as_str())
                    .and_then(|x| x.title.clone())
                    .unwrap_or_default(),
                decision_page: decision_pages
                    .get(&d.id)
                    .cloned()
                    .unwrap_or_else(|| decision_page(&d.id)),
                before_stem: before_stem.clone(),
                after_stem: stem.clone(),
            };
            let old_text = (input.formats.text)(before);
            let unified = diff::unified(
                &old_text,
                &text,
                &format!("a/{dir}editions/{before_stem}.txt"),
                &format!("b/{dir}editions/{stem}.txt"),
            );
            out.insert(format!("{ddir}{slug}.diff"), unified.into_bytes());
            out.insert(
                format!("{ddir}{slug}.diff.html"),
                diff::html(&ctx, before, e).into_bytes(),
            );
            out.insert(
                format!("{ddir}{slug}.table.html"),
                table::html(&ctx, before, e).into_bytes(),
            );
            out.insert(
                format!("{ddir}{slug}.table.docx"),
                docx::docx(&ctx, Some(d.date), before, e),
            );
            out
        })
        .collect();
    for part in parts {
        out.extend(part);
    }
}

/// A document as a decision concerns it.
struct DocLink {
    verb: &'static str,
    title: String,
    date: String,
    amended: bool,
    edition_href: String,
    diff: String,
    diff_html: String,
    table_html: String,
    table_docx: String,
}

fn doc_links(input: &SiteInput, decision: &str) -> Vec<DocLink> {
    let mut out = Vec::new();
    for doc in &input.documents {
        let Some(i) = made_by(doc, decision) else {
            continue;
        };
        let dir = document_dir(doc.id);
        let stems = label::edition_stems(&doc.editions);
        let stem = stems.get(i).cloned().unwrap_or_default();
        let ddir = format!("decisions/{}/", label::decision_slug(decision));
        let slug = label::doc_slug(doc.id);
        out.push(DocLink {
            verb: if i == 0 {
                "Затверджує"
            } else {
                "Змінює"
            },
            title: doc.title.clone(),
            date: doc
                .editions
                .get(i)
                .map(|e| label::edition_date(e))
                .unwrap_or_default(),
            amended: i > 0,
            edition_href: format!("{dir}editions/{stem}.html"),
            diff: format!("{ddir}{slug}.diff"),
            diff_html: format!("{ddir}{slug}.diff.html"),
            table_html: format!("{ddir}{slug}.table.html"),
            table_docx: format!("{ddir}{slug}.table.docx"),
        });
    }
    out
}

struct LineLink {
    item: String,
    op: String,
    document: String,
    units: Vec<(String, String)>,
}

struct LineView {
    number: u32,
    text: String,
    class: String,
    links: Vec<LineLink>,
    marks: Vec<(&'static str, String)>,
}

struct DiagView {
    severity: &'static str,
    severity_word: &'static str,
    code: &'static str,
    item: Option<String>,
    line: u32,
    message: String,
    hints: Vec<String>,
}

#[derive(Template)]
#[template(path = "decision.html", config = "src/render/askama.toml")]
struct DecisionPage<'a> {
    root: &'a str,
    inline_css: Option<&'static str>,
    page_title: String,
    body: Option<String>,
    heading: String,
    title: Option<String>,
    file: String,
    documents: Vec<DocLink>,
    diagnostics: Vec<DiagView>,
    diag_word: &'static str,
    lines: Vec<LineView>,
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// «Рішення від 04.12.2023 № 1460».
fn decision_heading(d: &Decision) -> String {
    let mut s = "Рішення".to_string();
    if let Some(date) = d.date {
        s.push_str(&format!(" від {}", date.dmy()));
    }
    if let Some(n) = &d.number {
        s.push_str(&format!(" № {n}"));
    }
    if d.date.is_none() && d.number.is_none() {
        s.push_str(&format!(" {}", d.id));
    }
    s
}

fn decision_html(input: &SiteInput, view: &DecisionView) -> String {
    let d = view.decision;
    // Links per source line (original numbering) from the change logs of the editions this
    // decision made.
    let mut by_line: BTreeMap<u32, Vec<LineLink>> = BTreeMap::new();
    for doc in &input.documents {
        let Some(i) = made_by(doc, &d.id) else {
            continue;
        };
        let stems = label::edition_stems(&doc.editions);
        let dir = document_dir(doc.id);
        let (Some(after), Some(stem)) = (doc.editions.get(i), stems.get(i)) else {
            continue;
        };
        let before = i.checked_sub(1).and_then(|j| doc.editions.get(j));
        let before_stem = i.checked_sub(1).and_then(|j| stems.get(j));
        for c in doc.changes.get(i).map_or(&[][..], Vec::as_slice) {
            if c.decision != d.id {
                continue;
            }
            let mut units = Vec::new();
            let mut seen: BTreeSet<UnitId> = BTreeSet::new();
            for id in &c.units {
                if !seen.insert(*id) {
                    continue;
                }
                if let Some(u) = after.unit(*id) {
                    units.push((
                        label::unit_ref(u),
                        format!("{dir}editions/{stem}.html#{}", label::uid(*id)),
                    ));
                } else if let (Some(b), Some(bs)) = (before, before_stem)
                    && let Some(u) = b.unit(*id)
                {
                    units.push((
                        format!("{} (виключено)", label::unit_ref(u)),
                        format!("{dir}editions/{bs}.html#{}", label::uid(*id)),
                    ));
                }
            }
            by_line.entry(c.line).or_default().push(LineLink {
                item: c.item.clone(),
                op: op_word(&c.op).to_string(),
                document: doc.title.clone(),
                units,
            });
        }
    }
    let mut marks: BTreeMap<u32, Vec<(&'static str, String)>> = BTreeMap::new();
    let diagnostics: Vec<DiagView> = view
        .diagnostics
        .iter()
        .map(|g| {
            let line = g.span.as_ref().map_or(0, |s| s.line);
            if line > 0 {
                marks.entry(line).or_default().push((
                    severity_class(g.severity),
                    format!(
                        "{} [{}]: {}",
                        g.severity.word(crate::ir::Lang::Uk),
                        g.code,
                        g.message.uk
                    ),
                ));
            }
            DiagView {
                severity: severity_class(g.severity),
                severity_word: g.severity.word(crate::ir::Lang::Uk),
                code: g.code,
                item: g.item.clone(),
                line,
                message: g.message.uk.clone(),
                hints: g.hints.iter().map(|h| h.uk.clone()).collect(),
            }
        })
        .collect();
    let lines = view
        .source
        .lines()
        .map(|(idx, text)| {
            let number = view.source.original_line(idx);
            let links = by_line.remove(&number).unwrap_or_default();
            let m = marks.remove(&number).unwrap_or_default();
            let mut class = Vec::new();
            if !links.is_empty() {
                class.push("instr");
            }
            if !m.is_empty() {
                class.push("diag");
            }
            LineView {
                number,
                text: text.to_string(),
                class: class.join(" "),
                links,
                marks: m,
            }
        })
        .collect();
    let n = view.diagnostics.len();
    let page = DecisionPage {
        root: "../../",
        inline_css: None,
        page_title: decision_heading(d),
        body: d.body.clone(),
        heading: decision_heading(d),
        title: d.title.clone(),
        file: view.source.name.clone(),
        documents: doc_links(input, &d.id),
        diagnostics,
        diag_word: if (1..=4).contains(&(n % 10)) && !(11..=14).contains(&(n % 100)) {
            "зауваження"
        } else {
            "зауважень"
        },
        lines,
    };
    page.render().map(html::tidy).unwrap_or_default()
}

/// The operation's name in Ukrainian, for the decision page.
fn op_word(op: &str) -> &str {
    match op {
        "replace_words" => "заміна слів",
        "insert_words" => "доповнення словами",
        "delete_words" => "виключення слів",
        "restate" => "нова редакція",
        "insert_units" => "доповнення положеннями",
        "delete_units" => "виключення положень",
        "renumber" => "перенумерування",
        "repeal" => "втрата чинності",
        other => other,
    }
}

struct IndexDoc {
    id: String,
    title: String,
    dir: String,
    date: String,
    editions: usize,
}

struct IndexDecision {
    date: String,
    number: String,
    title: String,
    page: String,
    warnings: usize,
    links: Vec<DocLink>,
}

#[derive(Template)]
#[template(path = "index.html", config = "src/render/askama.toml")]
struct IndexPage<'a> {
    root: &'a str,
    inline_css: Option<&'static str>,
    page_title: String,
    documents: Vec<IndexDoc>,
    decisions: Vec<IndexDecision>,
}

fn index_html(input: &SiteInput) -> String {
    let documents = input
        .documents
        .iter()
        .map(|d| IndexDoc {
            id: d.id.to_string(),
            title: d.title.clone(),
            dir: document_dir(d.id),
            date: d
                .editions
                .last()
                .map(|e| label::edition_date(e))
                .unwrap_or_default(),
            editions: d.editions.len(),
        })
        .collect();
    let mut views: Vec<&DecisionView> = input.decisions.iter().collect();
    views.sort_by(|a, b| {
        (
            a.decision.date.is_none(),
            a.decision.date,
            &a.decision.number,
            &a.decision.id,
        )
            .cmp(&(
                b.decision.date.is_none(),
                b.decision.date,
                &b.decision.number,
                &b.decision.id,
            ))
    });
    let decisions = views
        .iter()
        .map(|v| {
            let d = v.decision;
            IndexDecision {
                date: d.date.map(|x| x.dmy()).unwrap_or_default(),
                number: d.number.clone().unwrap_or_default(),
                title: d.title.clone().unwrap_or_else(|| d.id.clone()),
                page: decision_page(&d.id),
                warnings: v
                    .diagnostics
                    .iter()
                    .filter(|g| g.severity != Severity::Note)
                    .count(),
                links: doc_links(input, &d.id),
            }
        })
        .collect();
    IndexPage {
        root: "",
        inline_css: None,
        page_title: "Консолідовані тексти".into(),
        documents,
        decisions,
    }
    .render()
    .map(html::tidy)
    .unwrap_or_default()
}
