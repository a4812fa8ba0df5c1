//! Names the renderers share: slugs, anchors, identifiers and Ukrainian captions of units,
//! editions and decisions.
//!
//! # Anchors (HTML) and identifiers (Akoma Ntoso)
//! - `u17`: stable for a unit's life ([`UnitId`]); the same in every edition and in AKN's `wId`.
//! - `p5.2`: follows the unit's number in the edition shown (`p` + the number path: a decimal
//!   number of two or more levels stands alone, `1)` and `а)` labels and one-level numbers inside
//!   a numbered parent are prefixed by the parent's path and `_`: `p5.2_1_а`). When two units
//!   share a number (a drafting slip), only the first gets the `p` anchor; both keep `u…`.
//! - AKN `eId`: `sec_5__point_5.2`, each level `prefix_number` joined by `__`; a duplicate
//!   number gets `_dupN` on its level so that every `eId` is unique.

use crate::ir::{DecisionRef, Edition, Number, Unit, UnitId, UnitKind};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A document id as a folder name: `2023-03-22-326/1` → `2023-03-22-326-1`.
pub fn doc_slug(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches(|c| c == '-' || c == '.').to_string();
    if slug.is_empty() {
        "document".into()
    } else {
        slug
    }
}

/// A decision id as a folder name (the corpus folder names are already safe; this guards
/// against anything else).
pub fn decision_slug(id: &str) -> String {
    doc_slug(id)
}

/// The stable anchor of a unit: `u17`.
pub fn uid(id: UnitId) -> String {
    format!("u{}", id.0)
}

/// A number without a closing parenthesis (`1)` → `1`), for identifiers.
fn bare(number: &Number) -> String {
    let s = number.to_string();
    s.strip_suffix(')').map(str::to_string).unwrap_or(s)
}

/// The number as printed before the unit's text: `5.2.`, `IV.`, `1)`, `Розділ 5.`.
pub fn num_label(u: &Unit) -> String {
    let n = u.number.to_string();
    let n = if n.ends_with(')') { n } else { format!("{n}.") };
    match &u.word {
        Some(w) if !w.is_empty() => format!("{w} {n}"),
        _ => n,
    }
}

/// The unit word used in references: «розділ», «пункт», «підпункт», «позиція».
pub fn unit_word(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Section | UnitKind::HeadingRow => "розділ",
        UnitKind::Point => "пункт",
        UnitKind::Subpoint => "підпункт",
        UnitKind::Row => "пункт",
    }
}

/// A short reference to a unit: «п. 5.2», «розділ 5», «пп. 22.4.11».
pub fn unit_ref(u: &Unit) -> String {
    unit_ref_num(u.kind, &u.number)
}

/// A short reference to a unit of a kind under a number.
pub fn unit_ref_num(kind: UnitKind, number: &Number) -> String {
    let w = match kind {
        UnitKind::Section | UnitKind::HeadingRow => "розділ",
        UnitKind::Point | UnitKind::Row => "п.",
        UnitKind::Subpoint => "пп.",
    };
    format!("{w} {number}")
}

/// «рішення від 04.12.2023 № 1460».
pub fn decision_caption(d: &DecisionRef) -> String {
    format!("рішення від {} № {}", d.date.dmy(), d.number)
}

/// The edition's date as printed (`04.12.2023`), or «без дати».
pub fn edition_date(e: &Edition) -> String {
    e.as_of.map_or_else(|| "без дати".into(), |d| d.dmy())
}

/// «Редакція від 04.12.2023, підстава — рішення від 04.12.2023 № 1460».
pub fn edition_caption(e: &Edition) -> String {
    match e.decisions.last() {
        Some(d) => format!(
            "Редакція від {}, підстава — {}",
            edition_date(e),
            decision_caption(d)
        ),
        None => format!("Редакція від {}", edition_date(e)),
    }
}

/// The file stems of a document's editions (`2023-12-04`), oldest first: the date the edition
/// is in force from; a second edition on the same date gets `-2`, `-3`; an edition without a
/// date is named after its position (`edition-1`).
pub fn edition_stems(editions: &[&Edition]) -> Vec<String> {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    editions
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let base = e
                .as_of
                .map_or_else(|| format!("edition-{}", i + 1), |d| d.iso());
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { base } else { format!("{base}-{n}") }
        })
        .collect()
}

