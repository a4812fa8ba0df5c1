//! The command line (clap): `parse`, `check`, `show`, `diff`, `build`, `draft`. Reads and writes files
//! only here and in [`crate::corpus`] / [`crate::build`]: the stages stay pure.
//!
//! ## Diagnostic codes
//! | code | severity | meaning |
//! |---|---|---|
//! | Z801 | error | `--at` is not a date `YYYY-MM-DD` |
//! | Z802 | error | `--at` is before the document existed |
//! | Z803 | error | the decision did not amend that document (or approved it) |
//! | Z804 | error | the requested diff could not be rendered |

use crate::corpus;
use crate::history::{self, Outcome, Replay};
use crate::ir::{Date, Diagnostic, Lang, Severity};
use crate::parse;
use crate::render;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit codes (contract.md).
pub mod exit {
    /// Success; warnings allowed.
    pub const OK: u8 = 0;
    /// The input has errors, or `build --check` found differences.
    pub const INPUT: u8 = 1;
    /// Usage or I/O errors.
    pub const USAGE: u8 = 2;
}

#[derive(Parser, Debug)]
#[command(
    name = "zminy",
    version,
    about = "Консолідовані тексти з рішень про внесення змін / Consolidated texts from amending decisions"
)]
pub struct Cli {
    /// Language of messages: uk (default) or en.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Uk)]
    pub lang: LangArg,
    /// Also report what ingest dropped (export debris) and notes.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    Uk,
    En,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ParseFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    Text,
    Md,
    Html,
    Json,
    Akn,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Unified,
    Html,
    Table,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DraftFormat {
    /// The numbered items only (`1.1. у Регламенті …:`, `1.1.1. …`).
    Items,
    /// A whole decision file, ready for the corpus.
    Decision,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read one decision and print every instruction and diagnostic.
    Parse {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
        format: ParseFormat,
    },
    /// Parse and resolve every decision of the corpus; write nothing.
    Check {
        #[arg(long, default_value = "decisions")]
        corpus: PathBuf,
    },
    /// Print a document's consolidated edition in force on a date (default: the newest).
    Show {
        document: String,
        #[arg(long, default_value = "decisions")]
        corpus: PathBuf,
        /// YYYY-MM-DD
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// What a decision changed in a document: a word-level diff or the comparative table.
    Diff {
        document: String,
        #[arg(long)]
        decision: String,
        #[arg(long, default_value = "decisions")]
        corpus: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Unified)]
        format: DiffFormat,
        /// Write to a file instead of stdout (`.docx` writes the comparative table as DOCX).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Replay every decision and write every rendered document, edition and diff.
    Build {
        #[arg(long, default_value = "decisions")]
        corpus: PathBuf,
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Write nothing; exit 1 if the output folder differs from what would be written.
        #[arg(long)]
        check: bool,
    },
    /// Write the amending decision that turns the edition in force into an edited text, proven
    /// by parsing and applying it.
    Draft {
        document: String,
        /// The edited text (any input format: text in any encoding, DOCX).
        #[arg(long)]
        edited: PathBuf,
        #[arg(long, default_value = "decisions")]
        corpus: PathBuf,
        /// The edition in force on this date (YYYY-MM-DD; default: the newest).
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = DraftFormat::Items)]
        format: DraftFormat,
        /// The new decision's date (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// The new decision's number.
        #[arg(long)]
        number: Option<String>,
        /// Also write the comparative table (`.html` or `.docx`).
        #[arg(long)]
        table: Option<PathBuf>,
        /// Write `decision.txt` (and `appendix.txt`) into this folder instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Where diagnostics go, in the chosen language.
pub struct Reporter {
    pub lang: Lang,
    pub verbose: bool,
}

impl Reporter {
    pub fn emit(&self, diags: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        for d in diags {
            if d.severity == Severity::Note && !self.verbose {
                continue;
            }
            let _ = writeln!(err, "{}", d.render(self.lang));
        }
    }

