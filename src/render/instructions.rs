//! Instructions in words: the plain-language account a clerk reads (one line per instruction)
//! and the precise, deterministic form the grammar's executable spec compares.

use crate::ir::{
    Address, CaseMode, Content, Decision, Diagnostic, Lang, Op, Quoted, Sel, Step, UnitWord,
    WordPos,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

const DOCUMENTS: &str = include_str!("../../grammars/vocabulary/documents.tsv");

/// Head nouns of document names → nominative (`Регламенті` → `Регламент`).
static NOMINATIVE: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    DOCUMENTS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (a, b) = l.split_once('\t')?;
            Some((a.trim().to_lowercase(), b.trim().to_string()))
        })
        .collect()
});

/// The document's name with its head noun in the nominative, as far as the vocabulary knows.
fn doc_name(words: &str) -> String {
    let mut it = words.splitn(2, ' ');
    let head = it.next().unwrap_or("");
    let rest = it.next();
    match NOMINATIVE.get(&head.to_lowercase()) {
        Some(nom) => match rest {
            Some(r) => format!("{nom} {r}"),
            None => nom.clone(),
        },
        None => words.to_string(),
    }
}

fn unit_name(w: UnitWord, plural: bool, lang: Lang) -> &'static str {
    use UnitWord::*;
    match (lang, w, plural) {
        (Lang::Uk, Section, false) => "розділ",
        (Lang::Uk, Section, true) => "розділи",
        (Lang::Uk, Chapter, false) => "глава",
        (Lang::Uk, Chapter, true) => "глави",
        (Lang::Uk, Article, false) => "стаття",
        (Lang::Uk, Article, true) => "статті",
        (Lang::Uk, Part, false) => "частина",
        (Lang::Uk, Part, true) => "частини",
        (Lang::Uk, Point, false) => "пункт",
        (Lang::Uk, Point, true) => "пункти",
        (Lang::Uk, Subpoint, false) => "підпункт",
        (Lang::Uk, Subpoint, true) => "підпункти",
        (Lang::Uk, Paragraph, false) => "абзац",
        (Lang::Uk, Paragraph, true) => "абзаци",
        (Lang::Uk, Sentence, _) => "речення",
        (Lang::Uk, Appendix, false) => "додаток",
        (Lang::Uk, Appendix, true) => "додатки",
        (Lang::Uk, Column, false) => "графа",
        (Lang::Uk, Column, true) => "графи",
        (Lang::Uk, Row, false) => "рядок",
        (Lang::Uk, Row, true) => "рядки",
        (Lang::Uk, Note, false) => "примітка",
        (Lang::Uk, Note, true) => "примітки",
        (Lang::Uk, Heading, _) => "назва",
        (Lang::En, Section, false) => "section",
        (Lang::En, Section, true) => "sections",
        (Lang::En, Chapter, false) => "chapter",
        (Lang::En, Chapter, true) => "chapters",
        (Lang::En, Article, false) => "article",
        (Lang::En, Article, true) => "articles",
        (Lang::En, Part, false) => "part",
        (Lang::En, Part, true) => "parts",
        (Lang::En, Point, false) => "point",
        (Lang::En, Point, true) => "points",
        (Lang::En, Subpoint, false) => "subpoint",
        (Lang::En, Subpoint, true) => "subpoints",
        (Lang::En, Paragraph, false) => "paragraph",
        (Lang::En, Paragraph, true) => "paragraphs",
        (Lang::En, Sentence, false) => "sentence",
        (Lang::En, Sentence, true) => "sentences",
        (Lang::En, Appendix, false) => "appendix",
        (Lang::En, Appendix, true) => "appendices",
        (Lang::En, Column, false) => "column",
        (Lang::En, Column, true) => "columns",
        (Lang::En, Row, false) => "row",
        (Lang::En, Row, true) => "rows",
        (Lang::En, Note, false) => "note",
        (Lang::En, Note, true) => "notes",
        (Lang::En, Heading, false) => "heading",
        (Lang::En, Heading, true) => "headings",
    }
}

