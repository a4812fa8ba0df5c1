//! Aligning the units of two editions: siblings are matched in order by number and text
//! similarity, so that a renumbered unit is recognised as moved (a `вважати` clause), not
//! deleted and inserted; matched units' children are aligned in turn.

use crate::ir::{Edition, Number, Unit, UnitId};
use std::collections::BTreeMap;

/// One step of a sibling alignment, in document order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The same unit in both editions (its number or text may differ).
    Matched(UnitId, UnitId),
    /// Only in the edition in force.
    Deleted(UnitId),
    /// Only in the edited text.
    Inserted(UnitId),
}

/// Children lists of an edition, by parent.
pub struct Tree<'a> {
    pub ed: &'a Edition,
    kids: BTreeMap<Option<UnitId>, Vec<usize>>,
    pos: BTreeMap<UnitId, usize>,
}

impl<'a> Tree<'a> {
    pub fn new(ed: &'a Edition) -> Tree<'a> {
        let mut kids: BTreeMap<Option<UnitId>, Vec<usize>> = BTreeMap::new();
        let mut pos = BTreeMap::new();
        for (i, u) in ed.units.iter().enumerate() {
            kids.entry(u.parent).or_default().push(i);
            pos.insert(u.id, i);
        }
        Tree { ed, kids, pos }
    }

    pub fn unit(&self, id: UnitId) -> Option<&'a Unit> {
        self.pos.get(&id).map(|&i| &*self.ed.units[i])
    }

    pub fn children(&self, parent: Option<UnitId>) -> Vec<&'a Unit> {
        self.kids
            .get(&parent)
            .map(|v| v.iter().map(|&i| &*self.ed.units[i]).collect())
            .unwrap_or_default()
    }

    /// The unit's own text and its descendants' (for similarity), at most `limit` words.
    pub fn signature(&self, u: &Unit, limit: usize) -> String {
        let mut words: Vec<&str> = Vec::new();
        let mut stack = vec![u];
        while let Some(x) = stack.pop() {
            for p in &x.paras {
                words.extend(p.split_whitespace());
            }
            if words.len() >= limit {
                break;
            }
            let mut ch = self.children(Some(x.id));
            ch.reverse();
            stack.extend(ch);
        }
        words.truncate(limit);
        words.join(" ")
    }
}

/// Whether a unit has content (a unit deleted without renumbering keeps only its number).
pub fn has_content(u: &Unit) -> bool {
    u.paras.iter().any(|p| !p.trim().is_empty())
}

fn same_shape(a: &Number, b: &Number) -> bool {
    match (a, b) {
        (Number::Decimal(x), Number::Decimal(y)) => x.len() == y.len(),
        (Number::Roman(_), Number::Roman(_))
        | (Number::Paren(_), Number::Paren(_))
        | (Number::Letter(_), Number::Letter(_)) => true,
        _ => false,
    }
}

/// Word-bag similarity (Dice): twice the shared words over all words.
fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let bag = |s: &str| {
        let mut m: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for w in s.split_whitespace() {
            *m.entry(w.to_lowercase()).or_default() += 1;
        }
        m
    };
    let (x, y) = (bag(a), bag(b));
    let total: usize = x.values().sum::<usize>() + y.values().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let common: usize = x
        .iter()
        .map(|(w, n)| (*n).min(y.get(w).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / total as f64
}

/// The minimum text similarity for matching units whose numbers differ.
pub const MOVE_SIMILARITY: f64 = 0.6;
/// An equal number scores `BONUS + (1 - BONUS) × similarity`: a unit keeps its number unless
/// identical text elsewhere says it moved.
const SAME_NUMBER_BONUS: f64 = 0.3;

/// Align two sibling lists: an order-preserving matching maximising the sum of scores, where a
/// pair scores its similarity (plus a bonus for an equal number) and pairs with another number
/// need at least [`MOVE_SIMILARITY`].
pub fn siblings(tb: &Tree, before: &[&Unit], ta: &Tree, after: &[&Unit]) -> Vec<Step> {
    let n = before.len();
    let m = after.len();
    let sb: Vec<String> = before.iter().map(|u| tb.signature(u, 200)).collect();
    let sa: Vec<String> = after.iter().map(|u| ta.signature(u, 200)).collect();
    let score = |i: usize, j: usize| -> Option<f64> {
        let (b, a) = (before[i], after[j]);
        if b.kind != a.kind || !same_shape(&b.number, &a.number) || b.word != a.word {
            return None;
        }
        let s = if b.kind == crate::ir::UnitKind::Row {
            // A row is named by its first cell; executors and deadlines repeat across rows.
            let (cb, ca) = (b.cells(), a.cells());
            let first = similarity(cb[0], ca[0]);
            let rest = similarity(&cb[1..].join(" "), &ca[1..].join(" "));
            0.7 * first + 0.3 * rest
        } else {
            similarity(&sb[i], &sa[j])
        };
        if b.number == a.number {
            Some(SAME_NUMBER_BONUS + (1.0 - SAME_NUMBER_BONUS) * s)
        } else if s >= MOVE_SIMILARITY {
            Some(s)
        } else {
            None
        }
    };
    // dp[i][j]: best score aligning before[i..] with after[j..].
    let mut dp = vec![vec![0.0f64; m + 1]; n + 1];
    let mut sc: Vec<Vec<Option<f64>>> = vec![vec![None; m]; n];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            sc[i][j] = score(i, j);
            let mut best = dp[i + 1][j].max(dp[i][j + 1]);
            if let Some(s) = sc[i][j] {
                best = best.max(s + dp[i + 1][j + 1]);
            }
            dp[i][j] = best;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m {
            if let Some(s) = sc[i][j]
                && (s + dp[i + 1][j + 1] - dp[i][j]).abs() < 1e-9
            {
                out.push(Step::Matched(before[i].id, after[j].id));
                i += 1;
                j += 1;
                continue;
            }
            if (dp[i + 1][j] - dp[i][j]).abs() < 1e-9 {
                out.push(Step::Deleted(before[i].id));
                i += 1;
            } else {
                out.push(Step::Inserted(after[j].id));
                j += 1;
            }
        } else if i < n {
            out.push(Step::Deleted(before[i].id));
            i += 1;
        } else {
            out.push(Step::Inserted(after[j].id));
            j += 1;
        }
    }
    out
}
