//! Roundtable's entry point: parse the command line, install the error and
//! panic hooks (before the terminal is set up, so a panic restores it), run.

use std::process::ExitCode;

use clap::Parser;

fn main() -> color_eyre::Result<ExitCode> {
    color_eyre::install()?;
    roundtable::cli::run(roundtable::cli::Cli::parse())
}
