//! The command line as users and CI run it: exit codes, what is printed, what is (not) written.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn zminy() -> Command {
    Command::cargo_bin("zminy").expect("binary")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn show_base_regulation_as_json() {
    let out = zminy()
        .current_dir(root())
        .args([
            "show",
            "регламент",
            "--at",
            "2023-12-03",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(v["document"], "2023-03-22-326/1");
    assert_eq!(v["as_of"], "2023-03-22");
    assert_eq!(v["decisions"][0]["number"], "326");
    let units = v["units"].as_array().unwrap();
    let sections: Vec<&serde_json::Value> =
        units.iter().filter(|u| u["parent"].is_null()).collect();
    let numbers: Vec<&str> = sections
        .iter()
        .map(|u| u["number"].as_str().unwrap())
        .collect();
    assert_eq!(&numbers[..4], ["1", "2", "2", "4"], "the base text's slip");
    let p11 = units.iter().find(|u| u["number"] == "1.1").unwrap();
    assert!(
        p11["text"]
            .as_str()
            .unwrap()
            .contains("місцевих органів виконавчої влади та")
    );
    assert_eq!(p11["kind"], "point");
}

#[test]
fn show_classifier_as_json_and_newest_text() {
    let out = zminy()
        .current_dir(root())
        .args([
            "show",
            "класифікатор",
            "--at",
            "2023-12-03",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let units = v["units"].as_array().unwrap();
    assert!(
        units
            .iter()
            .any(|u| u["number"] == "22.5.54" && u["kind"] == "row")
    );
    assert!(
        units
            .iter()
            .any(|u| u["number"] == "22" && u["kind"] == "heading_row")
    );
    let text = zminy()
        .current_dir(root())
        .args(["show", "класифікатор"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("\n25.19\t"));
    assert!(
        text.contains("{Пункти 25.3–25.17 вважати відповідно пунктами 25.4–25.16, 25.18, 25.19")
    );
}

#[test]
fn show_before_the_document_existed_is_an_error() {
    zminy()
        .current_dir(root())
        .args(["show", "регламент", "--at", "2023-01-01"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("22.03.2023"));
    zminy()
        .current_dir(root())
        .args(["show", "положення"])
        .assert()
        .code(2);
    zminy()
        .current_dir(root())
        .args(["show", "регламент", "--at", "01.01.2024"])
        .assert()
        .code(2);
}

#[test]
fn parse_the_seed() {
    let out = zminy()
        .current_dir(root())
        .args([
            "parse",
            "decisions/2023-12-04-1460/decision.txt",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["decision"]["date"], "2023-12-04");
    assert_eq!(v["decision"]["number"], "1460");
    assert_eq!(v["decision"]["amends"][0]["number"], "326");
    let items: Vec<&str> = v["instructions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        items,
        [
            "1.1.1", "1.1.2.1", "1.1.2.2", "1.1.3.1", "1.1.3.2", "1.1.4", "1.2.1.1", "1.2.1.2",
            "1.2.1.3", "1.2.1.4", "1.2.2", "1.2.3"
        ]
    );
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] != "error")
    );
    zminy()
        .current_dir(root())
        .args(["parse", "decisions/2023-12-04-1460/decision.txt"])
        .assert()
        .success();
    zminy()
        .current_dir(root())
        .args([
            "--lang",
            "en",
            "parse",
            "decisions/2023-12-04-1460/decision.txt",
        ])
        .assert()
        .success();
}

#[test]
fn bad_input_is_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.txt");
    std::fs::write(
        &garbage,
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0, 7, 8].repeat(50),
    )
    .unwrap();
    zminy()
        .args(["parse"])
        .arg(&garbage)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("garbage.txt"));
    let docx = dir.path().join("truncated.docx");
    std::fs::write(&docx, b"PK\x03\x04\x14\x00\x00\x00\x08\x00").unwrap();
    zminy()
        .args(["parse"])
        .arg(&docx)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("truncated.docx"));
    zminy()
        .args(["parse", "/nonexistent/decision.txt"])
        .assert()
        .code(2);
}

#[test]
fn check_reports_the_corpus() {
    zminy()
        .current_dir(root())
        .args(["check"])
        .assert()
        .success()
        .stdout(predicates::str::contains("2023-03-22-326/1"))
        .stdout(predicates::str::contains("2023-12-04-1460"));
}

#[test]
fn build_check_and_atomic_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("decisions");
    let out = dir.path().join("output");
    copy_dir(&root().join("decisions"), &corpus);
    zminy()
        .arg("build")
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    zminy()
        .arg("build")
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .arg("--check")
        .assert()
        .success();
    // The shipped output/ is what the build writes.
    zminy()
        .current_dir(root())
        .args(["build", "--check"])
        .assert()
        .success();

    // One character of a base text changed: --check names the files and writes nothing.
    let base = corpus.join("2023-03-22-326/appendix-1.txt");
    let text = std::fs::read_to_string(&base)
        .unwrap()
        .replacen("цілодобово", "щодоби", 1);
    std::fs::write(&base, text).unwrap();
    let before = std::fs::read(out.join("documents/2023-03-22-326-1/current.txt")).unwrap();
    zminy()
        .arg("build")
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .arg("--check")
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "documents/2023-03-22-326-1/current.txt",
        ));
    assert_eq!(
        std::fs::read(out.join("documents/2023-03-22-326-1/current.txt")).unwrap(),
        before
    );

    // A decision with an error: nothing written, exit 1.
    let dec = corpus.join("2023-12-04-1460/decision.txt");
    let text = std::fs::read_to_string(&dec)
        .unwrap()
        .replace("пункті 1.1 фразу", "пункті 1.9 фразу");
    std::fs::write(&dec, text).unwrap();
    zminy()
        .arg("build")
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("1.1.1"))
        .stderr(predicates::str::contains("decision.txt:20"));
    assert_eq!(
        std::fs::read(out.join("documents/2023-03-22-326-1/current.txt")).unwrap(),
        before
    );
}

