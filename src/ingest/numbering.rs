//! Automatic list numbering of DOCX paragraphs, rebuilt from `numbering.xml` and `styles.xml`.
//!
//! A paragraph is numbered by its own `w:numPr` (`w:numId`, `w:ilvl`) or by its paragraph
//! style's (`w:pStyle`, following `w:basedOn`). `w:numId` 0 switches numbering off. The
//! `w:num` names a `w:abstractNum` (following `w:numStyleLink` through a numbering style) and
//! may override levels (`w:lvlOverride` with `w:startOverride` or a whole `w:lvl`). A level
//! has `w:start`, `w:numFmt`, `w:lvlText` (`%1.%2.`), `w:suff` (tab, the default; space;
//! nothing), `w:lvlRestart` and `w:isLgl`.
//!
//! Counters: one set per abstract numbering, except that a `w:num` with overrides keeps its
//! own set (it is a restarted list), and applies its start overrides the first time it is
//! used. Numbering a paragraph at level L advances L and resets the deeper levels (unless
//! their `w:lvlRestart` says otherwise). A `%N` of a level not used yet shows its start value.
//!
//! Formats: decimal (and the other decimal-like ones: ordinal, cardinalText …), decimalZero,
//! upperRoman, lowerRoman, lowerLetter / upperLetter, russianLower / russianUpper, bullet,
//! none, and `custom` formats `001, 002, 003` and `а, б, в`. **lowerLetter and upperLetter
//! give Ukrainian letters** (а б в г ґ д е є ж з и і ї й к л м н о п р с т у ф х ц ч ш щ ю я,
//! then аа, бб …): Word draws Latin a, b, c, which in a Ukrainian decision stand for the
//! Cyrillic subpoint labels `а)`, `б)` that the parser expects and that look the same.

use super::xml::{self, Ev, Ns};
use crate::ir::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};

const LEVELS: usize = 9;

/// How a number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fmt {
    Decimal,
    DecimalZero(usize),
    UpperRoman,
    LowerRoman,
    UkLower,
    UkUpper,
    RuLower,
    RuUpper,
    Bullet,
    None,
}

#[derive(Clone, Debug)]
struct Level {
    start: i64,
    fmt: Fmt,
    text: String,
    suffix: &'static str,
    /// `w:lvlRestart`: restart after this (1-based) level; 0 never. `None`: after any
    /// shallower level.
    restart: Option<u32>,
    is_lgl: bool,
    pstyle: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            fmt: Fmt::Decimal,
            text: String::new(),
            suffix: "\t",
            restart: None,
            is_lgl: false,
            pstyle: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Abstract {
    levels: BTreeMap<usize, Level>,
    num_style_link: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    start_overrides: BTreeMap<usize, i64>,
    level_overrides: BTreeMap<usize, Level>,
}

#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// Numbering definitions of one document and the running counters.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: BTreeMap<String, Abstract>,
    nums: BTreeMap<String, Num>,
    styles: BTreeMap<String, Style>,
    default_style: Option<String>,
    counters: BTreeMap<String, [Option<i64>; LEVELS]>,
    seen: BTreeSet<String>,
}

/// What a paragraph says about its numbering.
#[derive(Clone, Debug, Default)]
pub(super) struct ParaNum {
    pub num_id: Option<String>,
    pub ilvl: Option<usize>,
    pub style: Option<String>,
}

impl Numbering {
    /// Read `numbering.xml` and `styles.xml` (either may be missing).
    pub(super) fn parse(
        file: &str,
        numbering: Option<&str>,
        styles: Option<&str>,
    ) -> Result<Numbering, Diagnostic> {
        let mut n = Numbering::default();
        if let Some(xml) = numbering {
            n.parse_numbering(file, xml)?;
        }
        if let Some(xml) = styles {
            n.parse_styles(file, xml)?;
        }
        Ok(n)
    }

