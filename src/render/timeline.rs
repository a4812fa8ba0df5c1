//! A document's units across its editions, computed once per document in one pass: each
//! unit's `p…` anchor and wording edition by edition, and the Akoma Ntoso `eId` it had when it
//! disappeared. An edition page then costs time in proportion to its own size, not to the
//! number of editions before it (rendering every edition of a document is linear, not
//! quadratic, in the number of editions).
//!
//! Invariant: for every unit id and every edition index `j`, the answers equal what a scan of
//! editions `0..=j` would give (`label::number_anchors`, `label::eids`, the unit's number and
//! paragraphs), which is how the pages were computed before this index existed.

use super::label;
use crate::ir::{Edition, Unit, UnitId};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// One unit's history.
struct Track {
    id: UnitId,
    /// From edition `.0` on, the unit's `p…` anchor is `.1` (None: absent, or no unique path).
    anchors: Vec<(usize, Option<String>)>,
    /// From edition `.0` on, the unit reads `.1` (None: absent). A new entry only when the
    /// number or the paragraphs change, or the unit comes back after an absence.
    wordings: Vec<(usize, Option<Arc<Unit>>)>,
    /// For each disappearance: the last edition that had the unit, and its `eId` there.
    gone: Vec<(usize, String)>,
    /// Its number path ([`label::number_path`]) in the latest edition that had it.
    path: String,
    /// The edition in which `path` last changed.
    path_changed: usize,
    /// The latest edition index that had it.
    seen: usize,
    /// Whether the latest edition processed had it.
    present: bool,
}

/// Every unit of one document across its editions (oldest first).
#[derive(Default)]
pub struct Timeline {
    tracks: Vec<Track>,
    index: HashMap<UnitId, usize>,
}

/// Whether two wordings differ in what a reader sees (number or paragraphs).
fn same_wording(a: &Arc<Unit>, b: &Arc<Unit>) -> bool {
    Arc::ptr_eq(a, b) || (a.number == b.number && a.paras == b.paras)
}

impl Timeline {
    /// Build the timeline of `editions` (a document's editions, oldest first). Editions share
    /// unchanged units (`Arc`), so a unit whose pointer and parent's path did not change keeps
    /// its path without recomputing it: each edition costs a lookup per unit, and formatting
    /// only for what changed.
    pub fn new(editions: &[&Edition]) -> Timeline {
        let mut tracks: Vec<Track> = Vec::new();
        let mut index: HashMap<UnitId, usize> = HashMap::new();
        // Per edition: the track of each unit in document order (repeated ids skipped).
        let mut order: Vec<usize> = Vec::new();
        for (j, e) in editions.iter().enumerate() {
            order.clear();
            for u in &e.units {
                let k = *index.entry(u.id).or_insert_with(|| {
                    tracks.push(Track {
                        id: u.id,
                        anchors: Vec::new(),
                        wordings: Vec::new(),
                        gone: Vec::new(),
                        path: String::new(),
                        path_changed: 0,
                        seen: 0,
                        present: false,
                    });
                    tracks.len() - 1
                });
                let Some(t) = tracks.get(k) else {
                    continue;
                };
                if t.present && t.seen == j {
                    // Ids are unique within an edition; a repeated one is not tracked twice.
                    continue;
                }
                // First seen, or back after an absence.
                let fresh = !(t.present && t.seen + 1 == j);
                // The parent's path in this edition, and whether it changed here (a parent
                // that is not in this edition counts as changed: the path then stands alone).
                let parent = u
                    .parent
                    .and_then(|p| index.get(&p))
                    .and_then(|&pk| tracks.get(pk))
                    .filter(|pt| pt.present && pt.seen == j);
                let parent_changed = match (u.parent, parent) {
                    (_, Some(pt)) => pt.path_changed == j,
                    (Some(_), None) => true,
                    (None, None) => false,
                };
                let same_unit = !fresh
                    && t.wordings
                        .last()
                        .and_then(|(_, w)| w.as_ref())
                        .is_some_and(|w| Arc::ptr_eq(w, u));
                let new_path = (!same_unit || parent_changed || fresh)
                    .then(|| label::number_path(&u.number, parent.map(|pt| pt.path.as_str())));
                let Some(t) = tracks.get_mut(k) else {
                    continue;
                };
                if let Some(p) = new_path
                    && (fresh || p != t.path)
                {
                    t.path = p;
                    t.path_changed = j;
                }
                let changed = match t.wordings.last() {
                    Some((_, Some(w))) if t.present => !same_wording(w, u),
                    _ => true,
                };
                if changed {
                    t.wordings.push((j, Some(u.clone())));
                }
                t.seen = j;
                t.present = true;
                order.push(k);
            }
            // Anchors: a path held by several units anchors only the first.
            let mut used: HashSet<&str> = HashSet::with_capacity(order.len());
            let anchored: Vec<bool> = order
                .iter()
                .map(|&k| tracks.get(k).is_some_and(|t| used.insert(t.path.as_str())))
                .collect();
            drop(used);
            for (&k, anchored) in order.iter().zip(anchored) {
                let Some(t) = tracks.get_mut(k) else {
                    continue;
                };
                let same = match t.anchors.last() {
                    Some((_, Some(a))) => anchored && a.strip_prefix('p') == Some(t.path.as_str()),
                    Some((_, None)) => !anchored,
                    None => false,
                };
                if !same {
                    let a = anchored.then(|| format!("p{}", t.path));
                    t.anchors.push((j, a));
                }
            }
            for t in tracks.iter_mut() {
                if t.present && t.seen != j {
                    t.present = false;
                    t.anchors.push((j, None));
                    t.wordings.push((j, None));
                    t.gone.push((t.seen, String::new()));
                }
            }
        }
        // The eIds of units that disappeared, in the last edition that had them: one pass over
        // each such edition.
        let mut wanted: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for (k, t) in tracks.iter().enumerate() {
            for (g, (last, _)) in t.gone.iter().enumerate() {
                wanted.entry(*last).or_default().push((k, g));
            }
        }
        for (j, who) in wanted {
            let Some(e) = editions.get(j) else {
                continue;
            };
            let mut eids = label::eids(e);
            for (k, g) in who {
                let eid = tracks
                    .get(k)
                    .and_then(|t| eids.remove(&t.id))
                    .unwrap_or_default();
                if let Some(slot) = tracks.get_mut(k).and_then(|t| t.gone.get_mut(g)) {
                    slot.1 = eid;
                }
            }
        }
        Timeline { tracks, index }
    }