#[test]
fn diff_and_table() {
    let out = zminy()
        .current_dir(root())
        .args(["diff", "регламент", "--decision", "1460"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let diff = String::from_utf8(out).unwrap();
    assert!(diff.contains("+5.5. Заявка реєструється"));
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("t.docx");
    zminy()
        .current_dir(root())
        .args(["diff", "класифікатор", "--decision", "1460", "--out"])
        .arg(&docx)
        .assert()
        .success();
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    zminy()
        .current_dir(root())
        .args(["diff", "регламент", "--decision", "326"])
        .assert()
        .code(2);
    zminy()
        .current_dir(root())
        .args(["diff", "регламент", "--decision", "9999"])
        .assert()
        .code(2);
}

#[test]
fn commencement_decides_the_point_in_time() {
    let corpus = root().join("tests/corpora/commencement");
    let show = |at: &str| {
        let out = zminy()
            .arg("show")
            .arg("порядок")
            .arg("--corpus")
            .arg(&corpus)
            .args(["--at", at])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    // Adopted on 20.01.2024, in force from 01.02.2024.
    assert!(show("2024-01-25").contains("протягом десяти робочих днів"));
    let after = show("2024-02-01");
    assert!(after.contains("протягом п'яти робочих днів"));
    assert!(after.contains("письмово або електронною поштою."));
    zminy()
        .arg("check")
        .arg("--corpus")
        .arg(&corpus)
        .assert()
        .success();
}

#[test]
fn a_zip_bomb_is_refused_with_the_file_named() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.docx");
    let mut zw = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zw.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..96 {
        zw.write_all(&chunk).unwrap();
    }
    zw.finish().unwrap();
    assert!(
        std::fs::metadata(&path).unwrap().len() < 2 << 20,
        "highly compressed"
    );
    zminy()
        .args(["parse"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("bomb.docx"));
}

/// Every file under `root` (relative path → bytes), the build's manifest left out.
fn tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                if rel != ".zminy-manifest" {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    out
}

/// Path → (content hash, mtime, inode) from the manifest; and what the disk says now.
fn manifest(out: &Path) -> std::collections::BTreeMap<String, (String, String, String)> {
    std::fs::read_to_string(out.join(".zminy-manifest"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[5].to_string(),
                (f[0].to_string(), f[2].to_string(), f[3].to_string()),
            )
        })
        .collect()
}

fn build(corpus: &Path, out: &Path) -> String {
    let o = zminy()
        .args(["--lang", "en", "build", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn incremental_build_renders_and_rewrites_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("decisions");
    let out = dir.path().join("output");
    let fresh = dir.path().join("fresh");
    copy_dir(&root().join("decisions"), &corpus);
    let held = dir.path().join("held");
    std::fs::rename(corpus.join("2023-12-04-1460"), &held).unwrap();
    build(&corpus, &out);
    let before = manifest(&out);

    // One decision added: only the tasks it concerns render; the files rewritten (new mtime
    // or inode) are exactly those whose content hash changed or that are new.
    std::fs::rename(&held, corpus.join("2023-12-04-1460")).unwrap();
    let said = build(&corpus, &out);
    assert!(said.contains("5 tasks rendered, 3 reused"), "{said}");
    let after = manifest(&out);
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(p, (_, m, i))| before.get(*p).is_none_or(|(_, bm, bi)| bm != m || bi != i))
        .map(|(p, _)| p)
        .collect();
    let changed: Vec<&String> = after
        .iter()
        .filter(|(p, (h, _, _))| before.get(*p).is_none_or(|(bh, _, _)| bh != h))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(rewritten, changed);
    assert!(changed.contains(&&"documents/2023-03-22-326-1/current.txt".to_string()));
    assert!(!changed.contains(&&"documents/2023-03-22-326-1/editions/2023-03-22.html".to_string()));
    // The same bytes as a build from nothing.
    build(&corpus, &fresh);
    assert!(
        tree(&out) == tree(&fresh),
        "incremental and fresh builds differ"
    );

    // Nothing changed: nothing rendered but the pages that list the whole corpus.
    let said = build(&corpus, &out);
    assert!(said.contains("0 written"), "{said}");
    assert!(said.contains("2 tasks rendered"), "{said}");

    // A file edited by hand is not trusted: rendered again and restored.
    let edited = out.join("documents/2023-03-22-326-2/editions/2023-03-22.txt");
    std::fs::write(&edited, "змінено вручну").unwrap();
    build(&corpus, &out);
    assert!(tree(&out) == tree(&fresh), "a hand-edited file was kept");

    // An earlier decision changed: everything after it renders again.
    let base = corpus.join("2023-03-22-326/appendix-1.txt");
    let text = std::fs::read_to_string(&base)
        .unwrap()
        .replacen("цілодобово", "щодоби", 1);
    std::fs::write(&base, text).unwrap();
    build(&corpus, &out);
    build(&corpus, &fresh);
    let (a, b) = (tree(&out), tree(&fresh));
    assert!(a == b, "incremental and fresh builds differ after an edit");
    assert!(
        String::from_utf8_lossy(&a["documents/2023-03-22-326-1/current.txt"]).contains("щодоби")
    );
}
