//! Diagnostics: one type for every stage, with a stable code, a span and bilingual text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a diagnostic is. Errors stop a decision from being applied; warnings and notes do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Uk) => "помилка",
            (Severity::Warning, Lang::Uk) => "попередження",
            (Severity::Note, Lang::Uk) => "примітка",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Note, Lang::En) => "note",
        }
    }
}

/// The language of messages read by people: Ukrainian for clerks, English for maintainers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Uk,
    En,
}

/// A message in both languages. Every user-facing text is built once, in both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    pub uk: String,
    pub en: String,
}

impl Msg {
    pub fn new(uk: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            uk: uk.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Uk => &self.uk,
            Lang::En => &self.en,
        }
    }
}

/// Where a diagnostic points: a file, a 1-based line and column (columns count characters of
/// the decoded text; for DOCX the line is the paragraph's number), and the length of the marked
/// text in characters (at least 1 when rendered).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Span {
    pub fn new(file: impl Into<String>, line: u32, column: u32, len: u32) -> Span {
        Span {
            file: file.into(),
            line,
            column,
            len,
        }
    }

    /// A span naming only a file (no line known).
    pub fn file(file: impl Into<String>) -> Span {
        Span::new(file, 0, 0, 0)
    }
}

/// One finding of any stage.
///
/// `code` is stable (documented in README.md, "Diagnostic codes"); `source_line` is the quoted
/// line of the input the span points into, filled by the stage that has the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: Msg,
    pub span: Option<Span>,
    pub source_line: Option<String>,
    pub hints: Vec<Msg>,
    /// The decision's item label the diagnostic concerns, if any ("1.2.3").
    pub item: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: Msg) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message,
            span: None,
            source_line: None,
            hints: Vec::new(),
            item: None,
        }
    }

    pub fn error(code: &'static str, uk: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, Msg::new(uk, en))
    }

    pub fn warning(code: &'static str, uk: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, Msg::new(uk, en))
    }

    pub fn note(code: &'static str, uk: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, code, Msg::new(uk, en))
    }

    /// Attach a span (typst's `.at(span)`).
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Attach the quoted source line.
    pub fn with_line(mut self, line: impl Into<String>) -> Diagnostic {
        self.source_line = Some(line.into());
        self
    }

    pub fn hint(mut self, uk: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        self.hints.push(Msg::new(uk, en));
        self
    }

    pub fn for_item(mut self, item: impl Into<String>) -> Diagnostic {
        self.item = Some(item.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The human block printed on stderr: severity, code, message, `file:line:column`, the quoted
    /// line with a caret under the span, and hints.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!(
            "{}[{}]: {}\n",
            self.severity.word(lang),
            self.code,
            self.message.get(lang)
        );
        if let Some(item) = &self.item {
            let label = if lang == Lang::Uk {
                "пункт рішення"
            } else {
                "item"
            };
            out.push_str(&format!("  = {label} {item}\n"));
        }
        if let Some(span) = &self.span {
            if span.line > 0 {
                out.push_str(&format!(
                    "  --> {}:{}:{}\n",
                    span.file, span.line, span.column
                ));
                if let Some(line) = &self.source_line {
                    let gutter = span.line.to_string();
                    let pad = " ".repeat(gutter.len());
                    let shown: String = line.replace('\t', " ");
                    out.push_str(&format!("{pad} |\n{gutter} | {shown}\n"));
                    let col = span.column.max(1) as usize;
                    let len = span.len.max(1) as usize;
                    let avail = shown.chars().count().saturating_sub(col - 1).max(1);
                    out.push_str(&format!(
                        "{pad} | {}{}\n",
                        " ".repeat(col - 1),
                        "^".repeat(len.min(avail))
                    ));
                }
            } else {
                out.push_str(&format!("  --> {}\n", span.file));
            }
        }
        for h in &self.hints {
            let label = if lang == Lang::Uk {
                "підказка"
            } else {
                "hint"
            };
            out.push_str(&format!("  = {label}: {}\n", h.get(lang)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
