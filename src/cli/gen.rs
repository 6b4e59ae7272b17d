//! `give-and-take gen` (hidden): prints a synthetic scenario for benchmarks and stress tests.

use std::process::ExitCode;

/// Which story to generate.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default)]
enum Shape {
    /// A row of binary stages with narration between (`--nodes`, `--paths-log2`).
    #[default]
    Stages,
    /// Issue 11's branching story: layers of choice nodes moving four balances by −2..+3
    /// (`--choice-nodes`, `--seed`).
    Counters,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shape of the story.
    #[arg(long, value_enum, default_value_t = Shape::Stages)]
    shape: Shape,
    /// Number of nodes (stages).
    #[arg(long, value_name = "N", required_if_eq("shape", "stages"))]
    nodes: Option<usize>,
    /// The story has 2^K paths (stages).
    #[arg(long, value_name = "K", required_if_eq("shape", "stages"))]
    paths_log2: Option<u32>,
    /// Number of choice nodes (counters).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    choice_nodes: usize,
    /// The seed the story is drawn from (counters).
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
}

pub fn run(args: Args) -> ExitCode {
    let ron = match args.shape {
        Shape::Stages => {
            story::synthetic_ron(args.nodes.unwrap_or(0), args.paths_log2.unwrap_or(0))
        }
        Shape::Counters => story::counters_ron(args.choice_nodes, args.seed),
    };
    match ron {
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
