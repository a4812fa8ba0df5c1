//! Round trips of the document text format: every appendix of the corpus, and 1,000 random
//! editions, read back the same (ids and document-wide state aside) after writing, and writing is
//! a fixed point.

#[path = "support/seed.rs"]
mod seed;

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use zminy::ir::{Edition, Level, Number, Source, Table, Unit, UnitId, UnitKind};
use zminy::parse::document;
use zminy::render::text::text;

/// The edition with ids replaced by positions and the document-wide state cleared.
fn normalized(ed: &Edition) -> Edition {
    let pos: BTreeMap<UnitId, u32> = ed
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id, i as u32 + 1))
        .collect();
    let mut e = ed.clone();
    for u in &mut e.units {
        let u = std::sync::Arc::make_mut(u);
        u.id = UnitId(pos[&u.id]);
        u.parent = u.parent.map(|p| UnitId(pos.get(&p).copied().unwrap_or(0)));
    }
    e.next_id = e.units.len() as u32 + 1;
    e.document = String::new();
    e.as_of = None;
    e.decisions.clear();
    e
}

fn read(name: &str, s: &str) -> Edition {
    document(&Source::from_text(name, s), "doc/1").0
}

/// Write, read back, compare; then check that writing again gives the same text.
fn round_trip(ed: &Edition) -> Result<(), String> {
    let written = text(ed);
    let back = read("written.txt", &written);
    let (a, b) = (normalized(ed), normalized(&back));
    if a != b {
        let first = a
            .units
            .iter()
            .zip(&b.units)
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("first differing unit:\n{x:?}\n{y:?}"))
            .unwrap_or_else(|| {
                format!(
                    "title {:?} / {:?}\nnotes {:?} / {:?}\ntable {:?} / {:?}\nunits {} / {}",
                    a.title,
                    b.title,
                    a.notes,
                    b.notes,
                    a.table,
                    b.table,
                    a.units.len(),
                    b.units.len()
                )
            });
        return Err(format!(
            "read back differently: {first}\n--- written\n{written}"
        ));
    }
    let again = text(&back);
    if again != written {
        return Err(format!(
            "not a fixed point\n--- first\n{written}\n--- second\n{again}"
        ));
    }
    Ok(())
}

