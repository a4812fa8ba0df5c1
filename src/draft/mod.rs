//! Draft: the amending decision from an edited edition — the pipeline reversed, with a proof.
//!
//! [`draft`] compares the edition in force with the edited text, aligns their units
//! ([`align`]: by number and text similarity, so that a renumbered unit is a `вважати` clause,
//! not a deletion and an insertion), writes the amending items in the house style of the
//! corpus's decisions ([`write`], word-level formulas from [`words`]), and then proves them
//! ([`proof`]): the items are parsed, resolved and applied to the edition in force like any
//! decision, and the draft is refused unless that gives back the edited text exactly.
//!
//! ## Drafting rules
//! - A unit whose paragraphs keep their count and change in at most [`words::Limits::max_hunks`]
//!   places touching at most [`words::Limits::max_changed_percent`]% of its words (old and new
//!   counted together) is changed by words: one change as `слова «…» замінити словами «…»`,
//!   `після слів «…» доповнити словами «…»`, `перед словами …`, `доповнити словами …` (at the
//!   end) or `слова «…» виключити`; several as the pairs of one `замінити` item. Every anchor
//!   occurs exactly once in the unit (whole words), growing word by word until it does, and every
//!   formula is checked with the applier's own text functions. Anything else is restated
//!   (`викласти в такій редакції: «…»`; a section's heading as `назву розділу …`).
//! - Table rows: a change inside one cell is drafted by words in that column (`у графі «…»
//!   пункту …`); other changed rows are restated from the decision's appendix (`викласти в новій
//!   редакції пункти … (додаток)`), new rows are taken from it too (`доповнити … (додаток)`).
//! - New units: one `доповнити … такого змісту: «…»` item per parent; removed units: one
//!   `… виключити` item per parent; renumbering: one `вважати … відповідно` item per parent,
//!   ranges paired with ranges (`пункти 5.2–5.12 вважати відповідно пунктами 5.5–5.15`).
//! - A body renamed in several units is one `у тексті … слова «…» в усіх відмінках замінити
//!   словами «…» у відповідному відмінку` item when the inflection engine explains every one of
//!   those changes.
//!
//! ## Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z951 | error | the draft does not give back the edited text (the first difference is shown) |
//! | Z952 | error | a change the formulas cannot express (the document's title, the table's columns) |
//! | Z953 | warning | no `--date`/`--number`: the decision carries visible placeholders |
//! | Z954 | warning | the edited text is the edition in force: nothing to draft |
//! | Z955 | error | the decision that approved the document is not in the corpus |
//! | Z956 | error | a subpoint labelled `1)` / `а)` inserted, deleted or renumbered: not drafted yet (word changes and restatements of labels are) |

pub mod align;
pub mod proof;
pub mod words;
pub mod write;

use crate::ir::{Date, Diagnostic, Edition, Number, Unit, UnitId, UnitKind};
use align::{Step, Tree, has_content};
use std::collections::{BTreeMap, BTreeSet};
use words::{Limits, WordEdit};
use write::{Case, address, compress, quote, step, unit_word, word_for};

/// The act the drafted decision amends (the approving decision of the documents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Act {
    /// The issuing body's lines (`ВИКОНАВЧИЙ КОМІТЕТ`), as the approving decision has them.
    pub body: Option<String>,
    pub place: Option<String>,
    pub date: Date,
    pub number: String,
    /// The approving decision's title (`Про затвердження Регламенту …`).
    pub title: Option<String>,
}

impl Act {
    fn executive(&self) -> bool {
        let b = self.body.clone().unwrap_or_default().to_uppercase();
        b.is_empty() || b.contains("ВИКОНАВЧИЙ КОМІТЕТ") || b.contains("ВИКОНКОМ")
    }

    /// `рішення виконкому міської ради від 22.03.2023 № 326`
    pub fn reference(&self) -> String {
        let who = if self.executive() {
            "рішення виконкому міської ради"
        } else {
            "рішення міської ради"
        };
        format!("{who} від {} № {}", self.date.dmy(), self.number)
    }
}

/// Options of a draft.
#[derive(Clone, Debug)]
pub struct Options {
    pub limits: Limits,
    pub act: Act,
    /// The new decision's date and number; None: visible placeholders.
    pub date: Option<Date>,
    pub number: Option<String>,
    /// The amended act was already amended (`(зі змінами)`).
    pub as_amended: bool,
}

/// One document's change: the edition in force and the edited text.
#[derive(Clone, Copy, Debug)]
pub struct DocChange<'a> {
    pub before: &'a Edition,
    pub after: &'a Edition,
    /// The document's title (as the corpus knows it).
    pub title: &'a str,
}

/// What a draft counts, for the property tests and the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Units whose text changed, new units and removed units (a removed unit's subtree counts
    /// once).
    pub changed_units: usize,
    /// `вважати` items.
    pub renumber_clauses: usize,
    /// Items (instructions) written.
    pub instructions: usize,
    /// Per changed unit: how many items name it (restated rows share one item: 1 each).
    pub per_unit: Vec<usize>,
}

/// A proven draft.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The numbered items (`1.1. у Регламенті …:` and below), as `--format items` prints them.
    pub items: String,
    /// The whole decision file.
    pub decision: String,
    /// The appendix (table rows restated or added), if any.
    pub appendix: Option<String>,
    pub stats: Stats,
    /// The editions the draft gives when applied (one per document, in order).
    pub applied: Vec<Edition>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where word edits go in a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Unit,
    Heading,
    Cell(usize),
}

