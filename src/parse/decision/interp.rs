//! Reading a clause's constituents into operations: which verb, which targets (normalised
//! largest first, with the scope inherited from parent items), which content, which case mode.

use super::diags::{self, Sink};
use super::grammar::{self, Act, Part, Units, rank};
use super::lex::{Kind, QuoteTok, Tok};
use super::toks::Toks;
use super::vocab::{Phrase, Verb};
use crate::ir::{
    ActRef, Address, CaseMode, Content, Date, Number, Op, Quoted, Sel, Step, UnitWord, WordPos,
};

/// What an item passes to the items under it: the document, the address scope and the verb.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    /// Shared: every item under a scope line carries the same words.
    pub doc: Option<std::rc::Rc<str>>,
    pub steps: Vec<Step>,
    pub verb: Option<Verb>,
}

/// What one item (all its clauses) yields.
#[derive(Debug, Default)]
pub struct Yield {
    /// Operations with the document words they concern.
    pub ops: Vec<(Op, Option<std::rc::Rc<str>>)>,
    /// The item ends with a colon: the context for the items under it.
    pub carrier: Option<Ctx>,
    /// Acts named by a frame (`Внести до рішення …`).
    pub acts: Vec<ActRef>,
    /// An error was reported for this item.
    pub failed: bool,
    /// The frame says that the changes are in an appendix.
    pub in_appendix: bool,
}

/// Everything a clause reader needs to see.
pub struct Item<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok<'a>],
    pub quotes: &'a [QuoteTok],
}

use super::vocab::fold_ws;

impl Item<'_> {
    fn slice(&self, start: usize, end: usize) -> String {
        fold_ws(self.text.get(start..end).unwrap_or(""))
    }

    fn quote(&self, q: usize) -> Option<&Quoted> {
        self.quotes.get(q).map(|q| &q.quoted)
    }

    fn quote_text(&self, q: usize) -> String {
        self.quote(q)
            .map_or(String::new(), |q| q.text.replace('\n', " "))
    }

    /// Replace the grammar's quote placeholders (`#3`) in a step by the quote texts.
    fn fix_step(&self, mut s: Step) -> Step {
        if let Some(t) = &s.title
            && let Some(q) = t.strip_prefix('#').and_then(|n| n.parse().ok())
        {
            s.title = Some(self.quote_text(q));
        }
        if let Sel::Titled(t) = &s.sel
            && let Some(q) = t.strip_prefix('#').and_then(|n| n.parse::<usize>().ok())
        {
            let text = self.quote_text(q);
            let mut chars = text.chars();
            s.sel = match (chars.next(), chars.next()) {
                (Some(c), None)
                    if matches!(s.word, UnitWord::Point | UnitWord::Subpoint)
                        && crate::ir::number::fold_letter(c).is_some() =>
                {
                    Sel::Num(Number::Letter(
                        crate::ir::number::fold_letter(c).unwrap_or(c),
                    ))
                }
                _ => Sel::Titled(text),
            };
        }
        s
    }

    pub fn act_ref(&self, a: &Act, sink: &Sink) -> ActRef {
        let words = a
            .words
            .strip_prefix('#')
            .and_then(|r| r.split_once('-'))
            .and_then(|(s, e)| Some(self.slice(s.parse().ok()?, e.parse().ok()?)))
            .unwrap_or_default();
        ActRef {
            words,
            date: a.date.as_deref().and_then(Date::parse_dmy),
            number: a.number.clone(),
            title: a.title.map(|q| fold_ws(&self.quote_text(q))),
            as_amended: a.as_amended,
            line: sink.line_no(a.start),
        }
    }

    /// The words naming an act as a document: `рішення … від 22.03.2023 № 326`.
    fn act_doc_words(&self, a: &Act) -> String {
        let end = if a.title.is_some() || a.as_amended {
            // Up to the number (or date), without the title.
            let mut e = a.start;
            for t in self.toks {
                if t.start >= a.start && t.end <= a.end {
                    if matches!(t.kind, Kind::Quote(_)) {
                        break;
                    }
                    e = t.end;
                }
            }
            e
        } else {
            a.end
        };
        self.slice(a.start, end)
    }
}