    fn parse_numbering(&mut self, file: &str, xml: &str) -> Result<(), Diagnostic> {
        let mut skip = 0usize;
        let mut cur_abstract: Option<(String, Abstract)> = None;
        let mut cur_num: Option<(String, Num)> = None;
        let mut cur_level: Option<(usize, Level)> = None;
        let mut override_ilvl: Option<usize> = None;
        let mut choice_seen: Vec<bool> = Vec::new();
        xml::walk(file, "word/numbering.xml", xml, |ev| {
            match ev {
                Ev::Start(ns, local, e) => {
                    if skip > 0 {
                        skip += 1;
                        return Ok(());
                    }
                    if ns == Ns::Mc {
                        match local {
                            "AlternateContent" => choice_seen.push(false),
                            "Choice" => {
                                if let Some(seen) = choice_seen.last_mut() {
                                    if *seen {
                                        skip = 1;
                                        return Ok(());
                                    }
                                    *seen = true;
                                }
                            }
                            "Fallback" => {
                                skip = 1;
                                return Ok(());
                            }
                            _ => {}
                        }
                        return Ok(());
                    }
                    if ns != Ns::W {
                        return Ok(());
                    }
                    match local {
                        "abstractNum" => {
                            let id = xml::attr(e, "abstractNumId").unwrap_or_default();
                            cur_abstract = Some((id, Abstract::default()));
                        }
                        "num" if cur_abstract.is_none() => {
                            let id = xml::attr(e, "numId").unwrap_or_default();
                            cur_num = Some((id, Num::default()));
                        }
                        "abstractNumId" => {
                            if let Some((_, num)) = cur_num.as_mut() {
                                num.abstract_id = xml::attr(e, "val").unwrap_or_default();
                            }
                        }
                        "lvlOverride" => {
                            override_ilvl = xml::attr(e, "ilvl").and_then(|v| level_index(&v));
                        }
                        "startOverride" => {
                            if let (Some((_, num)), Some(l)) = (cur_num.as_mut(), override_ilvl) {
                                let v = xml::attr(e, "val").and_then(|v| v.parse().ok());
                                num.start_overrides.insert(l, v.unwrap_or(0));
                            }
                        }
                        "lvl" => {
                            let l = xml::attr(e, "ilvl")
                                .and_then(|v| level_index(&v))
                                .or(override_ilvl);
                            if let Some(l) = l {
                                cur_level = Some((l, Level::default()));
                            }
                        }
                        "numStyleLink" => {
                            if let Some((_, a)) = cur_abstract.as_mut() {
                                a.num_style_link = xml::attr(e, "val");
                            }
                        }
                        // Properties of a level's paragraphs and runs, and of changes.
                        "pPr" | "rPr" if cur_level.is_some() => {
                            skip = 1;
                            return Ok(());
                        }
                        _ => {
                            if let Some((_, lvl)) = cur_level.as_mut() {
                                level_property(lvl, local, e);
                            }
                        }
                    }
                }
                Ev::End(ns, local) => {
                    if skip > 0 {
                        skip -= 1;
                        return Ok(());
                    }
                    if ns == Ns::Mc && local == "AlternateContent" {
                        choice_seen.pop();
                    }
                    if ns != Ns::W {
                        return Ok(());
                    }
                    match local {
                        "lvl" => {
                            if let Some((l, lvl)) = cur_level.take() {
                                if let Some((_, a)) = cur_abstract.as_mut() {
                                    a.levels.insert(l, lvl);
                                } else if let Some((_, num)) = cur_num.as_mut() {
                                    num.level_overrides.insert(l, lvl);
                                }
                            }
                        }
                        "lvlOverride" => override_ilvl = None,
                        "abstractNum" => {
                            if let Some((id, a)) = cur_abstract.take() {
                                self.abstracts.insert(id, a);
                            }
                        }
                        "num" => {
                            if let Some((id, num)) = cur_num.take() {
                                self.nums.insert(id, num);
                            }
                        }
                        _ => {}
                    }
                }
                Ev::Text(_) => {}
            }
            Ok(())
        })
    }

    fn parse_styles(&mut self, file: &str, xml: &str) -> Result<(), Diagnostic> {
        let mut cur: Option<(String, Style)> = None;
        let mut in_ppr = false;
        let mut skip = 0usize;
        xml::walk(file, "word/styles.xml", xml, |ev| {
            match ev {
                Ev::Start(ns, local, e) => {
                    if skip > 0 {
                        skip += 1;
                        return Ok(());
                    }
                    if ns != Ns::W {
                        return Ok(());
                    }
                    match local {
                        "style" => {
                            let id = xml::attr(e, "styleId").unwrap_or_default();
                            let paragraph = xml::attr(e, "type").is_none_or(|t| t == "paragraph");
                            if paragraph && xml::attr(e, "default").is_some_and(|d| d == "1") {
                                self.default_style = Some(id.clone());
                            }
                            cur = Some((id, Style::default()));
                        }
                        "basedOn" => {
                            if let Some((_, s)) = cur.as_mut() {
                                s.based_on = xml::attr(e, "val");
                            }
                        }
                        "pPr" => in_ppr = cur.is_some(),
                        "numId" if in_ppr => {
                            if let Some((_, s)) = cur.as_mut() {
                                s.num_id = xml::attr(e, "val");
                            }
                        }
                        "ilvl" if in_ppr => {
                            if let Some((_, s)) = cur.as_mut() {
                                s.ilvl = xml::attr(e, "val").and_then(|v| level_index(&v));
                            }
                        }
                        _ if local.ends_with("Change") => skip = 1,
                        _ => {}
                    }
                }
                Ev::End(ns, local) => {
                    if skip > 0 {
                        skip -= 1;
                        return Ok(());
                    }
                    if ns != Ns::W {
                        return Ok(());
                    }
                    match local {
                        "pPr" => in_ppr = false,
                        "style" => {
                            if let Some((id, s)) = cur.take() {
                                self.styles.insert(id, s);
                            }
                        }
                        _ => {}
                    }
                }
                Ev::Text(_) => {}
            }
            Ok(())
        })
    }

