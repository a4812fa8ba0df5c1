//! Per-stage benchmarks (placeholder until written).
fn main() {}
