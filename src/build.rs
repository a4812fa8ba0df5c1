//! `zminy build`: replay the corpus, render the site in memory (in parallel), then bring the
//! output folder up to date atomically: a fresh folder is assembled beside it — unchanged files
//! hard-linked from the old one, only files whose bytes changed written anew — and swapped in;
//! or, with `--check`, compare it byte for byte and write nothing.
//!
//! ## Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z901 | error | a file or folder cannot be read or written (the path and the system's reason) |

use crate::cli::{Reporter, exit};
use crate::corpus;
use crate::history::{self, Replay};
use crate::ir::{Diagnostic, Span};
use crate::render::site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "Z901",
        format!("помилка запису або читання: {e}"),
        format!("I/O error: {e}"),
    )
    .at(Span::file(path.display().to_string()))
}

/// Write a file atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(path, &e)
    })
}

/// Ukrainian → Latin (the 2010 national transliteration, lower case, for URIs and slugs).
pub fn translit(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        let t = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "h",
            'ґ' => "g",
            'д' => "d",
            'е' => "e",
            'є' => "ie",
            'ж' => "zh",
            'з' => "z",
            'и' => "y",
            'і' => "i",
            'ї' => "i",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ю' => "iu",
            'я' => "ia",
            'ь' | '\'' | '’' | 'ʼ' => "",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(t);
    }
    let mut slug = String::new();
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug
}

/// The issuing body's slug for Akoma Ntoso URIs: the place and the body
/// (`м. Кривий Ріг`, `ВИКОНАВЧИЙ КОМІТЕТ` → `kryvyi-rih-vykonkom`).
pub fn author(corpus: &corpus::Corpus) -> String {
    let Some(d) = corpus.entries.first().map(|e| &e.decision) else {
        return "council".into();
    };
    let place = d
        .place
        .as_deref()
        .unwrap_or("")
        .trim_start_matches("м.")
        .trim();
    let body = d.body.clone().unwrap_or_default().to_uppercase();
    let kind = if body.contains("ВИКОНАВЧИЙ КОМІТЕТ") {
        "vykonkom"
    } else if body.contains("РАДА") {
        "rada"
    } else {
        "council"
    };
    let p = translit(place);
    if p.is_empty() {
        kind.to_string()
    } else {
        format!("{p}-{kind}")
    }
}

/// Everything `build` writes, by path relative to the output folder.
pub fn render_all(corpus: &corpus::Corpus, replay: &Replay) -> BTreeMap<String, Vec<u8>> {
    let documents = replay
        .documents
        .values()
        .map(|h| site::DocHistory {
            id: &h.id,
            title: h.title.clone(),
            editions: h.editions.iter().collect(),
            changes: h.changes.clone(),
        })
        .collect();
    let no_diags: Vec<Diagnostic> = Vec::new();
    let decisions = corpus
        .entries
        .iter()
        .map(|e| site::DecisionView {
            decision: &e.decision,
            source: &e.source,
            diagnostics: replay
                .decisions
                .iter()
                .find(|(id, _, _)| *id == e.id)
                .map_or(no_diags.as_slice(), |(_, _, d)| d.as_slice()),
        })
        .collect();
    site::render_site(&site::SiteInput {
        documents,
        decisions,
        formats: site::Formats {
            text: crate::render::text::text,
            json: crate::render::json::json,
        },
        author: author(corpus),
    })
}

fn read_tree(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    list_tree(root)?
        .into_iter()
        .map(|rel| {
            let p = root.join(&rel);
            std::fs::read(&p)
                .map(|b| (rel, b))
                .map_err(|e| io_error(&p, &e))
        })
        .collect()
}

/// The files under `root` (relative paths), without reading them.
fn list_tree(root: &Path) -> Result<Vec<String>, Diagnostic> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let rd = std::fs::read_dir(&dir).map_err(|e| io_error(&dir, &e))?;
        for entry in rd {
            let entry = entry.map_err(|e| io_error(&dir, &e))?;
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    Ok(out)
}

/// Whether the file at `path` already holds exactly `bytes` (sizes first, then contents).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

