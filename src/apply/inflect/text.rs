//! Folding text for matching (spaces, apostrophes, letter case) with a map back to the original bytes, and finding names in it.

use super::grammar::is_apostrophe;

/// A folded copy of a text: runs of whitespace are one space, apostrophes are `'`, soft hyphens
/// are dropped, non-breaking hyphens are `-`, and (if asked) letters are lower case.
pub(crate) struct Folded {
    pub text: String,
    /// For each byte of `text` (and one past its end), the byte offset in the original text of
    /// the character it came from.
    pub map: Vec<usize>,
}

pub(crate) fn fold(s: &str, lower: bool) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut in_space = false;
    for (i, c) in s.char_indices() {
        let mut push = |text: &mut String, c: char| {
            let before = text.len();
            text.push(c);
            map.extend(std::iter::repeat_n(i, text.len() - before));
        };
        if c.is_whitespace() {
            if !in_space {
                push(&mut text, ' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match c {
            '\u{ad}' => {}
            '\u{2011}' => push(&mut text, '-'),
            c if is_apostrophe(c) => push(&mut text, '\''),
            c if lower => {
                for l in c.to_lowercase() {
                    push(&mut text, l);
                }
            }
            c => push(&mut text, c),
        }
    }
    map.push(s.len());
    Folded { text, map }
}

/// A character that continues a word: a match may not start or end next to one.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '-' || is_apostrophe(c)
}

/// All non-overlapping occurrences of any key (folded, lower case) in `text`, as
/// (original start, original end, key index), leftmost first and the longest at a position.
pub(crate) fn find(text: &str, keys: &[String]) -> Vec<(usize, usize, usize)> {
    let folded = fold(text, true);
    let t = folded.text.as_str();
    let mut found = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        if key.is_empty() {
            continue;
        }
        let first_is_word = key.chars().next().is_some_and(is_word_char);
        let last_is_word = key.chars().next_back().is_some_and(is_word_char);
        for (pos, m) in t.match_indices(key.as_str()) {
            let end = pos + m.len();
            let before_ok =
                !first_is_word || !t[..pos].chars().next_back().is_some_and(is_word_char);
            let after_ok = !last_is_word || !t[end..].chars().next().is_some_and(is_word_char);
            if before_ok && after_ok {
                found.push((pos, end, k));
            }
        }
    }
    found.sort_by_key(|&(s, e, k)| (s, std::cmp::Reverse(e), k));
    let mut out = Vec::new();
    let mut taken = 0;
    for (s, e, k) in found {
        if s < taken {
            continue;
        }
        taken = e;
        let (Some(&os), Some(&oe)) = (folded.map.get(s), folded.map.get(e)) else {
            continue;
        };
        out.push((os, oe, k));
    }
    out
}

/// How the capitalisation of a found name differs from the name as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CapsChange {
    Same,
    FirstUpper,
    FirstLower,
    AllCaps,
}

impl CapsChange {
    /// Compare a found text with the name written in that form (both folded, not lowered).
    /// `None`: the two differ in the case of letters other than the first.
    pub fn between(found: &str, name: &str) -> Option<CapsChange> {
        if found == name {
            return Some(CapsChange::Same);
        }
        let mut f = found.chars();
        let mut n = name.chars();
        if let (Some(f0), Some(n0)) = (f.next(), n.next())
            && f.as_str() == n.as_str()
            && f0.to_lowercase().eq(n0.to_lowercase())
        {
            return Some(if f0.is_uppercase() {
                CapsChange::FirstUpper
            } else {
                CapsChange::FirstLower
            });
        }
        (found == name.to_uppercase()).then_some(CapsChange::AllCaps)
    }

    pub fn apply(self, s: &str) -> String {
        match self {
            CapsChange::Same => s.to_string(),
            CapsChange::FirstUpper => super::name::upper_first(s),
            CapsChange::FirstLower => super::name::lower_first(s),
            CapsChange::AllCaps => s.to_uppercase(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_maps_back() {
        let f = fold("А  б\n’В", true);
        assert_eq!(f.text, "а б 'в");
        assert_eq!(f.map.len(), f.text.len() + 1);
        assert_eq!(f.map[f.text.len()], "А  б\n’В".len());
    }

    #[test]
    fn find_respects_word_boundaries() {
        let keys = vec!["відділ".to_string()];
        assert!(find("відділення", &keys).is_empty());
        assert_eq!(find("у  відділ.", &keys), vec![(4, 16, 0)]);
    }

    #[test]
    fn caps() {
        assert_eq!(
            CapsChange::between("Відділ а", "відділ а"),
            Some(CapsChange::FirstUpper)
        );
        assert_eq!(
            CapsChange::between("ВІДДІЛ А", "відділ а"),
            Some(CapsChange::AllCaps)
        );
        assert_eq!(CapsChange::between("відділ А", "відділ а"), None);
    }
}
