//! Ingest tests: case folders with plain-text expectations, the seed in every encoding,
//! DOCX assembled from handwritten parts, zip bombs, and properties (never a panic).
//!
//! - `tests/ingest/cases/<case>/input.*` → `expected.txt`;
//! - `tests/ingest/docx/<case>/*.xml` (the `word/` parts, zipped by the test) → `expected.txt`;
//! - `tests/ingest/seed/expected.txt` for the seed decision.
//!
//! `ZMINY_BLESS=1 cargo test --test ingest` rewrites the expectations; read what you blessed.

#[path = "support/seed.rs"]
mod seed;

use proptest::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use zminy::ingest::ingest;
use zminy::ir::{Diagnostic, Lang, Source};

const SEED: &str = "decisions/2023-12-04-1460/decision.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The plain-text form of an ingest result: encoding, debris, then each line with the original
/// line it maps to (TAB shown as `⇥`); or the diagnostic in both languages.
fn show(res: &Result<Source, Diagnostic>) -> String {
    match res {
        Ok(src) => {
            let mut out = format!("encoding: {}\n", src.encoding);
            for d in &src.dropped {
                out.push_str(&format!("dropped: line {}: {}\n", d.line, d.what));
            }
            out.push_str("---\n");
            for (i, line) in src.lines() {
                out.push_str(&format!(
                    "{:>4} | {}\n",
                    src.original_line(i),
                    line.replace('\t', "⇥")
                ));
            }
            out
        }
        Err(d) => format!("{}\n{}", d.render(Lang::En), d.render(Lang::Uk)),
    }
}

/// Compare `ingest(name, bytes)` with the expectation file, or bless it.
fn check(name: &str, bytes: &[u8], expected: &Path) {
    let res = ingest(name, bytes);
    if let Ok(src) = &res {
        assert_eq!(
            src.line_map.len(),
            src.text.split('\n').count(),
            "{name}: one line_map entry per text line"
        );
    }
    let actual = show(&res);
    if std::env::var_os("ZMINY_BLESS").is_some() {
        std::fs::write(expected, &actual).expect("write expectation");
        return;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run ZMINY_BLESS=1 cargo test --test ingest",
            expected.display()
        )
    });
    assert_eq!(actual, want, "{name}: differs from {}", expected.display());
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("case folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn cases() {
    let dirs = subdirs(&root().join("tests/ingest/cases"));
    assert!(dirs.len() >= 15, "the case folders are there");
    for dir in dirs {
        let case = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let input = std::fs::read_dir(&dir)
            .expect("case")
            .map(|e| e.expect("entry").path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("input."))
            })
            .unwrap_or_else(|| panic!("{case}: no input.* file"));
        let file = input.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let bytes = std::fs::read(&input).expect("read input");
        check(
            &format!("cases/{case}/{file}"),
            &bytes,
            &dir.join("expected.txt"),
        );
    }
}

/// Zip `entries` the way a DOCX is zipped (deflate).
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("start entry");
        w.write_all(data).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

#[test]
fn docx_from_handwritten_parts() {
    let dirs = subdirs(&root().join("tests/ingest/docx"));
    assert!(dirs.len() >= 3);
    for dir in dirs {
        let case = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let mut parts: Vec<(String, Vec<u8>)> =
            vec![("[Content_Types].xml".into(), CONTENT_TYPES.to_vec())];
        for part in ["document.xml", "numbering.xml", "styles.xml"] {
            if let Ok(data) = std::fs::read(dir.join(part)) {
                parts.push((format!("word/{part}"), data));
            }
        }
        let entries: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        check(
            &format!("{case}.docx"),
            &zip(&entries),
            &dir.join("expected.txt"),
        );
    }
}

#[test]
fn seed() {
    let bytes = std::fs::read(root().join(SEED)).expect("seed");
    check(
        "decision.txt",
        &bytes,
        &root().join("tests/ingest/seed/expected.txt"),
    );
}

