//! `zminy build`: replay the corpus, render the site in memory, then write the output folder
//! atomically (a temporary folder swapped in) or, with `--check`, compare it byte for byte.

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
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(path, &e)
    })
}

/// Everything `build` writes, by path relative to the output folder.
pub fn render_all(corpus: &corpus::Corpus, replay: &Replay) -> BTreeMap<String, Vec<u8>> {
    site::render_site(&site::input(corpus, replay))
}

fn read_tree(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    let mut out = BTreeMap::new();
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
                let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(&p).map_err(|e| io_error(&p, &e))?;
                out.insert(rel, bytes);
            }
        }
    }
    Ok(out)
}

/// Write the whole tree into a fresh folder, then swap it in for `out`.
fn write_tree(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), Diagnostic> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    for (rel, bytes) in files {
        let p = tmp.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| io_error(d, &e))?;
        }
        std::fs::write(&p, bytes).map_err(|e| io_error(&p, &e))?;
    }
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| io_error(out, &e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::rename(&old, out);
        return Err(io_error(out, &e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Run `zminy build`.
pub fn run(rep: &Reporter, corpus_dir: &Path, out: &Path, check: bool) -> u8 {
    let (corpus, diags) = match corpus::load(corpus_dir) {
        Ok(x) => x,
        Err(d) => {
            rep.emit(&[d]);
            return exit::USAGE;
        }
    };
    rep.emit(&diags);
    let replay = history::replay(&corpus);
    for (_, _, d) in &replay.decisions {
        rep.emit(d);
    }
    if crate::ir::has_errors(&diags) || replay.has_errors() {
        rep.say("Є помилки: нічого не записано.", "There are errors: nothing was written.");
        return exit::INPUT;
    }
    let files = render_all(&corpus, &replay);
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
            &format!("{} відрізняється від того, що записала б збірка ({} файлів):", out.display(), differ.len()),
            &format!("{} differs from what the build would write ({} files):", out.display(), differ.len()),
        );
        for d in differ {
            println!("{d}");
        }
        return exit::INPUT;
    }
    match write_tree(out, &files) {
        Ok(()) => {
            let size: usize = files.values().map(Vec::len).sum();
            rep.say(
                &format!("Записано {} файлів ({} КБ) до {}", files.len(), size / 1024, out.display()),
                &format!("Wrote {} files ({} KiB) to {}", files.len(), size / 1024, out.display()),
            );
            exit::OK
        }
        Err(d) => {
            rep.emit(&[d]);
            exit::USAGE
        }
    }
}
