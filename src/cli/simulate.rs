//! `give-and-take simulate`: many playthroughs with a blunt policy; the outcome distribution
//! with 95 % confidence intervals, and how fast the story plays.

use super::load_story;
use clap::builder::PossibleValuesParser;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use story::{Policy, Simulation, Story};

/// Version of the `--json` layout; bumped on any incompatible change.
pub const SCHEMA: &str = "give-and-take/simulate/1";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (or the id of a shipped scenario).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// How many playthroughs.
    #[arg(long, value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// How the choices are made: at random, always the first or last on offer, the kindest
    /// reply (acknowledge, else give, else neutral), the most giving, deflecting or taking.
    #[arg(long, default_value = "random",
          value_parser = PossibleValuesParser::new(Policy::ALL.map(Policy::name)))]
    policy: String,
    /// Playthrough i draws from seed S + i (`play --seed` replays one).
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let (name, story) = match load_story(&args.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let policy = Policy::from_name(&args.policy).expect("clap checked the name");
    let started = Instant::now();
    let sim = story::simulate(&story, policy, args.runs, args.seed);
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if args.json {
        let v = to_json(&story, &sim, args.seed, secs);
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        print_text(&story, &sim, &name, args.seed, secs);
    }
    ExitCode::SUCCESS
}

fn to_json(story: &Story, sim: &Simulation, seed: u64, secs: f64) -> serde_json::Value {
    let outcomes: Vec<_> = story
        .outcomes()
        .map(|o| {
            let (p, low, high) = sim.share(o);
            json!({
                "id": story.outcome_id(o),
                "tone": format!("{:?}", story.tone(o)),
                "runs": sim.outcomes[o.index()],
                "share": p,
                "ci95": [low, high],
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "scenario": story.id(),
        "policy": sim.policy.name(),
        "seed": seed,
        "runs": sim.runs,
        "outcomes": outcomes,
        "stuck": sim.stuck,
        "unfinished": sim.unfinished,
        "lines": sim.lines,
        "choices": sim.choices,
        "seconds": secs,
        "runs_per_second": sim.runs as f64 / secs,
        "lines_per_second": sim.lines as f64 / secs,
    })
}

fn print_text(story: &Story, sim: &Simulation, file: &str, seed: u64, secs: f64) {
    println!("{} — {file}", story.id());
    println!(
        "{} playthroughs, policy `{}`, seeds {seed}..{}",
        sim.runs,
        sim.policy.name(),
        seed.wrapping_add(sim.runs - 1)
    );
    let width = story
        .outcomes()
        .map(|o| story.outcome_id(o).len())
        .max()
        .unwrap_or(0);
    println!("\noutcomes (share, 95% confidence interval):");
    for o in story.outcomes() {
        let (p, low, high) = sim.share(o);
        println!(
            "  {:<width$}  {:<6}  {:>6.2}%  [{:.2}%, {:.2}%]  {} runs",
            story.outcome_id(o),
            format!("{:?}", story.tone(o)),
            p * 100.0,
            low * 100.0,
            high * 100.0,
            sim.outcomes[o.index()]
        );
    }
    if sim.stuck > 0 {
        println!("  stuck: {} runs (see `give-and-take check`)", sim.stuck);
    }
    if sim.unfinished > 0 {
        println!(
            "  unfinished after {} choices: {} runs",
            story::MAX_CHOICES_PER_RUN,
            sim.unfinished
        );
    }
    println!(
        "\n{:.3} s: {:.0} playthroughs/s, {:.0} lines/s ({} lines, {} choices)",
        secs,
        sim.runs as f64 / secs,
        sim.lines as f64 / secs,
        sim.lines,
        sim.choices
    );
}
