//! Fragments: the numbered units carried by an amending decision — the units inside a quote
//! (`«5.2. … 5.4. …»`) or the rows of its appendix — read as a flat list matched by number.
//!
//! Unlike [`super::document`], no tree is built and no sequence is expected: a fragment holds
//! the new and restated units of another document, in whatever numbers they take.

use crate::ir::{Number, Source};

/// One unit of a fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FragUnit {
    pub number: Number,
    /// The unit's paragraphs (a row: `paras[0]` = the cells after the number, TAB-joined).
    pub paras: Vec<String>,
    /// 0-based line index in the fragment's text.
    pub line: usize,
}

/// A fragment: lines before the first unit, then the units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fragment {
    pub preamble: Vec<String>,
    pub header: Option<Vec<String>>,
    pub units: Vec<FragUnit>,
}

/// Split a unit line into its number and the rest: `5.2. Текст`, `5.2.\tТекст`, `5.2 Текст`
/// (multi-level numbers only), `1) Текст`, `6-1. Текст` (superscript), `5.2.` alone.
pub fn split_unit_line(line: &str) -> Option<(Number, &str)> {
    let t = line.trim_start();
    let first = t.chars().next()?;
    if !(first.is_ascii_digit() || first.is_alphabetic()) {
        return None;
    }
    // The number token runs to the first space or TAB.
    let end = t.find([' ', '\t']).unwrap_or(t.len());
    let token = &t[..end];
    let rest = t[end..].trim_start_matches([' ', '\t']);
    let sep_is_tab = t[end..].starts_with('\t');
    if let Some(label) = token.strip_suffix(')') {
        let n = Number::parse(token)?;
        if label.chars().count() > 3 {
            return None;
        }
        return Some((n, rest));
    }
    if !first.is_ascii_digit() {
        return None;
    }
    // `6-1.` is `6¹`.
    let (base, dotted) = match token.strip_suffix('.') {
        Some(b) => (b, true),
        None => (token, false),
    };
    let number = if let Some((a, b)) = base.split_once('-') {
        let sup: u32 = b
            .parse()
            .ok()
            .filter(|_| b.chars().all(|c| c.is_ascii_digit()))?;
        Number::parse(a)?.with_sup(sup)?
    } else {
        Number::parse(base)?
    };
    // A one-level number needs its dot or a TAB: `2023 року` is not a unit.
    if !dotted && !sep_is_tab && number.depth() < 2 && !rest.is_empty() {
        return None;
    }
    Some((number, rest))
}

fn is_header_row(line: &str) -> bool {
    let cells: Vec<&str> = line.split('\t').collect();
    cells.len() >= 3 && {
        let first = cells[0].trim();
        !first.is_empty()
            && split_unit_line(&format!("{first}.")).is_none()
            && Number::parse(first).is_none()
    }
}

fn is_column_numbering(line: &str, columns: usize) -> bool {
    let cells: Vec<&str> = line.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
    cells.len() == columns
        && cells
            .iter()
            .enumerate()
            .all(|(i, c)| c.trim() == (i + 1).to_string())
}

/// Read a fragment. `table`: rows are `number<TAB>cells` after a header row (the header may be
/// absent in a quote).
pub fn fragment(src: &Source, table: bool) -> Fragment {
    let mut frag = Fragment::default();
    let mut skip_numbering = false;
    for (idx, raw) in src.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if table {
            if frag.header.is_none() && frag.units.is_empty() && is_header_row(line) {
                let cols: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
                frag.header = Some(cols);
                skip_numbering = true;
                continue;
            }
            if skip_numbering {
                skip_numbering = false;
                if let Some(h) = &frag.header
                    && is_column_numbering(line, h.len())
                {
                    continue;
                }
            }
            if line.contains('\t') {
                let mut cells = line.split('\t');
                let first = cells.next().unwrap_or("").trim();
                if let Some(n) = Number::parse(first) {
                    let rest: Vec<&str> = cells.map(str::trim).collect();
                    frag.units.push(FragUnit {
                        number: n,
                        paras: vec![rest.join("\t")],
                        line: idx,
                    });
                    continue;
                }
            }
            match frag.units.last_mut() {
                Some(u) => u.paras.push(line.trim().to_string()),
                None => frag.preamble.push(line.trim().to_string()),
            }
            continue;
        }
        if let Some((number, rest)) = split_unit_line(line) {
            frag.units.push(FragUnit {
                number,
                paras: if rest.is_empty() {
                    Vec::new()
                } else {
                    vec![rest.trim().to_string()]
                },
                line: idx,
            });
            continue;
        }
        match frag.units.last_mut() {
            Some(u) => u.paras.push(line.trim().to_string()),
            None => frag.preamble.push(line.trim().to_string()),
        }
    }
    frag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_lines() {
        let n = |s: &str| split_unit_line(s).map(|(n, r)| format!("{n}|{r}"));
        assert_eq!(n("5.2. З метою"), Some("5.2|З метою".into()));
        assert_eq!(n("5.2.\tЗ метою"), Some("5.2|З метою".into()));
        assert_eq!(n("5.2 З метою"), Some("5.2|З метою".into()));
        assert_eq!(n("5 З метою"), None);
        assert_eq!(n("2023 року"), None);
        assert_eq!(n("6-1. Текст"), Some("6¹|Текст".into()));
        assert_eq!(n("1) Текст"), Some("1)|Текст".into()));
        assert_eq!(n("а) Текст"), Some("а)|Текст".into()));
        assert_eq!(n("Оператор) x"), None);
    }

    #[test]
    fn table_fragment() {
        let src = Source::from_text(
            "a",
            "Додаток\n№ з/п\tТип заявки\tВиконавець\tТермін\n1\t2\t3\t4\n3.1\tПрибирання\tРайон\t10 днів\n22.4.11\tЛіфт\tКП\t1 доба\n",
        );
        let f = fragment(&src, true);
        assert_eq!(f.preamble, ["Додаток"]);
        assert_eq!(f.units.len(), 2);
        assert_eq!(f.units[1].number.to_string(), "22.4.11");
        assert_eq!(f.units[1].paras, ["Ліфт\tКП\t1 доба"]);
    }
}
