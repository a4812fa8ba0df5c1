//! Replay: the corpus, decision by decision — approvals bring documents in, amending decisions
//! are resolved and applied all or nothing — into every document's editions and change logs.
//!
//! ## Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z701 | error | an approval names an appendix the folder does not have |
//! | Z702 | error | the decision amends an act that is not in the corpus (or none is named) |
//! | Z703 | error | the decision was not applied because it has errors (all or nothing) |
//! | Z704 | note | the decision approves or amends nothing: it changes no document |
//! | Z705 | error | no document has that id or a title containing those words |
//! | Z706 | error | the words match the titles of several documents |

use crate::apply;
use crate::corpus::{Corpus, Entry};
use crate::ir::{
    Change, Date, DecisionRef, Diagnostic, Edition, Instruction, Op, Source, Span, has_errors,
};
use crate::parse;
use crate::resolve::{self, Input};
use std::collections::{BTreeMap, HashMap};

/// Every edition of one document, oldest first.
#[derive(Clone, Debug)]
pub struct DocHistory {
    pub id: String,
    pub title: String,
    pub editions: Vec<Edition>,
    /// `changes[i]` made `editions[i]` from `editions[i - 1]` (empty for the first).
    pub changes: Vec<Vec<Change>>,
}

impl DocHistory {
    /// The edition in force on a date (the newest when `at` is None).
    pub fn at(&self, at: Option<Date>) -> Option<&Edition> {
        match at {
            None => self.editions.last(),
            Some(d) => self
                .editions
                .iter()
                .rev()
                .find(|e| e.as_of.is_none_or(|a| a <= d)),
        }
    }
}

/// What happened to one decision during the replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It brought these documents in.
    Approved(Vec<String>),
    /// It amended these documents.
    Applied(Vec<String>),
    /// It changes no document.
    Nothing,
    /// It was refused: errors in it or in its resolution.
    Refused,
}

/// The replayed corpus.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    pub documents: BTreeMap<String, DocHistory>,
    /// Per decision (corpus order): its id, outcome and diagnostics (ingest, parse, resolve, apply).
    pub decisions: Vec<(String, Outcome, Vec<Diagnostic>)>,
}

impl Replay {
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.decisions.iter().flat_map(|(_, _, d)| d.iter())
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics().any(Diagnostic::is_error)
    }

    /// Find a document by id or by a case-insensitive substring of its title matching one.
    pub fn find(&self, key: &str) -> Result<&DocHistory, Diagnostic> {
        if let Some(d) = self.documents.get(key) {
            return Ok(d);
        }
        let k = key.to_lowercase();
        let hits: Vec<&DocHistory> = self
            .documents
            .values()
            .filter(|d| d.title.to_lowercase().contains(&k))
            .collect();
        let list = |v: &[&DocHistory]| {
            v.iter()
                .map(|d| format!("{} «{}»", d.id, d.title))
                .collect::<Vec<_>>()
                .join("; ")
        };
        match hits.as_slice() {
            [one] => Ok(one),
            [] => {
                let all: Vec<&DocHistory> = self.documents.values().collect();
                Err(Diagnostic::error(
                    "Z705",
                    format!("документа «{key}» немає в корпусі"),
                    format!("no document '{key}' in the corpus"),
                )
                .hint(
                    format!("наявні: {}", list(&all)),
                    format!("available: {}", list(&all)),
                ))
            }
            many => Err(Diagnostic::error(
                "Z706",
                format!("«{key}» підходить до кількох документів: {}", list(many)),
                format!("'{key}' matches several documents: {}", list(many)),
            )
            .hint("вкажіть ідентифікатор документа", "give the document's id")),
        }
    }
}

fn decision_ref(e: &Entry) -> DecisionRef {
    DecisionRef {
        id: e.id.clone(),
        date: e.date,
        number: e.number.clone(),
    }
}

/// Replay the whole corpus in order.
pub fn replay(corpus: &Corpus) -> Replay {
    let mut out = Replay::default();
    // The acts a decision may amend, by date and number (the first of a pair wins, as in order).
    let mut acts: HashMap<(Date, &str), &Entry> = HashMap::new();
    for x in &corpus.entries {
        acts.entry((x.date, x.number.as_str())).or_insert(x);
    }
    let acts = &acts;
    for e in &corpus.entries {
        let mut diags = e.diagnostics.clone();
        if has_errors(&diags) {
            diags.push(refused(e));
            out.decisions.push((e.id.clone(), Outcome::Refused, diags));
            continue;
        }
        let approves = !e.decision.approves.is_empty();
        let amends = !e.decision.instructions.is_empty();
        let appendices_present = e
            .decision
            .approves
            .iter()
            .all(|a| e.appendices.contains_key(&a.appendix.unwrap_or(1)));
        let outcome = if approves && amends && !appendices_present {
            // Report the missing appendix; amend nothing (all or nothing).
            approve(&mut Replay::default(), e, &mut diags)
        } else if approves && amends {
            // Amend first (against the editions before it), then bring in the new documents.
            match amend(&mut out, acts, e, &mut diags) {
                Outcome::Applied(mut ids) => match approve(&mut out, e, &mut diags) {
                    Outcome::Approved(new) => {
                        ids.extend(new);
                        Outcome::Applied(ids)
                    }
                    other => other,
                },
                other => other,
            }
        } else if approves {
            approve(&mut out, e, &mut diags)
        } else if amends {
            amend(&mut out, acts, e, &mut diags)
        } else {
            diags.push(
                Diagnostic::note(
                    "Z704",
                    "рішення нічого не затверджує і не змінює в документах корпусу",
                    "the decision approves or amends no document of the corpus",
                )
                .at(Span::file(&e.source.name)),
            );
            Outcome::Nothing
        };
        let outcome = if has_errors(&diags) {
            diags.push(refused(e));
            Outcome::Refused
        } else {
            outcome
        };
        out.decisions.push((e.id.clone(), outcome, diags));
    }
    out
}

