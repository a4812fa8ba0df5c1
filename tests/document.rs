//! Document format cases: each folder of `tests/document/` holds `input.txt`; the test reads it
//! and compares the edition and diagnostics with `expected.txt`, the canonical text with
//! `canonical.txt` and the JSON with `expected.json`, then checks that reading `canonical.txt`
//! gives the same edition (ids aside) and that writing is a fixed point.
//! `ZMINY_BLESS=1 cargo test --test document` rewrites the expectations.

use std::collections::BTreeMap;
use std::path::Path;
use zminy::ir::{Edition, Lang, Source, UnitId};
use zminy::parse::document;
use zminy::render::{json::json, text::text};

/// One line per unit: indentation by depth, kind, number, id, parent, word, text, notes.
fn dump(ed: &Edition) -> String {
    let mut out = String::new();
    for t in &ed.title {
        out.push_str(&format!("title: {t}\n"));
    }
    for n in &ed.notes {
        out.push_str(&format!("note: {{{n}}}\n"));
    }
    if let Some(t) = &ed.table {
        out.push_str(&format!(
            "table: {} (numbered columns: {})\n",
            t.columns.join(" │ "),
            t.numbered_columns
        ));
    }
    let mut depth: BTreeMap<UnitId, usize> = BTreeMap::new();
    for u in &ed.units {
        let d = u.parent.and_then(|p| depth.get(&p)).map_or(0, |d| d + 1);
        depth.insert(u.id, d);
        let parent = u.parent.map_or("-".to_string(), |p| format!("#{}", p.0));
        let word = u.word.as_ref().map_or(String::new(), |w| format!(" [{w}]"));
        let text: Vec<String> = u.paras.iter().map(|p| p.replace('\t', " │ ")).collect();
        out.push_str(&format!(
            "{}{} {}{word} #{} ^{parent}: {}",
            "  ".repeat(d),
            u.kind.as_str(),
            u.number,
            u.id.0,
            text.join(" ¶ ")
        ));
        for n in &u.notes {
            out.push_str(&format!(" {{{n}}}"));
        }
        out.push('\n');
    }
    out.push_str(&format!("next_id: {}\n", ed.next_id));
    out
}

/// The edition with ids replaced by positions, for comparisons "ids aside".
fn normalized(ed: &Edition) -> Edition {
    let pos: BTreeMap<UnitId, u32> = ed
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id, i as u32 + 1))
        .collect();
    let mut e = ed.clone();
    for u in &mut e.units {
        let u = std::sync::Arc::make_mut(u);
        u.id = UnitId(pos[&u.id]);
        u.parent = u.parent.map(|p| UnitId(pos.get(&p).copied().unwrap_or(0)));
    }
    e.next_id = e.units.len() as u32 + 1;
    e
}

fn compare(path: &Path, actual: &str, bless: bool, failures: &mut Vec<String>) {
    if bless {
        std::fs::write(path, actual).expect("write expectation");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        ));
    }
}

#[test]
fn cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/document");
    let bless = std::env::var_os("ZMINY_BLESS").is_some();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/document")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("input.txt").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "only {} cases", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let input = std::fs::read_to_string(dir.join("input.txt")).expect("input.txt");
        let src = Source::from_text(format!("{case}/input.txt"), input);
        let (ed, diags) = document(&src, "test/1");
        let mut expected = dump(&ed);
        expected.push_str("--- diagnostics\n");
        for d in &diags {
            expected.push_str(&d.render(Lang::Uk));
        }
        compare(&dir.join("expected.txt"), &expected, bless, &mut failures);
        let canonical = text(&ed);
        compare(&dir.join("canonical.txt"), &canonical, bless, &mut failures);
        compare(&dir.join("expected.json"), &json(&ed), bless, &mut failures);

        // Round trip: the canonical text reads back into the same edition, and is a fixed point.
        let src2 = Source::from_text(format!("{case}/canonical.txt"), canonical.clone());
        let (ed2, _) = document(&src2, "test/1");
        if normalized(&ed2) != normalized(&ed) {
            failures.push(format!(
                "{case}: canonical.txt reads back differently:\n{}\n--- vs\n{}",
                dump(&ed),
                dump(&ed2)
            ));
        }
        if text(&ed2) != canonical {
            failures.push(format!("{case}: writing is not a fixed point"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