    /// The number label of a paragraph (with its suffix), advancing the counters; empty when
    /// the paragraph is not numbered. `has_text` false drops the suffix.
    pub(super) fn label(&mut self, p: &ParaNum, has_text: bool) -> String {
        let style_id = p.style.clone().or_else(|| self.default_style.clone());
        let (style_num, style_ilvl) = self.style_numbering(style_id.as_deref());
        let Some(num_id) = p.num_id.clone().or(style_num) else {
            return String::new();
        };
        if num_id == "0" {
            return String::new();
        }
        let Some(num) = self.nums.get(&num_id).cloned() else {
            return String::new();
        };
        let Some(abs_id) = self.resolve_abstract(&num.abstract_id) else {
            return String::new();
        };
        let Some(abs) = self.abstracts.get(&abs_id).cloned() else {
            return String::new();
        };
        let level_of = |l: usize| -> Option<Level> {
            num.level_overrides
                .get(&l)
                .or_else(|| abs.levels.get(&l))
                .cloned()
        };
        let ilvl = p
            .ilvl
            .or(style_ilvl)
            .or_else(|| {
                let sid = style_id.as_deref()?;
                abs.levels
                    .iter()
                    .find(|(_, lvl)| lvl.pstyle.as_deref() == Some(sid))
                    .map(|(l, _)| *l)
            })
            .unwrap_or(0)
            .min(LEVELS - 1);
        let Some(level) = level_of(ilvl) else {
            return String::new();
        };

        let has_overrides = !num.start_overrides.is_empty() || !num.level_overrides.is_empty();
        let key = if has_overrides {
            format!("num:{num_id}")
        } else {
            format!("abs:{abs_id}")
        };
        let start_of = |l: usize| -> i64 {
            num.start_overrides
                .get(&l)
                .copied()
                .or_else(|| level_of(l).map(|lvl| lvl.start))
                .unwrap_or(1)
        };
        let first_use = self.seen.insert(num_id.clone());
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        if first_use {
            for l in num.start_overrides.keys() {
                if let Some(c) = counters.get_mut(*l) {
                    *c = None;
                }
            }
        }
        counters[ilvl] = Some(match counters[ilvl] {
            Some(v) => v.saturating_add(1),
            None => start_of(ilvl),
        });
        for (deeper, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = level_of(deeper).and_then(|l| l.restart);
            let resets = match restart {
                None => true,
                Some(0) => false,
                Some(r) => (ilvl as u32) < r,
            };
            if resets {
                *c = None;
            }
        }
        let values = *counters;

        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let l = d as usize - 1;
                let value = values[l].unwrap_or_else(|| start_of(l));
                let fmt = match level_of(l) {
                    Some(lvl) if level.is_lgl && l < ilvl => match lvl.fmt {
                        Fmt::None | Fmt::Bullet => lvl.fmt,
                        _ => Fmt::Decimal,
                    },
                    Some(lvl) => lvl.fmt,
                    None => Fmt::Decimal,
                };
                out.push_str(&format_value(value, fmt));
            } else if level.fmt == Fmt::Bullet && ('\u{E000}'..='\u{F8FF}').contains(&c) {
                // A symbol-font bullet (Symbol, Wingdings) drawn from the private use area.
                out.push('•');
            } else {
                out.push(c);
            }
        }
        if out.is_empty() {
            return out;
        }
        if has_text {
            out.push_str(level.suffix);
        }
        out
    }

    /// The numbering a paragraph style gives (following `w:basedOn`, at most 16 steps).
    fn style_numbering(&self, style: Option<&str>) -> (Option<String>, Option<usize>) {
        let mut id = style.map(str::to_string);
        let mut ilvl = None;
        for _ in 0..16 {
            let Some(s) = id.as_deref().and_then(|i| self.styles.get(i)) else {
                break;
            };
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
            if let Some(n) = &s.num_id {
                return (Some(n.clone()), ilvl);
            }
            id = s.based_on.clone();
        }
        (None, ilvl)
    }

    /// Follow `w:numStyleLink` (abstract → numbering style → num → abstract), at most 8 steps.
    fn resolve_abstract(&self, id: &str) -> Option<String> {
        let mut id = id.to_string();
        for _ in 0..8 {
            let a = self.abstracts.get(&id)?;
            let Some(link) = &a.num_style_link else {
                return Some(id);
            };
            let num_id = self.styles.get(link)?.num_id.as_ref()?;
            id = self.nums.get(num_id)?.abstract_id.clone();
        }
        None
    }
}

