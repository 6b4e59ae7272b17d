//! The `give-and-take` command line: check, play, test, analyze, graph and diff scenario
//! files (and, without a command, the game).

mod analyze;
mod check;
mod diff;
// `gen` is a reserved word in Rust 2024.
#[path = "gen.rs"]
mod generator;
mod graph;
mod lsp;
mod play;
mod simulate;
mod test;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use story::{Lang, Source};

#[derive(Parser, Debug)]
#[command(
    name = "give-and-take",
    version,
    about = "Give and Take: the hidden balances of giving and taking with clients"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Also load scenarios from this folder (the game; hot-reloaded while playing).
    #[arg(long, global = true, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Language of the game and of `play` (en or nl).
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Show the author's debug overlay in the game (F1 toggles it).
    #[arg(long, global = true)]
    pub debug: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check scenario files: syntax, references, translations, reachability.
    Check(check::Args),
    /// Play a scenario in the terminal, interactively or from a choice script.
    Play(play::Args),
    /// Run the tests written inside scenario files.
    Test(test::Args),
    /// Explore every path: which outcomes the values allow, how likely, how to reach them.
    Analyze(analyze::Args),
    /// Play many times with a blunt policy: outcome shares with confidence intervals, speed.
    Simulate(simulate::Args),
    /// Print the story as a Graphviz DOT graph (or render it to SVG with `--svg`).
    Graph(graph::Args),
    /// Compare two versions of a scenario: would saved games still resume?
    Diff(diff::Args),
    /// Serve editors: a Language Server Protocol server on stdin/stdout.
    Lsp(lsp::Args),
    /// Print a synthetic scenario (for benchmarks).
    #[command(hide = true)]
    Gen(generator::Args),
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    Human,
    /// One line per diagnostic: `file:line:col: error[code]: message`.
    Short,
    /// A JSON array of diagnostics.
    Json,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language `{s}`: use en or nl"))
}

/// Runs the command line; without a command, starts the game (or says how to).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(a)) => check::run(a),
        Some(Command::Play(a)) => play::run(a, cli.lang.unwrap_or_default()),
        Some(Command::Test(a)) => test::run(a),
        Some(Command::Analyze(a)) => analyze::run(a),
        Some(Command::Simulate(a)) => simulate::run(a),
        Some(Command::Graph(a)) => graph::run(a),
        Some(Command::Diff(a)) => diff::run(a),
        Some(Command::Gen(a)) => generator::run(a),
        Some(Command::Lsp(a)) => lsp::run(a),
        None => start_game(&cli),
    }
}

#[cfg(feature = "game")]
fn start_game(cli: &Cli) -> ExitCode {
    give_and_take_game::run(give_and_take_game::Options {
        shipped: crate::paths::scenarios_dir(),
        assets: crate::paths::assets_dir(),
        data_dir: crate::paths::data_dir(),
        scenarios: cli.scenarios.clone(),
        lang: cli.lang,
        debug: cli.debug || cfg!(debug_assertions),
    })
}

#[cfg(not(feature = "game"))]
fn start_game(_cli: &Cli) -> ExitCode {
    eprintln!("this build has no window (built without the `game` feature).");
    eprintln!(
        "play in the terminal with `give-and-take play scenarios/quote_dispute.ron`, or see --help"
    );
    ExitCode::from(2)
}

/// Reads and checks one file. A name that is not a file is also looked up as a scenario
/// id among the shipped scenarios (`play quote_dispute`).
pub fn load(path: &Path) -> Result<Source, String> {
    Source::read(&resolve(path))
}

/// Loads a scenario that is to be run (play, analyze, simulate): its name and story, or, when
/// it cannot be read or has errors, the diagnostics printed and exit code 1.
pub fn load_story(path: &Path) -> Result<(String, story::Story), ExitCode> {
    let mut loaded = load(path).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })?;
    match loaded.checked.story.take() {
        Some(story) => Ok((loaded.name, story)),
        None => {
            print_diagnostics(&loaded, Format::Human);
            eprintln!(
                "{}: the scenario has errors; fix them first (`give-and-take check`)",
                loaded.name
            );
            Err(ExitCode::from(1))
        }
    }
}

fn resolve(path: &Path) -> PathBuf {
    if path.exists() || path.extension().is_some() || path.components().count() > 1 {
        return path.to_path_buf();
    }
    let shipped = crate::paths::scenarios_dir()
        .join(path)
        .with_extension("ron");
    if shipped.is_file() {
        shipped
    } else {
        path.to_path_buf()
    }
}

/// Prints diagnostics of one file in the chosen format (to stdout).
pub fn print_diagnostics(loaded: &Source, format: Format) {
    match format {
        Format::Human => print!("{}", loaded.render(std::io::stdout().is_terminal())),
        Format::Short => {
            for d in loaded.located() {
                println!("{d}");
            }
        }
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&loaded.located()).unwrap_or_default()
        ),
    }
}

/// Expands directories into their `*.ron` files.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let files = story::scenario_files(p)
                .map_err(|e| format!("{}: cannot read folder: {e}", p.display()))?;
            if files.is_empty() {
                return Err(format!("{}: no .ron files in this folder", p.display()));
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}