fn step(s: &Step, lang: Lang) -> String {
    let plural = matches!(s.sel, Sel::Range(..) | Sel::OrdinalRange(..));
    let name = unit_name(s.word, plural, lang);
    let mut out = match &s.sel {
        Sel::Num(n) => format!("{name} {n}"),
        Sel::Range(a, b) => format!("{name} {a}–{b}"),
        Sel::Ordinal(-1) => match lang {
            Lang::Uk => format!("останній {name}"),
            Lang::En => format!("last {name}"),
        },
        Sel::Ordinal(n) => format!("{name} {n}"),
        Sel::OrdinalRange(a, b) => format!("{name} {a}–{b}"),
        Sel::Titled(t) => format!("{name} «{t}»"),
        Sel::Unnumbered => name.to_string(),
    };
    if let Some(t) = &s.title {
        let _ = write!(out, " «{t}»");
    }
    out
}

fn address(a: &Address, lang: Lang) -> String {
    if a.steps.is_empty() {
        return match lang {
            Lang::Uk => "увесь текст".into(),
            Lang::En => "the whole text".into(),
        };
    }
    a.steps
        .iter()
        .map(|s| step(s, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A list of addresses; runs of one-step addresses with the same unit word share it
/// (`пункти 3.32, 3.33`).
fn addresses(v: &[Address], lang: Lang) -> String {
    let one = |a: &Address| a.steps.len() == 1 && a.steps[0].title.is_none();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j < v.len() && one(&v[j]) && one(&v[i]) && v[j].steps[0].word == v[i].steps[0].word {
            j += 1;
        }
        if j > i + 1 {
            let sels: Vec<String> = v[i..j]
                .iter()
                .map(|a| match &a.steps[0].sel {
                    Sel::Num(n) => n.to_string(),
                    Sel::Range(x, y) => format!("{x}–{y}"),
                    Sel::Ordinal(n) => n.to_string(),
                    Sel::OrdinalRange(x, y) => format!("{x}–{y}"),
                    Sel::Titled(t) => format!("«{t}»"),
                    Sel::Unnumbered => String::new(),
                })
                .collect();
            out.push(format!(
                "{} {}",
                unit_name(v[i].steps[0].word, true, lang),
                sels.join(", ")
            ));
            i = j;
        } else {
            out.push(address(&v[i], lang));
            i += 1;
        }
    }
    out.join("; ")
}

fn lines(q: &[Quoted], lang: Lang) -> String {
    let (Some(a), Some(b)) = (q.first(), q.last()) else {
        return String::new();
    };
    match (lang, a.line == b.end_line) {
        (Lang::Uk, true) => format!("рядок {}", a.line),
        (Lang::Uk, false) => format!("рядки {}–{}", a.line, b.end_line),
        (Lang::En, true) => format!("line {}", a.line),
        (Lang::En, false) => format!("lines {}–{}", a.line, b.end_line),
    }
}

fn content(c: &Content, lang: Lang) -> String {
    match (c, lang) {
        (Content::Inline(q), Lang::Uk) => format!("текст у рішенні, {}", lines(q, lang)),
        (Content::Inline(q), Lang::En) => format!("text in the decision, {}", lines(q, lang)),
        (Content::Appendix(None), Lang::Uk) => "текст у додатку".into(),
        (Content::Appendix(Some(n)), Lang::Uk) => format!("текст у додатку {n}"),
        (Content::Appendix(None), Lang::En) => "text in the appendix".into(),
        (Content::Appendix(Some(n)), Lang::En) => format!("text in appendix {n}"),
    }
}

fn short(q: &Quoted) -> String {
    let t = q.text.replace('\n', " ");
    if t.chars().count() > 160 {
        let cut: String = t.chars().take(157).collect();
        format!("«{cut}…»")
    } else {
        format!("«{t}»")
    }
}

/// One instruction in plain words: the place it concerns (after the document) and the action.
fn describe(op: &Op, lang: Lang) -> (String, String) {
    let uk = lang == Lang::Uk;
    let list = |t: &[Address]| -> String {
        t.iter()
            .map(|a| address(a, lang))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match op {
        Op::ReplaceWords {
            targets,
            pairs,
            case,
            ..
        } => {
            let p: Vec<String> = pairs
                .iter()
                .map(|(a, b)| {
                    if uk {
                        format!("{} на {}", short(a), short(b))
                    } else {
                        format!("{} with {}", short(a), short(b))
                    }
                })
                .collect();
            let mut s = if uk {
                format!("замінити {}", p.join(", "))
            } else {
                format!("replace {}", p.join(", "))
            };
            if let CaseMode::Inflect { numbers } = case {
                s.push_str(match (uk, numbers) {
                    (true, false) => " у відповідному відмінку",
                    (true, true) => " у відповідному відмінку і числі",
                    (false, false) => " in the matching case",
                    (false, true) => " in the matching case and number",
                });
            }
            (list(targets), s)
        }
        Op::InsertWords { targets, text, at } => {
            let pos = match (at, uk) {
                (WordPos::End, true) => " в кінці".to_string(),
                (WordPos::End, false) => " at the end".to_string(),
                (WordPos::After(q), true) => format!(" після слів {}", short(q)),
                (WordPos::After(q), false) => format!(" after {}", short(q)),
                (WordPos::Before(q), true) => format!(" перед словами {}", short(q)),
                (WordPos::Before(q), false) => format!(" before {}", short(q)),
                (WordPos::Sentence, true) => " новим реченням".to_string(),
                (WordPos::Sentence, false) => " as a new sentence".to_string(),
            };
            let s = if uk {
                format!("додати {}{pos}", short(text))
            } else {
                format!("add {}{pos}", short(text))
            };
            (list(targets), s)
        }
        Op::DeleteWords { targets, words } => {
            let w: Vec<String> = words.iter().map(short).collect();
            let s = if uk {
                format!("виключити {}", w.join(", "))
            } else {
                format!("delete {}", w.join(", "))
            };
            (list(targets), s)
        }
        Op::Restate {
            targets,
            content: c,
        } => {
            let s = if uk {
                format!(
                    "викласти в новій редакції {} ({})",
                    addresses(targets, lang),
                    content(c, lang)
                )
            } else {
                format!(
                    "restate {} ({})",
                    addresses(targets, lang),
                    content(c, lang)
                )
            };
            (String::new(), s)
        }
        Op::InsertUnits {
            parent,
            after,
            units,
            content: c,
        } => {
            let mut s = if uk {
                format!("додати {}", addresses(units, lang))
            } else {
                format!("add {}", addresses(units, lang))
            };
            if let Some(a) = after {
                let rel = Address {
                    steps: a.steps.get(parent.steps.len()..).unwrap_or(&[]).to_vec(),
                };
                let _ = write!(
                    s,
                    "{} {}",
                    if uk { " після" } else { " after" },
                    address(&rel, lang)
                );
            }
            let _ = write!(s, " ({})", content(c, lang));
            let place = if parent.steps.is_empty() {
                String::new()
            } else {
                address(parent, lang)
            };
            (place, s)
        }
        Op::DeleteUnits { targets } => {
            let s = if uk {
                format!("виключити {}", addresses(targets, lang))
            } else {
                format!("delete {}", addresses(targets, lang))
            };
            (String::new(), s)
        }
        Op::Renumber {
            pairs,
            previous_edition,
        } => {
            let p: Vec<String> = pairs
                .iter()
                .map(|(a, b)| format!("{} → {}", address(a, lang), address(b, lang)))
                .collect();
            let mut s = if uk {
                format!("змінити нумерацію: {}", p.join("; "))
            } else {
                format!("renumber: {}", p.join("; "))
            };
            if *previous_edition {
                s.push_str(if uk {
                    " (номери попередньої редакції)"
                } else {
                    " (numbers of the previous edition)"
                });
            }
            (String::new(), s)
        }
        Op::Repeal { targets, act } => {
            let mut s = if uk {
                "визнати таким, що втратив чинність".to_string()
            } else {
                "repeal".to_string()
            };
            if !targets.is_empty() {
                let _ = write!(s, " {}", addresses(targets, lang));
            }
            if let Some(a) = act {
                let _ = write!(s, " {}", a.words);
                if let Some(d) = a.date {
                    let _ = write!(s, " {} {}", if uk { "від" } else { "of" }, d.dmy());
                }
                if let Some(n) = &a.number {
                    let _ = write!(s, " № {n}");
                }
            }
            (String::new(), s)
        }
    }
}

/// The plain-language account of a decision's instructions: a header line, one line per
/// instruction, and a count of the diagnostics.
pub fn account(decision: &Decision, diags: &[Diagnostic], lang: Lang) -> String {
    let uk = lang == Lang::Uk;
    let mut out = String::new();
    let mut head = Vec::new();
    if let Some(d) = decision.date {
        head.push(d.dmy());
    }
    if let Some(n) = &decision.number {
        head.push(format!("№ {n}"));
    }
    if let Some(t) = &decision.title {
        head.push(t.clone());
    }
    let _ = writeln!(
        out,
        "{} {}",
        if uk { "Рішення" } else { "Decision" },
        head.join(", ")
    );
    for a in &decision.amends {
        let mut s = a.words.clone();
        if let Some(d) = a.date {
            let _ = write!(s, " {} {}", if uk { "від" } else { "of" }, d.dmy());
        }
        if let Some(n) = &a.number {
            let _ = write!(s, " № {n}");
        }
        if let Some(t) = &a.title {
            let _ = write!(s, " «{t}»");
        }
        if a.as_amended {
            s.push_str(if uk {
                " (зі змінами)"
            } else {
                " (as amended)"
            });
        }
        let _ = writeln!(out, "{}: {s}", if uk { "Змінює" } else { "Amends" });
    }
    for a in &decision.approves {
        let _ = writeln!(
            out,
            "{}: {}{}",
            if uk {
                "Затверджує"
            } else {
                "Approves"
            },
            a.title,
            a.appendix
                .map(|n| format!(" ({} {n})", if uk { "додаток" } else { "appendix" }))
                .unwrap_or_default()
        );
    }
    if let Some(c) = decision.commencement {
        let _ = writeln!(
            out,
            "{}: {}",
            if uk {
                "Набирає чинності"
            } else {
                "Takes effect"
            },
            c.dmy()
        );
    }
    for ins in &decision.instructions {
        let (sc, what) = describe(&ins.op, lang);
        let mut place = doc_name(&ins.document.words);
        if !sc.is_empty() {
            if !place.is_empty() {
                place.push_str(", ");
            }
            place.push_str(&sc);
        }
        if place.is_empty() {
            let _ = writeln!(out, "{}  {what}", ins.item);
        } else {
            let _ = writeln!(out, "{}  {place}: {what}", ins.item);
        }
    }
    let count = |s: crate::ir::Severity| diags.iter().filter(|d| d.severity == s).count();
    let (e, w, n) = (
        count(crate::ir::Severity::Error),
        count(crate::ir::Severity::Warning),
        count(crate::ir::Severity::Note),
    );
    let _ = writeln!(
        out,
        "{}",
        if uk {
            format!(
                "Інструкцій: {}; помилок: {e}; попереджень: {w}; приміток: {n}",
                decision.instructions.len()
            )
        } else {
            format!(
                "Instructions: {}; errors: {e}; warnings: {w}; notes: {n}",
                decision.instructions.len()
            )
        }
    );
    out
}

// ---------------------------------------------------------------------------------------------
// The precise form of the executable spec (grammars/spec/).

fn spec_step(s: &Step) -> String {
    let w = unit_name(s.word, false, Lang::En);
    let mut out = match &s.sel {
        Sel::Num(n) => format!("{w} {n}"),
        Sel::Range(a, b) => format!("{w} {a}..{b}"),
        Sel::Ordinal(n) => format!("{w} #{n}"),
        Sel::OrdinalRange(a, b) => format!("{w} #{a}..#{b}"),
        Sel::Titled(t) => format!("{w} titled «{t}»"),
        Sel::Unnumbered => w.to_string(),
    };
    if let Some(t) = &s.title {
        let _ = write!(out, " «{t}»");
    }
    out
}

fn spec_addr(a: &Address) -> String {
    if a.steps.is_empty() {
        return "(whole document)".into();
    }
    a.steps
        .iter()
        .map(spec_step)
        .collect::<Vec<_>>()
        .join(" / ")
}

fn spec_quote(q: &Quoted) -> String {
    let lines = if q.line == q.end_line {
        format!("L{}", q.line)
    } else {
        format!("L{}-{}", q.line, q.end_line)
    };
    format!("«{}» {lines}", q.text.replace('\n', "⏎"))
}

/// The precise, deterministic form of instructions and diagnostics that the spec compares:
/// one header line per instruction (`item op @line doc="…"`) and indented fields; diagnostics
/// as `! severity[code] line:col message` (English).
pub fn spec_form(decision: &Decision, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let d = decision;
    if let Some(b) = &d.body {
        let _ = writeln!(out, "= body: {}", b.replace('\n', " / "));
    }
    if let Some(x) = d.date {
        let _ = writeln!(out, "= date: {}", x.iso());
    }
    if let Some(x) = &d.place {
        let _ = writeln!(out, "= place: {x}");
    }
    if let Some(x) = &d.number {
        let _ = writeln!(out, "= number: {x}");
    }
    if let Some(x) = &d.title {
        let _ = writeln!(out, "= title: {x}");
    }
    for a in &d.amends {
        let _ = writeln!(
            out,
            "= amends: {} | {} | {} | {}{}",
            a.words,
            a.date.map(|d| d.dmy()).unwrap_or_default(),
            a.number.clone().unwrap_or_default(),
            a.title.clone().unwrap_or_default(),
            if a.as_amended { " | as amended" } else { "" }
        );
    }
    for a in &d.approves {
        let _ = writeln!(
            out,
            "= approves: {}{}",
            a.title,
            a.appendix
                .map(|n| format!(" | appendix {n}"))
                .unwrap_or_default()
        );
    }
    if let Some(x) = d.commencement {
        let _ = writeln!(out, "= commencement: {}", x.iso());
    }
    for ins in &decision.instructions {
        let _ = writeln!(
            out,
            "{} {} @{} doc=\"{}\"",
            if ins.item.is_empty() { "-" } else { &ins.item },
            ins.op.name(),
            ins.line,
            ins.document.words
        );
        let mut f = |k: &str, v: String| {
            let _ = writeln!(out, "  {k}: {v}");
        };
        match &ins.op {
            Op::ReplaceWords {
                targets,
                pairs,
                case,
                occurrence,
            } => {
                for t in targets {
                    f("target", spec_addr(t));
                }
                for (a, b) in pairs {
                    f("replace", format!("{} => {}", spec_quote(a), spec_quote(b)));
                }
                if let CaseMode::Inflect { numbers } = case {
                    f(
                        "case",
                        if *numbers {
                            "inflect+numbers"
                        } else {
                            "inflect"
                        }
                        .into(),
                    );
                }
                if let Some(o) = occurrence {
                    f("occurrence", o.to_string());
                }
            }
            Op::InsertWords { targets, text, at } => {
                for t in targets {
                    f("target", spec_addr(t));
                }
                f("text", spec_quote(text));
                f(
                    "at",
                    match at {
                        WordPos::End => "end".into(),
                        WordPos::After(q) => format!("after {}", spec_quote(q)),
                        WordPos::Before(q) => format!("before {}", spec_quote(q)),
                        WordPos::Sentence => "new sentence".into(),
                    },
                );
            }
            Op::DeleteWords { targets, words } => {
                for t in targets {
                    f("target", spec_addr(t));
                }
                for w in words {
                    f("words", spec_quote(w));
                }
            }
            Op::Restate { targets, content } => {
                for t in targets {
                    f("target", spec_addr(t));
                }
                f("content", spec_content(content));
            }
            Op::InsertUnits {
                parent,
                after,
                units,
                content,
            } => {
                f("parent", spec_addr(parent));
                if let Some(a) = after {
                    f("after", spec_addr(a));
                }
                for u in units {
                    f("unit", spec_addr(u));
                }
                f("content", spec_content(content));
            }
            Op::DeleteUnits { targets } => {
                for t in targets {
                    f("target", spec_addr(t));
                }
            }
            Op::Renumber {
                pairs,
                previous_edition,
            } => {
                for (a, b) in pairs {
                    f("pair", format!("{} => {}", spec_addr(a), spec_addr(b)));
                }
                if *previous_edition {
                    f("previous-edition", "yes".into());
                }
            }
            Op::Repeal { targets, act } => {
                for t in targets {
                    f("target", spec_addr(t));
                }
                if let Some(a) = act {
                    f(
                        "act",
                        format!(
                            "{} | {} | {} | {}",
                            a.words,
                            a.date.map(|d| d.dmy()).unwrap_or_default(),
                            a.number.clone().unwrap_or_default(),
                            a.title.clone().unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
    for d in diags {
        let (l, c) = d.span.as_ref().map_or((0, 0), |s| (s.line, s.column));
        let _ = writeln!(
            out,
            "! {}[{}] {l}:{c} {}",
            d.severity.word(Lang::En),
            d.code,
            d.message.en
        );
    }
    out
}

fn spec_content(c: &Content) -> String {
    match c {
        Content::Inline(q) => q.iter().map(spec_quote).collect::<Vec<_>>().join(" + "),
        Content::Appendix(None) => "appendix".into(),
        Content::Appendix(Some(n)) => format!("appendix {n}"),
    }
}