    fn track(&self, id: UnitId) -> Option<&Track> {
        self.tracks.get(*self.index.get(&id)?)
    }

    /// The unit's `p…` anchor in edition `j`.
    pub fn anchor_at(&self, id: UnitId, j: usize) -> Option<&str> {
        let t = self.track(id)?;
        let k = t.anchors.partition_point(|(from, _)| *from <= j);
        t.anchors.get(k.checked_sub(1)?)?.1.as_deref()
    }

    /// The unit's anchors in editions `0..upto` that differ from `current`, edition by edition
    /// (`(j, anchor)` for every such `j`, oldest first).
    pub fn old_anchors<'a>(
        &'a self,
        id: UnitId,
        upto: usize,
        current: Option<&'a str>,
    ) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let runs = self.track(id).map_or(&[][..], |t| &t.anchors[..]);
        runs.iter().enumerate().flat_map(move |(k, (from, a))| {
            let to = runs.get(k + 1).map_or(upto, |(n, _)| (*n).min(upto));
            let a = a.as_deref().filter(|a| Some(*a) != current);
            (*from..to).filter_map(move |j| a.map(|a| (j, a)))
        })
    }

    /// The unit's wordings in editions `0..=upto`: `(j, Some(unit))` where it first appears or
    /// reads differently, `(j, None)` where it is absent.
    pub fn wordings(
        &self,
        id: UnitId,
        upto: usize,
    ) -> impl Iterator<Item = (usize, Option<&Unit>)> + '_ {
        self.track(id)
            .map_or(&[][..], |t| &t.wordings[..])
            .iter()
            .take_while(move |(j, _)| *j <= upto)
            .map(|(j, u)| (*j, u.as_deref()))
    }

    /// For a unit absent from edition `i`: the newest edition before `i` that had it, and its
    /// `eId` there.
    pub fn gone_eid(&self, id: UnitId, i: usize) -> Option<(usize, &str)> {
        self.track(id)?
            .gone
            .iter()
            .rev()
            .find(|(last, _)| *last < i)
            .map(|(last, eid)| (*last, eid.as_str()))
    }
}
