//! `zminy build`: replay the corpus, then render the site task by task (in parallel) and bring
//! the output folder up to date atomically: a fresh folder is assembled beside it — files that
//! are already right hard-linked from the old one, only files whose bytes changed written anew,
//! each file written as soon as it is rendered (the site is never held in memory) — and
//! swapped in; or, with `--check`, render everything, compare it byte for byte and write
//! nothing.
//!
//! # The manifest and the render cache
//! The output folder holds `.zminy-manifest`: for every file, its BLAKE3 content hash, size,
//! modification time, inode, and the key of the task that rendered it. A task's key hashes the
//! running executable, the task, and the fingerprints of every corpus decision up to the one
//! its bytes follow from ([`site::Site::basis`]; the replay never looks ahead). When a task's
//! key is unchanged and each of its files is still the one the manifest describes (same size,
//! modification time and inode), the task is not rendered again: its files are hard-linked.
//! So after a decision is added, a build renders only what that decision changed. Any other
//! change — a new binary, an edited or inserted decision, a file touched by hand — renders the
//! task again, and its files are rewritten only if their bytes differ. `--check` never trusts
//! the manifest: it renders everything. The manifest is local state (ignored by git and by
//! `--check`).
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
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// The site's input from a replayed corpus.
pub fn site_input<'a>(corpus: &'a corpus::Corpus, replay: &'a Replay) -> site::SiteInput<'a> {
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
    let diags: HashMap<&str, &[Diagnostic]> = replay
        .decisions
        .iter()
        .map(|(id, _, d)| (id.as_str(), d.as_slice()))
        .collect();
    let decisions = corpus
        .entries
        .iter()
        .map(|e| site::DecisionView {
            decision: &e.decision,
            source: &e.source,
            diagnostics: diags.get(e.id.as_str()).copied().unwrap_or(&[]),
        })
        .collect();
    site::SiteInput {
        documents,
        decisions,
        formats: site::Formats {
            text: crate::render::text::text,
            json: crate::render::json::json,
        },
        author: author(corpus),
    }
}

/// Everything `build` writes, by path relative to the output folder, in memory (tests).
pub fn render_all(corpus: &corpus::Corpus, replay: &Replay) -> BTreeMap<String, Vec<u8>> {
    site::render_site(&site_input(corpus, replay))
}

/// The name of the manifest in the output folder.
pub const MANIFEST: &str = ".zminy-manifest";

/// One file as the manifest describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Record {
    hash: String,
    size: u64,
    mtime: u128,
    inode: u64,
    key: String,
}

/// What a file on disk is now: (size, modification time in ns, inode).
fn stamp(path: &Path) -> Option<(u64, u128, u64)> {
    let m = std::fs::symlink_metadata(path).ok()?;
    if !m.is_file() {
        return None;
    }
    let mtime = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some((m.len(), mtime, inode))
}

fn read_manifest(out: &Path) -> HashMap<String, Record> {
    let Ok(text) = std::fs::read_to_string(out.join(MANIFEST)) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return HashMap::new();
    }
    lines
        .filter_map(|l| {
            let mut f = l.splitn(6, '\t');
            let hash = f.next()?.to_string();
            let size = f.next()?.parse().ok()?;
            let mtime = f.next()?.parse().ok()?;
            let inode = f.next()?.parse().ok()?;
            let key = f.next()?.to_string();
            let path = f.next()?.to_string();
            Some((
                path,
                Record {
                    hash,
                    size,
                    mtime,
                    inode,
                    key,
                },
            ))
        })
        .collect()
}

const MANIFEST_HEADER: &str = "# zminy manifest 1: blake3\tsize\tmtime_ns\tinode\ttask key\tpath (local state; not published)";

fn manifest_text(records: &BTreeMap<String, Record>) -> String {
    let mut s = String::with_capacity(records.len() * 160);
    s.push_str(MANIFEST_HEADER);
    s.push('\n');
    for (path, r) in records {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{path}\n",
            r.hash, r.size, r.mtime, r.inode, r.key
        ));
    }
    s
}

/// What identifies the running program's code: the BLAKE3 of its executable (on Linux read
/// through `/proc/self/exe`, which is the running file even if a rebuild replaced it).
fn program_fingerprint() -> String {
    std::fs::read("/proc/self/exe")
        .or_else(|_| std::env::current_exe().and_then(std::fs::read))
        .map(|b| blake3::hash(&b).to_hex().to_string())
        // Without it nothing may be reused: a key no manifest holds.
        .unwrap_or_else(|_| format!("unknown-{}", std::process::id()))
}

