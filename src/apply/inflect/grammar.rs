//! The inflection tables of `grammars/inflection/`: cases, genders, noun paradigms, adjective endings, governing words.

use serde::Serialize;
use std::fmt;
use std::sync::LazyLock;

const NOUNS: &str = include_str!("../../../grammars/inflection/nouns.tsv");
const ADJECTIVES: &str = include_str!("../../../grammars/inflection/adjectives.tsv");
const GOVERNORS: &str = include_str!("../../../grammars/inflection/governors.tsv");

/// The seven Ukrainian cases (відмінки).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Case {
    Nominative,
    Genitive,
    Dative,
    Accusative,
    Instrumental,
    Locative,
    Vocative,
}

impl Case {
    /// The cases in table order (the order of the columns in `grammars/inflection/*.tsv`).
    pub const ALL: [Case; 7] = [
        Case::Nominative,
        Case::Genitive,
        Case::Dative,
        Case::Accusative,
        Case::Instrumental,
        Case::Locative,
        Case::Vocative,
    ];

    /// The column index of the case in the tables.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The short name used in the tables and in test expectations: `nom`, `gen`, …
    pub fn short(self) -> &'static str {
        match self {
            Case::Nominative => "nom",
            Case::Genitive => "gen",
            Case::Dative => "dat",
            Case::Accusative => "acc",
            Case::Instrumental => "ins",
            Case::Locative => "loc",
            Case::Vocative => "voc",
        }
    }

    /// The Ukrainian name of the case: `називний`, `родовий`, …
    pub fn uk(self) -> &'static str {
        match self {
            Case::Nominative => "називний",
            Case::Genitive => "родовий",
            Case::Dative => "давальний",
            Case::Accusative => "знахідний",
            Case::Instrumental => "орудний",
            Case::Locative => "місцевий",
            Case::Vocative => "кличний",
        }
    }

    /// The English name of the case.
    pub fn en(self) -> &'static str {
        match self {
            Case::Nominative => "nominative",
            Case::Genitive => "genitive",
            Case::Dative => "dative",
            Case::Accusative => "accusative",
            Case::Instrumental => "instrumental",
            Case::Locative => "locative",
            Case::Vocative => "vocative",
        }
    }

    fn from_short(s: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.short() == s)
    }
}

/// A case and a number: one cell of a paradigm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Form {
    pub case: Case,
    pub plural: bool,
}

impl Form {
    pub fn new(case: Case, plural: bool) -> Form {
        Form { case, plural }
    }

    /// All fourteen cells, singular first.
    pub fn all() -> impl Iterator<Item = Form> {
        [false, true]
            .into_iter()
            .flat_map(|plural| Case::ALL.into_iter().map(move |case| Form { case, plural }))
    }

    /// `родовий відмінок однини`.
    pub fn uk(self) -> String {
        let number = if self.plural {
            "множини"
        } else {
            "однини"
        };
        format!("{} відмінок {number}", self.case.uk())
    }

    /// `genitive singular`.
    pub fn en(self) -> String {
        let number = if self.plural { "plural" } else { "singular" };
        format!("{} {number}", self.case.en())
    }
}

impl fmt::Display for Form {
    /// `gen sg`, `ins pl`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = if self.plural { "pl" } else { "sg" };
        write!(f, "{} {number}", self.case.short())
    }
}

/// Grammatical gender of a noun (рід).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Masculine,
    Feminine,
    Neuter,
}

impl Gender {
    pub fn uk(self) -> &'static str {
        match self {
            Gender::Masculine => "чоловічий",
            Gender::Feminine => "жіночий",
            Gender::Neuter => "середній",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Gender::Masculine => "masculine",
            Gender::Feminine => "feminine",
            Gender::Neuter => "neuter",
        }
    }
}

/// One row of `nouns.tsv`: a noun with all its forms, lower case, apostrophes folded to `'`.
#[derive(Debug)]
pub(crate) struct Noun {
    pub gender: Gender,
    /// `forms[plural as usize][case index]`: the variants of the cell, the written one first.
    pub forms: [[Vec<String>; 7]; 2],
}

impl Noun {
    pub fn lemma(&self) -> &str {
        self.forms[0][0].first().map(String::as_str).unwrap_or("")
    }

    pub fn cell(&self, form: Form) -> &[String] {
        &self.forms[usize::from(form.plural)][form.case.index()]
    }
}

/// Where an adjective ending goes: a singular gender, or the plural (one for all genders).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    Sg(Gender),
    Pl,
}

impl Slot {
    pub fn of(gender: Gender, plural: bool) -> Slot {
        if plural { Slot::Pl } else { Slot::Sg(gender) }
    }
}

