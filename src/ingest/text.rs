//! Text inputs: recognise binary files, pick the encoding (BOM, UTF-8, then Windows-1251 or
//! KOI8-U by detection) and decode.

use crate::ir::{Diagnostic, Span};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, KOI8_U, UTF_8, WINDOWS_1251};

/// How many bytes the encoding detector sees.
const DETECTION_SAMPLE: usize = 256 * 1024;

/// Decode a text file, with CRLF and lone CR turned into `\n`. Returns the text and the
/// encoding's name as recorded in [`Source::encoding`](crate::ir::Source::encoding).
pub(super) fn decode(name: &str, bytes: &[u8]) -> Result<(String, &'static str), Diagnostic> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        if enc == UTF_8 {
            let mut v = body.to_vec();
            newlines_in_place(&mut v);
            return match String::from_utf8(v) {
                Ok(s) => {
                    check_controls(name, s.as_bytes())?;
                    Ok((s, UTF_8.name()))
                }
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    Err(invalid_utf8(name, e.as_bytes(), at, "BOM"))
                }
            };
        }
        let text = match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(s) => normalize_newlines(s.into_owned()),
            None => return Err(invalid_utf16(name, enc, body)),
        };
        // UTF-16 hides control bytes from the raw check: check what it decoded to.
        check_controls(name, text.as_bytes())?;
        return Ok((text, enc.name()));
    }

    check_signature(name, bytes)?;
    check_controls(name, bytes)?;

    // CR is the byte 0x0D in UTF-8, Windows-1251 and KOI8-U alike, and never part of another
    // character: line ends are normalised on the bytes, in the one copy made anyway.
    let mut v = bytes.to_vec();
    newlines_in_place(&mut v);
    let bytes = match String::from_utf8(v) {
        Ok(s) => return Ok((s, UTF_8.name())),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let v = e.into_bytes();
            // Detection needs a sample, not the whole file (chardetng runs at tens of MB/s).
            if mostly_utf8(v.get(..DETECTION_SAMPLE).unwrap_or(&v)) {
                return Err(invalid_utf8(name, &v, at, "content"));
            }
            v
        }
    };
    let bytes = bytes.as_slice();
    let sample = bytes.get(..DETECTION_SAMPLE).unwrap_or(bytes);

    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    // The whole file is known not to be UTF-8, even if the sample happens to be.
    let enc = detector.guess(Some(b"ua"), Utf8Detection::Deny);
    if enc != WINDOWS_1251 && enc != KOI8_U {
        return Err(Diagnostic::error(
            "Z103",
            format!(
                "файл не схожий на український текст: кодування виглядає як {}, а підтримуються \
                 лише UTF-8, UTF-16 з BOM, Windows-1251 і KOI8-U",
                enc.name()
            ),
            format!(
                "the file does not look like Ukrainian text: its encoding looks like {}, and only \
                 UTF-8, UTF-16 with a BOM, Windows-1251 and KOI8-U are supported",
                enc.name()
            ),
        )
        .at(Span::file(name))
        .hint(
            "збережіть файл як «Текст у кодуванні UTF-8» або як DOCX",
            "save the file as UTF-8 text or as DOCX",
        ));
    }
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok((s.into_owned(), enc.name())),
        None => Err(Diagnostic::error(
            "Z101",
            format!(
                "файл схожий на текст у кодуванні {}, але містить байти, яких у ньому немає",
                enc.name()
            ),
            format!(
                "the file looks like {} text but holds bytes that encoding does not define",
                enc.name()
            ),
        )
        .at(Span::file(name))
        .hint(
            "збережіть файл як «Текст у кодуванні UTF-8»",
            "save the file as UTF-8 text",
        )),
    }
}

/// Turn CRLF and lone CR into `\n` in place, moving runs in bulk.
fn newlines_in_place(v: &mut Vec<u8>) {
    let Some(first) = v.iter().position(|&b| b == b'\r') else {
        return;
    };
    let n = v.len();
    let (mut r, mut w) = (first, first);
    while r < n {
        // `v[r]` is a CR.
        v[w] = b'\n';
        w += 1;
        r += 1;
        if v.get(r) == Some(&b'\n') {
            r += 1;
        }
        let next = v
            .get(r..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\r'))
            .map_or(n, |p| r + p);
        v.copy_within(r..next, w);
        w += next - r;
        r = next;
    }
    v.truncate(w);
}

/// Turn CRLF and lone CR into `\n`, copying runs in bulk.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut pieces = text.split('\r');
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        if !piece.starts_with('\n') {
            out.push('\n');
        }
        out.push_str(piece);
    }
    out
}

