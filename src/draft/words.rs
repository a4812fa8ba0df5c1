//! Word-level edits inside one unit: the word diff of its paragraphs, each change turned into the
//! shortest formula whose anchor occurs exactly once in the unit (whole words), checked by
//! running the applier's own text functions on it.

use crate::apply::text;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One word-level edit, as a formula says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordEdit {
    /// `слова «find» замінити словами «with»`
    Replace { find: String, with: String },
    /// `після слів «anchor» доповнити словами «text»`
    InsertAfter { anchor: String, text: String },
    /// `перед словами «anchor» доповнити словами «text»`
    InsertBefore { anchor: String, text: String },
    /// `доповнити словами «text»` (at the end, before the final stop)
    Append { text: String },
    /// `слова «find» виключити`
    Delete { find: String },
}

impl WordEdit {
    /// The characters the formula quotes (to compare with a restatement).
    pub fn quoted_len(&self) -> usize {
        match self {
            WordEdit::Replace { find, with } => find.chars().count() + with.chars().count(),
            WordEdit::InsertAfter { anchor, text } | WordEdit::InsertBefore { anchor, text } => {
                anchor.chars().count() + text.chars().count()
            }
            WordEdit::Append { text } => text.chars().count(),
            WordEdit::Delete { find } => find.chars().count(),
        }
    }
}

/// The tunable limits of word-level drafting (documented in README.md).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// At most this many separate changes in one unit are drafted as words (several pairs of
    /// one `замінити` item); more, and the unit is restated.
    pub max_hunks: usize,
    /// Restate when more than this share (percent) of the unit's words (old and new counted
    /// together) are changed.
    pub max_changed_percent: usize,
    /// Anchors grow word by word up to this many words of context on each side.
    pub max_context: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_hunks: 3,
            max_changed_percent: 70,
            max_context: 6,
        }
    }
}

/// Tokens: words (letters, digits, apostrophes, inner hyphens), runs of whitespace, or one other
/// character each.
pub fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b: Vec<(usize, char)> = s.char_indices().collect();
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ');
    let mut i = 0;
    while i < b.len() {
        let (start, c) = b[i];
        let mut j = i + 1;
        if is_word(c) {
            while j < b.len() {
                let d = b[j].1;
                if is_word(d) || (matches!(d, '-' | '‑') && j + 1 < b.len() && is_word(b[j + 1].1))
                {
                    j += 1;
                } else {
                    break;
                }
            }
        } else if c.is_whitespace() {
            while j < b.len() && b[j].1.is_whitespace() {
                j += 1;
            }
        }
        let end = if j < b.len() { b[j].0 } else { s.len() };
        out.push(&s[start..end]);
        i = j;
    }
    out
}

fn is_wordy(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_alphanumeric)
}

/// A changed stretch: token ranges in the old and the new paragraph.
#[derive(Clone, Copy, Debug)]
struct Hunk {
    o: (usize, usize),
    n: (usize, usize),
}

fn hunks(old: &[&str], new: &[&str]) -> Vec<Hunk> {
    let ops = capture_diff_slices(Algorithm::Patience, old, new);
    let mut out: Vec<Hunk> = Vec::new();
    for op in ops {
        let (o, n) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => ((old_index, old_index + old_len), (new_index, new_index)),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => ((old_index, old_index), (new_index, new_index + new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                (old_index, old_index + old_len),
                (new_index, new_index + new_len),
            ),
        };
        // Merge with the previous hunk when only whitespace or one short token lies between.
        if let Some(last) = out.last_mut() {
            let gap = &old[last.o.1..o.0];
            if gap.iter().all(|t| t.trim().is_empty())
                || (gap.len() <= 2 && !gap.iter().any(|t| is_wordy(t) && t.chars().count() > 3))
            {
                last.o.1 = o.1;
                last.n.1 = n.1;
                continue;
            }
        }
        out.push(Hunk { o, n });
    }
    out
}

fn word_count(t: &[&str]) -> usize {
    t.iter().filter(|x| is_wordy(x)).count()
}

/// Quotes that nest properly inside the text: never closed before opened (`Україні», «Про`
/// has as many of each but cannot stand inside another pair of quotes).
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '«' | '„' => depth += 1,
            '»' | '“' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && s.chars().filter(|&c| c == '"').count() % 2 == 0
}

fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Occurrences of a needle in the unit's paragraphs (folded, whole words), per paragraph.
fn counts(paras: &[String], needle: &str) -> Vec<usize> {
    paras
        .iter()
        .map(|p| text::find_all(p, needle).len())
        .collect()
}

fn unique_in(paras: &[String], needle: &str, at: usize) -> bool {
    let c = counts(paras, needle);
    c.iter().sum::<usize>() == 1 && c.get(at) == Some(&1)
}

