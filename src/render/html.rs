//! HTML of an edition (askama, escaping on): the title and «Редакція від …, підстава — …», the
//! editions selector, a table of contents, every unit with its anchors, notes linked to the
//! decision pages, and each unit's history. Readable without JavaScript; printable.
//!
//! # Anchors
//! Every unit carries `id="u17"` (stable for its life: link with this) and, on its number,
//! `id="p5.5"` (its number in the edition shown; see [`label`]). A unit that had another number
//! in an earlier edition also carries an empty `<a id="p5.2@2023-03-22">` for every such edition
//! (the old number `@` that edition's file stem), so a link written against an old edition
//! (`current.html#p5.2@2023-03-22`) still lands on the same point after renumbering. The list
//! «Перенумеровані та виключені положення» at the end of the page spells out the renumberings and
//! deletions relative to the previous edition as links.

use super::label;
use super::timeline::Timeline;
use crate::ir::{Edition, Unit, UnitId, UnitKind};
use askama::Template;
use std::collections::{BTreeMap, HashMap};

/// The stylesheet every page links (`style.css` at the output root).
pub const CSS: &str = include_str!("templates/style.css");

/// Where an edition page sits among its document's editions, and how it links out.
pub struct EditionContext<'a> {
    /// The document's editions, oldest first.
    pub editions: &'a [&'a Edition],
    /// Their file stems ([`label::edition_stems`]).
    pub stems: &'a [String],
    /// The edition the page shows.
    pub shown: usize,
    /// `current.html` (true) or `editions/<stem>.html` (false).
    pub current_page: bool,
    /// The path from the page to the output root (`../../`), or "" for a standalone page.
    pub root: String,
    /// Decision id → its page, from the output root (`decisions/2023-12-04-1460/index.html`).
    pub decision_pages: &'a BTreeMap<String, String>,
    /// Whether the page is part of a site (links to formats and other editions), or standalone
    /// (`show --format html`: the stylesheet inline, no links out).
    pub standalone: bool,
    /// The document's units across `editions` ([`Timeline::new`] of the same slice).
    pub timeline: &'a Timeline,
}

/// A note in braces; the words naming a decision («від 04.12.2023 № 1460») link to its page.
struct NoteView {
    before: String,
    linked: String,
    after: String,
    href: Option<String>,
}

struct HistEntry {
    date: String,
    href: String,
    caption: String,
    num: String,
    text: String,
    shown: bool,
}

struct UnitView<'a> {
    uid: String,
    anchor: Option<String>,
    old_anchors: Vec<String>,
    class: &'static str,
    depth: usize,
    section: bool,
    heading_row: bool,
    num: String,
    paras: &'a [String],
    head: &'a str,
    rest: &'a [String],
    cells: Vec<&'a str>,
    notes: Vec<NoteView>,
    history: Vec<HistEntry>,
}

struct TocEntry {
    href: String,
    label: String,
    depth: usize,
}

struct EditionLink {
    href: String,
    date: String,
    caption: String,
    shown: bool,
    newest: bool,
}

struct Redirect {
    from_href: String,
    from: String,
    to_href: Option<String>,
    to: String,
}

struct Format {
    href: String,
    name: &'static str,
}

#[derive(Template)]
#[template(path = "edition.html", config = "src/render/askama.toml")]
struct EditionPage<'a> {
    root: &'a str,
    inline_css: Option<&'static str>,
    page_title: String,
    title: String,
    title_block: Vec<String>,
    caption_date: String,
    basis: Option<(String, Option<String>)>,
    archive: bool,
    newest_href: String,
    doc_notes: Vec<NoteView>,
    editions: Vec<EditionLink>,
    formats: Vec<Format>,
    toc: Vec<TocEntry>,
    units: Vec<UnitView<'a>>,
    columns: Vec<String>,
    is_table: bool,
    width: usize,
    redirects: Vec<Redirect>,
    previous_date: String,
}

fn note_view(text: &str, e: &Edition, ctx: &EditionContext) -> NoteView {
    let text = format!("{{{text}}}");
    let plain = |text: String| NoteView {
        before: text,
        linked: String::new(),
        after: String::new(),
        href: None,
    };
    if ctx.standalone {
        return plain(text);
    }
    for d in e.decisions.iter().rev() {
        let Some(href) = ctx.decision_pages.get(&d.id) else {
            continue;
        };
        let date = format!("від {}", d.date.dmy());
        let Some(start) = text.find(&date) else {
            continue;
        };
        let tail = &text[start..];
        let end = [format!("№ {}", d.number), format!("№{}", d.number)]
            .iter()
            .filter_map(|n| tail.find(n.as_str()).map(|p| p + n.len()))
            .min();
        let Some(end) = end.map(|e| start + e) else {
            continue;
        };
        return NoteView {
            before: text[..start].to_string(),
            linked: text[start..end].to_string(),
            after: text[end..].to_string(),
            href: Some(format!("{}{href}", ctx.root)),
        };
    }
    plain(text)
}