/// A new unit to insert: its number, kind and paragraphs, with its new children.
#[derive(Clone, Debug)]
struct NewUnit {
    number: Number,
    kind: UnitKind,
    word: Option<String>,
    paras: Vec<String>,
}

/// One planned item of one document.
#[derive(Clone, Debug)]
enum Item {
    Rename {
        old: String,
        new: String,
    },
    Words {
        unit: UnitId,
        target: Target,
        edits: Vec<WordEdit>,
    },
    Restate {
        unit: UnitId,
        paras: Vec<String>,
    },
    Heading {
        unit: UnitId,
        text: String,
    },
    RestateRows {
        units: Vec<UnitId>,
    },
    Insert {
        parent: Option<UnitId>,
        units: Vec<NewUnit>,
        appendix: bool,
    },
    Delete {
        units: Vec<UnitId>,
    },
    Renumber {
        units: Vec<UnitId>,
        to: Vec<Number>,
        because: bool,
    },
}

fn z902(uk: String, en: String) -> Diagnostic {
    Diagnostic::error("Z952", uk, en)
}

/// The planner of one document.
struct Planner<'a> {
    tb: Tree<'a>,
    ta: Tree<'a>,
    limits: Limits,
    table: bool,
    items: Vec<Item>,
    /// Explicit renumbering: before id → new number.
    renum: BTreeMap<UnitId, Number>,
    /// Appendix rows: (number in the appendix, cells).
    appendix_rows: Vec<(Number, String)>,
    stats: Stats,
    /// Units whose text the rename item already explains.
    renamed: BTreeMap<UnitId, Vec<String>>,
    /// Sibling alignments already computed, by (parent before, parent after).
    aligned: Aligned,
    errors: Vec<Diagnostic>,
}

type Aligned = BTreeMap<(Option<UnitId>, Option<UnitId>), Vec<Step>>;
/// The renamed paragraphs of the units a rename touches.
type Renamed = BTreeMap<UnitId, Vec<String>>;
/// A document's items, its appendix rows (number, cells) and stats.
type Planned = (Vec<Item>, Vec<(Number, String)>, Stats);

impl<'a> Planner<'a> {
    /// Labels `1)`, `а)` are addressed as `підпункт 2 пункту 1.2` (resolve finds the label), so
    /// their words can be changed; inserting, deleting or renumbering them is not drafted yet:
    /// the grammar reads new slots `підпунктом 4` as decimal numbers.
    fn addressable(&mut self, n: &Number) {
        if matches!(n, Number::Paren(_) | Number::Letter(_)) {
            let d = Diagnostic::error(
                "Z956",
                format!("зміну підпункту {n} не можна записати: граматика читає «підпункт {}» як десятковий номер, і resolve не знаходить {n}", write::num(n)),
                format!("the change of subpoint {n} cannot be drafted: the grammar reads «підпункт {}» as a decimal number, which resolve does not match with {n}", write::num(n)),
            )
            .hint(
                "змініть цей підпункт разом із пунктом, до якого він належить, або внесіть зміну вручну",
                "change it by hand, or restate the point it belongs to by hand",
            );
            if !self.errors.contains(&d) {
                self.errors.push(d);
            }
        }
    }