/// One declension type of `adjectives.tsv` (hard, soft).
#[derive(Debug)]
pub(crate) struct AdjType {
    pub name: String,
    pub endings: Vec<(Slot, [Vec<String>; 7])>,
}

impl AdjType {
    pub fn cell(&self, slot: Slot, case: Case) -> &[String] {
        self.endings
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, cells)| cells[case.index()].as_slice())
            .unwrap_or(&[])
    }
}

/// The kind of a governing word, named in notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordKind {
    Preposition,
    Verb,
    Noun,
    Adjective,
    /// A pronoun or adjective that agrees with the name (`цей`, `шановне`).
    Agreeing,
}

impl WordKind {
    pub fn uk(self) -> &'static str {
        match self {
            WordKind::Preposition => "прийменник",
            WordKind::Verb => "дієслово",
            WordKind::Noun => "іменник",
            WordKind::Adjective => "прикметник",
            WordKind::Agreeing => "узгоджене слово",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            WordKind::Preposition => "preposition",
            WordKind::Verb => "verb",
            WordKind::Noun => "noun",
            WordKind::Adjective => "adjective",
            WordKind::Agreeing => "agreeing word",
        }
    }
}

/// One row of `governors.tsv`.
#[derive(Debug)]
pub(crate) struct Governor {
    /// The word, or the suffix without its leading `-`.
    pub key: String,
    pub kind: WordKind,
    /// The forms it allows, likelier first.
    pub forms: Vec<Form>,
}

/// All tables, parsed once.
#[derive(Debug, Default)]
pub(crate) struct Grammar {
    pub nouns: Vec<Noun>,
    pub adjectives: Vec<AdjType>,
    pub words: Vec<Governor>,
    /// Longest suffix first.
    pub suffixes: Vec<Governor>,
    /// Lines of the tables that could not be read: `file:line: reason`.
    pub errors: Vec<String>,
}

pub(crate) static GRAMMAR: LazyLock<Grammar> = LazyLock::new(Grammar::load);

/// Lower case, apostrophes folded to `'`: the key under which words are compared.
pub(crate) fn key(word: &str) -> String {
    word.chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | 'ʹ' | '′')
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn cells(fields: &[&str]) -> Option<[Vec<String>; 7]> {
    let mut out: [Vec<String>; 7] = Default::default();
    for (slot, field) in out.iter_mut().zip(fields) {
        *slot = field
            .split('/')
            .map(|v| key(v.trim()))
            .filter(|v| !v.is_empty())
            .collect();
        if slot.is_empty() {
            return None;
        }
    }
    (fields.len() == 7).then_some(out)
}

fn gender(s: &str) -> Option<Gender> {
    match s {
        "m" => Some(Gender::Masculine),
        "f" => Some(Gender::Feminine),
        "n" => Some(Gender::Neuter),
        _ => None,
    }
}

impl Grammar {
    fn load() -> Grammar {
        Grammar::parse(NOUNS, ADJECTIVES, GOVERNORS)
    }

    pub fn parse(nouns: &str, adjectives: &str, governors: &str) -> Grammar {
        let mut g = Grammar::default();
        for (n, line) in content_lines(nouns) {
            let f: Vec<&str> = line.split('\t').collect();
            let parsed = match (f.len(), f.first().and_then(|s| gender(s.trim()))) {
                (15, Some(gender)) => cells(&f[1..8]).zip(cells(&f[8..15])).map(|(sg, pl)| Noun {
                    gender,
                    forms: [sg, pl],
                }),
                _ => None,
            };
            match parsed {
                Some(noun) => g.nouns.push(noun),
                None => g.errors.push(format!(
                    "nouns.tsv:{n}: expected a gender (m, f, n) and 14 forms separated by tabs"
                )),
            }
        }
        for (n, line) in content_lines(adjectives) {
            let f: Vec<&str> = line.split('\t').collect();
            let slot = match f.get(1).map(|s| s.trim()) {
                Some("pl") => Some(Slot::Pl),
                Some(s) => gender(s).map(Slot::Sg),
                None => None,
            };
            let parsed = match (f.len(), slot) {
                (9, Some(slot)) => cells(&f[2..9]).map(|c| (f[0].trim().to_string(), slot, c)),
                _ => None,
            };
            let Some((name, slot, cells)) = parsed else {
                g.errors.push(format!(
                    "adjectives.tsv:{n}: expected a type, a slot (m, f, n, pl) and 7 endings"
                ));
                continue;
            };
            match g.adjectives.iter_mut().find(|t| t.name == name) {
                Some(t) => t.endings.push((slot, cells)),
                None => g.adjectives.push(AdjType {
                    name,
                    endings: vec![(slot, cells)],
                }),
            }
        }
        for t in &g.adjectives {
            let complete = [
                Slot::Sg(Gender::Masculine),
                Slot::Sg(Gender::Feminine),
                Slot::Sg(Gender::Neuter),
                Slot::Pl,
            ]
            .iter()
            .all(|s| t.endings.iter().any(|(x, _)| x == s));
            if !complete {
                g.errors.push(format!(
                    "adjectives.tsv: type {} lacks one of the slots m, f, n, pl",
                    t.name
                ));
            }
        }
        for (n, line) in content_lines(governors) {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let kind = match f.get(1).copied() {
                Some("prep") => Some(WordKind::Preposition),
                Some("verb") => Some(WordKind::Verb),
                Some("noun") => Some(WordKind::Noun),
                Some("adj") => Some(WordKind::Adjective),
                Some("agr") => Some(WordKind::Agreeing),
                _ => None,
            };
            let forms = f.get(2).and_then(|s| governed_forms(s));
            match (f.len(), kind, forms) {
                (3, Some(kind), Some(forms)) => {
                    let word = key(f[0]);
                    match word.strip_prefix('-') {
                        Some(suffix) if !suffix.is_empty() => g.suffixes.push(Governor {
                            key: suffix.to_string(),
                            kind,
                            forms,
                        }),
                        None if !word.is_empty() => g.words.push(Governor {
                            key: word,
                            kind,
                            forms,
                        }),
                        _ => g.errors.push(format!("governors.tsv:{n}: empty word")),
                    }
                }
                _ => g.errors.push(format!(
                    "governors.tsv:{n}: expected a word, a kind (prep, verb, noun, adj, agr) \
                     and cases (nom gen dat acc ins loc voc, optionally .sg or .pl)"
                )),
            }
        }
        g.suffixes
            .sort_by_key(|s| std::cmp::Reverse(s.key.chars().count()));
        g
    }

