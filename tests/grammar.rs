//! The decision grammar's tests: the executable spec (`grammars/spec/*.md`), the seed decision
//! (`tests/parse/seed/`), one case per diagnostic (`tests/parse/errors/`), and robustness.
//!
//! Expectations are plain text; `ZMINY_BLESS=1 cargo test --test grammar` rewrites them (read
//! what you bless).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zminy::ir::{Lang, Source};
use zminy::parse::decision;
use zminy::render::instructions::{account, spec_form};

const FENCE: &str = "````````````````````````````````";

fn bless() -> bool {
    std::env::var("ZMINY_BLESS").is_ok_and(|v| v == "1")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A readable line diff.
fn diff(expected: &str, actual: &str) -> String {
    let d = similar::TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    for change in d.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => " ",
        };
        let _ = write!(out, "{sign} {change}");
        if change.missing_newline() {
            out.push('\n');
        }
    }
    out
}

/// One example block of a spec file.
struct Example {
    /// 1-based line of the opening fence.
    line: usize,
    input: String,
    expected: String,
    /// Line range (0-based, exclusive end) of the expected text, for blessing.
    expected_lines: (usize, usize),
}

fn examples(text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() == format!("{FENCE} example") {
            let line = i + 1;
            let mut j = i + 1;
            let mut input = Vec::new();
            while j < lines.len() && lines[j] != "." {
                input.push(lines[j]);
                j += 1;
            }
            let exp_start = j + 1;
            let mut k = exp_start;
            let mut expected = Vec::new();
            while k < lines.len() && lines[k].trim_end() != FENCE {
                expected.push(lines[k]);
                k += 1;
            }
            out.push(Example {
                line,
                input: input.join("\n"),
                expected: expected
                    .iter()
                    .map(|l| format!("{l}\n"))
                    .collect::<String>(),
                expected_lines: (exp_start, k),
            });
            i = k + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn run_example(input: &str) -> String {
    let src = Source::from_text("spec", input);
    let (d, diags) = decision(&src, "spec");
    spec_form(&d, &diags)
}

#[test]
fn spec() {
    let dir = root().join("grammars/spec");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("grammars/spec exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("spec file readable");
        let exs = examples(&text);
        total += exs.len();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Bless from the bottom up so that line ranges stay valid.
        for ex in exs.iter().rev() {
            let actual = run_example(&ex.input);
            if actual != ex.expected {
                if bless() {
                    let new: Vec<String> = actual.lines().map(str::to_string).collect();
                    lines.splice(ex.expected_lines.0..ex.expected_lines.1, new);
                } else {
                    failures.push(format!(
                        "{}:{}\n--- input\n{}\n--- diff (- expected, + actual)\n{}",
                        file.display(),
                        ex.line,
                        ex.input,
                        diff(&ex.expected, &actual)
                    ));
                }
            }
        }
        if bless() {
            let mut out = lines.join("\n");
            out.push('\n');
            std::fs::write(file, out).expect("spec file writable");
        }
    }
    assert!(total >= 60, "the spec has only {total} examples");
    assert!(
        failures.is_empty(),
        "{} of {total} spec examples differ:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check_file(path: &Path, actual: &str) -> Option<String> {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    if bless() {
        std::fs::write(path, actual).expect("expected file writable");
        return None;
    }
    Some(format!(
        "{}\n--- diff (- expected, + actual)\n{}",
        path.display(),
        diff(&expected, actual)
    ))
}

#[test]
fn seed() {
    let dir = root().join("tests/parse/seed");
    let text = std::fs::read_to_string(dir.join("decision.txt")).expect("seed decision");
    let src = Source::from_text("decision.txt", text);
    let (d, diags) = decision(&src, "2023-12-04-1460");
    let mut failures = Vec::new();
    failures.extend(check_file(
        &dir.join("expected.txt"),
        &account(&d, &diags, Lang::Uk),
    ));
    failures.extend(check_file(
        &dir.join("expected-en.txt"),
        &account(&d, &diags, Lang::En),
    ));
    failures.extend(check_file(
        &dir.join("expected-detail.txt"),
        &spec_form(&d, &diags),
    ));
    let diag_text: String = diags.iter().map(|x| x.render(Lang::Uk) + "\n").collect();
    failures.extend(check_file(
        &dir.join("expected-diagnostics.txt"),
        &diag_text,
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Independent of the blessed files: what decision-1460.md requires.
    assert!(
        !zminy::ir::has_errors(&diags),
        "the seed parses without errors"
    );
    let items: Vec<&str> = d.instructions.iter().map(|i| i.item.as_str()).collect();
    for leaf in [
        "1.1.1", "1.1.2.1", "1.1.2.2", "1.1.3.1", "1.1.3.2", "1.1.4", "1.2.1.1", "1.2.1.2",
        "1.2.1.3", "1.2.1.4", "1.2.2", "1.2.3",
    ] {
        assert!(items.contains(&leaf), "no instruction for {leaf}");
    }
    assert_eq!(d.instructions.len(), 12);
    assert_eq!(d.number.as_deref(), Some("1460"));
    assert_eq!(d.date.map(|x| x.iso()).as_deref(), Some("2023-12-04"));
    assert_eq!(d.amends.len(), 1);
    assert_eq!(d.amends[0].number.as_deref(), Some("326"));
    assert!(d.amends[0].as_amended);
    let paren_dashes = diags.iter().filter(|x| x.code == "Z311").count();
    assert_eq!(paren_dashes, 4, "four `(` dashes");
}

#[test]
fn errors() {
    let dir = root().join("tests/parse/errors");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/parse/errors exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "one case per diagnostic");
    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case.join("decision.txt")).expect("decision.txt");
        let src = Source::from_text("decision.txt", text);
        let (_, diags) = decision(&src, "case");
        let rendered: String = diags.iter().map(|x| x.render(Lang::Uk) + "\n").collect();
        // The case's name starts with the code it demonstrates.
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let code = name.split('-').next().unwrap_or("");
        if !diags.iter().any(|x| x.code.eq_ignore_ascii_case(code)) {
            failures.push(format!("{name}: no diagnostic {code}:\n{rendered}"));
        }
        failures.extend(check_file(&case.join("expected.txt"), &rendered));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn within(limit: Duration, what: &str, f: impl FnOnce() -> usize) {
    let t = Instant::now();
    let n = f();
    let took = t.elapsed();
    assert!(
        took < limit,
        "{what}: {took:?} (limit {limit:?}), {n} diagnostics"
    );
}

#[test]
fn deep_quotes_do_not_overflow() {
    let n = 100_000;
    let mut text = String::from(
        "1. Внести до Положення такі зміни:\n1.1. пункт 2 викласти в такій редакції: ",
    );
    text.push_str(&"«".repeat(n));
    text.push_str("текст");
    text.push_str(&"»".repeat(n));
    text.push_str(";\n1.2. пункт 3 виключити.\n");
    within(Duration::from_secs(5), "100,000 nested quotes", || {
        let (d, diags) = decision(&Source::from_text("deep", text.clone()), "deep");
        assert_eq!(d.instructions.len(), 2);
        diags.len()
    });
    // Unbalanced: refused with an error, not a crash.
    let mut bad = String::from("1. пункт 2 викласти в такій редакції: ");
    bad.push_str(&"«".repeat(n));
    bad.push_str("текст\n");
    within(Duration::from_secs(5), "100,000 unclosed quotes", || {
        let (_, diags) = decision(&Source::from_text("deep", bad.clone()), "deep");
        assert!(diags.iter().any(|d| d.code == "Z302"));
        diags.len()
    });
}

#[test]
fn huge_line_is_refused_quickly() {
    // A 50 MB line of list elements with `(` dashes, quotes and words.
    let piece = "пункти 1.1(1.2, 3.4 слова «а  б» ";
    let reps = 50_000_000 / piece.len();
    let mut text = String::from("1. ");
    for _ in 0..reps {
        text.push_str(piece);
    }
    text.push('\n');
    assert!(text.len() >= 49_000_000);
    within(Duration::from_secs(20), "a 50 MB line", || {
        let (_, diags) = decision(&Source::from_text("huge", text.clone()), "huge");
        assert!(diags.iter().any(|d| d.code == "Z318"));
        diags.len()
    });
}

#[test]
fn long_item_is_read_in_linear_time() {
    // Just under the limit: ~30,000 list elements, 1,000 `(` dashes, one item.
    let mut text = String::from("1. Виключити пункти ");
    let mut n = 0;
    while text.len() < 900_000 {
        if n % 30 == 0 {
            text.push_str(&format!("{}.1({}.2, ", n + 1, n + 1));
        } else {
            text.push_str(&format!("{}.1, ", n + 1));
        }
        n += 1;
    }
    text.push_str("1.9.\n");
    within(Duration::from_secs(20), "a 900 KB item", || {
        let (d, diags) = decision(&Source::from_text("long", text.clone()), "long");
        assert_eq!(d.instructions.len(), 1);
        diags.len()
    });
}
