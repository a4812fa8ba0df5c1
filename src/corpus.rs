//! The corpus: the I/O edge that reads `decisions/` (one folder per decision) into sources and
//! parsed decisions, ordered by adoption date, then number.
//!
//! ## Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z601 | error | the corpus folder cannot be read |
//! | Z602 | error | a decision folder has no `decision.txt` / `decision.docx` |
//! | Z603 | warning | the folder name disagrees with the decision's own header (date or number) |
//! | Z604 | error | the decision has no date or number in its header and the folder name gives none |
//! | Z605 | warning | a file in a decision folder is not a decision or an appendix and is ignored |
//! | Z606 | error | a file cannot be read |
//! | Z607 | error | no decision with that folder name or number |
//! | Z608 | error | a number that several decisions share names none of them |

use crate::ingest;
use crate::ir::{Date, Decision, Diagnostic, Source};
use crate::parse;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One decision folder, read and parsed.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The folder name (`2023-12-04-1460`).
    pub id: String,
    pub source: Source,
    pub decision: Decision,
    /// Diagnostics of ingest and parse for this folder.
    pub diagnostics: Vec<Diagnostic>,
    /// Appendices by number (`appendix.txt` is number 1).
    pub appendices: BTreeMap<u32, Source>,
    /// The date used for ordering (the header's, else the folder's).
    pub date: Date,
    /// The number used for ordering (the header's, else the folder's).
    pub number: String,
    /// BLAKE3 of the folder: its name, every file name in it, and the bytes of the decision
    /// and its appendices. Everything the replay and the renderers read of this decision
    /// follows from it (`build` keys its cache on it).
    pub fingerprint: [u8; 32],
}

impl Entry {
    /// The date the decision takes effect: its stated commencement, else its adoption date.
    pub fn effective(&self) -> Date {
        self.decision.commencement.unwrap_or(self.date)
    }
}

/// All decisions of a corpus, in order of adoption date, then number.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub root: PathBuf,
    pub entries: Vec<Entry>,
}

/// Why loading failed outright (exit code 2): the folder itself is unreadable.
pub type IoError = Diagnostic;

fn number_key(n: &str) -> (u64, String) {
    let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u64::MAX), n.to_string())
}

/// Split a folder name `2023-12-04-1460` into its date and number.
pub fn parse_folder_name(name: &str) -> Option<(Date, String)> {
    if name.len() < 12 || !name.is_char_boundary(10) {
        return None;
    }
    let date = Date::parse_iso(&name[..10])?;
    let rest = name[10..].strip_prefix('-')?;
    (!rest.is_empty()).then(|| (date, rest.to_string()))
}

fn read_source(
    path: &Path,
    shown: &str,
    hash: Option<&mut blake3::Hasher>,
) -> Result<Source, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            "Z606",
            format!("не вдалося прочитати файл: {e}"),
            format!("cannot read the file: {e}"),
        )
        .at(crate::ir::Span::file(shown))
    })?;
    if let Some(h) = hash {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    ingest::ingest(shown, &bytes)
}

/// Classify a file name: `Some(None)` the decision, `Some(Some(n))` appendix n.
fn classify(name: &str) -> Option<Option<u32>> {
    let stem = name
        .strip_suffix(".txt")
        .or_else(|| name.strip_suffix(".docx"))?;
    if stem == "decision" {
        return Some(None);
    }
    if stem == "appendix" {
        return Some(Some(1));
    }
    let n = stem.strip_prefix("appendix-")?.parse().ok()?;
    Some(Some(n))
}

/// Read one decision file (no folder): used by `zminy parse FILE`.
pub fn read_file(path: &Path) -> Result<Source, Diagnostic> {
    read_source(path, &path.display().to_string(), None)
}

