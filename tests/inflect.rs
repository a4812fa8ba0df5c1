//! Tests of `apply::inflect`: the case folders in tests/inflect/ (bless with ZMINY_BLESS=1) and checks of the tables.
//!
//! A case folder holds `input.txt`:
//! ```text
//! old: управління інформаційно-комунікаційних технологій …
//! new: управління технічного захисту інформації …
//! numbers: no
//! ---
//! the first paragraph (may span lines)
//! ---
//! the second paragraph
//! ```
//! and `expected.txt`: per paragraph the new text, the hits and the diagnostics.

#[path = "support/seed.rs"]
mod seed;

use std::fmt::Write as _;
use std::path::Path;
use zminy::apply::inflect::{Case, Form, RenameOptions, inflect, rename, table_forms};

fn render(input: &str) -> Result<String, String> {
    let mut parts = input.split("\n---\n");
    let header = parts.next().unwrap_or("");
    let mut old = None;
    let mut new = None;
    let mut numbers = false;
    for line in header.lines() {
        match line.split_once(':') {
            Some(("old", v)) => old = Some(v.trim().to_string()),
            Some(("new", v)) => new = Some(v.trim().to_string()),
            Some(("numbers", v)) => numbers = v.trim() == "yes",
            _ if line.trim().is_empty() => {}
            _ => return Err(format!("bad header line: {line}")),
        }
    }
    let (Some(old), Some(new)) = (old, new) else {
        return Err("the header needs old: and new:".into());
    };
    let opts = RenameOptions { numbers };
    let mut out = String::new();
    for (i, para) in parts.enumerate() {
        let para = para.strip_suffix('\n').unwrap_or(para);
        let r = rename(para, &old, &new, &opts);
        let _ = writeln!(out, "# paragraph {}", i + 1);
        let _ = writeln!(out, "{}", r.text);
        if r.hits.is_empty() {
            let _ = writeln!(out, "hits: none");
        } else {
            let _ = writeln!(out, "hits:");
        }
        for h in &r.hits {
            let _ = writeln!(
                out,
                "  {}..{} {} ({}): «{}» → «{}»",
                h.start,
                h.end,
                h.form(),
                h.rule,
                h.found.replace('\n', "⏎"),
                h.replaced
            );
            if !h.alternatives.is_empty() {
                let alts: Vec<String> = h.alternatives.iter().map(Form::to_string).collect();
                let _ = writeln!(out, "    alternatives: {}", alts.join(", "));
            }
            if para.get(h.start..h.end) != Some(h.found.as_str()) {
                return Err(format!(
                    "hit range {}..{} is not «{}»",
                    h.start, h.end, h.found
                ));
            }
        }
        if r.diagnostics.is_empty() {
            let _ = writeln!(out, "diagnostics: none");
        } else {
            let _ = writeln!(out, "diagnostics:");
        }
        for d in &r.diagnostics {
            let sev = d.severity.word(zminy::ir::Lang::En);
            let _ = writeln!(out, "  {sev}[{}]: {}", d.code, d.message.uk);
            let _ = writeln!(out, "    en: {}", d.message.en);
            for h in &d.hints {
                let _ = writeln!(out, "    hint: {}", h.uk);
            }
        }
    }
    Ok(out)
}

#[test]
fn case_folders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inflect");
    let bless = std::env::var_os("ZMINY_BLESS").is_some();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/inflect exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 25, "only {} case folders", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let input = std::fs::read_to_string(dir.join("input.txt")).unwrap_or_default();
        let actual = match render(&input) {
            Ok(a) => a,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let path = dir.join("expected.txt");
        if bless {
            std::fs::write(&path, &actual).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}: expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ (ZMINY_BLESS=1 to accept):\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
    println!("{} inflection cases", dirs.len());
}

/// The head nouns the task names: each must have a complete paradigm.
const REQUIRED: [&str; 25] = [
    "управління",
    "департамент",
    "відділ",
    "служба",
    "інспекція",
    "комітет",
    "комісія",
    "центр",
    "сектор",
    "філія",
    "підприємство",
    "товариство",
    "установа",
    "управа",
    "рада",
    "виконком",
    "бюро",
    "агенція",
    "адміністрація",
    "організація",
    "фонд",
    "інститут",
    "заклад",
    "апарат",
    "відділення",
];

#[test]
fn required_nouns_have_paradigms() {
    for lemma in REQUIRED {
        for form in all_forms() {
            let written = inflect(lemma, form);
            assert!(written.is_ok(), "{lemma} {form}: {written:?}");
        }
    }
}

