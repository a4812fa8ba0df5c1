//! A body name analysed into agreeing adjectives, a head noun and an unchanging tail; its forms in every case.

use super::grammar::{Form, GRAMMAR, Gender, Slot, is_apostrophe, key};
use crate::ir::Diagnostic;
use std::ops::Range;

/// How a word of the name is capitalised as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caps {
    Lower,
    First,
    All,
}

impl Caps {
    fn of(word: &str) -> Caps {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
            Caps::All
        } else if letters.first().is_some_and(|c| c.is_uppercase()) {
            Caps::First
        } else {
            Caps::Lower
        }
    }

    fn apply(self, s: &str) -> String {
        match self {
            Caps::Lower => s.to_string(),
            Caps::First => upper_first(s),
            Caps::All => s.to_uppercase(),
        }
    }
}

pub(crate) fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Debug)]
enum Role {
    /// An adjective agreeing with the head: its declension type and its stem as written.
    Adjective {
        typ: usize,
        stem: String,
    },
    Head,
}

#[derive(Debug)]
struct Word {
    range: Range<usize>,
    role: Role,
    caps: Caps,
    /// The apostrophe the name uses, to write the table's `'` the same way.
    apostrophe: Option<char>,
}

/// A body name: «Криворізька міська рада», «управління … виконкому Криворізької міської ради».
#[derive(Debug)]
pub(crate) struct Name {
    /// The name as given, trimmed.
    pub text: String,
    words: Vec<Word>,
    /// Index of the head noun in the grammar.
    pub noun: usize,
    pub gender: Gender,
}

/// Words of a name: runs of letters, apostrophes and inner hyphens, with their byte ranges.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphabetic() || is_apostrophe(c) || c == '-';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

const MAX_ADJECTIVES: usize = 4;
const MAX_VARIANTS: usize = 64;

impl Name {
    /// Analyse a name; `which` names it in messages (`старої`/`old`, `нової`/`new`).
    pub fn analyse(name: &str, which: (&str, &str)) -> Result<Name, Box<Diagnostic>> {
        let g = &*GRAMMAR;
        let text = name.trim().to_string();
        if text.is_empty() {
            return Err(Box::new(Diagnostic::error(
                "Z557",
                format!("не задано {} назви", which.0),
                format!("the {} name is empty", which.1),
            )));
        }
        let mut adjectives: Vec<Range<usize>> = Vec::new();
        let mut prev_end = 0;
        let mut head = None;
        for range in words(&text) {
            let word = &text[range.clone()];
            let between = &text[prev_end..range.start];
            prev_end = range.end;
            if !between.chars().all(char::is_whitespace) {
                break;
            }
            let k = key(word);
            if let Some(&(noun, _)) = g.noun_readings(&k).first() {
                head = Some((range, noun));
                break;
            }
            let adjective_like = [Gender::Masculine, Gender::Feminine, Gender::Neuter]
                .iter()
                .any(|&gender| !g.adjective_readings(&k, gender, 1).is_empty());
            if !adjective_like || adjectives.len() == MAX_ADJECTIVES {
                break;
            }
            adjectives.push(range);
        }
        let Some((head_range, noun)) = head else {
            let first = words(&text)
                .first()
                .map(|r| text[r.clone()].to_string())
                .unwrap_or_else(|| text.clone());
            return Err(unknown_head(&text, &first, which));
        };
        let gender = g.nouns[noun].gender;
        let head_key = key(&text[head_range.clone()]);
        let mut forms: Vec<Form> = Form::all()
            .filter(|&f| g.nouns[noun].cell(f).contains(&head_key))
            .collect();
        let mut readings = Vec::new();
        for range in &adjectives {
            let word = &text[range.clone()];
            let r = g.adjective_readings(&key(word), gender, 1);
            forms.retain(|f| r.iter().any(|(_, _, f2)| f2 == f));
            if forms.is_empty() {
                return Err(Box::new(
                    Diagnostic::error(
                    "Z552",
                    format!(
                        "невідома парадигма: слово «{word}» у назві «{text}» не узгоджується з \
                         головним словом «{}»",
                        &text[head_range.clone()]
                    ),
                    format!(
                        "unknown paradigm: the word «{word}» of the name «{text}» does not agree \
                         with its head noun «{}»",
                        &text[head_range.clone()]
                    ),
                )
                .hint(
                    "додайте закінчення до grammars/inflection/adjectives.tsv або головне слово \
                     до grammars/inflection/nouns.tsv",
                    "add the endings to grammars/inflection/adjectives.tsv or the head noun to \
                     grammars/inflection/nouns.tsv",
                )));
            }
            readings.push(r);
        }
        // The form the name is given in: nominative singular first, then the table order.
        let Some(&given) = forms.first() else {
            return Err(unknown_head(&text, &text[head_range.clone()], which));
        };
        let mut words_out = Vec::new();
        for (range, r) in adjectives.iter().zip(&readings) {
            let word = &text[range.clone()];
            let Some(&(typ, stem_len, _)) = r.iter().find(|(_, _, f)| *f == given) else {
                return Err(unknown_head(&text, word, which));
            };
            words_out.push(Word {
                range: range.clone(),
                role: Role::Adjective {
                    typ,
                    stem: word.chars().take(stem_len).collect(),
                },
                caps: Caps::of(word),
                apostrophe: word.chars().find(|&c| is_apostrophe(c)),
            });
        }
        let head_word = &text[head_range.clone()];
        words_out.push(Word {
            caps: Caps::of(head_word),
            apostrophe: head_word.chars().find(|&c| is_apostrophe(c)),
            range: head_range,
            role: Role::Head,
        });
        Ok(Name {
            text,
            words: words_out,
            noun,
            gender,
        })
    }

