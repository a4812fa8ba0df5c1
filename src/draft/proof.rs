//! The proof of a draft: parse the drafted decision, resolve and apply it to the editions in
//! force exactly as the replay would, and compare the result with the edited text.
//!
//! The comparison is on the canonical text format with the notes apply adds removed and units
//! without content (a unit deleted without renumbering keeps only its number and its note)
//! dropped, and on the tree: every unit's number, kind and parent's number.

use super::{DocChange, Options};
use crate::apply;
use crate::ir::{Date, DecisionRef, Diagnostic, Edition, Source, has_errors};
use crate::parse;
use crate::render;
use crate::resolve::{self, Input};

/// The date and number the proof parses placeholders as (never printed).
const PROOF_DATE: Date = Date {
    year: 2099,
    month: 12,
    day: 31,
};

/// An edition as the proof compares it: no notes, no units without content.
pub fn clean(ed: &Edition) -> Edition {
    let mut e = ed.clone();
    e.notes.clear();
    e.units.retain(|u| super::align::has_content(u));
    for u in &mut e.units {
        std::sync::Arc::make_mut(u).notes.clear();
    }
    e
}

/// The tree as lines: `number kind parent-number`, in document order.
fn tree_lines(ed: &Edition) -> Vec<String> {
    ed.units
        .iter()
        .map(|u| {
            let parent = u
                .parent
                .and_then(|p| ed.unit(p))
                .map_or(String::from("—"), |p| p.number.to_string());
            format!("{} ({}) ⊂ {}", u.number, u.kind.as_str(), parent)
        })
        .collect()
}

/// The first difference between two texts: (line number, expected line, actual line).
fn first_difference(expected: &str, actual: &str) -> Option<(usize, String, String)> {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    for i in 0..e.len().max(a.len()) {
        let x = e.get(i).copied().unwrap_or("(кінець тексту)");
        let y = a.get(i).copied().unwrap_or("(кінець тексту)");
        if x != y {
            return Some((i + 1, x.to_string(), y.to_string()));
        }
    }
    None
}

/// Compare what applying gave with the edited text; None when equal.
pub fn compare(after: &Edition, applied: &Edition) -> Option<Diagnostic> {
    let (ca, cp) = (clean(after), clean(applied));
    let (ta, tp) = (render::text::text(&ca), render::text::text(&cp));
    let diff = first_difference(&ta, &tp).map(|d| (d, "тексті"));
    let diff = diff.or_else(|| {
        first_difference(&tree_lines(&ca).join("\n"), &tree_lines(&cp).join("\n"))
            .map(|d| (d, "структурі"))
    });
    diff.map(|((line, want, got), what)| {
        Diagnostic::error(
            "Z951",
            format!(
                "чернетка не дає відредагованого тексту: перша розбіжність у {what}, рядок {line}: очікувалося «{want}», а застосування чернетки дає «{got}»"
            ),
            format!(
                "the draft does not give back the edited text: the first difference is in the {}, line {line}: expected «{want}», applying the draft gives «{got}»",
                if what == "тексті" { "text" } else { "tree" }
            ),
        )
        .hint(
            "чернетку не надруковано; повідомте про це як про ваду zminy draft",
            "the draft was not printed; please report this as a zminy draft bug",
        )
    })
}

/// Parse, resolve and apply the drafted decision; the editions it gives, or the errors.
pub fn prove(
    docs: &[DocChange],
    decision: &str,
    appendix: Option<&str>,
    opts: &Options,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<Edition>, Vec<Diagnostic>> {
    let text = decision
        .replace("__.__.____", &PROOF_DATE.dmy())
        .replace("№ ____", "№ 0");
    let src = Source::from_text("draft.txt", text);
    let app_src = appendix.map(|a| {
        Source::from_text(
            "draft-appendix.txt",
            a.replace("__.__.____", &PROOF_DATE.dmy())
                .replace("№ ____", "№ 0"),
        )
    });
    let (dec, pdiags) = parse::decision(&src, "draft");
    let fail = |mut v: Vec<Diagnostic>, why_uk: &str, why_en: &str| {
        v.push(Diagnostic::error(
            "Z951",
            format!("чернетка не пройшла перевірку: {why_uk}"),
            format!("the draft failed its proof: {why_en}"),
        ));
        v
    };
    if has_errors(&pdiags) {
        let errs: Vec<Diagnostic> = pdiags.into_iter().filter(Diagnostic::is_error).collect();
        return Err(fail(
            errs,
            "власний текст чернетки не розбирається граматикою",
            "the grammar does not read the draft's own text",
        ));
    }
    let list: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.before.document.clone(), d.title.to_string()))
        .collect();
    let dref = DecisionRef {
        id: "draft".into(),
        date: opts.date.unwrap_or(PROOF_DATE),
        number: opts.number.clone().unwrap_or_else(|| "0".into()),
    };
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for d in docs {
        let mine: Vec<&crate::ir::Instruction> = dec
            .instructions
            .iter()
            .filter(|i| {
                let hits = resolve::match_document(&i.document.words, &list);
                matches!(hits.as_slice(), [(id, _)] if *id == d.before.document)
            })
            .collect();
        if mine.is_empty() {
            if let Some(diag) = compare(d.after, d.before) {
                errs.push(diag);
            }
            out.push(d.before.clone());
            continue;
        }
        let input = Input {
            decision: &dec,
            decision_ref: dref.clone(),
            source: Some(&src),
            edition: d.before,
            instructions: mine,
            appendix: if d.before.table.is_some() {
                app_src.as_ref()
            } else {
                None
            },
        };
        let (plan, rdiags) = resolve::resolve(&input);
        let rerr = has_errors(&rdiags);
        diags.extend(rdiags.iter().filter(|x| !x.is_error()).cloned());
        let Some(plan) = plan.filter(|_| !rerr) else {
            errs.extend(fail(
                rdiags.into_iter().filter(Diagnostic::is_error).collect(),
                "чернетку не вдалося зіставити з чинною редакцією",
                "the draft does not resolve against the edition in force",
            ));
            continue;
        };
        match apply::apply(d.before, &plan) {
            Ok(a) => {
                if let Some(diag) = compare(d.after, &a.edition) {
                    errs.push(diag);
                }
                out.push(a.edition);
            }
            Err(e) => errs.extend(fail(
                e,
                "чернетку не вдалося застосувати",
                "the draft cannot be applied",
            )),
        }
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}