/// Every task's cache key (None: always rendered).
fn task_keys(corpus: &corpus::Corpus, s: &site::Site, tasks: &[site::Task]) -> Vec<Option<String>> {
    let program = program_fingerprint();
    // prefix[id] = the hash of the corpus up to and including that decision, in corpus order.
    let mut prefix: HashMap<&str, [u8; 32]> = HashMap::new();
    let mut chain = blake3::Hasher::new();
    chain.update(program.as_bytes());
    for e in &corpus.entries {
        chain.update(&e.fingerprint);
        prefix.insert(e.id.as_str(), *chain.finalize().as_bytes());
    }
    tasks
        .iter()
        .map(|t| {
            let basis = prefix.get(s.basis(*t)?)?;
            let mut h = blake3::Hasher::new();
            h.update(basis);
            h.update(s.identity(*t).as_bytes());
            Some(h.finalize().to_hex()[..32].to_string())
        })
        .collect()
}

/// The files under `root` (relative paths), without reading them; the manifest left out.
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
                let rel = p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != MANIFEST {
                    out.push(rel);
                }
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

/// What a run of `--check` found: the differing files (`+`, `M`, `-` and the path).
fn check_tree(
    out: &Path,
    s: &site::Site,
    tasks: &[site::Task],
) -> Result<(Vec<String>, usize), Diagnostic> {
    let existing: BTreeSet<String> = list_tree(out)?.into_iter().collect();
    let per_task: Vec<Vec<(String, String)>> = tasks
        .par_iter()
        .map(|t| {
            s.render(*t)
                .into_iter()
                .map(|(rel, bytes)| {
                    let p = out.join(&rel);
                    let mark = if !existing.contains(&rel) {
                        "+"
                    } else if same_bytes(&p, &bytes) {
                        ""
                    } else {
                        "M"
                    };
                    (rel, mark.to_string())
                })
                .collect()
        })
        .collect();
    let produced: BTreeMap<String, String> = per_task.into_iter().flatten().collect();
    let mut differ: Vec<String> = produced
        .iter()
        .filter(|(_, m)| !m.is_empty())
        .map(|(p, m)| format!("{m} {p}"))
        .collect();
    for p in &existing {
        if !produced.contains_key(p) {
            differ.push(format!("- {p}"));
        }
    }
    differ.sort_by(|a, b| a[2..].cmp(&b[2..]));
    Ok((differ, produced.len()))
}

/// What writing the site did.
struct Written {
    files: usize,
    bytes: u64,
    written: usize,
    rendered: usize,
    reused: usize,
    removed: usize,
}

fn ensure_parent(p: &Path) -> Result<(), Diagnostic> {
    match p.parent() {
        Some(d) => std::fs::create_dir_all(d).map_err(|e| io_error(d, &e)),
        None => Ok(()),
    }
}

/// Assemble the new tree in `tmp`: every task's files, reused (hard-linked) when the manifest
/// vouches for them, else rendered and then linked if their bytes did not change, or written.
fn assemble(
    out: &Path,
    tmp: &Path,
    s: &site::Site,
    tasks: &[site::Task],
    keys: &[Option<String>],
    old: &HashMap<String, Record>,
) -> Result<(BTreeMap<String, Record>, usize, usize, usize), Diagnostic> {
    // (records, files written, tasks rendered, tasks reused)
    type Part = (Vec<(String, Record)>, usize, bool);
    let parts: Vec<Result<Part, Diagnostic>> = tasks
        .par_iter()
        .zip(keys.par_iter())
        .map(|(t, key)| -> Result<Part, Diagnostic> {
            // A cache hit: every file of the task is the one the manifest describes.
            if let Some(k) = key {
                let paths = s.paths(*t);
                let vouched: Option<Vec<(String, Record)>> = paths
                    .iter()
                    .map(|rel| {
                        let r = old.get(rel).filter(|r| &r.key == k)?;
                        let now = stamp(&out.join(rel))?;
                        (now == (r.size, r.mtime, r.inode)).then(|| (rel.clone(), r.clone()))
                    })
                    .collect();
                if let Some(records) = vouched {
                    let mut linked = true;
                    for (rel, _) in &records {
                        let p = tmp.join(rel);
                        ensure_parent(&p)?;
                        if std::fs::hard_link(out.join(rel), &p).is_err() {
                            linked = false;
                            break;
                        }
                    }
                    if linked {
                        return Ok((records, 0, false));
                    }
                }
            }
            let key = key.clone().unwrap_or_default();
            let mut records = Vec::new();
            let mut written = 0;
            // The first path each shared buffer went to (current.txt is the edition's .txt).
            let mut first: Vec<(*const Vec<u8>, PathBuf)> = Vec::new();
            for (rel, bytes) in s.render(*t) {
                let p = tmp.join(&rel);
                ensure_parent(&p)?;
                let hash = blake3::hash(&bytes).to_hex().to_string();
                let before = out.join(&rel);
                let unchanged = match old.get(&rel) {
                    Some(r) if stamp(&before) == Some((r.size, r.mtime, r.inode)) => r.hash == hash,
                    _ => same_bytes(&before, &bytes),
                };
                let ptr = std::sync::Arc::as_ptr(&bytes);
                let twin = first
                    .iter()
                    .find(|(q, _)| *q == ptr)
                    .map(|(_, x)| x.clone());
                let linked = if unchanged {
                    std::fs::hard_link(&before, &p).is_ok()
                } else if let Some(twin) = twin {
                    std::fs::hard_link(twin, &p).is_ok()
                } else {
                    false
                };
                if !linked {
                    std::fs::write(&p, &*bytes).map_err(|e| io_error(&p, &e))?;
                    written += 1;
                }
                first.push((ptr, p.clone()));
                let (size, mtime, inode) =
                    stamp(&p).ok_or_else(|| io_error(&p, &std::io::Error::other("stat")))?;
                records.push((
                    rel,
                    Record {
                        hash,
                        size,
                        mtime,
                        inode,
                        key: key.clone(),
                    },
                ));
            }
            Ok((records, written, true))
        })
        .collect();
    let mut records = BTreeMap::new();
    let (mut written, mut rendered, mut reused) = (0, 0, 0);
    for part in parts {
        let (r, w, was_rendered) = part?;
        records.extend(r);
        written += w;
        if was_rendered {
            rendered += 1;
        } else {
            reused += 1;
        }
    }
    Ok((records, written, rendered, reused))
}

