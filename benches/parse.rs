//! Benchmark of the decision grammar: a generated decision with many items of every formula
//! (unit words, ordinals and verb synonyms drawn from `grammars/vocabulary/`), reported as
//! instructions per second and bytes per second.

use divan::counter::{BytesCount, ItemsCount};
use zminy::ir::Source;
use zminy::parse::decision;

fn main() {
    divan::main();
}

/// One item per formula of the catalogue; `{n}` is replaced by a varying number.
const TEMPLATES: &[&str] = &[
    "у пункті {n}.1 слова «трьох робочих днів» замінити словами «двох робочих днів»;",
    "у тексті Регламенту слова «відділ звернень» в усіх відмінках замінити словами «управління звернень» у відповідному відмінку;",
    "замінити в розділі {n} пункті {n}.2.4 назву виконавчого органу з «управління освіти» на «департамент освіти» у відповідному відмінку;",
    "у пункті {n}.1 слова «A» замінити словами «B», а слова «C» – словами «D»;",
    "пункт {n}.2 після слів «заявника» доповнити словами «або його представника»;",
    "пункт {n}.1 доповнити фразою «, отримує згоду.»;",
    "пункт {n} доповнити реченням такого змісту: «Строк може бути продовжено.»;",
    "у пункті {n}.1 слова «місцевих органів» виключити;",
    "виключити в розділі {n} пункті {n}.1 фразу «виконавчої влади та»;",
    "пункт {n}.3 викласти в такій редакції: «{n}.3. Заявки реєструються в день надходження.»;",
    "викласти в новій редакції пункти {n}.1, {n}.16, підпункти {n}.1.8, {n}.2.1–{n}.2.5 (додаток);",
    "розділ {n} доповнити пунктом {n}.4 такого змісту: «{n}.4. Оператор веде журнал.»;",
    "розділ {n} підпунктами {n}.4.11({n}.4.15, {n}.5.54, {n}.5.55;",
    "абзац третій пункту {n}.2 виключити;",
    "пункти {n}.5–{n}.7 вважати відповідно пунктами {n}.4–{n}.6;",
    "в абзаці другому пункту {n}.2 розділу {n} слово «завжди» виключити;",
    "у графі «Строк виконання» рядка {n} цифри «10» замінити цифрами «5»;",
    "визнати таким, що втратив чинність, пункт {n} рішення виконкому міської ради від 12.05.2020 № 210;",
];

/// A decision with `n` items, every formula in turn, each under a numbered frame.
fn generate(n: usize) -> String {
    let verbs = &zminy::parse::decision::vocab::VOCAB.verbs;
    let insert_synonyms: Vec<&str> = ["доповнити", "додати"]
        .into_iter()
        .filter(|v| verbs.contains_key(*v))
        .collect();
    let mut out = String::from(
        "ВИКОНАВЧИЙ КОМІТЕТ\nРІШЕННЯ\n\t04.12.2023\n\tм. Кривий Ріг\n\t№ 1\nПро внесення змін\nвиконком міської ради вирішив:\n1. Внести до рішення виконкому міської ради від 22.03.2023 № 326 «Про затвердження Регламенту» такі зміни:\n",
    );
    for i in 0..n {
        let t = TEMPLATES[i % TEMPLATES.len()];
        let mut line = t.replace("{n}", &(i % 90 + 1).to_string());
        if line.starts_with("розділ") && line.contains("підпунктами") {
            // Needs a carried verb: write it out.
            let v = insert_synonyms[i % insert_synonyms.len().max(1)];
            line = line.replacen(" підпунктами", &format!(" {v} підпунктами"), 1);
        }
        // Labels stay within three digits a level: a scope line every 900 items.
        let (k, m) = (i / 900 + 1, i % 900 + 1);
        if m == 1 {
            out.push_str(&format!(
                "1.{k} у Регламенті роботи електронного сервісу:\n"
            ));
        }
        out.push_str(&format!("1.{k}.{m} {line}\n"));
    }
    out.push_str("2. Контроль за виконанням рішення покласти на заступника міського голови.\n");
    out
}

#[divan::bench(args = [1_000, 20_000])]
fn parse(bencher: divan::Bencher, n: usize) {
    let src = Source::from_text("bench", generate(n));
    let (d, diags) = decision(&src, "bench");
    assert!(
        !zminy::ir::has_errors(&diags),
        "the generated decision parses cleanly: {:?}",
        diags.iter().find(|d| d.is_error())
    );
    assert_eq!(d.instructions.len(), n);
    bencher
        .counter(BytesCount::new(src.text.len()))
        .counter(ItemsCount::new(d.instructions.len()))
        .bench(|| decision(divan::black_box(&src), "bench"));
}