/// A unit's number path from its own number and its parent's path (None: no parent in the
/// edition): `5.2`, or `5.2_1` for a subpoint `1)` of point 5.2. Multi-level numbers stand alone.
pub fn number_path(number: &Number, parent_path: Option<&str>) -> String {
    let own = bare(number);
    let standalone = matches!(number, Number::Decimal(l) if l.len() >= 2) || parent_path.is_none();
    match (standalone, parent_path) {
        (false, Some(pp)) => format!("{pp}_{own}"),
        _ => own,
    }
}

/// The number path of every unit ([`number_path`]), in document order.
pub fn number_paths(e: &Edition) -> Vec<(UnitId, String)> {
    let mut index: HashMap<UnitId, usize> = HashMap::with_capacity(e.units.len());
    let mut out: Vec<(UnitId, String)> = Vec::with_capacity(e.units.len());
    for u in &e.units {
        let parent = u
            .parent
            .and_then(|p| index.get(&p))
            .and_then(|&i| out.get(i))
            .map(|(_, p)| p.as_str());
        let path = number_path(&u.number, parent);
        index.insert(u.id, out.len());
        out.push((u.id, path));
    }
    out
}

/// The `p…` anchor of every unit whose number path is unique in the edition (the first holder
/// wins): `p5.2`, `p5.2_1`.
pub fn number_anchors(e: &Edition) -> HashMap<UnitId, String> {
    let paths = number_paths(e);
    let mut used: HashSet<&str> = HashSet::with_capacity(paths.len());
    let mut out = HashMap::with_capacity(paths.len());
    for (id, p) in &paths {
        if used.insert(p.as_str()) {
            out.insert(*id, format!("p{p}"));
        }
    }
    out
}

/// The Akoma Ntoso element and `eId` prefix of a unit kind.
pub fn akn_element(kind: UnitKind) -> (&'static str, &'static str) {
    match kind {
        UnitKind::Section => ("section", "sec"),
        UnitKind::Point | UnitKind::Subpoint => ("point", "point"),
        UnitKind::Row => ("tr", "row"),
        UnitKind::HeadingRow => ("tr", "hrow"),
    }
}

/// The `eId` of every unit: `sec_5__point_5.2`, unique within the edition.
pub fn eids(e: &Edition) -> HashMap<UnitId, String> {
    let mut out: HashMap<UnitId, String> = HashMap::with_capacity(e.units.len());
    let mut used: HashSet<String> = HashSet::with_capacity(e.units.len());
    for u in &e.units {
        let (_, prefix) = akn_element(u.kind);
        let own = format!("{prefix}_{}", bare(&u.number));
        let base = match u.parent.and_then(|p| out.get(&p)) {
            Some(pe) if !matches!(u.kind, UnitKind::Row | UnitKind::HeadingRow) => {
                format!("{pe}__{own}")
            }
            _ => own,
        };
        let mut eid = base.clone();
        let mut n = 1;
        while used.contains(&eid) {
            n += 1;
            eid = format!("{base}_dup{n}");
        }
        used.insert(eid.clone());
        out.insert(u.id, eid);
    }
    out
}

/// Escape text for XML and HTML (`&`, `<`, `>`, `"`, `'`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: u32, parent: Option<u32>, kind: UnitKind, n: &str) -> Unit {
        Unit {
            id: UnitId(id),
            parent: parent.map(UnitId),
            kind,
            number: Number::parse(n).unwrap_or(Number::Paren(0)),
            word: None,
            paras: vec!["x".into()],
            notes: vec![],
        }
    }

    #[test]
    fn anchors_and_eids() {
        let mut e = Edition::empty("2023-03-22-326/1");
        e.units = vec![
            unit(1, None, UnitKind::Section, "2").into(),
            unit(2, Some(1), UnitKind::Point, "2.1").into(),
            unit(3, Some(2), UnitKind::Subpoint, "1)").into(),
            unit(4, None, UnitKind::Section, "2").into(),
            unit(5, Some(4), UnitKind::Point, "3.1").into(),
        ];
        let a = number_anchors(&e);
        assert_eq!(a.get(&UnitId(3)).map(String::as_str), Some("p2.1_1"));
        assert_eq!(a.get(&UnitId(4)), None);
        let ids = eids(&e);
        assert_eq!(
            ids.get(&UnitId(3)).map(String::as_str),
            Some("sec_2__point_2.1__point_1")
        );
        assert_eq!(ids.get(&UnitId(4)).map(String::as_str), Some("sec_2_dup2"));
        assert_eq!(doc_slug("2023-03-22-326/1"), "2023-03-22-326-1");
    }
}
