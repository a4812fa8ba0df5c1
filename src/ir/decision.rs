//! Decisions and their typed amendment instructions, as the grammar produces them.

use super::date::Date;
use super::diag::Span;
use super::number::Number;
use serde::{Deserialize, Serialize};

/// A parsed decision: its header, what it approves or amends, and its instructions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The corpus folder name (`2023-12-04-1460`), or the file stem for a lone file.
    pub id: String,
    /// The decision file as shown in diagnostics.
    pub file: String,
    /// The issuing body's lines as written (`ВИКОНАВЧИЙ КОМІТЕТ`, `Криворізька міська рада`).
    pub body: Option<String>,
    pub date: Option<Date>,
    /// The decision's number as written without `№` (`1460`).
    pub number: Option<String>,
    /// The place (`м. Кривий Ріг`).
    pub place: Option<String>,
    /// The title (`Про внесення змін до рішення …`), whitespace folded.
    pub title: Option<String>,
    /// The acts this decision amends (`рішення виконкому міської ради від 22.03.2023 №326 «…»`).
    pub amends: Vec<ActRef>,
    /// The documents this decision approves (`Затвердити Регламент … (додаток 1)`).
    pub approves: Vec<Approval>,
    /// `набирає чинності з …`, when the decision states its own commencement.
    pub commencement: Option<Date>,
    pub instructions: Vec<Instruction>,
}

/// A reference to another act.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActRef {
    /// The act's kind as written (`рішення виконкому міської ради`, `Порядку …`).
    pub words: String,
    pub date: Option<Date>,
    pub number: Option<String>,
    /// The quoted title, whitespace folded.
    pub title: Option<String>,
    /// `(зі змінами)`.
    pub as_amended: bool,
    /// Source line (1-based, original numbering).
    pub line: u32,
}

/// A document that a decision approves; its text is the decision's appendix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The document's name as written (`Регламент роботи електронного сервісу …`).
    pub title: String,
    /// The appendix number (`(додаток 1)`), None for `що додається` with a lone appendix.
    pub appendix: Option<u32>,
    pub line: u32,
}

/// The words that name the amended document inside an item, and its id once resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocName {
    /// As written, in whatever case (`Регламенті роботи електронного сервісу …`).
    pub words: String,
    /// The document id (`2023-03-22-326/1`), filled by resolve.
    pub id: Option<String>,
}

/// One instruction: one operation on one document, from one item of the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    /// The decision's own item label (`1.1.3.2`, `1)`, `а)`).
    pub item: String,
    /// The item's first source line (1-based, original numbering).
    pub line: u32,
    /// Where the item starts, for diagnostics.
    pub span: Span,
    pub document: DocName,
    pub op: Op,
}

/// Unit words that addresses use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitWord {
    /// розділ
    Section,
    /// глава
    Chapter,
    /// стаття
    Article,
    /// частина
    Part,
    /// пункт
    Point,
    /// підпункт
    Subpoint,
    /// абзац
    Paragraph,
    /// речення
    Sentence,
    /// додаток
    Appendix,
    /// графа (a table column)
    Column,
    /// рядок, позиція (a table row)
    Row,
    /// примітка
    Note,
    /// назва (a unit's or the document's heading)
    Heading,
}

/// Which unit(s) of a kind an address step selects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sel {
    /// `пункт 5.2`
    Num(Number),
    /// `пункти 5.2–5.12`: siblings between the ends in document order (existing units), or the
    /// numbers between them (slots of the new edition).
    Range(Number, Number),
    /// `абзац другий` = 2; `останній абзац` = -1.
    Ordinal(i32),
    /// `абзаци третій – п'ятий`
    OrdinalRange(i32, i32),
    /// `графа «Строк виконання»`: selected by title.
    Titled(String),
    /// The step names the unit without a number (`назву`, `доповнити абзацом` at the end).
    Unnumbered,
}

/// One step of an address: a unit word and what it selects, with an optional quoted title that
/// must match the edition (and tells apart units with the same number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub word: UnitWord,
    pub sel: Sel,
    pub title: Option<String>,
}

/// A path from the document's top down to the addressed unit(s), largest first. Empty: the
/// whole document (`у тексті Регламенту`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Address {
    pub steps: Vec<Step>,
}

/// Quoted text from the decision: the content between the outermost quotes (nested quotes
/// kept), runs of spaces folded; lines of a multi-line quote joined by `\n`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quoted {
    pub text: String,
    /// Line and column (1-based, original numbering) of the opening quote.
    pub line: u32,
    pub column: u32,
    /// Line of the closing quote.
    pub end_line: u32,
}

/// Where new units' or restated units' text comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// In the decision: one quote may hold several units (`«5.2. … 5.4. …»`).
    Inline(Vec<Quoted>),
    /// In the decision's appendix (`(додаток)`, or no inline text), matched by number.
    Appendix(Option<u32>),
}

/// Whether words are matched as written or in every grammatical case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseMode {
    /// As written.
    Exact,
    /// `у відповідному відмінку` (`в усіх відмінках`, `і числах` may accompany it).
    Inflect { numbers: bool },
}

/// Where inserted words go within a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WordPos {
    /// At the end, before the final stop (`доповнити словами`).
    End,
    /// `після слів «…»`
    After(Quoted),
    /// `перед словами «…»`
    Before(Quoted),
    /// `доповнити реченням`: a new sentence at the end.
    Sentence,
}

/// The operations decisions perform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// `слова «A» замінити словами «B»`; several pairs; every occurrence in each target.
    ReplaceWords {
        targets: Vec<Address>,
        pairs: Vec<(Quoted, Quoted)>,
        case: CaseMode,
        /// `у першому реченні`, `слова «…» (друге згадування)`: which occurrence, when said.
        occurrence: Option<u32>,
    },
    /// `доповнити словами / фразою «…»`, `після слів «…» доповнити словами «…»`.
    InsertWords {
        targets: Vec<Address>,
        text: Quoted,
        at: WordPos,
    },
    /// `слова «…» виключити`.
    DeleteWords {
        targets: Vec<Address>,
        words: Vec<Quoted>,
    },
    /// `викласти в новій редакції`: replace the whole text of each target.
    Restate {
        targets: Vec<Address>,
        content: Content,
    },
    /// `доповнити … пунктами …`: new units in the slots `units` (numbers of the new edition)
    /// under `parent`, after `after` when said. `parent` and `after` are full addresses;
    /// each of `units` holds only the new unit's own step(s), relative to `parent`.
    InsertUnits {
        parent: Address,
        after: Option<Address>,
        units: Vec<Address>,
        content: Content,
    },
    /// `… виключити`.
    DeleteUnits { targets: Vec<Address> },
    /// `вважати … відповідно`: sources in the previous edition, targets in the new one, paired
    /// element by element.
    Renumber {
        pairs: Vec<(Address, Address)>,
        /// `попередньої редакції` was said (it is the rule anyway).
        previous_edition: bool,
    },
    /// `визнати таким, що втратив чинність`, `скасувати`.
    Repeal {
        targets: Vec<Address>,
        act: Option<ActRef>,
    },
}

impl Op {
    /// The operation's name in the contract's JSON and README list.
    pub fn name(&self) -> &'static str {
        match self {
            Op::ReplaceWords { .. } => "replace_words",
            Op::InsertWords { .. } => "insert_words",
            Op::DeleteWords { .. } => "delete_words",
            Op::Restate { .. } => "restate",
            Op::InsertUnits { .. } => "insert_units",
            Op::DeleteUnits { .. } => "delete_units",
            Op::Renumber { .. } => "renumber",
            Op::Repeal { .. } => "repeal",
        }
    }
}
