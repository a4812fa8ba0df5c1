//! Apply: a resolved plan + the edition in force → the new edition and its change log
//! (values in, values out). Either every action succeeds or nothing changes.
//!
//! Order of work, which makes the result independent of the order items were written in:
//! word edits and restatements (by unit id), deletions, renumbering (numbers computed from the
//! old edition at once, children whose numbers embed their parent's following it), insertions
//! (placed among their new siblings by number), then notes.
//!
//! ## Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z501 | error | an edit found nothing to change when applied (an earlier edit of the same decision removed it) |
//! | Z502 | error | the plan names a unit that is not in the edition |
//! | Z503 | error | after applying, siblings' numbers are not unique and increasing |

pub mod inflect;
pub mod text;

use crate::ir::{
    ActionKind, Attach, Change, ChangeKind, Diagnostic, Edition, Part, Plan, TextEdit, Unit, UnitId,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

/// The result of applying one plan.
#[derive(Clone, Debug)]
pub struct Applied {
    pub edition: Edition,
    pub changes: Vec<Change>,
    /// Warnings met while applying (inflection choices).
    pub diagnostics: Vec<Diagnostic>,
}

fn missing(id: UnitId) -> Diagnostic {
    Diagnostic::error(
        "Z502",
        format!("у редакції немає одиниці з ідентифікатором {}", id.0),
        format!("the edition has no unit with id {}", id.0),
    )
}

fn edit_text(t: &str, edit: &TextEdit, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match edit {
        TextEdit::Replace {
            find,
            with,
            occurrence,
        } => {
            let (s, n) = text::replace(t, find, with, *occurrence);
            (n > 0).then_some(s)
        }
        TextEdit::Rename { old, new, numbers } => {
            let r = inflect::rename(t, old, new, &inflect::RenameOptions { numbers: *numbers });
            diags.extend(r.diagnostics);
            (!r.hits.is_empty()).then_some(r.text)
        }
        TextEdit::Delete { find } => {
            let (s, n) = text::delete(t, find);
            (n > 0).then_some(s)
        }
        TextEdit::Append { text: add } => Some(text::append(t, add)),
        TextEdit::AppendSentence { text: add } => Some(text::append_sentence(t, add)),
        TextEdit::InsertAfter { anchor, text: add } => {
            let (s, n) = text::insert_at(t, anchor, add, true);
            (n > 0).then_some(s)
        }
        TextEdit::InsertBefore { anchor, text: add } => {
            let (s, n) = text::insert_at(t, anchor, add, false);
            (n > 0).then_some(s)
        }
        TextEdit::Set { text: new } => Some(new.trim().to_string()),
    }
}

/// A map from unit ids to values: ids are dense (`0..next_id`), so a vector beats hashing.
struct ById<T>(Vec<Option<T>>);

impl<T: Copy> ById<T> {
    fn empty(len: usize) -> ById<T> {
        ById(vec![None; len])
    }

    fn new<'e>(ed: &'e Edition, f: impl Fn(usize, &'e Unit) -> T) -> ById<T> {
        let mut m = ById::empty(ed.next_id as usize);
        for (i, u) in ed.units.iter().enumerate() {
            m.insert(u.id, f(i, u));
        }
        m
    }

    fn get(&self, id: &UnitId) -> Option<&T> {
        self.0.get(id.0 as usize).and_then(Option::as_ref)
    }

    fn insert(&mut self, id: UnitId, value: T) {
        let i = id.0 as usize;
        if i >= self.0.len() {
            self.0.resize(i + 1, None);
        }
        self.0[i] = Some(value);
    }
}

/// Whether `id` lies in the subtree of `root` (parents map of the edition).
fn in_subtree(parents: &ById<Option<UnitId>>, mut id: UnitId, root: UnitId) -> bool {
    loop {
        if id == root {
            return true;
        }
        match parents.get(&id).copied().flatten() {
            Some(p) => id = p,
            None => return false,
        }
    }
}

/// Positions of units by id: built once per phase (units move only between phases).
fn positions(ed: &Edition) -> ById<usize> {
    ById::new(ed, |i, _| i)
}

fn parent_map(ed: &Edition) -> ById<Option<UnitId>> {
    ById::new(ed, |_, u| u.parent)
}

/// The end (exclusive) of the subtree of the unit at `start`: a unit's descendants follow it.
fn subtree_end(ed: &Edition, parents: &ById<Option<UnitId>>, start: usize) -> usize {
    let root = ed.units[start].id;
    let mut end = start + 1;
    while end < ed.units.len() && in_subtree(parents, ed.units[end].id, root) {
        end += 1;
    }
    end
}

/// The change log being built, one entry per action and unit, keyed by the plan's own strings
/// (no allocation per action); sorted and grouped at the end.
type ChangeKey<'p> = (&'p str, u32, &'p str, ChangeKind);
type Changes<'p> = Vec<(ChangeKey<'p>, UnitId)>;

