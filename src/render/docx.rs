//! The comparative table as a Word file: a zip of handwritten WordprocessingML, byte-stable
//! (every zip entry dated 1980-01-01 00:00, fixed permissions, the document's dates set to the
//! decision's date).
//!
//! Parts: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml`, `docProps/app.xml`,
//! `word/document.xml` (A4 landscape, a two-column table with a repeated header row),
//! `word/styles.xml` (Times New Roman 12 pt), `word/_rels/document.xml.rels`.

use super::diff::DiffContext;
use super::label::escape;
use super::table::{self, Row, Run};
use crate::ir::{Date, Edition};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>
"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>
"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>zminy</Application></Properties>
"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="uk-UA" w:eastAsia="uk-UA" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>
"#;

/// Page width of A4 landscape minus margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 14570;

fn core(date: Option<Date>, title: &str) -> String {
    let when = date.map_or_else(|| "1980-01-01".to_string(), |d| d.iso());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{}</dc:title>
<dc:creator>zminy</dc:creator>
<dc:language>uk-UA</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">{when}T00:00:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">{when}T00:00:00Z</dcterms:modified>
</cp:coreProperties>
"#,
        escape(title)
    )
}

fn run_xml(r: &Run) -> String {
    if r.tab {
        return "<w:r><w:t xml:space=\"preserve\"> │ </w:t></w:r>".into();
    }
    if r.br {
        return "<w:r><w:br/></w:r>".into();
    }
    let mut props = String::new();
    if r.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if r.strike {
        props.push_str("<w:strike/>");
    }
    let props = if props.is_empty() {
        props
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(&r.text)
    )
}

fn cell(runs: &[Run], header: bool) -> String {
    let half = TEXT_WIDTH / 2;
    let body: String = runs.iter().map(run_xml).collect();
    let jc = if header {
        "<w:jc w:val=\"center\"/>"
    } else {
        "<w:jc w:val=\"left\"/>"
    };
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{half}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr>{jc}</w:pPr>{body}</w:p></w:tc>"
    )
}

fn plain(text: &str, bold: bool) -> Vec<Run> {
    vec![Run {
        text: text.into(),
        bold,
        strike: false,
        tab: false,
        br: false,
    }]
}

/// `word/document.xml`: the heading paragraphs and the table, one element per line.
pub fn document_xml(heading: &[String], rows: &[Row]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\n<w:body>\n",
    );
    for line in heading {
        x.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>\n",
            escape(line)
        ));
    }
    x.push_str("<w:p/>\n");
    let half = TEXT_WIDTH / 2;
    x.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders></w:tblPr>\n<w:tblGrid><w:gridCol w:w=\"{half}\"/><w:gridCol w:w=\"{half}\"/></w:tblGrid>\n"
    ));
    x.push_str(&format!(
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr>\n",
        cell(&plain(table::OLD_TITLE, true), true),
        cell(&plain(table::NEW_TITLE, true), true)
    ));
    for row in rows {
        let (old, new) = match row {
            Row::Elided => (plain("…", false), plain("…", false)),
            Row::Unit { old, new } => (old.clone(), new.clone()),
        };
        x.push_str(&format!(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>{}{}</w:tr>\n",
            cell(&old, row.elided()),
            cell(&new, row.elided())
        ));
    }
    x.push_str("</w:tbl>\n<w:p/>\n");
    x.push_str("<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>\n");
    x.push_str("</w:body>\n</w:document>\n");
    x
}

/// The comparative table as DOCX bytes.
pub fn docx(
    ctx: &DiffContext,
    decision_date: Option<Date>,
    before: &Edition,
    after: &Edition,
) -> Vec<u8> {
    let heading = table::heading(ctx);
    let rows = table::rows(before, after);
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("docProps/core.xml", core(decision_date, &heading.join(" "))),
        ("docProps/app.xml", APP.to_string()),
        ("word/document.xml", document_xml(&heading, &rows)),
        ("word/styles.xml", STYLES.to_string()),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
    ];
    zip_parts(&parts).unwrap_or_default()
}

fn zip_parts(parts: &[(&str, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, body) in parts {
        w.start_file(*name, opts)?;
        w.write_all(body.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}
