//! The `zminy` command line: runs the stages in order; all work lives in the library.
fn main() {}
