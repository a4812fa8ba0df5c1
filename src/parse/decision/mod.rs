//! The decision grammar: a decision's text → its header and typed instructions.
//!
//! # Pipeline
//! 1. [`split`]: lines → paragraphs, with item labels (`1.`, `1.1`, `1.1.2.2`, `1)`, `а)`),
//!    quotes that span lines (depth counted with a loop) and export debris.
//! 2. The header (body, date, place, number, title, commencement) from the paragraphs before
//!    the resolution line (`… вирішив:`).
//! 3. The item tree: a stack of items; scope lines (`у Регламенті …:`, `у пункті 5:`,
//!    `Розділ II`) and items that carry a verb for their sub-items (`1.1.3 вважати:`) pass a
//!    context (document, address, verb) down. Non-amending items (control, publication,
//!    approvals, signatures) are recognised as such.
//! 4. [`lex`] + [`grammar`]: an item's text → tokens → constituents, written with nom 8
//!    combinators over the token slice ([`toks`]); the word lists are data in
//!    `grammars/vocabulary/` ([`vocab`]).
//! 5. [`interp`]: constituents → [`Op`]s with addresses normalised largest first.
//!
//! Parsing never stops at the first problem: every item is read, and every numbered item that
//! amends something yields at least one instruction or an error.
//!
//! # Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z301 | error | unknown formula: the grammar cannot read the item (quoted line, caret at the first word it cannot place, a hint) |
//! | Z302 | error | unbalanced quote: points at the opening quote |
//! | Z303 | error | a range whose ends have different numbers of levels (`22.4.11–22.5`) |
//! | Z304 | error | a verb without a target (`виключити.`) |
//! | Z305 | error | text after a closing quote that the grammar cannot place, or a quote no operation takes |
//! | Z306 | error | an item that ends with a colon (or a frame) with no changes under it |
//! | Z307 | error | `вважати … відповідно` with lists of different lengths |
//! | Z308 | error | `замінити` without both the old and the new words |
//! | Z309 | error | `доповнити` + accusative units + a quote that does not start with their numbers (two readings) |
//! | Z310 | error | `доповнити` / `виключити` with a target but nothing to add or delete |
//! | Z311 | warning | `(` between two numbers read as a range dash (a Word export ate the dash) |
//! | Z312 | warning | an unusual dash character in a range |
//! | Z313 | warning | runs of spaces inside quoted text folded to one (names the line) |
//! | Z314 | warning | an item label out of sequence |
//! | Z316 | warning | the changes are set out in the decision's appendix (`згідно з додатком`, `зміни, що додаються`) |
//! | Z317 | error | a range whose end comes before its start |
//! | Z318 | error | an item longer than 1 MiB: refused, not read (lost line breaks) |
//! | Z340 | note | rule: units in the instrumental after `доповнити` insert units |
//! | Z341 | note | rule: words in the instrumental after `доповнити` append words |
//! | Z342 | note | rule: accusative units + a quote carrying their numbers = insertion |
//! | Z343 | note | `5-1` after a singular unit word read as `5¹` |
//! | Z399 | note | more diagnostics of one code than are shown |

mod diags;
pub mod grammar;
pub mod interp;
pub mod lex;
pub mod split;
pub mod toks;
pub mod vocab;

use crate::ir::{Approval, Date, Decision, Diagnostic, DocName, Instruction, Source};
use diags::Sink;
use interp::Ctx;
use split::{Label, Para};
use std::sync::LazyLock;

/// The longest item the grammar reads (bytes); longer ones are refused with Z318. Real items
/// are a few kilobytes; a multi-megabyte "paragraph" means lost line breaks.
const MAX_ITEM: usize = 1 << 20;

const CLAUSES: &str = include_str!("../../../grammars/vocabulary/clauses.tsv");

/// Kinds of non-amending beginnings (`grammars/vocabulary/clauses.tsv`).
static NON_AMENDING: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut v: Vec<(String, String)> = CLAUSES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (a, b) = l.split_once('\t')?;
            Some((vocab::fold(a.trim()), b.trim().to_string()))
        })
        .collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    v
});

use vocab::{fold_ws, fold_ws_folded};