#[test]
fn corpus_appendices() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("decisions");
    let mut files = Vec::new();
    if let Ok(dirs) = std::fs::read_dir(&root) {
        for d in dirs.flatten() {
            if let Ok(entries) = std::fs::read_dir(d.path()) {
                for f in entries.flatten() {
                    let name = f.file_name().to_string_lossy().to_string();
                    if name.starts_with("appendix") && name.ends_with(".txt") {
                        files.push(f.path());
                    }
                }
            }
        }
    }
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("read appendix");
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let src = match zminy::ingest::ingest(&name, &bytes) {
            Ok(src) => src,
            Err(d) => {
                failures.push(format!("{name}: {d}"));
                continue;
            }
        };
        let (ed, _) = document(&src, "doc/1");
        if let Err(e) = round_trip(&ed) {
            failures.push(format!("{name}: {e}"));
        }
    }
    println!("round trip: checked {} corpus appendices", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A small deterministic generator (SplitMix64), seeded by proptest.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Words inside a paragraph: Ukrainian words, punctuation, quotes, numbers, braces, unit-like
/// tokens (harmless away from the line start).
const WORDS: &[&str] = &[
    "заявка",
    "оператор",
    "виконавчий",
    "орган",
    "міської",
    "ради",
    "Контакт-центр",
    "е-сервіс",
    "звернення",
    "громадян",
    "у",
    "з",
    "та",
    "відповідно",
    "до",
    "Закону",
    "України",
    "«Про",
    "звернення»",
    "персональних",
    "даних,",
    "протягом",
    "5",
    "днів;",
    "2.5",
    "км",
    "№",
    "326",
    "від",
    "04.12.2023",
    "{дужки}",
    "{відкрита",
    "закрита}",
    "(далі",
    "–",
    "е-сервіс)",
    "„вкладені“",
    "1.",
    "2)",
    "Розділ",
    "IV.",
    "5.2.",
    "6¹",
    "пункту",
    "Регламенту:",
    "«Кривбас»",
    "'апостроф'",
    "обов’язки",
    "ТАБЛИЦЯ",
    "—",
    "і",
    "ґанок",
    "Їжак",
    "Єдиний",
    "10:00",
    "…",
    "%",
    "\"лапки\"",
];

/// How a paragraph may start: words, capitals, and digits in shapes that never read as a number
/// of a unit (`2023. року` is a year: a paragraph, with a warning).
const STARTS: &[&str] = &[
    "заявка",
    "оператор",
    "Оператор",
    "Заявник",
    "Виконавець",
    "у",
    "з",
    "«Про",
    "- ",
    "– ",
    "• ",
    "2023 року",
    "10 днів",
    "15:00",
    "3-х",
    "№ 5",
    "2023. року",
    "9.5 км",
    "{відкрита",
    "Розділ 5 цього",
    "Х-подібний",
    "і",
    "(далі",
    "„Кривбас“",
];

const HEADINGS: &[&str] = &[
    "Загальні положення",
    "Терміни та визначення",
    "Організація роботи е-сервісу Контакт-центр",
    "Прийом, реєстрація, обробка заявок",
    "ПРИКІНЦЕВІ ПОЛОЖЕННЯ",
    "«Про захист персональних даних»",
    "Права та обов’язки операторів",
];

const TITLE: &[&str] = &[
    "ЗАТВЕРДЖЕНО",
    "Рішення виконкому міської ради",
    "22.03.2023 № 326",
    "РЕГЛАМЕНТ",
    "роботи електронного сервісу Контакт-центр",
    "Додаток 1",
    "до рішення № 326",
    "від 22.03.2023",
    "КЛАСИФІКАТОР основних заявок",
    "2023. рік",
];

fn sentence(g: &mut Gen, start: bool) -> String {
    let mut words = vec![if start {
        g.pick(STARTS).trim_end().to_string()
    } else {
        g.pick(WORDS).to_string()
    }];
    for _ in 0..g.below(12) {
        words.push(g.pick(WORDS).to_string());
    }
    let mut s = words.join(if g.chance(5) { "  " } else { " " });
    if g.chance(50) {
        s.push(*['.', ';', ':', ','].get(g.below(4)).unwrap_or(&'.'));
    }
    // A whole line in braces is a note: the format cannot carry such a paragraph.
    if s.starts_with('{') && s.ends_with('}') {
        s.push('.');
    }
    s
}

/// A unit's text: a head (maybe empty, maybe several paragraphs) — or none at all (deleted).
fn paras(g: &mut Gen, head: Option<String>) -> Vec<String> {
    if g.chance(5) {
        return Vec::new();
    }
    let mut p = vec![head.unwrap_or_else(|| {
        if g.chance(5) {
            String::new()
        } else {
            sentence(g, false)
        }
    })];
    let more = if g.chance(70) { 0 } else { g.range(1, 3) };
    for _ in 0..more {
        p.push(sentence(g, true));
    }
    if p.len() == 1 && p[0].is_empty() {
        p.clear();
    }
    p
}

fn notes(g: &mut Gen) -> Vec<String> {
    let mut n = Vec::new();
    while g.chance(15) {
        n.push(match g.below(3) {
            0 => "Пункт із змінами, внесеними згідно з рішенням від 04.12.2023 № 1460".into(),
            1 => sentence(g, false),
            _ => "Виключено {див. рішення} від 04.12.2023".into(),
        });
    }
    n
}

/// Builds an edition unit by unit, with ids in reading order.
struct Builder {
    units: Vec<Unit>,
}

impl Builder {
    fn add(
        &mut self,
        g: &mut Gen,
        parent: Option<UnitId>,
        kind: UnitKind,
        number: Number,
        word: Option<&str>,
        paras: Vec<String>,
    ) -> UnitId {
        let id = UnitId(self.units.len() as u32 + 1);
        let mut notes = notes(g);
        if paras.is_empty() && notes.is_empty() {
            notes.push("Виключено".into());
        }
        self.units.push(Unit {
            id,
            parent,
            kind,
            number,
            word: word.map(str::to_string),
            paras,
            notes,
        });
        id
    }
}

fn dec(levels: &[(u32, u32)]) -> Number {
    Number::Decimal(levels.iter().map(|&(n, sup)| Level { n, sup }).collect())
}

/// Sibling numbers 1, 2, … with an occasional superscript insertion (`2`, `2¹`, `3`).
fn sequence(g: &mut Gen, lo: usize, hi: usize) -> Vec<(u32, u32)> {
    let count = g.range(lo, hi);
    let mut out = Vec::new();
    for n in 1..=count as u32 {
        out.push((n, 0));
        if g.chance(10) {
            for sup in 1..=g.range(1, 2) as u32 {
                out.push((n, sup));
            }
        }
    }
    out
}

/// Labels under a unit: `1)`, `2)`, … with `а)`, `б)` under some.
fn labels(g: &mut Gen, b: &mut Builder, parent: UnitId) {
    for n in 1..=g.range(1, 3) as u32 {
        let p = paras(g, None);
        let id = b.add(
            g,
            Some(parent),
            UnitKind::Subpoint,
            Number::Paren(n),
            None,
            p,
        );
        if g.chance(25) {
            for c in "абв".chars().take(g.range(1, 3)) {
                let p = paras(g, None);
                b.add(g, Some(id), UnitKind::Subpoint, Number::Letter(c), None, p);
            }
        }
    }
}

/// Sections `1.` with points `1.1.`, subpoints `1.1.1.` or labels; sometimes the 1, 2, 2, 4
/// slip (the second `2` a heading holding points `3.x`).
fn decimal_doc(g: &mut Gen, b: &mut Builder, worded: Option<&str>) {
    let slip = worded.is_none() && g.chance(20);
    // Under the slip, sections are 1, 2, 2, 4, … (no superscripts): the second `2` holds `3.x`.
    let sections = if slip {
        let count = g.range(2, 4) as u32;
        let mut s: Vec<(u32, u32)> = (1..=count).map(|n| (n, 0)).collect();
        s.insert(2, (2, 0));
        for later in s.iter_mut().skip(3) {
            later.0 += 1;
        }
        s
    } else {
        sequence(g, 1, 4)
    };
    for (i, &(n, sup)) in sections.iter().enumerate() {
        let is_slip = slip && i == 2;
        let heading = if is_slip {
            Some("Організація роботи е-сервісу Контакт-центр".to_string())
        } else if g.chance(50) {
            Some(g.pick(HEADINGS).to_string())
        } else {
            None
        };
        let p = if is_slip {
            vec![heading.clone().unwrap_or_default()]
        } else {
            paras(g, heading)
        };
        let sid = b.add(g, None, UnitKind::Section, dec(&[(n, sup)]), worded, p);
        // The points' prefix: the section's own number, or the next one under the slip.
        let prefix = if is_slip { (n + 1, 0) } else { (n, sup) };
        let points = sequence(g, usize::from(is_slip), 4);
        for (p, psup) in points {
            let pp = paras(g, None);
            let pid = b.add(
                g,
                Some(sid),
                UnitKind::Point,
                dec(&[prefix, (p, psup)]),
                None,
                pp,
            );
            match g.below(4) {
                0 => {
                    for (s, ssup) in sequence(g, 1, 3) {
                        let pp = paras(g, None);
                        b.add(
                            g,
                            Some(pid),
                            UnitKind::Subpoint,
                            dec(&[prefix, (p, psup), (s, ssup)]),
                            None,
                            pp,
                        );
                    }
                }
                1 => labels(g, b, pid),
                _ => {}
            }
        }
    }
}

/// Roman sections `I.` with points `1.` numbered through the document, subpoints `1.1.` or
/// labels; or `Глава 1.` with `Стаття 1.`, numbered through.
fn roman_doc(g: &mut Gen, b: &mut Builder, chapters: bool) {
    let mut point = 0;
    for s in 1..=g.range(1, 3) as u32 {
        let (number, word) = if chapters {
            (dec(&[(s, 0)]), Some("Глава"))
        } else {
            (Number::Roman(s), None)
        };
        let heading = Some(g.pick(HEADINGS).to_string());
        let p = paras(g, heading);
        let sid = b.add(g, None, UnitKind::Section, number, word, p);
        let restart = !chapters && g.chance(30);
        if restart {
            point = 0;
        }
        for _ in 0..g.range(0, 3) {
            point += 1;
            let (pnum, pword) = if chapters {
                (dec(&[(point, 0)]), Some("Стаття"))
            } else {
                (dec(&[(point, 0)]), None)
            };
            let pp = paras(g, None);
            let pid = b.add(g, Some(sid), UnitKind::Point, pnum, pword, pp);
            if chapters {
                continue;
            }
            match g.below(3) {
                0 => {
                    for sub in 1..=g.range(1, 2) as u32 {
                        let pp = paras(g, None);
                        b.add(
                            g,
                            Some(pid),
                            UnitKind::Subpoint,
                            dec(&[(point, 0), (sub, 0)]),
                            None,
                            pp,
                        );
                    }
                }
                1 => labels(g, b, pid),
                _ => {}
            }
        }
    }
}

fn cell(g: &mut Gen) -> String {
    let mut words = vec![g.pick(WORDS).to_string()];
    for _ in 0..g.below(5) {
        words.push(g.pick(WORDS).to_string());
    }
    words.join(" ")
}

/// A classifier: heading rows `k`, sub-heading rows `k.m`, rows `k.j` / `k.m.j`.
fn table_doc(g: &mut Gen, b: &mut Builder) -> Table {
    let ncols = g.range(3, 5);
    let mut columns = vec![["№ з/п", "№", "Код"][g.below(3)].to_string()];
    for _ in 1..ncols {
        columns.push(cell(g));
    }
    let row = |g: &mut Gen| -> Vec<String> {
        if g.chance(4) {
            return Vec::new();
        }
        // The right count of cells, sometimes one less or one more; the last never empty.
        let count = match g.below(10) {
            0 => ncols,
            1 if ncols > 3 => ncols - 2,
            _ => ncols - 1,
        };
        let mut cells: Vec<String> = (0..count)
            .map(|_| if g.chance(5) { String::new() } else { cell(g) })
            .collect();
        if let Some(last) = cells.last_mut()
            && last.is_empty()
        {
            *last = "5 днів".into();
        }
        let mut p = vec![cells.join("\t")];
        if g.chance(5) {
            p.push(sentence(g, true));
        }
        p
    };
    for k in 1..=g.range(1, 4) as u32 {
        let p = vec![g.pick(HEADINGS).to_string()];
        let hid = b.add(g, None, UnitKind::HeadingRow, dec(&[(k, 0)]), None, p);
        if g.chance(50) {
            for m in 1..=g.range(1, 3) as u32 {
                let p = vec![cell(g)];
                let sid = b.add(
                    g,
                    Some(hid),
                    UnitKind::HeadingRow,
                    dec(&[(k, 0), (m, 0)]),
                    None,
                    p,
                );
                for (j, sup) in sequence(g, 0, 3) {
                    let r = row(g);
                    b.add(
                        g,
                        Some(sid),
                        UnitKind::Row,
                        dec(&[(k, 0), (m, 0), (j, sup)]),
                        None,
                        r,
                    );
                }
            }
        } else {
            for (j, sup) in sequence(g, 0, 4) {
                let r = row(g);
                b.add(
                    g,
                    Some(hid),
                    UnitKind::Row,
                    dec(&[(k, 0), (j, sup)]),
                    None,
                    r,
                );
            }
        }
    }
    Table {
        columns,
        numbered_columns: g.chance(50),
    }
}

fn edition(seed: u64) -> Edition {
    let mut g = Gen(seed);
    let mut ed = Edition::empty("doc/1");
    for _ in 0..g.below(5) {
        ed.title.push(g.pick(TITLE).to_string());
    }
    ed.notes = notes(&mut g);
    let mut b = Builder { units: Vec::new() };
    match g.below(6) {
        0 | 1 => decimal_doc(&mut g, &mut b, None),
        2 => {
            let word = ["Розділ", "РОЗДІЛ"][g.below(2)];
            decimal_doc(&mut g, &mut b, Some(word));
        }
        3 => {
            let chapters = g.chance(40);
            roman_doc(&mut g, &mut b, chapters);
        }
        4 => ed.table = Some(table_doc(&mut g, &mut b)),
        _ => {
            if g.chance(50) {
                ed.table = Some(table_doc(&mut g, &mut b));
            }
        }
    }
    // An edition with nothing after its title is fine; one without even a title is the empty one.
    ed.next_id = b.units.len() as u32 + 1;
    ed.units = b.units.into_iter().map(std::sync::Arc::new).collect();
    ed
}

proptest! {
    #![proptest_config(ProptestConfig {
        rng_seed: seed::rng_seed(),
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_editions_round_trip(seed in any::<u64>()) {
        let ed = edition(seed);
        if let Err(e) = round_trip(&ed) {
            prop_assert!(false, "seed {seed}: {e}");
        }
    }
}

#[test]
fn generator_covers_the_tricky_shapes() {
    // The generator must actually produce what the round trip claims to cover.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for seed in 0..1000u64 {
        let ed = edition(seed);
        let written = text(&ed);
        let mut count = |k, cond: bool| *seen.entry(k).or_default() += usize::from(cond);
        count("table", ed.table.is_some());
        count(
            "slip",
            written.contains("\n2. Організація роботи е-сервісу Контакт-центр\n3.1."),
        );
        count("superscript", written.contains('¹'));
        count("deleted", ed.units.iter().any(|u| u.paras.is_empty()));
        count(
            "empty head",
            ed.units
                .iter()
                .any(|u| u.paras.len() > 1 && u.paras[0].is_empty()),
        );
        count("year line", written.contains("\n2023. року"));
        count("digit start", written.contains("\n10 днів"));
        count("brace start", written.contains("\n{відкрита"));
        count("labels", written.contains("\nа) "));
        count(
            "word",
            written.contains("Розділ ") || written.contains("Глава "),
        );
        count("roman", written.contains("\nII. "));
        count("notes", written.contains("\n{"));
    }
    for (k, n) in &seen {
        assert!(*n > 0, "the generator never produced: {k}");
    }
}

