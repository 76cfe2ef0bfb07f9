//! The command line: `roundtable [new|open|join|notes|check|export|scenarios|pack|completions|man|doctor]`.

pub mod doctor;
mod man;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::app::{self, App};
use crate::clock;
use crate::config::{self, Settings};
use crate::domain::session::{Mode, SOLO_PLAN, Session};
use crate::domain::{sanitize, validate};
use crate::export;
use crate::logging;
use crate::scenarios::{self, Origin};
use crate::serve;
use crate::store::folder::UnknownGroup;
use crate::store::locate::locate;
use crate::store::{self, atomic, paths};
use crate::theme::Theme;
use crate::web;

#[derive(Debug, Parser)]
#[command(
    name = "roundtable",
    version,
    propagate_version = true,
    about = "Run a council and third sector partnership workshop in the terminal."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Start in the projector view: the stage and its content in large
    /// text for the room, high contrast.
    #[arg(long)]
    pub projector: bool,
    /// How much goes into the log file: error, warn, info, debug or trace
    /// (default: info, or as `RUST_LOG` says). The log is never shown on the
    /// terminal; `roundtable doctor` says where it is.
    #[arg(long, global = true, value_enum, value_name = "LEVEL")]
    pub log_level: Option<LogLevel>,
    /// Print what to send with a bug report, as `roundtable doctor` does.
    #[arg(long, exclusive = true)]
    pub bug_report: bool,
}

/// How much goes into the log, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    /// Only what went wrong.
    Error,
    /// And what was refused or taken over.
    Warn,
    /// And saves, loads, locks, shared folders and tables joining.
    Info,
    /// And each file read and each connection's steps.
    Debug,
    /// Everything.
    Trace,
}

impl From<LogLevel> for tracing::level_filters::LevelFilter {
    fn from(level: LogLevel) -> Self {
        match level {
            LogLevel::Error => Self::ERROR,
            LogLevel::Warn => Self::WARN,
            LogLevel::Info => Self::INFO,
            LogLevel::Debug => Self::DEBUG,
            LogLevel::Trace => Self::TRACE,
        }
    }
}

impl Cli {
    /// Whether the command opens a screen (and so reads the settings).
    fn opens_a_screen(&self) -> bool {
        matches!(
            self.command,
            None | Some(Command::New { .. } | Command::Open { .. } | Command::Join { .. } | Command::Notes { .. })
        )
    }

    /// Whether the screen starts in the projector view (the flag is offered
    /// only by the commands that open a screen).
    pub fn projector(&self) -> bool {
        self.projector
            || matches!(
                self.command,
                Some(
                    Command::New { projector: true, .. }
                        | Command::Open { projector: true, .. }
                        | Command::Join { projector: true, .. }
                )
            )
    }
}

/// Serving the room: over SSH, so that tables join with the `ssh` every
/// laptop has, and on a web page, so that everyone joins from a phone;
/// nothing to install either way.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub listen: Listen,
    /// The room code tables type as the password and phones give on the
    /// page (default: a new one, two short words and digits).
    #[arg(long, requires = "listen", value_name = "CODE")]
    pub code: Option<String>,
    /// Let a table that joins with a name the room does not have start a
    /// group of that name (the facilitator can switch this in the groups list).
    #[arg(long, requires = "serve")]
    pub open_groups: bool,
}

/// Where the room is served: over SSH, on a page for phones, or both.
#[derive(Debug, Clone, Default, clap::Args)]
#[group(id = "listen", multiple = true)]
pub struct Listen {
    /// Serve the room over SSH on `[ADDR:]PORT` (for example 2222): each table
    /// types `ssh -p PORT GROUP@THIS-LAPTOP` and the room code.
    #[arg(long, value_name = "[ADDR:]PORT")]
    pub serve: Option<String>,
    /// Serve a page for phones on `[ADDR:]PORT` (for example 8080): everyone
    /// opens `http://THIS-LAPTOP:PORT` (or scans the QR code on the welcome
    /// screen), gives the room code and joins their table. Plain HTTP on the
    /// room's network: see the README.
    #[arg(long, value_name = "[ADDR:]PORT")]
    pub web: Option<String>,
}

