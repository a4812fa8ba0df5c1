//! Test support for the renderers: loading a case folder (JSON-serialized IR) into a site.
#![allow(dead_code)]

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use zminy::ir::{Change, Decision, Diagnostic, Edition, Source, UnitKind};
use zminy::render::label;
use zminy::render::site::{DecisionView, DocHistory, Formats, SiteInput, render_site};

/// One document of a case: `documents/*.json`.
#[derive(Deserialize)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub editions: Vec<Edition>,
    pub changes: Vec<Vec<Change>>,
}

/// A case folder's inputs.
pub struct Case {
    pub docs: Vec<Doc>,
    pub decisions: Vec<(Decision, Source, Vec<Diagnostic>)>,
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The case folders under `tests/render/`.
pub fn case_dirs() -> Vec<PathBuf> {
    sorted(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render"))
        .into_iter()
        .filter(|p| p.join("documents").is_dir())
        .collect()
}

pub fn load(dir: &Path) -> Case {
    let docs = sorted(&dir.join("documents"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = fs::read_to_string(&p).expect("read document");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect();
    let decisions = sorted(&dir.join("decisions"))
        .into_iter()
        .filter(|p| p.is_dir())
        .map(|p| {
            let d: Decision = serde_json::from_str(
                &fs::read_to_string(p.join("decision.json")).expect("decision.json"),
            )
            .expect("decision.json parses");
            let text = fs::read_to_string(p.join("decision.txt")).expect("decision.txt");
            let source = Source::from_text(d.file.clone(), text.trim_end_matches('\n'));
            // Diagnostic codes are `&'static str`: leak the (small) test file.
            let diags: Vec<Diagnostic> = match fs::read_to_string(p.join("diagnostics.json")) {
                Ok(s) => serde_json::from_str(Box::leak(s.into_boxed_str()))
                    .expect("diagnostics.json parses"),
                Err(_) => Vec::new(),
            };
            (d, source, diags)
        })
        .collect();
    Case { docs, decisions }
}

/// A stand-in for the canonical text writer (another module's job): title block, notes in
/// braces, one line per paragraph, table rows TAB-separated.
pub fn text(e: &Edition) -> String {
    let mut out = String::new();
    for l in &e.title {
        out.push_str(l);
        out.push('\n');
    }
    for n in &e.notes {
        out.push_str(&format!("{{{n}}}\n"));
    }
    if let Some(t) = &e.table {
        out.push_str(&t.columns.join("\t"));
        out.push('\n');
    }
    for u in &e.units {
        let num = if matches!(u.kind, UnitKind::Row | UnitKind::HeadingRow) {
            u.number.to_string()
        } else {
            label::num_label(u)
        };
        let sep = if e.table.is_some() { "\t" } else { " " };
        out.push_str(&format!("{num}{sep}{}\n", u.head()));
        for p in u.paras.iter().skip(1) {
            out.push_str(p);
            out.push('\n');
        }
        for n in &u.notes {
            out.push_str(&format!("{{{n}}}\n"));
        }
    }
    out
}

/// A stand-in for the contract JSON writer.
pub fn json(e: &Edition) -> String {
    serde_json::to_string_pretty(e).unwrap_or_default()
}

pub fn formats() -> Formats {
    Formats { text, json }
}

/// Render a case's site.
pub fn site(case: &Case) -> BTreeMap<String, Vec<u8>> {
    let input = SiteInput {
        documents: case
            .docs
            .iter()
            .map(|d| DocHistory {
                id: &d.id,
                title: d.title.clone(),
                editions: d.editions.iter().collect(),
                changes: d.changes.clone(),
            })
            .collect(),
        decisions: case
            .decisions
            .iter()
            .map(|(d, s, g)| DecisionView {
                decision: d,
                source: s,
                diagnostics: g,
            })
            .collect(),
        formats: formats(),
        author: "kryvyi-rih-vykonkom".into(),
    };
    render_site(&input)
}

/// Write a site into a folder.
pub fn write_site(files: &BTreeMap<String, Vec<u8>>, root: &Path) {
    for (path, bytes) in files {
        let p = root.join(path);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).expect("mkdir");
        }
        fs::write(&p, bytes).expect("write");
    }
}