    fn before(&self, id: UnitId) -> &'a Unit {
        self.tb.unit(id).unwrap_or(&self.tb.ed.units[0])
    }

    fn after(&self, id: UnitId) -> &'a Unit {
        self.ta.unit(id).unwrap_or(&self.ta.ed.units[0])
    }

    /// The number a before-unit gets without an explicit clause: its nearest explicitly
    /// renumbered ancestor's new number rebased onto it (apply's rule).
    fn auto_number(&self, u: &Unit) -> Number {
        let mut cur = u.parent;
        while let Some(p) = cur {
            if let Some(to) = self.renum.get(&p) {
                let old = &self.before(p).number;
                return u.number.rebase(old, to).unwrap_or_else(|| u.number.clone());
            }
            cur = self.before(p).parent;
        }
        u.number.clone()
    }

    fn walk(&mut self, pb: Option<UnitId>, pa: Option<UnitId>) {
        let kb: Vec<&Unit> = self
            .tb
            .children(pb)
            .into_iter()
            .filter(|u| has_content(u))
            .collect();
        let ka: Vec<&Unit> = self
            .ta
            .children(pa)
            .into_iter()
            .filter(|u| has_content(u))
            .collect();
        let steps = match self.aligned.get(&(pb, pa)) {
            Some(s) => s.clone(),
            None => align::siblings(&self.tb, &kb, &self.ta, &ka),
        };
        let mut deleted: Vec<UnitId> = Vec::new();
        let mut delete_at: Option<usize> = None;
        let mut inserted: Vec<NewUnit> = Vec::new();
        let mut insert_at: Option<usize> = None;
        let mut moves: Vec<(UnitId, Number)> = Vec::new();
        for s in &steps {
            match *s {
                Step::Deleted(b) => {
                    let n = self.before(b).number.clone();
                    self.addressable(&n);
                    if delete_at.is_none() {
                        delete_at = Some(self.items.len());
                    }
                    deleted.push(b);
                    self.stats.changed_units += 1;
                    self.stats.per_unit.push(1);
                }
                Step::Inserted(a) => {
                    let n = self.after(a).number.clone();
                    self.addressable(&n);
                    if let Some(p) = pb {
                        let pn = self.before(p).number.clone();
                        self.addressable(&pn);
                    }
                    if insert_at.is_none() {
                        insert_at = Some(self.items.len());
                    }
                    self.collect_new(a, &mut inserted);
                }
                Step::Matched(b, a) => {
                    let (ub, ua) = (self.before(b), self.after(a));
                    let auto = self.auto_number(ub);
                    if ua.number != auto {
                        self.addressable(&ub.number.clone());
                        self.renum.insert(b, ua.number.clone());
                        moves.push((b, ua.number.clone()));
                    }
                    self.unit_change(ub, ua);
                    self.walk(Some(b), Some(a));
                }
            }
        }
        let because = !deleted.is_empty() || !inserted.is_empty();
        // Insert the group items at their first positions (deletions first when both).
        let mut groups: Vec<(usize, Item)> = Vec::new();
        if !inserted.is_empty() {
            let appendix = self.table;
            if appendix {
                for n in &inserted {
                    self.appendix_rows.push((
                        n.number.clone(),
                        n.paras.first().cloned().unwrap_or_default(),
                    ));
                }
            }
            groups.push((
                insert_at.unwrap_or(self.items.len()),
                Item::Insert {
                    parent: pb,
                    units: inserted,
                    appendix,
                },
            ));
        }
        if !deleted.is_empty() {
            groups.push((
                delete_at.unwrap_or(self.items.len()),
                Item::Delete { units: deleted },
            ));
        }
        groups.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
        for (at, it) in groups {
            self.items.insert(at.min(self.items.len()), it);
        }
        if !moves.is_empty() {
            self.stats.renumber_clauses += 1;
            let (units, to): (Vec<UnitId>, Vec<Number>) = moves.into_iter().unzip();
            self.items.push(Item::Renumber { units, to, because });
        }
    }

    /// A new unit with its new children, flattened in document order.
    fn collect_new(&mut self, a: UnitId, out: &mut Vec<NewUnit>) {
        let u = self.after(a);
        out.push(NewUnit {
            number: u.number.clone(),
            kind: u.kind,
            word: u.word.clone(),
            paras: u.paras.clone(),
        });
        self.stats.changed_units += 1;
        self.stats.per_unit.push(1);
        for c in self.ta.children(Some(a)) {
            if has_content(c) {
                self.collect_new(c.id, out);
            }
        }
    }

    /// The item for a matched unit whose text changed.
    fn unit_change(&mut self, ub: &Unit, ua: &Unit) {
        let start = match self.renamed.get(&ub.id) {
            Some(p) => p.clone(),
            None => ub.paras.clone(),
        };
        if start == ua.paras {
            if ub.paras != ua.paras {
                // Explained by the rename item alone.
                self.stats.changed_units += 1;
                self.stats.per_unit.push(1);
            }
            return;
        }
        self.stats.changed_units += 1;
        let renamed = self.renamed.contains_key(&ub.id);
        let item = if self.table {
            self.row_change(ub, ua, renamed)
        } else {
            self.text_change(ub, ua, &start, renamed)
        };
        self.stats.per_unit.push(1 + usize::from(renamed));
        if let Some(it) = item {
            self.items.push(it);
        }
    }

    /// Word edits valid both for resolve (needles in the edition in force) and for apply (on
    /// the text after the rename item).
    fn word_edits(
        &self,
        orig: &[String],
        start: &[String],
        new: &[String],
    ) -> Option<Vec<WordEdit>> {
        let e = words::edits(start, new, &self.limits)?;
        if orig != start {
            // Resolve looks needles up in the edition in force, paragraph by paragraph.
            for w in &e {
                let needle = match w {
                    WordEdit::Replace { find, .. } | WordEdit::Delete { find } => find,
                    WordEdit::InsertAfter { anchor, .. }
                    | WordEdit::InsertBefore { anchor, .. } => anchor,
                    WordEdit::Append { .. } => continue,
                };
                for (o, s) in orig.iter().zip(start) {
                    if crate::apply::text::contains(o, needle)
                        != crate::apply::text::contains(s, needle)
                    {
                        return None;
                    }
                }
            }
        }
        Some(e)
    }

    fn text_change(
        &mut self,
        ub: &Unit,
        ua: &Unit,
        start: &[String],
        renamed: bool,
    ) -> Option<Item> {
        let section = ub.kind == UnitKind::Section;
        if let Some(e) = self.word_edits(&ub.paras, start, &ua.paras) {
            let target = if section && ub.paras.len() == 1 {
                Target::Heading
            } else {
                Target::Unit
            };
            return Some(Item::Words {
                unit: ub.id,
                target,
                edits: e,
            });
        }
        let _ = renamed;
        if section && ua.paras.len() == 1 && ub.paras.len() == 1 {
            return Some(Item::Heading {
                unit: ub.id,
                text: ua.paras[0].clone(),
            });
        }
        Some(Item::Restate {
            unit: ub.id,
            paras: ua.paras.clone(),
        })
    }

    fn row_change(&mut self, ub: &Unit, ua: &Unit, _renamed: bool) -> Option<Item> {
        let cb: Vec<String> = ub.cells().iter().map(|s| s.to_string()).collect();
        let ca: Vec<String> = ua.cells().iter().map(|s| s.to_string()).collect();
        let start: Vec<String> = match self.renamed.get(&ub.id) {
            Some(p) => p
                .first()
                .map(|x| x.split('\t').map(str::to_string).collect())
                .unwrap_or_default(),
            None => cb.clone(),
        };
        if cb.len() == ca.len()
            && start.len() == ca.len()
            && ub.paras.len() == 1
            && ua.paras.len() == 1
        {
            let diff: Vec<usize> = (0..ca.len()).filter(|&i| start[i] != ca[i]).collect();
            if let [c] = diff.as_slice()
                && let Some(e) = self.word_edits(
                    std::slice::from_ref(&cb[*c]),
                    std::slice::from_ref(&start[*c]),
                    std::slice::from_ref(&ca[*c]),
                )
                && self.column_title(*c + 1).is_some()
            {
                return Some(Item::Words {
                    unit: ub.id,
                    target: Target::Cell(*c),
                    edits: e,
                });
            }
        }
        // Restated from the appendix, under its number in the new edition (resolve matches
        // appendix rows by the number a unit has after the decision's renumbering).
        self.appendix_rows.push((
            ua.number.clone(),
            ua.paras.first().cloned().unwrap_or_default(),
        ));
        match self
            .items
            .iter_mut()
            .find(|i| matches!(i, Item::RestateRows { .. }))
        {
            Some(Item::RestateRows { units }) => {
                units.push(ub.id);
                None
            }
            _ => Some(Item::RestateRows { units: vec![ub.id] }),
        }
    }

    /// A column's title if it names exactly one column.
    fn column_title(&self, i: usize) -> Option<String> {
        let cols = &self.tb.ed.table.as_ref()?.columns;
        let t = cols.get(i)?;
        let same = cols
            .iter()
            .filter(|c| crate::apply::text::same_title(c, t))
            .count();
        (same == 1).then(|| t.clone())
    }
}