fn seed_source() -> Source {
    let bytes = std::fs::read(root().join(SEED)).expect("seed");
    ingest("decision.txt", &bytes).expect("the seed ingests")
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        let b = if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn seed_is_the_same_text_from_every_unicode_encoding() {
    let want = seed_source();
    assert_eq!(want.encoding, "UTF-8");
    let text = std::fs::read_to_string(root().join(SEED)).expect("seed");
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(text.as_bytes());
    let crlf = text.replace('\n', "\r\n");
    let variants: [(&str, Vec<u8>, &str); 5] = [
        ("UTF-8 + BOM", utf8_bom, "UTF-8"),
        ("UTF-16LE + BOM", utf16(&text, false), "UTF-16LE"),
        ("UTF-16BE + BOM", utf16(&text, true), "UTF-16BE"),
        ("UTF-16LE + BOM, CRLF", utf16(&crlf, false), "UTF-16LE"),
        ("UTF-8, CRLF", crlf.clone().into_bytes(), "UTF-8"),
    ];
    for (label, bytes, encoding) in variants {
        let got = ingest("decision.txt", &bytes).unwrap_or_else(|d| panic!("{label}: {d}"));
        assert_eq!(got.encoding, encoding, "{label}");
        assert_eq!(got.text, want.text, "{label}");
        assert_eq!(got.line_map, want.line_map, "{label}");
        assert_eq!(got.dropped, want.dropped, "{label}");
    }
}

/// What a legacy export does to characters its code page lacks.
fn legacy_substitutions(text: &str, koi8: bool) -> String {
    let t = text.replace('\u{2212}', "-").replace('\u{2310}', "");
    if koi8 {
        t.replace(['«', '»'], "\"")
            .replace('\u{2019}', "'")
            .replace('№', "N")
    } else {
        t
    }
}

#[test]
fn seed_is_the_same_text_from_legacy_encodings() {
    let text = std::fs::read_to_string(root().join(SEED)).expect("seed");
    for (case, koi8, encoding) in [
        ("seed-windows-1251", false, "windows-1251"),
        ("seed-koi8-u", true, "KOI8-U"),
    ] {
        let bytes = std::fs::read(root().join(format!("tests/ingest/cases/{case}/input.txt")))
            .expect("fixture");
        let got = ingest("decision.txt", &bytes).unwrap_or_else(|d| panic!("{case}: {d}"));
        let want = ingest("decision.txt", legacy_substitutions(&text, koi8).as_bytes())
            .expect("substituted seed");
        assert_eq!(got.encoding, encoding, "{case}");
        assert_eq!(got.text, want.text, "{case}");
        assert_eq!(got.line_map, want.line_map, "{case}");
        // The real seed's text differs (it still has U+2212): the comparison is not vacuous.
        assert_ne!(got.text, seed_source().text, "{case}");
    }
}

#[test]
fn libreoffice_numbering_is_automatic() {
    // The fixture must exercise the numbering rebuild: numPr in document.xml, and none of the
    // numbers the expectation shows is typed in the text.
    let path = root().join("tests/ingest/cases/libreoffice-multilevel/input.docx");
    let bytes = std::fs::read(path).expect("fixture");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("read");
    assert!(xml.matches("<w:numPr>").count() >= 10);
    assert!(xml.contains(r#"<w:ilvl w:val="3"/>"#));
    for typed in ["1.1.", "1.2.1.", "2.2.", "1)"] {
        assert!(!xml.contains(typed), "{typed} is typed in the fixture");
    }
    let src = ingest("input.docx", &bytes).expect("ingests");
    for line in [
        "1.2.\tТерміни вживаються в такому значенні:",
        "1.2.2. оператор — працівник, який:",
        "2) реєструє їх.",
        "3.\tПрикінцеві положення",
    ] {
        assert!(src.text.lines().any(|l| l == line), "{line:?} missing");
    }
}

fn code_and_name(res: Result<Source, Diagnostic>, name: &str) -> &'static str {
    let d = res.expect_err("refused");
    let span = d.span.as_ref().expect("a span");
    assert_eq!(span.file, name);
    assert!(d.render(Lang::Uk).contains(name) && d.render(Lang::En).contains(name));
    assert!(!d.hints.is_empty(), "{}: a hint", d.code);
    d.code
}

/// Set the uncompressed size of every entry (local and central headers) to `size`.
fn patch_declared_size(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let mut i = 0;
    while i + 30 <= zip.len() {
        match &zip[i..i + 4] {
            b"PK\x03\x04" => {
                zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
                i += 30;
            }
            b"PK\x01\x02" => {
                zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                i += 46;
            }
            _ => i += 1,
        }
    }
    zip
}

#[test]
fn zip_bombs_are_refused() {
    // Declared size: an entry that says it inflates to 300 MB.
    let small = zip(&[("word/document.xml", b"<w:document/>")]);
    let declared = patch_declared_size(small, 300_000_000);
    assert_eq!(
        code_and_name(ingest("declared.docx", &declared), "declared.docx"),
        "Z112"
    );

    // Ratio: 4 MiB of zeros compress to a few kilobytes.
    let zeros = vec![0u8; 4 << 20];
    let ratio = zip(&[("word/document.xml", &zeros)]);
    assert!(ratio.len() < 64 * 1024);
    assert_eq!(
        code_and_name(ingest("ratio.docx", &ratio), "ratio.docx"),
        "Z112"
    );

    // A lying declared size: 2 MB that claim to be 1000 bytes.
    let body = "<w:p/>".repeat(350_000);
    let lying = patch_declared_size(zip(&[("word/document.xml", body.as_bytes())]), 1000);
    assert_eq!(
        code_and_name(ingest("lying.docx", &lying), "lying.docx"),
        "Z112"
    );
}

#[test]
fn not_a_word_document() {
    let odt = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ]);
    let res = ingest("x.odt", &odt);
    let msg = res.as_ref().err().map(|d| d.message.en.clone());
    assert_eq!(code_and_name(res, "x.odt"), "Z111");
    assert!(msg.is_some_and(|m| m.contains("ODT")));

    let empty_zip = zip(&[]);
    assert_eq!(
        code_and_name(ingest("e.docx", &empty_zip), "e.docx"),
        "Z111"
    );
    // Named .docx but not a zip at all.
    assert_eq!(
        code_and_name(ingest("t.docx", "Текст".as_bytes()), "t.docx"),
        "Z110"
    );
    // Every truncation of a real DOCX is refused or read, never a panic.
    let real = std::fs::read(root().join("tests/ingest/cases/libreoffice-multilevel/input.docx"))
        .expect("fixture");
    for cut in (0..real.len()).step_by(97) {
        let _ = ingest("cut.docx", &real[..cut]);
    }
}

