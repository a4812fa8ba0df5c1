//! Renderer tests: every case folder under `tests/render/` rendered as a site and compared with
//! its `expected/` files (bless with `ZMINY_BLESS=1`), plus escaping, determinism, Akoma Ntoso
//! structure and DOCX checks.

#[path = "render/support.rs"]
mod support;

use quick_xml::NsReader;
use quick_xml::events::Event;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;

/// Files kept as expectations: everything but the stand-in text/JSON writers' output; a DOCX
/// is kept as its `word/document.xml`.
fn expectations(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for (path, bytes) in files {
        if path.ends_with(".txt") || path.ends_with(".json") {
            continue;
        }
        if path.ends_with(".docx") {
            out.insert(
                format!("{path}.document.xml"),
                docx_part(bytes, "word/document.xml"),
            );
        } else {
            out.insert(path.clone(), bytes.clone());
        }
    }
    out
}

fn docx_part(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut f = zip.by_name(name).expect("part present");
    let mut out = Vec::new();
    f.read_to_end(&mut out).expect("inflate");
    out
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn cases_match_expected() {
    let bless = std::env::var_os("ZMINY_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in support::case_dirs() {
        let got = expectations(&support::site(&support::load(&dir)));
        let exp_dir = dir.join("expected");
        if bless {
            let _ = fs::remove_dir_all(&exp_dir);
            support::write_site(&got, &exp_dir);
            continue;
        }
        let want = read_tree(&exp_dir);
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        for path in want.keys().filter(|k| !got.contains_key(*k)) {
            failures.push(format!("{name}: {path} no longer rendered"));
        }
        for (path, bytes) in &got {
            match want.get(path) {
                None => failures.push(format!("{name}: {path} is new")),
                Some(w) if w != bytes => {
                    let (g, w) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(w));
                    let line = g
                        .lines()
                        .zip(w.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(g.lines().count().min(w.lines().count()));
                    failures.push(format!(
                        "{name}: {path} differs at line {}:\n  got:  {}\n  want: {}",
                        line + 1,
                        g.lines().nth(line).unwrap_or("<end>"),
                        w.lines().nth(line).unwrap_or("<end>")
                    ));
                }
                Some(_) => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(re-bless with ZMINY_BLESS=1 after reading the differences)",
        failures.join("\n")
    );
}

#[test]
fn rendering_is_byte_stable() {
    for dir in support::case_dirs() {
        let case = support::load(&dir);
        let a = support::site(&case);
        let b = support::site(&case);
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (k, v) in &a {
            assert!(b.get(k) == Some(v), "{k} differs between two renderings");
        }
        assert!(a.keys().any(|k| k.ends_with(".docx")));
    }
}

#[test]
fn everything_is_escaped() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render/escaping");
    let site = support::site(&support::load(&dir));
    let mut checked = 0;
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".md") {
            // Markdown passes raw HTML through: every `<` must be escaped.
            let raw = text
                .match_indices('<')
                .filter(|(i, _)| !text[..*i].ends_with('\\'));
            assert_eq!(raw.count(), 0, "{path} has a raw <");
            checked += 1;
        } else if path.ends_with(".html") || path.ends_with(".xml") {
            for bad in [
                "<script",
                "<img",
                "<b>положення",
                "<i>екранування",
                "</p><p> підпункт",
            ] {
                assert!(!text.contains(bad), "{path} contains raw {bad}");
            }
            checked += 1;
        }
        if path.ends_with(".docx") {
            let doc = String::from_utf8_lossy(&docx_part(bytes, "word/document.xml")).to_string();
            assert!(!doc.contains("<script"), "{path}");
            assert!(doc.contains("&lt;script&gt;"), "{path}");
        }
    }
    assert!(checked > 10);
    let current =
        String::from_utf8_lossy(&site["documents/2024-01-10-5-1/current.html"]).to_string();
    assert!(
        current.contains("Текст з &#60;script&#62;alert(&#39;y&#39;)&#60;/script&#62; &#38;"),
        "{current}"
    );
    let page = String::from_utf8_lossy(&site["decisions/2024-02-01-9/index.html"]).to_string();
    assert!(
        page.contains("«&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;»"),
        "{page}"
    );
    assert!(page.contains("Повідомлення з &#60;script&#62;"), "{page}");
}

