//! A thin streaming layer over quick-xml for DOCX parts: namespace-resolved element names,
//! unescaped text, well-formedness errors as Z113 diagnostics.

use crate::ir::{Diagnostic, Span};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

/// The namespaces a DOCX reader cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ns {
    /// WordprocessingML main (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    Other,
}

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Deepest element nesting accepted. Word nests a few dozen levels; the limit keeps every
/// stack walk of the readers short, whatever the input.
const MAX_DEPTH: usize = 256;

/// One event of a part, as the DOCX readers see it. An empty element arrives as `Start`
/// followed by `End`.
pub(super) enum Ev<'a> {
    Start(Ns, &'a str, &'a BytesStart<'a>),
    End(Ns, &'a str),
    Text(&'a str),
}

/// The value of the attribute whose local name is `local` (`w:val` → `val`), unescaped.
pub(super) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A `w:val`-style on/off attribute: absent means on.
pub(super) fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// Walk the part `part` of `file`, calling `f` for each event. Stops at the first XML error
/// (as Z113) or the first error `f` returns.
pub(super) fn walk(
    file: &str,
    part: &str,
    xml: &str,
    mut f: impl FnMut(Ev<'_>) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let mut reader = NsReader::from_str(xml);
    let mut depth: usize = 0;
    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok((res, ev)) => (ns_of(&res), ev),
            Err(e) => {
                let pos = reader.error_position();
                return Err(malformed(file, part, pos, &e.to_string()));
            }
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let pos = reader.buffer_position();
                    let what = format!("elements nested deeper than {MAX_DEPTH}");
                    return Err(malformed(file, part, pos, &what));
                }
                let local = e.local_name();
                f(Ev::Start(ns, local.as_ref(), &e))?;
            }
            Event::Empty(e) => {
                let local = e.local_name();
                f(Ev::Start(ns, local.as_ref(), &e))?;
                f(Ev::End(ns, local.as_ref()))?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let local = e.local_name();
                f(Ev::End(ns, local.as_ref()))?;
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                f(Ev::Text(&s))?;
            }
            Event::CData(t) => {
                let s = t.xml10_content();
                f(Ev::Text(&s))?;
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                match ch {
                    Some(c) => {
                        let mut buf = [0u8; 4];
                        f(Ev::Text(c.encode_utf8(&mut buf)))?;
                    }
                    None => {
                        let pos = reader.buffer_position();
                        let what = format!("unknown entity &{};", r.xml10_content());
                        return Err(malformed(file, part, pos, &what));
                    }
                }
            }
            Event::Eof => {
                if depth > 0 {
                    let pos = reader.buffer_position();
                    return Err(malformed(file, part, pos, "unexpected end of the part"));
                }
                return Ok(());
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

fn ns_of(res: &ResolveResult<'_>) -> Ns {
    match res {
        ResolveResult::Bound(ns) => match ns.as_ref() {
            W_TRANSITIONAL | W_STRICT => Ns::W,
            MC => Ns::Mc,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

fn malformed(file: &str, part: &str, pos: u64, what: &str) -> Diagnostic {
    Diagnostic::error(
        "Z113",
        format!("DOCX пошкоджено: частина {part} не є правильним XML (байт {pos}: {what})"),
        format!("the DOCX is damaged: part {part} is not well-formed XML (byte {pos}: {what})"),
    )
    .at(Span::file(file))
    .hint(
        "відкрийте документ у Word або LibreOffice і збережіть його знову як .docx",
        "open the document in Word or LibreOffice and save it again as .docx",
    )
}