impl EditionContext<'_> {
    /// The link from this page to edition `j`'s page.
    fn edition_href(&self, j: usize) -> String {
        let stem = self.stems.get(j).map_or("", String::as_str);
        if self.current_page {
            format!("editions/{stem}.html")
        } else {
            format!("{stem}.html")
        }
    }

    fn newest_href(&self) -> &'static str {
        if self.current_page {
            "current.html"
        } else {
            "../current.html"
        }
    }
}

/// Drop the blank lines that template control blocks leave behind (insignificant between
/// elements; no rendered text spans lines).
pub fn tidy(html: String) -> String {
    // In place: whole lines are dropped and kept lines moved forward, so the buffer (tens of
    // megabytes for a large classifier) is neither copied nor reallocated.
    let mut bytes = html.into_bytes();
    let mut write = 0;
    let mut read = 0;
    let n = bytes.len();
    while read < n {
        let end = bytes[read..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(n, |p| read + p);
        let line = &bytes[read..end];
        // `str::lines` strips a carriage return before the newline, and `trim` is Unicode
        // whitespace; both only matter for lines without other content, checked as text.
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let blank = match line.iter().find(|&&b| !(b as char).is_whitespace()) {
            None => true,
            Some(b) if b.is_ascii() => false,
            Some(_) => std::str::from_utf8(line).is_ok_and(|l| l.trim().is_empty()),
        };
        if !blank {
            let len = line.len();
            bytes.copy_within(read..read + len, write);
            write += len;
            // A last line without a newline may end exactly at the buffer's end.
            match bytes.get_mut(write) {
                Some(b) => *b = b'\n',
                None => bytes.push(b'\n'),
            }
            write += 1;
        }
        read = end + 1;
    }
    bytes.truncate(write);
    String::from_utf8(bytes).unwrap_or_default()
}

fn depth_of(u: &Unit, depths: &BTreeMap<UnitId, usize>) -> usize {
    u.parent.and_then(|p| depths.get(&p)).map_or(0, |d| d + 1)
}

/// The HTML page of edition `ctx.shown` of a document.
pub fn html(ctx: &EditionContext) -> String {
    let Some(e) = ctx.editions.get(ctx.shown).copied() else {
        return String::new();
    };
    let mut depths: BTreeMap<UnitId, usize> = BTreeMap::new();
    let mut units = Vec::new();
    let mut toc = Vec::new();
    for u in &e.units {
        let depth = depth_of(u, &depths);
        depths.insert(u.id, depth);
        let uid = label::uid(u.id);
        let anchor = ctx.timeline.anchor_at(u.id, ctx.shown).map(str::to_string);
        let mut old_anchors = Vec::new();
        if !ctx.standalone {
            for (j, old) in ctx.timeline.old_anchors(u.id, ctx.shown, anchor.as_deref()) {
                old_anchors.push(format!("{old}@{}", ctx.stems.get(j).map_or("", |s| s)));
            }
        }
        let section = u.kind == UnitKind::Section;
        let heading_row = u.kind == UnitKind::HeadingRow;
        if section || heading_row {
            toc.push(TocEntry {
                href: format!("#{}", anchor.clone().unwrap_or_else(|| uid.clone())),
                label: format!("{} {}", label::num_label(u), u.head()),
                depth,
            });
        }
        // The unit's wordings across editions up to the one shown.
        let mut history: Vec<HistEntry> = Vec::new();
        let mut first_seen = None;
        if !ctx.standalone {
            for (j, v) in ctx.timeline.wordings(u.id, ctx.shown) {
                let Some(v) = v else {
                    continue;
                };
                first_seen.get_or_insert(j);
                let ed = ctx.editions.get(j).copied();
                history.push(HistEntry {
                    date: ed.map(label::edition_date).unwrap_or_default(),
                    href: format!("{}#{uid}", ctx.edition_href(j)),
                    caption: ed
                        .and_then(|e| e.decisions.last())
                        .map(label::decision_caption)
                        .unwrap_or_default(),
                    num: label::unit_ref(v),
                    text: v.paras.join(" / "),
                    shown: false,
                });
            }
            if let Some(h) = history.last_mut() {
                h.shown = true;
            }
            if history.len() < 2 && first_seen.unwrap_or(0) == 0 {
                history.clear();
            }
        }
        let cells: Vec<&str> = if u.kind == UnitKind::Row {
            u.cells()
        } else {
            Vec::new()
        };
        units.push(UnitView {
            uid,
            anchor,
            old_anchors,
            class: u.kind.as_str(),
            depth,
            section,
            heading_row,
            num: label::num_label(u),
            paras: &u.paras,
            head: u.head(),
            rest: u.paras.get(1..).unwrap_or(&[]),
            cells,
            notes: u.notes.iter().map(|n| note_view(n, e, ctx)).collect(),
            history,
        });
    }
    // An edition's own page (`editions/<stem>.html`) shows only what was known when the
    // edition was made — the editions up to it — so that it never changes once written (an
    // incremental build leaves it alone); `current.html` lists them all.
    let archive = !ctx.current_page && !ctx.standalone;
    let listed = if archive {
        ctx.shown + 1
    } else {
        ctx.editions.len()
    };
    let editions = if ctx.standalone {
        Vec::new()
    } else {
        ctx.editions
            .iter()
            .take(listed)
            .enumerate()
            .map(|(j, ed)| EditionLink {
                href: ctx.edition_href(j),
                date: label::edition_date(ed),
                caption: ed
                    .decisions
                    .last()
                    .map(label::decision_caption)
                    .unwrap_or_default(),
                shown: j == ctx.shown,
                newest: !archive && j + 1 == ctx.editions.len(),
            })
            .collect()
    };
    let stem = if ctx.current_page {
        "current"
    } else {
        ctx.stems.get(ctx.shown).map_or("", String::as_str)
    };
    let formats = if ctx.standalone {
        Vec::new()
    } else {
        [
            ("txt", "текст"),
            ("md", "Markdown"),
            ("xml", "Akoma Ntoso"),
            ("json", "JSON"),
        ]
        .into_iter()
        .map(|(ext, name)| Format {
            href: format!("{stem}.{ext}"),
            name,
        })
        .collect()
    };
    let redirects = if ctx.standalone || ctx.shown == 0 {
        Vec::new()
    } else {
        redirects(ctx)
    };
    let title = e.title_line();
    let title_block = e
        .title
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !title.contains(l.as_str()))
        .collect();
    let basis = e.decisions.last().map(|d| {
        (
            label::decision_caption(d),
            if ctx.standalone {
                None
            } else {
                ctx.decision_pages
                    .get(&d.id)
                    .map(|p| format!("{}{p}", ctx.root))
            },
        )
    });
    let (columns, width) = match &e.table {
        Some(t) => {
            let w = t
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
            let mut c = t.columns.clone();
            c.resize(w, String::new());
            (c, w)
        }
        None => (Vec::new(), 0),
    };
    let page = EditionPage {
        root: &ctx.root,
        inline_css: ctx.standalone.then_some(CSS),
        page_title: format!("{} — редакція від {}", title, label::edition_date(e)),
        title,
        title_block,
        caption_date: label::edition_date(e),
        basis,
        archive,
        newest_href: ctx.newest_href().to_string(),
        doc_notes: e.notes.iter().map(|n| note_view(n, e, ctx)).collect(),
        editions,
        formats,
        toc,
        units,
        columns,
        is_table: e.table.is_some(),
        width,
        redirects,
        previous_date: ctx
            .shown
            .checked_sub(1)
            .and_then(|j| ctx.editions.get(j))
            .map(|e| label::edition_date(e))
            .unwrap_or_default(),
    };
    page.render().map(tidy).unwrap_or_default()
}

