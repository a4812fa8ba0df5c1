//! Inflection of Ukrainian body names: find a name in any case, write another in the same case.
//!
//! `у відповідному відмінку` (formulas.md, "Semantics"): a decision replaces the name of a body
//! («управління інформаційно-комунікаційних технологій …») with another in the appropriate case
//! (and number, with `і числах`). [`rename`] does it on one paragraph: values in, values out.
//!
//! # How
//! 1. Both names are analysed ([`name`]): the agreeing adjectives (up to four), the head noun
//!    (the first word found in `grammars/inflection/nouns.tsv`) and the tail (everything after
//!    the head: genitive phrases, quoted names), which never changes.
//! 2. The old name is written in all fourteen cells of its paradigm (with variant endings) and
//!    looked for in the paragraph with runs of whitespace folded to one space, apostrophes
//!    `'` `’` `ʼ` equal, and the first letter (or all letters) in either case ([`text`]).
//! 3. A found form may have several readings (управління: nom/gen/acc/voc singular, nom/acc
//!    plural). If the new name gives the same text for all of them, nothing is to decide;
//!    otherwise the word before the name decides ([`context`], `grammars/inflection/governors.tsv`):
//!    a preposition (до → gen; у, на → loc, else acc), a verb (здійснюється → ins; надати →
//!    dat), a noun (працівник → gen), an agreeing adjective, the start of a sentence (nom).
//!    What the context cannot decide is resolved to the likelier reading with a warning.
//! 4. The new name is written in the same case and number, with the found capitalisation; a
//!    preposition `у`/`в`, `з`/`зі` right before it follows the new first sound.
//!
//! # Diagnostics
//! | code | severity | meaning |
//! |---|---|---|
//! | `Z551` | error | unknown paradigm: no head noun of a name is in `nouns.tsv` |
//! | `Z552` | error | unknown paradigm: a word before the head is not an adjective agreeing with it |
//! | `Z553` | warning | the case (or number) of a found name is ambiguous and changes the new text: the likelier reading was applied, the others are named |
//! | `Z554` | warning | the new name has another gender: words next to the name agree with the old one (named) |
//! | `Z555` | warning | the new name has another gender: check the words that agree with it |
//! | `Z556` | warning | a plural form was found but the decision does not say `і числах`: left unchanged |
//! | `Z557` | error | a name is empty |
//! | `Z558` | warning | a form of the name was found with other capitalisation inside it: left unchanged |
//! | `Z559` | error | the inflection tables have unreadable lines (a broken `grammars/inflection/*.tsv`) |
//! | `Z560` | note | euphony: the preposition before the name was changed (у ↔ в, з ↔ зі); the hit then starts at the preposition |
//!
//! Zero hits is not a diagnostic here: the applier decides what it means.

mod context;
mod grammar;
mod name;
mod text;

pub use context::Rule;
pub use grammar::{Case, Form, Gender, WordKind};

use crate::ir::Diagnostic;
use name::Name;
use serde::Serialize;
use std::collections::BTreeMap;
use text::CapsChange;

/// Options of a renaming.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RenameOptions {
    /// `і числах` / `і числі`: plural forms are replaced too (by the plural of the new name).
    pub numbers: bool,
}

/// The result of [`rename`] on one paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rename {
    /// The paragraph with every found form replaced (unchanged on an error).
    pub text: String,
    pub hits: Vec<Hit>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One replaced occurrence of the old name. Where the preposition before it changes for
/// euphony (`у відділі` → `в управлінні`, note `Z560`), the hit starts at the preposition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Byte range in the original paragraph.
    pub start: usize,
    pub end: usize,
    /// The text found, as it stands in the paragraph.
    pub found: String,
    /// The text written in its place.
    pub replaced: String,
    pub case: Case,
    pub plural: bool,
    /// Other readings still open after the context that would give another text (a `Z553`
    /// warning names them); empty when the result is certain.
    pub alternatives: Vec<Form>,
    /// What decided the case.
    pub rule: Rule,
}

impl Hit {
    pub fn form(&self) -> Form {
        Form::new(self.case, self.plural)
    }
}

/// A renaming prepared once (both names analysed, the old name's forms listed) and applied to
/// any number of paragraphs.
#[derive(Debug)]
pub struct Renamer {
    old: Name,
    new: Name,
    opts: RenameOptions,
    /// Folded, lower-case forms of the old name.
    keys: Vec<String>,
    /// For each key: the readings (cells) it has and the form as written (folded, original case).
    cells: Vec<(Vec<Form>, String)>,
}

