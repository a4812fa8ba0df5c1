//! Fuzz target: any bytes through ingest, and what ingest accepts through both parsers.
//! Run from the repository root: `cargo fuzz run ingest_parse -s none` (stable toolchain).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = zminy::ingest::ingest("fuzz", data) {
        let _ = zminy::parse::decision(&src, "fuzz");
        let _ = zminy::parse::document(&src, "fuzz/1");
    }
});