    /// What ingest dropped from a file (export debris), for `--verbose`.
    pub fn dropped(&self, src: &crate::ir::Source) {
        for d in &src.dropped {
            self.say(
                &format!(
                    "{}:{}: вилучено службовий фрагмент експорту: {}",
                    src.name, d.line, d.what
                ),
                &format!("{}:{}: dropped export debris: {}", src.name, d.line, d.what),
            );
        }
    }

    pub fn say(&self, uk: &str, en: &str) {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            if self.lang == Lang::Uk { uk } else { en }
        );
    }
}

fn print_out(s: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => exit::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(_) => exit::USAGE,
    }
}

/// Run a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let rep = Reporter {
        lang: match cli.lang {
            LangArg::Uk => Lang::Uk,
            LangArg::En => Lang::En,
        },
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Parse { file, format } => cmd_parse(&rep, &file, format),
        Command::Check { corpus } => cmd_check(&rep, &corpus),
        Command::Show {
            document,
            corpus,
            at,
            format,
        } => cmd_show(&rep, &corpus, &document, at.as_deref(), format),
        Command::Diff {
            document,
            decision,
            corpus,
            format,
            out,
        } => cmd_diff(&rep, &corpus, &document, &decision, format, out.as_deref()),
        Command::Build { corpus, out, check } => crate::build::run(&rep, &corpus, &out, check),
        Command::Draft {
            document,
            edited,
            corpus,
            at,
            format,
            date,
            number,
            table,
            out,
        } => cmd_draft(
            &rep,
            &DraftArgs {
                corpus: &corpus,
                document: &document,
                edited: &edited,
                at: at.as_deref(),
                format,
                date: date.as_deref(),
                number,
                table: table.as_deref(),
                out: out.as_deref(),
            },
        ),
    }
}

fn cmd_parse(rep: &Reporter, file: &Path, format: ParseFormat) -> u8 {
    let src = match corpus::read_file(file) {
        Ok(s) => s,
        Err(d) => {
            rep.emit(&[d]);
            return if file.is_file() {
                exit::INPUT
            } else {
                exit::USAGE
            };
        }
    };
    if rep.verbose {
        rep.dropped(&src);
    }
    let id = file
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = if corpus::parse_folder_name(&id).is_some() {
        id
    } else {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (decision, diags) = parse::decision(&src, &id);
    rep.emit(&diags);
    let code = print_out(&match format {
        ParseFormat::Text => render::instructions::account(&decision, &diags, rep.lang),
        ParseFormat::Json => render::parse_json::parse_json(&decision, &diags, rep.lang),
    });
    if crate::ir::has_errors(&diags) {
        exit::INPUT
    } else {
        code
    }
}

/// Load and replay a corpus, reporting I/O errors. `Err(code)` when nothing can be shown.
pub fn load(rep: &Reporter, corpus_dir: &Path) -> Result<(corpus::Corpus, Replay), u8> {
    let (corpus, diags) = match corpus::load(corpus_dir) {
        Ok(x) => x,
        Err(d) => {
            rep.emit(&[d]);
            return Err(exit::USAGE);
        }
    };
    rep.emit(&diags);
    if rep.verbose {
        for e in &corpus.entries {
            for s in std::iter::once(&e.source).chain(e.appendices.values()) {
                rep.dropped(s);
            }
        }
    }
    let mut replay = history::replay(&corpus);
    if crate::ir::has_errors(&diags) {
        replay
            .decisions
            .push((String::new(), Outcome::Refused, diags));
    }
    Ok((corpus, replay))
}

fn cmd_check(rep: &Reporter, corpus_dir: &Path) -> u8 {
    let (corpus, replay) = match load(rep, corpus_dir) {
        Ok(r) => r,
        Err(c) => return c,
    };
    for (_, _, d) in &replay.decisions {
        rep.emit(d);
    }
    let mut out = String::new();
    let uk = rep.lang == Lang::Uk;
    out.push_str(if uk {
        "Документи:\n"
    } else {
        "Documents:\n"
    });
    for d in replay.documents.values() {
        let last = d
            .editions
            .last()
            .and_then(|e| e.as_of)
            .map(|d| d.dmy())
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}  {}  ({}: {}, {} {})\n",
            d.id,
            d.title,
            if uk { "редакцій" } else { "editions" },
            d.editions.len(),
            if uk {
                "остання від"
            } else {
                "newest of"
            },
            last
        ));
    }
    out.push_str(if uk {
        "Рішення:\n"
    } else {
        "Decisions:\n"
    });
    let mut errors = 0;
    let mut warnings = 0;
    for (id, outcome, diags) in &replay.decisions {
        errors += diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        warnings += diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if id.is_empty() {
            continue;
        }
        let what = match (outcome, uk) {
            (Outcome::Approved(v), true) => format!("затверджує {}", v.join(", ")),
            (Outcome::Approved(v), false) => format!("approves {}", v.join(", ")),
            (Outcome::Applied(v), true) => format!("застосовано до {}", v.join(", ")),
            (Outcome::Applied(v), false) => format!("applied to {}", v.join(", ")),
            (Outcome::Nothing, true) => "нічого не змінює".into(),
            (Outcome::Nothing, false) => "changes nothing".into(),
            (Outcome::Refused, true) => "НЕ ЗАСТОСОВАНО: помилки".into(),
            (Outcome::Refused, false) => "NOT APPLIED: errors".into(),
        };
        out.push_str(&format!("  {id}  {what}\n"));
    }
    out.push_str(&if uk {
        format!("Помилок: {errors}, попереджень: {warnings}\n")
    } else {
        format!("Errors: {errors}, warnings: {warnings}\n")
    });
    print_out(&out);
    // The process ends here: the OS takes back the corpus and every edition at once, which is
    // cheaper than freeing them unit by unit (about 6 % of checking 10,000 decisions).
    std::mem::forget((corpus, replay));
    if errors > 0 { exit::INPUT } else { exit::OK }
}

