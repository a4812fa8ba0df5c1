//! Browser test: the rendered site opened in headless Chromium from `file://` — the text of a
//! few units, the table of contents' links, the diff highlights — and screenshots. Without
//! Chromium the test is skipped, except under `CI=true`, where it fails.
//! `ZMINY_SCREENSHOT_DIR=DIR` keeps the screenshots in DIR for a person to look at.

#[path = "render/support.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn find_chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output()
            && out.status.success()
        {
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !p.is_empty() {
                return Some(PathBuf::from(p));
            }
        }
    }
    None
}

/// Run Chromium headless with extra arguments; its stdout.
fn chromium(bin: &Path, profile: &Path, args: &[String]) -> String {
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > Duration::from_secs(90) => {
                let _ = child.kill();
                panic!("chromium did not finish in 90 s");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("chromium: {e}"),
        }
    }
    let out = child.wait_with_output().expect("chromium output");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The values of an attribute in serialized HTML.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&pat) {
        rest = &rest[i + pat.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

/// The serialized `<nav class="toc">` of a page.
fn toc(html: &str) -> &str {
    let start = html.find("<nav class=\"toc\"").unwrap_or(html.len());
    let end = html[start..]
        .find("</nav>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn pages_in_a_browser() {
    let Some(bin) = find_chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true and chromium is not installed");
        }
        eprintln!("skipping the browser test: chromium not found");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let site_dir = tmp.path().join("site");
    let profile = tmp.path().join("profile");
    let case =
        support::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render/kryvyi-rih"));
    support::write_site(&support::site(&case), &site_dir);
    let url = |rel: &str| format!("file://{}/{rel}", site_dir.display());
    let dump = |rel: &str| chromium(&bin, &profile, &["--dump-dom".into(), url(rel)]);

    // The current Regulation: units by their new numbers, stable ids, old-number anchors.
    let reg = dump("documents/2023-03-22-326-1/current.html");
    assert!(reg.contains("<html"), "chromium returned no DOM: {reg}");
    assert!(
        reg.contains("отримує згоду на обробку персональних даних."),
        "5.1 amended"
    );
    assert!(
        reg.contains("до органів місцевого самоврядування"),
        "1.1 amended"
    );
    let ids: BTreeSet<String> = attr_values(&reg, "id").into_iter().collect();
    for id in ["u13", "p5.5", "p5.2@2023-03-22", "p5.2", "u31", "p3"] {
        assert!(ids.contains(id), "id {id} missing");
    }
    let toc_links = attr_values(toc(&reg), "href");
    assert!(toc_links.len() >= 5, "{toc_links:?}");
    for href in &toc_links {
        let id = href.trim_start_matches('#');
        assert!(ids.contains(id), "TOC link {href} points nowhere");
    }
    // Every in-page link lands on an element.
    for href in attr_values(&reg, "href") {
        if let Some(id) = href.strip_prefix('#') {
            assert!(ids.contains(id), "link {href} points nowhere");
        }
    }

    // The classifier renders as a table with its column titles.
    let cls = dump("documents/2023-03-22-326-2/current.html");
    assert!(cls.contains("Відповідальний виконавець"));
    assert!(cls.contains("Облаштування пандусів біля будинків"));

    // The diff page: renumbered units paired, word highlights present.
    let diff = dump("decisions/2023-12-04-1460/2023-03-22-326-1.diff.html");
    assert!(diff.contains("п. 5.2 → 5.5"));
    assert!(diff.contains("<del>місцевих органів виконавчої влади та </del>"));
    assert!(diff.contains("<ins>технічного захисту інформації та </ins>"));

    // Screenshots, for a person to look at.
    let shots = std::env::var_os("ZMINY_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    for (name, rel) in [
        ("regulation.png", "documents/2023-03-22-326-1/current.html"),
        (
            "diff-1460.png",
            "decisions/2023-12-04-1460/2023-03-22-326-1.diff.html",
        ),
        (
            "table-1460.png",
            "decisions/2023-12-04-1460/2023-03-22-326-2.table.html",
        ),
        ("decision-1460.png", "decisions/2023-12-04-1460/index.html"),
    ] {
        let png = shots.join(name);
        chromium(
            &bin,
            &profile,
            &[
                format!("--screenshot={}", png.display()),
                "--window-size=1200,1800".into(),
                url(rel),
            ],
        );
        let len = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(len > 10_000, "{name}: screenshot is {len} bytes");
        eprintln!("screenshot: {}", png.display());
    }
}