/// Replace the body name `old` with `new` in every case (and number, with `opts.numbers`) in
/// one paragraph. Analysing the names fails with `Z551`/`Z552`/`Z557`/`Z559`: then the text comes
/// back unchanged with no hits.
pub fn rename(text: &str, old: &str, new: &str, opts: &RenameOptions) -> Rename {
    match Renamer::new(old, new, opts) {
        Ok(r) => r.rename(text),
        Err(diagnostics) => Rename {
            text: text.to_string(),
            hits: Vec::new(),
            diagnostics,
        },
    }
}

/// Every form in the noun tables as (lemma, form, cell): for checking the tables against a
/// dictionary.
pub fn table_forms() -> Vec<(String, String, Form)> {
    let mut out = Vec::new();
    for noun in &grammar::GRAMMAR.nouns {
        for form in Form::all() {
            for v in noun.cell(form) {
                out.push((noun.lemma().to_string(), v.clone(), form));
            }
        }
    }
    out
}

/// Write a name (as given, any case) in another form: `(«відділ звернень», ins sg)` →
/// «відділом звернень».
pub fn inflect(name: &str, form: Form) -> Result<String, Vec<Diagnostic>> {
    if let Some(d) = table_errors() {
        return Err(vec![d]);
    }
    Name::analyse(name, ("", ""))
        .map(|n| n.written(form))
        .map_err(|d| vec![*d])
}

fn table_errors() -> Option<Diagnostic> {
    let errors = &grammar::GRAMMAR.errors;
    if errors.is_empty() {
        return None;
    }
    let list = errors.join("; ");
    Some(Diagnostic::error(
        "Z559",
        format!("таблиці відмінювання пошкоджено: {list}"),
        format!("the inflection tables are broken: {list}"),
    ))
}

impl Renamer {
    pub fn new(old: &str, new: &str, opts: &RenameOptions) -> Result<Renamer, Vec<Diagnostic>> {
        if let Some(d) = table_errors() {
            return Err(vec![d]);
        }
        let old = Name::analyse(old, ("старої", "old"));
        let new = Name::analyse(new, ("нової", "new"));
        let (old, new) = match (old, new) {
            (Ok(o), Ok(n)) => (o, n),
            (o, n) => return Err(o.err().into_iter().chain(n.err()).map(|d| *d).collect()),
        };
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut keys = Vec::new();
        let mut cells: Vec<(Vec<Form>, String)> = Vec::new();
        for form in Form::all() {
            for variant in old.variants(form) {
                let as_written = text::fold(&variant, false).text;
                let k = text::fold(&variant, true).text;
                match index.get(&k) {
                    Some(&i) => {
                        if !cells[i].0.contains(&form) {
                            cells[i].0.push(form);
                        }
                    }
                    None => {
                        index.insert(k.clone(), keys.len());
                        keys.push(k);
                        cells.push((vec![form], as_written));
                    }
                }
            }
        }
        Ok(Renamer {
            old,
            new,
            opts: *opts,
            keys,
            cells,
        })
    }

