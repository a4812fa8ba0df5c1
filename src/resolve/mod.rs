//! Resolve: a decision's instructions + the edition in force before it → a [`Plan`] on stable
//! unit ids, or the errors that refuse it.
//!
//! Existing units are always found in the edition *before* the decision, whatever order the
//! items are written in; numbers of units being inserted and the targets of `вважати` name
//! slots of the new edition. Every slot is claimed exactly once (one documented exception).
//!
//! ## Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z401 | error | the addressed unit does not exist in the edition in force |
//! | Z402 | error | the address matches several units and nothing tells them apart |
//! | Z403 | warning | the quoted title differs from the unit's heading; the number alone found it |
//! | Z404 | error | no unit with that number has the quoted title (the title must tell apart units sharing a number) |
//! | Z405 | note | the quoted title told apart units sharing a number |
//! | Z406 | error | a range's ends are not siblings, or its end precedes its start |
//! | Z407 | error | the words to change are not in the unit (the closest text is given) |
//! | Z408 | error | `відповідно`: the lists pair up to different lengths |
//! | Z409 | note | `відповідно`: a length mismatch resolved by skipping this decision's own insertions |
//! | Z410 | error | a number of the new edition is claimed twice |
//! | Z411 | warning | a double claim resolved: the renumbering wins over an insertion without text |
//! | Z412 | error | a unit to insert or restate has no text (neither inline nor in the appendix) |
//! | Z413 | error | the appendix carries text that no instruction uses |
//! | Z414 | error | the renumbering or deletion leaves a gap in the numbering |
//! | Z415 | error | the addressed part does not exist (a paragraph, a column) |
//! | Z416 | error | an instruction this version cannot carry out (sentences, notes, repealing a whole act) |
//! | Z417 | error | the inserted units' slots are already taken by units that stay |
//! | Z418 | warning | runs of spaces in inserted text were folded to one |
//! | Z419 | error | the instruction names no document of the amended act, or several |
//! | Z420 | error | the decision needs an appendix that is missing, or several could be meant |
//! | Z421 | warning | a restated row has another number of cells than the table has columns |

use crate::apply::inflect;
use crate::apply::text;
use crate::ir::{
    Action, ActionKind, Address, Attach, CaseMode, Content, Decision, DecisionRef, Diagnostic,
    Edition, Instruction, NoteSpec, Number, Op, Part, Plan, Quoted, Sel, Source, Span, Step,
    TextEdit, Unit, UnitId, UnitKind, UnitWord, WordPos,
};
use crate::parse::fragment::{Fragment, fragment};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Everything resolve needs for one document.
pub struct Input<'a> {
    pub decision: &'a Decision,
    pub decision_ref: DecisionRef,
    /// The decision's source, to quote lines in diagnostics.
    pub source: Option<&'a Source>,
    pub edition: &'a Edition,
    /// The instructions that amend this document, in the decision's order.
    pub instructions: Vec<&'a Instruction>,
    /// The appendix that carries this document's new text, if any.
    pub appendix: Option<&'a Source>,
}

/// `рішенням виконкому міської ради від 04.12.2023 № 1460` (instrumental) and the genitive.
pub fn authority(decision: &Decision, r: &DecisionRef) -> (String, String) {
    let body = decision.body.clone().unwrap_or_default().to_uppercase();
    let who = if body.contains("ВИКОНАВЧИЙ КОМІТЕТ") || body.contains("ВИКОНКОМ")
    {
        "виконкому міської ради"
    } else if body.contains("МІСЬК") {
        "міської ради"
    } else {
        ""
    };
    let tail = format!("від {} № {}", r.date.dmy(), r.number);
    if who.is_empty() {
        (format!("рішенням {tail}"), format!("рішення {tail}"))
    } else {
        (
            format!("рішенням {who} {tail}"),
            format!("рішення {who} {tail}"),
        )
    }
}

/// A resolved location: a unit and the part of it addressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Loc {
    unit: UnitId,
    part: Part,
}

/// Positions of units by id (ids are dense: a vector beats hashing).
struct Pos(Vec<usize>);

impl Pos {
    fn new(ed: &Edition) -> Pos {
        let max = ed
            .units
            .iter()
            .map(|u| u.id.0 as usize + 1)
            .max()
            .unwrap_or(0);
        let mut v = vec![usize::MAX; max];
        for (i, u) in ed.units.iter().enumerate() {
            v[u.id.0 as usize] = i;
        }
        Pos(v)
    }

    fn get(&self, id: &UnitId) -> Option<&usize> {
        self.0.get(id.0 as usize).filter(|&&p| p != usize::MAX)
    }
}

impl std::ops::Index<&UnitId> for Pos {
    type Output = usize;
    fn index(&self, id: &UnitId) -> &usize {
        &self.0[id.0 as usize]
    }
}

/// Index of an edition: positions, subtree ends.
struct Index<'a> {
    ed: &'a Edition,
    pos: Pos,
    end: Vec<usize>,
}

impl<'a> Index<'a> {
    fn new(ed: &'a Edition) -> Index<'a> {
        let n = ed.units.len();
        let pos = Pos::new(ed);
        let mut end = vec![n; n];
        let mut stack: Vec<usize> = Vec::new();
        for (i, u) in ed.units.iter().enumerate() {
            let ppos = u.parent.and_then(|p| pos.get(&p).copied());
            while let Some(&top) = stack.last() {
                if Some(top) == ppos {
                    break;
                }
                end[top] = i;
                stack.pop();
            }
            stack.push(i);
        }
        Index { ed, pos, end }
    }

    fn unit(&self, id: UnitId) -> &'a Unit {
        &self.ed.units[self.pos[&id]]
    }

    /// Units in the subtree of `scope` (excluding it), or all units.
    fn within(&self, scope: Option<UnitId>) -> &'a [Arc<Unit>] {
        match scope.and_then(|s| self.pos.get(&s).copied()) {
            Some(p) => &self.ed.units[p + 1..self.end[p]],
            None => &self.ed.units,
        }
    }

    fn siblings(&self, parent: Option<UnitId>) -> Vec<&'a Unit> {
        self.ed
            .units
            .iter()
            .filter(|u| u.parent == parent)
            .map(|u| &**u)
            .collect()
    }
}

fn is_section_like(u: &Unit) -> bool {
    matches!(u.kind, UnitKind::Section) || (u.kind == UnitKind::HeadingRow && u.number.depth() == 1)
}

/// The unit word for notes, by the unit's kind and depth: (nominative sg, nominative pl,
/// instrumental sg, instrumental pl).
fn words_for(kind: UnitKind, number: &Number) -> [&'static str; 4] {
    const SECTION: [&str; 4] = ["Розділ", "Розділи", "розділом", "розділами"];
    const POINT: [&str; 4] = ["Пункт", "Пункти", "пунктом", "пунктами"];
    const SUB: [&str; 4] = ["Підпункт", "Підпункти", "підпунктом", "підпунктами"];
    match kind {
        UnitKind::Section => SECTION,
        UnitKind::Point => POINT,
        UnitKind::Subpoint => SUB,
        UnitKind::Row | UnitKind::HeadingRow => match number.depth() {
            1 => SECTION,
            2 => POINT,
            _ => SUB,
        },
    }
}

/// `5.2–5.4, 5.7` from a list of numbers (consecutive runs of three or more, or two, as ranges).
pub fn compress(numbers: &[Number]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len()
            && numbers[j].next_sibling().as_ref() == Some(&numbers[j + 1])
            && !has_sup(&numbers[j + 1])
        {
            j += 1;
        }
        if j > i + 1 {
            parts.push(format!("{}–{}", numbers[i], numbers[j]));
        } else {
            for n in &numbers[i..=j] {
                parts.push(n.to_string());
            }
        }
        i = j + 1;
    }
    parts.join(", ")
}

fn has_sup(n: &Number) -> bool {
    n.levels().is_some_and(|l| l.iter().any(|x| x.sup != 0))
}

fn describe_step(s: &Step) -> String {
    let w = match s.word {
        UnitWord::Section => "розділ",
        UnitWord::Chapter => "глава",
        UnitWord::Article => "стаття",
        UnitWord::Part => "частина",
        UnitWord::Point => "пункт",
        UnitWord::Subpoint => "підпункт",
        UnitWord::Paragraph => "абзац",
        UnitWord::Sentence => "речення",
        UnitWord::Appendix => "додаток",
        UnitWord::Column => "графа",
        UnitWord::Row => "рядок",
        UnitWord::Note => "примітка",
        UnitWord::Heading => "назва",
    };
    let sel = match &s.sel {
        Sel::Num(n) => n.to_string(),
        Sel::Range(a, b) => format!("{a}–{b}"),
        Sel::Ordinal(k) => format!("№{k}"),
        Sel::OrdinalRange(a, b) => format!("№{a}–{b}"),
        Sel::Titled(t) => format!("«{t}»"),
        Sel::Unnumbered => String::new(),
    };
    match &s.title {
        Some(t) => format!("{w} {sel} «{t}»"),
        None => format!("{w} {sel}").trim().to_string(),
    }
}