/// Renumberings and deletions relative to the previous edition, as links.
fn redirects(ctx: &EditionContext) -> Vec<Redirect> {
    let prev = ctx.shown - 1;
    let stem = ctx.stems.get(prev).map_or("", String::as_str);
    let (Some(before), Some(now)) = (ctx.editions.get(prev), ctx.editions.get(ctx.shown)) else {
        return Vec::new();
    };
    let now_units: HashMap<UnitId, &Unit> = now.units.iter().map(|u| (u.id, &**u)).collect();
    let mut out = Vec::new();
    for u in &before.units {
        let old_ref = label::unit_ref(u);
        match now_units.get(&u.id) {
            Some(n) if n.number != u.number => {
                let from_anchor = ctx
                    .timeline
                    .anchor_at(u.id, prev)
                    .map(|a| format!("#{a}@{stem}"))
                    .unwrap_or_else(|| format!("#{}", label::uid(u.id)));
                out.push(Redirect {
                    from_href: from_anchor,
                    from: old_ref,
                    to_href: Some(format!(
                        "#{}",
                        ctx.timeline
                            .anchor_at(u.id, ctx.shown)
                            .map_or_else(|| label::uid(u.id), str::to_string)
                    )),
                    to: label::unit_ref(n),
                });
            }
            Some(_) => {}
            None => out.push(Redirect {
                from_href: format!("{}#{}", ctx.edition_href(prev), label::uid(u.id)),
                from: old_ref,
                to_href: None,
                to: "виключено".into(),
            }),
        }
    }
    out
}

/// A standalone page of one edition (`show --format html`): the stylesheet inline, no links out.
pub fn standalone(e: &Edition) -> String {
    let editions = [e];
    let stems = label::edition_stems(&editions);
    let pages = BTreeMap::new();
    let timeline = Timeline::new(&editions);
    html(&EditionContext {
        editions: &editions,
        stems: &stems,
        shown: 0,
        current_page: true,
        root: String::new(),
        decision_pages: &pages,
        standalone: true,
        timeline: &timeline,
    })
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn tidy_drops_blank_lines_in_place() {
        assert_eq!(tidy("a\n\n  \nb".into()), "a\nb\n");
        assert_eq!(tidy("a\r\n\r\nb\r\n".into()), "a\nb\n");
        assert_eq!(tidy(String::new()), "");
        assert_eq!(tidy("x".into()), "x\n");
        assert_eq!(tidy("\u{3000}\n\tx \n".into()), "\tx \n");
        assert_eq!(tidy("\n\n".into()), "");
        assert_eq!(tidy("ї\n\nє".into()), "ї\nє\n");
    }
}