/// A renamed body: the pair (old, new) of names the inflection engine explains in at least two
/// units, found from the word changes of the units. Returns the pair and the renamed
/// paragraphs of every unit it touches.
fn find_rename(
    tb: &Tree,
    ta: &Tree,
    matched: &[(UnitId, UnitId)],
) -> Option<(String, String, BTreeMap<UnitId, Vec<String>>)> {
    use crate::apply::inflect::{self, Case as ICase, Form, RenameOptions};
    // Candidate phrases: each single-hunk change widened to 2..6 words on each side.
    let mut found: BTreeMap<(String, String), BTreeSet<UnitId>> = BTreeMap::new();
    for (b, a) in matched {
        let (Some(ub), Some(ua)) = (tb.unit(*b), ta.unit(*a)) else {
            continue;
        };
        if ub.paras == ua.paras || ub.paras.len() != ua.paras.len() {
            continue;
        }
        for (o, n) in ub.paras.iter().zip(&ua.paras) {
            if o == n {
                continue;
            }
            let ow: Vec<&str> = o.split_whitespace().collect();
            let nw: Vec<&str> = n.split_whitespace().collect();
            let pre = ow.iter().zip(&nw).take_while(|(x, y)| x == y).count();
            let suf = ow
                .iter()
                .rev()
                .zip(nw.iter().rev())
                .take_while(|(x, y)| x == y)
                .count()
                .min(ow.len() - pre)
                .min(nw.len() - pre);
            for l in 0..=2usize.min(pre) {
                for r in 0..=6usize.min(suf) {
                    let os = &ow[pre - l..ow.len() - suf + r];
                    let ns = &nw[pre - l..nw.len() - suf + r];
                    if os.is_empty() || ns.is_empty() || os.len() > 12 {
                        continue;
                    }
                    let clean = |v: &[&str]| {
                        v.join(" ")
                            .trim_matches(|c: char| !c.is_alphanumeric() && c != '»' && c != '«')
                            .to_string()
                    };
                    let (x, y) = (clean(os), clean(ns));
                    if x.is_empty() || y.is_empty() || x == y {
                        continue;
                    }
                    let nom =
                        |s: &str| inflect::inflect(s, Form::new(ICase::Nominative, false)).ok();
                    if let (Some(xn), Some(yn)) = (nom(&x), nom(&y)) {
                        found.entry((xn, yn)).or_default().insert(*b);
                    }
                }
            }
        }
    }
    // A rename explains changes in several units: keep the pairs that two units propose.
    let cands: Vec<(String, String)> = found
        .into_iter()
        .filter(|(_, units)| units.len() >= 2)
        .map(|(k, _)| k)
        .collect();
    let after_of: BTreeMap<UnitId, UnitId> = matched.iter().copied().collect();
    let mut best: Option<(usize, usize, String, String, Renamed)> = None;
    for (old, new) in cands {
        let Ok(r) = inflect::Renamer::new(&old, &new, &RenameOptions::default()) else {
            continue;
        };
        let mut touched: BTreeMap<UnitId, Vec<String>> = BTreeMap::new();
        let mut explained = 0;
        let mut ok = true;
        for u in &tb.ed.units {
            let mut paras = u.paras.clone();
            let mut hit = false;
            for p in &mut paras {
                let rr = r.rename(p);
                if rr.diagnostics.iter().any(Diagnostic::is_error) {
                    ok = false;
                }
                if !rr.hits.is_empty() {
                    hit = true;
                    *p = rr.text;
                }
            }
            if !hit {
                continue;
            }
            // Every unit the rename touches must change in the edited text, and the rename must
            // bring it closer: exactly equal, or the rest still a change of the same unit.
            let Some(a) = after_of.get(&u.id).and_then(|a| ta.unit(*a)) else {
                ok = false;
                break;
            };
            if a.paras == u.paras {
                ok = false;
                break;
            }
            if a.paras == paras {
                explained += 1;
            }
            touched.insert(u.id, paras);
        }
        // A name ends on a noun or adjective, never on a conjunction or preposition.
        let dangling = |s: &str| {
            s.split_whitespace().last().is_some_and(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "та" | "і"
                        | "й"
                        | "з"
                        | "із"
                        | "у"
                        | "в"
                        | "до"
                        | "на"
                        | "для"
                        | "або"
                        | "що"
                )
            })
        };
        if dangling(&old) || dangling(&new) {
            continue;
        }
        let words = old.split_whitespace().count();
        let better = best
            .as_ref()
            .is_none_or(|(e, w, ..)| (explained, words) > (*e, *w));
        if ok && explained >= 2 && better {
            best = Some((explained, words, old, new, touched));
        }
    }
    best.map(|(_, _, o, n, t)| (o, n, t))
}

