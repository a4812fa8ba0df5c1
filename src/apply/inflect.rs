//! Inflection of Ukrainian body names: find a name in any case, write another in the same case.