/// First words of the non-amending beginnings, without one final stop (`в.` → `в`): a quick
/// test before folding more text. A first word `fw` (its stops trimmed) begins an entry when
/// the entry's first word is `fw` or `fw.`.
static FIRST_WORDS: LazyLock<vocab::FxSet<String>> = LazyLock::new(|| {
    NON_AMENDING
        .iter()
        .filter_map(|(k, _)| k.split(' ').next())
        .filter_map(|w| match w.strip_suffix('.') {
            None => Some(w),
            Some(stem) => (!stem.ends_with('.')).then_some(stem),
        })
        .map(str::to_string)
        .collect()
});

/// The first word of `text`: letters, digits, apostrophes and stops, at most 40 characters.
fn first_word_raw(text: &str) -> &str {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .take_while(|&(_, c)| vocab::is_alnum(c) || c == '\'' || c == '’' || c == '.')
        .take(40)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    &t[..end]
}

fn first_word(text: &str) -> String {
    vocab::fold(first_word_raw(text))
}

/// The kind of a non-amending beginning of `text`, if any (`resolution` lines are found by
/// their end instead: [`is_resolution`]).
fn clause_kind(text: &str) -> Option<&'static str> {
    clause_kind_after(text, &first_word(text))
}

/// [`clause_kind`] when the folded first word `fw` is known.
fn clause_kind_after(text: &str, fw: &str) -> Option<&'static str> {
    let fw = fw.trim_end_matches('.');
    if !FIRST_WORDS.contains(fw) {
        return None;
    }
    let head_end = text.char_indices().nth(120).map_or(text.len(), |(i, _)| i);
    // Only as many words as the longest beginning (and the character after it) can need.
    let low = vocab::fold_ws_folded_prefix(&text[..head_end], *LONGEST + 4);
    NON_AMENDING.iter().find_map(|(k, v)| {
        let hit = v != "resolution"
            && low.starts_with(k.as_str())
            && low[k.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
        hit.then_some(match v.as_str() {
            "control" => "control",
            "publish" => "publish",
            "commencement" => "commencement",
            "approve" => "approve",
            "signature" => "signature",
            _ => "other",
        })
    })
}

/// The byte length of the longest non-amending beginning.
static LONGEST: LazyLock<usize> =
    LazyLock::new(|| NON_AMENDING.iter().map(|(k, _)| k.len()).max().unwrap_or(0));

/// The resolution words, when each is one word (then the last word of a line is all that
/// [`is_resolution`] needs to fold).
static RESOLUTION_WORDS: LazyLock<Option<Vec<&'static str>>> = LazyLock::new(|| {
    let words: Vec<&'static str> = NON_AMENDING
        .iter()
        .filter(|(_, v)| v == "resolution")
        .map(|(k, _)| k.as_str())
        .collect();
    words.iter().all(|k| !k.contains(' ')).then_some(words)
});

