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
use super::timeline::Timeline;
use super::{akn, docx, html, label, markdown, table};
use crate::ir::{Change, Decision, Diagnostic, Edition, Severity, Source, UnitId};
use askama::Template;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// One piece of rendering work. Tasks are independent: each renders its own files (no two
/// tasks write the same path), in any order or in parallel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Task {
    /// `style.css`.
    Style,
    /// `index.html`.
    Index,
    /// The page of `SiteInput::decisions[k]`.
    Decision(usize),
    /// Edition `edition` of `SiteInput::documents[doc]`: its five files, the diffs and tables of
    /// the decision that made it, and for the newest edition the document's `current.*`.
    Edition { doc: usize, edition: usize },
}

/// The rendered bytes of one file (shared: `current.txt` is the newest edition's `.txt`).
pub type Bytes = std::sync::Arc<Vec<u8>>;

/// What a document's pages need besides its editions, computed once per document.
struct DocData {
    stems: Vec<String>,
    /// Built on first use, so that a build whose cached files cover a document never pays for it.
    timeline: std::sync::OnceLock<Timeline>,
}

/// The site, ready to render task by task.
pub struct Site<'a> {
    input: &'a SiteInput<'a>,
    decision_pages: BTreeMap<String, String>,
    titles: BTreeMap<&'a str, &'a Decision>,
    docs: Vec<DocData>,
    /// Decision id → the (document, edition) pairs it made, in document order.
    made: HashMap<&'a str, Vec<(usize, usize)>>,
}