    /// The head noun's lemma (nominative singular, lower case).
    pub fn lemma(&self) -> &str {
        GRAMMAR
            .nouns
            .get(self.noun)
            .map(|n| n.lemma())
            .unwrap_or("")
    }

    /// Every way the name is written in `form` (variant endings), the written one first.
    pub fn variants(&self, form: Form) -> Vec<String> {
        let g = &*GRAMMAR;
        let mut out = vec![String::new()];
        let mut pos = 0;
        for word in &self.words {
            let lead = &self.text[pos..word.range.start];
            pos = word.range.end;
            let options: Vec<String> = match &word.role {
                Role::Adjective { typ, stem } => g
                    .adjectives
                    .get(*typ)
                    .map(|t| t.cell(Slot::of(self.gender, form.plural), form.case))
                    .unwrap_or(&[])
                    .iter()
                    .map(|e| {
                        let e = if word.caps == Caps::All {
                            e.to_uppercase()
                        } else {
                            e.clone()
                        };
                        format!("{stem}{e}")
                    })
                    .collect(),
                Role::Head => g
                    .nouns
                    .get(self.noun)
                    .map(|n| n.cell(form))
                    .unwrap_or(&[])
                    .iter()
                    .map(|v| word.caps.apply(v))
                    .collect(),
            };
            let options: Vec<String> = options
                .into_iter()
                .map(|o| match word.apostrophe {
                    Some(a) => o.replace('\'', &a.to_string()),
                    None => o,
                })
                .collect();
            if options.is_empty() {
                return Vec::new();
            }
            let mut next = Vec::new();
            for prefix in &out {
                for o in &options {
                    if next.len() < MAX_VARIANTS {
                        next.push(format!("{prefix}{lead}{o}"));
                    }
                }
            }
            out = next;
        }
        let tail = &self.text[pos..];
        out.into_iter().map(|s| s + tail).collect()
    }

    /// The name written in `form`.
    pub fn written(&self, form: Form) -> String {
        self.variants(form)
            .into_iter()
            .next()
            .unwrap_or_else(|| self.text.clone())
    }
}

fn unknown_head(text: &str, word: &str, which: (&str, &str)) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        "Z551",
        format!(
            "невідома парадигма: не знайдено головного слова {} назви «{text}» (слова «{word}» \
             немає в таблицях відмінювання)",
            which.0
        ),
        format!(
            "unknown paradigm: no head noun found in the {} name «{text}» (the word «{word}» is \
             not in the inflection tables)",
            which.1
        ),
    )
    .hint(
        "додайте іменник одним рядком до grammars/inflection/nouns.tsv (рід і 14 форм)",
        "add the noun as one line to grammars/inflection/nouns.tsv (gender and 14 forms)",
    ))
}