/// The line that ends the preamble: `… виконком міської ради вирішив:`.
fn is_resolution(text: &str) -> bool {
    let tail_start = text.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    if let Some(words) = &*RESOLUTION_WORDS {
        // What follows, on the last word alone: folding maps characters one to one and
        // whitespace only separates words, so a one-word ending is found in the last word.
        let tail = text[tail_start..]
            .trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '.');
        let last = tail.rsplit(char::is_whitespace).next().unwrap_or("");
        let low = vocab::fold(last);
        return words.iter().any(|k| {
            low.ends_with(k)
                && low[..low.len() - k.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
    }
    let tail = fold_ws_folded(&text[tail_start..]);
    let t = tail.trim_end_matches([':', ' ', '.']);
    NON_AMENDING.iter().any(|(k, v)| {
        v == "resolution"
            && t.ends_with(k.as_str())
            && t[..t.len() - k.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Does the text start with an amendment verb (so that it is no non-amending clause)?
fn starts_with_verb(text: &str) -> bool {
    is_verb_word(&first_word(text))
}

/// Is the folded first word `fw` an amendment verb?
fn is_verb_word(fw: &str) -> bool {
    vocab::VOCAB.verbs.contains_key(fw.trim_end_matches('.')) && fw != "затвердити"
}

/// Whether a text could carry an amendment: an amending verb anywhere, a quote, or a colon that
/// opens a list of changes.
fn mentions_amendment(text: &str) -> bool {
    if text.contains(['«', '»', '"', '„', '“']) || text.trim_end().ends_with(':') {
        return true;
    }
    // Verbs are keyed by their first word, so one lookup per word finds multi-word verbs too.
    // The keys are Cyrillic letters only: folding (which also unifies apostrophes) finds the
    // same keys as lower-casing.
    let mut low = String::new();
    text.split(|c: char| !(vocab::is_letter(c) || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .any(|w| {
            if !vocab::may_be_verb(w) {
                return false;
            }
            low.clear();
            vocab::fold_push(w, &mut low);
            vocab::Class::of(&low).verb && low != "затвердити"
        })
}

/// Parse a decision. `id` is its corpus folder name (or file stem).
pub fn decision(src: &Source, id: &str) -> (Decision, Vec<Diagnostic>) {
    let mut sink = Sink::new(src);
    let text = src.text.as_str();
    let paras = split::paragraphs(text, &mut sink);
    let mut d = Decision {
        id: id.to_string(),
        file: src.name.clone(),
        ..Decision::default()
    };
    let resolution = paras
        .iter()
        .position(|p| p.label.is_none() && !p.debris && is_resolution(p.text(text)));
    let body_start = match resolution {
        Some(i) => i + 1,
        None => paras
            .iter()
            .position(|p| p.label.is_some() || starts_with_verb(p.text(text)))
            .unwrap_or(paras.len()),
    };
    header(&paras[..body_start], text, &mut d, &mut sink);
    // Whether each paragraph mentions commencement (`чинності`): `body` asks again of items.
    let mut in_force = vec![false; paras.len()];
    for (p, f) in paras.iter().zip(&mut in_force) {
        *f = mentions_in_force(p.text(text));
        if *f && let Some(date) = commencement(p.text(text)) {
            d.commencement = Some(date);
        }
    }
    body(
        &paras[body_start..],
        &in_force[body_start..],
        text,
        &mut d,
        &mut sink,
    );
    if d.amends.is_empty()
        && let Some(t) = d.title.clone()
    {
        title_acts(&t, &mut d);
    }
    (d, sink.finish())
}

const IN_FORCE: &str = "чинності";

/// `text.contains(IN_FORCE)`, found by its first letter (a `str` pattern builds a searcher
/// each call, which costs more than the short paragraphs it scans).
fn mentions_in_force(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find('ч') {
        let tail = rest.get(i..).unwrap_or("");
        if tail.starts_with(IN_FORCE) {
            return true;
        }
        rest = tail.get('ч'.len_utf8()..).unwrap_or("");
    }
    false
}

/// `набирає чинності з 01.01.2024`.
fn commencement(text: &str) -> Option<Date> {
    if !mentions_in_force(text) {
        return None;
    }
    let low = text.to_lowercase();
    let at = low
        .find("набирає чинності")
        .or_else(|| low.find("набуває чинності"))?;
    low[at..]
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .take(8)
        .find_map(|w| Date::parse_dmy(w.trim_end_matches('.')))
}

/// The paragraphs before the resolution line.
fn header(paras: &[Para], text: &str, d: &mut Decision, sink: &mut Sink) {
    let mut body_lines: Vec<String> = Vec::new();
    let mut seen_kind = false;
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        i += 1;
        if p.debris {
            continue;
        }
        let t = p.text(text);
        // The act's kind (`Р І Ш Е Н Н Я`): a short line, so the long preamble is not uppercased.
        let is_kind = t.len() < 80 && {
            let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            matches!(
                compact.to_uppercase().as_str(),
                "РІШЕННЯ" | "РОЗПОРЯДЖЕННЯ" | "ПОСТАНОВА" | "НАКАЗ" | "УХВАЛА"
            )
        };
        if is_kind {
            seen_kind = true;
            continue;
        }
        // (`fold_ws` only when the line can start with `Про `: the preamble is long.)
        if (t.starts_with("Про") || t.starts_with("ПРО"))
            && let folded = fold_ws(t)
            && (folded.starts_with("Про ") || folded.starts_with("ПРО "))
        {
            let mut title = folded;
            while i < paras.len() {
                let n = paras[i].text(text).trim_start();
                let first = n.chars().next();
                if paras[i].debris || first.is_none_or(|c| c.is_uppercase()) || is_resolution(n) {
                    break;
                }
                title.push(' ');
                title.push_str(&fold_ws(n));
                i += 1;
            }
            if d.title.is_none() {
                d.title = Some(title);
            }
            continue;
        }
        // Date, place and number may share a line, separated by tabs or runs of spaces.
        let mut used = false;
        for piece in t.split(['\t']).flat_map(|s| s.split("   ")) {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            let bare = piece
                .trim_start_matches("від ")
                .trim_end_matches(" року")
                .trim_end_matches(" р.");
            if let Some(date) = Date::parse_dmy(bare) {
                d.date.get_or_insert(date);
                used = true;
            } else if let Some(n) = piece.strip_prefix('№') {
                d.number.get_or_insert(n.trim().to_string());
                used = true;
            } else if ["м. ", "м.", "смт ", "с. ", "селище "]
                .iter()
                .any(|p| piece.starts_with(p))
                && piece.chars().count() < 40
            {
                d.place.get_or_insert(fold_ws(piece));
                used = true;
            }
        }
        if used {
            continue;
        }
        if !seen_kind
            && d.title.is_none()
            && t.chars().any(char::is_alphabetic)
            && !t.chars().any(char::is_lowercase)
        {
            body_lines.push(fold_ws(t));
        }
    }
    if !body_lines.is_empty() {
        d.body = Some(body_lines.join("\n"));
    }
    let _ = sink;
}

/// The acts named in the title (`Про внесення змін до рішення … від … № …`), when no item
/// names them.
fn title_acts(title: &str, d: &mut Decision) {
    let src = Source::from_text("title", title);
    let mut sink = Sink::new(&src);
    let paras = split::paragraphs(title, &mut sink);
    let Some(p) = paras.first() else { return };
    let (toks, quotes) = lex::lex(title, &[(p.start, p.end)], &p.quotes, &mut sink);
    let item = interp::Item {
        text: title,
        toks: &toks,
        quotes: &quotes,
    };
    let mut i = toks::Toks::new(&toks);
    while !i.is_empty() {
        if let Ok((_, a)) = grammar::act(i) {
            let mut r = item.act_ref(&a, &sink);
            r.line = 0;
            d.amends.push(r);
            return;
        }
        i = i.skip(1);
    }
}

/// An item on the stack.
struct Entry {
    label: Option<Label>,
    full: String,
    ctx: Ctx,
    carrier: bool,
    children: bool,
    start: usize,
    end: usize,
    heading: bool,
}

fn is_ancestor(a: &Label, x: &Label) -> bool {
    match (a, x) {
        (Label::Decimal(p), Label::Decimal(n)) => n.len() > p.len() && n[..p.len()] == p[..],
        (Label::Decimal(_), _) => true,
        (Label::Paren(_), Label::Letter(_)) => true,
        _ => false,
    }
}

/// A group: a paragraph and the quote-led paragraphs that continue it.
struct Group {
    paras: Vec<usize>,
}

fn pop_entry(e: Entry, sink: &mut Sink) {
    if e.carrier && !e.children {
        sink.set_item(Some(e.full.clone()).filter(|s| !s.is_empty()));
        sink.push(diags::empty_carrier(e.start, e.end));
    }
}

/// A heading-like line (`Розділ II`, `Стаття 2. Назва`) sets the scope for what follows.
fn heading_steps(text: &str, p: &Para, sink: &mut Sink) -> Option<Vec<crate::ir::Step>> {
    let first = text.get(p.start..p.end)?.chars().next()?;
    if !first.is_uppercase() || p.end - p.start > 300 {
        return None;
    }
    let (toks, quotes) = lex::lex(text, &[(p.start, p.end)], &p.quotes, sink);
    let head = toks.first()?;
    if head.class.form.is_none() || toks.iter().any(|t| t.class.verb) {
        return None;
    }
    let (_, u) = grammar::units(0)(toks::Toks::new(&toks)).ok()?;
    let e = u.elems.first()?;
    if matches!(e.steps.first()?.sel, crate::ir::Sel::Unnumbered) {
        return None;
    }
    let item = interp::Item {
        text,
        toks: &toks,
        quotes: &quotes,
    };
    let _ = item;
    Some(
        e.steps
            .iter()
            .cloned()
            .map(|mut s| {
                s.title = None;
                s
            })
            .collect(),
    )
}

fn approvals(text: &str, line: u32, d: &mut Decision) {
    let folded = fold_ws(text);
    let Some(rest) = folded
        .strip_prefix("Затвердити ")
        .or_else(|| folded.strip_prefix("затвердити "))
    else {
        return;
    };
    let mut rest = rest.trim_end_matches(['.', ';']).to_string();
    loop {
        let rest_t = rest
            .trim_start_matches([',', ' '])
            .trim_start_matches("та ")
            .trim_start_matches("і ")
            .to_string();
        if rest_t.is_empty() {
            break;
        }
        if let Some(at) = rest_t.find("(додаток") {
            let title = rest_t[..at].trim().trim_end_matches(',').to_string();
            let after = &rest_t[at + "(додаток".len()..];
            let close = after.find(')').unwrap_or(after.len());
            let n = after[..close].trim().parse().ok();
            d.approves.push(Approval {
                title,
                appendix: n,
                line,
            });
            rest = after.get(close + 1..).unwrap_or("").to_string();
        } else {
            let title = rest_t
                .trim_end_matches("що додається")
                .trim_end_matches("що додаються")
                .trim()
                .trim_end_matches(',')
                .to_string();
            d.approves.push(Approval {
                title,
                appendix: None,
                line,
            });
            break;
        }
    }
}

fn body(paras: &[Para], in_force: &[bool], text: &str, d: &mut Decision, sink: &mut Sink) {
    // Group quote-led paragraphs with the paragraph before them.
    let mut groups: Vec<Group> = Vec::new();
    let mut trailer = false;
    for (i, p) in paras.iter().enumerate() {
        if p.debris {
            continue;
        }
        let t = p.text(text);
        if p.label.is_none() {
            if trailer || clause_kind(t) == Some("signature") && t.chars().count() < 120 {
                trailer = true;
                continue;
            }
            if t.starts_with(split::is_open_quote)
                && let Some(g) = groups.last_mut()
            {
                g.paras.push(i);
                continue;
            }
        } else if trailer {
            // A numbered paragraph after the signatures (a copy list) is no instruction.
            continue;
        }
        groups.push(Group { paras: vec![i] });
    }
    let mut stack: Vec<Entry> = Vec::new();
    let mut last_label: Option<Label> = None;
    let mut prev_non_amending = false;
    for g in &groups {
        let p = &paras[g.paras[0]];
        let t = p.text(text);
        let g_end = g.paras.last().map_or(p.end, |&i| paras[i].end);
        let line = sink.line_no(p.start);
        // Where the group sits in the tree.
        let mut heading = None;
        match &p.label {
            Some(l) => {
                if last_label.is_some() && !split::plausible(last_label.as_ref(), l) {
                    sink.set_item(None);
                    sink.push(diags::out_of_sequence(p.start, p.body, &l.own()));
                }
                last_label = Some(l.clone());
                let keep = stack
                    .iter()
                    .rposition(|e| e.label.as_ref().is_some_and(|a| is_ancestor(a, l)));
                let from = keep.map_or(0, |k| k + 1);
                let cut = stack[from..]
                    .iter()
                    .position(|e| e.label.is_some())
                    .map(|k| k + from);
                if let Some(cut) = cut {
                    while stack.len() > cut {
                        if let Some(e) = stack.pop() {
                            pop_entry(e, sink);
                        }
                    }
                }
                prev_non_amending = false;
            }
            None => {
                if prev_non_amending {
                    continue;
                }
                heading = heading_steps(text, p, sink);
                if heading.is_some() {
                    while stack.last().is_some_and(|e| e.heading) {
                        if let Some(e) = stack.pop() {
                            pop_entry(e, sink);
                        }
                    }
                }
            }
        }
        let parent_full = stack
            .iter()
            .rev()
            .find(|e| e.label.is_some())
            .map(|e| e.full.clone());
        let full = match &p.label {
            Some(Label::Decimal(_)) => p.label.as_ref().map(Label::own).unwrap_or_default(),
            Some(l) => match &parent_full {
                Some(pf) => format!("{pf}.{}", l.own()),
                None => l.own(),
            },
            None => parent_full.clone().unwrap_or_default(),
        };
        sink.set_item(Some(full.clone()).filter(|s| !s.is_empty()));
        if let Some(top) = stack.last_mut() {
            top.children = true;
        }
        let ctx = stack.last().map(|e| e.ctx.clone()).unwrap_or_default();
        if let Some(steps) = heading {
            let mut c = ctx.clone();
            c.steps = interp::merge(&ctx.steps, &steps);
            stack.push(Entry {
                label: None,
                full: full.clone(),
                ctx: c,
                carrier: true,
                children: false,
                start: p.start,
                end: p.end,
                heading: true,
            });
            continue;
        }
        let body_text = p.body_text(text);
        let fw = first_word(body_text);
        if !is_verb_word(&fw) {
            if let Some(kind) = clause_kind_after(body_text, &fw) {
                if kind == "approve" {
                    approvals(body_text, line, d);
                }
                prev_non_amending = p.label.is_some() || prev_non_amending;
                if p.label.is_some() {
                    stack.push(Entry {
                        label: p.label.clone(),
                        full,
                        ctx,
                        carrier: false,
                        children: false,
                        start: p.start,
                        end: p.end,
                        heading: false,
                    });
                }
                continue;
            }
            // (The body is part of the paragraph: no `чинності` there, none here.)
            let mentions = in_force.get(g.paras[0]).copied().unwrap_or(true);
            if mentions && commencement(body_text).is_some() {
                continue;
            }
            // A top-level item with no amending verb, no quote and no colon (`Керівникам … забезпечити
            // виконання …`, `Рішення оприлюднити …`) orders something else: it amends nothing.
            let top_level = stack.iter().all(|e| e.label.is_none());
            if top_level && p.label.is_some() && !mentions_amendment(body_text) {
                prev_non_amending = true;
                stack.push(Entry {
                    label: p.label.clone(),
                    full,
                    ctx,
                    carrier: false,
                    children: false,
                    start: p.start,
                    end: p.end,
                    heading: false,
                });
                continue;
            }
        }
        if g_end.saturating_sub(p.body) > MAX_ITEM {
            sink.push(diags::too_long(p.body, g_end - p.body));
            continue;
        }
        let ranges: Vec<(usize, usize)> = g
            .paras
            .iter()
            .map(|&i| (paras[i].body, paras[i].end))
            .collect();
        let quotes: Vec<split::QuoteSpan> = g
            .paras
            .iter()
            .flat_map(|&i| paras[i].quotes.iter().copied())
            .collect();
        let (toks, qs) = lex::lex(text, &ranges, &quotes, sink);
        let item = interp::Item {
            text,
            toks: &toks,
            quotes: &qs,
        };
        let y = interp::item(&item, &ctx, sink);
        d.amends.extend(y.acts.iter().cloned());
        let span = sink.span(p.start, if p.body > p.start { p.body } else { p.end });
        let nothing = y.ops.is_empty() && y.carrier.is_none() && !y.failed && !y.in_appendix;
        for (op, doc) in y.ops {
            d.instructions.push(Instruction {
                item: full.clone(),
                line,
                span: span.clone(),
                document: DocName {
                    words: doc.map(|d| d.to_string()).unwrap_or_default(),
                    id: None,
                },
                op,
            });
        }
        if nothing && !toks.is_empty() {
            if y.acts.is_empty() {
                sink.push(diags::unknown_formula(
                    p.body,
                    g_end,
                    &fold_ws(t).chars().take(60).collect::<String>(),
                ));
            } else {
                sink.push(diags::empty_carrier(p.body, g_end));
            }
        }
        let is_carrier = y.carrier.is_some();
        let c = y.carrier.unwrap_or(ctx);
        if p.label.is_some() || is_carrier {
            stack.push(Entry {
                label: p.label.clone(),
                full,
                ctx: c,
                carrier: is_carrier,
                children: false,
                start: p.body,
                end: g_end,
                heading: false,
            });
        }
    }
    while let Some(e) = stack.pop() {
        pop_entry(e, sink);
    }
    sink.set_item(None);
}