/// Snippets that make up plausible and implausible WordprocessingML.
fn xml_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<w:p>".to_string()),
        Just("</w:p>".to_string()),
        Just("<w:r>".to_string()),
        Just("</w:r>".to_string()),
        Just("<w:t>".to_string()),
        Just("</w:t>".to_string()),
        Just("<w:tab/>".to_string()),
        Just("<w:br/>".to_string()),
        Just("<w:tbl><w:tr><w:tc>".to_string()),
        Just("</w:tc></w:tr></w:tbl>".to_string()),
        Just("<w:tc>".to_string()),
        Just("</w:tc>".to_string()),
        Just("<w:del>".to_string()),
        Just("</w:del>".to_string()),
        Just("<w:pPr><w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr><w:rPr><w:del/></w:rPr></w:pPr>".to_string()),
        Just("<w:pPr><w:pStyle w:val=\"S\"/></w:pPr>".to_string()),
        Just("<mc:AlternateContent><mc:Choice>".to_string()),
        Just("</mc:Choice><mc:Fallback>".to_string()),
        Just("</mc:Fallback></mc:AlternateContent>".to_string()),
        Just("<w:txbxContent>".to_string()),
        Just("</w:txbxContent>".to_string()),
        Just("&amp;&#x410;&#0;&bogus;".to_string()),
        "[а-яі’«» 0-9.\t\n]{0,12}",
    ]
}