fn record<'p>(changes: &mut Changes<'p>, a: &'p crate::ir::Action, kind: ChangeKind, unit: UnitId) {
    changes.push(((a.item.as_str(), a.line, a.op.as_str(), kind), unit));
}

/// Give a unit new paragraphs in place of some of its own (`(index, text)`; an index past the
/// end adds empty paragraphs up to it), copying the unit only if another edition shares it,
/// and then without copying the paragraphs being replaced.
fn set_paras(slot: &mut Arc<Unit>, new: Edited) {
    fn put(paras: &mut Vec<String>, i: usize, t: String) {
        if i >= paras.len() {
            paras.resize(i + 1, String::new());
        }
        if let Some(p) = paras.get_mut(i) {
            *p = t;
        }
    }
    let new = match new {
        Edited::One(i, t) => {
            if let Some(u) = Arc::get_mut(slot) {
                put(&mut u.paras, i, t);
                return;
            }
            vec![(i, t)]
        }
        Edited::Many(v) => v,
    };
    if let Some(u) = Arc::get_mut(slot) {
        for (i, t) in new {
            put(&mut u.paras, i, t);
        }
        return;
    }
    let u: &Unit = slot;
    let mut new: Vec<(usize, Option<String>)> =
        new.into_iter().map(|(i, t)| (i, Some(t))).collect();
    let mut paras: Vec<String> = u
        .paras
        .iter()
        .enumerate()
        .map(|(k, p)| {
            match new
                .iter_mut()
                .rev()
                .find(|(i, _)| *i == k)
                .and_then(|(_, t)| t.take())
            {
                Some(t) => t,
                None => p.clone(),
            }
        })
        .collect();
    for (i, t) in new {
        if let Some(t) = t
            && i >= u.paras.len()
        {
            put(&mut paras, i, t);
        }
    }
    *slot = Arc::new(Unit {
        id: u.id,
        parent: u.parent,
        kind: u.kind,
        number: u.number.clone(),
        word: u.word.clone(),
        paras,
        notes: u.notes.clone(),
    });
}

/// The paragraphs an edit changes: `(index, new text)`.
enum Edited {
    One(usize, String),
    Many(Vec<(usize, String)>),
}

/// An edit of one unit, computed from the unit as it stands, or None when it found nothing to
/// change.
fn edit_unit(u: &Unit, part: Part, edit: &TextEdit, local: &mut Vec<Diagnostic>) -> Option<Edited> {
    match part {
        Part::Para(i) => {
            let new = u.paras.get(i).and_then(|t| edit_text(t, edit, local))?;
            Some(Edited::One(i, new))
        }
        Part::Whole => {
            let new: Vec<(usize, String)> = u
                .paras
                .iter()
                .enumerate()
                .filter_map(|(i, t)| edit_text(t, edit, local).map(|n| (i, n)))
                .collect();
            (!new.is_empty()).then_some(Edited::Many(new))
        }
        Part::Cell(c) => {
            let mut cells: Vec<&str> = u.cells();
            let new = cells.get(c).and_then(|t| edit_text(t, edit, local))?;
            if let Some(slot) = cells.get_mut(c) {
                *slot = &new;
            }
            let joined = cells.join("\t");
            Some(Edited::One(0, joined))
        }
    }
}