/// Merge an item's own steps into the inherited scope: inherited steps larger than the first
/// own step stay in front.
pub fn merge(base: &[Step], own: &[Step]) -> Vec<Step> {
    let Some(first) = own.first() else {
        return base.to_vec();
    };
    let r = rank(first.word);
    let mut out: Vec<Step> = base.iter().filter(|s| rank(s.word) < r).cloned().collect();
    out.extend_from_slice(own);
    out
}

/// Abbreviated unit words whose stop ends no clause.
const ABBREVIATIONS: &[&str] = &["п", "пп", "ст", "ч", "абз", "розд", "гл"];

/// Split an item's tokens into clauses at `;` and `.`.
fn clauses<'a, 't>(toks: &'a [Tok<'t>]) -> Vec<&'a [Tok<'t>]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        // `п. 3.1`, `пп. 2`, `ст. 5`: the stop of an abbreviation ends no clause.
        let abbreviation = i > 0
            && t.kind == Kind::Punct('.')
            && toks[i - 1].kind == Kind::Word
            && toks[i - 1].end == t.start
            && ABBREVIATIONS.contains(&toks[i - 1].low());
        if abbreviation {
            continue;
        }
        if matches!(t.kind, Kind::Punct(';') | Kind::Punct('.')) {
            if i > start {
                out.push(&toks[start..i]);
            }
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

/// Parse one clause into constituents; on failure report where and return None.
fn parts(item: &Item, clause: &[Tok], sink: &mut Sink) -> Option<Vec<Part>> {
    let mut rest = Toks::new(clause);
    let mut out: Vec<Part> = Vec::new();
    while !rest.is_empty() {
        match grammar::constituent(rest) {
            Ok((r, p)) if r.len() < rest.len() => {
                out.push(p);
                rest = r;
            }
            _ => {
                // `назву виконавчого органу міської ради`: words describing what is replaced.
                let describes = matches!(out.last(), Some(Part::Units(u))
                    if u.elems.len() == 1 && u.elems[0].steps.len() == 1
                        && u.elems[0].steps[0].word == UnitWord::Heading
                        && u.elems[0].steps[0].sel == Sel::Unnumbered);
                let is_word = rest.first().is_some_and(|t| t.kind == Kind::Word);
                if describes && is_word {
                    out.pop();
                    while let Some(t) = rest.first() {
                        if t.kind != Kind::Word || grammar::constituent(rest).is_ok() {
                            break;
                        }
                        rest = rest.skip(1);
                    }
                    out.push(Part::Description);
                    continue;
                }
                let Some(t) = rest.first() else { break };
                let end = clause.last().map_or(t.end, |l| l.end);
                let found: String = item
                    .text
                    .get(t.start..end)
                    .unwrap_or("")
                    .chars()
                    .take(60)
                    .collect();
                let found = fold_ws(&found);
                let prev_quote = clause
                    .iter()
                    .take_while(|x| x.start < t.start)
                    .last()
                    .is_some_and(|p| matches!(p.kind, Kind::Quote(_)));
                if prev_quote {
                    sink.push(diags::after_quote(t.start, end, &found));
                } else {
                    sink.push(diags::unknown_formula(t.start, end, &found));
                }
                return None;
            }
        }
    }
    Some(out)
}

fn report_units(u: &Units, sink: &mut Sink) {
    for d in u.diags.iter().cloned() {
        sink.push(d.into_pending());
    }
}

/// Read an item in its context.
pub fn item(item: &Item, ctx: &Ctx, sink: &mut Sink) -> Yield {
    let mut y = Yield::default();
    let mut ctx = ctx.clone();
    let all = clauses(item.toks);
    let ends_with_colon = item.toks.last().is_some_and(|t| t.kind == Kind::Punct(':'));
    let n = all.len();
    for (ci, clause) in all.into_iter().enumerate() {
        let Some(ps) = parts(item, clause, sink) else {
            y.failed = true;
            continue;
        };
        for p in &ps {
            match p {
                Part::Units(u) | Part::Loc(u) | Part::AfterUnit(u) => report_units(u, sink),
                _ => {}
            }
        }
        let last = ci + 1 == n;
        clause_ops(
            item,
            clause,
            ps,
            &mut ctx,
            last && ends_with_colon,
            &mut y,
            sink,
        );
    }
    y
}

/// Per-clause reading.
fn clause_ops(
    item: &Item,
    clause: &[Tok],
    parts: Vec<Part>,
    ctx: &mut Ctx,
    carrier: bool,
    y: &mut Yield,
    sink: &mut Sink,
) {
    let (cs, ce) = (
        clause.first().map_or(0, |t| t.start),
        clause.last().map_or(0, |t| t.end),
    );
    // 1. A frame: `Внести до … такі зміни:` (+ a gerund instruction after it).
    let mut rest: Vec<Part> = parts;
    if let Some(fi) = rest
        .iter()
        .position(|p| matches!(p, Part::Verb(Verb::Frame, ..)))
    {
        let end = rest
            .iter()
            .enumerate()
            .skip(fi + 1)
            .find(|(_, p)| {
                matches!(p, Part::Sep(':')) || matches!(p, Part::Verb(v, ..) if *v != Verb::Frame)
            })
            .map_or(rest.len(), |(i, p)| {
                if matches!(p, Part::Sep(':')) {
                    i + 1
                } else {
                    i
                }
            });
        let frame: Vec<Part> = rest.drain(..end).collect();
        for p in &frame {
            match p {
                Part::Act(a) => {
                    y.acts.push(item.act_ref(a, sink));
                    ctx.doc = Some(item.act_doc_words(a).into());
                }
                Part::Doc((s, e), a) => {
                    let words = item.slice(*s, *e);
                    if let Some(a) = a {
                        let mut r = item.act_ref(a, sink);
                        r.words = format!("{words}, {}", item.slice(a.start, a.end));
                        y.acts.push(r);
                    } else {
                        y.acts.push(ActRef {
                            words: words.clone(),
                            line: sink.line_no(*s),
                            ..ActRef::default()
                        });
                    }
                    ctx.doc = Some(words.into());
                }
                Part::Appendix(_) => {
                    y.in_appendix = true;
                    sink.push(diags::changes_in_appendix(cs, ce));
                }
                Part::Loc(u) => {
                    ctx.steps = u
                        .elems
                        .first()
                        .map(|e| {
                            let own: Vec<Step> = u
                                .tail
                                .iter()
                                .chain(&e.steps)
                                .cloned()
                                .map(|s| item.fix_step(s))
                                .collect();
                            merge(&ctx.steps, &own)
                        })
                        .unwrap_or_default();
                }
                _ => {}
            }
        }
        // Leading separators of the gerund part: `…, виклавши …`.
        while matches!(rest.first(), Some(Part::Sep(_))) {
            rest.remove(0);
        }
        if rest.is_empty() {
            if carrier {
                y.carrier = Some(ctx.clone());
            }
            return;
        }
    }
    if rest
        .iter()
        .all(|p| matches!(p, Part::Sep(_) | Part::Phrase(Phrase::Filler)))
    {
        return;
    }
    // 2. Gather the constituents.
    let mut b = Bag::default();
    let mut prev_verb = false;
    for p in rest {
        if prev_verb && matches!(p, Part::Sep(':')) {
            b.verb_before_colon = true;
        }
        prev_verb = matches!(p, Part::Verb(..));
        b.add(p);
    }
    let verb = b.verb.map(|v| v.0).or(ctx.verb);
    if b.verb_before_colon {
        // `Вважати: розділ 2 … ; пункти … відповідно.`: the verb governs the later clauses.
        ctx.verb = b.verb.map(|v| v.0);
    }
    // Scope prefixes inside the clause (`у пункті 5: …`, `у Регламенті …:`).
    if let Some((s, e)) = b.doc {
        ctx.doc = Some(item.slice(s, e).into());
    }
    if let Some(Some((s, e))) = b.text {
        ctx.doc = Some(item.slice(s, e).into());
    }
    let mut loc_targets: Vec<Vec<Step>> = b
        .locs
        .iter()
        .flat_map(|u| addresses(item, &ctx.steps, u))
        .collect();
    let loc_base: Vec<Step> = if loc_targets.len() == 1 {
        loc_targets[0].clone()
    } else {
        ctx.steps.clone()
    };
    let has_content = !b.quotes.is_empty()
        || !b.words_acc.is_empty()
        || !b.words_ins.is_empty()
        || !b.ins.is_empty()
        || !b.to.is_empty();
    // 3. A carrier: ends with a colon and says nothing more.
    if carrier && !has_content {
        let mut c = Ctx {
            doc: ctx.doc.clone(),
            steps: match b.acc.first() {
                Some(u) => addresses(item, &loc_base, u)
                    .into_iter()
                    .next()
                    .unwrap_or(loc_base),
                None => loc_base,
            },
            verb: ctx.verb,
        };
        if let Some((v, ..)) = b.verb {
            c.verb = Some(v);
        }
        y.carrier = Some(c);
        return;
    }
    let Some(verb) = verb else {
        sink.push(diags::unknown_formula(
            cs,
            ce,
            &fold_ws(item.text.get(cs..ce).unwrap_or(""))
                .chars()
                .take(60)
                .collect::<String>(),
        ));
        y.failed = true;
        return;
    };
    let (vs, ve) = b.verb.map_or((cs, ce), |v| (v.1, v.2));
    let verb_text = || item.slice(vs, ve);
    let mut acc_targets: Vec<Vec<Step>> = b
        .acc
        .iter()
        .flat_map(|u| addresses(item, &loc_base, u))
        .collect();
    // Targets of word operations: the accusative units, else the located ones, else the whole
    // text, else the inherited scope. Each branch below that uses them uses nothing else of
    // `acc_targets` and `loc_targets` after, so they are moved out, not copied.
    let has_word_targets = !acc_targets.is_empty()
        || !loc_targets.is_empty()
        || b.text.is_some()
        || !ctx.steps.is_empty();
    let text_target = b.text.is_some();
    let take_word_targets = |acc: &mut Vec<Vec<Step>>, loc: &mut Vec<Vec<Step>>, steps: &[Step]| {
        if !acc.is_empty() {
            std::mem::take(acc)
        } else if !loc.is_empty() {
            std::mem::take(loc)
        } else if text_target {
            vec![Vec::new()]
        } else if !steps.is_empty() {
            vec![steps.to_vec()]
        } else {
            Vec::new()
        }
    };
    let addr = |v: Vec<Vec<Step>>| -> Vec<Address> {
        v.into_iter().map(|steps| Address { steps }).collect()
    };
    let q = |i: usize| item.quote(i).cloned();
    let content = |b: &Bag| -> Content {
        if !b.quotes.is_empty() {
            Content::Inline(b.quotes.iter().filter_map(|&i| q(i)).collect())
        } else {
            Content::Appendix(b.appendix.flatten())
        }
    };
    let doc = ctx.doc.clone();
    let mut push = |op: Op| y.ops.push((op, doc.clone()));
    let no_target = |sink: &mut Sink| sink.push(diags::no_target(vs, ve, &verb_text()));
    match verb {
        Verb::Frame => {}
        Verb::Replace => {
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            if !b.from.is_empty() && b.from.len() == b.to.len() {
                pairs.extend(b.from.iter().copied().zip(b.to.iter().copied()));
            } else if !b.words_acc.is_empty() && !b.words_ins.is_empty() {
                if b.words_acc.len() == b.words_ins.len() {
                    pairs.extend(b.words_acc.iter().copied().zip(b.words_ins.iter().copied()));
                } else if b.words_ins.len() == 1 {
                    pairs.extend(b.words_acc.iter().map(|&a| (a, b.words_ins[0])));
                }
            } else if !b.words_acc.is_empty() && b.words_acc.len() == b.to.len() {
                pairs.extend(b.words_acc.iter().copied().zip(b.to.iter().copied()));
            } else if b.quotes.len() == 1 && b.to.len() == 1 {
                pairs.push((b.quotes[0], b.to[0]));
                b.quotes.clear();
            }
            if pairs.is_empty() {
                sink.push(diags::replace_without_pair(vs, ce));
                y.failed = true;
                return;
            }
            if !has_word_targets {
                no_target(sink);
                y.failed = true;
                return;
            }
            let case = b.case_mode();
            push(Op::ReplaceWords {
                targets: addr(take_word_targets(
                    &mut acc_targets,
                    &mut loc_targets,
                    &ctx.steps,
                )),
                pairs: pairs
                    .into_iter()
                    .filter_map(|(a, c)| Some((q(a)?, q(c)?)))
                    .collect(),
                case,
                occurrence: None,
            });
        }
        Verb::Delete => {
            if !b.words_acc.is_empty() {
                if !has_word_targets {
                    no_target(sink);
                    y.failed = true;
                    return;
                }
                push(Op::DeleteWords {
                    targets: addr(take_word_targets(
                        &mut acc_targets,
                        &mut loc_targets,
                        &ctx.steps,
                    )),
                    words: b.words_acc.iter().filter_map(|&i| q(i)).collect(),
                });
            } else if !acc_targets.is_empty() {
                push(Op::DeleteUnits {
                    targets: addr(acc_targets),
                });
            } else {
                no_target(sink);
                y.failed = true;
                return;
            }
        }
        Verb::Restate => {
            let targets = if !acc_targets.is_empty() {
                acc_targets
            } else if !loc_targets.is_empty() {
                loc_targets
            } else if !ctx.steps.is_empty() {
                vec![ctx.steps.clone()]
            } else {
                Vec::new()
            };
            if targets.is_empty() {
                no_target(sink);
                y.failed = true;
                return;
            }
            push(Op::Restate {
                targets: addr(targets),
                content: content(&b),
            });
            b.quotes.clear();
        }
        Verb::Renumber => {
            let from: Vec<Vec<Step>> = acc_targets;
            let to: Vec<Vec<Step>> = b
                .ins
                .iter()
                .flat_map(|u| addresses(item, &loc_base, u))
                .collect();
            if from.is_empty() || to.is_empty() {
                no_target(sink);
                y.failed = true;
                return;
            }
            if from.len() != to.len() {
                sink.push(diags::renumber_lengths(cs, ce, from.len(), to.len()));
                y.failed = true;
                return;
            }
            push(Op::Renumber {
                pairs: from
                    .into_iter()
                    .zip(to)
                    .map(|(a, c)| (Address { steps: a }, Address { steps: c }))
                    .collect(),
                previous_edition: b.phrases.contains(&Phrase::Previous),
            });
        }
        Verb::Repeal => {
            let act = b.acts.first().map(|a| item.act_ref(a, sink));
            if act.is_none() && acc_targets.is_empty() {
                no_target(sink);
                y.failed = true;
                return;
            }
            push(Op::Repeal {
                targets: addr(acc_targets),
                act,
            });
        }
        Verb::Insert => {
            let sentence = b.ins.iter().position(|u| {
                u.elems.len() == 1
                    && u.elems[0].steps.len() == 1
                    && u.elems[0].steps[0].word == UnitWord::Sentence
                    && u.elems[0].steps[0].sel == Sel::Unnumbered
            });
            if let Some(si) = sentence.filter(|_| !b.quotes.is_empty()) {
                b.ins.remove(si);
                if !has_word_targets {
                    no_target(sink);
                    y.failed = true;
                    return;
                }
                let text = q(b.quotes[0]);
                b.quotes.remove(0);
                if let Some(text) = text {
                    push(Op::InsertWords {
                        targets: addr(take_word_targets(
                            &mut acc_targets,
                            &mut loc_targets,
                            &ctx.steps,
                        )),
                        text,
                        at: WordPos::Sentence,
                    });
                }
            } else if !b.ins.is_empty() {
                let parent: Vec<Step> = acc_targets.first().cloned().unwrap_or(loc_base.clone());
                let mut units = Vec::new();
                let mut parent_full = parent.clone();
                for u in &b.ins {
                    let tail: Vec<Step> =
                        u.tail.iter().cloned().map(|s| item.fix_step(s)).collect();
                    if !tail.is_empty() {
                        parent_full = merge(&parent, &tail);
                    }
                    for e in &u.elems {
                        units.push(Address {
                            steps: e.steps.iter().cloned().map(|s| item.fix_step(s)).collect(),
                        });
                    }
                }
                let after = b.after_unit.as_ref().and_then(|u| {
                    addresses(item, &parent_full, u)
                        .into_iter()
                        .next()
                        .map(|steps| Address { steps })
                });
                sink.push(diags::rule_units_instrumental(vs, ce));
                push(Op::InsertUnits {
                    parent: Address { steps: parent_full },
                    after,
                    units,
                    content: content(&b),
                });
                b.quotes.clear();
            } else if let Some(&w) = b.words_ins.first().or(b.words_acc.first()) {
                if !has_word_targets {
                    no_target(sink);
                    y.failed = true;
                    return;
                }
                let at = match (b.after_words, b.before_words) {
                    (Some(a), _) => q(a).map_or(WordPos::End, WordPos::After),
                    (_, Some(bq)) => q(bq).map_or(WordPos::End, WordPos::Before),
                    _ => WordPos::End,
                };
                sink.push(diags::rule_words_instrumental(vs, ce));
                if let Some(text) = q(w) {
                    push(Op::InsertWords {
                        targets: addr(take_word_targets(
                            &mut acc_targets,
                            &mut loc_targets,
                            &ctx.steps,
                        )),
                        text,
                        at,
                    });
                }
            } else if !b.acc.is_empty() && !b.quotes.is_empty() {
                // Accusative units + a quote that starts with their numbers = insertion.
                let first_num = b.acc[0].elems.first().and_then(|e| {
                    e.steps.last().and_then(|s| match &s.sel {
                        Sel::Num(n) | Sel::Range(n, _) => Some(n.to_string()),
                        _ => None,
                    })
                });
                let qt = item.quote_text(b.quotes[0]);
                let carries = first_num.is_some_and(|n| {
                    qt.strip_prefix(&n).is_some_and(|r| {
                        r.starts_with('.') || r.starts_with(' ') || r.starts_with(')')
                    })
                });
                if !carries {
                    sink.push(diags::ambiguous_insert(vs, ce));
                    y.failed = true;
                    return;
                }
                let mut units = Vec::new();
                let mut parent = loc_base.clone();
                for u in &b.acc {
                    let tail: Vec<Step> =
                        u.tail.iter().cloned().map(|s| item.fix_step(s)).collect();
                    if !tail.is_empty() {
                        parent = merge(&loc_base, &tail);
                    }
                    for e in &u.elems {
                        units.push(Address {
                            steps: e.steps.iter().cloned().map(|s| item.fix_step(s)).collect(),
                        });
                    }
                }
                sink.push(diags::rule_units_quote(vs, ce));
                push(Op::InsertUnits {
                    parent: Address { steps: parent },
                    after: None,
                    units,
                    content: content(&b),
                });
                b.quotes.clear();
            } else if !has_word_targets {
                no_target(sink);
                y.failed = true;
                return;
            } else {
                sink.push(diags::no_content(vs, ve, &verb_text()));
                y.failed = true;
                return;
            }
        }
    }
    // Quotes that no operation took.
    if let Some(&qi) = b.quotes.first()
        && let Some(qt) = item.quotes.get(qi)
    {
        let text: String = item
            .text
            .get(qt.open..qt.end)
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        sink.push(diags::after_quote(qt.open, qt.end, &fold_ws(&text)));
        y.failed = true;
    }
}

/// The full addresses of a unit list's elements.
fn addresses(item: &Item, base: &[Step], u: &Units) -> Vec<Vec<Step>> {
    let tail: Vec<Step> = u.tail.iter().cloned().map(|s| item.fix_step(s)).collect();
    let base = merge(base, &tail);
    u.elems
        .iter()
        .map(|e| {
            let own: Vec<Step> = e.steps.iter().cloned().map(|s| item.fix_step(s)).collect();
            merge(&base, &own)
        })
        .collect()
}

/// The constituents of a clause, sorted by role.
#[derive(Default)]
struct Bag {
    verb: Option<(Verb, usize, usize)>,
    locs: Vec<Units>,
    text: Option<Option<(usize, usize)>>,
    doc: Option<(usize, usize)>,
    acts: Vec<Act>,
    acc: Vec<Units>,
    ins: Vec<Units>,
    words_acc: Vec<usize>,
    words_ins: Vec<usize>,
    quotes: Vec<usize>,
    from: Vec<usize>,
    to: Vec<usize>,
    after_words: Option<usize>,
    before_words: Option<usize>,
    after_unit: Option<Units>,
    phrases: Vec<Phrase>,
    appendix: Option<Option<u32>>,
    /// The verb stands right before a colon (`Вважати: …`).
    verb_before_colon: bool,
}

impl Bag {
    fn add(&mut self, p: Part) {
        use super::vocab::case;
        match p {
            Part::Verb(v, s, e) => {
                if self.verb.is_none() {
                    self.verb = Some((v, s, e));
                }
            }
            Part::Phrase(ph) => self.phrases.push(ph),
            Part::Appendix(n) => self.appendix = Some(n),
            Part::AfterWords(q) => self.after_words = Some(q),
            Part::BeforeWords(q) => self.before_words = Some(q),
            Part::AfterUnit(u) => self.after_unit = Some(u),
            Part::From(q) => self.from.push(q),
            Part::To(q) => self.to.push(q),
            Part::Loc(u) => self.locs.push(u),
            Part::Text(d) => self.text = Some(d),
            Part::Doc(d, _) => self.doc = Some(d),
            Part::Act(a) => self.acts.push(a),
            Part::Units(u) => {
                let c = u.form.cases;
                if c & case::I != 0 && c & (case::N | case::A) == 0 {
                    self.ins.push(u);
                } else {
                    self.acc.push(u);
                }
            }
            Part::Words { ins, quotes } => {
                if ins {
                    self.words_ins.extend(quotes);
                } else {
                    self.words_acc.extend(quotes);
                }
            }
            Part::Quote(q) => self.quotes.push(q),
            Part::Sep(_) | Part::Description => {}
        }
    }

    fn case_mode(&self) -> CaseMode {
        let inflect = self.phrases.iter().any(|p| {
            matches!(
                p,
                Phrase::AllCases
                    | Phrase::AllCasesNumbers
                    | Phrase::Inflect
                    | Phrase::InflectNumbers
            )
        });
        let numbers = self.phrases.iter().any(|p| {
            matches!(
                p,
                Phrase::AllCasesNumbers | Phrase::InflectNumbers | Phrase::Numbers
            )
        });
        if inflect || numbers {
            CaseMode::Inflect { numbers }
        } else {
            CaseMode::Exact
        }
    }
}
