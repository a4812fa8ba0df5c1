//! The grammar's vocabulary, loaded from `grammars/vocabulary/*.tsv` at compile time.
//!
//! Every word list is data: adding a synonym or a missing case form is one line in a TSV file.
//! The files are embedded with `include_str!` and parsed once, on first use.

use crate::ir::UnitWord;
use std::collections::HashMap;
use std::sync::LazyLock;

const UNITS: &str = include_str!("../../../grammars/vocabulary/units.tsv");
const VERBS: &str = include_str!("../../../grammars/vocabulary/verbs.tsv");
const PHRASES: &str = include_str!("../../../grammars/vocabulary/phrases.tsv");
const ORDINALS: &str = include_str!("../../../grammars/vocabulary/ordinals.tsv");

/// Grammatical cases as a bit set: nominative, genitive, dative, accusative, instrumental,
/// locative, vocative.
pub mod case {
    pub const N: u8 = 1;
    pub const G: u8 = 2;
    pub const D: u8 = 4;
    pub const A: u8 = 8;
    pub const I: u8 = 16;
    pub const L: u8 = 32;
    pub const V: u8 = 64;
}

/// What a unit word names: a unit of the document, quoted words, or the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Noun {
    Unit(UnitWord),
    /// слова, слово, фраза, цифри: quoted words inside a unit.
    Words,
    /// текст (`у тексті Регламенту`): the whole document.
    Text,
}

/// One inflected form of a unit word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    pub noun: Noun,
    /// Bit set of [`case`] values the form can stand for.
    pub cases: u8,
    pub singular: bool,
    pub plural: bool,
}

/// The operation a verb introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    Replace,
    Insert,
    Delete,
    Restate,
    Renumber,
    Repeal,
    /// `Внести … такі зміни`: introduces the changes.
    Frame,
}

/// What a fixed phrase means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phrase {
    Redaction,
    Content,
    AllCases,
    AllCasesNumbers,
    Inflect,
    InflectNumbers,
    Numbers,
    Respectively,
    Previous,
    Changes,
    Namely,
    Filler,
}

/// A multi-word entry: its words and what it means.
#[derive(Clone, Debug)]
pub struct Entry<T> {
    pub words: Vec<String>,
    pub value: T,
}

/// What the vocabulary says about a word: computed once per word form at load time, so that
/// the lexer does one lookup per word and the grammar none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Class {
    pub form: Option<Form>,
    pub ordinal: Option<i32>,
    /// Some verb entry starts with this word.
    pub verb: bool,
    /// Some phrase entry starts with this word; `keyword` when one is not a mere filler.
    pub phrase: bool,
    pub keyword: bool,
}

impl Class {
    /// The class of a folded word (all false for words the vocabulary does not know).
    pub fn of(low: &str) -> Class {
        VOCAB.classes.get(low).copied().unwrap_or_default()
    }

    /// The vocabulary's own copy of a folded word it knows, and its class.
    pub fn known(low: &str) -> Option<(&'static str, Class)> {
        VOCAB
            .classes
            .get_key_value(low)
            .map(|(k, c)| (k.as_str(), *c))
    }
}

/// The whole vocabulary.
#[derive(Debug)]
pub struct Vocabulary {
    /// Every known word form and what it can be. Every word of a multi-word entry and the
    /// grammar's own words ([`GRAMMAR_WORDS`]) are here too (with an empty class when they
    /// are nothing else), so that the lexer shares their folded form instead of copying it.
    pub classes: FxMap<String, Class>,
    pub units: FxMap<String, Form>,
    /// Verbs by their first word, longest entries first.
    pub verbs: FxMap<String, Vec<Entry<Verb>>>,
    /// Phrases by their first word, longest entries first.
    pub phrases: FxMap<String, Vec<Entry<Phrase>>>,
    pub ordinals: FxMap<String, i32>,
}

/// Lower case with a fast path for ASCII and Cyrillic (the table lookup of `to_lowercase` is
/// the lexer's hottest spot otherwise).
#[inline]
pub fn lower(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'a'..='z' | '0'..='9' => c,
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        'а'..='я' | 'ѐ'..='џ' => c,
        'Ґ' => 'ґ',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// A letter, with a fast path for ASCII and Cyrillic.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{52f}' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, with a fast path for ASCII and Cyrillic.
#[inline]
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_letter(c) || c.is_numeric()
    }
}