impl<'a> Site<'a> {
    pub fn new(input: &'a SiteInput<'a>) -> Site<'a> {
        let decision_pages = input
            .decisions
            .iter()
            .map(|d| (d.decision.id.clone(), decision_page(&d.decision.id)))
            .collect();
        let titles = input
            .decisions
            .iter()
            .map(|d| (d.decision.id.as_str(), d.decision))
            .collect();
        let mut made: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for (k, doc) in input.documents.iter().enumerate() {
            for (i, e) in doc.editions.iter().enumerate() {
                if let Some(d) = e.decisions.last() {
                    let v = made.entry(d.id.as_str()).or_default();
                    // The first edition a decision made of a document, as `position` finds.
                    if !v.iter().any(|(x, _)| *x == k) {
                        v.push((k, i));
                    }
                }
            }
        }
        let docs = input
            .documents
            .iter()
            .map(|d| DocData {
                stems: label::edition_stems(&d.editions),
                timeline: std::sync::OnceLock::new(),
            })
            .collect();
        Site {
            input,
            decision_pages,
            titles,
            docs,
            made,
        }
    }

    /// Every task of the site, the heaviest first (a parallel run then ends evenly).
    pub fn tasks(&self) -> Vec<Task> {
        let mut out = Vec::new();
        for (d, doc) in self.input.documents.iter().enumerate() {
            for i in 0..doc.editions.len() {
                out.push(Task::Edition { doc: d, edition: i });
            }
        }
        let size = |t: &Task| match *t {
            Task::Edition { doc, .. } => self
                .input
                .documents
                .get(doc)
                .and_then(|d| d.editions.last())
                .map_or(0, |e| e.units.len()),
            _ => 0,
        };
        out.sort_by_key(|t| std::cmp::Reverse(size(t)));
        out.extend((0..self.input.decisions.len()).map(Task::Decision));
        out.push(Task::Index);
        out.push(Task::Style);
        out
    }

    /// The decision whose place in the corpus decides a task's bytes: everything the task
    /// renders follows from the corpus up to and including that decision (the replay never
    /// looks ahead). None for pages that show the whole corpus (`index.html`, `style.css`).
    pub fn basis(&self, t: Task) -> Option<&'a str> {
        match t {
            Task::Style | Task::Index => None,
            Task::Decision(k) => self.input.decisions.get(k).map(|d| d.decision.id.as_str()),
            Task::Edition { doc, edition } => {
                let doc = self.input.documents.get(doc)?;
                // For the newest edition the task also writes `current.*`, which lists every
                // edition: all of them were made by the newest's decision or before it.
                doc.editions
                    .get(edition)?
                    .decisions
                    .last()
                    .map(|d| d.id.as_str())
            }
        }
    }

    /// What a task renders, in words that do not depend on its place in the task list
    /// (`edition 2023-03-22-326/1 #0`): with [`Site::basis`], a cache key.
    pub fn identity(&self, t: Task) -> String {
        match t {
            Task::Style => "style".into(),
            Task::Index => "index".into(),
            Task::Decision(k) => format!(
                "decision {}",
                self.input
                    .decisions
                    .get(k)
                    .map_or("", |d| d.decision.id.as_str())
            ),
            Task::Edition { doc, edition } => format!(
                "edition {} #{edition}",
                self.input.documents.get(doc).map_or("", |d| d.id)
            ),
        }
    }

    /// The files a task writes, without rendering them.
    pub fn paths(&self, t: Task) -> Vec<String> {
        match t {
            Task::Style => vec!["style.css".into()],
            Task::Index => vec!["index.html".into()],
            Task::Decision(k) => self
                .input
                .decisions
                .get(k)
                .map(|d| vec![decision_page(&d.decision.id)])
                .unwrap_or_default(),
            Task::Edition { doc, edition } => {
                let mut out = Vec::new();
                let Some(d) = self.input.documents.get(doc) else {
                    return out;
                };
                for base in self.edition_bases(doc, edition) {
                    for ext in FORMATS {
                        out.push(format!("{base}.{ext}"));
                    }
                }
                if let Some(ddir) = self.diff_dir(d, edition) {
                    for ext in DIFFS {
                        out.push(format!("{ddir}.{ext}"));
                    }
                }
                out
            }
        }
    }

    /// `documents/<doc>/editions/<stem>`, and `documents/<doc>/current` for the newest.
    fn edition_bases(&self, doc: usize, i: usize) -> Vec<String> {
        let (Some(d), Some(data)) = (self.input.documents.get(doc), self.docs.get(doc)) else {
            return Vec::new();
        };
        let dir = document_dir(d.id);
        let stem = data.stems.get(i).map_or("", String::as_str);
        let mut out = vec![format!("{dir}editions/{stem}")];
        if i + 1 == d.editions.len() {
            out.push(format!("{dir}current"));
        }
        out
    }

    /// `decisions/<decision>/<doc>`: where the diffs of edition `i` go (None for the first).
    fn diff_dir(&self, doc: &DocHistory, i: usize) -> Option<String> {
        if i == 0 {
            return None;
        }
        let d = doc.editions.get(i)?.decisions.last()?;
        Some(format!(
            "decisions/{}/{}",
            label::decision_slug(&d.id),
            label::doc_slug(doc.id)
        ))
    }

    /// Render one task: its files, exactly the paths of [`Site::paths`], in that order.
    pub fn render(&self, t: Task) -> Vec<(String, Bytes)> {
        match t {
            Task::Style => vec![(
                "style.css".into(),
                Bytes::new(html::CSS.as_bytes().to_vec()),
            )],
            Task::Index => vec![(
                "index.html".into(),
                Bytes::new(index_html(self).into_bytes()),
            )],
            Task::Decision(k) => self
                .input
                .decisions
                .get(k)
                .map(|view| {
                    vec![(
                        decision_page(&view.decision.id),
                        Bytes::new(decision_html(self, view).into_bytes()),
                    )]
                })
                .unwrap_or_default(),
            Task::Edition { doc, edition } => self.render_edition(doc, edition),
        }
    }

    fn timeline(&self, doc: usize) -> Option<&Timeline> {
        let d = self.input.documents.get(doc)?;
        let data = self.docs.get(doc)?;
        Some(data.timeline.get_or_init(|| Timeline::new(&d.editions)))
    }

    fn render_edition(&self, doc_ix: usize, i: usize) -> Vec<(String, Bytes)> {
        let input = self.input;
        let mut out = Vec::new();
        let (Some(doc), Some(data), Some(timeline)) = (
            input.documents.get(doc_ix),
            self.docs.get(doc_ix),
            self.timeline(doc_ix),
        ) else {
            return out;
        };
        let Some(e) = doc.editions.get(i).copied() else {
            return out;
        };
        let dir = document_dir(doc.id);
        let stems = &data.stems;
        let stem = stems.get(i).cloned().unwrap_or_default();
        let text = Bytes::new((input.formats.text)(e).into_bytes());
        let md = Bytes::new(markdown::markdown(e).into_bytes());
        let json = Bytes::new((input.formats.json)(e).into_bytes());
        let xml = Bytes::new(
            akn::akn(
                &doc.editions[..=i],
                doc.changes.get(..=i).unwrap_or(&doc.changes),
                &input.author,
                timeline,
            )
            .into_bytes(),
        );
        for (k, base) in self.edition_bases(doc_ix, i).into_iter().enumerate() {
            let current_page = k == 1;
            let mut page = Some(Bytes::new(
                html::html(&html::EditionContext {
                    editions: &doc.editions,
                    stems,
                    shown: i,
                    current_page,
                    root: if current_page { "../../" } else { "../../../" }.to_string(),
                    decision_pages: &self.decision_pages,
                    standalone: false,
                    timeline,
                })
                .into_bytes(),
            ));
            for ext in FORMATS {
                let bytes = match ext {
                    "txt" => text.clone(),
                    "md" => md.clone(),
                    "html" => page.take().unwrap_or_default(),
                    "xml" => xml.clone(),
                    _ => json.clone(),
                };
                out.push((format!("{base}.{ext}"), bytes));
            }
        }
        // What the decision that made this edition changed.
        let (Some(ddir), Some(before), Some(d)) = (
            self.diff_dir(doc, i),
            i.checked_sub(1).and_then(|j| doc.editions.get(j)),
            e.decisions.last(),
        ) else {
            return out;
        };
        let before_stem = stems.get(i - 1).cloned().unwrap_or_default();
        let ctx = DiffContext {
            root: "../../".into(),
            document_title: doc.title.clone(),
            document_dir: dir.clone(),
            decision_caption: label::decision_caption(d),
            decision_title: self
                .titles
                .get(d.id.as_str())
                .and_then(|x| x.title.clone())
                .unwrap_or_default(),
            decision_page: self
                .decision_pages
                .get(&d.id)
                .cloned()
                .unwrap_or_else(|| decision_page(&d.id)),
            before_stem: before_stem.clone(),
            after_stem: stem.clone(),
        };
        let old_text = (input.formats.text)(before);
        let new_text = String::from_utf8_lossy(&text);
        let unified = diff::unified(
            &old_text,
            &new_text,
            &format!("a/{dir}editions/{before_stem}.txt"),
            &format!("b/{dir}editions/{stem}.txt"),
        );
        for ext in DIFFS {
            let bytes = match ext {
                "diff" => unified.clone().into_bytes(),
                "diff.html" => diff::html(&ctx, before, e).into_bytes(),
                "table.html" => table::html(&ctx, before, e).into_bytes(),
                _ => docx::docx(&ctx, Some(d.date), before, e),
            };
            out.push((format!("{ddir}.{ext}"), Bytes::new(bytes)));
        }
        out
    }
}