/// An item's insertions under one parent.
type InsertGroup = (String, Option<UnitId>);

/// A unit to insert, before its slot is checked.
#[derive(Clone, Debug)]
struct InsertReq {
    item: String,
    line: u32,
    span: Span,
    /// The parent the address named (None: the document).
    addr_parent: Option<UnitId>,
    number: Number,
    /// The kind of the address step's word, for a document without siblings to copy.
    paras: Option<Vec<String>>,
    dropped: bool,
}

#[derive(Clone, Debug)]
struct RenumberReq {
    item: String,
    line: u32,
    span: Span,
    unit: UnitId,
    to: Number,
}

#[derive(Clone, Debug)]
struct DeleteReq {
    item: String,
    line: u32,
    unit: UnitId,
    repeal: bool,
}

struct Builder<'a> {
    input: &'a Input<'a>,
    idx: Index<'a>,
    diags: Vec<Diagnostic>,
    actions: Vec<Action>,
    notes: Vec<NoteSpec>,
    inserts: Vec<InsertReq>,
    renumbers: Vec<RenumberReq>,
    /// Renumber groups: (item, sources, targets) for notes.
    groups: Vec<(String, Vec<UnitId>, Vec<Number>)>,
    deletes: Vec<DeleteReq>,
    appendix: Option<Fragment>,
    appendix_used: BTreeSet<Number>,
    /// Restatements whose text is in the appendix: matched after renumbering is resolved.
    restate_from_appendix: Vec<(Instruction, UnitId)>,
    /// Units edited or restated, by item, for notes.
    edited: BTreeMap<UnitId, bool>,
    auth: (String, String),
}

/// Resolve one document's instructions into a plan. Returns the plan only when there are no
/// errors; diagnostics (notes and warnings too) always.
pub fn resolve(input: &Input) -> (Option<Plan>, Vec<Diagnostic>) {
    let table = input.edition.table.is_some();
    let mut b = Builder {
        input,
        idx: Index::new(input.edition),
        diags: Vec::new(),
        actions: Vec::new(),
        notes: Vec::new(),
        inserts: Vec::new(),
        renumbers: Vec::new(),
        groups: Vec::new(),
        deletes: Vec::new(),
        appendix: input.appendix.map(|s| fragment(s, table)),
        appendix_used: BTreeSet::new(),
        restate_from_appendix: Vec::new(),
        edited: BTreeMap::new(),
        auth: authority(input.decision, &input.decision_ref),
    };
    // Renumbering is paired last: the insertion-gap rule needs every insertion's slot.
    let mut deferred = Vec::new();
    for ins in &input.instructions {
        match &ins.op {
            Op::Renumber { pairs, .. } => deferred.push((*ins, pairs)),
            _ => b.instruction(ins),
        }
    }
    for (ins, pairs) in deferred {
        b.renumber(ins, pairs);
    }
    b.finish()
}

impl<'a> Builder<'a> {
    fn err(&self, ins: &Instruction, code: &'static str, uk: String, en: String) -> Diagnostic {
        self.at(ins, Diagnostic::error(code, uk, en))
    }

    fn at(&self, ins: &Instruction, d: Diagnostic) -> Diagnostic {
        let d = d.at(ins.span.clone()).for_item(ins.item.clone());
        match self.input.source.and_then(|s| quote_line(s, ins.span.line)) {
            Some(l) => d.with_line(l),
            None => d,
        }
    }

    fn number_label(&self, id: UnitId) -> String {
        let u = self.idx.unit(id);
        let w = words_for(u.kind, &u.number);
        format!("{} {}", w[0].to_lowercase(), u.number)
    }

    /// `point 5.1`, for English messages.
    fn en_label(&self, id: UnitId) -> String {
        let u = self.idx.unit(id);
        format!("{} {}", u.kind.as_str().replace('_', " "), u.number)
    }

    /// `у пункті 5.1`: the unit in the locative, for messages.
    fn in_label(&self, id: UnitId) -> String {
        let u = self.idx.unit(id);
        let w = words_for(u.kind, &u.number)[0].to_lowercase();
        format!("у {w}і {}", u.number)
    }

    /// Resolve an address to units (and parts). Errors are pushed; returns what was found.
    fn locate(&mut self, ins: &Instruction, addr: &Address) -> Option<Vec<Loc>> {
        let mut scope: Option<UnitId> = None;
        let mut locs: Vec<Loc> = Vec::new();
        let mut have_unit = false;
        for step in &addr.steps {
            match step.word {
                UnitWord::Section
                | UnitWord::Chapter
                | UnitWord::Article
                | UnitWord::Part
                | UnitWord::Point
                | UnitWord::Subpoint
                | UnitWord::Row
                | UnitWord::Appendix => {
                    if step.word == UnitWord::Appendix {
                        continue;
                    }
                    let scopes: Vec<Option<UnitId>> = if have_unit {
                        locs.iter().map(|l| Some(l.unit)).collect()
                    } else {
                        vec![scope]
                    };
                    let mut found = Vec::new();
                    for sc in scopes {
                        found.extend(self.find_units(ins, sc, step)?);
                    }
                    locs = found
                        .into_iter()
                        .map(|u| Loc {
                            unit: u,
                            part: Part::Whole,
                        })
                        .collect();
                    have_unit = true;
                    scope = locs.first().map(|l| l.unit);
                }
                UnitWord::Paragraph => {
                    if !have_unit {
                        self.diags.push(self.err(
                            ins,
                            "Z415",
                            "абзац названо без пункту, до якого він належить".into(),
                            "a paragraph is addressed without its unit".into(),
                        ));
                        return None;
                    }
                    let mut out = Vec::new();
                    for l in &locs {
                        let n = self.idx.unit(l.unit).paras.len() as i32;
                        let (a, z) = match step.sel {
                            Sel::Ordinal(k) => (k, k),
                            Sel::OrdinalRange(a, z) => (a, z),
                            _ => (n + 1, n + 1),
                        };
                        let fix = |k: i32| if k < 0 { n + 1 + k } else { k };
                        let (a, z) = (fix(a), fix(z));
                        if a < 1 || z > n || a > z {
                            self.diags.push(self.err(
                                ins,
                                "Z415",
                                format!(
                                    "{} немає абзацу {} (абзаців: {n})",
                                    self.in_label(l.unit),
                                    if a == z {
                                        a.to_string()
                                    } else {
                                        format!("{a}–{z}")
                                    }
                                ),
                                format!(
                                    "{} has no paragraph {} (it has {n})",
                                    self.en_label(l.unit),
                                    if a == z {
                                        a.to_string()
                                    } else {
                                        format!("{a}–{z}")
                                    }
                                ),
                            ));
                            return None;
                        }
                        for k in a..=z {
                            out.push(Loc {
                                unit: l.unit,
                                part: Part::Para((k - 1) as usize),
                            });
                        }
                    }
                    locs = out;
                }
                UnitWord::Column => {
                    let Sel::Titled(title) = &step.sel else {
                        self.diags.push(self.err(
                            ins,
                            "Z415",
                            "графу треба назвати її назвою".into(),
                            "a column must be named by its title".into(),
                        ));
                        return None;
                    };
                    let cols = self
                        .input
                        .edition
                        .table
                        .as_ref()
                        .map(|t| t.columns.clone())
                        .unwrap_or_default();
                    let Some(ci) = cols.iter().position(|c| text::same_title(c, title)) else {
                        self.diags.push(
                            self.err(
                                ins,
                                "Z415",
                                format!("у таблиці немає графи «{title}»"),
                                format!("the table has no column '{title}'"),
                            )
                            .hint(
                                format!("графи: {}", cols.join(", ")),
                                format!("columns: {}", cols.join(", ")),
                            ),
                        );
                        return None;
                    };
                    if ci == 0 {
                        self.diags.push(self.err(ins, "Z416", "графу з номерами змінити не можна: номери змінює лише «вважати»".into(), "the number column cannot be edited: only `вважати` changes numbers".into()));
                        return None;
                    }
                    if !have_unit {
                        // Every row.
                        locs = self
                            .input
                            .edition
                            .units
                            .iter()
                            .filter(|u| u.kind == UnitKind::Row)
                            .map(|u| Loc {
                                unit: u.id,
                                part: Part::Whole,
                            })
                            .collect();
                        have_unit = true;
                    }
                    for l in &mut locs {
                        l.part = Part::Cell(ci - 1);
                    }
                }
                UnitWord::Heading => {
                    if have_unit {
                        for l in &mut locs {
                            l.part = Part::Para(0);
                        }
                    } else {
                        self.diags.push(self.err(
                            ins,
                            "Z416",
                            "зміну назви документа ця версія не виконує".into(),
                            "changing the document's title is not supported yet".into(),
                        ));
                        return None;
                    }
                }
                UnitWord::Sentence | UnitWord::Note => {
                    self.diags.push(
                        self.err(
                            ins,
                            "Z416",
                            format!("адресу «{}» ця версія ще не виконує", describe_step(step)),
                            format!(
                                "addresses like '{}' are not supported yet",
                                describe_step(step)
                            ),
                        )
                        .hint(
                            "розбийте зміну на слова: «слова … виключити»",
                            "rephrase as a change of words",
                        ),
                    );
                    return None;
                }
            }
        }
        if locs.is_empty() && !have_unit {
            // The whole document.
            return Some(
                self.input
                    .edition
                    .units
                    .iter()
                    .map(|u| Loc {
                        unit: u.id,
                        part: Part::Whole,
                    })
                    .collect(),
            );
        }
        Some(locs)
    }