fn refused(e: &Entry) -> Diagnostic {
    Diagnostic::error(
        "Z703",
        format!(
            "рішення {} не застосовано: у ньому є помилки (усе або нічого)",
            e.id
        ),
        format!(
            "decision {} was not applied: it has errors (all or nothing)",
            e.id
        ),
    )
    .at(Span::file(&e.source.name))
}

fn approve(out: &mut Replay, e: &Entry, diags: &mut Vec<Diagnostic>) -> Outcome {
    let mut ids = Vec::new();
    let mut new_docs = Vec::new();
    for a in &e.decision.approves {
        let n = a.appendix.unwrap_or(1);
        let Some(src) = e.appendices.get(&n) else {
            diags.push(
                Diagnostic::error(
                    "Z701",
                    format!("рішення затверджує «{}» (додаток {n}), але файлу додатка немає", a.title),
                    format!("the decision approves '{}' (appendix {n}), but the appendix file is missing", a.title),
                )
                .at(Span::new(e.source.name.clone(), a.line, 1, 1))
                .hint(format!("додайте appendix-{n}.txt або appendix.txt"), format!("add appendix-{n}.txt or appendix.txt")),
            );
            continue;
        };
        let id = format!("{}/{n}", e.id);
        let (mut ed, d) = parse::document(src, &id);
        diags.extend(d);
        ed.as_of = Some(e.effective());
        ed.decisions = vec![decision_ref(e)];
        let title = if ed.title_line().is_empty() {
            a.title.clone()
        } else {
            ed.title_line()
        };
        new_docs.push(DocHistory {
            id: id.clone(),
            title,
            editions: vec![ed],
            changes: vec![Vec::new()],
        });
        ids.push(id);
    }
    if has_errors(diags) {
        return Outcome::Refused;
    }
    for d in new_docs {
        out.documents.insert(d.id.clone(), d);
    }
    Outcome::Approved(ids)
}

/// The documents an amending decision may touch: those approved by the acts it amends.
/// The corpus's decisions by date and number.
type Acts<'a, 'b> = &'b HashMap<(Date, &'a str), &'a Entry>;

fn amended_docs(
    out: &Replay,
    corpus: Acts,
    e: &Entry,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for act in &e.decision.amends {
        let hit = act
            .date
            .zip(act.number.as_deref())
            .and_then(|k| corpus.get(&k));
        match hit {
            Some(x) => {
                for (id, d) in out.documents.range(format!("{}/", x.id)..) {
                    if !id.starts_with(&format!("{}/", x.id)) {
                        break;
                    }
                    docs.push((id.clone(), d.title.clone()));
                }
            }
            None => diags.push(
                Diagnostic::error(
                    "Z702",
                    format!(
                        "рішення змінює акт від {} № {}, якого немає в корпусі",
                        act.date.map(|d| d.dmy()).unwrap_or_default(),
                        act.number.clone().unwrap_or_default()
                    ),
                    format!(
                        "the decision amends the act of {} No {}, which is not in the corpus",
                        act.date.map(|d| d.dmy()).unwrap_or_default(),
                        act.number.clone().unwrap_or_default()
                    ),
                )
                .at(Span::new(e.source.name.clone(), act.line, 1, 1))
                .hint(
                    "додайте теку того рішення з його додатками до корпусу",
                    "add that decision's folder with its appendices to the corpus",
                ),
            ),
        }
    }
    if e.decision.amends.is_empty() {
        diags.push(
            Diagnostic::error(
                "Z702",
                "рішення містить зміни, але не названо акт, до якого їх внесено",
                "the decision has amendments but names no act it amends",
            )
            .at(Span::file(&e.source.name)),
        );
    }
    docs
}

fn wants_appendix(ins: &Instruction) -> Option<Option<u32>> {
    match &ins.op {
        Op::Restate {
            content: crate::ir::Content::Appendix(n),
            ..
        }
        | Op::InsertUnits {
            content: crate::ir::Content::Appendix(n),
            ..
        } => Some(*n),
        _ => None,
    }
}