/// What the project relies on in an Akoma Ntoso file.
fn check_akn(
    path: &str,
    xml: &str,
    textual_mods: usize,
    events: usize,
    earlier: &BTreeSet<String>,
) {
    let mut r = NsReader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut eids = BTreeSet::new();
    let mut wids = BTreeSet::new();
    let mut dests = Vec::new();
    let (mut mods, mut evts, mut root_ok) = (0, 0, false);
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("{path}: not well-formed: {e}"));
        let (start, e) = match &ev {
            Event::Start(e) => (true, e.clone()),
            Event::Empty(e) => (false, e.clone()),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.local_name().as_ref().to_string();
        if stack.is_empty() {
            let (ns, _) = r.resolver().resolve_element(e.name());
            assert_eq!(name, "akomaNtoso", "{path}");
            assert!(
                format!("{ns:?}").contains("http://docs.oasis-open.org/legaldocml/ns/akn/3.0"),
                "{path}: namespace {ns:?}"
            );
            root_ok = true;
        }
        if stack.len() == 1 {
            assert!(name == "act" || name == "doc", "{path}: {name}");
        }
        for a in e.attributes().flatten() {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|c| c.to_string())
                .unwrap_or_default();
            match a.key.as_ref() {
                "eId" => assert!(eids.insert(v.clone()), "{path}: duplicate eId {v}"),
                "wId" => assert!(wids.insert(v.clone()), "{path}: duplicate wId {v}"),
                "href" if name == "destination" => dests.push(v),
                _ => {}
            }
        }
        if name == "textualMod" {
            mods += 1;
        }
        if name == "eventRef" {
            evts += 1;
        }
        if start {
            stack.push(name);
        }
    }
    assert!(root_ok && stack.is_empty(), "{path}");
    assert_eq!(mods, textual_mods, "{path}: one textualMod per change");
    assert_eq!(evts, events, "{path}: one eventRef per decision");
    for d in dests {
        match d.split_once('#') {
            Some(("", id)) => assert!(eids.contains(id), "{path}: {d}"),
            // A unit no longer in this edition: its eId in an earlier expression.
            Some((uri, id)) => {
                assert!(uri.contains("/ukr@") && earlier.contains(id), "{path}: {d}")
            }
            None => assert!(d.ends_with("/!main"), "{path}: {d}"),
        }
    }
}

#[test]
fn akoma_ntoso_structure() {
    for dir in support::case_dirs() {
        let case = support::load(&dir);
        let site = support::site(&case);
        for doc in &case.docs {
            let slug = zminy::render::label::doc_slug(&doc.id);
            let stems: Vec<String> =
                zminy::render::label::edition_stems(&doc.editions.iter().collect::<Vec<_>>());
            for (i, e) in doc.editions.iter().enumerate() {
                let path = format!("documents/{slug}/editions/{}.xml", stems[i]);
                let xml = String::from_utf8_lossy(&site[&path]).to_string();
                let mods: usize = doc.changes.iter().take(i + 1).map(Vec::len).sum();
                let earlier: BTreeSet<String> = doc.editions[..i]
                    .iter()
                    .flat_map(|e| zminy::render::label::eids(e).into_values())
                    .collect();
                check_akn(&path, &xml, mods, e.decisions.len(), &earlier);
                assert!(xml.contains(&format!(
                    "/ukr@{}",
                    e.as_of.map(|d| d.iso()).unwrap_or_default()
                )));
            }
        }
    }
}

