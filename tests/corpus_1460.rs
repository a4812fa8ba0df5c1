//! The shipped corpus through decision 1460: every relation decision-1460.md asks of the
//! editions after it, checked unit by unit on stable ids (not by re-reading the output).

use std::collections::BTreeMap;
use zminy::history::{self, DocHistory, Replay};
use zminy::ir::{Edition, Number, Unit, UnitId};
use zminy::parse::fragment;

fn replay() -> (zminy::corpus::Corpus, Replay) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decisions");
    let (corpus, diags) = zminy::corpus::load(&root).expect("corpus loads");
    assert!(!zminy::ir::has_errors(&diags), "{diags:?}");
    let r = history::replay(&corpus);
    let errors: Vec<String> = r
        .diagnostics()
        .filter(|d| d.is_error())
        .map(|d| d.render(zminy::ir::Lang::En))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    (corpus, r)
}

fn n(s: &str) -> Number {
    Number::parse(s).expect("number")
}

fn by_number<'a>(e: &'a Edition, num: &str) -> Vec<&'a Unit> {
    e.units
        .iter()
        .filter(|u| u.number == n(num))
        .map(|u| &**u)
        .collect()
}

fn one<'a>(e: &'a Edition, num: &str) -> &'a Unit {
    let v = by_number(e, num);
    assert_eq!(v.len(), 1, "exactly one unit {num}");
    v[0]
}

fn doc<'a>(r: &'a Replay, key: &str) -> &'a DocHistory {
    r.find(key).expect("document")
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('’', "'")
}