fn parse_at(rep: &Reporter, at: Option<&str>) -> Result<Option<Date>, u8> {
    match at {
        None => Ok(None),
        Some(s) => match Date::parse_iso(s) {
            Some(d) => Ok(Some(d)),
            None => {
                rep.emit(&[Diagnostic::error(
                    "Z801",
                    format!("дата «{s}» не у форматі РРРР-ММ-ДД"),
                    format!("date '{s}' is not YYYY-MM-DD"),
                )]);
                Err(exit::USAGE)
            }
        },
    }
}

fn cmd_show(
    rep: &Reporter,
    corpus_dir: &Path,
    document: &str,
    at: Option<&str>,
    format: ShowFormat,
) -> u8 {
    let at = match parse_at(rep, at) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let (corpus, replay) = match load(rep, corpus_dir) {
        Ok(r) => r,
        Err(c) => return c,
    };
    for (_, _, d) in &replay.decisions {
        rep.emit(d);
    }
    let hist = match replay.find(document) {
        Ok(h) => h,
        Err(d) => {
            rep.emit(&[d]);
            return exit::USAGE;
        }
    };
    let Some(ed) = hist.at(at) else {
        let first = hist
            .editions
            .first()
            .and_then(|e| e.as_of)
            .map(|d| d.dmy())
            .unwrap_or_default();
        rep.emit(&[Diagnostic::error(
            "Z802",
            format!("на цю дату документа ще не було: перша редакція від {first}"),
            format!("the document did not exist on that date: its first edition is of {first}"),
        )]);
        return exit::USAGE;
    };
    let text = match format {
        ShowFormat::Text => render::text::text(ed),
        ShowFormat::Json => render::json::json(ed),
        ShowFormat::Md => render::markdown::markdown(ed),
        ShowFormat::Html => render::html::standalone(ed),
        ShowFormat::Akn => {
            let upto = hist
                .editions
                .iter()
                .position(|e| std::ptr::eq(e, ed))
                .unwrap_or(0);
            let eds: Vec<&crate::ir::Edition> = hist.editions[..=upto].iter().collect();
            let timeline = render::timeline::Timeline::new(&eds);
            render::akn::akn(
                &eds,
                &hist.changes[..=upto],
                &crate::build::author(&corpus),
                &timeline,
            )
        }
    };
    let code = print_out(&text);
    if replay.has_errors() {
        exit::INPUT
    } else {
        code
    }
}