#[test]
fn diffs_pair_renumbered_units() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render/kryvyi-rih");
    let site = support::site(&support::load(&dir));
    let d = String::from_utf8_lossy(&site["decisions/2023-12-04-1460/2023-03-22-326-1.diff.html"])
        .to_string();
    for k in 2..=12 {
        assert!(
            d.contains(&format!("п. 5.{k} → 5.{}", k + 3)),
            "5.{k} paired"
        );
    }
    assert!(!d.contains("виключено"), "nothing shown as deleted");
    assert!(
        d.contains("<del>місцевих органів виконавчої влади та </del>"),
        "{d}"
    );
    assert!(d.contains("<ins>технічного захисту інформації та </ins>"));
    // The classifier's table lists exactly the changed rows: 3 inserted, 3 restated, 2 renumbered.
    let t = String::from_utf8_lossy(&site["decisions/2023-12-04-1460/2023-03-22-326-2.table.html"])
        .to_string();
    let rows = t.matches("<tr><td>").count();
    assert_eq!(rows, 8, "{t}");
    assert_eq!(t.matches("Положення відсутнє").count(), 3);
}

#[test]
fn docx_is_a_word_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render/kryvyi-rih");
    let site = support::site(&support::load(&dir));
    let path = "decisions/2023-12-04-1460/2023-03-22-326-2.table.docx";
    let bytes = &site[path];
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).expect("zip");
    let names: BTreeSet<String> = zip.file_names().flatten().map(|n| n.to_string()).collect();
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "docProps/core.xml",
    ] {
        assert!(names.contains(part), "{part}");
    }
    for i in 0..zip.len() {
        let f = zip.by_index(i).expect("entry");
        let t = f.last_modified().expect("dated");
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
    }
    for part in &names {
        let xml = String::from_utf8(docx_part(bytes, part)).expect("utf-8");
        let mut r = quick_xml::Reader::from_str(&xml);
        while !matches!(
            r.read_event().unwrap_or_else(|e| panic!("{part}: {e}")),
            Event::Eof
        ) {}
    }
    // LibreOffice, when installed, must open it.
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipping the LibreOffice check: soffice not found");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let docx = tmp.path().join("table.docx");
    fs::write(&docx, bytes).expect("write");
    let out = std::process::Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(tmp.path())
        .arg(&docx)
        .env("HOME", tmp.path())
        .output()
        .expect("soffice runs");
    let pdf = tmp.path().join("table.pdf");
    // Keep the files for a person to look at, like the browser test's screenshots.
    if let Some(dir) = std::env::var_os("ZMINY_SCREENSHOT_DIR") {
        let dir = Path::new(&dir);
        let _ = fs::create_dir_all(dir);
        let _ = fs::copy(&docx, dir.join("table-1460.docx"));
        let _ = fs::copy(&pdf, dir.join("table-1460.pdf"));
    }
    assert!(
        pdf.exists() && fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0) > 1000,
        "LibreOffice did not convert the DOCX: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The values of an attribute in HTML text.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.split(pat.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect()
}

/// Resolve `rel` against the folder of `page` (both relative to the output root).
fn resolve(page: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn every_link_resolves() {
    for dir in support::case_dirs() {
        let site = support::site(&support::load(&dir));
        let ids: BTreeMap<&String, BTreeSet<String>> = site
            .iter()
            .filter(|(k, _)| k.ends_with(".html"))
            .map(|(k, v)| {
                (
                    k,
                    attr_values(&String::from_utf8_lossy(v), "id")
                        .into_iter()
                        .collect(),
                )
            })
            .collect();
        for (page, page_ids) in &ids {
            let html = String::from_utf8_lossy(&site[*page]).to_string();
            for href in attr_values(&html, "href") {
                let (path, frag) = href.split_once('#').unwrap_or((&href, ""));
                let target = if path.is_empty() {
                    page.to_string()
                } else {
                    resolve(page, path)
                };
                assert!(
                    site.contains_key(&target),
                    "{page}: {href} → {target} does not exist"
                );
                if !frag.is_empty() {
                    let known = if path.is_empty() {
                        Some(page_ids)
                    } else {
                        ids.get(&target)
                    };
                    assert!(
                        known.is_some_and(|s| s.contains(frag)),
                        "{page}: {href} → no id {frag} in {target}"
                    );
                }
            }
        }
    }
}