/// Refuse well-known binary formats by their first bytes, with a hint that fits.
fn check_signature(name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(OLE) {
        return Err(Diagnostic::error(
            "Z105",
            "це документ Word 97–2003 (.doc), який не підтримується",
            "this is a Word 97–2003 document (.doc), which is not supported",
        )
        .at(Span::file(name))
        .hint(
            "відкрийте його у Word або LibreOffice і збережіть як .docx",
            "open it in Word or LibreOffice and save it as .docx",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Diagnostic::error(
            "Z104",
            "це файл RTF, який не підтримується",
            "this is an RTF file, which is not supported",
        )
        .at(Span::file(name))
        .hint(
            "збережіть документ як .docx або як «Текст у кодуванні UTF-8»",
            "save the document as .docx or as UTF-8 text",
        ));
    }
    let kinds: [(&[u8], &str); 8] = [
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"%PDF-", "PDF"),
        (b"\x1F\x8B", "gzip"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
        (b"Rar!", "RAR"),
    ];
    for (magic, kind) in kinds {
        if bytes.starts_with(magic) {
            return Err(not_text(name).hint(
                format!("це файл {kind}, а не текст рішення"),
                format!("this is a {kind} file, not the text of a decision"),
            ));
        }
    }
    Ok(())
}

/// Refuse bytes with NULs, or with more than four and more than 1 % of C0 control bytes other
/// than TAB, LF, CR, vertical tab and form feed (those are line structure or export debris; a
/// few stray ones are debris too).
fn check_controls(name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut nul = 0usize;
    let mut ctrl = 0usize;
    for chunk in bytes.chunks(4096) {
        nul += chunk.iter().filter(|&&b| b == 0).count();
        ctrl += chunk
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
            .count();
    }
    if nul > 0 || (ctrl > 4 && ctrl.saturating_mul(100) > bytes.len()) {
        return Err(not_text(name).hint(
            "якщо це UTF-16 без BOM, збережіть файл як UTF-8 або як UTF-16 з BOM",
            "if this is UTF-16 without a BOM, save it as UTF-8 or as UTF-16 with a BOM",
        ));
    }
    Ok(())
}

fn not_text(name: &str) -> Diagnostic {
    Diagnostic::error(
        "Z102",
        "файл не є текстом: він містить двійкові дані",
        "the file is not text: it holds binary data",
    )
    .at(Span::file(name))
    .hint(
        "подайте рішення як текст (UTF-8, Windows-1251, KOI8-U) або як DOCX",
        "give the decision as text (UTF-8, Windows-1251, KOI8-U) or as DOCX",
    )
}

/// True when the bytes are mostly well-formed UTF-8 with a few broken sequences: damaged UTF-8
/// rather than a legacy encoding (Windows-1251 Cyrillic forms valid UTF-8 pairs only by accident,
/// far less often than it breaks them).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid_multibyte >= 4 * invalid.max(1)
}

/// Z101 for UTF-8 that breaks at byte `offset` of `body`, pointing at the line and column.
fn invalid_utf8(name: &str, body: &[u8], offset: usize, why: &str) -> Diagnostic {
    let before = body.get(..offset).unwrap_or_default();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line_no = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let prefix = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default());
    let column = prefix.chars().count() + 1;
    let line_end = body
        .get(line_start..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(body.len(), |p| line_start + p);
    let quoted = String::from_utf8_lossy(body.get(line_start..line_end).unwrap_or_default());
    let (uk, en) = if why == "BOM" {
        (
            "файл позначено як UTF-8 (BOM), але він містить недійсні для UTF-8 байти",
            "the file is marked as UTF-8 (BOM) but holds bytes that are not valid UTF-8",
        )
    } else {
        (
            "файл у кодуванні UTF-8 пошкоджено: він містить недійсні для UTF-8 байти",
            "the UTF-8 file is damaged: it holds bytes that are not valid UTF-8",
        )
    };
    Diagnostic::error("Z101", uk, en)
        .at(Span::new(
            name,
            u32::try_from(line_no).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
            1,
        ))
        .with_line(quoted.trim_end_matches('\r'))
        .hint(
            "перезбережіть файл як «Текст у кодуванні UTF-8» з вихідного документа",
            "save the file again as UTF-8 text from the original document",
        )
}

/// Z101 for malformed UTF-16 (an odd byte count or a lone surrogate), pointing at the line.
fn invalid_utf16(name: &str, enc: &'static Encoding, body: &[u8]) -> Diagnostic {
    let (lossy, _) = enc.decode_without_bom_handling(body);
    let at = lossy.find('\u{FFFD}').unwrap_or(lossy.len());
    let before = lossy.get(..at).unwrap_or_default();
    let line_no = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    let quoted = lossy
        .get(line_start..)
        .unwrap_or_default()
        .split('\n')
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    Diagnostic::error(
        "Z101",
        format!(
            "файл позначено як {} (BOM), але він пошкоджений або обрізаний",
            enc.name()
        ),
        format!(
            "the file is marked as {} (BOM) but is damaged or truncated",
            enc.name()
        ),
    )
    .at(Span::new(
        name,
        u32::try_from(line_no).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
        1,
    ))
    .with_line(quoted)
    .hint(
        "перезбережіть файл як «Текст у кодуванні UTF-8»",
        "save the file again as UTF-8 text",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines() {
        for (input, want) in [
            ("", ""),
            ("a", "a"),
            ("\r", "\n"),
            ("a\r\nb\rc\n", "a\nb\nc\n"),
            ("\r\r\n\n\r", "\n\n\n\n"),
            ("x\r\n", "x\n"),
        ] {
            let mut v = input.as_bytes().to_vec();
            newlines_in_place(&mut v);
            assert_eq!(String::from_utf8(v).as_deref(), Ok(want), "{input:?}");
            assert_eq!(normalize_newlines(input.to_string()), want, "{input:?}");
        }
    }
}