fn cmd_diff(
    rep: &Reporter,
    corpus_dir: &Path,
    document: &str,
    decision: &str,
    format: DiffFormat,
    out: Option<&Path>,
) -> u8 {
    let (corpus, diags) = match corpus::load(corpus_dir) {
        Ok(x) => x,
        Err(d) => {
            rep.emit(&[d]);
            return exit::USAGE;
        }
    };
    rep.emit(&diags);
    let replay = history::replay(&corpus);
    let hist = match replay.find(document) {
        Ok(h) => h,
        Err(d) => {
            rep.emit(&[d]);
            return exit::USAGE;
        }
    };
    let entry = match corpus.find(decision) {
        Ok(e) => e,
        Err(d) => {
            rep.emit(&[d]);
            return exit::USAGE;
        }
    };
    let made = hist
        .editions
        .iter()
        .position(|e| e.decisions.last().is_some_and(|r| r.id == entry.id));
    let made = match made {
        Some(i) if i > 0 => i,
        Some(_) => {
            rep.emit(&[Diagnostic::error(
                "Z803",
                format!(
                    "рішення {} затвердило документ, а не змінило його",
                    entry.id
                ),
                format!(
                    "decision {} approved the document rather than amending it",
                    entry.id
                ),
            )]);
            return exit::USAGE;
        }
        None => {
            rep.emit(&[Diagnostic::error(
                "Z803",
                format!("рішення {} не змінювало документ {}", entry.id, hist.id),
                format!("decision {} did not change document {}", entry.id, hist.id),
            )]);
            return exit::USAGE;
        }
    };
    // The same bytes the build publishes: only the task that renders this change.
    let input = crate::build::site_input(&corpus, &replay);
    let site = render::site::Site::new(&input);
    let doc = replay
        .documents
        .keys()
        .position(|id| *id == hist.id)
        .unwrap_or(usize::MAX);
    let files = site.render(render::site::Task::Edition { doc, edition: made });
    let ext = match (format, out) {
        (_, Some(p)) if p.extension().is_some_and(|x| x == "docx") => "table.docx",
        (DiffFormat::Unified, _) => "diff",
        (DiffFormat::Html, _) => "diff.html",
        (DiffFormat::Table, _) => "table.html",
    };
    let key = format!(
        "decisions/{}/{}.{ext}",
        render::label::decision_slug(&entry.id),
        render::label::doc_slug(&hist.id)
    );
    let Some(bytes) = files
        .iter()
        .find(|(p, _)| *p == key)
        .map(|(_, b)| b.as_slice())
    else {
        rep.emit(&[Diagnostic::error(
            "Z804",
            format!("не вдалося побудувати {key}"),
            format!("could not render {key}"),
        )]);
        return exit::USAGE;
    };
    match out {
        Some(p) => match crate::build::write_atomic(p, bytes) {
            Ok(()) => exit::OK,
            Err(d) => {
                rep.emit(&[d]);
                exit::USAGE
            }
        },
        None => match std::io::stdout().lock().write_all(bytes) {
            Ok(()) => exit::OK,
            Err(_) => exit::USAGE,
        },
    }
}

/// The arguments of `zminy draft`.
struct DraftArgs<'a> {
    corpus: &'a Path,
    document: &'a str,
    edited: &'a Path,
    at: Option<&'a str>,
    format: DraftFormat,
    date: Option<&'a str>,
    number: Option<String>,
    table: Option<&'a Path>,
    out: Option<&'a Path>,
}

fn write_file(rep: &Reporter, path: &Path, bytes: &[u8]) -> bool {
    match crate::build::write_atomic(path, bytes) {
        Ok(()) => true,
        Err(d) => {
            rep.emit(&[d]);
            false
        }
    }
}