/// `char::is_uppercase`, with a fast path for ASCII and the basic Cyrillic block.
#[inline]
pub fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | 'Ѐ'..='Я' => true,
        _ if c.is_ascii() => false,
        'а'..='џ' => false,
        _ => c.is_uppercase(),
    }
}

/// `char::is_lowercase`, with a fast path for ASCII and the basic Cyrillic block.
#[inline]
pub fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' | 'а'..='џ' => true,
        _ if c.is_ascii() => false,
        'Ѐ'..='Я' => false,
        _ => c.is_lowercase(),
    }
}

/// A fast, deterministic hasher for the vocabulary's short keys (FxHash): the lexer looks up
/// every word, and SipHash's per-call cost showed in profiles.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Hash maps keyed by folded words.
pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
/// Hash sets of folded words.
pub type FxSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// The byte length of the whitespace character at byte `i` of `s` (0 when there is none):
/// `char::is_whitespace` without decoding the bytes that cannot start a whitespace character
/// (every one outside ASCII starts with 0xC2, 0xE1, 0xE2 or 0xE3).
#[inline]
fn ws_len(s: &str, i: usize) -> usize {
    match s.as_bytes().get(i) {
        Some(b'\t'..=b'\r' | b' ') => 1,
        Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// `str::split_whitespace`, scanning bytes.
pub struct WsWords<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for WsWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.s.len();
        let mut i = self.pos;
        loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            match ws_len(self.s, i) {
                0 => break,
                w => i += w,
            }
        }
        let start = i;
        while i < len && ws_len(self.s, i) == 0 {
            i += 1;
        }
        self.pos = i;
        self.s.get(start..i)
    }
}

/// The words of `s` between runs of whitespace (as `str::split_whitespace`).
pub fn ws_words(s: &str) -> WsWords<'_> {
    WsWords { s, pos: 0 }
}

/// Runs of whitespace folded to one space, none at the ends.
pub fn fold_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in ws_words(s) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `fold(&fold_ws(s))` in one pass.
pub fn fold_ws_folded(s: &str) -> String {
    fold_ws_folded_prefix(s, usize::MAX)
}

/// A prefix of [`fold_ws_folded`]: whole words up to the first that reaches `limit` bytes.
pub fn fold_ws_folded_prefix(s: &str, limit: usize) -> String {
    let mut out = String::with_capacity(s.len().min(limit.saturating_add(64)));
    for w in ws_words(s) {
        if out.len() >= limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        fold_push(w, &mut out);
    }
    out
}

/// Fold a word for lookups: lower case, every apostrophe as `'`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_push(word, &mut out);
    out
}

/// One character of [`fold`].
#[inline]
fn fold_char(c: char) -> char {
    match c {
        '’' | 'ʼ' | '`' | '‘' | '\u{2032}' => '\'',
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        'а'..='я' | 'ѐ'..='џ' => c,
        'А'..='Я' | 'Ѐ'..='Џ' => lower(c),
        other => {
            let mut l = other.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) => x,
                _ => other,
            }
        }
    }
}

/// Append [`fold`] of `word` to `out`, copying the runs that folding leaves alone whole.
pub fn fold_push(word: &str, out: &mut String) {
    let mut run = 0;
    for (i, c) in word.char_indices() {
        let f = fold_char(c);
        if f != c {
            out.push_str(word.get(run..i).unwrap_or(""));
            out.push(f);
            run = i + c.len_utf8();
        }
    }
    out.push_str(word.get(run..).unwrap_or(""));
}

/// A quick test before folding and looking up a word: can [`fold`] of `word` be a verb key
/// ([`Class::verb`])? Folding maps characters one to one, so the key has the word's character
/// count and the folded first character: both are checked against masks of the verb keys.
pub fn may_be_verb(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    let (firsts, lens) = *VERB_MASKS;
    firsts & (1 << first_bit(fold_char(first))) != 0
        && lens & (1 << word.chars().count().min(63)) != 0
}

/// The bit of a folded first character in [`VERB_MASKS`]: `а`–`я` one each, all others 63.
fn first_bit(c: char) -> u32 {
    match c {
        'а'..='я' => c as u32 - 'а' as u32,
        _ => 63,
    }
}

/// Masks of the verb keys' first characters ([`first_bit`]) and character counts (63 and more
/// share bit 63).
static VERB_MASKS: LazyLock<(u64, u64)> = LazyLock::new(|| {
    VOCAB
        .classes
        .iter()
        .filter(|(_, c)| c.verb)
        .fold((0, 0), |(f, l), (k, _)| {
            let first = k.chars().next().map_or(63, first_bit);
            (f | 1 << first, l | 1 << k.chars().count().min(63))
        })
});

