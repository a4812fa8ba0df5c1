//! The wording of drafted items: unit words in the cases the formulas need, addresses, number
//! lists with ranges compressed, quotes.

use crate::ir::{Edition, Number, Unit, UnitKind};

/// The grammatical slots a unit word takes in the formulas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `пункт 5.1 доповнити …`, `пункт 5.1 виключити`
    Nom,
    /// `абзац другий пункту 3.2`, `назву розділу 5`
    Gen,
    /// `у пункті 5.1 слова …`
    Loc,
    /// `доповнити пунктом 5.2`, `вважати пунктом 5.5`
    Ins,
}

/// A unit word: singular and plural forms in nominative, genitive, locative, instrumental.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    sg: [&'static str; 4],
    pl: [&'static str; 4],
}

const SECTION: Word = Word {
    sg: ["розділ", "розділу", "розділі", "розділом"],
    pl: ["розділи", "розділів", "розділах", "розділами"],
};
const CHAPTER: Word = Word {
    sg: ["главу", "глави", "главі", "главою"],
    pl: ["глави", "глав", "главах", "главами"],
};
const ARTICLE: Word = Word {
    sg: ["статтю", "статті", "статті", "статтею"],
    pl: ["статті", "статей", "статтях", "статтями"],
};
const POINT: Word = Word {
    sg: ["пункт", "пункту", "пункті", "пунктом"],
    pl: ["пункти", "пунктів", "пунктах", "пунктами"],
};
const SUBPOINT: Word = Word {
    sg: ["підпункт", "підпункту", "підпункті", "підпунктом"],
    pl: ["підпункти", "підпунктів", "підпунктах", "підпунктами"],
};

impl Word {
    pub fn get(self, case: Case, plural: bool) -> &'static str {
        let i = match case {
            Case::Nom => 0,
            Case::Gen => 1,
            Case::Loc => 2,
            Case::Ins => 3,
        };
        if plural { self.pl[i] } else { self.sg[i] }
    }
}

/// The word a decision uses for a unit: by kind, by the word it was written with (`Глава`), and
/// for table rows by depth (`розділ 3`, `пункт 3.1`, `підпункт 22.4.1`, as decision 1460 does).
pub fn word_for(kind: UnitKind, number: &Number, written: Option<&str>) -> Word {
    if let Some(w) = written {
        let w = w.to_lowercase();
        if w.starts_with("глав") {
            return CHAPTER;
        }
        if w.starts_with("стат") {
            return ARTICLE;
        }
        if w.starts_with("розд") {
            return SECTION;
        }
    }
    match kind {
        UnitKind::Section => SECTION,
        UnitKind::Point => POINT,
        UnitKind::Subpoint => SUBPOINT,
        UnitKind::Row | UnitKind::HeadingRow => match number {
            Number::Decimal(l) if l.len() == 1 => SECTION,
            Number::Decimal(l) if l.len() == 2 => POINT,
            Number::Decimal(_) => SUBPOINT,
            Number::Roman(_) => SECTION,
            _ => SUBPOINT,
        },
    }
}

/// The word for an existing unit.
pub fn unit_word(u: &Unit) -> Word {
    word_for(u.kind, &u.number, u.word.as_deref())
}

/// A number as addresses write it: `5.2`, `IV`, `3` for `3)`, `«а»` for `а)`.
pub fn num(n: &Number) -> String {
    match n {
        Number::Paren(v) => v.to_string(),
        Number::Letter(c) => format!("«{c}»"),
        n => n.to_string(),
    }
}