fn all_forms() -> Vec<Form> {
    [false, true]
        .into_iter()
        .flat_map(|plural| {
            [
                Case::Nominative,
                Case::Genitive,
                Case::Dative,
                Case::Accusative,
                Case::Instrumental,
                Case::Locative,
                Case::Vocative,
            ]
            .map(move |case| Form::new(case, plural))
        })
        .collect()
}

/// Every form of the tables, read as a name, goes back to the nominative of its noun.
#[test]
fn every_form_is_recognised() {
    let mut count = 0;
    for (lemma, form_text, form) in table_forms() {
        assert_eq!(
            inflect(&form_text, Form::new(Case::Nominative, false)).as_deref(),
            Ok(lemma.as_str()),
            "{form_text} ({form})"
        );
        count += 1;
    }
    assert!(count > 25 * 14);
}

/// Known forms, spelled out: a change to the tables that breaks these is a grammar error.
#[test]
fn spot_checks() {
    let sg = |c| Form::new(c, false);
    let pl = |c| Form::new(c, true);
    let cases = [
        ("управління", sg(Case::Dative), "управлінню"),
        ("управління", sg(Case::Locative), "управлінні"),
        ("управління", pl(Case::Genitive), "управлінь"),
        ("управління", pl(Case::Instrumental), "управліннями"),
        ("відділ", sg(Case::Vocative), "відділе"),
        ("відділ", pl(Case::Dative), "відділам"),
        ("служба", sg(Case::Instrumental), "службою"),
        ("служба", pl(Case::Genitive), "служб"),
        ("інспекція", sg(Case::Instrumental), "інспекцією"),
        ("комісія", pl(Case::Genitive), "комісій"),
        ("бюро", pl(Case::Locative), "бюро"),
        ("загальний відділ", sg(Case::Locative), "загальному відділі"),
        (
            "загальний відділ",
            pl(Case::Instrumental),
            "загальними відділами",
        ),
        (
            "Криворізька міська рада",
            sg(Case::Genitive),
            "Криворізької міської ради",
        ),
        (
            "Криворізька міська рада",
            sg(Case::Dative),
            "Криворізькій міській раді",
        ),
        (
            "комунальне підприємство",
            sg(Case::Instrumental),
            "комунальним підприємством",
        ),
        ("третій сектор", sg(Case::Genitive), "третього сектору"),
        ("середня школа", sg(Case::Instrumental), "середньою школою"),
        ("об’єднання", pl(Case::Genitive), "об’єднань"),
    ];
    for (name, form, expected) in cases {
        assert_eq!(
            inflect(name, form).as_deref(),
            Ok(expected),
            "{name} {form}"
        );
    }
}

/// Every non-vocative form of the noun tables is a word of hunspell-uk, where it is installed
/// (`apt-get install hunspell hunspell-uk`); skipped otherwise. hunspell-uk lacks the vocative
/// of most inanimate nouns (службо, відділе), so vocatives are not checked.
#[test]
fn forms_are_words_of_hunspell_uk() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dic = Path::new("/usr/share/hunspell/uk_UA.dic");
    let child = Command::new("hunspell")
        .args(["-d", "uk_UA", "-l"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let (true, Ok(mut child)) = (dic.exists(), child) else {
        println!("skipped: hunspell or uk_UA.dic is not installed");
        return;
    };
    let words: Vec<String> = table_forms()
        .into_iter()
        .filter(|(_, _, f)| f.case != Case::Vocative)
        .map(|(_, w, _)| w)
        .collect();
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(words.join("\n").as_bytes())
            .expect("write to hunspell");
    }
    let out = child.wait_with_output().expect("hunspell runs");
    let unknown = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(unknown.is_empty(), "not in hunspell-uk:\n{unknown}");
    println!("{} forms checked against hunspell-uk", words.len());
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { rng_seed: seed::rng_seed(), ..ProptestConfig::with_cases(200) })]
        #[test]
        fn rename_never_panics(
            text in "[ а-яіїєґА-ЯІЇЄҐ'’ʼ«».,\n-]{0,80}",
            old in "(загальний |міська )?(відділ|управління|рада|служба|[а-я]{1,8})( [а-я«»]{1,6}){0,2}",
            new in "(загальне |нова )?(управління|департамент|бюро|[а-я]{1,8})( [а-я]{1,6}){0,2}",
            numbers in any::<bool>(),
        ) {
            let r = rename(&text, &old, &new, &RenameOptions { numbers });
            for h in &r.hits {
                prop_assert_eq!(text.get(h.start..h.end), Some(h.found.as_str()));
            }
        }
    }
}
