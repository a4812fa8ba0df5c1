//! A generator of large, realistic corpora for the benchmarks: a city's body of acts
//! (approving decisions bringing regulations and TAB-table classifiers in), then a series of
//! amending decisions written in the seed's style, each amending one to three documents with
//! the formulas of `formulas.md`. The generator keeps its own model of every document and
//! amends only what is in the edition in force, so every decision applies — except the few it
//! spoils on purpose (a phrase that is not there, a unit that does not exist), listed in
//! `refused.txt`. Deterministic from the seed.

#![allow(dead_code)]
// Every instruction writer takes the same `&mut Vec` of used units, whether it pushes or not.
#![allow(clippy::ptr_arg)]

pub mod rng;
pub mod vocab;

use rng::Rng;
use std::fmt::Write as _;
use std::path::Path;
use vocab::{Head, Vocab};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    /// Amending decisions.
    pub decisions: usize,
    /// Rows of the one large classifier (the others are smaller).
    pub max_rows: usize,
    /// Decisions spoiled on purpose (they must be refused).
    pub refused: usize,
}

impl Config {
    pub fn new(decisions: usize) -> Config {
        Config {
            seed: 1460,
            decisions,
            max_rows: 50_000,
            refused: (decisions / 500).max(2),
        }
    }
}

/// A generated corpus: files by path relative to the corpus folder.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    pub files: Vec<(String, String)>,
    /// Folder names of the decisions that must be refused.
    pub refused: Vec<String>,
    /// Amendment instructions written (one per numbered item that changes something).
    pub instructions: usize,
    pub documents: usize,
    pub approvals: usize,
}

impl Generated {
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|(_, s)| s.len()).sum()
    }

    /// Write the corpus to `out` (replacing it), and the list of decisions that must be refused
    /// next to it as `<out>.refused.txt`, so that the corpus folder holds decisions only.
    pub fn write(&self, out: &Path) -> std::io::Result<()> {
        if out.exists() {
            std::fs::remove_dir_all(out)?;
        }
        for (rel, text) in &self.files {
            let p = out.join(rel);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d)?;
            }
            std::fs::write(p, text)?;
        }
        std::fs::write(refused_list(out), self.refused.join("\n") + "\n")
    }
}

/// Where the list of decisions that must be refused lives for a corpus folder.
pub fn refused_list(corpus: &Path) -> std::path::PathBuf {
    let name = corpus
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".into());
    corpus.with_file_name(format!("{name}.refused.txt"))
}

// ---------------------------------------------------------------------------------------------
// The model of a document.

/// One paragraph (абзац): words, a bullet mark, a final stop.
#[derive(Clone, Debug)]
struct Para {
    bullet: bool,
    words: Vec<String>,
    stop: Option<char>,
}

impl Para {
    fn text(&self) -> String {
        let mut s = String::new();
        if self.bullet {
            s.push_str("- ");
        }
        s.push_str(&self.words.join(" "));
        if let Some(c) = self.stop {
            s.push(c);
        }
        s
    }
}

/// A point (regulation) or a row (classifier: `paras[0]` is the request type; `cells` the
/// executor and deadline). Numbers are positions: the model renumbers exactly as `вважати`
/// does.
#[derive(Clone, Debug)]
struct Point {
    paras: Vec<Para>,
    subs: Vec<Point>,
    cells: Option<(String, String)>,
    /// Deleted without renumbering: keeps its number, has no text.
    deleted: bool,
}

#[derive(Clone, Debug)]
struct Section {
    title: Vec<String>,
    points: Vec<Point>,
    /// Holds a unit deleted without renumbering: no more structural changes here.
    frozen: bool,
}

#[derive(Clone, Debug)]
struct Doc {
    /// The id zminy gives it: `<folder>/<appendix>`.
    id: String,
    head: Head,
    /// The title's words after the head noun (genitive).
    tail: String,
    sections: Vec<Section>,
}

impl Doc {
    fn table(&self) -> bool {
        self.head.table
    }
    fn title(&self) -> String {
        format!("{} {}", self.head.nom, self.tail)
    }
    fn units(&self) -> usize {
        self.sections
            .iter()
            .map(|s| 1 + s.points.iter().map(|p| 1 + p.subs.len()).sum::<usize>())
            .sum()
    }
}

/// An approving decision and what it approved.
#[derive(Clone, Debug)]
struct Act {
    folder: String,
    date: (i32, u32, u32),
    number: u32,
    title: String,
    docs: Vec<Doc>,
}

