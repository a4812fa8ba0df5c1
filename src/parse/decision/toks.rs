//! A token slice as a nom 8 input, so that the formula grammar is written with nom's
//! combinators over tokens rather than characters.

use super::lex::Tok;
use nom::{Input, Needed};

/// The tokens still to parse.
#[derive(Clone, Copy, Debug)]
pub struct Toks<'a> {
    pub toks: &'a [Tok<'a>],
}

impl<'a> Toks<'a> {
    pub fn new(toks: &'a [Tok<'a>]) -> Toks<'a> {
        Toks { toks }
    }

    pub fn first(&self) -> Option<&'a Tok<'a>> {
        self.toks.first()
    }

    pub fn get(&self, i: usize) -> Option<&'a Tok<'a>> {
        self.toks.get(i)
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn skip(&self, n: usize) -> Toks<'a> {
        Toks {
            toks: self.toks.get(n..).unwrap_or(&[]),
        }
    }
}

impl<'a> Input for Toks<'a> {
    type Item = &'a Tok<'a>;
    type Iter = std::slice::Iter<'a, Tok<'a>>;
    type IterIndices = std::iter::Enumerate<std::slice::Iter<'a, Tok<'a>>>;

    fn input_len(&self) -> usize {
        self.toks.len()
    }

    fn take(&self, index: usize) -> Self {
        Toks {
            toks: &self.toks[..index.min(self.toks.len())],
        }
    }

    fn take_from(&self, index: usize) -> Self {
        self.skip(index)
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        let i = index.min(self.toks.len());
        let (a, b) = self.toks.split_at(i);
        (Toks { toks: b }, Toks { toks: a })
    }

    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.toks.iter().position(predicate)
    }

    fn iter_elements(&self) -> Self::Iter {
        self.toks.iter()
    }

    fn iter_indices(&self) -> Self::IterIndices {
        self.toks.iter().enumerate()
    }

    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.toks.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.toks.len()))
        }
    }
}