/// Load every decision folder under `root`.
pub fn load(root: &Path) -> Result<(Corpus, Vec<Diagnostic>), IoError> {
    let rd = std::fs::read_dir(root).map_err(|e| {
        Diagnostic::error(
            "Z601",
            format!("не вдалося прочитати теку корпусу: {e}"),
            format!("cannot read the corpus folder: {e}"),
        )
        .at(crate::ir::Span::file(root.display().to_string()))
        .hint(
            "вкажіть теку з рішеннями через --corpus",
            "name the folder of decisions with --corpus",
        )
    })?;
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut diags = Vec::new();
    let mut entries = Vec::new();
    for dir in dirs {
        let id = dir
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if id.starts_with('.') {
            continue;
        }
        let shown_dir = format!("{}/{}", root.display(), id);
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect(),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "Z601",
                        format!("не вдалося прочитати теку рішення: {e}"),
                        format!("cannot read the decision folder: {e}"),
                    )
                    .at(crate::ir::Span::file(&shown_dir)),
                );
                continue;
            }
        };
        files.sort();
        let mut decision_src = None;
        let mut appendices = BTreeMap::new();
        let mut local = Vec::new();
        let mut hash = blake3::Hasher::new();
        hash.update(id.as_bytes());
        hash.update(b"\0");
        for f in files {
            let name = f
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            hash.update(name.as_bytes());
            hash.update(b"\0");
            let shown = format!("{shown_dir}/{name}");
            match classify(&name) {
                Some(kind) => match read_source(&f, &shown, Some(&mut hash)) {
                    Ok(src) => match kind {
                        None => decision_src = Some(src),
                        Some(n) => {
                            appendices.insert(n, src);
                        }
                    },
                    Err(d) => local.push(d),
                },
                None => {
                    if !name.ends_with(".md") && !name.starts_with('.') {
                        local.push(
                            Diagnostic::warning(
                                "Z605",
                                format!("файл «{name}» не є рішенням чи додатком і пропущений"),
                                format!(
                                    "file '{name}' is neither a decision nor an appendix; ignored"
                                ),
                            )
                            .at(crate::ir::Span::file(&shown))
                            .hint(
                                "назви файлів: decision.txt, appendix.txt, appendix-1.txt …",
                                "file names: decision.txt, appendix.txt, appendix-1.txt …",
                            ),
                        );
                    }
                }
            }
        }
        let Some(source) = decision_src else {
            if !local.iter().any(Diagnostic::is_error) {
                local.push(
                    Diagnostic::error(
                        "Z602",
                        "у теці рішення немає файлу decision.txt або decision.docx",
                        "the decision folder has no decision.txt or decision.docx",
                    )
                    .at(crate::ir::Span::file(&shown_dir)),
                );
            }
            diags.extend(local);
            continue;
        };
        let (decision, mut pdiags) = parse::decision(&source, &id);
        local.append(&mut pdiags);
        let folder = parse_folder_name(&id);
        let date = match (decision.date, &folder) {
            (Some(d), Some((fd, _))) if d != *fd => {
                local.push(folder_mismatch(
                    &source,
                    "дата",
                    "date",
                    &fd.dmy(),
                    &d.dmy(),
                ));
                d
            }
            (Some(d), _) => d,
            (None, Some((fd, _))) => *fd,
            (None, None) => {
                local.push(
                    Diagnostic::error(
                        "Z604",
                        "не вдалося визначити дату рішення: її немає ні в заголовку, ні в назві теки",
                        "cannot tell the decision's date: neither its header nor its folder name gives it",
                    )
                    .at(crate::ir::Span::file(&source.name))
                    .hint("назвіть теку РРРР-ММ-ДД-номер", "name the folder YYYY-MM-DD-number"),
                );
                diags.extend(local);
                continue;
            }
        };
        let number = match (&decision.number, &folder) {
            (Some(n), Some((_, fnum))) if n != fnum => {
                local.push(folder_mismatch(&source, "номер", "number", fnum, n));
                n.clone()
            }
            (Some(n), _) => n.clone(),
            (None, Some((_, fnum))) => fnum.clone(),
            (None, None) => id.clone(),
        };
        entries.push(Entry {
            id,
            source,
            decision,
            diagnostics: local,
            appendices,
            date,
            number,
            fingerprint: *hash.finalize().as_bytes(),
        });
    }
    entries.sort_by_key(|a| (a.date, number_key(&a.number)));
    Ok((
        Corpus {
            root: root.to_path_buf(),
            entries,
        },
        diags,
    ))
}

fn folder_mismatch(source: &Source, uk: &str, en: &str, folder: &str, header: &str) -> Diagnostic {
    Diagnostic::warning(
        "Z603",
        format!("{uk} у назві теки ({folder}) не збігається із заголовком рішення ({header}); чинний заголовок"),
        format!("the folder name's {en} ({folder}) disagrees with the decision's header ({header}); the header wins"),
    )
    .at(crate::ir::Span::file(&source.name))
}

impl Corpus {
    /// Find a decision by folder name or by number; a number two decisions share is an error
    /// listing both folders.
    pub fn find(&self, id: &str) -> Result<&Entry, Diagnostic> {
        if let Some(e) = self.entries.iter().find(|e| e.id == id) {
            return Ok(e);
        }
        let hits: Vec<&Entry> = self.entries.iter().filter(|e| e.number == id).collect();
        match hits.as_slice() {
            [one] => Ok(one),
            [] => Err(Diagnostic::error(
                "Z607",
                format!("рішення «{id}» у корпусі немає"),
                format!("no decision '{id}' in the corpus"),
            )
            .hint(
                format!(
                    "наявні: {}",
                    self.entries
                        .iter()
                        .map(|e| e.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!(
                    "available: {}",
                    self.entries
                        .iter()
                        .map(|e| e.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            many => {
                let list = many
                    .iter()
                    .map(|e| e.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                Err(Diagnostic::error(
                    "Z608",
                    format!("номер {id} мають кілька рішень: {list}"),
                    format!("several decisions have number {id}: {list}"),
                )
                .hint("вкажіть назву теки", "give the folder name"))
            }
        }
    }
}
