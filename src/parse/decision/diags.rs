//! The grammar's diagnostics (codes Z301–Z399): one constructor per code, and the sink that
//! gives them spans with original line numbers.

use crate::ir::{Diagnostic, Source, Span};

/// A diagnostic waiting for its span: the byte range it points at.
pub struct Pending {
    pub diag: Diagnostic,
    pub start: usize,
    pub end: usize,
}

/// At most this many diagnostics of one code; then one note says how many were left out. Keeps
/// pathological inputs (a 50 MB line of dashes) linear.
const CAP: usize = 200;

/// Collects diagnostics and attaches spans, quoted lines and item labels.
pub struct Sink<'s> {
    src: &'s Source,
    /// Byte offset of every line start.
    starts: Vec<usize>,
    out: Vec<Diagnostic>,
    counts: std::collections::BTreeMap<&'static str, usize>,
    item: Option<String>,
    /// The last column computed: (line index, byte offset, column), so that forward scans of
    /// one long line cost its length once, not once per diagnostic.
    cache: std::cell::Cell<(usize, usize, u32)>,
}

impl<'s> Sink<'s> {
    pub fn new(src: &'s Source) -> Sink<'s> {
        let text = src.text.as_str();
        let mut starts = Vec::with_capacity(text.len() / 48 + 2);
        starts.push(0);
        let mut at = 0;
        while let Some(p) = text.get(at..).and_then(|r| r.find('\n')) {
            at += p + 1;
            starts.push(at);
        }
        Sink {
            src,
            starts,
            out: Vec::new(),
            counts: Default::default(),
            item: None,
            cache: std::cell::Cell::new((usize::MAX, 0, 1)),
        }
    }

    /// The item that following diagnostics concern.
    pub fn set_item(&mut self, item: Option<String>) {
        self.item = item;
    }

    /// The 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The original 1-based line number of a byte offset.
    pub fn line_no(&self, offset: usize) -> u32 {
        self.src.original_line(self.line_index(offset))
    }

    /// The original line number and 1-based character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let idx = self.line_index(offset);
        let start = self.starts.get(idx).copied().unwrap_or(0);
        let mut off = offset.min(self.src.text.len());
        while !self.src.text.is_char_boundary(off) {
            off -= 1;
        }
        let (c_idx, c_off, c_col) = self.cache.get();
        let col = if c_idx == idx && c_off <= off {
            c_col
                + self
                    .src
                    .text
                    .get(c_off..off)
                    .map_or(0, |s| s.chars().count()) as u32
        } else {
            self.src
                .text
                .get(start..off)
                .map_or(0, |s| s.chars().count()) as u32
                + 1
        };
        self.cache.set((idx, off, col));
        (self.src.original_line(idx), col)
    }

    /// A span for a byte range (clipped to its first line).
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (line, column) = self.line_col(start);
        let text = &self.src.text;
        let end = end.clamp(start.min(text.len()), text.len());
        let slice = text.get(start.min(end)..end).unwrap_or("");
        let first = slice.split('\n').next().unwrap_or("");
        Span::new(
            self.src.name.clone(),
            line,
            column,
            first.chars().count().max(1) as u32,
        )
    }

    fn line_text(&self, offset: usize) -> &str {
        let idx = self.line_index(offset);
        let start = self.starts.get(idx).copied().unwrap_or(0);
        let end = self
            .starts
            .get(idx + 1)
            .map_or(self.src.text.len(), |&e| e - 1);
        self.src.text.get(start..end).unwrap_or("")
    }

    pub fn push(&mut self, p: Pending) {
        let n = self.counts.entry(p.diag.code).or_insert(0);
        *n += 1;
        if *n > CAP {
            return;
        }
        let mut d = p.diag.at(self.span(p.start, p.end));
        let line = self.line_text(p.start);
        // Very long lines are quoted up to a reasonable length.
        let quoted: String = if line.len() > 2000 {
            line.chars().take(500).collect()
        } else {
            line.to_string()
        };
        d = d.with_line(quoted);
        if d.item.is_none()
            && let Some(item) = &self.item
        {
            d = d.for_item(item.clone());
        }
        self.out.push(d);
    }

    /// The diagnostics in source order (stable for equal positions).
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.out
            .sort_by_key(|d| d.span.as_ref().map(|s| (s.line, s.column)));
        for (code, n) in &self.counts {
            if *n > CAP {
                self.out.push(Diagnostic::note(
                    "Z399",
                    format!("ще {} повідомлень з кодом {code} не показано", n - CAP),
                    format!("{} more diagnostics with code {code} not shown", n - CAP),
                ));
            }
        }
        self.out
    }
}

fn at(diag: Diagnostic, start: usize, end: usize) -> Pending {
    Pending { diag, start, end }
}

