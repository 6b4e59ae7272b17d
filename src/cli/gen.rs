//! `give-and-take gen` (hidden): prints a synthetic scenario for benchmarks and stress tests.

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Number of nodes.
    #[arg(long, value_name = "N")]
    nodes: usize,
    /// The story has 2^K paths.
    #[arg(long, value_name = "K")]
    paths_log2: u32,
}

pub fn run(args: Args) -> ExitCode {
    match story::synthetic_ron(args.nodes, args.paths_log2) {
        Ok(ron) => {
            print!("{ron}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
