//! House rules checked by the tests: every source file says what it is for, every diagnostic code
//! is documented where it is raised and listed in README.md, and no code is documented unused.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect()
}

/// `Z` and three digits at `at` in `s`.
fn code_at(s: &str, at: usize) -> Option<&str> {
    let c = s.get(at..at + 4)?;
    (c.starts_with('Z') && c[1..].chars().all(|d| d.is_ascii_digit())).then_some(c)
}

#[test]
fn every_file_opens_with_a_doc_line() {
    for (p, t) in sources() {
        assert!(
            t.starts_with("//!"),
            "{} must open with a `//!` line",
            p.display()
        );
    }
}

#[test]
fn diagnostic_codes_are_documented() {
    let mut used = BTreeSet::new();
    let mut documented = BTreeSet::new();
    for (_, t) in sources() {
        for line in t.lines() {
            let l = line.trim_start();
            if let Some(rest) = l.strip_prefix("//! | ") {
                let rest = rest.trim_start_matches('`');
                if let Some(c) = code_at(rest, 0) {
                    documented.insert(c.to_string());
                }
                continue;
            }
            if l.starts_with("//") {
                continue;
            }
            let mut from = 0;
            while let Some(i) = l[from..].find("\"Z") {
                let at = from + i + 1;
                if let Some(c) = code_at(l, at)
                    && l[at + 4..].starts_with('"')
                {
                    used.insert(c.to_string());
                }
                from = at;
            }
        }
    }
    let undocumented: Vec<_> = used.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "codes raised but not documented in a `//! | Zxxx |` table: {undocumented:?}"
    );
    let unused: Vec<_> = documented
        .difference(&used)
        .filter(|c| c.as_str() != "Z399" && c.as_str() != "Z559")
        .collect();
    assert!(
        unused.is_empty(),
        "codes documented but never raised: {unused:?}"
    );
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let missing: Vec<_> = documented
        .iter()
        .filter(|c| !readme.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md's list of diagnostic codes lacks {missing:?}"
    );
}
