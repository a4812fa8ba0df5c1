//! Draft: case folders (`tests/draft/<case>/{before.txt, after.txt, expected.txt}`), decision
//! 1460 reversed, and the round-trip property on the shipped and generated editions.

use std::path::Path;
use zminy::corpus;
use zminy::draft::{self, Act, DocChange, Draft, Options};
use zminy::history;
use zminy::ir::{Date, Diagnostic, Edition, Lang, Severity, Source};
use zminy::parse;

fn act() -> Act {
    Act {
        body: Some("ВИКОНАВЧИЙ КОМІТЕТ".into()),
        place: Some("м. Кривий Ріг".into()),
        date: Date {
            year: 2023,
            month: 3,
            day: 22,
        },
        number: "326".into(),
        title: Some("Про затвердження Регламенту роботи електронного сервісу Контакт-центр виконкому Криворізької міської ради та Класифікатора основних заявок".into()),
    }
}

fn opts() -> Options {
    Options {
        limits: Default::default(),
        act: act(),
        date: Some(Date {
            year: 2024,
            month: 1,
            day: 15,
        }),
        number: Some("12".into()),
        as_amended: true,
    }
}

fn render_errs(e: &[Diagnostic]) -> String {
    e.iter().map(|d| d.render(Lang::En)).collect()
}

/// The editions of the shipped corpus: (title, before 1460, after 1460) per document.
fn shipped() -> Vec<(String, Edition, Edition)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("decisions");
    let (c, _) = corpus::load(&root).expect("corpus");
    let r = history::replay(&c);
    r.documents
        .values()
        .map(|h| {
            (
                h.title.clone(),
                h.editions[0].clone(),
                h.editions[1].clone(),
            )
        })
        .collect()
}

#[test]
fn decision_1460_reversed() {
    let docs = shipped();
    let changes: Vec<DocChange> = docs
        .iter()
        .map(|(t, b, a)| DocChange {
            before: b,
            after: a,
            title: t,
        })
        .collect();
    let d: Draft = match draft::draft(&changes, &opts()) {
        Ok(d) => d,
        Err(e) => panic!("{}", render_errs(&e)),
    };
    println!("{}", d.items);
    if let Some(a) = &d.appendix {
        println!("{a}");
    }
    println!("{:?}", d.stats);
}

fn read_doc(path: &Path, id: &str) -> Edition {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (ed, _) = parse::document(&Source::from_text("doc.txt", text), id);
    ed
}

/// Draft one case: the items (and appendix), or the diagnostics that refuse it.
fn run_case(dir: &Path) -> String {
    let before = read_doc(&dir.join("before.txt"), "test/1");
    let after = read_doc(&dir.join("after.txt"), "test/1");
    let title = before.title_line();
    let change = DocChange {
        before: &before,
        after: &after,
        title: &title,
    };
    let mut out = String::new();
    match draft::draft(&[change], &opts()) {
        Ok(d) => {
            for x in d
                .diagnostics
                .iter()
                .filter(|x| x.severity != Severity::Note)
            {
                out.push_str(&x.render(Lang::Uk));
            }
            out.push_str("=== items\n");
            out.push_str(&d.items);
            if let Some(a) = &d.appendix {
                out.push_str("=== appendix\n");
                out.push_str(a);
            }
            out.push_str(&format!(
                "=== stats\nchanged units: {}, instructions: {}, renumbering clauses: {}\n",
                d.stats.changed_units, d.stats.instructions, d.stats.renumber_clauses
            ));
        }
        Err(e) => {
            out.push_str("=== refused\n");
            for x in &e {
                out.push_str(&x.render(Lang::Uk));
            }
        }
    }
    out
}