/// Apply edits the way resolve and apply do with a whole-unit target: each edit goes to every
/// paragraph of the *original* text containing its needle (append: the last paragraph), then is
/// applied in order to the current text; a no-op fails.
pub fn simulate(orig: &[String], edits: &[WordEdit]) -> Option<Vec<String>> {
    let mut cur = orig.to_vec();
    for e in edits {
        let needle = match e {
            WordEdit::Replace { find, .. } | WordEdit::Delete { find } => Some(find.as_str()),
            WordEdit::InsertAfter { anchor, .. } | WordEdit::InsertBefore { anchor, .. } => {
                Some(anchor.as_str())
            }
            WordEdit::Append { .. } => None,
        };
        let targets: Vec<usize> = match needle {
            Some(n) => (0..orig.len())
                .filter(|&i| text::contains(&orig[i], n))
                .collect(),
            None => vec![orig.len().checked_sub(1)?],
        };
        if targets.is_empty() {
            return None;
        }
        for i in targets {
            let t = cur.get(i)?.clone();
            let new = match e {
                WordEdit::Replace { find, with } => {
                    let (s, n) = text::replace(&t, find, with, None);
                    (n > 0).then_some(s)?
                }
                WordEdit::Delete { find } => {
                    let (s, n) = text::delete(&t, find);
                    (n > 0).then_some(s)?
                }
                WordEdit::InsertAfter { anchor, text: add } => {
                    let (s, n) = text::insert_at(&t, anchor, add, true);
                    (n > 0).then_some(s)?
                }
                WordEdit::InsertBefore { anchor, text: add } => {
                    let (s, n) = text::insert_at(&t, anchor, add, false);
                    (n > 0).then_some(s)?
                }
                WordEdit::Append { text: add } => text::append(&t, add),
            };
            cur[i] = new;
        }
    }
    Some(cur)
}

/// Token span `[a, b)` widened by `l` words to the left and `r` to the right (whitespace and
/// punctuation between them come along); None when the paragraph has no more words there.
fn widen(toks: &[&str], a: usize, b: usize, l: usize, r: usize) -> Option<(usize, usize)> {
    let mut a = a;
    let mut need = l;
    while need > 0 {
        if a == 0 {
            return None;
        }
        a -= 1;
        if is_wordy(toks[a]) {
            need -= 1;
        }
    }
    let mut b = b;
    let mut need = r;
    while need > 0 {
        if b >= toks.len() {
            return None;
        }
        if is_wordy(toks[b]) {
            need -= 1;
        }
        b += 1;
    }
    Some((a, b))
}

/// Trim whitespace tokens from a span's ends.
fn trim_span(toks: &[&str], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && toks[a].trim().is_empty() {
        a += 1;
    }
    while b > a && toks[b - 1].trim().is_empty() {
        b -= 1;
    }
    (a, b)
}

fn join(toks: &[&str], a: usize, b: usize) -> String {
    toks[a..b].concat()
}

/// A stretch fit for a quote: whole words at both ends (a word character there must not touch
/// another in the paragraph), balanced quotes, at least one word.
fn quotable(toks: &[&str], a: usize, b: usize) -> bool {
    if a >= b {
        return false;
    }
    let s = join(toks, a, b);
    has_word(&s) && balanced(&s) && s.trim() == s
}

/// Candidate formulas for one hunk, best first; each must pass `check`.
fn hunk_candidates(
    ot: &[&str],
    nt: &[&str],
    h: Hunk,
    limits: &Limits,
    single: bool,
) -> Vec<WordEdit> {
    let mut out = Vec::new();
    let (os, oe) = h.o;
    let (ns, ne) = h.n;
    let ins = join(nt, ns, ne);
    if single {
        // Pure insertion.
        if os == oe && has_word(&ins) && balanced(&ins) {
            // At the end, before the final stop.
            let rest_old = join(ot, oe, ot.len());
            if rest_old.trim().chars().all(|c| !c.is_alphanumeric())
                && rest_old.trim().chars().count() <= 1
            {
                out.push(WordEdit::Append {
                    text: ins.trim().to_string(),
                });
            }
            for k in 1..=limits.max_context {
                if let Some((a, _)) = widen(ot, os, os, k, 0) {
                    let (a, b) = trim_span(ot, a, os);
                    if quotable(ot, a, b) {
                        out.push(WordEdit::InsertAfter {
                            anchor: join(ot, a, b),
                            text: ins.trim().to_string(),
                        });
                    }
                }
                if let Some((_, b)) = widen(ot, oe, oe, 0, k) {
                    let (a, b) = trim_span(ot, oe, b);
                    if quotable(ot, a, b) {
                        out.push(WordEdit::InsertBefore {
                            anchor: join(ot, a, b),
                            text: ins.trim().to_string(),
                        });
                    }
                }
            }
        }
        // Pure deletion.
        if ns == ne {
            let (a, b) = trim_span(ot, os, oe);
            if quotable(ot, a, b) {
                out.push(WordEdit::Delete {
                    find: join(ot, a, b),
                });
            }
        }
    }
    // Replacement with growing context.
    for k in 0..=limits.max_context {
        for (l, r) in [(k, k), (k, 0), (0, k), (k + 1, k), (k, k + 1)] {
            let Some((a, b)) = widen(ot, os, oe, l, r) else {
                continue;
            };
            let (a, b) = trim_span(ot, a, b);
            // The same context around the new words.
            let left = os - a.min(os);
            let right = b.saturating_sub(oe);
            let (na, nb) = (ns.saturating_sub(left), (ne + right).min(nt.len()));
            if ns < left || ne + right > nt.len() {
                continue;
            }
            let (na2, nb2) = trim_span(nt, na, nb);
            if !quotable(ot, a, b) || !quotable(nt, na2, nb2) {
                continue;
            }
            out.push(WordEdit::Replace {
                find: join(ot, a, b),
                with: join(nt, na2, nb2),
            });
        }
    }
    out
}

