//! The seed of the property runs: fixed, so CI is repeatable; `ZMINY_RANDOM=1` explores new cases.

pub fn rng_seed() -> proptest::test_runner::RngSeed {
    if std::env::var_os("ZMINY_RANDOM").is_some() {
        proptest::test_runner::RngSeed::Random
    } else {
        proptest::test_runner::RngSeed::Fixed(1460)
    }
}