/// The formats of every edition, in the order a task writes them.
const FORMATS: [&str; 5] = ["txt", "md", "html", "xml", "json"];
/// The files of a decision's change to one document.
const DIFFS: [&str; 4] = ["diff", "diff.html", "table.html", "table.docx"];

/// Render the whole site into memory (small corpora, tests); `zminy build` renders task by
/// task instead and writes each file as it comes.
pub fn render_site(input: &SiteInput) -> BTreeMap<String, Vec<u8>> {
    let site = Site::new(input);
    let parts: Vec<Vec<(String, Bytes)>> = site
        .tasks()
        .into_par_iter()
        .map(|t| site.render(t))
        .collect();
    parts
        .into_iter()
        .flatten()
        .map(|(p, b)| (p, std::sync::Arc::unwrap_or_clone(b)))
        .collect()
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

fn doc_links(site: &Site, decision: &str) -> Vec<DocLink> {
    let mut out = Vec::new();
    for &(k, i) in site.made.get(decision).map_or(&[][..], Vec::as_slice) {
        let (Some(doc), Some(data)) = (site.input.documents.get(k), site.docs.get(k)) else {
            continue;
        };
        let dir = document_dir(doc.id);
        let stem = data.stems.get(i).cloned().unwrap_or_default();
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

fn decision_html(site: &Site, view: &DecisionView) -> String {
    let d = view.decision;
    // Links per source line (original numbering) from the change logs of the editions this
    // decision made.
    let mut by_line: BTreeMap<u32, Vec<LineLink>> = BTreeMap::new();
    for &(k, i) in site.made.get(d.id.as_str()).map_or(&[][..], Vec::as_slice) {
        let (Some(doc), Some(data)) = (site.input.documents.get(k), site.docs.get(k)) else {
            continue;
        };
        let stems = &data.stems;
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
        documents: doc_links(site, &d.id),
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

fn index_html(site: &Site) -> String {
    let input = site.input;
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
                links: doc_links(site, &d.id),
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