fn level_index(v: &str) -> Option<usize> {
    v.trim().parse::<usize>().ok().filter(|l| *l < LEVELS)
}

fn level_property(lvl: &mut Level, local: &str, e: &quick_xml::events::BytesStart<'_>) {
    let val = xml::attr(e, "val");
    match local {
        "start" => lvl.start = val.and_then(|v| v.trim().parse().ok()).unwrap_or(0),
        "numFmt" => {
            lvl.fmt = fmt_of(val.as_deref().unwrap_or("decimal"), xml::attr(e, "format"));
        }
        "lvlText" => lvl.text = val.unwrap_or_default(),
        "suff" => {
            lvl.suffix = match val.as_deref() {
                Some("space") => " ",
                Some("nothing") => "",
                _ => "\t",
            }
        }
        "lvlRestart" => lvl.restart = val.and_then(|v| v.trim().parse().ok()),
        "isLgl" => lvl.is_lgl = xml::on_off(e),
        "pStyle" => lvl.pstyle = val,
        _ => {}
    }
}

fn fmt_of(val: &str, custom: Option<String>) -> Fmt {
    match val {
        "decimalZero" => Fmt::DecimalZero(2),
        "upperRoman" => Fmt::UpperRoman,
        "lowerRoman" => Fmt::LowerRoman,
        "lowerLetter" => Fmt::UkLower,
        "upperLetter" => Fmt::UkUpper,
        "russianLower" => Fmt::RuLower,
        "russianUpper" => Fmt::RuUpper,
        "bullet" => Fmt::Bullet,
        "none" => Fmt::None,
        "custom" => {
            let f = custom.unwrap_or_default();
            let first = f.split(',').next().unwrap_or_default().trim().to_string();
            match first.chars().next() {
                Some('0') => Fmt::DecimalZero(first.chars().count()),
                Some('а') => Fmt::UkLower,
                Some('А') => Fmt::UkUpper,
                _ => Fmt::Decimal,
            }
        }
        _ => Fmt::Decimal,
    }
}

const UK_LOWER: &[char] = &[
    'а', 'б', 'в', 'г', 'ґ', 'д', 'е', 'є', 'ж', 'з', 'и', 'і', 'ї', 'й', 'к', 'л', 'м', 'н', 'о',
    'п', 'р', 'с', 'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ю', 'я',
];
const RU_LOWER: &[char] = &[
    'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у',
    'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'э', 'ю', 'я',
];

fn format_value(v: i64, fmt: Fmt) -> String {
    match fmt {
        Fmt::Decimal => v.to_string(),
        Fmt::DecimalZero(w) => format!("{v:0w$}"),
        Fmt::UpperRoman => roman(v).unwrap_or_else(|| v.to_string()),
        Fmt::LowerRoman => roman(v).map_or_else(|| v.to_string(), |r| r.to_lowercase()),
        Fmt::UkLower => letters(v, UK_LOWER, false),
        Fmt::UkUpper => letters(v, UK_LOWER, true),
        Fmt::RuLower => letters(v, RU_LOWER, false),
        Fmt::RuUpper => letters(v, RU_LOWER, true),
        Fmt::Bullet | Fmt::None => String::new(),
    }
}

/// Word's letter scheme: а … я, then аа … яя, then ааа …
fn letters(v: i64, alphabet: &[char], upper: bool) -> String {
    if !(1..=780).contains(&v) {
        return v.to_string();
    }
    let n = alphabet.len();
    let i = (v - 1) as usize;
    let c = alphabet[i % n];
    let c = if upper {
        c.to_uppercase().next().unwrap_or(c)
    } else {
        c
    };
    std::iter::repeat_n(c, i / n + 1).collect()
}

fn roman(v: i64) -> Option<String> {
    if !(1..4000).contains(&v) {
        return None;
    }
    Some(crate::ir::number::roman_str(v as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_value(4, Fmt::UpperRoman), "IV");
        assert_eq!(format_value(14, Fmt::LowerRoman), "xiv");
        assert_eq!(format_value(5, Fmt::UkLower), "ґ");
        assert_eq!(format_value(33, Fmt::UkLower), "аа");
        assert_eq!(format_value(2, Fmt::UkUpper), "Б");
        assert_eq!(format_value(7, Fmt::DecimalZero(3)), "007");
        assert_eq!(format_value(0, Fmt::UkLower), "0");
    }
}