/// `5.2–5.4, 5.7`: runs of three or more consecutive numbers as ranges.
pub fn compress(numbers: &[Number]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j].next_sibling().as_ref() == Some(&numbers[j + 1]) {
            j += 1;
        }
        if j > i + 1 && !matches!(numbers[i], Number::Letter(_)) {
            parts.push(format!("{}–{}", num(&numbers[i]), num(&numbers[j])));
        } else {
            for n in &numbers[i..=j] {
                parts.push(num(n));
            }
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// Whether a section-like unit's number is shared with another top-level unit, so that its
/// quoted title must tell them apart (`розділ 2 «Організація …»`).
fn needs_title(ed: &Edition, u: &Unit) -> bool {
    u.parent.is_none()
        && ed
            .units
            .iter()
            .filter(|x| x.parent.is_none() && x.number == u.number)
            .count()
            > 1
}

/// Whether the address `steps` (ids, largest first) finds exactly the last unit the way resolve
/// looks units up: the first step in the whole document (sections among the top level), each
/// further step inside the previous unit's subtree.
fn unique_path(ed: &Edition, path: &[&Unit]) -> bool {
    let Some(first) = path.first() else {
        return false;
    };
    let subtree = |root: Option<&Unit>| -> Vec<&Unit> {
        match root {
            None => ed.units.iter().map(|u| &**u).collect(),
            Some(r) => {
                let mut out = Vec::new();
                let mut inside: Vec<crate::ir::UnitId> = vec![r.id];
                for u in &ed.units {
                    if let Some(p) = u.parent
                        && inside.contains(&p)
                    {
                        inside.push(u.id);
                        out.push(&**u);
                    }
                }
                out
            }
        }
    };
    let section_like = |u: &Unit| {
        u.kind == UnitKind::Section || (u.kind == UnitKind::HeadingRow && u.number.depth() == 1)
    };
    let mut scope: Option<&Unit> = None;
    for (k, step) in path.iter().enumerate() {
        let sectionish = unit_word(step) == SECTION;
        let pool: Vec<&Unit> = if k == 0 && sectionish {
            ed.units
                .iter()
                .filter(|u| u.parent.is_none())
                .map(|u| &**u)
                .collect()
        } else {
            subtree(scope)
        };
        let cands: Vec<&Unit> = pool
            .into_iter()
            .filter(|u| u.number == step.number)
            .filter(|u| {
                if sectionish {
                    section_like(u)
                } else {
                    !section_like(u) || scope.is_some()
                }
            })
            .filter(|u| !needs_title(ed, step) || u.head() == step.head())
            .collect();
        if cands.len() != 1 || cands[0].id != step.id {
            return false;
        }
        scope = Some(step);
        let _ = first;
    }
    true
}

/// The shortest chain of units (largest first) that addresses `u` unambiguously.
pub fn path<'a>(ed: &'a Edition, u: &'a Unit) -> Vec<&'a Unit> {
    let mut chain: Vec<&Unit> = vec![u];
    loop {
        // A label (`1)`, `а)`) is local to its unit: always name the unit it belongs to.
        let label = matches!(chain[0].number, Number::Paren(_) | Number::Letter(_));
        if unique_path(ed, &chain) && !label {
            return chain;
        }
        let Some(p) = chain[0].parent.and_then(|p| ed.unit(p)) else {
            return chain;
        };
        chain.insert(0, p);
    }
}

/// One step: `пункті 5.1`, `розділу 2 «Організація …»`.
pub fn step(ed: &Edition, u: &Unit, case: Case) -> String {
    let w = unit_word(u).get(case, false);
    if needs_title(ed, u) {
        format!("{w} {} «{}»", num(&u.number), u.head())
    } else {
        format!("{w} {}", num(&u.number))
    }
}

/// A unit's address in a case: the unit itself in `case`, its ancestors (when needed) in the
/// genitive after it (`підпункт 2 пункту 3.2`).
pub fn address(ed: &Edition, u: &Unit, case: Case) -> String {
    let chain = path(ed, u);
    let mut parts = Vec::new();
    for (k, x) in chain.iter().rev().enumerate() {
        parts.push(step(ed, x, if k == 0 { case } else { Case::Gen }));
    }
    parts.join(" ")
}

/// `у` or `в` before a word (euphony, simplified: `в` before a vowel-initial word after a vowel
/// is not attempted; `у` is always correct in decisions' style).
pub fn prep_u() -> &'static str {
    "у"
}

/// A quoted text: the house style uses «…» and keeps inner quotes as they are.
pub fn quote(s: &str) -> String {
    format!("«{s}»")
}

/// Ordinal words for paragraphs in the genitive/locative (`абзаці другому`): 1..=20.
pub fn ordinal_loc(n: usize) -> Option<&'static str> {
    const W: [&str; 20] = [
        "першому",
        "другому",
        "третьому",
        "четвертому",
        "п'ятому",
        "шостому",
        "сьомому",
        "восьмому",
        "дев'ятому",
        "десятому",
        "одинадцятому",
        "дванадцятому",
        "тринадцятому",
        "чотирнадцятому",
        "п'ятнадцятому",
        "шістнадцятому",
        "сімнадцятому",
        "вісімнадцятому",
        "дев'ятнадцятому",
        "двадцятому",
    ];
    W.get(n.checked_sub(1)?).copied()
}

/// The locative of a document's title for a scope line: «Регламенті роботи …».
pub fn title_locative(title: &str) -> String {
    use crate::apply::inflect::{Case as ICase, Form};
    if let Ok(s) = crate::apply::inflect::inflect(title, Form::new(ICase::Locative, false))
        && s != title
    {
        return s;
    }
    let mut words = title.splitn(2, ' ');
    let head = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("");
    let lower = head.to_lowercase();
    let loc = match lower.as_str() {
        "порядок" => "Порядку".to_string(),
        "перелік" => "Переліку".to_string(),
        "правила" => "Правилах".to_string(),
        "положення" => "Положенні".to_string(),
        "інструкція" => "Інструкції".to_string(),
        "програма" => "Програмі".to_string(),
        h if h.ends_with('а') => format!("{}і", &head[..head.len() - 'а'.len_utf8()]),
        h if h.ends_with(|c: char| "бвгґджзклмнпрстфхцчшщ".contains(c)) => {
            format!("{head}і")
        }
        _ => head.to_string(),
    };
    if rest.is_empty() {
        loc
    } else {
        format!("{loc} {rest}")
    }
}
