//! Unit numbers in every shape decisions and documents use, with one canonical form and order.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One level of a decimal number: `5`, or `6¹` (`sup` = 1; 0 means no superscript).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub struct Level {
    pub n: u32,
    pub sup: u32,
}

/// A unit's number. Canonical text: `5`, `5.2`, `22.4.11`, `6¹`, `5.2¹`, `IV`, `1)`, `а)`.
///
/// Ordering: within one shape, numeric level by level (superscripts after their base:
/// `6 < 6¹ < 6² < 7`); across shapes, Decimal < Roman < Paren < Letter (never compared in
/// practice: siblings share a shape).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Number {
    /// Arabic numbers, one or more levels.
    Decimal(Vec<Level>),
    /// Roman numerals (sections).
    Roman(u32),
    /// Numbered subpoint labels `1)`.
    Paren(u32),
    /// Letter subpoint labels `а)`: the letter itself, lower case Cyrillic.
    Letter(char),
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        let s = String::deserialize(d)?;
        Number::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a unit number: {s}")))
    }
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// The Ukrainian alphabet in order, as laws letter their items.
pub const UK_ALPHABET: &str = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя";

fn sup_str(mut n: u32) -> String {
    let mut digits = Vec::new();
    if n == 0 {
        return String::new();
    }
    while n > 0 {
        digits.push(SUPERSCRIPTS[(n % 10) as usize]);
        n /= 10;
    }
    digits.iter().rev().collect()
}

/// The value of a superscript digit, if `c` is one.
pub fn superscript_value(c: char) -> Option<u32> {
    SUPERSCRIPTS.iter().position(|&s| s == c).map(|p| p as u32)
}

/// A number in canonical Roman numerals (`4` → `IV`).
pub fn roman_str(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Fold Cyrillic look-alikes of Roman digits (`І`, `Х`, `С`, `М`) and Latin look-alikes to ASCII.
fn fold_roman_char(c: char) -> Option<char> {
    Some(match c {
        'I' | 'І' | 'і' | 'i' | 'Ӏ' => 'I',
        'V' | 'v' => 'V',
        'X' | 'Х' | 'х' | 'x' => 'X',
        'L' | 'l' => 'L',
        'C' | 'С' | 'с' | 'c' => 'C',
        'D' | 'd' => 'D',
        'M' | 'М' | 'м' | 'm' => 'M',
        _ => return None,
    })
}

/// Parse a Roman numeral (Cyrillic look-alikes accepted); `None` unless it is canonical.
pub fn parse_roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 15 {
        return None;
    }
    let folded: Option<String> = s.chars().map(fold_roman_char).collect();
    let folded = folded?;
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => 0,
    };
    let chars: Vec<i64> = folded.chars().map(value).collect();
    let mut total = 0i64;
    for i in 0..chars.len() {
        if i + 1 < chars.len() && chars[i] < chars[i + 1] {
            total -= chars[i];
        } else {
            total += chars[i];
        }
    }
    // Only canonical numerals (so that "IIII" or "VX" are not numbers).
    let total = u32::try_from(total).ok()?;
    (total > 0 && roman_str(total) == folded).then_some(total)
}

impl Number {
    /// A decimal number from plain levels: `Number::decimal(&[5, 2])` is `5.2`.
    pub fn decimal(levels: &[u32]) -> Number {
        Number::Decimal(levels.iter().map(|&n| Level { n, sup: 0 }).collect())
    }