/// Z301: an item the grammar cannot read.
pub fn unknown_formula(start: usize, end: usize, found: &str) -> Pending {
    at(
        Diagnostic::error(
            "Z301",
            format!("незрозуміле формулювання: граматика не може прочитати «{found}»"),
            format!("unknown formula: the grammar cannot read “{found}”"),
        )
        .hint(
            "перевірте формулювання за каталогом формул (grammars/spec/); якщо воно правильне, додайте його до словника grammars/vocabulary/",
            "check the wording against the formula catalogue (grammars/spec/); if it is right, add it to grammars/vocabulary/",
        ),
        start,
        end,
    )
}

/// Z302: a quote that never closes (points at the opening quote).
pub fn unbalanced_quote(open: usize) -> Pending {
    at(
        Diagnostic::error(
            "Z302",
            "лапки відкрито, але не закрито",
            "unbalanced quote: opened here and never closed",
        )
        .hint(
            "додайте закривальні лапки » там, де закінчується цитата",
            "add the closing » where the quotation ends",
        ),
        open,
        open + 1,
    )
}

/// Z303: a range whose ends are of different levels (`22.4.11–22.5`).
pub fn range_levels(start: usize, end: usize, a: &str, b: &str) -> Pending {
    at(
        Diagnostic::error(
            "Z303",
            format!("кінці діапазону {a}–{b} мають різну кількість рівнів"),
            format!("the ends of the range {a}–{b} are of different levels"),
        ),
        start,
        end,
    )
}

/// Z304: a verb without a target.
pub fn no_target(start: usize, end: usize, verb: &str) -> Pending {
    at(
        Diagnostic::error(
            "Z304",
            format!("дію «{verb}» вказано, але не вказано, до чого її застосувати"),
            format!("the verb “{verb}” has no target"),
        )
        .hint(
            "назвіть структурну одиницю: «пункт 3.1 …», «у розділі 2 …»",
            "name the unit: “пункт 3.1 …”, “у розділі 2 …”",
        ),
        start,
        end,
    )
}

/// Z305: text after a closing quote that the grammar cannot place.
pub fn after_quote(start: usize, end: usize, found: &str) -> Pending {
    at(
        Diagnostic::error(
            "Z305",
            format!("текст після закривальних лапок не вдається прочитати: «{found}»"),
            format!("text after the closing quote cannot be placed: “{found}”"),
        )
        .hint(
            "можливо, лапки закрито зарано або текст має бути в лапках",
            "the quote may close too early, or the text belongs inside it",
        ),
        start,
        end,
    )
}

/// Z306: an item that announces changes (ends with `:`) with nothing under it.
pub fn empty_carrier(start: usize, end: usize) -> Pending {
    at(
        Diagnostic::error(
            "Z306",
            "пункт закінчується двокрапкою, але після нього немає змін",
            "the item ends with a colon but no changes follow it",
        ),
        start,
        end,
    )
}

/// Z307: `вважати … відповідно` with lists of different lengths.
pub fn renumber_lengths(start: usize, end: usize, from: usize, to: usize) -> Pending {
    at(
        Diagnostic::error(
            "Z307",
            format!("«вважати … відповідно»: {from} елементів зліва, але {to} справа"),
            format!("“вважати … відповідно”: {from} elements on the left but {to} on the right"),
        ),
        start,
        end,
    )
}

/// Z308: `замінити` without the words to put in.
pub fn replace_without_pair(start: usize, end: usize) -> Pending {
    at(
        Diagnostic::error(
            "Z308",
            "«замінити»: не вказано, які слова на які замінити",
            "“замінити”: the words to replace and their replacement are not both given",
        ),
        start,
        end,
    )
}

/// Z309: `доповнити пункт … «…»` where the quote does not carry the units' numbers.
pub fn ambiguous_insert(start: usize, end: usize) -> Pending {
    at(
        Diagnostic::error(
            "Z309",
            "«доповнити»: незрозуміло, чи додаються нові одиниці, чи слова до наявних",
            "“доповнити”: it is unclear whether new units or words for existing units are added",
        )
        .hint(
            "читання 1: нові одиниці з цими номерами (тоді текст у лапках має починатися з їхніх номерів); читання 2: слова в кінці цих одиниць («доповнити … словами «…»»)",
            "reading 1: new units with these numbers (then the quote must start with their numbers); reading 2: words at the end of these units (“доповнити … словами «…»”)",
        ),
        start,
        end,
    )
}

/// Z310: an operation that lacks its content (`доповнити пункт 3` and nothing else).
pub fn no_content(start: usize, end: usize, verb: &str) -> Pending {
    at(
        Diagnostic::error(
            "Z310",
            format!("дію «{verb}» вказано, але не вказано, що саме додати чи виключити"),
            format!("the verb “{verb}” lacks what to add or delete"),
        ),
        start,
        end,
    )
}