    /// Units matching one unit step within a scope.
    fn find_units(
        &mut self,
        ins: &Instruction,
        scope: Option<UnitId>,
        step: &Step,
    ) -> Option<Vec<UnitId>> {
        let sectionish = matches!(
            step.word,
            UnitWord::Section | UnitWord::Chapter | UnitWord::Article
        );
        let matches_number = |u: &Unit, n: &Number| -> bool {
            if u.number != *n {
                return false;
            }
            if sectionish {
                is_section_like(u)
            } else {
                !is_section_like(u) || scope.is_some()
            }
        };
        let pool: Vec<&Unit> = if sectionish && scope.is_none() {
            self.idx.siblings(None)
        } else {
            self.idx.within(scope).iter().map(|u| &**u).collect()
        };
        let one = |this: &mut Self, n: &Number| -> Option<UnitId> {
            let mut cands: Vec<&Unit> = pool
                .iter()
                .copied()
                .filter(|u| matches_number(u, n))
                .collect();
            // `підпункт 1 пункту 4.3` names the label `1)`: decisions write labels without
            // their parenthesis.
            if cands.is_empty()
                && scope.is_some()
                && step.word == UnitWord::Subpoint
                && let Some(label) = n
                    .levels()
                    .filter(|l| l.len() == 1 && l[0].sup == 0)
                    .map(|l| Number::Paren(l[0].n))
            {
                cands = pool.iter().copied().filter(|u| u.number == label).collect();
            }
            this.pick(ins, step, n, cands)
        };
        match &step.sel {
            Sel::Num(n) => one(self, n).map(|u| vec![u]),
            Sel::Range(a, z) => {
                let ua = one(self, a)?;
                let uz = one(self, z)?;
                let (pa, pz) = (self.idx.unit(ua).parent, self.idx.unit(uz).parent);
                let sibs = self.idx.siblings(pa);
                let ia = sibs.iter().position(|u| u.id == ua);
                let iz = sibs.iter().position(|u| u.id == uz);
                match (ia, iz) {
                    (Some(i), Some(j)) if pa == pz && i <= j => {
                        Some(sibs[i..=j].iter().map(|u| u.id).collect())
                    }
                    _ => {
                        self.diags.push(self.err(
                            ins,
                            "Z406",
                            format!("діапазон {a}–{z}: кінці не є сусідніми одиницями одного рівня в такому порядку"),
                            format!("range {a}–{z}: its ends are not siblings in this order"),
                        ));
                        None
                    }
                }
            }
            Sel::Titled(t) => {
                let cands: Vec<&Unit> = pool
                    .iter()
                    .copied()
                    .filter(|u| text::same_title(u.head(), t))
                    .collect();
                match cands.as_slice() {
                    [u] => Some(vec![u.id]),
                    _ => {
                        self.diags.push(self.err(
                            ins,
                            "Z401",
                            format!("не знайдено «{t}»"),
                            format!("'{t}' not found"),
                        ));
                        None
                    }
                }
            }
            _ => {
                self.diags.push(self.err(
                    ins,
                    "Z416",
                    format!("адресу «{}» ця версія не виконує", describe_step(step)),
                    format!("address '{}' is not supported", describe_step(step)),
                ));
                None
            }
        }
    }

    /// Choose among candidates with the same number, using the quoted title.
    fn pick(
        &mut self,
        ins: &Instruction,
        step: &Step,
        n: &Number,
        cands: Vec<&Unit>,
    ) -> Option<UnitId> {
        let label = describe_step(&Step {
            title: None,
            ..step.clone()
        });
        match (cands.as_slice(), &step.title) {
            ([], _) => {
                let mut d = self.err(
                    ins,
                    "Z401",
                    format!("у чинній редакції немає: {label}"),
                    format!("not in the edition in force: {label}"),
                );
                let elsewhere: Vec<String> = self
                    .input
                    .edition
                    .units
                    .iter()
                    .filter(|u| u.number == *n)
                    .map(|u| self.path_of(u.id))
                    .collect();
                if !elsewhere.is_empty() {
                    d = d.hint(
                        format!(
                            "одиниця з таким номером є в іншому місці: {}",
                            elsewhere.join("; ")
                        ),
                        format!(
                            "a unit with that number is elsewhere: {}",
                            elsewhere.join("; ")
                        ),
                    );
                }
                self.diags.push(d);
                None
            }
            ([u], None) => Some(u.id),
            ([u], Some(t)) => {
                if !text::same_title(u.head(), t) {
                    self.diags.push(
                        self.at(
                            ins,
                            Diagnostic::warning(
                                "Z403",
                                format!("назва «{t}» не збігається з назвою в редакції «{}»; одиницю знайдено за номером {n}", u.head()),
                                format!("the title '{t}' differs from the edition's '{}'; the unit was found by its number {n}", u.head()),
                            ),
                        ),
                    );
                }
                Some(u.id)
            }
            (many, Some(t)) => {
                let hits: Vec<&&Unit> = many
                    .iter()
                    .filter(|u| text::same_title(u.head(), t))
                    .collect();
                if let [u] = hits.as_slice() {
                    let pos = many.iter().position(|c| c.id == u.id).unwrap_or(0) + 1;
                    self.diags.push(self.at(
                        ins,
                        Diagnostic::note(
                            "Z405",
                            format!("номер {n} мають {} одиниці; назва «{t}» вказує на {pos}-у з них (правило: назва в лапках розрізняє одиниці з однаковим номером)", many.len()),
                            format!("{} units are numbered {n}; the title '{t}' picks number {pos} of them (rule: a quoted title tells apart units sharing a number)", many.len()),
                        ),
                    ));
                    Some(u.id)
                } else {
                    let heads: Vec<String> =
                        many.iter().map(|u| format!("«{}»", u.head())).collect();
                    self.diags.push(self.err(
                        ins,
                        "Z404",
                        format!(
                            "жодна з одиниць з номером {n} не має назви «{t}»: {}",
                            heads.join(", ")
                        ),
                        format!(
                            "none of the units numbered {n} is titled '{t}': {}",
                            heads.join(", ")
                        ),
                    ));
                    None
                }
            }
            (many, None) => {
                let heads: Vec<String> = many.iter().map(|u| format!("«{}»", u.head())).collect();
                self.diags.push(
                    self.err(
                        ins,
                        "Z402",
                        format!(
                            "номер {n} мають {} одиниці: {}; неясно, яку змінювати",
                            many.len(),
                            heads.join(", ")
                        ),
                        format!(
                            "{} units are numbered {n}: {}; which one is meant is unclear",
                            many.len(),
                            heads.join(", ")
                        ),
                    )
                    .hint(
                        "назвіть одиницю з назвою в лапках: розділ 2 «…»",
                        "name the unit with its quoted title: розділ 2 «…»",
                    ),
                );
                None
            }
        }
    }

