//! The `zminy` command line: parses arguments and runs the library's stages in order.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = zminy::cli::Cli::parse();
    ExitCode::from(zminy::cli::run(cli))
}
