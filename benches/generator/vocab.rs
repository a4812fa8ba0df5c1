//! The generator's words, read from the same data the grammar reads (`grammars/vocabulary/`)
//! and from the shipped corpus (`decisions/`: the words of the regulation, the classifier's
//! executors and deadlines), so that generated decisions speak the grammar's language.

use std::collections::BTreeMap;
use std::path::Path;

/// A document's head noun in the cases a decision needs.
#[derive(Clone, Debug)]
pub struct Head {
    pub nom: String,
    pub genitive: String,
    pub loc: String,
    pub table: bool,
}

#[derive(Clone, Debug)]
pub struct Vocab {
    /// Lower-case words of running text (letters and apostrophes only).
    pub words: Vec<String>,
    /// Classifier executors (column 3) and deadlines (column 4).
    pub executors: Vec<String>,
    pub terms: Vec<String>,
    /// The classifier's header row.
    pub columns: Vec<String>,
    pub heads: Vec<Head>,
    /// `(unit, case, number)` → form, e.g. `("point", 'l', 's')` → `пункті`.
    forms: BTreeMap<(String, char, char), String>,
    /// Ordinal value → masculine nominative (`3` → `третій`).
    pub ordinals: BTreeMap<i64, String>,
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_default()
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

impl Vocab {
    /// Load from the repository root (the crate's manifest folder).
    pub fn load(root: &Path) -> Result<Vocab, String> {
        let units = read(root, "grammars/vocabulary/units.tsv");
        let mut forms = BTreeMap::new();
        for r in rows(&units) {
            if let [form, unit, cases, numbers] = r.as_slice() {
                for c in cases.chars() {
                    for n in numbers.chars() {
                        forms
                            .entry((unit.to_string(), c, n))
                            .or_insert_with(|| form.to_string());
                    }
                }
            }
        }
        let mut ordinals = BTreeMap::new();
        for r in rows(&read(root, "grammars/vocabulary/ordinals.tsv")) {
            if let [form, value] = r.as_slice()
                && let Ok(v) = value.trim().parse::<i64>()
            {
                ordinals.entry(v).or_insert_with(|| form.to_string());
            }
        }
        let docs = read(root, "grammars/vocabulary/documents.tsv");
        let known: Vec<String> = rows(&docs).map(|r| r[0].to_string()).collect();
        // (nominative, genitive, locative, is a table): every form must be in documents.tsv.
        let candidates = [
            ("Регламент", "Регламенту", "Регламенті", false),
            ("Положення", "Положення", "Положенні", false),
            ("Порядок", "Порядку", "Порядку", false),
            ("Статут", "Статуту", "Статуті", false),
            ("Правила", "Правил", "Правилах", false),
            ("Інструкція", "Інструкції", "Інструкції", false),
            ("Програма", "Програми", "Програмі", false),
            ("Класифікатор", "Класифікатора", "Класифікаторі", true),
            ("Перелік", "Переліку", "Переліку", true),
        ];
        let heads: Vec<Head> = candidates
            .iter()
            .filter(|(n, g, l, _)| [n, g, l].iter().all(|f| known.contains(&f.to_lowercase())))
            .map(|&(n, g, l, t)| Head {
                nom: n.into(),
                genitive: g.into(),
                loc: l.into(),
                table: t,
            })
            .collect();

        // Words the grammar gives a meaning to (verbs, phrases, unit words, ordinals, clause
        // openings) stay out of running text, as they would confuse a title or a phrase.
        let mut reserved: std::collections::BTreeSet<String> = Default::default();
        for f in [
            "verbs",
            "phrases",
            "units",
            "ordinals",
            "clauses",
            "documents",
        ] {
            for r in rows(&read(root, &format!("grammars/vocabulary/{f}.tsv"))) {
                reserved.extend(r[0].split_whitespace().map(str::to_string));
            }
        }
        // And the words the grammar recognises in its code rather than in the tables: a title
        // «Положення затвердженого маршруту …» reads as «Положення, затвердженого рішенням …».
        reserved.extend(
            [
                "відповідно",
                "додатка",
                "додатками",
                "додатки",
                "додатком",
                "додатку",
                "додатків",
                "додаток",
                "додаються",
                "додається",
                "доповнення",
                "доповненнями",
                "змін",
                "змінам",
                "змінами",
                "зміни",
                "змісту",
                "згідно",
                "кінці",
                "набирає",
                "набуває",
                "новій",
                "після",
                "перед",
                "редакції",
                "такого",
                "також",
                "такі",
                "такій",
                "чинності",
                "текст",
                "року",
                "ради",
                "порядку",
                "положення",
            ]
            .map(str::to_string),
        );
        let stems = [
            "затвердж",
            "розпоряджен",
            "наказ",
            "постанов",
            "ухвал",
            "рішен",
            "виконав",
            "виконком",
            "пункт",
            "підпункт",
            "розділ",
            "додат",
            "змін",
            "доповн",
            "редакц",
        ];
        let is_reserved = |w: &str| reserved.contains(w) || stems.iter().any(|s| w.starts_with(s));
        let regulation = read(root, "decisions/2023-03-22-326/appendix-1.txt");
        let classifier = read(root, "decisions/2023-03-22-326/appendix-2.txt");
        let mut words: Vec<String> = Vec::new();
        for w in regulation
            .split_whitespace()
            .chain(classifier.split(['\t', '\n', ' ']))
        {
            let w = w.trim_matches(|c: char| !c.is_alphabetic());
            if w.chars().count() >= 3
                && w.chars().all(|c| c.is_lowercase() || c == '\'')
                && w.chars()
                    .all(|c| ('а'..='я').contains(&c) || "іїєґ'".contains(c))
                && !words.iter().any(|x| x == w)
                && !is_reserved(w)
            {
                words.push(w.to_string());
            }
        }
        let mut executors = Vec::new();
        let mut terms = Vec::new();
        let mut columns = Vec::new();
        for l in classifier.lines() {
            let cells: Vec<&str> = l.split('\t').collect();
            if cells.len() == 4 {
                if columns.is_empty() {
                    columns = cells.iter().map(|s| s.to_string()).collect();
                    continue;
                }
                let (e, t) = (cells[2].trim(), cells[3].trim());
                if e.chars().any(char::is_alphabetic)
                    && !e.contains('«')
                    && !executors.iter().any(|x| x == e)
                {
                    executors.push(e.to_string());
                }
                // Deadlines that start with a number: «10 робочих днів».
                if t.starts_with(|c: char| c.is_ascii_digit())
                    && t.contains(' ')
                    && !terms.iter().any(|x| x == t)
                {
                    terms.push(t.to_string());
                }
            }
        }
        let v = Vocab {
            words,
            executors,
            terms,
            columns,
            heads,
            forms,
            ordinals,
        };
        if v.words.len() < 100
            || v.executors.len() < 3
            || v.terms.len() < 3
            || v.columns.len() != 4
            || v.heads.iter().filter(|h| h.table).count() < 2
            || v.heads.iter().filter(|h| !h.table).count() < 3
        {
            return Err(format!(
                "vocabulary incomplete under {}: {} words, {} executors, {} terms, {} heads",
                root.display(),
                v.words.len(),
                v.executors.len(),
                v.terms.len(),
                v.heads.len()
            ));
        }
        Ok(v)
    }

    /// A unit word in a case and number (`unit` as in units.tsv: point, subpoint, section, …).
    pub fn form(&self, unit: &str, case: char, number: char) -> String {
        self.forms
            .get(&(unit.to_string(), case, number))
            .cloned()
            .unwrap_or_else(|| unit.to_string())
    }

    pub fn ordinal(&self, v: i64) -> String {
        self.ordinals
            .get(&v)
            .cloned()
            .unwrap_or_else(|| v.to_string())
    }
}