/// Bring `out` to exactly `files`, touching only what changed: a file whose bytes are already
/// right is left alone (an incremental build after one more decision rewrites only the pages it
/// changed), every other file is written atomically (a temporary file, then a rename), and
/// files no longer produced are removed. Returns (files written, files removed).
fn write_tree(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(usize, usize), Diagnostic> {
    use rayon::prelude::*;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    // Which files changed: only those are written; the others are hard-linked (same inode).
    let changed: Vec<&String> = files
        .par_iter()
        .filter(|(rel, bytes)| !same_bytes(&out.join(rel.as_str()), bytes))
        .map(|(rel, _)| rel)
        .collect();
    let changed: std::collections::BTreeSet<&String> = changed.into_iter().collect();
    for (rel, bytes) in files {
        let p = tmp.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| io_error(d, &e))?;
        }
        let linked = !changed.contains(rel) && std::fs::hard_link(out.join(rel), &p).is_ok();
        if !linked {
            std::fs::write(&p, bytes).map_err(|e| io_error(&p, &e))?;
        }
    }
    let removed = match list_tree(out) {
        Ok(list) => list.iter().filter(|rel| !files.contains_key(*rel)).count(),
        Err(_) => 0,
    };
    // Swap the assembled folder in.
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| io_error(out, &e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::rename(&old, out);
        return Err(io_error(out, &e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok((changed.len(), removed))
}

/// Run `zminy build`.
/// Progress on a terminal: one line rewritten in place per stage, with timings; nothing when
/// stderr is not a terminal (CI stays quiet).
struct Progress {
    on: bool,
    lang: crate::ir::Lang,
    start: std::time::Instant,
}

impl Progress {
    fn new(rep: &Reporter) -> Progress {
        use std::io::IsTerminal;
        Progress {
            on: std::io::stderr().is_terminal(),
            lang: rep.lang,
            start: std::time::Instant::now(),
        }
    }

    fn stage(&self, step: usize, uk: &str, en: &str) {
        if self.on {
            let what = if self.lang == crate::ir::Lang::Uk {
                uk
            } else {
                en
            };
            eprint!(
                "\r\x1b[2K[{step}/4 {:>5.1} с] {what}…",
                self.start.elapsed().as_secs_f32()
            );
        }
    }

    fn done(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

pub fn run(rep: &Reporter, corpus_dir: &Path, out: &Path, check: bool) -> u8 {
    let progress = Progress::new(rep);
    progress.stage(1, "читання корпусу", "reading the corpus");
    let (corpus, diags) = match corpus::load(corpus_dir) {
        Ok(x) => x,
        Err(d) => {
            rep.emit(&[d]);
            return exit::USAGE;
        }
    };
    progress.stage(2, "застосування рішень", "applying decisions");
    let replay = history::replay(&corpus);
    progress.done();
    rep.emit(&diags);
    for (_, _, d) in &replay.decisions {
        rep.emit(d);
    }
    if crate::ir::has_errors(&diags) || replay.has_errors() {
        rep.say(
            "Є помилки: нічого не записано.",
            "There are errors: nothing was written.",
        );
        return exit::INPUT;
    }
    progress.stage(
        3,
        "рендеринг документів, редакцій і змін",
        "rendering documents, editions and diffs",
    );
    let files = render_all(&corpus, &replay);
    progress.stage(
        4,
        if check {
            "порівняння"
        } else {
            "запис"
        },
        if check { "comparing" } else { "writing" },
    );
    progress.done();
    if check {
        let existing = match read_tree(out) {
            Ok(t) => t,
            Err(d) => {
                rep.emit(&[d]);
                return exit::USAGE;
            }
        };
        let mut differ = Vec::new();
        for (p, b) in &files {
            match existing.get(p) {
                None => differ.push(format!("+ {p}")),
                Some(x) if x != b => differ.push(format!("M {p}")),
                _ => {}
            }
        }
        for p in existing.keys() {
            if !files.contains_key(p) {
                differ.push(format!("- {p}"));
            }
        }
        if differ.is_empty() {
            rep.say(
                &format!("{}: актуальна ({} файлів)", out.display(), files.len()),
                &format!("{}: up to date ({} files)", out.display(), files.len()),
            );
            return exit::OK;
        }
        rep.say(
            &format!(
                "{} відрізняється від того, що записала б збірка ({} файлів):",
                out.display(),
                differ.len()
            ),
            &format!(
                "{} differs from what the build would write ({} files):",
                out.display(),
                differ.len()
            ),
        );
        for d in differ {
            println!("{d}");
        }
        return exit::INPUT;
    }
    match write_tree(out, &files) {
        Ok((written, removed)) => {
            let size: usize = files.values().map(Vec::len).sum();
            rep.say(
                &format!(
                    "{}: {} файлів ({} КБ); записано {written}, вилучено {removed}, решта без змін",
                    out.display(),
                    files.len(),
                    size / 1024,
                ),
                &format!(
                    "{}: {} files ({} KiB); {written} written, {removed} removed, the rest unchanged",
                    out.display(),
                    files.len(),
                    size / 1024,
                ),
            );
            exit::OK
        }
        Err(d) => {
            rep.emit(&[d]);
            exit::USAGE
        }
    }
}