/// Collect matched pairs over the whole tree (for the rename search), keeping the alignments.
fn all_matched(
    tb: &Tree,
    ta: &Tree,
    pb: Option<UnitId>,
    pa: Option<UnitId>,
    out: &mut Vec<(UnitId, UnitId)>,
    aligned: &mut Aligned,
) {
    let kb: Vec<&Unit> = tb
        .children(pb)
        .into_iter()
        .filter(|u| has_content(u))
        .collect();
    let ka: Vec<&Unit> = ta
        .children(pa)
        .into_iter()
        .filter(|u| has_content(u))
        .collect();
    let steps = align::siblings(tb, &kb, ta, &ka);
    for s in &steps {
        if let Step::Matched(b, a) = *s {
            out.push((b, a));
            all_matched(tb, ta, Some(b), Some(a), out, aligned);
        }
    }
    aligned.insert((pb, pa), steps);
}

/// The planned items of one document, its appendix rows and stats.
fn plan(doc: &DocChange, limits: &Limits) -> Result<Planned, Vec<Diagnostic>> {
    let (b, a) = (doc.before, doc.after);
    let norm = |t: &[String]| -> Vec<String> {
        t.iter()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
            .collect()
    };
    let mut errs = Vec::new();
    if norm(&b.title) != norm(&a.title) {
        errs.push(z902(
            "назву документа (рядки до першої одиниці) змінено: такої зміни формули не виражають"
                .into(),
            "the document's title block changed: the formulas cannot express that".into(),
        ));
    }
    if b.table.as_ref().map(|t| &t.columns) != a.table.as_ref().map(|t| &t.columns) {
        errs.push(z902(
            "змінено графи таблиці (рядок заголовка): такої зміни формули не виражають".into(),
            "the table's columns (header row) changed: the formulas cannot express that".into(),
        ));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let tb = Tree::new(b);
    let ta = Tree::new(a);
    let mut matched = Vec::new();
    let mut aligned = Aligned::new();
    all_matched(&tb, &ta, None, None, &mut matched, &mut aligned);
    let mut items = Vec::new();
    let mut renamed = BTreeMap::new();
    if let Some((old, new, touched)) = find_rename(&tb, &ta, &matched) {
        items.push(Item::Rename { old, new });
        renamed = touched;
    }
    let mut p = Planner {
        tb,
        ta,
        limits: *limits,
        table: b.table.is_some(),
        items,
        renum: BTreeMap::new(),
        appendix_rows: Vec::new(),
        stats: Stats::default(),
        renamed,
        aligned,
        errors: Vec::new(),
    };
    p.walk(None, None);
    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    let Planner {
        items,
        appendix_rows,
        mut stats,
        ..
    } = p;
    stats.instructions = items.len();
    Ok((items, appendix_rows, stats))
}

/// The list of units as a formula names them, words switching where the kind does:
/// `пункти 3.1, 3.16, підпункти 22.1.8, 22.2.1–22.2.5`. Each group is written with its path
/// when numbers alone are ambiguous.
fn unit_list(ed: &Edition, units: &[&Unit], case: Case) -> String {
    // Units of one word together, in the order the words first appear (1460: `пункти 3.1,
    // 3.16, 34.2, підпункти 22.1.8, …`).
    let mut order: Vec<write::Word> = Vec::new();
    for u in units {
        if !order.contains(&unit_word(u)) {
            order.push(unit_word(u));
        }
    }
    let mut sorted: Vec<&Unit> = Vec::new();
    for w in &order {
        sorted.extend(units.iter().filter(|u| unit_word(u) == *w));
    }
    let units = sorted.as_slice();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    let plural_total = units.len() > 1;
    while i < units.len() {
        let w = unit_word(units[i]);
        let mut j = i;
        while j + 1 < units.len() && unit_word(units[j + 1]) == w {
            j += 1;
        }
        let group = &units[i..=j];
        let simple = group
            .iter()
            .all(|u| write::path(ed, u).len() == 1 && !needs_title(ed, u));
        if simple {
            let nums: Vec<Number> = group.iter().map(|u| u.number.clone()).collect();
            parts.push(format!("{} {}", w.get(case, plural_total), compress(&nums)));
        } else {
            for u in group {
                parts.push(address(ed, u, case));
            }
        }
        i = j + 1;
    }
    parts.join(", ")
}

fn needs_title(ed: &Edition, u: &Unit) -> bool {
    u.parent.is_none()
        && ed
            .units
            .iter()
            .filter(|x| x.parent.is_none() && x.number == u.number)
            .count()
            > 1
}

/// The lines of a unit in the text format (`5.2. Текст`, further paragraphs), for quotes.
fn unit_lines(n: &NewUnit) -> Vec<String> {
    let head = n.paras.first().cloned().unwrap_or_default();
    let label = match (&n.word, &n.number) {
        (Some(w), num) => format!("{w} {num}."),
        (None, num @ (Number::Paren(_) | Number::Letter(_))) => num.to_string(),
        (None, num) => format!("{num}."),
    };
    let mut out = vec![if head.is_empty() {
        label
    } else {
        format!("{label} {head}")
    }];
    out.extend(n.paras.iter().skip(1).cloned());
    out
}

fn quoted_block(lines: &[String]) -> String {
    quote(&lines.join("\n"))
}

/// Write one item's text (without its number).
fn item_text(ed: &Edition, it: &Item, title_gen: &str) -> String {
    let unit = |id: UnitId| ed.unit(id);
    match it {
        Item::Rename { old, new } => format!(
            "у тексті {title_gen} слова {} в усіх відмінках замінити словами {} у відповідному відмінку",
            quote(old),
            quote(new)
        ),
        Item::Words {
            unit: id,
            target,
            edits,
        } => {
            let Some(u) = unit(*id) else {
                return String::new();
            };
            let (loc, nom) = match target {
                Target::Unit => (
                    format!("{} {}", write::prep_u(), address(ed, u, Case::Loc)),
                    address(ed, u, Case::Nom),
                ),
                Target::Heading => (
                    format!("у назві {}", address(ed, u, Case::Gen)),
                    format!("назву {}", address(ed, u, Case::Gen)),
                ),
                Target::Cell(c) => {
                    let col = ed
                        .table
                        .as_ref()
                        .and_then(|t| t.columns.get(c + 1))
                        .cloned()
                        .unwrap_or_default();
                    (
                        format!("у графі {} {}", quote(&col), address(ed, u, Case::Gen)),
                        format!("графу {} {}", quote(&col), address(ed, u, Case::Gen)),
                    )
                }
            };
            match edits.as_slice() {
                [WordEdit::Replace { find, with }] => {
                    format!(
                        "{loc} слова {} замінити словами {}",
                        quote(find),
                        quote(with)
                    )
                }
                [WordEdit::Delete { find }] => format!("{loc} слова {} виключити", quote(find)),
                [WordEdit::InsertAfter { anchor, text }] => format!(
                    "{nom} після слів {} доповнити словами {}",
                    quote(anchor),
                    quote(text)
                ),
                [WordEdit::InsertBefore { anchor, text }] => format!(
                    "{nom} перед словами {} доповнити словами {}",
                    quote(anchor),
                    quote(text)
                ),
                [WordEdit::Append { text }] => format!("{nom} доповнити словами {}", quote(text)),
                many => {
                    let pairs: Vec<(String, String)> = many
                        .iter()
                        .filter_map(|e| match e {
                            WordEdit::Replace { find, with } => Some((find.clone(), with.clone())),
                            _ => None,
                        })
                        .collect();
                    let mut s = loc.clone();
                    for (k, (f, w)) in pairs.iter().enumerate() {
                        if k == 0 {
                            s.push_str(&format!(
                                " слова {} замінити словами {}",
                                quote(f),
                                quote(w)
                            ));
                        } else if k + 1 == pairs.len() {
                            s.push_str(&format!(", а слова {} – словами {}", quote(f), quote(w)));
                        } else {
                            s.push_str(&format!(", слова {} – словами {}", quote(f), quote(w)));
                        }
                    }
                    s
                }
            }
        }
        Item::Restate { unit: id, paras } => {
            let Some(u) = unit(*id) else {
                return String::new();
            };
            let n = NewUnit {
                number: u.number.clone(),
                kind: u.kind,
                word: u.word.clone(),
                paras: paras.clone(),
            };
            format!(
                "{} викласти в такій редакції:\n{}",
                address(ed, u, Case::Nom),
                quoted_block(&unit_lines(&n))
            )
        }
        Item::Heading { unit: id, text } => {
            let Some(u) = unit(*id) else {
                return String::new();
            };
            format!(
                "назву {} викласти в такій редакції: {}",
                address(ed, u, Case::Gen),
                quote(text)
            )
        }
        Item::RestateRows { units } => {
            let us: Vec<&Unit> = units.iter().filter_map(|i| unit(*i)).collect();
            format!(
                "викласти в новій редакції {} (додаток)",
                unit_list(ed, &us, Case::Nom)
            )
        }
        Item::Insert {
            parent,
            units,
            appendix,
        } => {
            let first = &units[0];
            let w = word_for(first.kind, &first.number, first.word.as_deref());
            let nums: Vec<Number> = units.iter().map(|n| n.number.clone()).collect();
            // Words switch with depth only for tables' nested rows; text documents insert
            // siblings (and their children) under one parent.
            let list = if units
                .iter()
                .all(|n| word_for(n.kind, &n.number, n.word.as_deref()) == w)
            {
                format!("{} {}", w.get(Case::Ins, units.len() > 1), compress(&nums))
            } else {
                let mut parts = Vec::new();
                let mut i = 0;
                while i < units.len() {
                    let wi = word_for(units[i].kind, &units[i].number, units[i].word.as_deref());
                    let mut j = i;
                    while j + 1 < units.len()
                        && word_for(
                            units[j + 1].kind,
                            &units[j + 1].number,
                            units[j + 1].word.as_deref(),
                        ) == wi
                    {
                        j += 1;
                    }
                    parts.push(format!(
                        "{} {}",
                        wi.get(Case::Ins, j > i),
                        compress(&nums[i..=j])
                    ));
                    i = j + 1;
                }
                parts.join(", ")
            };
            let head = match parent.and_then(unit) {
                Some(p) => format!("{} доповнити {list}", address(ed, p, Case::Nom)),
                None => format!("доповнити {list}"),
            };
            if *appendix {
                format!("{head} (додаток)")
            } else {
                let lines: Vec<String> = units.iter().flat_map(unit_lines).collect();
                format!("{head} такого змісту:\n{}", quoted_block(&lines))
            }
        }
        Item::Delete { units } => {
            let us: Vec<&Unit> = units.iter().filter_map(|i| unit(*i)).collect();
            format!("{} виключити", unit_list(ed, &us, Case::Nom))
        }
        Item::Renumber { units, to, because } => {
            let us: Vec<&Unit> = units.iter().filter_map(|i| unit(*i)).collect();
            let lead = if *because {
                "у зв'язку з цим "
            } else {
                ""
            };
            if let ([u], [t]) = (us.as_slice(), to.as_slice()) {
                let w = unit_word(u);
                return format!(
                    "{lead}{} вважати {} {}",
                    address(ed, u, Case::Nom),
                    w.get(Case::Ins, false),
                    write::num(t)
                );
            }
            // Pair runs: consecutive siblings going to consecutive numbers.
            let mut src: Vec<String> = Vec::new();
            let mut dst: Vec<String> = Vec::new();
            let w = unit_word(us[0]);
            let path_needed = us
                .iter()
                .any(|u| write::path(ed, u).len() > 1 || needs_title(ed, u));
            let sibs: Vec<UnitId> = ed
                .units
                .iter()
                .filter(|x| x.parent == us[0].parent)
                .map(|x| x.id)
                .collect();
            let idx = |id: UnitId| sibs.iter().position(|x| *x == id);
            let mut i = 0;
            while i < us.len() {
                let mut j = i;
                while !path_needed
                    && j + 1 < us.len()
                    && idx(us[j + 1].id) == idx(us[j].id).map(|k| k + 1)
                    && to[j].next_sibling().as_ref() == Some(&to[j + 1])
                    && us[j].number.next_sibling().as_ref() == Some(&us[j + 1].number)
                {
                    j += 1;
                }
                if j >= i + 2 {
                    src.push(format!(
                        "{}–{}",
                        write::num(&us[i].number),
                        write::num(&us[j].number)
                    ));
                    dst.push(format!("{}–{}", write::num(&to[i]), write::num(&to[j])));
                } else {
                    for k in i..=j {
                        src.push(if path_needed {
                            step(ed, us[k], Case::Nom)
                                .split_once(' ')
                                .map_or(String::new(), |x| x.1.to_string())
                        } else {
                            write::num(&us[k].number)
                        });
                        dst.push(write::num(&to[k]));
                    }
                }
                i = j + 1;
            }
            let tail = match us[0].parent.and_then(unit) {
                Some(p) if path_needed => format!(" {}", address(ed, p, Case::Gen)),
                _ => String::new(),
            };
            format!(
                "{lead}{} {}{tail} вважати відповідно {} {}",
                w.get(Case::Nom, true),
                src.join(", "),
                w.get(Case::Ins, true),
                dst.join(", ")
            )
        }
    }
}

/// The genitive of a document's head word (`у тексті Регламенту`).
fn title_genitive(title: &str) -> String {
    use crate::apply::inflect::{Case as ICase, Form};
    let head = title.split_whitespace().next().unwrap_or("");
    if let Ok(s) = crate::apply::inflect::inflect(head, Form::new(ICase::Genitive, false))
        && s != head
    {
        return s;
    }
    match head.to_lowercase().as_str() {
        "регламент" => "Регламенту".into(),
        "класифікатор" => "Класифікатора".into(),
        "порядок" => "Порядку".into(),
        "перелік" => "Переліку".into(),
        "статут" => "Статуту".into(),
        "правила" => "Правил".into(),
        "інструкція" => "Інструкції".into(),
        "програма" => "Програми".into(),
        _ => head.to_string(),
    }
}

/// Draft the amending decision for one or more documents, and prove it.
pub fn draft(docs: &[DocChange], opts: &Options) -> Result<Draft, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    let mut appendix_docs: Vec<(usize, Vec<(Number, String)>)> = Vec::new();
    let mut stats = Stats::default();
    for (k, doc) in docs.iter().enumerate() {
        let (items, rows, st) = plan(doc, &opts.limits)?;
        stats.changed_units += st.changed_units;
        stats.renumber_clauses += st.renumber_clauses;
        stats.instructions += st.instructions;
        stats.per_unit.extend(st.per_unit);
        let head_word = title_genitive(doc.title);
        let texts: Vec<String> = items
            .iter()
            .map(|it| item_text(doc.before, it, &head_word))
            .collect();
        blocks.push((write::title_locative(doc.title), texts));
        if !rows.is_empty() {
            appendix_docs.push((k, rows));
        }
    }
    if blocks.iter().all(|(_, t)| t.is_empty()) {
        diags.push(Diagnostic::warning(
            "Z954",
            "редагований текст збігається з чинною редакцією: змін немає",
            "the edited text is the edition in force: there is nothing to draft",
        ));
        return Ok(Draft {
            items: String::new(),
            decision: String::new(),
            appendix: None,
            stats,
            applied: docs.iter().map(|d| d.before.clone()).collect(),
            diagnostics: diags,
        });
    }
    // Per-unit counts: a unit named by two items (renamed, then changed) counts 2; restated
    // rows share one item.
    let _ = &stats.per_unit;
    let items = items_block(&blocks);
    let appendix = appendix_text(docs, &appendix_docs, opts);
    let decision = decision_text(&items, opts);
    let applied = proof::prove(docs, &decision, appendix.as_deref(), opts, &mut diags)?;
    if opts.date.is_none() || opts.number.is_none() {
        diags.push(Diagnostic::warning(
            "Z953",
            "дату й номер рішення не задано (--date, --number): у тексті рішення стоять заповнювачі",
            "no date or number given (--date, --number): the decision carries placeholders",
        ));
    }
    Ok(Draft {
        items,
        decision,
        appendix,
        stats,
        applied,
        diagnostics: diags,
    })
}

