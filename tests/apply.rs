//! Resolve-and-apply case folders: `tests/apply/<case>/` holds `edition.txt` (the edition in
//! force, in the contract's text format), `decision.txt`, optionally `appendix.txt`, and
//! `expected.txt`: the diagnostics, then the new edition in the canonical text format (or
//! «REFUSED»), then the change log. Bless with `ZMINY_BLESS=1`, then read what changed.

use std::collections::BTreeSet;
use std::path::Path;
use zminy::apply;
use zminy::ir::{DecisionRef, Diagnostic, Edition, Lang, Severity, Source, UnitId};
use zminy::parse;
use zminy::render;
use zminy::render::label;
use zminy::render::timeline::Timeline;
use zminy::resolve::{self, Input};

/// Run one case: its actual output, and the editions before and after when it applied.
fn run_case(dir: &Path) -> (String, Option<(Edition, Edition)>) {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    let edition_src = Source::from_text("edition.txt", read("edition.txt").expect("edition.txt"));
    let decision_src =
        Source::from_text("decision.txt", read("decision.txt").expect("decision.txt"));
    let appendix_src = read("appendix.txt").map(|t| Source::from_text("appendix.txt", t));
    let (edition, mut diags) = parse::document(&edition_src, "test/1");
    diags.retain(|d| d.severity == Severity::Error);
    let (decision, pdiags) = parse::decision(&decision_src, "test-decision");
    let mut out: Vec<Diagnostic> = diags;
    out.extend(pdiags);
    let dref = DecisionRef {
        id: "test-decision".into(),
        date: decision.date.unwrap_or(zminy::ir::Date {
            year: 2024,
            month: 1,
            day: 15,
        }),
        number: decision.number.clone().unwrap_or_else(|| "1".into()),
    };
    let mut result = String::new();
    let mut pair = None;
    if !zminy::ir::has_errors(&out) {
        let input = Input {
            decision: &decision,
            decision_ref: dref,
            source: Some(&decision_src),
            edition: &edition,
            instructions: decision.instructions.iter().collect(),
            appendix: appendix_src.as_ref(),
        };
        let (plan, rdiags) = resolve::resolve(&input);
        out.extend(rdiags);
        if let Some(plan) = plan {
            match apply::apply(&edition, &plan) {
                Ok(a) => {
                    out.extend(a.diagnostics);
                    result.push_str(&render::text::text(&a.edition));
                    result.push_str("=== changes\n");
                    for c in &a.changes {
                        let units: Vec<String> = c
                            .units
                            .iter()
                            .map(|u| {
                                a.edition
                                    .unit(*u)
                                    .or_else(|| edition.unit(*u))
                                    .map_or(format!("#{}", u.0), |x| x.number.to_string())
                            })
                            .collect();
                        result.push_str(&format!(
                            "{} {} {:?}: {}\n",
                            c.item,
                            c.op,
                            c.kind,
                            units.join(", ")
                        ));
                    }
                    pair = Some((edition.clone(), a.edition));
                }
                Err(errs) => out.extend(errs),
            }
        }
    }
    if result.is_empty() {
        result.push_str("REFUSED\n");
    }
    let mut s = String::from("=== diagnostics\n");
    for d in &out {
        s.push_str(&d.render(Lang::Uk));
    }
    s.push_str("=== edition\n");
    s.push_str(&result);
    (s, pair)
}

fn case_dirs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apply");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/apply")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// What the renderer's timeline answers for every unit and edition equals what a scan of the
/// editions gives (`label::number_anchors`, the unit's wording, `label::eids` of the newest
/// earlier edition that had a unit that is gone).
fn check_timeline(eds: &[&Edition]) -> Result<(), String> {
    let t = Timeline::new(eds);
    let ids: BTreeSet<UnitId> = eds
        .iter()
        .flat_map(|e| e.units.iter().map(|u| u.id))
        .collect();
    for (j, e) in eds.iter().enumerate() {
        let anchors = label::number_anchors(e);
        for &id in &ids {
            let want = anchors.get(&id).map(String::as_str);
            if t.anchor_at(id, j) != want {
                return Err(format!(
                    "edition {j}, unit {id:?}: anchor {:?}, want {want:?}",
                    t.anchor_at(id, j)
                ));
            }
            let last = t.wordings(id, j).last().and_then(|(_, u)| u);
            let now = e.unit(id);
            let same = match (last, now) {
                (Some(a), Some(b)) => a.number == b.number && a.paras == b.paras,
                (None, None) => true,
                _ => false,
            };
            if !same {
                return Err(format!("edition {j}, unit {id:?}: wording differs"));
            }
            let want_gone = if now.is_some() {
                None
            } else {
                (0..j)
                    .rev()
                    .find(|&k| eds[k].unit(id).is_some())
                    .map(|k| (k, label::eids(eds[k]).get(&id).cloned().unwrap_or_default()))
            };
            let gone = t.gone_eid(id, j).map(|(k, s)| (k, s.to_string()));
            if now.is_none() && gone != want_gone {
                return Err(format!(
                    "edition {j}, unit {id:?}: gone {gone:?}, want {want_gone:?}"
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn timeline_matches_a_scan_of_the_editions() {
    let mut checked = 0;
    for dir in case_dirs() {
        let Some((before, after)) = run_case(&dir).1 else {
            continue;
        };
        // The change, and back and forth (units that disappear and come back).
        for eds in [
            vec![&before, &after],
            vec![&before, &after, &before],
            vec![&after, &before, &after],
        ] {
            if let Err(e) = check_timeline(&eds) {
                panic!("{}: {e}", dir.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} histories checked");
}

#[test]
fn apply_cases() {
    let bless = std::env::var_os("ZMINY_BLESS").is_some();
    let dirs = case_dirs();
    assert!(
        dirs.len() >= 10,
        "expected the case folders under tests/apply"
    );
    let mut failed = Vec::new();
    for dir in &dirs {
        let (actual, _) = run_case(dir);
        let exp_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&exp_path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&exp_path).unwrap_or_default();
        if expected != actual {
            let diff = similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .header("expected", "actual")
                .to_string();
            failed.push(format!("--- case {}\n{diff}", dir.display()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases differ (ZMINY_BLESS=1 to accept):\n{}",
        failed.len(),
        dirs.len(),
        failed.join("\n")
    );
}