    /// Parse a number as it is written in a document or a decision: `5`, `5.2`, `5.2.`,
    /// `22.4.11`, `6¹`, `5.2¹`, `IV`, `1)`, `а)`. A hyphenated superscript (`5-1`) is *not*
    /// accepted here: whether `5-1` is `5¹` or a range depends on the words around it, so the
    /// caller decides and uses [`Number::with_sup`].
    pub fn parse(s: &str) -> Option<Number> {
        let s = s.trim();
        let s = s.strip_suffix('.').unwrap_or(s);
        if s.is_empty() {
            return None;
        }
        if let Some(inner) = s.strip_suffix(')') {
            let inner = inner.trim();
            if let Ok(n) = inner.parse::<u32>() {
                return Some(Number::Paren(n));
            }
            let mut chars = inner.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                let c = fold_letter(c)?;
                return Some(Number::Letter(c));
            }
            return None;
        }
        if s.chars().next()?.is_ascii_digit() {
            let mut levels = Vec::new();
            for part in s.split('.') {
                let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
                if digits.is_empty()
                    || digits.len() > 6
                    || (digits.len() > 1 && digits.starts_with('0'))
                {
                    return None;
                }
                let rest = &part[digits.len()..];
                let mut sup = 0u32;
                for c in rest.chars() {
                    sup = sup.checked_mul(10)?.checked_add(superscript_value(c)?)?;
                }
                if !rest.is_empty() && sup == 0 {
                    return None;
                }
                levels.push(Level {
                    n: digits.parse().ok()?,
                    sup,
                });
            }
            return Some(Number::Decimal(levels));
        }
        parse_roman(s).map(Number::Roman)
    }

    /// The same number with a superscript on its last level (`5` + 1 = `5¹`).
    pub fn with_sup(&self, sup: u32) -> Option<Number> {
        match self {
            Number::Decimal(levels) => {
                let mut levels = levels.clone();
                let last = levels.last_mut()?;
                if last.sup != 0 {
                    return None;
                }
                last.sup = sup;
                Some(Number::Decimal(levels))
            }
            _ => None,
        }
    }

    /// The number of levels (`22.4.11` has 3; Roman, `1)` and `а)` have 1).
    pub fn depth(&self) -> usize {
        match self {
            Number::Decimal(l) => l.len(),
            _ => 1,
        }
    }

    /// The decimal levels, if decimal.
    pub fn levels(&self) -> Option<&[Level]> {
        match self {
            Number::Decimal(l) => Some(l),
            _ => None,
        }
    }

    /// `5.2` is a prefix of `5.2.1` (and of itself).
    pub fn is_prefix_of(&self, other: &Number) -> bool {
        match (self, other) {
            (Number::Decimal(a), Number::Decimal(b)) => b.len() >= a.len() && b[..a.len()] == a[..],
            _ => self == other,
        }
    }

    /// The number with its first `self_prefix.depth()` levels replaced by `new_prefix`
    /// (`5.2.1` with prefix `5.2` → `5.5` gives `5.5.1`).
    pub fn rebase(&self, old_prefix: &Number, new_prefix: &Number) -> Option<Number> {
        match (self, old_prefix, new_prefix) {
            (Number::Decimal(me), Number::Decimal(a), Number::Decimal(b))
                if old_prefix.is_prefix_of(self) =>
            {
                let mut levels = b.clone();
                levels.extend_from_slice(&me[a.len()..]);
                Some(Number::Decimal(levels))
            }
            _ => None,
        }
    }

    /// The parent prefix of a decimal number (`5.2.1` → `5.2`), if it has more than one level.
    pub fn parent_prefix(&self) -> Option<Number> {
        match self {
            Number::Decimal(l) if l.len() > 1 => Some(Number::Decimal(l[..l.len() - 1].to_vec())),
            _ => None,
        }
    }

    /// The next number at the same level (`5.2` → `5.3`, `6¹` → `7`, `IV` → `V`, `а)` → `б)`).
    pub fn next_sibling(&self) -> Option<Number> {
        match self {
            Number::Decimal(l) => {
                let mut l = l.clone();
                let last = l.last_mut()?;
                last.n = last.n.checked_add(1)?;
                last.sup = 0;
                Some(Number::Decimal(l))
            }
            Number::Roman(n) => Some(Number::Roman(n + 1)),
            Number::Paren(n) => Some(Number::Paren(n + 1)),
            Number::Letter(c) => {
                let letters: Vec<char> = UK_ALPHABET.chars().collect();
                let i = letters.iter().position(|x| x == c)?;
                letters.get(i + 1).copied().map(Number::Letter)
            }
        }
    }

    /// The last level's plain value (for ranges and sequence checks).
    pub fn last_value(&self) -> Option<u32> {
        match self {
            Number::Decimal(l) => l.last().map(|x| x.n),
            Number::Roman(n) | Number::Paren(n) => Some(*n),
            Number::Letter(c) => UK_ALPHABET
                .chars()
                .position(|x| x == *c)
                .map(|p| p as u32 + 1),
        }
    }

    /// A number of the same shape and prefix with another last value (`5.2`, 7 → `5.7`).
    pub fn with_last_value(&self, v: u32) -> Option<Number> {
        match self {
            Number::Decimal(l) => {
                let mut l = l.clone();
                *l.last_mut()? = Level { n: v, sup: 0 };
                Some(Number::Decimal(l))
            }
            Number::Roman(_) => Some(Number::Roman(v)),
            Number::Paren(_) => Some(Number::Paren(v)),
            Number::Letter(_) => UK_ALPHABET
                .chars()
                .nth(v.checked_sub(1)? as usize)
                .map(Number::Letter),
        }
    }

    /// The numbers of a range by value, both ends included (`5.2`–`5.4` → `5.2, 5.3, 5.4`), when
    /// both ends share shape and prefix and carry no superscripts; `None` otherwise. Used for
    /// slots of the new edition; ranges of existing units are expanded over siblings instead.
    pub fn range_values(from: &Number, to: &Number) -> Option<Vec<Number>> {
        if from.depth() != to.depth() {
            return None;
        }
        if let (Number::Decimal(a), Number::Decimal(b)) = (from, to) {
            if a[..a.len() - 1] != b[..b.len() - 1] || a.iter().chain(b).any(|l| l.sup != 0) {
                return None;
            }
        } else if std::mem::discriminant(from) != std::mem::discriminant(to) {
            return None;
        }
        let (x, y) = (from.last_value()?, to.last_value()?);
        if y < x || y - x > 100_000 {
            return None;
        }
        (x..=y).map(|v| from.with_last_value(v)).collect()
    }
}