/// Z311: `(` between two numbers read as a range dash.
pub fn paren_dash(start: usize, a: &str, b: &str) -> Pending {
    at(
        Diagnostic::warning(
            "Z311",
            format!("«(» між {a} і {b} прочитано як тире діапазону {a}–{b}"),
            format!("“(” between {a} and {b} read as the range dash {a}–{b}"),
        )
        .hint(
            "ймовірно, при експорті з Word тире втрачено",
            "a Word export probably lost the dash",
        ),
        start,
        start + 1,
    )
}

/// Z312: an unusual dash in a range.
pub fn odd_dash(start: usize, end: usize, c: char) -> Pending {
    at(
        Diagnostic::warning(
            "Z312",
            format!("незвичний знак тире «{c}» (U+{:04X}) у діапазоні", c as u32),
            format!("an unusual dash “{c}” (U+{:04X}) in a range", c as u32),
        ),
        start,
        end,
    )
}

/// Z313: runs of spaces inside quoted text, folded to one.
pub fn space_runs(start: usize, end: usize, runs: usize) -> Pending {
    at(
        Diagnostic::warning(
            "Z313",
            format!("у тексті в лапках кілька пробілів поспіль замінено одним (місць: {runs})"),
            format!("runs of spaces inside quoted text ({runs}) folded to one"),
        ),
        start,
        end,
    )
}

/// Z314: an item label out of sequence.
pub fn out_of_sequence(start: usize, end: usize, label: &str) -> Pending {
    at(
        Diagnostic::warning(
            "Z314",
            format!("номер пункту {label} порушує послідовність"),
            format!("the item number {label} is out of sequence"),
        ),
        start,
        end,
    )
}

/// Z316: the changes are in an appendix of the decision, not in its text.
pub fn changes_in_appendix(start: usize, end: usize) -> Pending {
    at(
        Diagnostic::warning(
            "Z316",
            "зміни викладено в додатку до рішення: їх читають із додатка",
            "the changes are set out in the decision's appendix: they are read from it",
        ),
        start,
        end,
    )
}

/// Z317: a range whose end comes before its start.
pub fn reversed_range(start: usize, end: usize, a: &str, b: &str) -> Pending {
    at(
        Diagnostic::error(
            "Z317",
            format!("діапазон {a}–{b}: кінець менший за початок"),
            format!("the range {a}–{b} ends before it starts"),
        ),
        start,
        end,
    )
}

/// Z318: an item too long to be a paragraph of a decision (refused, not read).
pub fn too_long(start: usize, bytes: usize) -> Pending {
    at(
        Diagnostic::error(
            "Z318",
            format!("пункт рішення завдовгий ({bytes} байтів): його не прочитано"),
            format!("the item is too long ({bytes} bytes): it was not read"),
        )
        .hint(
            "перевірте, чи файл не пошкоджено (розриви рядків могли зникнути)",
            "check the file: its line breaks may have been lost",
        ),
        start,
        start + 1,
    )
}

/// Z340: rule note: `доповнити … пунктами …` (units in the instrumental) inserts units.
pub fn rule_units_instrumental(start: usize, end: usize) -> Pending {
    at(
        Diagnostic::note(
            "Z340",
            "правило: одиниці в орудному відмінку після «доповнити» = додавання нових одиниць",
            "rule: units in the instrumental after “доповнити” = insertion of new units",
        ),
        start,
        end,
    )
}

/// Z341: rule note: `доповнити … словами / фразою «…»` appends words.
pub fn rule_words_instrumental(start: usize, end: usize) -> Pending {
    at(
        Diagnostic::note(
            "Z341",
            "правило: слова в орудному відмінку після «доповнити» = доповнення тексту одиниці",
            "rule: words in the instrumental after “доповнити” = words added to the unit",
        ),
        start,
        end,
    )
}

/// Z342: rule note: accusative units + a quote carrying their numbers = insertion.
pub fn rule_units_quote(start: usize, end: usize) -> Pending {
    at(
        Diagnostic::note(
            "Z342",
            "правило: одиниці в знахідному відмінку + текст у лапках, що починається з їхніх номерів = додавання нових одиниць",
            "rule: accusative units + a quote carrying their numbers = insertion of new units",
        ),
        start,
        end,
    )
}

/// Z343: `5-1` after a singular unit word read as the superscript number `5¹`.
pub fn superscript(start: usize, end: usize, written: &str, read: &str) -> Pending {
    at(
        Diagnostic::note(
            "Z343",
            format!("«{written}» після слова в однині прочитано як номер {read}"),
            format!("“{written}” after a singular unit word read as the number {read}"),
        ),
        start,
        end,
    )
}