const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="8"><w:start w:val="-5"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%9.%1%"/><w:lvlRestart w:val="99"/></w:lvl><w:lvl w:ilvl="0"><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:styleId="S"><w:basedOn w:val="S"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;

proptest! {
    #![proptest_config(ProptestConfig { rng_seed: seed::rng_seed(), ..ProptestConfig::with_cases(256) })]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = ingest("fuzz.txt", &bytes);
        let _ = ingest("fuzz.docx", &bytes);
    }

    #[test]
    fn never_panics_on_text(text in "\\PC{0,300}") {
        if let Ok(src) = ingest("fuzz.txt", text.as_bytes()) {
            prop_assert_eq!(src.line_map.len(), src.text.split('\n').count());
        }
    }

    #[test]
    fn never_panics_on_bytes_as_document_xml(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = ingest("fuzz.docx", &zip(&[("word/document.xml", &bytes)]));
    }

    #[test]
    fn never_panics_on_wordprocessingml(tokens in proptest::collection::vec(xml_token(), 0..60)) {
        let doc = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{}</w:body></w:document>"#,
            tokens.concat()
        );
        let bytes = zip(&[
            ("word/document.xml", doc.as_bytes()),
            ("word/numbering.xml", NUMBERING.as_bytes()),
            ("word/styles.xml", STYLES.as_bytes()),
        ]);
        if let Ok(src) = ingest("fuzz.docx", &bytes) {
            prop_assert_eq!(src.line_map.len(), src.text.split('\n').count());
        }
    }
}

/// Throughput on a few MB of text and DOCX. Ignored by default; run it optimised:
/// `cargo test --release --test ingest -- --ignored throughput --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let seed = std::fs::read_to_string(root().join(SEED)).expect("seed");
    let big = seed.repeat(1000); // ~6 MB of UTF-8
    let lines = big.split('\n').count();
    let legacy = legacy_substitutions(&big, false).replace('\n', "\r\n");
    let (cp1251, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&legacy);
    assert!(!unmappable);
    let para = |l: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{l}</w:t></w:r></w:p>");
    let body: String = big
        .split('\n')
        .map(|l| {
            para(
                &l.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('\t', "</w:t><w:tab/><w:t>"),
            )
        })
        .collect();
    let doc = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let docx = zip(&[("word/document.xml", doc.as_bytes())]);
    for (label, bytes, mb) in [
        ("UTF-8", big.as_bytes().to_vec(), big.len()),
        ("windows-1251 CRLF", cp1251.into_owned(), legacy.len()),
        ("DOCX (XML size)", docx, doc.len()),
    ] {
        let start = std::time::Instant::now();
        let rounds = 5;
        for _ in 0..rounds {
            let src = ingest("big", &bytes).expect("ingests");
            assert_eq!(src.line_map.len(), lines, "{label}");
        }
        let secs = start.elapsed().as_secs_f64() / f64::from(rounds);
        println!(
            "{label}: {:.1} MB in {:.1} ms = {:.0} MB/s",
            mb as f64 / 1e6,
            secs * 1e3,
            mb as f64 / 1e6 / secs
        );
    }
}

#[test]
fn deep_nesting_is_refused() {
    let doc = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>{}<w:t>x</w:t>{}</w:p></w:body></w:document>"#,
        "<w:r>".repeat(100_000),
        "</w:r>".repeat(100_000)
    );
    let bytes = zip(&[("word/document.xml", doc.as_bytes())]);
    assert_eq!(
        code_and_name(ingest("deep.docx", &bytes), "deep.docx"),
        "Z113"
    );
}
