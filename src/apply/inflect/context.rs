//! Deciding the case of an ambiguous form from the word before it, and finding words around a name that agree with it.

use super::grammar::{Case, Form, GRAMMAR, Gender, WordKind, key};
use super::text::is_word_char;
use serde::Serialize;
use std::fmt;

/// What decided the case and number of a found name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The form has one reading.
    Form,
    /// The form has several readings, and all give the same new text.
    SameResult,
    /// The word right before the name governs it or agrees with it.
    Word { word: String, kind: WordKind },
    /// Nothing before decided, and a verb right after the name governs it (`Відділу … надати`).
    WordAfter { word: String, kind: WordKind },
    /// The name opens a sentence: nominative.
    SentenceStart,
    /// Nothing decided it: the likelier reading (genitive, nominative, accusative, dative,
    /// instrumental, locative; singular before plural).
    Default,
}

impl Rule {
    /// The rule in Ukrainian, for messages.
    pub fn uk(&self) -> String {
        match self {
            Rule::Form => "за формою".into(),
            Rule::SameResult => "усі прочитання дають той самий текст".into(),
            Rule::Word { word, kind } => format!("за словом «{word}» ({})", kind.uk()),
            Rule::WordAfter { word, kind } => {
                format!("за словом «{word}» після назви ({})", kind.uk())
            }
            Rule::SentenceStart => "на початку речення".into(),
            Rule::Default => "найімовірніше прочитання".into(),
        }
    }

