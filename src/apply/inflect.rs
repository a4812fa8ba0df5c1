//! Inflection of Ukrainian body names: find a name in any case, write another in the same case.
//! (Interim: exact matches only, until the paradigm tables land.)
use crate::ir::Diagnostic;

pub struct RenameOptions {
    pub numbers: bool,
}

pub struct Hit {
    pub start: usize,
    pub end: usize,
}

pub struct Rename {
    pub text: String,
    pub hits: Vec<Hit>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn rename(text: &str, old: &str, new: &str, _opts: &RenameOptions) -> Rename {
    let hits: Vec<Hit> = crate::apply::text::find_all(text, old).into_iter().map(|(start, end)| Hit { start, end }).collect();
    let (t, _) = crate::apply::text::replace(text, old, new, None);
    Rename { text: t, hits, diagnostics: Vec::new() }
}