#[test]
fn draft_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/draft");
    let bless = std::env::var_os("ZMINY_BLESS").is_some();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/draft")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut failed = Vec::new();
    for dir in &dirs {
        let actual = run_case(dir);
        let exp = dir.join("expected.txt");
        if bless {
            std::fs::write(&exp, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&exp).unwrap_or_default();
        if expected != actual {
            let diff = similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .header("expected", "actual")
                .to_string();
            failed.push(format!("--- case {}\n{diff}", dir.display()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases differ (ZMINY_BLESS=1 to accept):\n{}",
        failed.len(),
        dirs.len(),
        failed.join("\n")
    );
}

// ---- The round-trip property -------------------------------------------------------------

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::collections::BTreeMap;
use zminy::ir::{Number, UnitId, UnitKind};

const WORDS: [&str; 12] = [
    "заявника",
    "оперативно",
    "у встановлений строк",
    "виконавчого органу",
    "за потреби",
    "протягом доби",
    "письмово",
    "електронною поштою",
    "комунальне підприємство",
    "щоденно",
    "відповідальна особа",
    "інформацію",
];

/// One random edit, by indices taken modulo what the edition has.
#[derive(Clone, Debug)]
enum Edit {
    ReplaceWord(usize, usize, usize),
    InsertWords(usize, usize, usize),
    DeleteWord(usize, usize),
    Restate(usize, usize),
    InsertUnit(usize, usize),
    DeleteUnit(usize, bool),
    Rename(usize),
    RowCells(usize, usize),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let i = 0usize..10_000;
    prop_oneof![
        (i.clone(), i.clone(), 0..WORDS.len()).prop_map(|(a, b, c)| Edit::ReplaceWord(a, b, c)),
        (i.clone(), i.clone(), 0..WORDS.len()).prop_map(|(a, b, c)| Edit::InsertWords(a, b, c)),
        (i.clone(), i.clone()).prop_map(|(a, b)| Edit::DeleteWord(a, b)),
        (i.clone(), 0..WORDS.len()).prop_map(|(a, b)| Edit::Restate(a, b)),
        (i.clone(), 0..WORDS.len()).prop_map(|(a, b)| Edit::InsertUnit(a, b)),
        (i.clone(), any::<bool>()).prop_map(|(a, b)| Edit::DeleteUnit(a, b)),
        (0usize..2).prop_map(Edit::Rename),
        (i, 0..WORDS.len()).prop_map(|(a, b)| Edit::RowCells(a, b)),
    ]
}

/// Units with text that edits may touch: points, subpoints and rows (not headings).
fn editable(ed: &Edition) -> Vec<usize> {
    ed.units
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            !u.paras.is_empty()
                && matches!(u.kind, UnitKind::Point | UnitKind::Subpoint | UnitKind::Row)
                // Labels `1)`, `а)` are not addressable yet (Z956).
                && matches!(u.number, Number::Decimal(_))
                && !ed.units.iter().any(|c| c.parent == Some(u.id) && !matches!(c.number, Number::Decimal(_)))
        })
        .map(|(i, _)| i)
        .collect()
}

fn leaf(ed: &Edition, i: usize) -> bool {
    let id = ed.units[i].id;
    !ed.units.iter().any(|u| u.parent == Some(id))
}

/// Shift the numbers of the siblings after position `i` (same parent) by `delta`, with the
/// descendants whose numbers embed theirs.
fn shift_after(ed: &mut Edition, i: usize, delta: i64) {
    let parent = ed.units[i].parent;
    let sibs: Vec<usize> = (i + 1..ed.units.len())
        .filter(|&k| ed.units[k].parent == parent)
        .collect();
    let mut map: BTreeMap<UnitId, (Number, Number)> = BTreeMap::new();
    for k in sibs {
        let n = ed.units[k].number.clone();
        let Some(v) = n.last_value() else { continue };
        let Some(m) = n.with_last_value((i64::from(v) + delta).max(1) as u32) else {
            continue;
        };
        map.insert(ed.units[k].id, (n, m.clone()));
        std::sync::Arc::make_mut(&mut ed.units[k]).number = m;
    }
    // Descendants follow.
    for k in 0..ed.units.len() {
        let mut cur = ed.units[k].parent;
        while let Some(p) = cur {
            if let Some((old, new)) = map.get(&p) {
                if let Some(r) = ed.units[k].number.rebase(old, new) {
                    std::sync::Arc::make_mut(&mut ed.units[k]).number = r;
                }
                break;
            }
            cur = ed.unit(p).and_then(|u| u.parent);
        }
    }
}

fn words_of(s: &str) -> Vec<&str> {
    s.split(' ').collect()
}

/// Apply one edit to an edition (the edited text a drafter would give).
fn perturb(ed: &mut Edition, e: &Edit) {
    let ed_units = editable(ed);
    if ed_units.is_empty() {
        return;
    }
    let pick = |k: usize| ed_units[k % ed_units.len()];
    let table = ed.table.is_some();
    match e {
        Edit::ReplaceWord(u, w, r) | Edit::InsertWords(u, w, r) => {
            let i = pick(*u);
            let p = &mut std::sync::Arc::make_mut(&mut ed.units[i]).paras[0];
            let mut parts: Vec<String> = if table {
                p.split('\t').map(str::to_string).collect()
            } else {
                vec![p.clone()]
            };
            let c = if table { (*w / 7) % parts.len() } else { 0 };
            let ws: Vec<String> = words_of(&parts[c]).iter().map(|s| s.to_string()).collect();
            if ws.is_empty() {
                return;
            }
            let k = w % ws.len();
            // Quote marks stay balanced: a text with a lone «» cannot be quoted at all.
            if ws[k].contains(['«', '»', '"']) {
                return;
            }
            let mut ws2 = ws.clone();
            if matches!(e, Edit::ReplaceWord(..)) {
                // Keep trailing punctuation.
                let tail: String = ws[k]
                    .chars()
                    .rev()
                    .take_while(|c| !c.is_alphanumeric())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                ws2[k] = format!("{}{tail}", WORDS[*r]);
            } else {
                ws2.insert(k, WORDS[*r].to_string());
            }
            parts[c] = ws2.join(" ");
            *p = parts.join("\t");
        }
        Edit::DeleteWord(u, w) => {
            let i = pick(*u);
            let p = &mut std::sync::Arc::make_mut(&mut ed.units[i]).paras[0];
            if table {
                return;
            }
            let ws: Vec<&str> = words_of(p);
            if ws.len() < 5 {
                return;
            }
            let k = 1 + w % (ws.len() - 2);
            if !ws[k].chars().all(char::is_alphabetic) {
                return;
            }
            let mut v = ws.clone();
            v.remove(k);
            *p = v.join(" ");
        }
        Edit::Restate(u, r) => {
            let i = pick(*u);
            let text = format!(
                "Нова редакція: {} забезпечує {} {}.",
                WORDS[*r],
                WORDS[(r + 3) % WORDS.len()],
                WORDS[(r + 7) % WORDS.len()]
            );
            if table {
                let n = ed.units[i].cells().len();
                let mut cells = vec![text];
                cells.extend((1..n).map(|k| WORDS[(r + k) % WORDS.len()].to_string()));
                std::sync::Arc::make_mut(&mut ed.units[i]).paras = vec![cells.join("\t")];
            } else {
                std::sync::Arc::make_mut(&mut ed.units[i]).paras = vec![text];
            }
        }
        Edit::RowCells(u, r) => {
            if !table {
                return;
            }
            let i = pick(*u);
            let mut cells: Vec<String> =
                ed.units[i].cells().iter().map(|s| s.to_string()).collect();
            let last = cells.len() - 1;
            cells[last] = format!("{} робочих днів", 2 + r);
            if last >= 1 {
                cells[last - 1] = format!("{} виконкому міської ради", WORDS[*r]);
            }
            std::sync::Arc::make_mut(&mut ed.units[i]).paras = vec![cells.join("\t")];
        }
        Edit::InsertUnit(u, r) => {
            let i = pick(*u);
            if !leaf(ed, i) || !matches!(ed.units[i].number, Number::Decimal(_)) {
                return;
            }
            let Some(next) = ed.units[i].number.next_sibling() else {
                return;
            };
            shift_after(ed, i, 1);
            let id = ed.fresh_id();
            let cells = if table {
                format!(
                    "Нова заявка: {}\t{}\t10 робочих днів",
                    WORDS[*r],
                    WORDS[(r + 1) % WORDS.len()]
                )
            } else {
                format!(
                    "Новий пункт: {} {}.",
                    WORDS[*r],
                    WORDS[(r + 5) % WORDS.len()]
                )
            };
            let u = zminy::ir::Unit {
                id,
                parent: ed.units[i].parent,
                kind: ed.units[i].kind,
                number: next,
                word: None,
                paras: vec![cells],
                notes: Vec::new(),
            };
            ed.units.insert(i + 1, std::sync::Arc::new(u));
        }
        Edit::DeleteUnit(u, renumber) => {
            let i = pick(*u);
            if !leaf(ed, i) {
                return;
            }
            let parent = ed.units[i].parent;
            let is_last = !ed.units[i + 1..].iter().any(|x| x.parent == parent);
            if *renumber || is_last {
                shift_after(ed, i, -1);
                ed.units.remove(i);
            }
        }
        Edit::Rename(k) => {
            let (old, new) = [
                (
                    "управління інформаційно-комунікаційних технологій виконкому Криворізької міської ради",
                    "департамент цифрової трансформації виконкому Криворізької міської ради",
                ),
                (
                    "інспекція з благоустрою виконкому міської ради",
                    "управління з благоустрою виконкому міської ради",
                ),
            ][*k];
            for u in &mut ed.units {
                for p in &mut std::sync::Arc::make_mut(u).paras {
                    let r = zminy::apply::inflect::rename(p, old, new, &Default::default());
                    if !r.hits.is_empty() && !r.diagnostics.iter().any(|d| d.is_error()) {
                        *p = r.text;
                    }
                }
            }
        }
    }
}

/// A generated text edition: sections of points, some with bullets.
fn generated(seed: usize) -> Edition {
    let mut s = String::from(
        "Додаток\nЗАТВЕРДЖЕНО\nРішення виконкому міської ради\n22.03.2023 № 326\nПоложення про тестовий порядок\n\n",
    );
    for sec in 1..=3 + seed % 3 {
        s.push_str(&format!(
            "{sec}. Розділ {} {}\n",
            WORDS[(sec + seed) % 12],
            sec
        ));
        for p in 1..=2 + (sec + seed) % 4 {
            s.push_str(&format!(
                "{sec}.{p}. Пункт {sec}.{p}: {} забезпечує {} та {} {} разів.\n",
                WORDS[(sec * 3 + p) % 12],
                WORDS[(p + seed) % 12],
                WORDS[(sec + p * 5) % 12],
                sec * 10 + p
            ));
            if p % 3 == 0 {
                s.push_str(&format!(
                    "- {} {};\n- {} {}.\n",
                    WORDS[p % 12],
                    sec,
                    WORDS[(p + 1) % 12],
                    p
                ));
            }
        }
    }
    let (ed, _) = parse::document(&Source::from_text("gen.txt", s), "gen/1");
    ed
}

/// Render and read back: the edited text as a drafter would hand it in.
fn reread(ed: &Edition) -> Edition {
    let text = zminy::render::text::text(&draft::proof::clean(ed));
    let (e, _) = parse::document(&Source::from_text("edited.txt", text), &ed.document);
    e
}

#[test]
fn round_trip_property() {
    let cases: u32 = std::env::var("ZMINY_DRAFT_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    let shipped: Vec<(String, Edition)> = shipped().into_iter().map(|(t, _, a)| (t, a)).collect();
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    // Deterministic in CI (the same cases every run); `ZMINY_DRAFT_RANDOM=1` explores afresh.
    let mut runner = if std::env::var_os("ZMINY_DRAFT_RANDOM").is_some() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    };
    let hist = std::cell::RefCell::new(BTreeMap::<String, usize>::new());
    let totals = std::cell::RefCell::new((0usize, 0usize, 0usize, 0usize));
    let strat = (
        0usize..4,
        0usize..1000,
        proptest::collection::vec(edit_strategy(), 1..5),
    );
    let result = runner.run(&strat, |(which, seed, edits)| {
        let (title, base) = match which {
            0 | 1 => shipped[which % shipped.len()].clone(),
            _ => {
                let g = generated(seed);
                (g.title_line(), g)
            }
        };
        let before = reread(&base);
        let mut after = before.clone();
        for e in &edits {
            perturb(&mut after, e);
        }
        let after = reread(&after);
        let change = DocChange {
            before: &before,
            after: &after,
            title: &title,
        };
        let d = draft::draft(&[change], &opts())
            .map_err(|e| TestCaseError::fail(format!("{edits:?}\n{}", render_errs(&e))))?;
        if d.items.is_empty() {
            return Ok(());
        }
        let applied = &d.applied[0];
        if let Some(diff) = draft::proof::compare(&after, applied) {
            return Err(TestCaseError::fail(render_errs(&[diff])));
        }
        let bound = d.stats.changed_units + d.stats.renumber_clauses;
        prop_assert!(
            d.stats.instructions <= bound,
            "{} instructions for {} changed units and {} renumbering clauses:\n{}",
            d.stats.instructions,
            d.stats.changed_units,
            d.stats.renumber_clauses,
            d.items
        );
        let mut t = totals.borrow_mut();
        t.0 += 1;
        t.1 += d.stats.instructions;
        t.2 += d.stats.changed_units;
        t.3 += d.stats.renumber_clauses;
        // Instructions other than `вважати` per changed unit, per draft; and per unit, how many
        // items name it.
        let key = format!(
            "ratio {:.2}",
            (d.stats.instructions - d.stats.renumber_clauses.min(d.stats.instructions)) as f64
                / (d.stats.changed_units.max(1)) as f64
        );
        *hist.borrow_mut().entry(key).or_default() += 1;
        for n in &d.stats.per_unit {
            *hist
                .borrow_mut()
                .entry(format!("unit named by {n} item(s)"))
                .or_default() += 1;
        }
        Ok(())
    });
    let t = totals.borrow();
    println!(
        "drafts: {}, instructions: {}, changed units: {}, renumbering clauses: {}",
        t.0, t.1, t.2, t.3
    );
    println!(
        "instructions per changed unit (per draft): {:?}",
        hist.borrow()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Found by the random run: an anchor `Україні», «Про` has as many opening as closing quotes
/// but closes first, so it cannot stand inside «…»; the draft must pick another anchor.
#[test]
fn anchor_with_misnested_quotes() {
    let shipped: Vec<(String, Edition)> = shipped().into_iter().map(|(t, _, a)| (t, a)).collect();
    let (title, base) = shipped[0].clone();
    let before = reread(&base);
    let mut after = before.clone();
    perturb(&mut after, &Edit::InsertWords(1475, 3228, 0));
    let after = reread(&after);
    let change = DocChange {
        before: &before,
        after: &after,
        title: &title,
    };
    let d = draft::draft(&[change], &opts()).unwrap_or_else(|e| panic!("{}", render_errs(&e)));
    assert!(!d.items.is_empty());
    assert!(draft::proof::compare(&after, &d.applied[0]).is_none());
}
