//! The manual page, `roundtable man`: one page for the whole command, so
//! that `man roundtable` shows every command's options, not a list of
//! pages for each that nobody installed.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_mangen::Man;

use super::Cli;

/// The roff preamble `clap_mangen` puts before every section it renders;
/// once at the top of the page is enough.
const PREAMBLE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];

/// Writes the roff manual page for `roundtable` and all its commands.
pub fn write_man_page(out: &mut dyn Write) -> io::Result<()> {
    let mut cli = Cli::command();
    // Building fills in each command's full name ("roundtable new") for its
    // synopsis.
    cli.build();
    let page = Man::new(cli.clone());
    let mut roff = Vec::new();
    page.render_title(&mut roff)?;
    page.render_name_section(&mut roff)?;
    page.render_synopsis_section(&mut roff)?;
    page.render_description_section(&mut roff)?;
    page.render_options_section(&mut roff)?;
    writeln!(roff, ".SH COMMANDS")?;
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set() && c.get_name() != "help") {
        let name = command.get_bin_name().unwrap_or_else(|| command.get_name()).to_string();
        writeln!(roff, ".SS \"{name}\"")?;
        let section = Man::new(command.clone());
        let mut body = Vec::new();
        section.render_description_section(&mut body)?;
        section.render_synopsis_section(&mut body)?;
        if command.get_arguments().any(|a| !a.is_hide_set()) {
            section.render_options_section(&mut body)?;
        }
        // Each command is a subsection of COMMANDS, so its own section
        // headings become paragraph breaks.
        for line in String::from_utf8_lossy(&body).lines() {
            let line = if line.starts_with(".SH") { ".PP" } else { line };
            writeln!(roff, "{line}")?;
        }
    }
    page.render_version_section(&mut roff)?;

    let roff = String::from_utf8_lossy(&roff);
    let mut preamble_written = false;
    for line in roff.lines() {
        if PREAMBLE.contains(&line) {
            if preamble_written {
                continue;
            }
            if line == PREAMBLE[1] {
                preamble_written = true;
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}