/// Fold a Latin look-alike of a Cyrillic letter label to the Cyrillic letter, lower case.
pub fn fold_letter(c: char) -> Option<char> {
    let lower: char = c.to_lowercase().next().unwrap_or(c);
    let folded = match lower {
        'a' => 'а',
        'b' => 'б',
        'e' => 'е',
        'i' => 'і',
        'o' => 'о',
        'c' => 'с',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        other => other,
    };
    UK_ALPHABET.contains(folded).then_some(folded)
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Decimal(levels) => {
                for (i, l) in levels.iter().enumerate() {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    write!(f, "{}{}", l.n, sup_str(l.sup))?;
                }
                Ok(())
            }
            Number::Roman(n) => f.write_str(&roman_str(*n)),
            Number::Paren(n) => write!(f, "{n})"),
            Number::Letter(c) => write!(f, "{c})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        for (input, canon) in [
            ("5", "5"),
            ("5.2.", "5.2"),
            ("22.4.11", "22.4.11"),
            ("6¹", "6¹"),
            ("5.2¹²", "5.2¹²"),
            ("IV", "IV"),
            ("ІV", "IV"),
            ("Х", "X"),
            ("1)", "1)"),
            ("а)", "а)"),
            ("a)", "а)"),
        ] {
            assert_eq!(
                Number::parse(input).map(|n| n.to_string()).as_deref(),
                Some(canon),
                "{input}"
            );
        }
        for bad in ["", "05", "5..2", "IIII", "VX", "5a", "¹", "1.", ")"] {
            if bad == "1." {
                continue;
            }
            assert_eq!(Number::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ordering_puts_superscripts_after_base() {
        let n = |s| Number::parse(s).unwrap();
        assert!(n("6") < n("6¹"));
        assert!(n("6¹") < n("6²"));
        assert!(n("6²") < n("7"));
        assert!(n("5.2") < n("5.10"));
        assert!(n("22.4.9") < n("22.4.11"));
    }

    #[test]
    fn ranges_and_rebase() {
        let n = |s| Number::parse(s).unwrap();
        let r = Number::range_values(&n("25.4"), &n("25.7")).unwrap();
        assert_eq!(
            r.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["25.4", "25.5", "25.6", "25.7"]
        );
        assert_eq!(Number::range_values(&n("25.4"), &n("26.7")), None);
        assert_eq!(n("5.2.1").rebase(&n("5.2"), &n("5.5")), Some(n("5.5.1")));
        assert_eq!(n("5.2").with_sup(1), Some(n("5.2¹")));
        assert_eq!(n("а)").next_sibling(), Some(n("б)")));
    }
}
