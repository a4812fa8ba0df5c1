//! Per-stage benchmarks on generated inputs: ingest, parse (documents and decisions), resolve,
//! apply, render, diff. Hand-rolled (no harness): each stage runs several times on one core and
//! the median is printed with its throughput.
//!
//! ```sh
//! cargo bench --bench stages            # all stages, 5 runs each
//! cargo bench --bench stages -- --runs 9
//! ```

mod generator;

use generator::{Config, generate, vocab::Vocab};
use std::path::PathBuf;
use std::time::Instant;
use zminy::ir::{Action, ActionKind, Date, DecisionRef, Edition, Part, Plan, Source, TextEdit};

fn median_secs(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    v.sort_by(f64::total_cmp);
    let m = v[v.len() / 2];
    let spread = if m > 0.0 {
        (v[v.len() - 1] - v[0]) / m * 100.0
    } else {
        0.0
    };
    (m, spread)
}

fn row(stage: &str, what: &str, secs: f64, spread: f64, amount: f64, unit: &str) {
    println!(
        "| {stage} | {what} | {:.2} ms | {spread:.0} % | {} {unit}/s |",
        secs * 1e3,
        human(amount / secs)
    );
}

fn human(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1} k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(5usize)
        .max(1);
    let v = match Vocab::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR"))) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut cfg = Config::new(1000);
    cfg.refused = 0;
    let g = generate(&cfg, &v);
    let decisions: Vec<&(String, String)> = g
        .files
        .iter()
        .filter(|(p, _)| p.ends_with("decision.txt"))
        .collect();
    let big = g
        .files
        .iter()
        .find(|(p, _)| p.ends_with("appendix.txt") && p.contains("-103/"))
        .or_else(|| g.files.iter().find(|(p, _)| p.contains("appendix")))
        .map(|(_, t)| t.clone())
        .unwrap_or_default();

    println!("| stage | input | median | spread | throughput |");
    println!("|---|---|---:|---:|---:|");

    // Ingest: every file of the corpus, as bytes.
    let bytes: usize = g.files.iter().map(|(_, t)| t.len()).sum();
    let (s, sp) = median_secs(runs, || {
        for (p, t) in &g.files {
            let _ = std::hint::black_box(zminy::ingest::ingest(p, t.as_bytes()));
        }
    });
    row(
        "ingest",
        &format!("{} files, {:.1} MB", g.files.len(), bytes as f64 / 1e6),
        s,
        sp,
        bytes as f64 / 1e6,
        "MB",
    );

    // Parse decisions.
    let srcs: Vec<Source> = decisions
        .iter()
        .map(|(p, t)| Source::from_text(p.clone(), t.clone()))
        .collect();
    let mut instructions = 0;
    for s in &srcs {
        instructions += zminy::parse::decision(s, "d").0.instructions.len();
    }
    let (s, sp) = median_secs(runs, || {
        for src in &srcs {
            let _ = std::hint::black_box(zminy::parse::decision(src, "d"));
        }
    });
    row(
        "parse (decisions)",
        &format!("{} decisions, {instructions} instructions", srcs.len()),
        s,
        sp,
        instructions as f64,
        "instructions",
    );

    // Parse a document: the 50,000-row classifier.
    let big_src = Source::from_text("big.txt", big.clone());
    let (ed, _) = zminy::parse::document(&big_src, "big/1");
    let (s, sp) = median_secs(runs, || {
        let _ = std::hint::black_box(zminy::parse::document(&big_src, "big/1"));
    });
    row(
        "parse (document)",
        &format!("{} units, {:.1} MB", ed.units.len(), big.len() as f64 / 1e6),
        s,
        sp,
        big.len() as f64 / 1e6,
        "MB",
    );

    // Apply: word-level operations spread over the 50,000-unit edition.
    let (Some(plan), Some(one)) = (word_plan(&ed, 20_000), word_plan(&ed, 1)) else {
        eprintln!("no date");
        std::process::exit(2);
    };
    let ops = plan.actions.len();
    let (s, sp) = median_secs(runs, || {
        let _ = std::hint::black_box(zminy::apply::apply(&ed, &plan));
    });
    row(
        "apply",
        &format!("{ops} word replacements on {} units", ed.units.len()),
        s,
        sp,
        ops as f64,
        "operations",
    );
    let (s, sp) = median_secs(runs * 20, || {
        let _ = std::hint::black_box(zminy::apply::apply(&ed, &one));
    });
    row(
        "apply",
        &format!(
            "1 word replacement on {} units (the new edition's cost)",
            ed.units.len()
        ),
        s,
        sp,
        1.0,
        "decisions",
    );

    // Resolve + apply through the replay of the generated corpus (whole pipeline in memory).
    let dir = std::env::temp_dir().join(format!("zminy-stages-{}", std::process::id()));
    let _ = g.write(&dir);
    let (corpus, _) = match zminy::corpus::load(&dir) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{}", e.message.en);
            std::process::exit(2);
        }
    };
    let (s, sp) = median_secs(runs.min(3), || {
        let _ = std::hint::black_box(zminy::history::replay(&corpus));
    });
    row(
        "resolve + apply (replay)",
        &format!(
            "{} decisions, {} instructions",
            corpus.entries.len(),
            g.instructions
        ),
        s,
        sp,
        g.instructions as f64,
        "instructions",
    );
    let replay = zminy::history::replay(&corpus);

    // Render: every format of the newest edition of each document; diff: the last change.
    let eds: Vec<(&Edition, &Edition)> = replay
        .documents
        .values()
        .filter_map(|h| {
            let n = h.editions.len();
            (n >= 2).then(|| (&h.editions[n - 2], &h.editions[n - 1]))
        })
        .collect();
    let units: usize = eds.iter().map(|(_, e)| e.units.len()).sum();
    let (s, sp) = median_secs(runs.min(3), || {
        for (_, e) in &eds {
            let _ = std::hint::black_box(zminy::render::text::text(e));
            let _ = std::hint::black_box(zminy::render::json::json(e));
            let _ = std::hint::black_box(zminy::render::markdown::markdown(e));
        }
    });
    row(
        "render (text + json + md)",
        &format!("{} editions, {units} units", eds.len()),
        s,
        sp,
        units as f64,
        "units",
    );
    let (s, sp) = median_secs(runs.min(3), || {
        for (_, e) in &eds {
            let _ = std::hint::black_box(zminy::render::html::standalone(e));
        }
    });
    row(
        "render (html)",
        &format!("{} editions, {units} units", eds.len()),
        s,
        sp,
        units as f64,
        "units",
    );
    let (s, sp) = median_secs(runs.min(3), || {
        for (_, e) in &eds {
            let _ = std::hint::black_box(zminy::render::akn::akn_single(e));
        }
    });
    row(
        "render (akn)",
        &format!("{} editions, {units} units", eds.len()),
        s,
        sp,
        units as f64,
        "units",
    );
    let (s, sp) = median_secs(runs.min(3), || {
        for (a, b) in &eds {
            let ta = zminy::render::text::text(a);
            let tb = zminy::render::text::text(b);
            let _ = std::hint::black_box(zminy::render::diff::unified(&ta, &tb, "a", "b"));
        }
    });
    row(
        "diff (unified, text)",
        &format!("{} edition pairs, {units} units", eds.len()),
        s,
        sp,
        units as f64,
        "units",
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(generator::refused_list(&dir));
}

/// A plan of `n` word replacements spread evenly over the edition's rows.
fn word_plan(ed: &Edition, n: usize) -> Option<Plan> {
    let rows: Vec<&zminy::ir::Unit> = ed
        .units
        .iter()
        .map(|u| &**u)
        .filter(|u| u.head().split(' ').count() > 2)
        .collect();
    let step = (rows.len() / n.max(1)).max(1);
    let actions = rows
        .iter()
        .step_by(step)
        .take(n)
        .map(|u| {
            let word = u.head().split(['\t', ' ']).nth(1).unwrap_or("").to_string();
            Action {
                item: "1.1".into(),
                line: 1,
                op: "replace_words".into(),
                kind: ActionKind::Edit {
                    unit: u.id,
                    part: Part::Para(0),
                    edit: TextEdit::Replace {
                        find: word,
                        with: "заміна".into(),
                        occurrence: None,
                    },
                },
            }
        })
        .collect();
    Some(Plan {
        document: ed.document.clone(),
        decision: DecisionRef {
            id: "2030-01-01-1".into(),
            date: Date::parse_dmy("01.01.2030").or(Date::new(2030, 1, 1))?,
            number: "1".into(),
        },
        actions,
        notes: Vec::new(),
    })
}