/// `1.1. у Регламенті …:` then `1.1.1. …;` … the last item ends with a full stop.
fn items_block(blocks: &[(String, Vec<String>)]) -> String {
    let mut out = String::new();
    let nonempty: Vec<&(String, Vec<String>)> =
        blocks.iter().filter(|(_, t)| !t.is_empty()).collect();
    let total: usize = nonempty.iter().map(|(_, t)| t.len()).sum();
    let mut written = 0;
    for (k, (scope, texts)) in nonempty.iter().enumerate() {
        out.push_str(&format!("1.{}. у {scope}:\n", k + 1));
        for (j, t) in texts.iter().enumerate() {
            written += 1;
            let end = if written == total { "." } else { ";" };
            out.push_str(&format!("1.{}.{}. {t}{end}\n", k + 1, j + 1));
        }
    }
    out
}

/// The appendix: the table's header row, then the rows by number (new rows by their new
/// numbers, restated rows by the numbers they have in the edition in force).
fn appendix_text(
    docs: &[DocChange],
    rows: &[(usize, Vec<(Number, String)>)],
    opts: &Options,
) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let mut out = String::from("Додаток\nдо рішення виконкому міської ради\n");
    out.push_str(&format!(
        "{} № {}\n",
        opts.date.map_or("__.__.____".to_string(), |d| d.dmy()),
        opts.number.clone().unwrap_or_else(|| "____".into())
    ));
    for (k, rs) in rows {
        let Some(t) = docs[*k].before.table.as_ref() else {
            continue;
        };
        out.push('\n');
        out.push_str(&t.columns.join("\t"));
        out.push('\n');
        let mut rs = rs.clone();
        rs.sort_by(|a, b| a.0.cmp(&b.0));
        for (n, cells) in rs {
            out.push_str(&format!("{n}\t{cells}\n"));
        }
    }
    Some(out)
}

/// The whole decision file.
fn decision_text(items: &str, opts: &Options) -> String {
    let act = &opts.act;
    let body = act
        .body
        .clone()
        .unwrap_or_else(|| "ВИКОНАВЧИЙ КОМІТЕТ".into());
    let date = opts.date.map_or("__.__.____".to_string(), |d| d.dmy());
    let number = opts.number.clone().unwrap_or_else(|| "____".into());
    let place = act.place.clone().unwrap_or_else(|| "м. Кривий Ріг".into());
    let reference = act.reference();
    let title = act
        .title
        .as_ref()
        .map(|t| format!(" «{t}»"))
        .unwrap_or_default();
    let amended = if opts.as_amended {
        " (зі змінами)"
    } else {
        ""
    };
    let (who, verb) = if act.executive() {
        ("Виконком міської ради", "вирішив")
    } else {
        ("Міська рада", "вирішила")
    };
    format!(
        "{body}\n\nРІШЕННЯ\n\n\t{date}\n\t{place}\n\t№ {number}\n\nПро внесення змін до {reference}\n\n{who} {verb}:\n\n1. Внести до {reference}{title}{amended} такі зміни:\n{items}"
    )
}

/// The date of a draft as `--date` gives it.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse_iso(s)
}