impl ServeArgs {
    /// Whether the room is served at all.
    fn any(&self) -> bool {
        self.listen.serve.is_some() || self.listen.web.is_some()
    }
}

/// A served room's servers, started before anything is written so that a
/// port already in use stops the command with nothing left behind. Both
/// share one room code and one record of the addresses shut out.
struct Serving {
    ssh: Option<(serve::Server, std::sync::mpsc::Receiver<serve::TableEvent>)>,
    web: Option<(web::Server, std::sync::mpsc::Receiver<web::PhoneEvent>)>,
    code: serve::RoomCode,
    open_groups: bool,
}

impl ServeArgs {
    fn start(&self, data: &Path) -> Result<Option<Serving>, String> {
        if !self.any() {
            return Ok(None);
        }
        let ssh_addr = self.listen.serve.as_deref().map(serve::parse_listen).transpose()?;
        let web_addr = self.listen.web.as_deref().map(serve::parse_listen).transpose()?;
        let code = match &self.code {
            Some(code) if code.trim().is_empty() => {
                return Err("the room code is empty; give one or leave --code out".into());
            }
            Some(code) if code.chars().any(char::is_control) => {
                return Err("the room code has a control character in it; use letters, digits and dashes".into());
            }
            Some(code) => serve::RoomCode::new(code.trim()),
            None => serve::RoomCode::generate(),
        };
        let lockouts = serve::Lockouts::default();
        let ssh = match ssh_addr {
            Some(addr) => {
                let (tx, events) = std::sync::mpsc::channel();
                let mut config = serve::ServeConfig::new(addr, code.clone(), paths::host_key(data));
                config.lockouts = lockouts.clone();
                Some((serve::Server::start(config, tx).map_err(|e| e.to_string())?, events))
            }
            None => None,
        };
        let web = match web_addr {
            Some(addr) => {
                let (tx, events) = std::sync::mpsc::channel();
                let config = web::WebConfig::new(addr, code.clone(), lockouts);
                Some((web::Server::start(config, tx).map_err(|e| e.to_string())?, events))
            }
            None => None,
        };
        Ok(Some(Serving { ssh, web, code, open_groups: self.open_groups }))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new session and open it.
    New {
        /// A built-in or user scenario id, or a path to a scenario file.
        #[arg(long, short, default_value = "nlgn")]
        scenario: String,
        /// Who the session is for: a room of groups, one group, or one
        /// person practising alone.
        #[arg(long, value_enum, default_value_t = ModeArg::Room)]
        mode: ModeArg,
        /// Group names, separated by commas (default "Group 1"; solo practice
        /// has one plan, "My plan", unless a name is given).
        #[arg(long, short)]
        groups: Option<String>,
        /// The session's title.
        #[arg(long, short)]
        title: Option<String>,
        /// Where to save the session (default: the data directory).
        #[arg(long, short, conflicts_with = "folder")]
        file: Option<PathBuf>,
        /// A shared folder (network share or synced folder) for a room whose
        /// groups work on their own laptops with `roundtable join`.
        #[arg(long)]
        folder: Option<PathBuf>,
        /// Start in the projector view.
        #[arg(long)]
        projector: bool,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Join a room in a shared folder as one group, on this laptop.
    Join {
        /// The room's shared folder, as the facilitator gave it to `roundtable new --folder`.
        folder: PathBuf,
        /// This group's name in the room, as the facilitator gave it (upper
        /// or lower case alike).
        #[arg(long, short)]
        group: String,
        /// Start a new group with this name if the room does not have one
        /// (without it, an unknown name is refused, so a typo adds no group).
        #[arg(long)]
        new_group: bool,
        /// Start in the projector view.
        #[arg(long)]
        projector: bool,
    },
    /// Open a saved session.
    Open {
        /// The session file, or a shared folder's `room.ron`.
        file: PathBuf,
        /// Look without changing anything (for a session open elsewhere).
        #[arg(long, conflicts_with = "listen")]
        read_only: bool,
        /// Start in the projector view.
        #[arg(long)]
        projector: bool,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// A read-only presenter console that follows a session (current and
    /// next slide or stage, speaker notes, timer, each group's progress, a
    /// preview of the projector), for the facilitator's laptop.
    Notes {
        /// The session file the main screen saves, or a shared folder's `room.ron`.
        file: PathBuf,
    },
    /// Check scenario and session files; errors give <file:line:column>.
    Check {
        /// Scenario, session or group files (any mix).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write a report of a session.
    Export {
        /// The session file to report on.
        file: PathBuf,
        /// The report's format.
        #[arg(long, short, value_enum, default_value_t = Format::Md)]
        format: Format,
        /// Output file (default: standard output). An existing file is
        /// replaced only if it is a report of the same format.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output file even if it is not a report.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// List the built-in and user scenarios.
    Scenarios,
    /// Write a scenario's printable facilitator's pack (HTML): agenda, council
    /// brief, role cards, card decks, the areas, the map and a plan sheet.
    Pack {
        /// A built-in or user scenario id, or a path to a scenario file.
        scenario: String,
        /// Output file (default: standard output). An existing file is
        /// replaced only if it is a pack or an HTML report.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print a shell's completion script to standard output, for example
    /// `roundtable completions bash > ~/.local/share/bash-completion/completions/roundtable`.
    Completions {
        /// The shell to complete commands and options in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output: `roundtable man | man -l -`.
    Man,
    /// Print what someone helping with a problem needs: the version, the
    /// system, the terminal and its colours, where the files and the log
    /// are (and whether they can be written), and the log's last lines.
    Doctor,
    /// Print where the settings file is, whether it can be read, and every
    /// setting at its default (themes and keys), written as the file would
    /// say it.
    Config,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// A facilitator's room with several groups.
    Room,
    /// One group's own session.
    Group,
    /// Practising alone, with hints and a debrief.
    Solo,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Room => Mode::Room,
            ModeArg::Group => Mode::Group,
            ModeArg::Solo => Mode::Solo,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// A self-contained, printable HTML page.
    Html,
    /// CSV of the actions, one row each.
    Csv,
}

impl From<Format> for export::Format {
    fn from(f: Format) -> export::Format {
        match f {
            Format::Md => export::Format::Markdown,
            Format::Html => export::Format::Html,
            Format::Csv => export::Format::Csv,
        }
    }
}

/// A problem the user can fix: printed plainly (and logged), exit code 1.
#[allow(clippy::unnecessary_wraps, reason = "called as `return fail(..)` from functions that return this")]
fn fail(message: impl std::fmt::Display) -> color_eyre::Result<ExitCode> {
    let message = message.to_string();
    // One line in the log, the hint after the problem.
    tracing::error!("{}", message.lines().map(str::trim).collect::<Vec<_>>().join(" "));
    eprintln!("roundtable: {message}");
    Ok(ExitCode::from(1))
}

/// Commands that draw a screen stop here, before anything is written, when
/// there is no terminal: a cron job or a pipe must not leave a new session
/// file or a lock behind and then fail.
fn without_terminal() -> Option<color_eyre::Result<ExitCode>> {
    use std::io::IsTerminal;
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    (!terminal).then(|| {
        fail("this command opens a screen and needs a terminal (standard input and output are not one); run it in a terminal window")
    })
}

/// The command's name as typed, for the log (its arguments may hold a room
/// code, so they are not logged).
fn command_name(command: Option<&Command>) -> &'static str {
    match command {
        None => "home",
        Some(Command::New { .. }) => "new",
        Some(Command::Join { .. }) => "join",
        Some(Command::Open { .. }) => "open",
        Some(Command::Notes { .. }) => "notes",
        Some(Command::Check { .. }) => "check",
        Some(Command::Export { .. }) => "export",
        Some(Command::Scenarios) => "scenarios",
        Some(Command::Pack { .. }) => "pack",
        Some(Command::Completions { .. }) => "completions",
        Some(Command::Man) => "man",
        Some(Command::Doctor) => "doctor",
        Some(Command::Config) => "config",
    }
}

/// Runs the command line: the log is started first (before any terminal
/// is set up) for every command that does something, and says how each run
/// ended.
pub fn run(cli: Cli) -> color_eyre::Result<ExitCode> {
    if cli.bug_report && cli.command.is_some() {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--bug-report is a command of its own: give it alone, or run `roundtable doctor`",
            )
            .exit();
    }
    // Printing a completion script, the manual or the doctor's report
    // leaves no trace (the report shows the log as it was).
    if cli.bug_report
        || matches!(cli.command, Some(Command::Completions { .. } | Command::Man | Command::Doctor | Command::Config))
    {
        return run_command(cli);
    }
    logging::start(cli.log_level.map(Into::into));
    let command = command_name(cli.command.as_ref());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), pid = std::process::id(), "roundtable {command} started");
    let result = run_command(cli);
    match &result {
        Ok(code) if *code == ExitCode::SUCCESS => tracing::info!("roundtable {command} finished"),
        Ok(_) => tracing::info!("roundtable {command} finished with a problem"),
        Err(e) => tracing::error!("roundtable {command} failed: {e:#}"),
    }
    result
}

fn run_command(cli: Cli) -> color_eyre::Result<ExitCode> {
    if cli.bug_report {
        return doctor();
    }
    let data = paths::data_dir();
    // Settings that cannot be used stop a screen before anything is
    // written: a key doing something else in front of a room is worse.
    let settings = if cli.opens_a_screen() {
        match Settings::load(&paths::config_file()) {
            Ok(settings) => settings,
            Err(e) => {
                return fail(format!("{e}\n  The settings file is read by every screen; fix it or move it away."));
            }
        }
    } else {
        Settings::default()
    };
    let look = Look { projector: cli.projector(), settings };
    let run_tui = |app: App| run_tui(app, &look);
    let claim_and_run = |data, open, read_only, serving| claim_and_run(data, open, read_only, &look, serving);
    match cli.command {
        None => match without_terminal() {
            Some(stop) => stop,
            None => run_tui(App::home(data)),
        },
        Some(Command::New { scenario, mode, groups, title, file, folder, serve, .. }) => {
            let scenario = match scenarios::resolve(&scenario, &paths::scenarios_dir(&data)) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let now = clock::now_unix();
            let title = title.unwrap_or_else(|| app::default_title(now, clock::local_zone()));
            let mode = Mode::from(mode);
            let groups: Vec<String> = match (mode, groups) {
                (Mode::Solo, given) => {
                    let first = given.and_then(|g| g.split(',').next().map(str::to_string));
                    vec![first.unwrap_or_else(|| SOLO_PLAN.to_string())]
                }
                (_, given) => given.unwrap_or_else(|| "Group 1".into()).split(',').map(str::to_string).collect(),
            };
            let session = Session::new(&title, scenario, mode, &groups, now);
            if folder.is_some()
                && let Some((a, b)) = store::folder::clashing_names(&session.groups)
            {
                return fail(format!(
                    "the groups \"{a}\" and \"{b}\" would share one file in the folder; give them names that differ in their letters or digits"
                ));
            }
            if let Some(stop) = without_terminal() {
                return stop;
            }
            if serve.any() && folder.is_some() {
                return fail(
                    "a room is served (over SSH or to phones) or shared through a folder, not both: leave out --serve and --web, or --folder",
                );
            }
            if serve.any() && mode == Mode::Solo {
                return fail(
                    "practising alone there are no tables to serve: leave out --serve and --web, or use --mode room",
                );
            }
            let serving = match serve.start(&data) {
                Ok(serving) => serving,
                Err(e) => return fail(format!("cannot serve the room: {e}")),
            };
            if let Some(dir) = folder {
                if app::folder_has_room(&dir) {
                    return fail(format!(
                        "{} already holds a room; open it with `roundtable open {}`",
                        dir.display(),
                        store::folder::room_path(&dir).display()
                    ));
                }
                if let Err(e) = store::folder::create_room(&dir, &session) {
                    return fail(format!("cannot create the room in {}: {e}", dir.display()));
                }
                return match app::open_room(&dir) {
                    Ok(open) => claim_and_run(data, open, false, None),
                    Err(e) => fail(e),
                };
            }
            let path = match file {
                Some(path) if path.exists() => {
                    return fail(format!(
                        "{} already exists; open it with `roundtable open` or choose another name",
                        path.display()
                    ));
                }
                Some(path) => path,
                None => {
                    paths::new_session_path(&paths::sessions_dir(&data), &title, &clock::date(now, clock::local_zone()))
                }
            };
            if let Err(e) = store::save_session(&session, &path) {
                return fail(format!("cannot write {}: {e}", path.display()));
            }
            claim_and_run(data, app::OpenSession::new(session, path), false, serving)
        }
        Some(Command::Join { folder, group, new_group, .. }) => {
            let unknown = if new_group { UnknownGroup::Create } else { UnknownGroup::Refuse };
            match app::join_room(&folder, &group, unknown) {
                Ok(open) => claim_and_run(data, open, false, None),
                Err(e) if !app::folder_has_room(&folder) => fail(format!(
                    "{e}\n  There is no room in {}: the facilitator starts one with `roundtable new --folder {}`.",
                    folder.display(),
                    folder.display()
                )),
                Err(e) => fail(e),
            }
        }
        Some(Command::Open { file, read_only, serve, .. }) => {
            // Through a symbolic link, the session is the file it points to:
            // locked and saved there, so a link cannot open it twice.
            let file = atomic::resolve_link(&file).unwrap_or(file);
            let session = match store::load_session(&file) {
                Ok(session) => session,
                Err(e) => return fail(e),
            };
            // What the file holds, not its name, says whether it is the
            // room of a shared folder.
            if store::folder::is_room(&session, &file) {
                if serve.any() {
                    return fail(format!(
                        "{} is the room of a shared folder, whose groups write their own files: a room is served (over SSH or to phones) or shared through a folder, not both; leave out --serve and --web",
                        file.display()
                    ));
                }
                let dir = file.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
                return match app::open_room(&dir) {
                    Ok(open) => claim_and_run(data, open, read_only, None),
                    Err(e) => fail(e),
                };
            }
            if serve.any() && session.mode == Mode::Solo {
                return fail("this is solo practice: there are no tables to serve, so leave out --serve and --web");
            }
            // A server is started only where it can be used.
            if serve.any()
                && let Some(stop) = without_terminal()
            {
                return stop;
            }
            let serving = match serve.start(&data) {
                Ok(serving) => serving,
                Err(e) => return fail(format!("cannot serve the room: {e}")),
            };
            claim_and_run(data, app::OpenSession::new(session, file), read_only, serving)
        }
        Some(Command::Check { files }) => Ok(check(&files)),
        Some(Command::Notes { file }) => {
            if let Err(e) = store::load_session(&file) {
                return fail(e);
            }
            if let Some(stop) = without_terminal() {
                return stop;
            }
            run_tui(App::console(file))
        }
        Some(Command::Export { file, format, output, force }) => {
            let session = match store::load_session(&file) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let report = export::render(&session, format.into(), clock::local_zone());
            match output {
                Some(out) => {
                    match export::file::write_report(&out, format.into(), &report, force) {
                        Ok(()) => {}
                        Err(e @ export::file::ReportWriteError::NotAReport { .. }) => {
                            return fail(format!("{e}.\n  Choose another name, or add --force to replace it."));
                        }
                        Err(e) => return fail(e),
                    }
                    println!("Report written to {}", out.display());
                }
                None => std::io::stdout().write_all(report.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Pack { scenario, output }) => {
            match export::pack::make(&scenario, &paths::scenarios_dir(&data), output.as_deref()) {
                Ok(Some(html)) => std::io::stdout().write_all(html.as_bytes())?,
                Ok(None) => println!("Pack written to {}", output.unwrap_or_default().display()),
                Err(e) => return fail(e),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            // Written whole, so that a closed pipe is an error rather than a
            // panic half-way through the script.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "roundtable", &mut script);
            std::io::stdout().write_all(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            man::write_man_page(&mut page)?;
            std::io::stdout().write_all(&page)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Doctor) => doctor(),
        Some(Command::Config) => show_config(),
        Some(Command::Scenarios) => {
            let dir = paths::scenarios_dir(&data);
            for listed in scenarios::list(&dir) {
                let origin = match &listed.origin {
                    Origin::BuiltIn => "built-in".to_string(),
                    Origin::User(p) => p.display().to_string(),
                };
                match &listed.scenario {
                    Ok(s) => println!("{:<16} {}  [{origin}]", s.id, s.title),
                    Err(e) => println!("{:<16} cannot be loaded: {e}", "(broken)"),
                }
            }
            println!("\nAdd your own as .ron files in {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `roundtable config`: the file, whether it is in use, and the defaults.
fn show_config() -> color_eyre::Result<ExitCode> {
    let path = paths::config_file();
    let mut out = String::new();
    out.push_str(&format!("Settings file: {}\n", path.display()));
    let loaded = Settings::load(&path);
    match &loaded {
        Ok(_) if !path.exists() => out.push_str(
            "  (not there: every setting is at its default. To change one, create the file with only that setting.)\n",
        ),
        Ok(settings) => {
            let changed = if settings.keys == crate::keys::Keymap::default() { "none" } else { "some" };
            out.push_str(&format!(
                "  In use: theme {}, projector theme {}, keys changed: {changed}.\n",
                settings.theme.as_str(),
                settings.projector_theme.as_str()
            ));
        }
        Err(_) => {}
    }
    out.push_str(&format!("  Documented in docs/configuration.md; {} points it elsewhere.\n\n", paths::CONFIG_DIR_ENV));
    out.push_str(&config::defaults_text());
    std::io::stdout().write_all(out.as_bytes())?;
    match loaded {
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(e) => fail(format!("{e}\n  The screens will not open until it is fixed or moved away.")),
    }
}

fn doctor() -> color_eyre::Result<ExitCode> {
    let mut report = Vec::new();
    doctor::write_report(&mut report)?;
    std::io::stdout().write_all(&report)?;
    Ok(ExitCode::SUCCESS)
}

/// Whether a file is a group's file from a shared-folder room.
fn looks_like_group_file(path: &Path, text: &str) -> bool {
    path.to_string_lossy().ends_with(store::folder::GROUP_SUFFIX) || text.trim_start().starts_with("GroupFile(")
}

/// Whether a file holds a session (it has a format version) or a scenario.
fn looks_like_session(text: &str) -> bool {
    text.contains("schema_version")
}

/// Checks each file; prints one line per problem. Exit code 1 if any.
pub fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in files {
        let report = check_one(path);
        match report {
            Ok(summary) => println!("ok    {}: {summary}", path.display()),
            Err(problems) => {
                failed = true;
                for p in problems {
                    eprintln!("error {p}");
                }
            }
        }
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn check_one(path: &Path) -> Result<String, Vec<String>> {
    // The same reading as opening: the size limit first, then UTF-8 (a
    // byte order mark is fine).
    let text = store::format::read_text(path).map_err(|e| vec![e.to_string()])?;
    if looks_like_group_file(path, &text) {
        let file = store::format::parse_group_file(&text, path).map_err(|e| vec![e.to_string()])?;
        let g = &file.group;
        return Ok(format!(
            "group file \"{}\": {}, {}, {}",
            sanitize::clean(&g.name),
            crate::domain::plural(g.barriers.len(), "barrier"),
            crate::domain::plural(g.solutions.len(), "solution"),
            crate::domain::plural(g.actions.len(), "action")
        ));
    }
    // Each problem names the file, the line and column where the field
    // can be found, and the field's path.
    let named = |problems: Vec<validate::Problem>| -> Vec<String> {
        problems
            .into_iter()
            .map(|p| match locate(&text, &p.path) {
                Some((line, col)) => format!("{}:{line}:{col}: {p}", path.display()),
                None => format!("{}: {p}", path.display()),
            })
            .collect()
    };
    if looks_like_session(&text) {
        let session = store::load_session(path).map_err(|e| vec![e.to_string()])?;
        let problems = validate::check_session(&session);
        if problems.is_empty() {
            Ok(format!("session \"{}\", {}", session.title, crate::domain::plural(session.groups.len(), "group")))
        } else {
            Err(named(problems))
        }
    } else {
        let scenario = store::load_scenario_file(path).map_err(|e| vec![e.to_string()])?;
        let problems = validate::check_scenario(&scenario, &scenarios::built_in());
        if problems.is_empty() { Ok(format!("scenario \"{}\"", scenario.id)) } else { Err(named(problems)) }
    }
}

/// Takes the one-writer lock, or explains who has the session, then runs.
fn claim_and_run(
    data: PathBuf,
    mut open: app::OpenSession,
    read_only: bool,
    look: &Look,
    serving: Option<Serving>,
) -> color_eyre::Result<ExitCode> {
    if read_only {
        open.read_only = true;
    } else if let Err(e) = open.lock() {
        if matches!(open.link, app::Link::Group(_)) {
            return fail(group_lock_message(&open.written_path(), &e));
        }
        return fail(format!(
            "{}: {e}.\n  Close it there first, or look without changing anything: roundtable open --read-only {}",
            open.path.display(),
            open.path.display()
        ));
    }
    // After the lock, so that a session open elsewhere is named as such;
    // the lock is let go (and its file removed) on the way out.
    if let Some(stop) = without_terminal() {
        return stop;
    }
    let mut app = App::with_open(data, open);
    if let Some(s) = serving {
        if let Some((server, events)) = s.ssh {
            app.serve(server, events, s.code.clone(), s.open_groups);
        }
        if let Some((server, events)) = s.web {
            app.serve_phones(server, events, s.code);
        }
    }
    // A new group's file is written now, before the first key; if it
    // cannot be, the screen says so and saving is retried.
    let _ = app.save_now();
    run_tui(app, look)
}

/// Why a group cannot be joined here: its file is held by the Roundtable
/// named in the lock, on this laptop or another.
fn group_lock_message(path: &Path, err: &store::lock::LockError) -> String {
    use store::lock::LockError;
    let why = match err {
        LockError::Held(Some(holder)) => format!("this group is already joined in another Roundtable: {holder}"),
        LockError::Held(None) => "this group is already joined in another Roundtable".to_string(),
        LockError::Io(e) => format!("cannot lock the group's file: {e}"),
    };
    let what_to_do = match err {
        LockError::Held(_) => {
            "Each group works from one Roundtable at a time: carry on there, or quit it and join again."
        }
        LockError::Io(_) => "Check that the shared folder is writable from this machine.",
    };
    format!("{}: {why}.\n  {what_to_do}", path.display())
}

/// How the screen looks: the projector view or not, and the user's
/// settings.
struct Look {
    projector: bool,
    settings: Settings,
}

fn run_tui(mut app: App, look: &Look) -> color_eyre::Result<ExitCode> {
    app.screen.projector = look.projector;
    app.screen.keys = look.settings.keys.clone();
    app.screen.mouse = look.settings.mouse;
    // Asked before the terminal is taken over: the question needs the
    // terminal's answer, which the app's own input would otherwise read.
    let background = crate::term::background(&look.settings);
    app.screen.theme = Theme::chosen(look.settings.theme, look.settings.projector_theme, background);
    tracing::info!(?background, theme = ?look.settings.theme, projector = ?look.settings.projector_theme, "theme chosen");
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    if look.settings.mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    app.screen.letters = crate::term::letters();
    // A panic restores the terminal (ratatui's hook, then color-eyre's
    // report); catching it here lets the session be saved before the
    // process ends.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| app::run(&mut terminal, &mut app)));
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    if look.settings.mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    }
    ratatui::restore();
    // Whatever ended the app, the work goes to disk first: its own file,
    // or an emergency copy, and the user is told which.
    app.finish();
    let farewell = |app: &App| {
        for line in &app.work.farewell {
            if app.work.ended_badly { eprintln!("{line}") } else { println!("{line}") }
        }
    };
    match result {
        Ok(Ok(())) => {
            farewell(&app);
            Ok(if app.work.ended_badly { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        // The terminal itself failed (it was closed, or its input broke):
        // a plain message, not a backtrace.
        Ok(Err(e)) => {
            farewell(&app);
            fail(format!("the terminal stopped working: {e}"))
        }
        Err(panic) => {
            farewell(&app);
            std::panic::resume_unwind(panic);
        }
    }
}