// ---------------------------------------------------------------------------------------------
// Dates.

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's civil_from_days).
fn civil(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

fn dmy(d: (i32, u32, u32)) -> String {
    format!("{:02}.{:02}.{}", d.2, d.1, d.0)
}

fn folder(d: (i32, u32, u32), n: u32) -> String {
    format!("{}-{:02}-{:02}-{n}", d.0, d.1, d.2)
}

// ---------------------------------------------------------------------------------------------
// The generator.

struct Gen<'v> {
    v: &'v Vocab,
    rng: Rng,
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn num(parts: &[usize]) -> String {
    parts
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// Replace every non-overlapping occurrence of `find` in `words` (as zminy matches whole words).
fn replace_seq(words: &[String], find: &[String], with: &[String]) -> (Vec<String>, usize) {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut n = 0;
    while i < words.len() {
        if !find.is_empty() && words[i..].starts_with(find) {
            out.extend(with.iter().cloned());
            i += find.len();
            n += 1;
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    (out, n)
}

fn insert_after_seq(words: &[String], anchor: &[String], add: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len() + add.len());
    let mut i = 0;
    while i < words.len() {
        if words[i..].starts_with(anchor) {
            out.extend(anchor.iter().cloned());
            out.extend(add.iter().cloned());
            i += anchor.len();
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

fn quoted(ws: &[String]) -> String {
    format!("«{}»", ws.join(" "))
}

/// What one instruction wrote: its items' lines (each line one item, without its label) and,
/// for appendix content, the lines to put in the decision's appendix.
#[derive(Default)]
struct Written {
    items: Vec<String>,
    appendix: Vec<String>,
}

impl<'v> Gen<'v> {
    fn words(&mut self, lo: usize, hi: usize) -> Vec<String> {
        let n = self.rng.range(lo, hi);
        (0..n)
            .map(|_| self.rng.pick(&self.v.words).clone())
            .collect()
    }

    fn sentence(&mut self, lo: usize, hi: usize) -> Vec<String> {
        let mut w = self.words(lo, hi);
        if let Some(f) = w.first_mut() {
            *f = cap(f);
        }
        w
    }

    fn point(&mut self, depth: usize) -> Point {
        let bullets = depth == 2 && self.rng.chance(12);
        let mut paras = vec![Para {
            bullet: false,
            words: self.sentence(6, 28),
            stop: Some(if bullets { ':' } else { '.' }),
        }];
        if bullets {
            let k = self.rng.range(2, 5);
            for i in 0..k {
                paras.push(Para {
                    bullet: true,
                    words: self.words(3, 10),
                    stop: Some(if i + 1 == k { '.' } else { ';' }),
                });
            }
        }
        let subs = if depth == 2 && !bullets && self.rng.chance(8) {
            (0..self.rng.range(2, 6)).map(|_| self.point(3)).collect()
        } else {
            Vec::new()
        };
        Point {
            paras,
            subs,
            cells: None,
            deleted: false,
        }
    }

    fn row(&mut self) -> Point {
        Point {
            paras: vec![Para {
                bullet: false,
                words: self.sentence(3, 12),
                stop: None,
            }],
            subs: Vec::new(),
            cells: Some((
                self.rng.pick(&self.v.executors).clone(),
                self.rng.pick(&self.v.terms).clone(),
            )),
            deleted: false,
        }
    }

    fn document(&mut self, id: String, head: Head, units: usize) -> Doc {
        let tail = format!(
            "{} {} {}",
            self.rng.pick(&self.v.words),
            self.rng.pick(&self.v.words),
            self.rng.pick(&self.v.words)
        );
        let per = if head.table {
            self.rng.range(20, 120)
        } else {
            self.rng.range(8, 40)
        };
        let nsec = (units / per).max(2);
        let mut sections = Vec::with_capacity(nsec);
        for _ in 0..nsec {
            let n = self.rng.range(per / 2, per + per / 2).max(2);
            let points = (0..n)
                .map(|_| {
                    if head.table {
                        self.row()
                    } else {
                        self.point(2)
                    }
                })
                .collect();
            sections.push(Section {
                title: self.sentence(2, 6),
                points,
                frozen: false,
            });
        }
        Doc {
            id,
            head,
            tail,
            sections,
        }
    }

    // -----------------------------------------------------------------------------------------
    // Rendering the model as a document (the approving decision's appendix).

    fn stamp(n: usize, act: &Act, lone: bool) -> String {
        format!(
            "{}\nЗАТВЕРДЖЕНО\nРішення виконкому міської ради\n{} № {}\n\n",
            if lone {
                "Додаток".to_string()
            } else {
                format!("Додаток {n}")
            },
            dmy(act.date),
            act.number
        )
    }

    fn header_row(&self) -> String {
        format!("{}\n1\t2\t3\t4\n", self.v.columns.join("\t"))
    }

    fn row_line(&self, k: &str, p: &Point) -> String {
        let (e, t) = p.cells.clone().unwrap_or_default();
        format!("{k}\t{}\t{e}\t{t}", p.paras[0].text())
    }

    fn point_lines(&self, k: &str, p: &Point, out: &mut String) {
        let _ = writeln!(out, "{k}. {}", p.paras[0].text());
        for q in &p.paras[1..] {
            let _ = writeln!(out, "{}", q.text());
        }
        for (i, s) in p.subs.iter().enumerate() {
            let _ = writeln!(out, "{k}.{}. {}", i + 1, s.paras[0].text());
            for q in &s.paras[1..] {
                let _ = writeln!(out, "{}", q.text());
            }
        }
    }

    fn doc_text(&self, d: &Doc, n: usize, act: &Act, lone: bool) -> String {
        let mut out = Self::stamp(n, act, lone);
        let _ = writeln!(out, "{}\n", d.title());
        if d.table() {
            out.push_str(&self.header_row());
        }
        for (si, s) in d.sections.iter().enumerate() {
            let k = si + 1;
            if d.table() {
                let _ = writeln!(out, "{k}\t{}", s.title.join(" "));
                for (pi, p) in s.points.iter().enumerate() {
                    let _ = writeln!(out, "{}", self.row_line(&num(&[k, pi + 1]), p));
                }
            } else {
                let _ = writeln!(out, "{k}. {}", s.title.join(" "));
                for (pi, p) in s.points.iter().enumerate() {
                    self.point_lines(&num(&[k, pi + 1]), p, &mut out);
                }
            }
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // Decisions.

    fn header(&self, date: (i32, u32, u32), n: u32, title: &str) -> String {
        format!(
            "ВИКОНАВЧИЙ КОМІТЕТ КРИВОРІЗЬКОЇ МІСЬКОЇ РАДИ\n\nРІШЕННЯ\n\n\t{}\n\tм. Кривий Ріг\n\t№ {n}\n\n{title}\n\n",
            dmy(date)
        )
    }

    fn preamble(&mut self) -> String {
        format!(
            "З метою {} {} {}, керуючись Законом України «Про місцеве самоврядування в Україні», виконком міської ради вирішив:\n\n",
            self.rng.pick(&self.v.words),
            self.rng.pick(&self.v.words),
            self.rng.pick(&self.v.words)
        )
    }

    fn closing(k: usize) -> String {
        format!(
            "{k}. Рішення оприлюднити на офіційному вебсайті Криворізької міської ради та її виконавчих органів.\n\n{}. Контроль за виконанням рішення покласти на керуючу справами виконкому міської ради.\n\nСекретар міської ради\tЮрій ВІЛКУЛ\n",
            k + 1
        )
    }

    fn approval(
        &mut self,
        date: (i32, u32, u32),
        number: u32,
        docs: Vec<(Head, usize)>,
    ) -> (Act, Vec<(String, String)>) {
        let f = folder(date, number);
        let lone = docs.len() == 1;
        let mut act = Act {
            folder: f.clone(),
            date,
            number,
            title: String::new(),
            docs: Vec::new(),
        };
        for (i, (h, size)) in docs.into_iter().enumerate() {
            let d = self.document(format!("{f}/{}", i + 1), h, size);
            act.docs.push(d);
        }
        act.title = format!(
            "Про затвердження {}",
            act.docs
                .iter()
                .map(|d| format!("{} {}", d.head.genitive, d.tail))
                .collect::<Vec<_>>()
                .join(" та ")
        );
        let mut text = self.header(date, number, &act.title);
        text.push_str(&self.preamble());
        for (i, d) in act.docs.iter().enumerate() {
            let _ = writeln!(
                text,
                "{}. Затвердити {} (додаток {}).\n",
                i + 1,
                d.title(),
                i + 1
            );
        }
        text.push_str(&Self::closing(act.docs.len() + 1));
        let mut files = vec![(format!("{f}/decision.txt"), text)];
        for (i, d) in act.docs.iter().enumerate() {
            let name = if lone {
                "appendix.txt".to_string()
            } else {
                format!("appendix-{}.txt", i + 1)
            };
            files.push((format!("{f}/{name}"), self.doc_text(d, i + 1, &act, lone)));
        }
        (act, files)
    }

    /// One amending decision of `act`; `spoil`: add one instruction that must be refused
    /// (and leave the model untouched).
    fn amendment(
        &mut self,
        act: &mut Act,
        date: (i32, u32, u32),
        number: u32,
        spoil: bool,
    ) -> (Vec<(String, String)>, usize) {
        let f = folder(date, number);
        let ndocs = self.rng.weighted(&[60, 30, 10]) + 1;
        let mut which: Vec<usize> = (0..act.docs.len()).collect();
        // A partial shuffle: the first `ndocs` are the documents amended.
        for i in 0..which.len() {
            let j = i + self.rng.below(which.len() - i);
            which.swap(i, j);
        }
        which.truncate(ndocs.min(act.docs.len()));
        which.sort_unstable();
        let backup = spoil.then(|| act.docs.clone());
        let mut appendix_owner: Option<usize> = None;
        let mut body = String::new();
        let mut appendix_lines: Vec<String> = Vec::new();
        let mut count = 0;
        let spoil_at = self.rng.below(which.len());
        for (k, &di) in which.iter().enumerate() {
            let doc = &mut act.docs[di];
            let may_appendix = appendix_owner.is_none();
            let mut w = Written::default();
            let n_ins = self.rng.weighted(&[35, 30, 15, 10, 6, 4]) + 1;
            let mut locked: Vec<usize> = Vec::new();
            let mut used_units: Vec<(usize, usize, usize)> = Vec::new();
            let mut uses_appendix = false;
            for _ in 0..n_ins {
                let allow_app = may_appendix && !uses_appendix;
                if let Some(x) = self.instruction(doc, &mut locked, &mut used_units, allow_app) {
                    if !x.appendix.is_empty() {
                        uses_appendix = true;
                        if appendix_lines.is_empty() && doc.table() {
                            appendix_lines.push(self.header_row().trim_end().to_string());
                        }
                        appendix_lines.extend(x.appendix);
                    }
                    w.items.extend(x.items);
                }
            }
            if spoil && k == spoil_at {
                w.items.push(self.spoiled(doc));
            }
            if uses_appendix {
                appendix_owner = Some(di);
            }
            if w.items.is_empty() {
                // Always change something: a word appended to a point.
                if let Some(x) = self.fallback(doc, &mut used_units) {
                    w.items.extend(x.items);
                }
            }
            let _ = writeln!(body, "1.{}. у {} {}:", k + 1, doc.head.loc, doc.tail);
            let n = w.items.len();
            for (i, it) in w.items.iter().enumerate() {
                let end = if i + 1 == n { "." } else { ";" };
                let it = it.trim_end_matches([';', '.']);
                let _ = writeln!(body, "1.{}.{}. {it}{end}", k + 1, i + 1);
            }
            count += n;
        }
        if let Some(b) = backup {
            act.docs = b;
        }
        let title = format!(
            "Про внесення змін до рішення виконкому міської ради від {} № {}",
            dmy(act.date),
            act.number
        );
        let mut text = self.header(date, number, &title);
        text.push_str(&self.preamble());
        let _ = writeln!(
            text,
            "1. Внести до рішення виконкому міської ради від {} № {} «{}» (зі змінами) такі зміни:",
            dmy(act.date),
            act.number,
            act.title
        );
        text.push_str(&body);
        text.push('\n');
        text.push_str(&Self::closing(2));
        let mut files = vec![(format!("{f}/decision.txt"), text)];
        if !appendix_lines.is_empty() {
            let mut a = format!(
                "Додаток\nдо рішення виконкому міської ради від {} № {number}\n\n",
                dmy(date)
            );
            for l in appendix_lines {
                a.push_str(&l);
                a.push('\n');
            }
            files.push((format!("{f}/appendix.txt"), a));
        }
        (files, count)
    }

    /// A live unit to edit: (section, point, sub or usize::MAX for the point itself).
    fn pick_unit(
        &mut self,
        doc: &Doc,
        locked: &[usize],
        used: &[(usize, usize, usize)],
        want_sub: bool,
    ) -> Option<(usize, usize, usize)> {
        for _ in 0..20 {
            let si = self.rng.below(doc.sections.len());
            if locked.contains(&si) {
                continue;
            }
            let s = &doc.sections[si];
            if s.points.is_empty() {
                continue;
            }
            let pi = self.rng.below(s.points.len());
            let p = &s.points[pi];
            if p.deleted {
                continue;
            }
            let sub = if want_sub && !p.subs.is_empty() {
                self.rng.below(p.subs.len())
            } else {
                usize::MAX
            };
            let key = (si, pi, sub);
            if used.iter().any(|&(a, b, _)| a == si && b == pi) {
                continue;
            }
            return Some(key);
        }
        None
    }

    fn unit_mut(doc: &mut Doc, at: (usize, usize, usize)) -> &mut Point {
        let p = &mut doc.sections[at.0].points[at.1];
        if at.2 == usize::MAX {
            p
        } else {
            &mut p.subs[at.2]
        }
    }

    /// The unit's address in the locative (`у пункті 3.2`), genitive (`пункту 3.2`), accusative.
    fn addr(&self, doc: &Doc, at: (usize, usize, usize), case: char) -> String {
        let word = if at.2 != usize::MAX {
            "subpoint"
        } else if doc.table() && at.0.is_multiple_of(3) {
            "row"
        } else {
            "point"
        };
        let mut w = self.v.form(word, case, 's');
        if word == "row" && case == 'a' {
            w = "позицію".into();
        }
        let n = if at.2 == usize::MAX {
            num(&[at.0 + 1, at.1 + 1])
        } else {
            num(&[at.0 + 1, at.1 + 1, at.2 + 1])
        };
        format!("{w} {n}")
    }

    /// A phrase of 1–3 words from the inside of a paragraph (never its first or last word).
    fn phrase(&mut self, p: &Para) -> Option<Vec<String>> {
        let n = p.words.len();
        if n < 4 {
            return None;
        }
        let len = self.rng.range(1, 3.min(n - 3));
        let s = self.rng.range(1, n - 1 - len);
        Some(p.words[s..s + len].to_vec())
    }

    fn instruction(
        &mut self,
        doc: &mut Doc,
        locked: &mut Vec<usize>,
        used: &mut Vec<(usize, usize, usize)>,
        allow_appendix: bool,
    ) -> Option<Written> {
        // Proportions: word edits dominate, as in real amending decisions.
        let table = doc.table();
        let weights: &[u32] = if table {
            // cell, replace, restate(app), insert(app), insert+renumber(app), delete+renumber, delete
            &[30, 20, 15, 12, 8, 10, 5]
        } else {
            // replace, para replace, delete words, append, insert after, restate, restate(app),
            // insert end, insert+renumber, delete+renumber, delete keep, delete paragraph, sub
            &[24, 4, 10, 9, 5, 10, 4, 6, 7, 6, 3, 3, 9]
        };
        let kind = self.rng.weighted(weights);
        if table {
            match kind {
                0 => self.cell_edit(doc, locked, used),
                1 => self.replace(doc, locked, used, false, false),
                2 if allow_appendix => self.restate_rows(doc, locked, used),
                3 if allow_appendix => self.insert_end(doc, locked, used, true),
                4 if allow_appendix => self.insert_renumber(doc, locked, used, true),
                5 => self.delete_renumber(doc, locked, used),
                6 => self.delete_keep(doc, locked, used),
                _ => self.cell_edit(doc, locked, used),
            }
        } else {
            match kind {
                0 => self.replace(doc, locked, used, false, false),
                1 => self.replace(doc, locked, used, true, false),
                2 => self.delete_words(doc, locked, used),
                3 => self.append(doc, locked, used),
                4 => self.insert_after(doc, locked, used),
                5 => self.restate_inline(doc, locked, used),
                6 if allow_appendix => self.restate_appendix(doc, locked, used),
                7 => self.insert_end(doc, locked, used, false),
                8 => self.insert_renumber(doc, locked, used, false),
                9 => self.delete_renumber(doc, locked, used),
                10 => self.delete_keep(doc, locked, used),
                11 => self.delete_paragraph(doc, locked, used),
                12 => self.replace(doc, locked, used, false, true),
                _ => self.replace(doc, locked, used, false, false),
            }
        }
    }

    fn fallback(
        &mut self,
        doc: &mut Doc,
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let locked = Vec::new();
        for _ in 0..50 {
            let r = if doc.table() {
                self.cell_edit(doc, &locked, used)
            } else {
                self.replace(doc, &locked, used, false, false)
            };
            if r.is_some() {
                return r;
            }
        }
        None
    }

    /// `у пункті 3.2 слова «…» замінити словами «…»` (also `в абзаці другому пункту …`,
    /// `у підпункті …`, `слово «…» замінити словом «…»`).
    fn replace(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
        para: bool,
        sub: bool,
    ) -> Option<Written> {
        let at = self.pick_unit(doc, locked, used, sub)?;
        let u = Self::unit_mut(doc, at).clone();
        let pi = if para && u.paras.len() > 1 {
            self.rng.range(1, u.paras.len() - 1)
        } else {
            0
        };
        let find = self.phrase(&u.paras[pi])?;
        let with = self.words(1, 4);
        if with == find {
            return None;
        }
        let target = if para && pi > 0 {
            format!(
                "в абзаці {} {}",
                self.v
                    .ordinal(pi as i64 + 1)
                    .replace("ий", "ому")
                    .replace("ій", "ьому"),
                self.addr(doc, at, 'g')
            )
        } else {
            format!("у {}", self.addr(doc, at, 'l'))
        };
        let (w1, w2) = if find.len() == 1 && with.len() == 1 {
            ("слово", "словом")
        } else {
            ("слова", "словами")
        };
        let unit = Self::unit_mut(doc, at);
        let range = if para && pi > 0 {
            pi..pi + 1
        } else {
            0..unit.paras.len()
        };
        for i in range {
            let (new, _) = replace_seq(&unit.paras[i].words, &find, &with);
            unit.paras[i].words = new;
        }
        used.push(at);
        Some(Written {
            items: vec![format!(
                "{target} {w1} {} замінити {w2} {}",
                quoted(&find),
                quoted(&with)
            )],
            appendix: Vec::new(),
        })
    }

    /// `у графі «Термін виконання» пункту 3.2 слова «10 робочих днів» замінити словами «…»`.
    fn cell_edit(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let at = self.pick_unit(doc, locked, used, false)?;
        let (e, t) = Self::unit_mut(doc, at).cells.clone()?;
        let new = self.rng.pick(&self.v.terms).clone();
        if new == t || e.contains(&t) {
            return None;
        }
        let col = self.v.columns[3].clone();
        let addr = self.addr(doc, at, 'g');
        Self::unit_mut(doc, at).cells = Some((e, new.clone()));
        used.push(at);
        Some(Written {
            items: vec![format!(
                "у графі «{col}» {addr} слова «{t}» замінити словами «{new}»"
            )],
            appendix: Vec::new(),
        })
    }

    /// `у пункті 1.1 слова «…» виключити`, or verb first: `виключити в пункті 1.1 фразу «…»`.
    fn delete_words(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let at = self.pick_unit(doc, locked, used, false)?;
        let u = Self::unit_mut(doc, at).clone();
        let find = self.phrase(&u.paras[0])?;
        // Every paragraph must keep at least two words.
        let mut paras = u.paras.clone();
        for p in &mut paras {
            let (new, _) = replace_seq(&p.words, &find, &[]);
            if new.len() < 2 {
                return None;
            }
            p.words = new;
        }
        Self::unit_mut(doc, at).paras = paras;
        used.push(at);
        let item = if self.rng.chance(30) {
            format!(
                "виключити в {} фразу {}",
                self.addr(doc, at, 'l'),
                quoted(&find)
            )
        } else {
            format!(
                "у {} слова {} виключити",
                self.addr(doc, at, 'l'),
                quoted(&find)
            )
        };
        Some(Written {
            items: vec![item],
            appendix: Vec::new(),
        })
    }

    /// `пункт 5.1 доповнити словами «…»` (one-paragraph points only).
    fn append(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let at = self.pick_unit(doc, locked, used, false)?;
        if Self::unit_mut(doc, at).paras.len() != 1 {
            return None;
        }
        let add = self.words(2, 6);
        Self::unit_mut(doc, at).paras[0]
            .words
            .extend(add.iter().cloned());
        used.push(at);
        Some(Written {
            items: vec![format!(
                "{} доповнити словами {}",
                self.addr(doc, at, 'a'),
                quoted(&add)
            )],
            appendix: Vec::new(),
        })
    }

    /// `пункт 3.2 після слів «…» доповнити словами «…»`.
    fn insert_after(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let at = self.pick_unit(doc, locked, used, false)?;
        let u = Self::unit_mut(doc, at).clone();
        let anchor = self.phrase(&u.paras[0])?;
        let add = self.words(1, 4);
        let unit = Self::unit_mut(doc, at);
        for p in &mut unit.paras {
            p.words = insert_after_seq(&p.words, &anchor, &add);
        }
        used.push(at);
        Some(Written {
            items: vec![format!(
                "{} після слів {} доповнити словами {}",
                self.addr(doc, at, 'a'),
                quoted(&anchor),
                quoted(&add)
            )],
            appendix: Vec::new(),
        })
    }

    /// `пункт 2.3 викласти в такій редакції: «2.3. …»` (points without subpoints).
    fn restate_inline(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let at = self.pick_unit(doc, locked, used, false)?;
        if !Self::unit_mut(doc, at).subs.is_empty() {
            return None;
        }
        let new = self.point(3);
        let n = num(&[at.0 + 1, at.1 + 1]);
        let phrase = *self
            .rng
            .pick(&["в такій редакції", "в новій редакції", "у такій редакції"]);
        let text = new.paras[0].text();
        let unit = Self::unit_mut(doc, at);
        unit.paras = new.paras;
        used.push(at);
        Some(Written {
            items: vec![format!(
                "{} викласти {phrase}: «{n}. {text}»",
                self.addr(doc, at, 'a')
            )],
            appendix: Vec::new(),
        })
    }

    /// `викласти в новій редакції пункти 3.1, 3.16 (додаток)`.
    fn restate_appendix(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let k = self.rng.range(1, 3);
        let mut ats = Vec::new();
        for _ in 0..k {
            if let Some(at) = self.pick_unit(doc, locked, used, false)
                && doc.sections[at.0].points[at.1].subs.is_empty()
                && !ats.contains(&at)
            {
                ats.push(at);
                used.push(at);
            }
        }
        if ats.is_empty() {
            return None;
        }
        ats.sort_unstable();
        let mut lines = Vec::new();
        let mut names = Vec::new();
        for &at in &ats {
            let n = num(&[at.0 + 1, at.1 + 1]);
            let new = self.point(3);
            lines.push(format!("{n}. {}", new.paras[0].text()));
            names.push(n);
            Self::unit_mut(doc, at).paras = new.paras;
        }
        let word = if names.len() == 1 {
            "пункт"
        } else {
            "пункти"
        };
        Some(Written {
            items: vec![format!(
                "викласти в новій редакції {word} {} (додаток)",
                names.join(", ")
            )],
            appendix: lines,
        })
    }

    /// Restated rows of a classifier, their text in the appendix.
    fn restate_rows(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let k = self.rng.range(1, 4);
        let mut ats = Vec::new();
        for _ in 0..k {
            if let Some(at) = self.pick_unit(doc, locked, used, false)
                && !ats.contains(&at)
            {
                ats.push(at);
                used.push(at);
            }
        }
        if ats.is_empty() {
            return None;
        }
        ats.sort_unstable();
        let mut lines = Vec::new();
        let mut names = Vec::new();
        for &at in &ats {
            let n = num(&[at.0 + 1, at.1 + 1]);
            let new = self.row();
            lines.push(self.row_line(&n, &new));
            names.push(n);
            *Self::unit_mut(doc, at) = new;
        }
        let word = if names.len() == 1 {
            "пункт"
        } else {
            "пункти"
        };
        Some(Written {
            items: vec![format!(
                "викласти в новій редакції {word} {} (додаток)",
                names.join(", ")
            )],
            appendix: lines,
        })
    }

    /// A section free of other changes in this decision, for a structural change.
    fn pick_section(
        &mut self,
        doc: &Doc,
        locked: &[usize],
        used: &[(usize, usize, usize)],
    ) -> Option<usize> {
        for _ in 0..20 {
            let si = self.rng.below(doc.sections.len());
            let s = &doc.sections[si];
            if locked.contains(&si)
                || s.frozen
                || s.points.len() < 2
                || used.iter().any(|u| u.0 == si)
            {
                continue;
            }
            return Some(si);
        }
        None
    }

    /// `розділ 4 доповнити пунктом 4.9 такого змісту: «4.9. …»` (or rows from the appendix).
    fn insert_end(
        &mut self,
        doc: &mut Doc,
        locked: &mut Vec<usize>,
        used: &mut Vec<(usize, usize, usize)>,
        appendix: bool,
    ) -> Option<Written> {
        let si = self.pick_section(doc, locked, used)?;
        locked.push(si);
        let k = si + 1;
        let m = doc.sections[si].points.len();
        let count = if appendix { self.rng.range(1, 3) } else { 1 };
        let mut names = Vec::new();
        let mut lines = Vec::new();
        let mut quotes = Vec::new();
        for j in 0..count {
            let n = num(&[k, m + j + 1]);
            let p = if doc.table() {
                self.row()
            } else {
                self.point(3)
            };
            if doc.table() {
                lines.push(self.row_line(&n, &p));
            } else {
                quotes.push(format!("{n}. {}", p.paras[0].text()));
            }
            names.push(n);
            doc.sections[si].points.push(p);
        }
        let sec = self.v.form("section", 'a', 's');
        let item = if appendix {
            let w = if names.len() == 1 {
                "пунктом"
            } else {
                "пунктами"
            };
            format!("{sec} {k} доповнити {w} {} (додаток)", names.join(", "))
        } else {
            format!(
                "{sec} {k} доповнити пунктом {} такого змісту: «{}»",
                names[0],
                quotes.join(" ")
            )
        };
        Some(Written {
            items: vec![item],
            appendix: lines,
        })
    }

    /// A new point inside a section, and `у зв'язку з цим пункти … вважати відповідно …`.
    fn insert_renumber(
        &mut self,
        doc: &mut Doc,
        locked: &mut Vec<usize>,
        used: &mut Vec<(usize, usize, usize)>,
        appendix: bool,
    ) -> Option<Written> {
        let si = self.pick_section(doc, locked, used)?;
        locked.push(si);
        let k = si + 1;
        let m = doc.sections[si].points.len();
        let at = self.rng.below(m); // 0-based slot of the new point
        let n = num(&[k, at + 1]);
        let p = if doc.table() {
            self.row()
        } else {
            self.point(3)
        };
        let mut lines = Vec::new();
        let first = if doc.table() {
            lines.push(self.row_line(&n, &p));
            format!(
                "{} {k} доповнити пунктом {n} (додаток)",
                self.v.form("section", 'a', 's')
            )
        } else if !appendix && self.rng.chance(50) {
            format!(
                "після пункту {} доповнити новим пунктом {n} такого змісту: «{n}. {}»",
                if at == 0 {
                    return None;
                } else {
                    num(&[k, at])
                },
                p.paras[0].text()
            )
        } else {
            format!(
                "{} {k} доповнити пунктом {n} такого змісту: «{n}. {}»",
                self.v.form("section", 'a', 's'),
                p.paras[0].text()
            )
        };
        doc.sections[si].points.insert(at, p);
        let second = renumber_clause(k, at + 1, m, 1);
        Some(Written {
            items: vec![first, second],
            appendix: lines,
        })
    }

    /// `пункт 3.4 виключити` and `у зв'язку з цим пункти 3.5–3.9 вважати відповідно пунктами
    /// 3.4–3.8`.
    fn delete_renumber(
        &mut self,
        doc: &mut Doc,
        locked: &mut Vec<usize>,
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let si = self.pick_section(doc, locked, used)?;
        let m = doc.sections[si].points.len();
        if m < 3 {
            return None;
        }
        locked.push(si);
        let k = si + 1;
        let at = self.rng.below(m - 1); // never the last: then nothing follows
        doc.sections[si].points.remove(at);
        let word = if doc.table() && self.rng.chance(50) {
            "позицію"
        } else {
            "пункт"
        };
        let first = format!("{word} {} виключити", num(&[k, at + 1]));
        let second = renumber_clause(k, at + 2, m, -1);
        Some(Written {
            items: vec![first, second],
            appendix: Vec::new(),
        })
    }

    /// The last point of a section deleted: it keeps its number, with its note only.
    fn delete_keep(
        &mut self,
        doc: &mut Doc,
        locked: &mut Vec<usize>,
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        let si = self.pick_section(doc, locked, used)?;
        locked.push(si);
        let s = &mut doc.sections[si];
        let last = s.points.len() - 1;
        s.points[last].deleted = true;
        s.frozen = true;
        Some(Written {
            items: vec![format!("пункт {} виключити", num(&[si + 1, last + 1]))],
            appendix: Vec::new(),
        })
    }

    /// `абзац третій пункту 1.2 виключити`.
    fn delete_paragraph(
        &mut self,
        doc: &mut Doc,
        locked: &[usize],
        used: &mut Vec<(usize, usize, usize)>,
    ) -> Option<Written> {
        for _ in 0..10 {
            let at = self.pick_unit(doc, locked, used, false)?;
            let u = Self::unit_mut(doc, at);
            if u.paras.len() < 3 {
                continue;
            }
            let i = self.rng.range(1, u.paras.len() - 2); // keep the last (it holds the stop)
            u.paras.remove(i);
            used.push(at);
            return Some(Written {
                items: vec![format!(
                    "абзац {} {} виключити",
                    self.v.ordinal(i as i64 + 1),
                    self.addr(doc, at, 'g')
                )],
                appendix: Vec::new(),
            });
        }
        None
    }

    /// An instruction that must be refused: a phrase that is not there, or a unit that does
    /// not exist.
    fn spoiled(&mut self, doc: &Doc) -> String {
        let si = self.rng.below(doc.sections.len());
        let m = doc.sections[si].points.len();
        if self.rng.chance(50) && m > 0 {
            let pi = self.rng.below(m);
            format!(
                "у пункті {} слова «{}» замінити словами «{}»",
                num(&[si + 1, pi + 1]),
                "неіснуючі слова зразка",
                self.rng.pick(&self.v.words)
            )
        } else {
            format!("пункт {} виключити", num(&[si + 1, m + 7]))
        }
    }
}

/// `у зв'язку з цим пункти 3.5–3.12 вважати відповідно пунктами 3.6–3.13` (or one point).
fn renumber_clause(k: usize, from: usize, to: usize, shift: isize) -> String {
    let a = |i: usize| num(&[k, i]);
    let b = |i: usize| num(&[k, (i as isize + shift) as usize]);
    if from == to {
        format!(
            "у зв'язку з цим пункт {} вважати пунктом {}",
            a(from),
            b(from)
        )
    } else {
        format!(
            "у зв'язку з цим пункти {}–{} вважати відповідно пунктами {}–{}",
            a(from),
            a(to),
            b(from),
            b(to)
        )
    }
}

/// Generate a corpus.
pub fn generate(cfg: &Config, v: &Vocab) -> Generated {
    let mut g = Gen {
        v,
        rng: Rng::new(cfg.seed),
    };
    let mut out = Generated::default();
    let n_acts = 3 + cfg.decisions / 100;
    let total = n_acts + cfg.decisions;
    // Approvals: two at the start, the rest spread over the first half of the series.
    let approval_at: Vec<usize> = (0..n_acts)
        .map(|j| {
            if j < 2 {
                j
            } else {
                2 + (j - 2) * (total / 2).max(1) / (n_acts - 2).max(1)
            }
        })
        .collect();
    let mut spoil_at: Vec<usize> = (0..cfg.refused)
        .map(|i| (i + 1) * total / (cfg.refused + 1))
        .collect();
    spoil_at.retain(|&i| !approval_at.contains(&i));
    let reg_heads: Vec<Head> = v.heads.iter().filter(|h| !h.table).cloned().collect();
    let tab_heads: Vec<Head> = v.heads.iter().filter(|h| h.table).cloned().collect();
    let start_day: i64 = 16_436; // 2015-01-01
    let mut acts: Vec<Act> = Vec::new();
    for i in 0..total {
        let date = civil(start_day + (i / 3) as i64 + ((i / 3) / 5 * 2) as i64);
        let number = (i + 1) as u32 * 3 + 100;
        if let Some(j) = approval_at.iter().position(|&a| a == i) {
            let mut docs = Vec::new();
            if j == 0 {
                // The large classifier, alone.
                docs.push((tab_heads[0].clone(), cfg.max_rows));
            } else {
                let n = g.rng.weighted(&[40, 40, 20]) + 1;
                let mut regs = reg_heads.clone();
                for k in 0..n {
                    if k == 1 && g.rng.chance(50) {
                        let h = g.rng.pick(&tab_heads).clone();
                        let size = g.rng.range(200, 3000);
                        docs.push((h, size));
                        continue;
                    }
                    let ri = g.rng.below(regs.len());
                    let h = regs.remove(ri);
                    // Hundreds to thousands of points.
                    let size = if g.rng.chance(15) {
                        g.rng.range(1000, 3000)
                    } else {
                        g.rng.range(150, 900)
                    };
                    docs.push((h, size));
                }
                // A table head must differ from any other of the act's heads (it does: the
                // table heads are disjoint from the regulation heads); two tables never.
            }
            let (act, files) = g.approval(date, number, docs);
            out.documents += act.docs.len();
            out.approvals += 1;
            out.files.extend(files);
            acts.push(act);
            continue;
        }
        let ai = g.rng.below(acts.len());
        let spoil = spoil_at.contains(&i);
        let (files, count) = g.amendment(&mut acts[ai], date, number, spoil);
        if spoil {
            out.refused.push(folder(date, number));
        }
        out.instructions += count;
        out.files.extend(files);
    }
    out
}
