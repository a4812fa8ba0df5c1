//! Whole-run benchmarks on generated corpora, and the generator's command line.
//!
//! ```sh
//! cargo bench --bench corpus -- gen --decisions 1000 --out /tmp/c1000   # write a corpus
//! cargo bench --bench corpus -- verify --corpus /tmp/c1000              # exactly the spoiled ones refused?
//! cargo bench --bench corpus -- run                                     # the table of README.md
//! ```
//! `run` generates the corpora it needs under `--dir` (default `/tmp/zminy-bench`), then times
//! the release binary (`zminy check`, `zminy build`, an incremental build after one more
//! decision) as a subprocess under `/usr/bin/time`, several runs each, and prints the medians
//! with wall time, throughput and peak memory (maximum resident set size).

mod generator;

use generator::{Config, generate, refused_list, vocab::Vocab};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use zminy::history::Outcome;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn num_arg(args: &[String], name: &str, default: usize) -> usize {
    arg(args, name)
        .and_then(|s| s.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn list_arg(args: &[String], name: &str, default: &[usize]) -> Vec<usize> {
    arg(args, name)
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

fn config(args: &[String], decisions: usize) -> Config {
    let mut c = Config::new(decisions);
    c.seed = num_arg(args, "--seed", c.seed as usize) as u64;
    c.max_rows = num_arg(args, "--max-rows", c.max_rows);
    c.refused = num_arg(args, "--refused", c.refused);
    c
}

fn vocab() -> Vocab {
    match Vocab::load(&root()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}

fn gen_corpus(args: &[String], decisions: usize, out: &Path) -> generator::Generated {
    let t = Instant::now();
    let g = generate(&config(args, decisions), &vocab());
    if let Err(e) = g.write(out) {
        eprintln!("{}: {e}", out.display());
        std::process::exit(2);
    }
    eprintln!(
        "generated {}: {} approvals ({} documents), {} amending decisions, {} instructions, {} spoiled, {:.1} MB, in {:.1} s",
        out.display(),
        g.approvals,
        g.documents,
        decisions,
        g.instructions,
        g.refused.len(),
        g.bytes() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    g
}

/// Replay the corpus with the library and compare the refused decisions with the list the
/// generator wrote. Returns whether they match.
fn verify(corpus: &Path) -> bool {
    let expected: BTreeSet<String> = std::fs::read_to_string(refused_list(corpus))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let (c, diags) = match zminy::corpus::load(corpus) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{}: {}", corpus.display(), e.message.en);
            return false;
        }
    };
    for d in diags.iter().filter(|d| d.is_error()) {
        eprintln!("corpus: {}", d.message.en);
    }
    let replay = zminy::history::replay(&c);
    let mut refused = BTreeSet::new();
    let mut shown = 0;
    for (id, outcome, ds) in &replay.decisions {
        if *outcome == Outcome::Refused {
            refused.insert(id.clone());
            if !expected.contains(id) && shown < 10 {
                shown += 1;
                for d in ds.iter().filter(|d| d.is_error()).take(3) {
                    eprintln!(
                        "UNEXPECTED {id}: {} {} ({:?})",
                        d.code,
                        d.message.en,
                        d.span.as_ref().map(|s| s.line)
                    );
                }
            }
        }
    }
    let unexpected: Vec<_> = refused.difference(&expected).collect();
    let missed: Vec<_> = expected.difference(&refused).collect();
    let applied = replay
        .decisions
        .iter()
        .filter(|(_, o, _)| matches!(o, Outcome::Applied(_)))
        .count();
    println!(
        "{}: {} decisions, {} applied, {} refused ({} expected); unexpected refusals: {}, spoiled but applied: {}",
        corpus.display(),
        replay.decisions.len(),
        applied,
        refused.len(),
        expected.len(),
        unexpected.len(),
        missed.len()
    );
    for m in &missed {
        println!("  spoiled but applied: {m}");
    }
    unexpected.is_empty() && missed.is_empty() && diags.iter().all(|d| !d.is_error())
}

/// One timed run of the release binary: (wall seconds, peak RSS in MB, exit code).
fn timed(args: &[&str]) -> (f64, f64, i32) {
    let bin = env!("CARGO_BIN_EXE_zminy");
    let log = std::env::temp_dir().join(format!("zminy-time-{}.txt", std::process::id()));
    let t = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&log)
        .arg(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let wall = t.elapsed().as_secs_f64();
    let kb: f64 = std::fs::read_to_string(&log)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0.0);
    let code = status.ok().and_then(|s| s.code()).unwrap_or(-1);
    (wall, kb / 1024.0, code)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

fn spread(v: &[f64]) -> f64 {
    let (lo, hi) = v
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let m = median(v.to_vec());
    if m > 0.0 { (hi - lo) / m * 100.0 } else { 0.0 }
}

fn dir_size(p: &Path) -> (u64, usize) {
    let mut total = 0;
    let mut files = 0;
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(m) = e.metadata() {
                total += m.len();
                files += 1;
            }
        }
    }
    (total, files)
}

fn ensure(args: &[String], dir: &Path, n: usize) -> (PathBuf, usize) {
    let p = dir.join(format!("c{n}"));
    let stamp = dir.join(format!("c{n}.instructions"));
    if !p.exists() || !stamp.exists() {
        let g = gen_corpus(args, n, &p);
        let _ = std::fs::write(&stamp, g.instructions.to_string());
    }
    let ins = std::fs::read_to_string(&stamp)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    (p, ins)
}

/// Drop the spoiled decisions, so that `build` (which writes nothing when there are errors)
/// has a corpus to build.
fn clean_copy(src: &Path, dst: &Path) {
    let _ = std::fs::remove_dir_all(dst);
    let refused: BTreeSet<String> = std::fs::read_to_string(refused_list(src))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let status = Command::new("cp").arg("-r").arg(src).arg(dst).status();
    if status.map(|s| !s.success()).unwrap_or(true) {
        eprintln!("cannot copy {}", src.display());
        std::process::exit(2);
    }
    for r in refused {
        let _ = std::fs::remove_dir_all(dst.join(r));
    }
}

fn run(args: &[String]) {
    let dir = PathBuf::from(arg(args, "--dir").unwrap_or("/tmp/zminy-bench"));
    let _ = std::fs::create_dir_all(&dir);
    let runs = num_arg(args, "--runs", 3).max(1);
    let sizes = list_arg(args, "--sizes", &[100, 1000, 10000]);
    let build_sizes = list_arg(args, "--build-sizes", &[100, 1000]);
    println!("## zminy check (release binary, one process, {runs} runs, median)\n");
    println!(
        "| decisions | instructions | corpus MB | wall s | spread % | µs/decision | instructions/s | peak RSS MB | refused as expected |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|:--|");
    for &n in &sizes {
        let (p, ins) = ensure(args, &dir, n);
        let ok = verify_quiet(&p);
        let mut walls = Vec::new();
        let mut rss = Vec::new();
        for _ in 0..runs {
            let (w, m, _) = timed(&["check", "--corpus", &p.to_string_lossy()]);
            walls.push(w);
            rss.push(m);
        }
        let w = median(walls.clone());
        let (bytes, _) = dir_size(&p);
        println!(
            "| {n} | {ins} | {:.1} | {w:.2} | {:.0} | {:.0} | {:.0} | {:.0} | {} |",
            bytes as f64 / 1e6,
            spread(&walls),
            w * 1e6 / n as f64,
            ins as f64 / w,
            median(rss),
            if ok { "yes" } else { "NO" }
        );
    }
    println!("\n## zminy build (release binary, {runs} runs, median)\n");
    println!(
        "| decisions | full build s | spread % | peak RSS MB | files | output MB | +1 decision: incremental s (% of full) | files rewritten (manifest check) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in &build_sizes {
        let (p, _) = ensure(args, &dir, n);
        let clean = dir.join(format!("c{n}-clean"));
        clean_copy(&p, &clean);
        // Hold back the last decision folder for the incremental build.
        let mut folders: Vec<PathBuf> = std::fs::read_dir(&clean)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        folders.sort();
        let last = folders.pop();
        let held = dir.join(format!("c{n}-held"));
        let _ = std::fs::remove_dir_all(&held);
        if let Some(l) = &last {
            let _ = std::fs::rename(l, &held);
        }
        let out = dir.join(format!("out{n}"));
        let mut walls = Vec::new();
        let mut rss = Vec::new();
        for _ in 0..runs {
            let _ = std::fs::remove_dir_all(&out);
            let (w, m, code) = timed(&[
                "build",
                "--corpus",
                &clean.to_string_lossy(),
                "--out",
                &out.to_string_lossy(),
            ]);
            if code != 0 {
                eprintln!("build of {n} exited with {code}");
            }
            walls.push(w);
            rss.push(m);
        }
        let (bytes, files) = dir_size(&out);
        // Incremental: put the held decision back, build over the existing output. The
        // files rewritten (new mtime or inode) must be exactly those whose content hash in the
        // build's manifest changed (or that are new).
        let mut inc = Vec::new();
        let mut rewritten = 0;
        let mut content_changed = 0;
        let mut exact = true;
        if let Some(l) = &last {
            for r in 0..runs {
                if r > 0 {
                    let _ = std::fs::rename(l, &held);
                    timed(&[
                        "build",
                        "--corpus",
                        &clean.to_string_lossy(),
                        "--out",
                        &out.to_string_lossy(),
                    ]);
                }
                let before = mtimes(&out);
                let hashes_before = manifest_hashes(&out);
                let _ = std::fs::rename(&held, l);
                let (w, _, _) = timed(&[
                    "build",
                    "--corpus",
                    &clean.to_string_lossy(),
                    "--out",
                    &out.to_string_lossy(),
                ]);
                inc.push(w);
                let after = mtimes(&out);
                let hashes_after = manifest_hashes(&out);
                let touched: BTreeSet<String> = after
                    .iter()
                    .filter(|(k, v)| before.get(*k) != Some(*v))
                    .filter_map(|(k, _)| {
                        k.strip_prefix(&out)
                            .ok()
                            .map(|p| p.to_string_lossy().into_owned())
                    })
                    .filter(|p| p != ".zminy-manifest")
                    .collect();
                let changed: BTreeSet<String> = hashes_after
                    .iter()
                    .filter(|(k, v)| hashes_before.get(*k) != Some(*v))
                    .map(|(k, _)| k.clone())
                    .collect();
                rewritten = touched.len();
                content_changed = changed.len();
                if touched != changed {
                    exact = false;
                    for p in touched.symmetric_difference(&changed).take(10) {
                        eprintln!("  rewritten xor content changed: {p}");
                    }
                }
            }
        }
        let full = median(walls.clone());
        let incr = median(inc);
        println!(
            "| {n} | {full:.2} | {:.0} | {:.0} | {files} | {:.0} | {incr:.2} ({:.1} %) | {rewritten} of {content_changed} changed ({}) |",
            spread(&walls),
            median(rss),
            bytes as f64 / 1e6,
            if full > 0.0 { incr / full * 100.0 } else { 0.0 },
            if exact { "exactly those" } else { "MISMATCH" },
        );
    }
}

/// Path → content hash, from the build's manifest (`.zminy-manifest`).
fn manifest_hashes(out: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_to_string(out.join(".zminy-manifest"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((f.get(5)?.to_string(), f.first()?.to_string()))
        })
        .collect()
}

fn mtimes(p: &Path) -> std::collections::BTreeMap<PathBuf, (std::time::SystemTime, u64)> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(m) = e.metadata()
                && let Ok(t) = m.modified()
            {
                use std::os::unix::fs::MetadataExt;
                out.insert(path, (t, m.ino()));
            }
        }
    }
    out
}

fn verify_quiet(p: &Path) -> bool {
    verify(p)
}

fn main() {
    // `cargo bench` passes `--bench`; drop it.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("gen") => {
            let n = num_arg(&args, "--decisions", 100);
            let out = PathBuf::from(arg(&args, "--out").unwrap_or("/tmp/zminy-corpus"));
            gen_corpus(&args, n, &out);
        }
        Some("verify") => {
            let c = PathBuf::from(arg(&args, "--corpus").unwrap_or("/tmp/zminy-corpus"));
            if !verify(&c) {
                std::process::exit(1);
            }
        }
        Some("run") => run(&args),
        None => {
            // `cargo bench` with no arguments: a quick whole run on the smallest corpus.
            run(&[
                "run".into(),
                "--sizes".into(),
                "100,1000".into(),
                "--build-sizes".into(),
                "100".into(),
            ])
        }
        Some(other) => {
            eprintln!("unknown command {other}: use gen, verify or run");
            std::process::exit(2);
        }
    }
}