/// Bring `out` to exactly the site, touching only what changed, atomically: the new tree is
/// assembled in a temporary folder beside `out` and swapped in.
fn write_site(
    out: &Path,
    s: &site::Site,
    tasks: &[site::Task],
    keys: &[Option<String>],
) -> Result<Written, Diagnostic> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old_dir = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| io_error(&tmp, &e))?;
    let old = read_manifest(out);
    let (records, written, rendered, reused) = match assemble(out, &tmp, s, tasks, keys, &old) {
        Ok(x) => x,
        Err(d) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(d);
        }
    };
    let removed = match list_tree(out) {
        Ok(list) => list
            .iter()
            .filter(|rel| !records.contains_key(*rel))
            .count(),
        Err(_) => 0,
    };
    let m = tmp.join(MANIFEST);
    if let Err(e) = std::fs::write(&m, manifest_text(&records)) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io_error(&m, &e));
    }
    // Swap the assembled folder in.
    if out.exists() {
        std::fs::rename(out, &old_dir).map_err(|e| io_error(out, &e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::rename(&old_dir, out);
        return Err(io_error(out, &e));
    }
    let _ = std::fs::remove_dir_all(&old_dir);
    Ok(Written {
        files: records.len(),
        bytes: records.values().map(|r| r.size).sum(),
        written,
        rendered,
        reused,
        removed,
    })
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
                "\r\x1b[2K[{step}/3 {:>5.1} с] {what}…",
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
        "рендеринг і запис документів, редакцій і змін",
        "rendering and writing documents, editions and diffs",
    );
    let input = site_input(&corpus, &replay);
    let site = site::Site::new(&input);
    let tasks = site.tasks();
    if check {
        let (differ, n) = match check_tree(out, &site, &tasks) {
            Ok(x) => x,
            Err(d) => {
                progress.done();
                rep.emit(&[d]);
                return exit::USAGE;
            }
        };
        progress.done();
        if differ.is_empty() {
            rep.say(
                &format!("{}: актуальна ({n} файлів)", out.display()),
                &format!("{}: up to date ({n} files)", out.display()),
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
    let keys = task_keys(&corpus, &site, &tasks);
    let result = write_site(out, &site, &tasks, &keys);
    progress.done();
    match result {
        Ok(w) => {
            rep.say(
                &format!(
                    "{}: {} файлів ({} КБ); записано {}, вилучено {}, решта без змін; завдань виконано {}, узято з попередньої збірки {}",
                    out.display(),
                    w.files,
                    w.bytes / 1024,
                    w.written,
                    w.removed,
                    w.rendered,
                    w.reused,
                ),
                &format!(
                    "{}: {} files ({} KiB); {} written, {} removed, the rest unchanged; {} tasks rendered, {} reused from the previous build",
                    out.display(),
                    w.files,
                    w.bytes / 1024,
                    w.written,
                    w.removed,
                    w.rendered,
                    w.reused,
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