    /// The rule in English.
    pub fn en(&self) -> String {
        match self {
            Rule::Form => "by its form".into(),
            Rule::SameResult => "all readings give the same text".into(),
            Rule::Word { word, kind } => format!("by the word «{word}» ({})", kind.en()),
            Rule::WordAfter { word, kind } => {
                format!("by the word «{word}» after the name ({})", kind.en())
            }
            Rule::SentenceStart => "at the start of a sentence".into(),
            Rule::Default => "the likelier reading".into(),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// What stands right before a found name.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Before<'a> {
    /// The start of the paragraph or of a sentence (after `.`, `:`, `;`, `!`, `?`).
    Start,
    Word(&'a str),
    /// A comma, a bracket, a quote, a number, a dash.
    Other,
}

pub(crate) fn before(text: &str, start: usize) -> Before<'_> {
    let head = text.get(..start).unwrap_or("").trim_end();
    let Some(last) = head.chars().next_back() else {
        return Before::Start;
    };
    if matches!(last, '.' | ':' | ';' | '!' | '?') {
        return Before::Start;
    }
    if !last.is_alphabetic() {
        return Before::Other;
    }
    let word_start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map(|(i, _)| i)
        .unwrap_or(head.len());
    Before::Word(&head[word_start..])
}

/// The word right after a found name, skipping spaces; `comma` tells whether a comma stood
/// between them.
pub(crate) fn after(text: &str, end: usize) -> Option<(&str, bool)> {
    let rest = text.get(end..)?.trim_start();
    let (rest, comma) = match rest.strip_prefix(',') {
        Some(r) => (r.trim_start(), true),
        None => (rest, false),
    };
    let len: usize = rest
        .chars()
        .take_while(|&c| is_word_char(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| (&rest[..len], comma))
}

/// Likelier first, where nothing else decides.
const DEFAULT_ORDER: [Case; 7] = [
    Case::Genitive,
    Case::Nominative,
    Case::Accusative,
    Case::Dative,
    Case::Instrumental,
    Case::Locative,
    Case::Vocative,
];

/// Order the open readings of a name (at least two) by what stands before it (or, for a
/// dative verb, right after it: `after`, when no comma parts them): the readings the context
/// allows, likelier first, and the rule that ordered them.
pub(crate) fn decide(
    readings: &[Form],
    before: &Before,
    after: Option<&str>,
    old_gender: Gender,
) -> (Vec<Form>, Rule) {
    let g = &*GRAMMAR;
    let mut rules: Vec<(Vec<Form>, Rule)> = Vec::new();
    match before {
        Before::Start => rules.push((
            vec![
                Form::new(Case::Nominative, false),
                Form::new(Case::Nominative, true),
            ],
            Rule::SentenceStart,
        )),
        Before::Word(word) => {
            let k = key(word);
            let rule = |kind| Rule::Word {
                word: word.to_string(),
                kind,
            };
            if let Some(gov) = g.words.iter().find(|w| w.key == k) {
                rules.push((gov.forms.clone(), rule(gov.kind)));
            }
            if !g.noun_readings(&k).is_empty() {
                let genitive = vec![
                    Form::new(Case::Genitive, false),
                    Form::new(Case::Genitive, true),
                ];
                rules.push((genitive, rule(WordKind::Noun)));
            }
            let agreeing: Vec<Form> = g
                .adjective_readings(&k, old_gender, 2)
                .into_iter()
                .map(|(_, _, f)| f)
                .collect();
            if !agreeing.is_empty() {
                rules.push((agreeing, rule(WordKind::Adjective)));
            }
            if let Some(gov) = g.governor(&k).filter(|gov| gov.key != k) {
                rules.push((gov.forms.clone(), rule(gov.kind)));
            }
        }
        Before::Other => {}
    }
    if let Some(word) = after {
        let k = key(word);
        if let Some(gov) = g
            .words
            .iter()
            .find(|w| w.key == k && w.kind == WordKind::Verb)
            .filter(|w| w.forms.first().is_some_and(|f| f.case == Case::Dative))
        {
            rules.push((
                gov.forms.clone(),
                Rule::WordAfter {
                    word: word.to_string(),
                    kind: gov.kind,
                },
            ));
        }
    }
    for (allowed, rule) in rules {
        let mut open: Vec<(usize, Form)> = readings
            .iter()
            .filter_map(|f| allowed.iter().position(|a| a == f).map(|i| (i, *f)))
            .collect();
        if open.is_empty() {
            continue;
        }
        open.sort_by_key(|&(i, f)| (f.plural, i));
        return (
            drop_vocative(open.into_iter().map(|(_, f)| f).collect()),
            rule,
        );
    }
    let mut open = readings.to_vec();
    open.sort_by_key(|f| {
        (
            f.plural,
            DEFAULT_ORDER.iter().position(|c| *c == f.case).unwrap_or(7),
        )
    });
    (drop_vocative(open), Rule::Default)
}

/// The vocative stays open only where nothing else is (names are rarely addressed).
fn drop_vocative(mut forms: Vec<Form>) -> Vec<Form> {
    if forms.iter().any(|f| f.case != Case::Vocative) {
        forms.retain(|f| f.case != Case::Vocative);
    }
    forms
}

const RELATIVES: [&str; 13] = [
    "який",
    "яка",
    "яке",
    "якого",
    "якої",
    "якому",
    "якій",
    "яким",
    "якою",
    "що",
    "котрий",
    "котра",
    "котре",
];

/// Words next to a found name (in singular `form`) that agree with its old gender: an
/// adjective or pronoun before it, a relative pronoun or a past-tense verb after it.
pub(crate) fn agreeing_neighbours(
    text: &str,
    start: usize,
    end: usize,
    form: Form,
    old_gender: Gender,
) -> Vec<String> {
    let g = &*GRAMMAR;
    let mut out = Vec::new();
    if let Before::Word(word) = before(text, start) {
        let k = key(word);
        let agrees = match g.words.iter().find(|w| w.key == k) {
            Some(gov) => gov.kind == WordKind::Agreeing && gov.forms.contains(&form),
            None => {
                k.chars().count() >= 4
                    && g.noun_readings(&k).is_empty()
                    && g.adjective_readings(&k, old_gender, 1)
                        .iter()
                        .any(|(_, _, f)| *f == form)
            }
        };
        if agrees {
            out.push(word.to_string());
        }
    }
    if let Some((word, comma)) = after(text, end) {
        let k = key(word);
        let long = k.chars().count() >= 4;
        let past = match old_gender {
            Gender::Masculine => ["ив", "ав", "яв", "ув"].iter().any(|e| k.ends_with(e)),
            Gender::Feminine => k.ends_with("ла"),
            Gender::Neuter => k.ends_with("ло"),
        };
        if RELATIVES.contains(&k.as_str()) || (!comma && long && past) {
            out.push(word.to_string());
        }
    }
    out
}

const VOWELS: &str = "аеєиіїоуюя";

/// The preposition `у`/`в`, `з`/`зі` right before a found name, rewritten for the sound the new
/// name starts with (милозвучність: «в управлінні» but «у відділі», «з управлінням» but «зі
/// службою»): (its byte offset, the preposition as written, the new one), when it changes.
pub(crate) fn euphony(text: &str, start: usize, new_name: &str) -> Option<(usize, String, String)> {
    let Before::Word(prep) = before(text, start) else {
        return None;
    };
    let head = text.get(..start)?.trim_end();
    let prep_start = head.len().checked_sub(prep.len())?;
    let lower = key(prep);
    let mut letters = new_name.chars().flat_map(char::to_lowercase);
    let first = letters.next()?;
    let second = letters.next();
    let vowel = |c: char| VOWELS.contains(c);
    // What stands before the preposition: a vowel, a consonant, or a pause.
    let before_prep = text.get(..prep_start)?.trim_end().chars().next_back();
    let after_vowel = before_prep
        .is_some_and(|c| c.is_alphabetic() && vowel(c.to_lowercase().next().unwrap_or(c)));
    let after_consonant = before_prep.is_some_and(|c| c.is_alphabetic()) && !after_vowel;
    let sibilant_cluster =
        "зсшщжч".contains(first) && second.is_some_and(|c| c.is_alphabetic() && !vowel(c));
    let new = match lower.as_str() {
        "у" if vowel(first) && !after_consonant => "в",
        "в" if "вф".contains(first) || (!vowel(first) && !after_vowel) => "у",
        "з" if sibilant_cluster => "зі",
        "зі" if !sibilant_cluster => "з",
        _ => return None,
    };
    let written = if prep.chars().next().is_some_and(char::is_uppercase) {
        super::name::upper_first(new)
    } else {
        new.to_string()
    };
    Some((prep_start, prep.to_string(), written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_finds_the_word_or_the_start() {
        let t = "здійснюється  управлінням";
        let at = t.len() - "управлінням".len();
        assert_eq!(before(t, at), Before::Word("здійснюється"));
        assert_eq!(before("10.2.4. Управлінням", 8), Before::Start);
        assert_eq!(before("(управління", 1), Before::Other);
        assert_eq!(before("", 0), Before::Start);
    }

    #[test]
    fn euphony_of_prepositions() {
        let e = |t: &str, new: &str| euphony(t, t.len(), new).map(|(_, _, n)| n);
        assert_eq!(e("У ", "управліннях").as_deref(), Some("В"));
        assert_eq!(e("зберігаються в ", "відділі").as_deref(), Some("у"));
        assert_eq!(e("зберігаються в ", "департаменті"), None);
        assert_eq!(e("Документ у ", "управлінні"), None);
        assert_eq!(e("погоджується зі ", "департаментом").as_deref(), Some("з"));
        assert_eq!(e("погоджується з ", "службою").as_deref(), Some("зі"));
        assert_eq!(e("до ", "служби"), None);
    }
}