/// Apply a plan to the edition it was resolved against.
///
/// The new edition shares every unit it does not change with `edition` (`Arc`): copying it
/// costs a pointer per unit, and each action finds its unit through an index by id.
pub fn apply(edition: &Edition, plan: &Plan) -> Result<Applied, Vec<Diagnostic>> {
    let mut ed = edition.clone();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut changes: Changes = Vec::new();
    type WarnKey = (String, &'static str, String);
    let mut warned: Vec<(WarnKey, Diagnostic, Vec<String>)> = Vec::new();
    // The (item, unit, part) triples edited so far, filled in only when an edit fails (rare):
    // `scanned` actions have been entered.
    let mut touched_by_item: HashSet<(&str, UnitId, Part)> = HashSet::new();
    let mut scanned = 0;

    // 1. Word edits, restatements, paragraphs.
    let pos = positions(&ed);
    for (k, a) in plan.actions.iter().enumerate() {
        let (unit, kind) = match &a.kind {
            ActionKind::Edit { unit, .. }
            | ActionKind::Restate { unit, .. }
            | ActionKind::DeleteParas { unit, .. }
            | ActionKind::AddParas { unit, .. } => (*unit, ChangeKind::Substitution),
            _ => continue,
        };
        let Some(&p) = pos.get(&unit) else {
            errors.push(missing(unit).for_item(a.item.clone()));
            continue;
        };
        match &a.kind {
            ActionKind::Edit { part, edit, .. } => {
                let mut local = Vec::new();
                let new = edit_unit(&ed.units[p], *part, edit, &mut local);
                let done = new.is_some();
                if let Some(new) = new {
                    set_paras(&mut ed.units[p], new);
                }
                if !local.is_empty() {
                    let label = ed.units[p].number.to_string();
                    for d in local {
                        // One warning per message and item, naming every unit it concerns.
                        let key = (a.item.clone(), d.code, d.message.uk.clone());
                        match warned.iter().position(|(k, _, _)| *k == key) {
                            Some(i) => warned[i].2.push(label.clone()),
                            None => {
                                warned.push((key, d.for_item(a.item.clone()), vec![label.clone()]))
                            }
                        }
                    }
                }
                if !done {
                    // An earlier pair of the same item may have consumed the words (`слова
                    // «загальний відділ …» …, а слова «відділ …» …`): nothing left to change
                    // is then no error.
                    for b in &plan.actions[scanned..k] {
                        if let ActionKind::Edit { unit, part, .. } = &b.kind
                            && pos.get(unit).is_some()
                        {
                            touched_by_item.insert((b.item.as_str(), *unit, *part));
                        }
                    }
                    scanned = k;
                    let consumed = touched_by_item.contains(&(a.item.as_str(), unit, *part));
                    if !consumed {
                        let label = ed.units[p].number.to_string();
                        errors.push(
                            Diagnostic::error(
                                "Z501",
                                format!("зміну до {label} не вдалося виконати: потрібних слів уже немає (їх змінив інший пункт цього рішення)"),
                                format!("the edit of {label} found nothing to change: another item of this decision already changed those words"),
                            )
                            .for_item(a.item.clone()),
                        );
                    }
                }
            }
            ActionKind::Restate { paras, .. } => {
                let slot = &mut ed.units[p];
                match Arc::get_mut(slot) {
                    Some(u) => u.paras = paras.clone(),
                    None => {
                        let u: &Unit = slot;
                        *slot = Arc::new(Unit {
                            paras: paras.clone(),
                            notes: u.notes.clone(),
                            word: u.word.clone(),
                            number: u.number.clone(),
                            ..*u
                        });
                    }
                }
            }
            ActionKind::DeleteParas { paras, .. } => {
                let u: &mut Unit = Arc::make_mut(&mut ed.units[p]);
                let mut ps = paras.clone();
                ps.sort_unstable();
                ps.dedup();
                for i in ps.into_iter().rev() {
                    if i < u.paras.len() {
                        u.paras.remove(i);
                    }
                }
            }
            ActionKind::AddParas { at, paras, .. } => {
                let u: &mut Unit = Arc::make_mut(&mut ed.units[p]);
                let at = (*at).min(u.paras.len());
                for (k, p) in paras.iter().enumerate() {
                    u.paras.insert(at + k, p.clone());
                }
            }
            _ => {}
        }
        record(&mut changes, a, kind, unit);
    }

    for (_, d, units) in warned {
        let list = units.join(", ");
        warnings.push(d.hint(format!("одиниці: {list}"), format!("units: {list}")));
    }

    // 2. Deletions.
    let has = |f: fn(&ActionKind) -> bool| plan.actions.iter().any(|a| f(&a.kind));
    // The units deleted with their subtrees (a set by id).
    let mut gone: ById<()> = ById::empty(0);
    if has(|k| matches!(k, ActionKind::Delete { .. })) {
        let parents = parent_map(&ed);
        let mut any_gone = false;
        for a in &plan.actions {
            let ActionKind::Delete { unit, keep_number } = &a.kind else {
                continue;
            };
            let Some(&p) = pos.get(unit) else {
                errors.push(missing(*unit).for_item(a.item.clone()));
                continue;
            };
            // The subtree follows the unit in document order.
            for u in &ed.units[p + 1..subtree_end(&ed, &parents, p)] {
                gone.insert(u.id, ());
                any_gone = true;
            }
            if *keep_number {
                let u = Arc::make_mut(&mut ed.units[p]);
                u.paras.clear();
                u.notes.clear();
            } else {
                gone.insert(*unit, ());
                any_gone = true;
            }
            record(&mut changes, a, ChangeKind::Repeal, *unit);
        }
        if any_gone {
            ed.units.retain(|u| gone.get(&u.id).is_none());
        }
    }

    // 3. Renumbering, from the old numbers at once.
    if has(|k| matches!(k, ActionKind::Renumber { .. })) {
        let old: ById<&crate::ir::Number> = ById::new(edition, |_, u| &u.number);
        let old_number = |id: &UnitId| old.get(id).copied().filter(|_| gone.get(id).is_none());
        // The new numbers, by unit id (an index into `renum`; a later one wins).
        let mut renum_ix: ById<usize> = ById::empty(0);
        let mut renum: Vec<crate::ir::Number> = Vec::new();
        for a in &plan.actions {
            if let ActionKind::Renumber { unit, to } = &a.kind {
                if old_number(unit).is_none() {
                    errors.push(missing(*unit).for_item(a.item.clone()));
                    continue;
                }
                match renum_ix.get(unit) {
                    Some(&i) => renum[i] = to.clone(),
                    None => {
                        renum_ix.insert(*unit, renum.len());
                        renum.push(to.clone());
                    }
                }
                record(&mut changes, a, ChangeKind::Renumbering, *unit);
            }
        }
        if !renum.is_empty() {
            let parents = parent_map(&ed);
            let to_of = |id: &UnitId| renum_ix.get(id).and_then(|&i| renum.get(i));
            for u in &mut ed.units {
                if let Some(to) = to_of(&u.id) {
                    Arc::make_mut(u).number = to.clone();
                    continue;
                }
                // The nearest renumbered ancestor whose old number this one embeds.
                let mut cur = parents.get(&u.id).copied().flatten();
                while let Some(p) = cur {
                    if let Some(to) = to_of(&p) {
                        if let Some(n) = old_number(&p)
                            .zip(old_number(&u.id))
                            .and_then(|(o, mine)| mine.rebase(o, to))
                        {
                            Arc::make_mut(u).number = n;
                        }
                        break;
                    }
                    cur = parents.get(&p).copied().flatten();
                }
            }
        }
    }

    // 4. Insertions, in number order, among their new siblings.
    let mut inserts: Vec<&crate::ir::Action> = plan
        .actions
        .iter()
        .filter(|a| matches!(a.kind, ActionKind::Insert { .. }))
        .collect();
    inserts.sort_by(|a, b| match (&a.kind, &b.kind) {
        (ActionKind::Insert { number: x, .. }, ActionKind::Insert { number: y, .. }) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    let mut new_ids: BTreeMap<(Option<UnitId>, crate::ir::Number), UnitId> = BTreeMap::new();
    let mut parents = if inserts.is_empty() {
        ById(Vec::new())
    } else {
        parent_map(&ed)
    };
    // Positions by id (the first unit with an id), shifted as units are inserted.
    let mut ipos: ById<usize> = ById::empty(0);
    if !inserts.is_empty() {
        ipos = ById::empty(ed.next_id as usize);
        for (i, u) in ed.units.iter().enumerate() {
            if ipos.get(&u.id).is_none() {
                ipos.insert(u.id, i);
            }
        }
    }
    for a in inserts {
        let ActionKind::Insert {
            number,
            kind,
            parent,
            paras,
        } = &a.kind
        else {
            continue;
        };
        // The parent by the index of positions (kept up to date below), its siblings inside
        // its subtree.
        let ppos = parent.and_then(|p| {
            ipos.get(&p)
                .copied()
                .filter(|&i| ed.units.get(i).is_some_and(|u| u.id == p))
                .or_else(|| ed.units.iter().position(|u| u.id == p))
        });
        if parent.is_some() && ppos.is_none() {
            if let Some(p) = parent {
                errors.push(missing(*p).for_item(a.item.clone()));
            }
            continue;
        }
        // Before the first sibling with a greater number; else after the parent's subtree.
        let (from, to) = match ppos {
            Some(s) => (s + 1, subtree_end(&ed, &parents, s)),
            None => (0, ed.units.len()),
        };
        let at = ed.units[from..to]
            .iter()
            .position(|u| u.parent == *parent && u.number > *number)
            .map_or(to, |i| from + i);
        let id = ed.fresh_id();
        ed.units.insert(
            at,
            Arc::new(Unit {
                id,
                parent: *parent,
                kind: *kind,
                number: number.clone(),
                word: None,
                paras: paras.clone(),
                notes: Vec::new(),
            }),
        );
        for q in ipos.0.iter_mut().flatten() {
            if *q >= at {
                *q += 1;
            }
        }
        ipos.insert(id, at);
        parents.insert(id, *parent);
        new_ids.insert((*parent, number.clone()), id);
        record(&mut changes, a, ChangeKind::Insertion, id);
    }

    // 5. Notes (an index when there are many; positions no longer move).
    let index = (plan.notes.len() > 8).then(|| positions(&ed));
    for n in &plan.notes {
        let target = match &n.attach {
            Attach::Document => {
                ed.notes.push(n.text.clone());
                continue;
            }
            Attach::Unit(id) => Some(*id),
            Attach::New(p, num) => new_ids.get(&(*p, num.clone())).copied(),
        };
        let p = match &index {
            Some(ix) => target.and_then(|id| ix.get(&id).copied()),
            None => target.and_then(|id| ed.units.iter().position(|u| u.id == id)),
        };
        match p {
            Some(p) => Arc::make_mut(&mut ed.units[p]).notes.push(n.text.clone()),
            None => ed.notes.push(n.text.clone()),
        }
    }

    // 6. Check: siblings touched by the plan are unique and increasing.
    let old_parents =
        has(|k| matches!(k, ActionKind::Renumber { .. })).then(|| parent_map(edition));
    let old_parent = |id: UnitId| {
        old_parents
            .as_ref()
            .and_then(|m| m.get(&id).copied())
            .flatten()
    };
    let touched: BTreeSet<Option<UnitId>> = plan
        .actions
        .iter()
        .filter_map(|a| match &a.kind {
            ActionKind::Insert { parent, .. } => Some(*parent),
            ActionKind::Renumber { unit, .. } => Some(old_parent(*unit)),
            _ => None,
        })
        .collect();
    // The touched parents' children's numbers, in one pass.
    let mut siblings: BTreeMap<Option<UnitId>, Vec<&crate::ir::Number>> =
        touched.into_iter().map(|p| (p, Vec::new())).collect();
    if !siblings.is_empty() {
        for u in &ed.units {
            if let Some(v) = siblings.get_mut(&u.parent) {
                v.push(&u.number);
            }
        }
    }
    for nums in siblings.values() {
        if let Some(w) = nums.windows(2).find(|w| w[0] >= w[1]) {
            errors.push(Diagnostic::error(
                "Z503",
                format!(
                    "після змін номери {} і {} ідуть не по порядку або повторюються",
                    w[0], w[1]
                ),
                format!(
                    "after the changes, numbers {} and {} are out of order or repeated",
                    w[0], w[1]
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    ed.decisions.push(plan.decision.clone());
    changes.sort_unstable();
    changes.dedup();
    let mut grouped: Vec<Change> = Vec::new();
    for ((item, line, op, kind), unit) in changes {
        match grouped.last_mut() {
            Some(c) if c.item == item && c.line == line && c.op == op && c.kind == kind => {
                c.units.push(unit)
            }
            _ => grouped.push(Change {
                decision: plan.decision.id.clone(),
                item: item.to_string(),
                line,
                op: op.to_string(),
                kind,
                units: vec![unit],
            }),
        }
    }
    let changes = grouped;
    Ok(Applied {
        edition: ed,
        changes,
        diagnostics: warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Action, Date, DecisionRef, Number, UnitKind};

    fn unit(id: u32, n: u32, paras: &[&str]) -> Arc<Unit> {
        Arc::new(Unit {
            id: UnitId(id),
            parent: None,
            kind: UnitKind::Row,
            number: Number::decimal(&[n]),
            word: None,
            paras: paras.iter().map(|s| s.to_string()).collect(),
            notes: vec!["примітка".into()],
        })
    }

    fn edit(unit: u32, part: Part, edit: TextEdit) -> Action {
        Action {
            item: "1".into(),
            line: 1,
            op: "replace_words".into(),
            kind: ActionKind::Edit {
                unit: UnitId(unit),
                part,
                edit,
            },
        }
    }

    fn replace(find: &str, with: &str) -> TextEdit {
        TextEdit::Replace {
            find: find.into(),
            with: with.into(),
            occurrence: None,
        }
    }

    /// Units are copied on their first edit (shared with the old edition) and changed in place
    /// on the next; an empty unit's cell edit gives it its first paragraph; the old edition
    /// stays as it was.
    #[test]
    fn edits_copy_shared_units_once() {
        let mut ed = Edition::empty("d/1");
        ed.units = vec![
            unit(1, 1, &["альфа\tбета", "бета гама"]),
            unit(2, 2, &[]),
            unit(3, 3, &["дельта"]),
        ];
        ed.next_id = 4;
        let before = ed.clone();
        let plan = Plan {
            document: "d/1".into(),
            decision: DecisionRef {
                id: "2030-01-01-1".into(),
                date: Date::new(2030, 1, 1).expect("date"),
                number: "1".into(),
            },
            actions: vec![
                edit(1, Part::Whole, replace("бета", "БЕТА")),
                edit(1, Part::Para(1), replace("гама", "ГАМА")),
                edit(1, Part::Cell(0), replace("альфа", "АЛЬФА")),
                edit(
                    2,
                    Part::Cell(0),
                    TextEdit::Append {
                        text: "нове".into(),
                    },
                ),
            ],
            notes: Vec::new(),
        };
        let out = apply(&ed, &plan).expect("applies");
        let paras = |e: &Edition, i: usize| e.units[i].paras.clone();
        assert_eq!(paras(&out.edition, 0), ["АЛЬФА\tБЕТА", "БЕТА ГАМА"]);
        assert_eq!(paras(&out.edition, 1), ["нове"]);
        assert_eq!(out.edition.units[0].notes, ["примітка"]);
        assert!(Arc::ptr_eq(&out.edition.units[2], &ed.units[2]));
        assert_eq!(ed, before);
        assert_eq!(out.changes.len(), 1);
        assert_eq!(out.changes[0].units, [UnitId(1), UnitId(2)]);
    }
}