    /// Apply the renaming to one paragraph.
    pub fn rename(&self, text: &str) -> Rename {
        let mut hits = Vec::new();
        let mut diagnostics = Vec::new();
        let mut gender_words = false;
        let gender_changes = self.old.gender != self.new.gender;
        for (start, end, k) in text::find(text, &self.keys) {
            let Some((forms, as_written)) = self.cells.get(k) else {
                continue;
            };
            let found = text.get(start..end).unwrap_or("").to_string();
            let Some(caps) = CapsChange::between(&text::fold(&found, false).text, as_written)
            else {
                diagnostics.push(Diagnostic::warning(
                    "Z558",
                    format!(
                        "«{found}» відрізняється від назви «{}» великими літерами всередині: \
                         не замінено",
                        self.old.text
                    ),
                    format!(
                        "«{found}» differs from the name «{}» in capital letters inside it: not \
                         replaced",
                        self.old.text
                    ),
                ));
                continue;
            };
            let readings: Vec<Form> = forms
                .iter()
                .copied()
                .filter(|f| self.opts.numbers || !f.plural)
                .collect();
            if readings.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    "Z556",
                    format!("«{found}» — форма множини, а рішення не каже «і числах»: не замінено"),
                    format!(
                        "«{found}» is a plural form and the decision does not say «і числах»: \
                         not replaced"
                    ),
                ));
                continue;
            }
            let write = |f: Form| caps.apply(&self.new.written(f));
            let (chosen, alternatives, rule) = if let [only] = readings[..] {
                (only, Vec::new(), Rule::Form)
            } else {
                let before = context::before(text, start);
                let after = context::after(text, end)
                    .filter(|(_, comma)| !comma)
                    .map(|(w, _)| w);
                let (open, rule) = context::decide(&readings, &before, after, self.old.gender);
                let chosen = open.first().copied().unwrap_or(readings[0]);
                let out = write(chosen);
                let alternatives: Vec<Form> =
                    open.into_iter().filter(|&f| write(f) != out).collect();
                let same = readings.iter().all(|&f| write(f) == out);
                let rule = if same && rule == Rule::Default {
                    Rule::SameResult
                } else {
                    rule
                };
                (chosen, alternatives, rule)
            };
            let replaced = write(chosen);
            if !alternatives.is_empty() {
                diagnostics.push(self.ambiguous(
                    &found,
                    &replaced,
                    chosen,
                    &alternatives,
                    &rule,
                    caps,
                ));
            }
            if gender_changes && !chosen.plural {
                let words = context::agreeing_neighbours(text, start, end, chosen, self.old.gender);
                if !words.is_empty() {
                    gender_words = true;
                    diagnostics.push(self.gender_words(&found, &words));
                }
            }
            let last_end = hits.last().map_or(0, |h: &Hit| h.end);
            let (start, found, replaced) = match context::euphony(text, start, &replaced) {
                Some((p, old_prep, new_prep)) if p >= last_end => {
                    let gap = text.get(p + old_prep.len()..start).unwrap_or(" ");
                    diagnostics.push(Diagnostic::note(
                        "Z560",
                        format!("милозвучність: «{old_prep}» → «{new_prep}» перед «{replaced}»"),
                        format!("euphony: «{old_prep}» → «{new_prep}» before «{replaced}»"),
                    ));
                    let found = text.get(p..end).unwrap_or("").to_string();
                    (p, found, format!("{new_prep}{gap}{replaced}"))
                }
                _ => (start, found, replaced),
            };
            hits.push(Hit {
                start,
                end,
                found,
                replaced,
                case: chosen.case,
                plural: chosen.plural,
                alternatives,
                rule,
            });
        }
        if gender_changes && !gender_words && hits.iter().any(|h| !h.plural) {
            diagnostics.push(Diagnostic::warning(
                "Z555",
                format!(
                    "нова назва має інший рід ({} → {}): перевірте слова, що узгоджуються з нею",
                    self.gender_pair().0,
                    self.gender_pair().1
                ),
                format!(
                    "the new name has another gender ({} → {}): check the words that agree \
                     with it",
                    self.gender_pair().2,
                    self.gender_pair().3
                ),
            ));
        }
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for h in &hits {
            out.push_str(text.get(pos..h.start).unwrap_or(""));
            out.push_str(&h.replaced);
            pos = h.end;
        }
        out.push_str(text.get(pos..).unwrap_or(""));
        Rename {
            text: out,
            hits,
            diagnostics,
        }
    }

    /// (old uk, new uk, old en, new en): «відділ, чоловічий».
    fn gender_pair(&self) -> (String, String, String, String) {
        (
            format!("«{}», {} рід", self.old.lemma(), self.old.gender.uk()),
            format!("«{}», {} рід", self.new.lemma(), self.new.gender.uk()),
            format!("«{}», {}", self.old.lemma(), self.old.gender.en()),
            format!("«{}», {}", self.new.lemma(), self.new.gender.en()),
        )
    }

    fn gender_words(&self, found: &str, words: &[String]) -> Diagnostic {
        let list = words
            .iter()
            .map(|w| format!("«{w}»"))
            .collect::<Vec<_>>()
            .join(", ");
        let (ou, nu, oe, ne) = self.gender_pair();
        Diagnostic::warning(
            "Z554",
            format!(
                "нова назва має інший рід ({ou} → {nu}): слова {list} поруч із «{found}» \
                 узгоджено зі старою назвою, їх не змінено"
            ),
            format!(
                "the new name has another gender ({oe} → {ne}): the words {list} next to \
                 «{found}» agree with the old name and were not changed"
            ),
        )
    }

    fn ambiguous(
        &self,
        found: &str,
        replaced: &str,
        chosen: Form,
        alternatives: &[Form],
        rule: &Rule,
        caps: CapsChange,
    ) -> Diagnostic {
        let alt = |uk: bool| {
            alternatives
                .iter()
                .map(|&f| {
                    let name = if uk { f.uk() } else { f.en() };
                    format!("{name} «{}»", caps.apply(&self.new.written(f)))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        Diagnostic::warning(
            "Z553",
            format!(
                "відмінок «{found}» не визначено однозначно: застосовано {} «{replaced}» ({}); \
                 можливо також: {}",
                chosen.uk(),
                rule.uk(),
                alt(true)
            ),
            format!(
                "the case of «{found}» is ambiguous: applied the {} «{replaced}» ({}); also \
                 possible: {}",
                chosen.en(),
                rule.en(),
                alt(false)
            ),
        )
    }
}
