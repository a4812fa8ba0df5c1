//! Draft: case folders (`tests/draft/<case>/{before.txt, after.txt, expected.txt}`), decision
//! 1460 reversed, and the round-trip property on the shipped and generated editions.

use std::path::Path;
use zminy::corpus;
use zminy::draft::{self, Act, DocChange, Draft, Options};
use zminy::history;
use zminy::ir::{Date, Diagnostic, Edition, Lang};

fn act() -> Act {
    Act {
        body: Some("ВИКОНАВЧИЙ КОМІТЕТ".into()),
        place: Some("м. Кривий Ріг".into()),
        date: Date {
            year: 2023,
            month: 3,
            day: 22,
        },
        number: "326".into(),
        title: Some("Про затвердження Регламенту роботи електронного сервісу Контакт-центр виконкому Криворізької міської ради та Класифікатора основних заявок".into()),
    }
}

fn opts() -> Options {
    Options {
        limits: Default::default(),
        act: act(),
        date: Some(Date {
            year: 2024,
            month: 1,
            day: 15,
        }),
        number: Some("12".into()),
        as_amended: true,
    }
}

fn render_errs(e: &[Diagnostic]) -> String {
    e.iter().map(|d| d.render(Lang::En)).collect()
}

/// The editions of the shipped corpus: (title, before 1460, after 1460) per document.
fn shipped() -> Vec<(String, Edition, Edition)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("decisions");
    let (c, _) = corpus::load(&root).expect("corpus");
    let r = history::replay(&c);
    r.documents
        .values()
        .map(|h| {
            (
                h.title.clone(),
                h.editions[0].clone(),
                h.editions[1].clone(),
            )
        })
        .collect()
}

#[test]
fn decision_1460_reversed() {
    let docs = shipped();
    let changes: Vec<DocChange> = docs
        .iter()
        .map(|(t, b, a)| DocChange {
            before: b,
            after: a,
            title: t,
        })
        .collect();
    let d: Draft = match draft::draft(&changes, &opts()) {
        Ok(d) => d,
        Err(e) => panic!("{}", render_errs(&e)),
    };
    println!("{}", d.items);
    if let Some(a) = &d.appendix {
        println!("{a}");
    }
    println!("{:?}", d.stats);
}