fn amend(out: &mut Replay, corpus: Acts, e: &Entry, diags: &mut Vec<Diagnostic>) -> Outcome {
    let docs = amended_docs(out, corpus, e, diags);
    if has_errors(diags) {
        return Outcome::Refused;
    }
    // Assign each instruction to a document.
    let mut by_doc: BTreeMap<String, Vec<&Instruction>> = BTreeMap::new();
    for ins in &e.decision.instructions {
        let hits = resolve::match_document(&ins.document.words, &docs);
        match hits.as_slice() {
            [(id, _)] => by_doc.entry(id.clone()).or_default().push(ins),
            [] => diags.push(
                Diagnostic::error(
                    "Z419",
                    format!("пункт не називає жодного з документів, затверджених змінюваним актом: «{}»", ins.document.words),
                    format!("the item names none of the documents the amended act approved: '{}'", ins.document.words),
                )
                .at(ins.span.clone())
                .for_item(ins.item.clone())
                .hint(
                    format!("документи: {}", docs.iter().map(|d| d.1.as_str()).collect::<Vec<_>>().join("; ")),
                    format!("documents: {}", docs.iter().map(|d| d.1.as_str()).collect::<Vec<_>>().join("; ")),
                ),
            ),
            many => diags.push(
                Diagnostic::error(
                    "Z419",
                    format!("слова «{}» підходять до кількох документів: {}", ins.document.words, many.iter().map(|d| d.1.as_str()).collect::<Vec<_>>().join("; ")),
                    format!("'{}' matches several documents: {}", ins.document.words, many.iter().map(|d| d.1.as_str()).collect::<Vec<_>>().join("; ")),
                )
                .at(ins.span.clone())
                .for_item(ins.item.clone()),
            ),
        }
    }
    // Which appendix carries each document's text.
    let mut appendix_of: BTreeMap<String, &Source> = BTreeMap::new();
    for (doc, list) in &by_doc {
        let wanted: Vec<Option<u32>> = list.iter().filter_map(|i| wants_appendix(i)).collect();
        if wanted.is_empty() {
            continue;
        }
        let n = wanted.iter().flatten().next().copied();
        let src = match n {
            Some(n) => e.appendices.get(&n),
            None if e.appendices.len() == 1 => e.appendices.values().next(),
            None => None,
        };
        match src {
            Some(s) => {
                appendix_of.insert(doc.clone(), s);
            }
            None => diags.push(
                Diagnostic::error(
                    "Z420",
                    if e.appendices.is_empty() {
                        "текст змін має бути в додатку до рішення, але додатка немає".to_string()
                    } else {
                        "неясно, котрий із додатків містить текст змін".to_string()
                    },
                    if e.appendices.is_empty() {
                        "the changes' text should be in the decision's appendix, but there is none"
                            .to_string()
                    } else {
                        "it is unclear which appendix carries the text".to_string()
                    },
                )
                .at(list[0].span.clone())
                .for_item(list[0].item.clone()),
            ),
        }
    }
    if has_errors(diags) {
        return Outcome::Refused;
    }
    // Resolve every document first, then apply: all or nothing.
    let dref = decision_ref(e);
    let mut plans = Vec::new();
    for (doc, list) in &by_doc {
        let Some(hist) = out.documents.get(doc) else {
            continue;
        };
        let Some(before) = hist.editions.last() else {
            continue;
        };
        let input = Input {
            decision: &e.decision,
            decision_ref: dref.clone(),
            source: Some(&e.source),
            edition: before,
            instructions: list.clone(),
            appendix: appendix_of.get(doc).copied(),
        };
        let (plan, d) = resolve::resolve(&input);
        diags.extend(d);
        if let Some(p) = plan {
            plans.push((doc.clone(), p));
        }
    }
    if has_errors(diags) {
        return Outcome::Refused;
    }
    let mut results = Vec::new();
    for (doc, plan) in &plans {
        let before = &out.documents[doc].editions[out.documents[doc].editions.len() - 1];
        match apply::apply(before, plan) {
            Ok(a) => {
                diags.extend(a.diagnostics.iter().cloned().map(|d| {
                    if d.span.is_none() {
                        d.at(Span::file(&e.source.name))
                    } else {
                        d
                    }
                }));
                results.push((doc.clone(), a));
            }
            Err(errs) => diags.extend(errs.into_iter().map(|d| {
                if d.span.is_none() {
                    d.at(Span::file(&e.source.name))
                } else {
                    d
                }
            })),
        }
    }
    if has_errors(diags) {
        return Outcome::Refused;
    }
    let mut ids = Vec::new();
    for (doc, mut a) in results {
        a.edition.as_of = Some(e.effective());
        if let Some(h) = out.documents.get_mut(&doc) {
            h.editions.push(a.edition);
            h.changes.push(a.changes);
        }
        ids.push(doc);
    }
    Outcome::Applied(ids)
}