/// The word edits that turn `old` paragraphs into `new` ones, or None when the change should
/// be restated (too large, paragraphs added or removed, or no formula reproduces it exactly).
pub fn edits(old: &[String], new: &[String], limits: &Limits) -> Option<Vec<WordEdit>> {
    if old.len() != new.len() || old == new {
        return None;
    }
    // Changed paragraphs and their hunks.
    let mut plan: Vec<(usize, Vec<Hunk>)> = Vec::new();
    let mut changed = 0;
    let mut total = 0;
    for (i, (o, n)) in old.iter().zip(new).enumerate() {
        let ot = tokens(o);
        let nt = tokens(n);
        total += word_count(&ot) + word_count(&nt);
        if o == n {
            continue;
        }
        let hs = hunks(&ot, &nt);
        for h in &hs {
            changed += word_count(&ot[h.o.0..h.o.1]) + word_count(&nt[h.n.0..h.n.1]);
        }
        plan.push((i, hs));
    }
    let nh: usize = plan.iter().map(|(_, h)| h.len()).sum();
    if nh == 0 || nh > limits.max_hunks || changed * 100 > total * limits.max_changed_percent {
        return None;
    }
    let new_len: usize = new.iter().map(|p| p.chars().count()).sum();
    let single = nh == 1;
    // Choose for each hunk the first candidate whose needle is unique in the unit; then check
    // the whole sequence reproduces the new text.
    let mut chosen: Vec<WordEdit> = Vec::new();
    for (i, hs) in &plan {
        let ot = tokens(&old[*i]);
        let nt = tokens(&new[*i]);
        // Later hunks first: earlier replacements then do not shift what later ones find.
        for h in hs.iter().rev() {
            let cands = hunk_candidates(&ot, &nt, *h, limits, single);
            let pick = cands.into_iter().find(|c| {
                let ok_needle = match c {
                    WordEdit::Replace { find, .. } | WordEdit::Delete { find } => {
                        unique_in(old, find, *i)
                    }
                    WordEdit::InsertAfter { anchor, .. }
                    | WordEdit::InsertBefore { anchor, .. } => unique_in(old, anchor, *i),
                    WordEdit::Append { .. } => *i + 1 == old.len(),
                };
                if !ok_needle {
                    return false;
                }
                if single {
                    return simulate(old, std::slice::from_ref(c)).as_deref() == Some(new);
                }
                true
            })?;
            chosen.push(pick);
        }
    }
    // Several edits: they must not overlap or create each other's needles.
    if simulate(old, &chosen).as_deref() != Some(new) {
        return None;
    }
    let quoted: usize = chosen.iter().map(WordEdit::quoted_len).sum();
    if quoted > new_len.max(40) {
        return None;
    }
    Some(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_must_nest() {
        assert!(balanced("Закону «Про звернення»"));
        assert!(!balanced("Україні», «Про"));
        assert!(!balanced("«Про"));
    }

    fn one(o: &str, n: &str) -> Option<Vec<WordEdit>> {
        edits(&[o.to_string()], &[n.to_string()], &Limits::default())
    }

    #[test]
    fn deletion_phrase() {
        let e = one(
            "що належать до компетенції місцевих органів виконавчої влади та органів місцевого самоврядування.",
            "що належать до компетенції органів місцевого самоврядування.",
        );
        assert_eq!(
            e,
            Some(vec![WordEdit::Delete {
                find: "місцевих органів виконавчої влади та".into()
            }])
        );
    }

    #[test]
    fn append_before_stop() {
        let e = one(
            "адресу та контактний номер телефону.",
            "адресу та контактний номер телефону, отримує згоду на обробку даних.",
        );
        assert_eq!(
            e,
            Some(vec![WordEdit::Append {
                text: ", отримує згоду на обробку даних".into()
            }])
        );
    }

    #[test]
    fn replacement_needs_unique_anchor() {
        let e = one(
            "Строк три дні, а також три дні на відповідь.",
            "Строк два дні, а також три дні на відповідь.",
        )
        .unwrap_or_default();
        assert_eq!(e.len(), 1);
        assert!(
            simulate(
                &["Строк три дні, а також три дні на відповідь.".to_string()],
                &e
            )
            .is_some()
        );
    }
}