/// A longer run of the same property: `cargo test --test roundtrip -- --ignored`.
#[test]
#[ignore]
fn many_random_editions_round_trip() {
    let failures: Vec<String> = (0..50_000u64)
        .filter_map(|seed| {
            round_trip(&edition(seed))
                .err()
                .map(|e| format!("seed {seed}: {e}"))
        })
        .take(3)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Lines built from the characters that matter to the format: digits, dots, superscripts,
/// labels, Roman digits, unit words, TABs, braces, quotes.
fn noisy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("1".to_string()),
        Just("2".to_string()),
        Just("3".to_string()),
        Just("2023".to_string()),
        Just(".".to_string()),
        Just(". ".to_string()),
        Just("¹".to_string()),
        Just("-1".to_string()),
        Just(")".to_string()),
        Just("а".to_string()),
        Just("I".to_string()),
        Just("І".to_string()),
        Just("Х".to_string()),
        Just("Розділ ".to_string()),
        Just("Стаття ".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("«".to_string()),
        Just("Заява".to_string()),
        Just("текст".to_string()),
        Just("№ з/п".to_string()),
        Just("04.12.2023".to_string()),
    ];
    let line = prop::collection::vec(piece, 0..8).prop_map(|p| p.concat());
    prop::collection::vec(line, 0..25).prop_map(|l| l.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        rng_seed: seed::rng_seed(),
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever the input, reading does not panic, and what was read survives a round trip.
    #[test]
    fn any_text_reads_and_round_trips(input in noisy_text()) {
        let ed = read("noisy.txt", &input);
        if let Err(e) = round_trip(&ed) {
            prop_assert!(false, "input {input:?}: {e}");
        }
    }
}

/// Found by a random property run (known limitation, not yet fixed): `2.`, then a line with two
/// TABs (header-like, so the body starts at `2.` and there is no title block), then `I<TAB>{`.
/// The paragraph is stored trimmed, so the written text has no header-like line left, and the
/// reader then starts the body at the first-of-kind `I.`, putting `2.` in the title block. The
/// text format cannot express a body that starts at a unit which is not first of its kind while a
/// later one is. Run with `cargo test --test roundtrip -- --ignored`.
#[test]
#[ignore = "known limitation of the text format: see the comment"]
fn regression_note_brace_and_tabs() {
    let input = "2.\n{\t\t\nI\t{";
    let ed = read("noisy.txt", input);

    if let Err(e) = round_trip(&ed) {
        panic!("input {input:?}: {e}");
    }
}