/// Whether [`fold`] leaves `word` as it is.
pub fn is_folded(word: &str) -> bool {
    word.chars().all(|c| fold_char(c) == c)
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn unit_word(name: &str) -> Option<Noun> {
    Some(match name {
        "section" => Noun::Unit(UnitWord::Section),
        "chapter" => Noun::Unit(UnitWord::Chapter),
        "article" => Noun::Unit(UnitWord::Article),
        "part" => Noun::Unit(UnitWord::Part),
        "point" => Noun::Unit(UnitWord::Point),
        "subpoint" => Noun::Unit(UnitWord::Subpoint),
        "paragraph" => Noun::Unit(UnitWord::Paragraph),
        "sentence" => Noun::Unit(UnitWord::Sentence),
        "appendix" => Noun::Unit(UnitWord::Appendix),
        "column" => Noun::Unit(UnitWord::Column),
        "row" => Noun::Unit(UnitWord::Row),
        "note" => Noun::Unit(UnitWord::Note),
        "heading" => Noun::Unit(UnitWord::Heading),
        "words" => Noun::Words,
        "text" => Noun::Text,
        _ => return None,
    })
}

fn cases(s: &str) -> u8 {
    s.chars()
        .map(|c| match c {
            'n' => case::N,
            'g' => case::G,
            'd' => case::D,
            'a' => case::A,
            'i' => case::I,
            'l' => case::L,
            'v' => case::V,
            _ => 0,
        })
        .fold(0, |a, b| a | b)
}

fn verb(name: &str) -> Option<Verb> {
    Some(match name {
        "replace" => Verb::Replace,
        "insert" => Verb::Insert,
        "delete" => Verb::Delete,
        "restate" => Verb::Restate,
        "renumber" => Verb::Renumber,
        "repeal" => Verb::Repeal,
        "frame" => Verb::Frame,
        _ => return None,
    })
}

fn phrase(name: &str) -> Option<Phrase> {
    Some(match name {
        "redaction" => Phrase::Redaction,
        "content" => Phrase::Content,
        "all_cases" => Phrase::AllCases,
        "all_cases_numbers" => Phrase::AllCasesNumbers,
        "inflect" => Phrase::Inflect,
        "inflect_numbers" => Phrase::InflectNumbers,
        "numbers" => Phrase::Numbers,
        "respectively" => Phrase::Respectively,
        "previous" => Phrase::Previous,
        "changes" => Phrase::Changes,
        "namely" => Phrase::Namely,
        "filler" => Phrase::Filler,
        _ => return None,
    })
}

fn multi<T: Copy>(text: &str, read: fn(&str) -> Option<T>) -> FxMap<String, Vec<Entry<T>>> {
    let mut map: FxMap<String, Vec<Entry<T>>> = FxMap::default();
    for row in rows(text) {
        let (Some(words), Some(value)) = (row.first(), row.get(1).and_then(|v| read(v))) else {
            continue;
        };
        let words: Vec<String> = words.split_whitespace().map(fold).collect();
        let Some(first) = words.first().cloned() else {
            continue;
        };
        map.entry(first).or_default().push(Entry { words, value });
    }
    for entries in map.values_mut() {
        entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    }
    map
}

fn load() -> Vocabulary {
    let mut units = FxMap::default();
    for row in rows(UNITS) {
        let (Some(form), Some(noun)) = (row.first(), row.get(1).and_then(|u| unit_word(u))) else {
            continue;
        };
        let numbers = row.get(3).copied().unwrap_or("sp");
        units.insert(
            fold(form),
            Form {
                noun,
                cases: cases(row.get(2).copied().unwrap_or("")),
                singular: numbers.contains('s'),
                plural: numbers.contains('p'),
            },
        );
    }
    let mut ordinals = FxMap::default();
    for row in rows(ORDINALS) {
        if let (Some(form), Some(Ok(v))) = (row.first(), row.get(1).map(|v| v.parse::<i32>())) {
            ordinals.insert(fold(form), v);
        }
    }
    let verbs = multi(VERBS, verb);
    let phrases = multi(PHRASES, phrase);
    let mut classes: FxMap<String, Class> = FxMap::default();
    for (w, f) in &units {
        classes.entry(w.clone()).or_default().form = Some(*f);
    }
    for (w, v) in &ordinals {
        classes.entry(w.clone()).or_default().ordinal = Some(*v);
    }
    for w in verbs.keys() {
        classes.entry(w.clone()).or_default().verb = true;
    }
    for (w, e) in &phrases {
        let c = classes.entry(w.clone()).or_default();
        c.phrase = true;
        c.keyword = e.iter().any(|e| e.value != Phrase::Filler);
    }
    let entry_words = verbs
        .values()
        .flatten()
        .flat_map(|e| &e.words)
        .chain(phrases.values().flatten().flat_map(|e| &e.words))
        .cloned();
    for w in entry_words.chain(GRAMMAR_WORDS.iter().map(|w| fold(w))) {
        classes.entry(w).or_default();
    }
    Vocabulary {
        classes,
        units,
        verbs,
        phrases,
        ordinals,
    }
}

/// Words the grammar and the item reader match literally, and frequent words of act names:
/// interned (see [`Vocabulary::classes`]); listing a word here changes no reading.
const GRAMMAR_WORDS: &[&str] = &[
    "а",
    "і",
    "й",
    "та",
    "також",
    "з",
    "із",
    "зі",
    "на",
    "в",
    "у",
    "до",
    "від",
    "після",
    "перед",
    "згідно",
    "відповідно",
    "що",
    "року",
    "р",
    "n",
    "змінами",
    "змінам",
    "доповненнями",
    "доповнення",
    "додаток",
    "додатки",
    "додається",
    "додаються",
    "див",
    "додатком",
    "додатка",
    "додатку",
    "додатками",
    "додатків",
    "п",
    "пп",
    "ст",
    "ч",
    "абз",
    "розд",
    "гл",
    "рішення",
    "рішенням",
    "рішенні",
    "рішенню",
    "розпорядження",
    "розпорядженням",
    "розпорядженні",
    "наказ",
    "наказу",
    "наказом",
    "наказі",
    "постанова",
    "постанови",
    "постановою",
    "постанові",
    "ухвала",
    "ухвали",
    "ухвалою",
    "затвердженого",
    "затвердженої",
    "затверджених",
    "затвердженим",
    "затвердженою",
    "затверджений",
    "затверджене",
    "затверджену",
    "виконкому",
    "виконавчого",
    "комітету",
    "міської",
    "міського",
    "ради",
    "голови",
    "такі",
    "зміни",
    "змін",
    "про",
    "затвердження",
    "порядку",
    "регламенту",
    "положення",
    "такого",
    "змісту",
    "такій",
    "редакції",
    "новій",
];

/// The vocabulary, parsed on first use.
pub static VOCAB: LazyLock<Vocabulary> = LazyLock::new(load);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_read() {
        let v = &*VOCAB;
        assert_eq!(v.units.len(), rows(UNITS).count());
        assert_eq!(v.ordinals.len(), rows(ORDINALS).count());
        let verbs: usize = v.verbs.values().map(Vec::len).sum();
        assert_eq!(verbs, rows(VERBS).count());
        let phrases: usize = v.phrases.values().map(Vec::len).sum();
        assert_eq!(phrases, rows(PHRASES).count());
        assert_eq!(v.ordinals.get("другому"), Some(&2));
        assert_eq!(v.ordinals.get("останній"), Some(&-1));
        assert_eq!(v.units["пунктами"].noun, Noun::Unit(UnitWord::Point));
    }

    #[test]
    fn fast_char_classes_agree_with_std() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("ПУНКТ’ами Über"), "пункт'ами über");
        assert_eq!(fold("İx"), "İx");
        assert!(is_folded("пункт 3.1"));
        assert!(!is_folded("Пункт"));
        assert_eq!(
            fold_ws_folded_prefix(" Секретар  міської ради", 5),
            "секретар"
        );
        assert_eq!(
            fold_ws_folded(" Секретар  міської\tради "),
            "секретар міської ради"
        );
    }

    #[test]
    fn whitespace_words_agree_with_std() {
        let samples = [
            "",
            " ",
            "  а  б ",
            "\tПро\u{a0}внесення\u{2003}змін\u{3000}x\u{1680}y\u{85}z\u{2028}",
            "«слова» –\u{202f}“x”\r\n",
            "\u{c2}\u{e1}\u{e2}\u{e3}",
        ];
        for s in samples {
            let a: Vec<&str> = ws_words(s).collect();
            let b: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(a, b, "{s:?}");
        }
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("a{c}b{c}");
            let a: Vec<&str> = ws_words(&s).collect();
            let b: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(a, b, "{c:?}");
        }
    }
}
