//! Properties of resolve and apply on the real decision 1460 and the reconstructed editions:
//! the result does not depend on the order the items are written in, and applying is
//! deterministic.

#[path = "support/seed.rs"]
mod seed;

use proptest::prelude::*;
use zminy::history::{self};
use zminy::ir::{Content, DecisionRef, Edition, Instruction, Op};
use zminy::resolve::{self, Input};

struct Fixture {
    corpus: zminy::corpus::Corpus,
    before: Vec<(String, Edition)>,
}

fn fixture() -> Fixture {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decisions");
    let (corpus, _) = zminy::corpus::load(&root).expect("corpus");
    let r = history::replay(&corpus);
    let before = r
        .documents
        .iter()
        .map(|(id, h)| (id.clone(), h.editions[0].clone()))
        .collect();
    Fixture { corpus, before }
}

/// Resolve and apply 1460's instructions for each document in the given order.
fn run(f: &Fixture, order: &[usize]) -> Vec<Edition> {
    let e = f.corpus.find("1460").expect("1460");
    let all: Vec<&Instruction> = order.iter().map(|&i| &e.decision.instructions[i]).collect();
    let docs: Vec<(String, String)> = f
        .before
        .iter()
        .map(|(id, ed)| (id.clone(), ed.title_line()))
        .collect();
    let mut out = Vec::new();
    for (id, ed) in &f.before {
        let mine: Vec<&Instruction> = all
            .iter()
            .copied()
            .filter(|ins| {
                resolve::match_document(&ins.document.words, &docs)
                    .first()
                    .is_some_and(|d| &d.0 == id)
            })
            .collect();
        let input = Input {
            decision: &e.decision,
            decision_ref: DecisionRef {
                id: e.id.clone(),
                date: e.date,
                number: e.number.clone(),
            },
            source: Some(&e.source),
            edition: ed,
            instructions: mine.clone(),
            appendix: mine
                .iter()
                .any(|i| {
                    matches!(
                        &i.op,
                        Op::Restate {
                            content: Content::Appendix(_),
                            ..
                        } | Op::InsertUnits {
                            content: Content::Appendix(_),
                            ..
                        }
                    )
                })
                .then(|| &e.appendices[&1]),
        };
        let (plan, diags) = resolve::resolve(&input);
        let plan = plan.unwrap_or_else(|| panic!("{diags:?}"));
        out.push(zminy::apply::apply(ed, &plan).expect("applies").edition);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { rng_seed: seed::rng_seed(), ..ProptestConfig::with_cases(48) })]

    #[test]
    fn item_order_does_not_matter(seed in any::<u64>()) {
        let f = fixture();
        let n = f.corpus.find("1460").unwrap().decision.instructions.len();
        let natural: Vec<usize> = (0..n).collect();
        // A deterministic shuffle from the seed.
        let mut order = natural.clone();
        let mut s = seed | 1;
        for i in (1..n).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            order.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(run(&f, &natural), run(&f, &order));
    }
}

#[test]
fn applying_is_deterministic() {
    let f = fixture();
    let order: Vec<usize> =
        (0..f.corpus.find("1460").unwrap().decision.instructions.len()).collect();
    let a = run(&f, &order);
    let b = run(&f, &order);
    assert_eq!(a, b);
    let texts: Vec<String> = a.iter().map(zminy::render::text::text).collect();
    let again: Vec<String> = b.iter().map(zminy::render::text::text).collect();
    assert_eq!(texts, again);
}