#[test]
fn regulation_after_1460() {
    let (_, r) = replay();
    let h = doc(&r, "регламент");
    assert_eq!(h.editions.len(), 2);
    let (old, new) = (&h.editions[0], &h.editions[1]);
    let by_id: BTreeMap<UnitId, &Unit> = new.units.iter().map(|u| (u.id, &**u)).collect();

    // 1.1 lost exactly its phrase.
    let o11 = one(old, "1.1").head().to_string();
    let n11 = one(new, "1.1").head().to_string();
    assert_eq!(
        n11,
        o11.replace("місцевих органів виконавчої влади та ", "")
    );
    assert!(!n11.contains("  "));

    // 5.1 ends with one comma, one space, one stop.
    let p51 = one(new, "5.1").head();
    assert!(
        p51.ends_with("телефону, отримує згоду на обробку персональних даних."),
        "{p51}"
    );
    assert_eq!(p51.matches("..").count(), 0);

    // New 5.5–5.15 are the old 5.2–5.12, unchanged, by stable id.
    for k in 2..=12 {
        let o = one(old, &format!("5.{k}"));
        let moved = by_id.get(&o.id).expect("old unit survives");
        assert_eq!(moved.number, n(&format!("5.{}", k + 3)));
        assert_eq!(moved.paras, o.paras, "5.{k} text unchanged");
    }
    // 5.2–5.4 are the quoted texts (spaces folded).
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("decisions/2023-12-04-1460/decision.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = seed.lines().collect();
    let quote = [lines[27], lines[29], lines[31]].join("\n");
    let quote = quote.trim_start_matches('«');
    let quote = &quote[..quote.rfind('»').unwrap()];
    let frag = fragment::fragment(&zminy::ir::Source::from_text("q", quote), false);
    for (k, f) in (2..=4).zip(&frag.units) {
        let u = one(new, &format!("5.{k}"));
        assert!(old.unit(u.id).is_none(), "5.{k} is new");
        assert_eq!(fold(u.head()), fold(&f.paras.join(" ")));
        assert!(!u.head().contains("  "));
    }
    assert_eq!(by_number(new, "5.16").len(), 0);

    // 10.2.4: the new name in the instrumental, as the old one stood.
    let s = one(new, "10.2.4").head();
    assert!(s.contains("здійснюються управлінням технічного захисту інформації та інформаційно-комунікаційних технологій виконкому Криворізької міської ради."), "{s}");
    // The trap: the department named elsewhere is untouched (1.1.4 is scoped to 10.2.4).
    for u in &old.units {
        if u.number != n("10.2.4") && u.head().contains("інформаційно-комунікаційних")
        {
            assert_eq!(by_id[&u.id].paras, u.paras, "{} must stay", u.number);
        }
    }

    // Section «Організація …» is 3, and no two sections share a number.
    let sections: Vec<&Unit> = new
        .units
        .iter()
        .filter(|u| u.parent.is_none())
        .map(|u| &**u)
        .collect();
    let org = sections
        .iter()
        .find(|u| u.head().starts_with("Організація роботи"))
        .unwrap();
    assert_eq!(org.number, n("3"));
    let mut nums: Vec<&Number> = sections.iter().map(|u| &u.number).collect();
    let len = nums.len();
    nums.dedup();
    assert_eq!(nums.len(), len);
    assert!(nums.windows(2).all(|w| w[0] < w[1]), "sections in order");

    // Every other unit is untouched (text and number), notes aside.
    let touched = ["1.1", "5.1", "10.2.4"];
    for u in &old.units {
        let Some(m) = by_id.get(&u.id) else {
            panic!("unit {} lost", u.number)
        };
        if touched.contains(&u.number.to_string().as_str()) {
            continue;
        }
        assert_eq!(m.paras, u.paras, "unit {} text", u.number);
    }
}

#[test]
fn classifier_after_1460() {
    let (corpus, r) = replay();
    let h = doc(&r, "класифікатор");
    let (old, new) = (&h.editions[0], &h.editions[1]);
    let by_id: BTreeMap<UnitId, &Unit> = new.units.iter().map(|u| (u.id, &**u)).collect();
    let moved = |from: &str, to: &str| {
        let o = one(old, from);
        let m = by_id
            .get(&o.id)
            .unwrap_or_else(|| panic!("{from} survives"));
        assert_eq!(m.number, n(to), "{from} → {to}");
        assert_eq!(m.paras, o.paras, "{from} keeps its text");
    };
    moved("3.32", "3.34");
    for k in 3..=15 {
        moved(&format!("25.{k}"), &format!("25.{}", k + 1));
    }
    moved("25.16", "25.18");
    moved("25.17", "25.19");
    moved("22.4.11", "22.4.15");
    moved("22.5.54", "22.5.56");

    // New and restated rows come from the appendix, untouched rows are untouched.
    let entry = corpus.find("1460").unwrap();
    let app = fragment::fragment(&entry.appendices[&1], true);
    let app: BTreeMap<String, Vec<String>> = app
        .units
        .iter()
        .map(|u| (u.number.to_string(), u.paras.clone()))
        .collect();
    let new_rows = [
        "3.32", "3.33", "22.4.11", "22.4.12", "22.4.13", "22.4.14", "22.5.54", "22.5.55", "25.3",
        "25.17", "34.4",
    ];
    let restated = [
        "3.1", "3.16", "34.2", "22.1.8", "22.2.1", "22.2.2", "22.2.3", "22.2.4", "22.2.5",
        "22.2.8", "22.3.11", "22.4.1", "22.4.8",
    ];
    for num in new_rows {
        let u = one(new, num);
        assert!(old.unit(u.id).is_none(), "{num} is new");
        assert_eq!(&u.paras, &app[num], "{num} from the appendix");
    }
    for num in restated {
        let u = one(new, num);
        assert_eq!(u.id, one(old, num).id, "{num} is the same unit");
        assert_eq!(&u.paras, &app[num], "{num} restated from the appendix");
    }
    assert_eq!(
        app.len(),
        new_rows.len() + restated.len(),
        "every appendix row used"
    );
    assert!(by_number(new, "22.4.16").is_empty());
    let changed: Vec<&str> = restated.to_vec();
    for u in &old.units {
        let key = u.number.to_string();
        if changed.contains(&key.as_str()) {
            continue;
        }
        assert_eq!(by_id[&u.id].paras, u.paras, "row {key} untouched");
    }
    assert_eq!(new.units.len(), old.units.len() + new_rows.len());

    // The diagnostics explain the 25.x gap rule and the 22.4.15 double claim.
    let diags: Vec<&zminy::ir::Diagnostic> = r.diagnostics().collect();
    assert!(
        diags
            .iter()
            .any(|d| d.code == "Z409" && d.message.uk.contains("25.17")),
        "gap rule explained"
    );
    assert!(
        diags.iter().any(|d| d.code == "Z411"
            && d.message.uk.contains("22.4.15")
            && d.message.uk.contains("1.2.1.2")
            && d.message.uk.contains("1.2.3")),
        "double claim explained"
    );
}

#[test]
fn point_in_time() {
    let (_, r) = replay();
    let h = doc(&r, "регламент");
    let d = |s: &str| zminy::ir::Date::parse_iso(s);
    assert!(
        h.at(d("2023-03-21")).is_none(),
        "before the document existed"
    );
    assert_eq!(h.at(d("2023-12-03")).map(|e| e.decisions.len()), Some(1));
    assert_eq!(h.at(d("2023-12-04")).map(|e| e.decisions.len()), Some(2));
    assert_eq!(h.at(d("2030-01-01")).map(|e| e.decisions.len()), Some(2));
}

#[test]
fn replay_is_deterministic() {
    let (_, a) = replay();
    let (_, b) = replay();
    for (id, h) in &a.documents {
        let g = &b.documents[id];
        assert_eq!(h.editions, g.editions);
        assert_eq!(h.changes, g.changes);
    }
}
