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
