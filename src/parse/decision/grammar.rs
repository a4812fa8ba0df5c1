//! The formula grammar over tokens, written with nom 8 combinators: a clause is a sequence of
//! constituents (verbs, fixed phrases, addresses in their cases, quoted words, acts, content
//! markers) in whatever order Ukrainian puts them; `interp` then reads the sequence.

use super::diags::{self, Pending};
use super::lex::{Kind, ODD_DASHES, Tok};
use super::toks::Toks;
use super::vocab::{Form, Noun, Phrase, VOCAB, Verb, case};
use crate::ir::{Number, Sel, Step, UnitWord};
use nom::{
    IResult, Parser,
    branch::alt,
    error::{Error, ErrorKind},
};

pub type R<'a, O> = IResult<Toks<'a>, O>;

fn fail<O>(i: Toks<'_>) -> R<'_, O> {
    Err(nom::Err::Error(Error::new(i, ErrorKind::Tag)))
}

/// The size rank of a unit word: larger units have smaller ranks. Steps of an address are kept
/// in rank order (largest first).
pub fn rank(w: UnitWord) -> u8 {
    match w {
        UnitWord::Appendix => 0,
        UnitWord::Section => 1,
        UnitWord::Chapter => 2,
        UnitWord::Article => 3,
        UnitWord::Part => 4,
        UnitWord::Point | UnitWord::Row => 5,
        UnitWord::Subpoint => 6,
        UnitWord::Column => 7,
        UnitWord::Paragraph => 8,
        UnitWord::Sentence | UnitWord::Note => 9,
        UnitWord::Heading => 10,
    }
}

// ---------------------------------------------------------------------------------------------
// Primitive token parsers

fn tok_if(pred: impl Fn(&Tok) -> bool) -> impl Fn(Toks<'_>) -> R<'_, &Tok> {
    move |i: Toks<'_>| match i.first() {
        Some(t) if pred(t) => Ok((i.skip(1), t)),
        _ => fail(i),
    }
}

/// One word among `list` (folded forms).
fn word_in(list: &'static [&'static str]) -> impl Fn(Toks<'_>) -> R<'_, &Tok> {
    tok_if(move |t| t.kind == Kind::Word && list.contains(&t.low()))
}

fn punct(c: char) -> impl Fn(Toks<'_>) -> R<'_, &Tok> {
    tok_if(move |t| t.kind == Kind::Punct(c))
}

fn quote(i: Toks<'_>) -> R<'_, (usize, &Tok<'_>)> {
    match i.first() {
        Some(t) => match t.kind {
            Kind::Quote(q) => Ok((i.skip(1), (q, t))),
            _ => fail(i),
        },
        None => fail(i),
    }
}

fn unit(i: Toks<'_>) -> R<'_, (Form, &Tok<'_>)> {
    match i.first() {
        Some(t) if t.kind == Kind::Word => match &t.class.form {
            Some(f) => {
                let mut rest = i.skip(1);
                // Abbreviations: `п. 3.1`, `пп. 2`.
                if (t.low == "п" || t.low == "пп")
                    && rest.first().map(|x| x.kind) == Some(Kind::Punct('.'))
                {
                    rest = rest.skip(1);
                }
                Ok((rest, (*f, t)))
            }
            None => fail(i),
        },
        _ => fail(i),
    }
}

fn ordinal(i: Toks<'_>) -> R<'_, (i32, &Tok<'_>)> {
    match i.first() {
        Some(t) if t.kind == Kind::Word => match t.class.ordinal {
            Some(v) => Ok((i.skip(1), (v, t))),
            None => fail(i),
        },
        _ => fail(i),
    }
}

/// A number token (or a Roman numeral written in capitals) that is a valid unit number.
fn number(i: Toks<'_>) -> R<'_, (Number, &Tok<'_>)> {
    match i.first() {
        Some(t) if t.kind == Kind::Num || (t.kind == Kind::Word && t.upper) => {
            let n = if t.kind == Kind::Num {
                Number::parse(&t.low)
            } else {
                crate::ir::number::parse_roman(&t.low.to_uppercase()).map(Number::Roman)
            };
            match n {
                Some(n) => Ok((i.skip(1), (n, t))),
                None => fail(i),
            }
        }
        _ => fail(i),
    }
}

/// A multi-word vocabulary entry starting at the first token; commas between words are
/// skipped when `skip_commas`.
fn multi<'a, T: Copy>(
    i: Toks<'a>,
    map: &super::vocab::FxMap<String, Vec<super::vocab::Entry<T>>>,
    skip_commas: bool,
) -> R<'a, (T, usize, usize)> {
    let Some(first) = i.first() else {
        return fail(i);
    };
    if first.kind != Kind::Word {
        return fail(i);
    }
    let Some(entries) = map.get(first.low()) else {
        return fail(i);
    };
    'entry: for e in entries {
        let mut k = 0usize;
        let mut last_end = first.end;
        for w in &e.words {
            loop {
                match i.get(k) {
                    Some(t) if skip_commas && t.kind == Kind::Punct(',') && k > 0 => k += 1,
                    _ => break,
                }
            }
            match i.get(k) {
                Some(t) if t.kind == Kind::Word && t.low() == w.as_str() => {
                    last_end = t.end;
                    k += 1;
                }
                _ => continue 'entry,
            }
        }
        return Ok((i.skip(k), (e.value, first.start, last_end)));
    }
    fail(i)
}

fn verb(i: Toks<'_>) -> R<'_, (Verb, usize, usize)> {
    if !i.first().is_some_and(|t| t.class.verb) {
        return fail(i);
    }
    multi(i, &VOCAB.verbs, true)
}

fn phrase(i: Toks<'_>) -> R<'_, (Phrase, usize, usize)> {
    if !i.first().is_some_and(|t| t.class.phrase) {
        return fail(i);
    }
    multi(i, &VOCAB.phrases, false)
}

fn adjacent(a: &Tok, b: &Tok) -> bool {
    a.end == b.start
}

// ---------------------------------------------------------------------------------------------
// Addresses

/// One element of a unit list: its path (largest first) and where it was written.
#[derive(Clone, Debug)]
pub struct Elem {
    pub steps: Vec<Step>,
    pub start: usize,
    pub end: usize,
}

/// A list of units in one case: `пункти 3.1, 3.16, підпункти 22.1.8` + a genitive tail
/// (`пункту 3.2 розділу 3`), normalised largest first.
#[derive(Clone, Debug)]
pub struct Units {
    pub form: Form,
    pub elems: Vec<Elem>,
    /// Parent steps named after the list (genitive), largest first.
    pub tail: Vec<Step>,
    pub start: usize,
    pub end: usize,
    /// Warnings and errors found inside (dashes, ranges), reported if the phrase is used.
    pub diags: Vec<PendingBox>,
}

/// A diagnostic carried inside a parsed value until the value is used.
#[derive(Debug)]
pub struct PendingBox(pub Box<PendingData>);

/// The parts of a [`Pending`] (kept separately so that values stay `Clone`).
#[derive(Clone, Debug)]
pub struct PendingData {
    pub diag: crate::ir::Diagnostic,
    pub start: usize,
    pub end: usize,
}

impl Clone for PendingBox {
    fn clone(&self) -> Self {
        PendingBox(self.0.clone())
    }
}

impl From<Pending> for PendingBox {
    fn from(p: Pending) -> Self {
        PendingBox(Box::new(PendingData {
            diag: p.diag,
            start: p.start,
            end: p.end,
        }))
    }
}

impl PendingBox {
    pub fn into_pending(self) -> Pending {
        let d = *self.0;
        Pending {
            diag: d.diag,
            start: d.start,
            end: d.end,
        }
    }
}

/// What follows a unit word: a number, a range, an ordinal, a title, or nothing.
fn selection<'a>(
    i: Toks<'a>,
    form: Form,
    word: UnitWord,
    diags: &mut Vec<PendingBox>,
) -> (Toks<'a>, Sel, Option<String>, usize) {
    // An ordinal after the word: `абзац другий`, `абзаци третій – п'ятий`.
    if let Ok((rest, (v, t))) = ordinal(i) {
        if let Some(d) = rest.first()
            && let Kind::Dash(_) = d.kind
            && let Ok((rest2, (w, t2))) = ordinal(rest.skip(1))
        {
            return (rest2, Sel::OrdinalRange(v, w), None, t2.end);
        }
        return (rest, Sel::Ordinal(v), None, t.end);
    }
    if let Ok((rest, (n, t))) = number(i) {
        let mut end = t.end;
        let mut rest = rest;
        let mut sel = Sel::Num(n.clone());
        if let (Some(d), Some(t2)) = (rest.first(), rest.get(1)) {
            let dash = match d.kind {
                Kind::Dash(c) => Some(c),
                Kind::Punct('(') if adjacent(t, d) && adjacent(d, t2) => Some('('),
                _ => None,
            };
            if let (Some(c), Ok((rest2, (n2, t2)))) = (dash, number(rest.skip(1))) {
                let plain_small = !t2.low.contains('.') && n2.depth() == 1;
                let singular = form.singular && !form.plural;
                let both = form.singular && form.plural;
                let smaller = n2.last_value() < n.last_value();
                let sup = c == '-'
                    && adjacent(t, d)
                    && adjacent(d, t2)
                    && plain_small
                    && (singular || (both && smaller))
                    && t.kind == Kind::Num;
                if sup && let Some(s) = n2.last_value().and_then(|v| n.with_sup(v)) {
                    diags.push(
                        diags::superscript(
                            t.start,
                            t2.end,
                            &format!("{}-{}", t.low, t2.low),
                            &s.to_string(),
                        )
                        .into(),
                    );
                    return (rest2, Sel::Num(s), title_after(rest2, word).1, t2.end);
                }
                if c == '(' {
                    diags.push(diags::paren_dash(d.start, &n.to_string(), &n2.to_string()).into());
                } else if ODD_DASHES.contains(c) {
                    diags.push(diags::odd_dash(d.start, d.end, c).into());
                }
                if n.depth() != n2.depth() {
                    diags.push(
                        diags::range_levels(t.start, t2.end, &n.to_string(), &n2.to_string())
                            .into(),
                    );
                } else if n2 < n {
                    diags.push(
                        diags::reversed_range(t.start, t2.end, &n.to_string(), &n2.to_string())
                            .into(),
                    );
                }
                sel = Sel::Range(n, n2);
                rest = rest2;
                end = t2.end;
            }
        }
        let (rest, title, tend) = title_after(rest, word);
        return (rest, sel, title, tend.unwrap_or(end));
    }
    if let Ok((rest, (q, t))) = quote(i) {
        // `графі «Строк виконання»`, `розділ «…»`, `підпункт «а»` (a letter label: `interp`
        // turns a one-letter title of a point into its number).
        if matches!(
            word,
            UnitWord::Column
                | UnitWord::Point
                | UnitWord::Subpoint
                | UnitWord::Section
                | UnitWord::Chapter
                | UnitWord::Article
                | UnitWord::Appendix
                | UnitWord::Row
        ) {
            return (rest, Sel::Titled(format!("#{q}")), None, t.end);
        }
    }
    (i, Sel::Unnumbered, None, 0)
}

/// A quoted title right after a numbered section-like unit: `розділ 2 «Організація …»`.
fn title_after(i: Toks<'_>, word: UnitWord) -> (Toks<'_>, Option<String>, Option<usize>) {
    if matches!(
        word,
        UnitWord::Section | UnitWord::Chapter | UnitWord::Article | UnitWord::Appendix
    ) && let Ok((rest, (q, t))) = quote(i)
    {
        return (rest, Some(format!("#{q}")), Some(t.end));
    }
    (i, None, None)
}

/// One element: an optional ordinal before the unit word (`останній абзац`), the unit word
/// (or the previous one when `prev` is given), and its selection.
fn element<'a>(
    i: Toks<'a>,
    prev: Option<(Form, UnitWord)>,
    cases: u8,
    diags: &mut Vec<PendingBox>,
) -> Option<(Toks<'a>, Form, Elem)> {
    let start_tok = i.first()?;
    let (i2, pre) = match ordinal(i) {
        Ok((r, (v, _))) => (r, Some(v)),
        Err(_) => (i, None),
    };
    let (rest, form, word) = match unit(i2) {
        Ok((r, (f, _))) => match f.noun {
            Noun::Unit(w) if cases == 0 || f.cases & cases != 0 => (r, f, w),
            _ => return None,
        },
        Err(_) => {
            let (f, w) = prev?;
            if pre.is_some() {
                return None;
            }
            (i2, f, w)
        }
    };
    let (rest, mut sel, title, end) = selection(rest, form, word, diags);
    if let Some(v) = pre
        && sel == Sel::Unnumbered
    {
        sel = Sel::Ordinal(v);
    }
    if prev.is_some() && i2.first().map(|t| t.start) == i.first().map(|t| t.start) {
        // A continuation element without its own unit word must select something.
        if sel == Sel::Unnumbered && unit(i2).is_err() {
            return None;
        }
    }
    let end = if end == 0 {
        // The unit word itself ends the element.
        i.toks
            .get(i.len() - rest.len() - 1)
            .map_or(start_tok.end, |t| t.end)
    } else {
        end
    };
    Some((
        rest,
        form,
        Elem {
            steps: vec![Step { word, sel, title }],
            start: start_tok.start,
            end,
        },
    ))
}

fn is_list_joint(t: &Tok) -> bool {
    t.kind == Kind::Punct(',') || (t.kind == Kind::Word && matches!(t.low(), "і" | "та" | "й"))
}

/// A list of units whose first unit word has one of `cases` (0: any case).
pub fn units(cases: u8) -> impl Fn(Toks<'_>) -> R<'_, Units> {
    move |i: Toks<'_>| {
        let mut diags = Vec::new();
        let Some((mut rest, form, first)) = element(i, None, cases, &mut diags) else {
            return fail(i);
        };
        let start = first.start;
        let mut end = first.end;
        let mut last = (form, first.steps[0].word);
        let list_cases = form.cases;
        let mut elems = vec![first];
        loop {
            // Locative chains: `в розділі 10 пункті 10.2.4` (a smaller unit in the same case,
            // no comma).
            if list_cases & case::L != 0
                && let Ok((_, (f, _))) = unit(rest)
                && let Noun::Unit(w) = f.noun
            {
                let cur = elems.last().map(|e| rank(e.steps[e.steps.len() - 1].word));
                if f.cases & case::L != 0 && Some(rank(w)) > cur {
                    let mut d2 = Vec::new();
                    if let Some((r, f2, e)) = element(rest, None, case::L, &mut d2) {
                        diags.extend(d2);
                        if let Some(el) = elems.last_mut() {
                            el.steps.extend(e.steps);
                            el.end = e.end;
                        }
                        end = e.end;
                        last = (f2, w);
                        rest = r;
                        continue;
                    }
                }
            }
            let Some(j) = rest.first() else { break };
            if !is_list_joint(j) {
                break;
            }
            let after = rest.skip(1);
            // A new unit word must share a case with the list; a bare number continues it.
            let mut d2 = Vec::new();
            let next = match unit(after) {
                Ok((_, (f, _))) => {
                    if f.cases & list_cases == 0 || !matches!(f.noun, Noun::Unit(_)) {
                        break;
                    }
                    element(after, None, list_cases, &mut d2)
                }
                Err(_) => element(after, Some(last), 0, &mut d2),
            };
            let Some((r, f, e)) = next else { break };
            diags.extend(d2);
            end = e.end;
            last = (f, e.steps[0].word);
            elems.push(e);
            rest = r;
        }
        // The genitive tail: larger units after the list (`пункту 3.2 розділу 3`).
        let mut tail: Vec<Step> = Vec::new();
        loop {
            let smallest = tail
                .last()
                .map(|s| rank(s.word))
                .or_else(|| elems.iter().map(|e| rank(e.steps[0].word)).min());
            let Ok((_, (f, _))) = unit(rest) else { break };
            let Noun::Unit(w) = f.noun else { break };
            if f.cases & case::G == 0 || Some(rank(w)) >= smallest {
                break;
            }
            let mut d2 = Vec::new();
            let Some((r, _, e)) = element(rest, None, case::G, &mut d2) else {
                break;
            };
            diags.extend(d2);
            end = e.end;
            tail.extend(e.steps);
            rest = r;
        }
        tail.reverse();
        Ok((
            rest,
            Units {
                form,
                elems,
                tail,
                start,
                end,
                diags,
            },
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Acts and documents

/// A reference to an act inside a clause: `рішення виконкому … від 22.03.2023 № 326 «…»`.
#[derive(Clone, Debug, Default)]
pub struct Act {
    pub words: String,
    pub date: Option<String>,
    pub number: Option<String>,
    pub title: Option<usize>,
    pub as_amended: bool,
    pub start: usize,
    pub end: usize,
    /// `затвердженого рішенням …`: the act approved the document named before it.
    pub approving: bool,
}

const ACT_HEADS: &[&str] = &[
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
];

const APPROVED: &[&str] = &[
    "затвердженого",
    "затвердженої",
    "затверджених",
    "затвердженим",
    "затвердженою",
    "затверджений",
    "затверджене",
    "затверджену",
];

fn as_amended(i: Toks<'_>) -> R<'_, usize> {
    let mut k = 0;
    if i.get(k).map(|t| t.kind) == Some(Kind::Punct(',')) {
        k += 1;
    }
    let paren = i.get(k).map(|t| t.kind) == Some(Kind::Punct('('));
    if paren {
        k += 1;
    }
    match (i.get(k), i.get(k + 1)) {
        (Some(a), Some(b))
            if matches!(a.low(), "зі" | "із" | "з") && matches!(b.low(), "змінами" | "змінам") =>
        {
            k += 2;
        }
        _ => return fail(i),
    }
    if let (Some(a), Some(b)) = (i.get(k), i.get(k + 1))
        && matches!(a.low(), "та" | "і")
        && b.low.starts_with("доповнення")
    {
        k += 2;
    }
    if paren && i.get(k).map(|t| t.kind) == Some(Kind::Punct(')')) {
        k += 1;
    }
    let end = i.get(k.saturating_sub(1)).map_or(0, |t| t.end);
    // A comma that closes `, зі змінами,`.
    if !paren && i.get(k).map(|t| t.kind) == Some(Kind::Punct(',')) {
        k += 1;
    }
    Ok((i.skip(k), end))
}

/// An act: optional participle, a head noun, its issuer, `від` date, `№` number, a title.
pub fn act(i: Toks<'_>) -> R<'_, Act> {
    let (rest, approving) = match word_in(APPROVED)(i) {
        Ok((r, _)) => (r, true),
        Err(_) => (i, false),
    };
    let (mut rest, head) = word_in(ACT_HEADS)(rest)?;
    let mut words_end = head.end;
    // The issuer: words up to `від` or `№`.
    let mut n = 0;
    while let Some(t) = rest.first() {
        if t.kind == Kind::Word && t.low != "від" && t.class.form.is_none() && n < 12 {
            words_end = t.end;
            rest = rest.skip(1);
            n += 1;
        } else {
            break;
        }
    }
    let mut a = Act {
        start: head.start,
        approving,
        ..Act::default()
    };
    a.words = format!("#{}-{}", head.start, words_end);
    if let Ok((r, _)) = word_in(&["від"])(rest)
        && let Some(t) = r.first()
        && t.kind == Kind::Num
        && crate::ir::Date::parse_dmy(&t.low).is_some()
    {
        a.date = Some(t.low().to_string());
        a.end = t.end;
        rest = r.skip(1);
        if let Ok((r2, _)) = word_in(&["року", "р"])(rest) {
            rest = r2;
            if rest.first().map(|t| t.kind) == Some(Kind::Punct('.')) {
                rest = rest.skip(1);
            }
        }
    }
    if let Some(t) = rest.first()
        && (t.kind == Kind::Sym('№') || t.low == "n")
        && let Some(nt) = rest.get(1)
        && nt.kind == Kind::Num
    {
        let mut num = nt.low().to_string();
        let mut k = 2;
        // `№ 326-р`, `№ 12/3`
        while let (Some(s), Some(x)) = (rest.get(k), rest.get(k + 1)) {
            if adjacent(rest.get(k - 1).unwrap_or(nt), s)
                && matches!(s.kind, Kind::Dash('-') | Kind::Sym('/'))
                && adjacent(s, x)
                && matches!(x.kind, Kind::Num | Kind::Word)
            {
                num.push_str(if s.kind == Kind::Sym('/') { "/" } else { "-" });
                num.push_str(&x.low);
                k += 2;
            } else {
                break;
            }
        }
        a.number = Some(num);
        a.end = rest.get(k - 1).map_or(nt.end, |t| t.end);
        rest = rest.skip(k);
    }
    if a.date.is_none() && a.number.is_none() {
        return fail(i);
    }
    if let Ok((r, (q, t))) = quote(rest) {
        a.title = Some(q);
        a.end = t.end;
        rest = r;
    }
    if let Ok((r, end)) = as_amended(rest) {
        a.as_amended = true;
        a.end = end;
        rest = r;
    }
    Ok((rest, a))
}

/// Does this token start another constituent (so that a document name stops before it)?
fn stops_name(t: &Tok) -> bool {
    match t.kind {
        Kind::Punct(_) => true,
        Kind::Word => {
            t.class.form.is_some()
                || t.class.verb
                || t.class.keyword
                || ACT_HEADS.contains(&t.low()) && !t.cap
                || APPROVED.contains(&t.low())
                || matches!(t.low(), "згідно" | "що")
        }
        _ => false,
    }
}

/// A document's name: a capitalised word and the words after it, up to the next constituent.
pub fn doc_name(i: Toks<'_>) -> R<'_, (usize, usize)> {
    let Some(first) = i.first() else {
        return fail(i);
    };
    if first.kind != Kind::Word
        || !first.cap
        || (stops_name(first) && !ACT_HEADS.contains(&first.low()))
    {
        return fail(i);
    }
    let mut k = 1;
    let mut end = first.end;
    while let Some(t) = i.get(k) {
        if stops_name(t) {
            // Prepositions before a unit word end the name: `у Порядку … в пункті 3`.
            break;
        }
        if t.kind == Kind::Word
            && matches!(t.low(), "в" | "у" | "до" | "після" | "перед")
            && i.get(k + 1).is_some_and(|n| {
                n.kind == Kind::Word && (n.class.form.is_some() || n.class.ordinal.is_some())
            })
        {
            break;
        }
        end = t.end;
        k += 1;
    }
    Ok((i.skip(k), (first.start, end)))
}

// ---------------------------------------------------------------------------------------------
// Constituents

/// One constituent of a clause.
#[derive(Clone, Debug)]
pub enum Part {
    Verb(Verb, usize, usize),
    Phrase(Phrase),
    /// `(додаток 2)`, `згідно з додатком`, `що додається`.
    Appendix(Option<u32>),
    AfterWords(usize),
    BeforeWords(usize),
    AfterUnit(Units),
    /// `з «A»`
    From(usize),
    /// `на «B»`
    To(usize),
    /// `в розділі 1 пункті 1.1`
    Loc(Units),
    /// `у тексті Регламенту`: the whole document, maybe named.
    Text(Option<(usize, usize)>),
    /// `у Регламенті …`, `до Порядку …` (+ `, затвердженого рішенням …`).
    Doc((usize, usize), Option<Act>),
    Act(Act),
    /// Units in the nominative/accusative/genitive or the instrumental.
    Units(Units),
    /// `слова «…»`, `словами «…»`, `фразою «…»`: instrumental when `ins`.
    Words {
        ins: bool,
        quotes: Vec<usize>,
    },
    Quote(usize),
    Sep(char),
    /// Words describing what is replaced (`назву виконавчого органу міської ради`).
    Description,
}

fn appendix_marker(i: Toks<'_>) -> R<'_, Part> {
    // `(додаток)`, `(додаток 2)`, `(додається)`
    if let Ok((r, _)) = punct('(')(i)
        && let Ok((r, _)) = word_in(&["додаток", "додатки", "додається", "додаються", "див"])(
            r,
        )
    {
        let (r, n) = match r.first() {
            Some(t) if t.kind == Kind::Num => (r.skip(1), t.low.parse().ok()),
            _ => (r, None),
        };
        if let Ok((r, _)) = punct(')')(r) {
            return Ok((r, Part::Appendix(n)));
        }
    }
    // `згідно з додатком 1`, `відповідно до додатка`
    if let Ok((r, _)) = alt((
        (word_in(&["згідно"]), word_in(&["з", "із"])),
        (word_in(&["відповідно"]), word_in(&["до"])),
    ))
    .parse(i)
        && let Ok((r, _)) = word_in(&["додатком", "додатка", "додатку", "додатками", "додатків"])(
            r,
        )
    {
        let (r, n) = match r.first() {
            Some(t) if t.kind == Kind::Num => (r.skip(1), t.low.parse().ok()),
            _ => (r, None),
        };
        return Ok((r, Part::Appendix(n)));
    }
    // `що додається`, `що додаються`
    if let Ok((r, _)) = (word_in(&["що"]), word_in(&["додається", "додаються"])).parse(i)
    {
        return Ok((r, Part::Appendix(None)));
    }
    fail(i)
}

fn words_quotes(i: Toks<'_>) -> R<'_, Vec<usize>> {
    let (mut rest, (q, _)) = quote(i)?;
    let mut qs = vec![q];
    while let Some(j) = rest.first() {
        if !is_list_joint(j) {
            break;
        }
        match quote(rest.skip(1)) {
            Ok((r, (q, _))) => {
                qs.push(q);
                rest = r;
            }
            Err(_) => break,
        }
    }
    Ok((rest, qs))
}

/// `слова «…»`, `слова та цифри «…»`, `словами «…»`.
fn words_part(i: Toks<'_>) -> R<'_, Part> {
    let (mut rest, (f, _)) = unit(i)?;
    if f.noun != Noun::Words {
        return fail(i);
    }
    // `слова та цифри`
    if let Ok((r, _)) = word_in(&["та", "і", "й"])(rest)
        && let Ok((r2, (f2, _))) = unit(r)
        && f2.noun == Noun::Words
    {
        rest = r2;
    }
    let ins = f.cases & case::I != 0 && f.cases & (case::A | case::N) == 0;
    match words_quotes(rest) {
        Ok((rest, quotes)) => Ok((rest, Part::Words { ins, quotes })),
        // `слова з «A» на «B»`: the quotes follow as `з …` / `на …`.
        Err(_) if from_to(rest).is_ok() => Ok((
            rest,
            Part::Words {
                ins,
                quotes: vec![],
            },
        )),
        Err(e) => Err(e),
    }
}

fn after_before(i: Toks<'_>) -> R<'_, Part> {
    let (rest, w) = word_in(&["після", "перед"])(i)?;
    if let Ok((r, (f, _))) = unit(rest)
        && f.noun == Noun::Words
    {
        let (r, (q, _)) = quote(r)?;
        return Ok((
            r,
            if w.low == "після" {
                Part::AfterWords(q)
            } else {
                Part::BeforeWords(q)
            },
        ));
    }
    if w.low == "після" {
        let (r, u) = units(case::G)(rest)?;
        return Ok((r, Part::AfterUnit(u)));
    }
    fail(i)
}

fn from_to(i: Toks<'_>) -> R<'_, Part> {
    let (rest, w) = word_in(&["з", "із", "зі", "на"])(i)?;
    let (rest, (q, _)) = quote(rest)?;
    Ok((
        rest,
        if w.low == "на" {
            Part::To(q)
        } else {
            Part::From(q)
        },
    ))
}

fn located(i: Toks<'_>) -> R<'_, Part> {
    let (rest, prep) = word_in(&["в", "у", "до", "із", "з"])(i)?;
    if prep.low == "в" || prep.low == "у" {
        if let Ok((r, (f, _))) = unit(rest)
            && f.noun == Noun::Text
            && f.cases & case::L != 0
        {
            return match doc_name(r) {
                Ok((r2, span)) => Ok((r2, Part::Text(Some(span)))),
                Err(_) => Ok((r, Part::Text(None))),
            };
        }
        if let Ok((r, u)) = units(case::L)(rest) {
            return Ok((r, Part::Loc(u)));
        }
    }
    if prep.low == "до" {
        if let Ok((r, u)) = units(case::G)(rest) {
            return Ok((r, Part::Loc(u)));
        }
        if let Ok((r, a)) = act(rest) {
            return Ok((r, Part::Act(a)));
        }
    }
    if matches!(prep.low(), "в" | "у" | "до") {
        let (r, span) = doc_name(rest)?;
        // `, затвердженого рішенням …`
        let mut r2 = r;
        if r2.first().map(|t| t.kind) == Some(Kind::Punct(',')) {
            r2 = r2.skip(1);
        }
        if let Ok((r3, a)) = act(r2)
            && a.approving
        {
            let mut r4 = r3;
            if r4.first().map(|t| t.kind) == Some(Kind::Punct(',')) {
                r4 = r4.skip(1);
            }
            return Ok((r4, Part::Doc(span, Some(a))));
        }
        return Ok((r, Part::Doc(span, None)));
    }
    fail(i)
}

fn sep(i: Toks<'_>) -> R<'_, Part> {
    match i.first() {
        Some(t) => match t.kind {
            Kind::Punct(c @ (',' | ':' | ';' | '.')) => Ok((i.skip(1), Part::Sep(c))),
            Kind::Dash(c) => Ok((i.skip(1), Part::Sep(c))),
            Kind::Word if matches!(t.low(), "а" | "та" | "і" | "й" | "також") => {
                Ok((i.skip(1), Part::Sep('а')))
            }
            _ => fail(i),
        },
        None => fail(i),
    }
}

/// One constituent, trying the longest and most specific readings first.
pub fn constituent(i: Toks<'_>) -> R<'_, Part> {
    // Quotes and punctuation start no other constituent: decide them at once.
    match i.first().map(|t| t.kind) {
        Some(Kind::Quote(q)) => return Ok((i.skip(1), Part::Quote(q))),
        Some(Kind::Punct(c @ (',' | ':' | ';' | '.'))) | Some(Kind::Dash(c)) => {
            return Ok((i.skip(1), Part::Sep(c)));
        }
        _ => {}
    }
    alt((
        |i| verb(i).map(|(r, (v, s, e))| (r, Part::Verb(v, s, e))),
        appendix_marker,
        |i| phrase(i).map(|(r, (p, _, _))| (r, Part::Phrase(p))),
        after_before,
        from_to,
        located,
        |i| act(i).map(|(r, a)| (r, Part::Act(a))),
        words_part,
        |i| units(0)(i).map(|(r, u)| (r, Part::Units(u))),
        |i| quote(i).map(|(r, (q, _))| (r, Part::Quote(q))),
        sep,
        // A document named in the genitive after its units, without a preposition:
        // `пункт 6.2 Регламенту роботи …`.
        |i| doc_name(i).map(|(r, span)| (r, Part::Doc(span, None))),
    ))
    .parse(i)
}