fn cmd_draft(rep: &Reporter, a: &DraftArgs) -> u8 {
    let at = match parse_at(rep, a.at) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let date = match parse_at(rep, a.date) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let (corpus, replay) = match load(rep, a.corpus) {
        Ok(r) => r,
        Err(c) => return c,
    };
    if replay.has_errors() {
        for (_, _, d) in &replay.decisions {
            rep.emit(d);
        }
        return exit::INPUT;
    }
    let hist = match replay.find(a.document) {
        Ok(h) => h,
        Err(d) => {
            rep.emit(&[d]);
            return exit::USAGE;
        }
    };
    let Some(before) = hist.at(at) else {
        rep.emit(&[Diagnostic::error(
            "Z802",
            "на цю дату документа ще не було",
            "the document did not exist on that date",
        )]);
        return exit::USAGE;
    };
    let src = match corpus::read_file(a.edited) {
        Ok(s) => s,
        Err(d) => {
            rep.emit(&[d]);
            return if a.edited.exists() {
                exit::INPUT
            } else {
                exit::USAGE
            };
        }
    };
    let (after, diags) = parse::document(&src, &hist.id);
    rep.emit(&diags);
    if crate::ir::has_errors(&diags) {
        return exit::INPUT;
    }
    // The act the draft amends: the decision that approved the document.
    let approving = before
        .decisions
        .first()
        .and_then(|r| corpus.entries.iter().find(|e| e.id == r.id));
    let Some(entry) = approving else {
        rep.emit(&[Diagnostic::error(
            "Z955",
            "не знайдено рішення, що затвердило документ",
            "the decision that approved the document is not in the corpus",
        )]);
        return exit::USAGE;
    };
    let opts = crate::draft::Options {
        limits: Default::default(),
        act: crate::draft::Act {
            body: entry.decision.body.clone(),
            place: entry.decision.place.clone(),
            date: entry.date,
            number: entry.number.clone(),
            title: entry.decision.title.clone(),
        },
        date,
        number: a.number.clone(),
        as_amended: before.decisions.len() > 1,
    };
    let change = crate::draft::DocChange {
        before,
        after: &after,
        title: &hist.title,
    };
    let d = match crate::draft::draft(&[change], &opts) {
        Ok(d) => d,
        Err(e) => {
            rep.emit(&e);
            return exit::INPUT;
        }
    };
    rep.emit(&d.diagnostics);
    if let Some(path) = a.table {
        let applied = d.applied.first().unwrap_or(before);
        let ctx = render::diff::DiffContext {
            root: String::new(),
            document_title: hist.title.clone(),
            document_dir: String::new(),
            decision_caption: match (&opts.date, &opts.number) {
                (Some(dt), Some(n)) => format!("проєкт рішення від {} № {n}", dt.dmy()),
                _ => "проєкт рішення".into(),
            },
            decision_title: format!("Про внесення змін до {}", opts.act.reference()),
            decision_page: String::new(),
            before_stem: before.as_of.map(|x| x.iso()).unwrap_or_default(),
            after_stem: "draft".into(),
        };
        let bytes = if path.extension().is_some_and(|x| x == "docx") {
            render::docx::docx(&ctx, opts.date, before, applied)
        } else {
            render::table::html(&ctx, before, applied).into_bytes()
        };
        if !write_file(rep, path, &bytes) {
            return exit::USAGE;
        }
    }
    let body = match a.format {
        DraftFormat::Items => d.items.clone(),
        DraftFormat::Decision => d.decision.clone(),
    };
    match a.out {
        Some(dir) => {
            if !write_file(rep, &dir.join("decision.txt"), body.as_bytes()) {
                return exit::USAGE;
            }
            if let Some(app) = &d.appendix
                && !write_file(rep, &dir.join("appendix.txt"), app.as_bytes())
            {
                return exit::USAGE;
            }
            exit::OK
        }
        None => {
            let mut s = body;
            if let Some(app) = &d.appendix {
                s.push_str("\n--- appendix.txt ---\n");
                s.push_str(app);
            }
            print_out(&s)
        }
    }
}