    /// The (noun, form) readings of a word (any case of any noun of the table).
    pub fn noun_readings(&self, word_key: &str) -> Vec<(usize, Form)> {
        let mut out = Vec::new();
        for (i, noun) in self.nouns.iter().enumerate() {
            for form in Form::all() {
                if noun.cell(form).iter().any(|v| v == word_key) {
                    out.push((i, form));
                }
            }
        }
        out
    }

    /// The readings of a word as an adjective agreeing with a noun of `gender`: (type index,
    /// stem length in characters, form). `min_ending` skips endings shorter than that many
    /// characters (to read a neighbouring word without mistaking nouns for adjectives).
    pub fn adjective_readings(
        &self,
        word_key: &str,
        gender: Gender,
        min_ending: usize,
    ) -> Vec<(usize, usize, Form)> {
        let len = word_key.chars().count();
        let mut out = Vec::new();
        for (t, typ) in self.adjectives.iter().enumerate() {
            for form in Form::all() {
                for ending in typ.cell(Slot::of(gender, form.plural), form.case) {
                    let elen = ending.chars().count();
                    if elen >= min_ending && len >= elen + 2 && word_key.ends_with(ending.as_str())
                    {
                        let stem = len - elen;
                        if !out
                            .iter()
                            .any(|&(t2, s2, f2)| t2 == t && s2 == stem && f2 == form)
                        {
                            out.push((t, stem, form));
                        }
                    }
                }
            }
        }
        out
    }

    /// The governing word or suffix that matches a word, exact words first.
    pub fn governor(&self, word_key: &str) -> Option<&Governor> {
        self.words.iter().find(|g| g.key == word_key).or_else(|| {
            self.suffixes.iter().find(|g| {
                word_key.ends_with(g.key.as_str())
                    && word_key.chars().count() > g.key.chars().count() + 1
            })
        })
    }
}

fn governed_forms(s: &str) -> Option<Vec<Form>> {
    let mut out = Vec::new();
    for item in s.split_whitespace() {
        let (case, numbers): (&str, &[bool]) = match item.split_once('.') {
            Some((c, "sg")) => (c, &[false]),
            Some((c, "pl")) => (c, &[true]),
            Some(_) => return None,
            None => (item, &[false, true]),
        };
        let case = Case::from_short(case)?;
        out.extend(numbers.iter().map(|&plural| Form { case, plural }));
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_without_errors() {
        let g = &*GRAMMAR;
        assert!(g.errors.is_empty(), "{:?}", g.errors);
        assert!(g.nouns.len() >= 25);
        assert_eq!(g.adjectives.len(), 2);
    }

    #[test]
    fn bad_lines_are_reported_not_panicked_on() {
        let g = Grammar::parse(
            "x\tвідділ\nm\ta\tb",
            "hard\tq\tий",
            "до\tprep\txyz\n-\tprep\tgen",
        );
        assert_eq!(g.errors.len(), 5, "{:?}", g.errors);
    }
}