    fn path_of(&self, id: UnitId) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            let u = self.idx.unit(c);
            let w = words_for(u.kind, &u.number);
            parts.push(format!("{} {}", w[0].to_lowercase(), u.number));
            cur = u.parent;
        }
        parts.reverse();
        parts.join(", ")
    }

    fn instruction(&mut self, ins: &Instruction) {
        match &ins.op {
            Op::ReplaceWords {
                targets,
                pairs,
                case,
                occurrence,
            } => {
                let whole = targets.iter().all(|t| t.steps.is_empty());
                let locs = if whole {
                    self.locate(ins, &Address::default())
                } else {
                    self.locate_all(ins, targets)
                };
                let Some(locs) = locs else { return };
                for (old, new) in pairs {
                    let edit = match case {
                        CaseMode::Exact => TextEdit::Replace {
                            find: old.text.clone(),
                            with: new.text.clone(),
                            occurrence: *occurrence,
                        },
                        CaseMode::Inflect { numbers } => TextEdit::Rename {
                            old: old.text.clone(),
                            new: new.text.clone(),
                            numbers: *numbers,
                        },
                    };
                    self.word_edit(ins, &locs, &edit, &old.text, whole);
                }
            }
            Op::InsertWords {
                targets,
                text: t,
                at,
            } => {
                let Some(locs) = self.locate_all(ins, targets) else {
                    return;
                };
                let (add, folded) = text::fold_spaces(&t.text);
                if folded {
                    self.fold_warning(ins, t);
                }
                let edit = match at {
                    WordPos::End => TextEdit::Append { text: add },
                    WordPos::Sentence => TextEdit::AppendSentence { text: add },
                    WordPos::After(a) => TextEdit::InsertAfter {
                        anchor: a.text.clone(),
                        text: add,
                    },
                    WordPos::Before(a) => TextEdit::InsertBefore {
                        anchor: a.text.clone(),
                        text: add,
                    },
                };
                let anchor = match at {
                    WordPos::After(a) | WordPos::Before(a) => Some(a.text.clone()),
                    _ => None,
                };
                match anchor {
                    Some(a) => self.word_edit(ins, &locs, &edit, &a, false),
                    None => {
                        // At the end: of the last paragraph when the whole unit is addressed.
                        for l in locs {
                            let part = match l.part {
                                Part::Whole => {
                                    let n = self.idx.unit(l.unit).paras.len();
                                    Part::Para(n.saturating_sub(1))
                                }
                                p => p,
                            };
                            self.push_edit(ins, l.unit, part, edit.clone());
                        }
                    }
                }
            }
            Op::DeleteWords { targets, words } => {
                let whole = targets.iter().all(|t| t.steps.is_empty());
                let locs = if whole {
                    self.locate(ins, &Address::default())
                } else {
                    self.locate_all(ins, targets)
                };
                let Some(locs) = locs else { return };
                for w in words {
                    self.word_edit(
                        ins,
                        &locs,
                        &TextEdit::Delete {
                            find: w.text.clone(),
                        },
                        &w.text,
                        whole,
                    );
                }
            }
            Op::Restate { targets, content } => self.restate(ins, targets, content),
            Op::InsertUnits {
                parent,
                after,
                units,
                content,
            } => self.insert(ins, parent, after.as_ref(), units, content),
            Op::DeleteUnits { targets } => self.delete(ins, targets, false),
            Op::Repeal { targets, act } => {
                if targets.is_empty() {
                    let what = act.as_ref().map(|a| a.words.clone()).unwrap_or_default();
                    self.diags.push(self.err(
                        ins,
                        "Z416",
                        format!("скасування цілого акта ({what}) ця версія не відображає в редакціях документів"),
                        format!("repealing a whole act ({what}) is not reflected in editions yet"),
                    ));
                } else {
                    self.delete(ins, targets, true);
                }
            }
            Op::Renumber { .. } => {}
        }
    }

    fn locate_all(&mut self, ins: &Instruction, targets: &[Address]) -> Option<Vec<Loc>> {
        let mut out = Vec::new();
        let mut ok = true;
        for t in targets {
            match self.locate(ins, t) {
                Some(l) => out.extend(l),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn fold_warning(&mut self, ins: &Instruction, q: &Quoted) {
        self.diags.push(
            Diagnostic::warning(
                "Z418",
                "у тексті, що вставляється, кілька пробілів підряд замінено одним",
                "runs of spaces in the inserted text were folded to one",
            )
            .at(Span::new(ins.span.file.clone(), q.line, q.column, 1))
            .for_item(ins.item.clone()),
        );
    }

    fn para_texts(&self, l: &Loc) -> Vec<(Part, String)> {
        let u = self.idx.unit(l.unit);
        match l.part {
            Part::Whole => u
                .paras
                .iter()
                .enumerate()
                .map(|(i, p)| (Part::Para(i), p.clone()))
                .collect(),
            Part::Para(i) => u
                .paras
                .get(i)
                .map(|p| vec![(Part::Para(i), p.clone())])
                .unwrap_or_default(),
            Part::Cell(c) => u
                .cells()
                .get(c)
                .map(|p| vec![(Part::Cell(c), p.to_string())])
                .unwrap_or_default(),
        }
    }

    /// An edit that needs `needle` to be present: every addressed unit must contain it (or,
    /// for the whole document, at least one).
    fn word_edit(
        &mut self,
        ins: &Instruction,
        locs: &[Loc],
        edit: &TextEdit,
        needle: &str,
        whole: bool,
    ) {
        let mut any = false;
        for l in locs {
            let mut found_here = false;
            for (part, t) in self.para_texts(l) {
                let hit = match edit {
                    TextEdit::Rename { old, new, numbers } => {
                        let r = inflect::rename(
                            &t,
                            old,
                            new,
                            &inflect::RenameOptions { numbers: *numbers },
                        );
                        // Errors refuse the plan here; warnings come once, from apply.
                        for d in r.diagnostics.into_iter().filter(Diagnostic::is_error) {
                            let d = self.at(ins, d);
                            if !self.diags.contains(&d) {
                                self.diags.push(d);
                            }
                        }
                        !r.hits.is_empty()
                    }
                    _ => text::contains(&t, needle),
                };
                if hit {
                    found_here = true;
                    any = true;
                    self.push_edit(ins, l.unit, part, edit.clone());
                }
            }
            if !found_here && !whole {
                let all: String = self
                    .para_texts(l)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut d = self.err(
                    ins,
                    "Z407",
                    format!("{} немає слів «{}»", self.in_label(l.unit), needle),
                    format!("{} does not contain «{}»", self.en_label(l.unit), needle),
                );
                if let Some(c) = text::closest(&all, needle) {
                    d = d.hint(
                        format!("найближчий текст у одиниці: «{c}»"),
                        format!("the closest text in the unit: «{c}»"),
                    );
                }
                self.diags.push(d);
            }
        }
        if whole && !any {
            self.diags.push(self.err(
                ins,
                "Z407",
                format!("у тексті документа немає слів «{needle}»"),
                format!("the document does not contain «{needle}»"),
            ));
        }
    }

    fn push_edit(&mut self, ins: &Instruction, unit: UnitId, part: Part, edit: TextEdit) {
        self.edited.entry(unit).or_insert(false);
        self.actions.push(Action {
            item: ins.item.clone(),
            line: ins.line,
            op: ins.op.name().into(),
            kind: ActionKind::Edit { unit, part, edit },
        });
    }

    /// Take a unit's text from the appendix by number.
    fn text_in_appendix(&mut self, ins: &Instruction, n: &Number) -> Option<Vec<String>> {
        let frag = match &self.appendix {
            Some(f) => f,
            None => {
                self.diags.push(self.err(
                    ins,
                    "Z420",
                    format!("текст для {n} має бути в додатку до рішення, але додатка немає"),
                    format!(
                        "the text for {n} should be in the decision's appendix, but there is none"
                    ),
                ));
                return None;
            }
        };
        let hit = frag
            .units
            .iter()
            .find(|u| u.number == *n)
            .map(|u| u.paras.clone());
        if hit.is_some() {
            self.appendix_used.insert(n.clone());
        }
        hit
    }

    /// The units carried by inline quotes (`«5.2. … 5.4. …»`), spaces folded; None for an
    /// appendix.
    fn inline_fragment(
        &mut self,
        ins: &Instruction,
        content: &Content,
        table: bool,
    ) -> Option<Fragment> {
        let Content::Inline(qs) = content else {
            return None;
        };
        let txt = qs
            .iter()
            .map(|q| q.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        for q in qs {
            if text::fold_spaces(&q.text).1 {
                self.fold_warning(ins, q);
            }
        }
        Some(fragment(
            &Source::from_text("quote", text::fold_spaces(&txt).0),
            table,
        ))
    }

    fn restate(&mut self, ins: &Instruction, targets: &[Address], content: &Content) {
        let Some(locs) = self.locate_all(ins, targets) else {
            return;
        };
        let table = self.input.edition.table.is_some();
        let inline = self.inline_fragment(ins, content, table);
        for l in locs {
            let u = self.idx.unit(l.unit);
            let number = u.number.clone();
            match (&inline, l.part) {
                (Some(frag), Part::Para(_) | Part::Cell(_)) => {
                    let text = frag_plain(frag);
                    self.push_edit(ins, l.unit, l.part, TextEdit::Set { text });
                    *self.edited.entry(l.unit).or_insert(true) = true;
                }
                (Some(frag), Part::Whole) => {
                    let paras = match frag
                        .units
                        .iter()
                        .find(|f| f.number == number || f.number == u.number)
                    {
                        Some(f) => f.paras.clone(),
                        None if frag.units.is_empty() => frag.preamble.clone(),
                        None => {
                            self.diags.push(self.err(
                                ins,
                                "Z412",
                                format!("у тексті в лапках немає {number}"),
                                format!("the quoted text has no {number}"),
                            ));
                            continue;
                        }
                    };
                    self.push_restate(ins, l.unit, paras);
                }
                (None, _) => {
                    // Matched in the appendix once renumbering is known (by the new number).
                    let _ = number;
                    self.restate_from_appendix.push((ins.clone(), l.unit));
                }
            }
        }
    }

    fn push_restate(&mut self, ins: &Instruction, unit: UnitId, paras: Vec<String>) {
        if let Some(t) = &self.input.edition.table {
            let cells = paras.first().map_or(0, |p| p.split('\t').count());
            let want = t.columns.len().saturating_sub(1);
            let heading = self.idx.unit(unit).kind == UnitKind::HeadingRow;
            if cells != want && !(heading && cells == 1) {
                self.diags.push(self.at(
                    ins,
                    Diagnostic::warning(
                        "Z421",
                        format!(
                            "новий текст {} має {cells} граф(и) замість {want}",
                            self.number_label(unit)
                        ),
                        format!(
                            "the new text of {} has {cells} cells instead of {want}",
                            self.en_label(unit)
                        ),
                    ),
                ));
            }
        }
        self.edited.insert(unit, true);
        self.actions.push(Action {
            item: ins.item.clone(),
            line: ins.line,
            op: ins.op.name().into(),
            kind: ActionKind::Restate { unit, paras },
        });
    }

    /// The numbers of the new edition a step names: one number, or a range expanded by value.
    fn slot_numbers(&mut self, ins: &Instruction, step: &Step) -> Option<Vec<Number>> {
        match &step.sel {
            Sel::Num(n) => Some(vec![n.clone()]),
            Sel::Range(a, z) => {
                let v = Number::range_values(a, z);
                if v.is_none() {
                    self.diags.push(self.err(
                        ins,
                        "Z406",
                        format!("діапазон {a}–{z} не можна розгорнути в номери нової редакції"),
                        format!(
                            "the range {a}–{z} cannot be expanded into numbers of the new edition"
                        ),
                    ));
                }
                v
            }
            _ => {
                self.diags.push(self.err(
                    ins,
                    "Z416",
                    "номери нової редакції треба назвати числами".into(),
                    "numbers of the new edition must be given as numbers".into(),
                ));
                None
            }
        }
    }

    fn insert(
        &mut self,
        ins: &Instruction,
        parent: &Address,
        after: Option<&Address>,
        units: &[Address],
        content: &Content,
    ) {
        let addr_parent = if parent.steps.is_empty() {
            None
        } else {
            match self.locate(ins, parent) {
                Some(l) if l.len() == 1 => Some(l[0].unit),
                Some(_) => {
                    self.diags.push(self.err(
                        ins,
                        "Z402",
                        "одиниця, яку доповнюють, визначена неоднозначно".into(),
                        "the unit to add to is ambiguous".into(),
                    ));
                    return;
                }
                None => return,
            }
        };
        if let Some(a) = after {
            // `після пункту 2.1`: only checked to exist; the slot number decides the place.
            if self.locate(ins, a).is_none() {
                return;
            }
        }
        // Paragraphs: `доповнити абзацом …`.
        if units.iter().any(|u| {
            u.steps
                .last()
                .is_some_and(|s| s.word == UnitWord::Paragraph)
        }) {
            self.add_paragraphs(ins, addr_parent, units, content);
            return;
        }
        let mut slots: Vec<Number> = Vec::new();
        for u in units {
            let Some(step) = u.steps.last() else { continue };
            match self.slot_numbers(ins, step) {
                Some(v) => slots.extend(v),
                None => return,
            }
        }
        let table = self.input.edition.table.is_some();
        let inline = self.inline_fragment(ins, content, table);
        if let Some(frag) = &inline {
            for fu in &frag.units {
                if !slots.contains(&fu.number) {
                    self.diags.push(self.err(
                        ins,
                        "Z413",
                        format!(
                            "у тексті в лапках є {}, але пункт рішення цього номера не називає",
                            fu.number
                        ),
                        format!(
                            "the quoted text carries {}, which the item does not name",
                            fu.number
                        ),
                    ));
                }
            }
        }
        for n in slots {
            let paras = match &inline {
                Some(frag) => match frag.units.iter().find(|f| f.number == n) {
                    Some(f) => Some(f.paras.clone()),
                    None if frag.units.is_empty() && frag.preamble.len() == 1 => {
                        Some(frag.preamble.clone())
                    }
                    None => None,
                },
                None => self.text_in_appendix(ins, &n),
            };
            self.inserts.push(InsertReq {
                item: ins.item.clone(),
                line: ins.line,
                span: ins.span.clone(),
                addr_parent,
                number: n,
                paras,
                dropped: false,
            });
        }
    }

    fn add_paragraphs(
        &mut self,
        ins: &Instruction,
        unit: Option<UnitId>,
        units: &[Address],
        content: &Content,
    ) {
        let Some(unit) = unit else {
            self.diags.push(self.err(
                ins,
                "Z415",
                "абзац додають до пункту: пункт не названо".into(),
                "a paragraph is added to a unit: none is named".into(),
            ));
            return;
        };
        let Content::Inline(qs) = content else {
            self.diags.push(self.err(
                ins,
                "Z412",
                "текст нового абзацу не наведено".into(),
                "the new paragraph's text is not given".into(),
            ));
            return;
        };
        let n = self.idx.unit(unit).paras.len();
        let at = match units.last().and_then(|u| u.steps.last()).map(|s| &s.sel) {
            Some(Sel::Ordinal(k)) if *k > 0 => (*k as usize - 1).min(n),
            _ => n,
        };
        let paras: Vec<String> = qs
            .iter()
            .flat_map(|q| q.text.split('\n').map(|s| text::fold_spaces(s.trim()).0))
            .collect();
        self.edited.entry(unit).or_insert(false);
        self.actions.push(Action {
            item: ins.item.clone(),
            line: ins.line,
            op: ins.op.name().into(),
            kind: ActionKind::AddParas { unit, at, paras },
        });
    }

    fn delete(&mut self, ins: &Instruction, targets: &[Address], repeal: bool) {
        let Some(locs) = self.locate_all(ins, targets) else {
            return;
        };
        let mut paras: BTreeMap<UnitId, Vec<usize>> = BTreeMap::new();
        for l in locs {
            match l.part {
                Part::Whole => self.deletes.push(DeleteReq {
                    item: ins.item.clone(),
                    line: ins.line,
                    unit: l.unit,
                    repeal,
                }),
                Part::Para(i) => paras.entry(l.unit).or_default().push(i),
                Part::Cell(c) => self.push_edit(
                    ins,
                    l.unit,
                    Part::Cell(c),
                    TextEdit::Set {
                        text: String::new(),
                    },
                ),
            }
        }
        for (unit, ps) in paras {
            self.edited.entry(unit).or_insert(false);
            self.actions.push(Action {
                item: ins.item.clone(),
                line: ins.line,
                op: ins.op.name().into(),
                kind: ActionKind::DeleteParas { unit, paras: ps },
            });
        }
    }

    fn renumber(&mut self, ins: &Instruction, pairs: &[(Address, Address)]) {
        let inserted: BTreeSet<Number> = self.inserts.iter().map(|i| i.number.clone()).collect();
        for (src, dst) in pairs {
            if src
                .steps
                .last()
                .is_some_and(|s| s.word == UnitWord::Paragraph)
            {
                // Paragraphs carry no numbers in the text: nothing to renumber.
                continue;
            }
            let Some(locs) = self.locate(ins, src) else {
                continue;
            };
            let sources: Vec<UnitId> = locs.iter().map(|l| l.unit).collect();
            let Some(step) = dst.steps.last() else {
                continue;
            };
            let Some(targets) = self.slot_numbers(ins, step) else {
                continue;
            };
            let src_label = compress(
                &sources
                    .iter()
                    .map(|u| self.idx.unit(*u).number.clone())
                    .collect::<Vec<_>>(),
            );
            let tgt_label = compress(&targets);
            let targets = if sources.len() == targets.len() {
                targets
            } else {
                let free: Vec<Number> = targets
                    .iter()
                    .filter(|n| !inserted.contains(n))
                    .cloned()
                    .collect();
                if free.len() == sources.len() {
                    let skipped: Vec<Number> = targets
                        .iter()
                        .filter(|n| inserted.contains(n))
                        .cloned()
                        .collect();
                    self.diags.push(self.at(
                        ins,
                        Diagnostic::note(
                            "Z409",
                            format!(
                                "«відповідно»: {src_label} ({} од.) і {tgt_label} ({} номерів) різної довжини; номери {}, які це рішення саме вставляє, пропущено, тож {} (правило: пропускаються лише номери власних вставок рішення)",
                                sources.len(),
                                targets.len(),
                                compress(&skipped),
                                pair_story(&sources.iter().map(|u| self.idx.unit(*u).number.clone()).collect::<Vec<_>>(), &free)
                            ),
                            format!(
                                "`відповідно`: {src_label} ({} units) and {tgt_label} ({} numbers) differ in length; the numbers {} that this decision inserts itself are skipped, so {} (rule: only the decision's own insertions are skipped)",
                                sources.len(),
                                targets.len(),
                                compress(&skipped),
                                pair_story(&sources.iter().map(|u| self.idx.unit(*u).number.clone()).collect::<Vec<_>>(), &free)
                            ),
                        ),
                    ));
                    free
                } else {
                    self.diags.push(self.err(
                        ins,
                        "Z408",
                        format!("«відповідно»: {src_label} — {} од., а {tgt_label} — {} номерів; пари не складаються", sources.len(), targets.len()),
                        format!("`відповідно`: {src_label} is {} units but {tgt_label} is {} numbers; they do not pair", sources.len(), targets.len()),
                    ));
                    continue;
                }
            };
            self.groups
                .push((ins.item.clone(), sources.clone(), targets.clone()));
            for (u, to) in sources.into_iter().zip(targets) {
                self.renumbers.push(RenumberReq {
                    item: ins.item.clone(),
                    line: ins.line,
                    span: ins.span.clone(),
                    unit: u,
                    to,
                });
            }
        }
    }

    /// The new number of an existing unit after this decision's renumbering.
    fn new_number(&self, id: UnitId, renum: &BTreeMap<UnitId, Number>) -> Number {
        if let Some(n) = renum.get(&id) {
            return n.clone();
        }
        // Children whose numbers embed a renumbered parent's follow it.
        let u = self.idx.unit(id);
        let mut cur = u.parent;
        while let Some(p) = cur {
            if let Some(to) = renum.get(&p) {
                let old = &self.idx.unit(p).number;
                if let Some(n) = u.number.rebase(old, to) {
                    return n;
                }
            }
            cur = self.idx.unit(p).parent;
        }
        u.number.clone()
    }

    fn finish(mut self) -> (Option<Plan>, Vec<Diagnostic>) {
        let renum: BTreeMap<UnitId, Number> = self
            .renumbers
            .iter()
            .map(|r| (r.unit, r.to.clone()))
            .collect();
        // A unit deleted while its followers are renumbered disappears; otherwise it keeps its
        // number (with its note as its only content) and leaves no gap.
        let renumbered_parents: BTreeSet<Option<UnitId>> = self
            .renumbers
            .iter()
            .map(|r| self.idx.unit(r.unit).parent)
            .collect();
        let deleted: BTreeSet<UnitId> = self
            .deletes
            .iter()
            .filter(|d| !d.repeal && renumbered_parents.contains(&self.idx.unit(d.unit).parent))
            .map(|d| d.unit)
            .collect();
        // The parent each insertion lands under: the deepest unit in the named parent's subtree
        // whose new number is the slot's prefix; else the named parent.
        let mut final_parent: Vec<Option<UnitId>> = Vec::new();
        for req in &self.inserts {
            let mut best: Option<(usize, UnitId)> = None;
            for u in self.idx.within(req.addr_parent) {
                let nn = self.new_number(u.id, &renum);
                if nn.depth() < req.number.depth()
                    && nn.is_prefix_of(&req.number)
                    && best.is_none_or(|(d, _)| nn.depth() > d)
                {
                    best = Some((nn.depth(), u.id));
                }
            }
            if best.is_none()
                && let Some(p) = req.addr_parent
            {
                let nn = self.new_number(p, &renum);
                if nn.is_prefix_of(&req.number) && nn.depth() < req.number.depth() {
                    best = Some((nn.depth(), p));
                }
            }
            final_parent.push(best.map(|(_, id)| id).or(req.addr_parent));
        }
        // Claims: (parent, number) → claimants.
        #[derive(Clone, Debug)]
        enum Claim {
            Stays(UnitId),
            Renumbered(usize),
            Inserted(usize),
        }
        let mut claims: BTreeMap<(Option<UnitId>, Number), Vec<Claim>> = BTreeMap::new();
        let renumbered_units: BTreeMap<UnitId, usize> = self
            .renumbers
            .iter()
            .enumerate()
            .map(|(i, r)| (r.unit, i))
            .collect();
        let parents_touched: BTreeSet<Option<UnitId>> = self
            .renumbers
            .iter()
            .map(|r| self.idx.unit(r.unit).parent)
            .chain(final_parent.iter().copied())
            .chain(deleted.iter().map(|d| self.idx.unit(*d).parent))
            .collect();
        for u in &self.input.edition.units {
            if !parents_touched.contains(&u.parent) || deleted.contains(&u.id) {
                continue;
            }
            let c = match renumbered_units.get(&u.id) {
                Some(&i) => Claim::Renumbered(i),
                None => Claim::Stays(u.id),
            };
            claims
                .entry((u.parent, self.new_number(u.id, &renum)))
                .or_default()
                .push(c);
        }
        for (i, p) in final_parent.iter().enumerate() {
            claims
                .entry((*p, self.inserts[i].number.clone()))
                .or_default()
                .push(Claim::Inserted(i));
        }
        for ((_, n), cs) in &claims {
            if cs.len() < 2 {
                continue;
            }
            let ins_no_text: Vec<usize> = cs
                .iter()
                .filter_map(|c| {
                    if let Claim::Inserted(i) = c {
                        self.inserts[*i].paras.is_none().then_some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            let ren: Vec<usize> = cs
                .iter()
                .filter_map(|c| {
                    if let Claim::Renumbered(i) = c {
                        Some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            if cs.len() == 2 && ins_no_text.len() == 1 && ren.len() == 1 {
                let (ii, ri) = (ins_no_text[0], ren[0]);
                self.inserts[ii].dropped = true;
                let r = &self.renumbers[ri];
                let old = self.idx.unit(r.unit).number.clone();
                let ir = &self.inserts[ii];
                self.diags.push(
                    Diagnostic::warning(
                        "Z411",
                        format!(
                            "номер {n} заявлено двічі: пункт рішення {} вставляє {n}, а пункт {} переносить на {n} колишній {old}; у додатку немає тексту для нового {n}, тож перенумерування переважає, а {n} не вставляється (правило: подвійна заявка — помилка, якщо лише одна з них не є вставкою без тексту в додатку проти перенумерування)",
                            ir.item, r.item
                        ),
                        format!(
                            "{n} is claimed twice: item {} inserts {n}, item {} moves old {old} to {n}; the appendix has no text for a new {n}, so the renumbering wins and {n} is not inserted (rule: a double claim is an error unless one claim is an insertion without appendix text and the other a renumbering)",
                            ir.item, r.item
                        ),
                    )
                    .at(ir.span.clone())
                    .for_item(ir.item.clone()),
                );
                continue;
            }
            let who: Vec<String> = cs
                .iter()
                .map(|c| match c {
                    Claim::Stays(u) => format!("чинний {}", self.number_label(*u)),
                    Claim::Renumbered(i) => format!(
                        "перенумерування в пункті {} (колишній {})",
                        self.renumbers[*i].item,
                        self.idx.unit(self.renumbers[*i].unit).number
                    ),
                    Claim::Inserted(i) => format!("вставка в пункті {}", self.inserts[*i].item),
                })
                .collect();
            let who_en: Vec<String> = cs
                .iter()
                .map(|c| match c {
                    Claim::Stays(u) => format!("existing {}", self.idx.unit(*u).number),
                    Claim::Renumbered(i) => format!(
                        "renumbering in item {} (old {})",
                        self.renumbers[*i].item,
                        self.idx.unit(self.renumbers[*i].unit).number
                    ),
                    Claim::Inserted(i) => format!("insertion in item {}", self.inserts[*i].item),
                })
                .collect();
            let (span, item) = cs
                .iter()
                .find_map(|c| match c {
                    Claim::Renumbered(i) => Some((
                        self.renumbers[*i].span.clone(),
                        self.renumbers[*i].item.clone(),
                    )),
                    Claim::Inserted(i) => {
                        Some((self.inserts[*i].span.clone(), self.inserts[*i].item.clone()))
                    }
                    Claim::Stays(_) => None,
                })
                .unwrap_or_default();
            let code = if cs.iter().any(|c| matches!(c, Claim::Stays(_))) {
                "Z417"
            } else {
                "Z410"
            };
            let mut d = Diagnostic::error(
                code,
                format!(
                    "номер {n} у новій редакції заявлено кілька разів: {}",
                    who.join("; ")
                ),
                format!(
                    "number {n} of the new edition is claimed more than once: {}",
                    who_en.join("; ")
                ),
            )
            .at(span)
            .for_item(item);
            if code == "Z417" {
                d = d.hint(
                    "нові одиниці займають вільні номери; чинні одиниці спершу перенумеровують («вважати … відповідно»)",
                    "new units take free numbers; existing ones are first renumbered (`вважати … відповідно`)",
                );
            }
            self.diags.push(d);
        }
        // Units to insert without text.
        for req in &self.inserts {
            if req.dropped || req.paras.is_some() {
                continue;
            }
            self.diags.push(
                Diagnostic::error(
                    "Z412",
                    format!(
                        "для нової одиниці {} немає тексту ні в рішенні, ні в додатку",
                        req.number
                    ),
                    format!(
                        "new unit {} has no text, neither in the decision nor in its appendix",
                        req.number
                    ),
                )
                .at(req.span.clone())
                .for_item(req.item.clone()),
            );
        }
        // Restatements from the appendix: the appendix lists units by their new numbers (the
        // old number is accepted when the unit is not renumbered, which is the same).
        for (ins, unit) in std::mem::take(&mut self.restate_from_appendix) {
            let number = self.new_number(unit, &renum);
            match self.text_in_appendix(&ins, &number) {
                Some(paras) => self.push_restate(&ins, unit, paras),
                None => {
                    if self.appendix.is_some() {
                        let d = self.err(
                            &ins,
                            "Z412",
                            format!("у додатку немає тексту для {number}"),
                            format!("the appendix has no text for {number}"),
                        );
                        self.diags.push(d);
                    }
                }
            }
        }
        // Appendix text nobody uses.
        if let Some(frag) = &self.appendix {
            for u in &frag.units {
                if !self.appendix_used.contains(&u.number) {
                    let span = self
                        .input
                        .appendix
                        .map(|s| {
                            Span::new(
                                s.name.clone(),
                                s.original_line(u.line),
                                1,
                                u.number.to_string().chars().count() as u32,
                            )
                        })
                        .unwrap_or_default();
                    let mut d = Diagnostic::error(
                        "Z413",
                        format!("у додатку є текст для {}, але жоден пункт рішення його не використовує", u.number),
                        format!("the appendix has text for {} that no item of the decision uses", u.number),
                    )
                    .at(span);
                    if let Some(s) = self.input.appendix {
                        d = d.with_line(s.line_text(u.line));
                    }
                    self.diags.push(d);
                }
            }
        }
        // Gaps: a parent whose children were consecutive must stay so.
        let mut new_children: BTreeMap<Option<UnitId>, Vec<Number>> = BTreeMap::new();
        for ((p, n), _) in claims.iter() {
            new_children.entry(*p).or_default().push(n.clone());
        }
        for p in &parents_touched {
            let before: Vec<u32> = self
                .idx
                .siblings(*p)
                .iter()
                .filter_map(|u| plain_last(&u.number))
                .collect();
            let after: Vec<u32> = new_children
                .get(p)
                .map(|v| v.iter().filter_map(plain_last).collect())
                .unwrap_or_default();
            if consecutive(&before) && !after.is_empty() && !consecutive(&after) {
                let mut sorted = after.clone();
                sorted.sort_unstable();
                sorted.dedup();
                let missing: Vec<String> = (sorted[0]..*sorted.last().unwrap_or(&sorted[0]))
                    .filter(|v| !sorted.contains(v))
                    .map(|v| v.to_string())
                    .take(10)
                    .collect();
                let where_ = p
                    .map(|id| self.path_of(id))
                    .unwrap_or_else(|| "документ".into());
                let item = self
                    .renumbers
                    .first()
                    .map(|r| (r.item.clone(), r.span.clone()))
                    .or_else(|| {
                        self.inserts
                            .first()
                            .map(|r| (r.item.clone(), r.span.clone()))
                    });
                let mut d = Diagnostic::error(
                    "Z414",
                    format!(
                        "після змін у «{where_}» лишається пропуск у нумерації (бракує останніх складників номерів: {})",
                        missing.join(", ")
                    ),
                    format!(
                        "after the changes, '{where_}' has a gap in its numbering (missing last levels: {})",
                        missing.join(", ")
                    ),
                );
                if let Some((it, sp)) = item {
                    d = d.at(sp).for_item(it);
                }
                if !missing.is_empty() {
                    self.diags.push(d);
                }
            }
        }
        if crate::ir::has_errors(&self.diags) {
            return (None, self.diags);
        }
        self.build_plan(renum, final_parent)
    }

    /// A unit as notes name it: `Пункт 5.1`; a label with its parent: `Підпункт 2 пункту 1.1`.
    fn note_label(&self, u: &Unit, n: &Number, renum: &BTreeMap<UnitId, Number>) -> String {
        let word = words_for(u.kind, n)[0];
        let own = match n {
            Number::Letter(c) => format!("«{c}»"),
            Number::Paren(k) => k.to_string(),
            _ => return format!("{word} {n}"),
        };
        match u.parent {
            Some(p) => {
                let pu = self.idx.unit(p);
                let pn = self.new_number(p, renum);
                let of = match words_for(pu.kind, &pn)[0] {
                    "Розділ" => "розділу",
                    "Підпункт" => "підпункту",
                    _ => "пункту",
                };
                format!("{word} {own} {of} {pn}")
            }
            None => format!("{word} {own}"),
        }
    }

    fn build_plan(
        mut self,
        renum: BTreeMap<UnitId, Number>,
        final_parent: Vec<Option<UnitId>>,
    ) -> (Option<Plan>, Vec<Diagnostic>) {
        let (by, of) = self.auth.clone();
        // Deletions: a unit deleted while its followers are renumbered disappears.
        let renumbered_parents: BTreeSet<Option<UnitId>> = self
            .renumbers
            .iter()
            .map(|r| self.idx.unit(r.unit).parent)
            .collect();
        for d in std::mem::take(&mut self.deletes) {
            let u = self.idx.unit(d.unit);
            let keep = d.repeal || !renumbered_parents.contains(&u.parent);
            let n = self.new_number(d.unit, &renum);
            let verb = if d.repeal {
                "втратив чинність згідно з"
            } else {
                "виключено згідно з"
            };
            let text = format!("{} {verb} {by}", self.note_label(u, &n, &renum));
            let attach = if keep {
                Attach::Unit(d.unit)
            } else {
                u.parent.map_or(Attach::Document, Attach::Unit)
            };
            self.notes.push(NoteSpec { attach, text });
            self.actions.push(Action {
                item: d.item,
                line: d.line,
                op: if d.repeal {
                    "repeal".into()
                } else {
                    "delete_units".into()
                },
                kind: ActionKind::Delete {
                    unit: d.unit,
                    keep_number: keep,
                },
            });
        }
        // Edits and restatements: one note per unit.
        for (unit, restated) in self.edited.clone() {
            let u = self.idx.unit(unit);
            let n = self.new_number(unit, &renum);
            let text = if restated {
                format!("{} в редакції {of}", self.note_label(u, &n, &renum))
            } else {
                format!(
                    "{} із змінами, внесеними згідно з {by}",
                    self.note_label(u, &n, &renum)
                )
            };
            self.notes.push(NoteSpec {
                attach: Attach::Unit(unit),
                text,
            });
        }
        // Renumbering: one note per pair, after the last unit of the pair.
        for (_, sources, targets) in &self.groups {
            let (Some(first), Some(last)) = (sources.first(), sources.last()) else {
                continue;
            };
            let fu = self.idx.unit(*first);
            let olds: Vec<Number> = sources
                .iter()
                .map(|s| self.idx.unit(*s).number.clone())
                .collect();
            let w = words_for(fu.kind, &fu.number);
            let text = if sources.len() == 1 {
                let title = if fu.kind == UnitKind::Section {
                    format!(" «{}»", fu.head())
                } else {
                    String::new()
                };
                format!(
                    "{} {}{title} вважати {} {} згідно з {by}",
                    w[0], olds[0], w[2], targets[0]
                )
            } else {
                format!(
                    "{} {} вважати відповідно {} {} згідно з {by}",
                    w[1],
                    compress(&olds),
                    w[3],
                    compress(targets)
                )
            };
            self.notes.push(NoteSpec {
                attach: Attach::Unit(*last),
                text,
            });
        }
        for r in &self.renumbers {
            self.actions.push(Action {
                item: r.item.clone(),
                line: r.line,
                op: "renumber".into(),
                kind: ActionKind::Renumber {
                    unit: r.unit,
                    to: r.to.clone(),
                },
            });
        }
        // Insertions: one note per (item, parent group), after the group's last unit.
        let mut groups: BTreeMap<(String, Option<UnitId>), Vec<Number>> = BTreeMap::new();
        let kinds = self.insert_kinds(&final_parent);
        for (i, req) in self.inserts.iter().enumerate() {
            if req.dropped {
                continue;
            }
            groups
                .entry((req.item.clone(), final_parent[i]))
                .or_default()
                .push(req.number.clone());
            self.actions.push(Action {
                item: req.item.clone(),
                line: req.line,
                op: "insert_units".into(),
                kind: ActionKind::Insert {
                    number: req.number.clone(),
                    kind: kinds[i],
                    parent: final_parent[i],
                    paras: req.paras.clone().unwrap_or_default(),
                },
            });
        }
        // Split each group into runs of consecutive numbers: one note after each run.
        let mut runs: Vec<(InsertGroup, Vec<Number>)> = Vec::new();
        for ((item, parent), mut nums) in groups {
            nums.sort();
            let mut cur: Vec<Number> = Vec::new();
            for n in nums {
                if cur
                    .last()
                    .is_some_and(|l| l.next_sibling().as_ref() != Some(&n))
                {
                    runs.push(((item.clone(), parent), std::mem::take(&mut cur)));
                }
                cur.push(n);
            }
            if !cur.is_empty() {
                runs.push(((item, parent), cur));
            }
        }
        for ((item, parent), nums) in runs {
            let Some(last) = nums.last().cloned() else {
                continue;
            };
            let addr_parent = self
                .inserts
                .iter()
                .find(|r| r.item == item && r.number == last)
                .and_then(|r| r.addr_parent);
            let whole = match addr_parent.or(parent) {
                Some(p) => {
                    let pu = self.idx.unit(p);
                    self.note_label(pu, &self.new_number(p, &renum), &renum)
                }
                None => "Документ".into(),
            };
            let i = self
                .inserts
                .iter()
                .position(|r| r.item == item && r.number == last)
                .unwrap_or(0);
            let k = kinds.get(i).copied().unwrap_or(UnitKind::Point);
            let w = words_for(k, &last);
            let noun = if nums.len() == 1 { w[2] } else { w[3] };
            self.notes.push(NoteSpec {
                attach: Attach::New(parent, last),
                text: format!("{whole} доповнено {noun} {} згідно з {by}", compress(&nums)),
            });
        }
        self.notes.push(NoteSpec {
            attach: Attach::Document,
            text: format!("Із змінами, внесеними згідно з {by}"),
        });
        let plan = Plan {
            document: self.input.edition.document.clone(),
            decision: self.input.decision_ref.clone(),
            actions: self.actions,
            notes: self.notes,
        };
        (Some(plan), self.diags)
    }

    /// The kind of each inserted unit: a table row, or the kind of its new siblings, or by depth.
    fn insert_kinds(&self, final_parent: &[Option<UnitId>]) -> Vec<UnitKind> {
        let table = self.input.edition.table.is_some();
        self.inserts
            .iter()
            .enumerate()
            .map(|(i, req)| {
                if table {
                    let single = req
                        .paras
                        .as_ref()
                        .and_then(|p| p.first())
                        .is_some_and(|p| !p.contains('\t'));
                    return if single {
                        UnitKind::HeadingRow
                    } else {
                        UnitKind::Row
                    };
                }
                if let Some(s) = self
                    .idx
                    .siblings(final_parent[i])
                    .iter()
                    .find(|s| s.number.depth() == req.number.depth())
                {
                    return s.kind;
                }
                match (&req.number, req.number.depth()) {
                    (Number::Paren(_) | Number::Letter(_), _) => UnitKind::Subpoint,
                    (_, 1) if final_parent[i].is_none() => UnitKind::Section,
                    (_, 1) | (_, 2) => UnitKind::Point,
                    _ => UnitKind::Subpoint,
                }
            })
            .collect()
    }
}

/// The plain text of an inline quote without unit numbers (for a heading or a cell).
fn frag_plain(frag: &Fragment) -> String {
    let mut parts = frag.preamble.clone();
    for u in &frag.units {
        parts.extend(u.paras.iter().cloned());
    }
    parts.join(" ")
}

fn pair_story(sources: &[Number], targets: &[Number]) -> String {
    // Describe runs: "25.3–25.15 → 25.4–25.16; 25.16, 25.17 → 25.18, 25.19".
    let mut out = Vec::new();
    let mut i = 0;
    while i < sources.len() {
        let mut j = i;
        while j + 1 < sources.len()
            && sources[j].next_sibling().as_ref() == Some(&sources[j + 1])
            && targets[j].next_sibling().as_ref() == Some(&targets[j + 1])
        {
            j += 1;
        }
        out.push(format!(
            "{} → {}",
            compress(&sources[i..=j]),
            compress(&targets[i..=j])
        ));
        i = j + 1;
    }
    out.join("; ")
}

fn plain_last(n: &Number) -> Option<u32> {
    match n {
        Number::Decimal(l) if l.last().is_some_and(|x| x.sup == 0) => l.last().map(|x| x.n),
        _ => None,
    }
}

fn consecutive(v: &[u32]) -> bool {
    let mut s = v.to_vec();
    s.sort_unstable();
    s.windows(2).all(|w| w[1] == w[0] + 1)
}

/// The text of an original line of a source, for quoting.
pub fn quote_line(src: &Source, original: u32) -> Option<String> {
    let idx = src.line_map.iter().position(|&l| l == original)?;
    Some(src.line_text(idx).to_string())
}

/// Which of the amended act's documents an instruction names: by the words of its title in any
/// case (`Регламенті роботи …` → `Регламент роботи …`).
pub fn match_document<'d>(words: &str, docs: &'d [(String, String)]) -> Vec<&'d (String, String)> {
    let w = norm_words(words);
    if w.is_empty() {
        return if docs.len() == 1 {
            docs.iter().collect()
        } else {
            Vec::new()
        };
    }
    let scored: Vec<(usize, &(String, String))> = docs
        .iter()
        .map(|d| (title_score(&w, &norm_words(&d.1)), d))
        .filter(|(s, _)| *s > 0)
        .collect();
    let best = scored.iter().map(|(s, _)| *s).max().unwrap_or(0);
    scored
        .into_iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, d)| d)
        .collect()
}

fn norm_words(s: &str) -> Vec<String> {
    let f = text::fold_needle(s)
        .to_lowercase()
        .replace(" -", "-")
        .replace("- ", "-");
    f.split(|c: char| c.is_whitespace() || c == '"' || c == ',')
        .filter(|w| {
            !w.is_empty() && !matches!(*w, "у" | "в" | "до" | "тексті" | "текст" | "тексту")
        })
        .map(str::to_string)
        .collect()
}

/// How many leading words of the instruction's words match the title's, allowing case endings.
fn title_score(words: &[String], title: &[String]) -> usize {
    let mut n = 0;
    for (a, b) in words.iter().zip(title) {
        let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let shorter = a.chars().count().min(b.chars().count());
        if common >= shorter.saturating_sub(3).max(3).min(shorter) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compresses_runs() {
        let n = |s: &str| Number::parse(s).unwrap();
        assert_eq!(compress(&[n("5.2"), n("5.3"), n("5.4")]), "5.2–5.4");
        assert_eq!(compress(&[n("22.5.54"), n("22.5.55")]), "22.5.54, 22.5.55");
        assert_eq!(compress(&[n("3.32")]), "3.32");
    }

    #[test]
    fn documents_by_title_words() {
        let docs = vec![
            ("a/1".to_string(), "Регламент роботи електронного сервісу Контакт-центр виконкому Криворізької міської ради".to_string()),
            ("a/2".to_string(), "Класифікатор основних заявок".to_string()),
        ];
        assert_eq!(match_document("Регламенті роботи електронного сервісу Контакт-центр       виконкому Криворізької міської ради", &docs)[0].0, "a/1");
        assert_eq!(
            match_document("Класифікаторі основних заявок", &docs)[0].0,
            "a/2"
        );
        assert_eq!(match_document("тексті Регламенту", &docs)[0].0, "a/1");
        assert!(match_document("Положенні про відділ", &docs).is_empty());
    }
}
