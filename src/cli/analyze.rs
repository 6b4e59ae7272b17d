//! `give-and-take analyze`: which endings the values allow, how likely each is, a script that
//! reaches it, and lints. The `--json` form is documented in docs/authoring.md, "Analysis".

use super::load_story;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;
use story::{
    Analysis, AnalysisOptions, Answer, BalanceKind, Limit, Lint, PartyId, RunError, Story,
    StrategyReport, Witness,
};

/// Version of the `--json` layout; bumped on any incompatible change.
pub const SCHEMA: &str = "give-and-take/analyze/1";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (or the id of a shipped scenario).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Print the report as JSON (schema in docs/authoring.md, "Analysis").
    #[arg(long)]
    json: bool,
    /// Stop exploring after this many distinct states.
    #[arg(long, value_name = "N", default_value_t = story::DEFAULT_MAX_STATES)]
    max_states: usize,
    /// Stop exploring when the explored states take about this much memory (megabytes).
    #[arg(long, value_name = "MB", default_value_t = story::DEFAULT_MAX_BYTES >> 20)]
    max_memory: usize,
    /// Stop exploring after this many seconds (0: no limit), once past 1,500,000 states;
    /// the outcomes it did not settle are then answered by interval bounds and a guided
    /// search.
    #[arg(long, value_name = "S", default_value_t = story::DEFAULT_MAX_TIME.as_secs_f64())]
    max_seconds: f64,
}

pub fn run(args: Args) -> ExitCode {
    let (name, story) = match load_story(&args.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let story = &story;
    let a = story::analyze(
        story,
        &AnalysisOptions {
            max_states: args.max_states,
            max_bytes: args.max_memory.saturating_mul(1 << 20),
            max_time: (args.max_seconds > 0.0)
                .then(|| std::time::Duration::from_secs_f64(args.max_seconds.min(1e9))),
            timed_after: story::DEFAULT_TIMED_AFTER,
            find_seeds: true,
            walk_threads: 1,
        },
    );
    if args.json {
        let v = to_json(story, &a, &name);
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        print_text(story, &a, &name);
    }
    ExitCode::SUCCESS
}

fn pid(story: &Story, p: PartyId) -> &str {
    story.party_id(p)
}

fn error_kind(e: &RunError) -> &'static str {
    match e {
        RunError::Loop { .. } => "loop",
        RunError::NoOutcome { .. } => "no_outcome",
        RunError::NoReaction { .. } => "no_reaction",
        RunError::NoChoice { .. } => "no_choice",
        RunError::BadChoice { .. } => "bad_choice",
        RunError::Ended => "ended",
    }
}

fn witness_json(story: &Story, w: &Witness) -> Value {
    json!({
        "choices": w.choices,
        // Unknown (null) for a witness found by random play after the exploration stopped.
        "probability": (!w.probability.is_nan()).then_some(w.probability),
        "seed": w.seed,
        "draws": w.draws,
        "reactions": w.reactions.iter().map(|d| json!({
            "node": story.node_id(d.node),
            "reaction": d.reaction.index() + 1,
            "chance": d.chance,
        })).collect::<Vec<_>>(),
    })
}

fn balance_json(story: &Story, kind: BalanceKind, min: i32, max: i32) -> Value {
    match kind {
        BalanceKind::Credit {
            holder,
            with,
            layer,
        } => json!({
            "kind": "credit", "holder": pid(story, holder), "with": pid(story, with),
            "layer": format!("{layer:?}").to_lowercase(), "min": min, "max": max,
        }),
        BalanceKind::Felt { who, toward } => json!({
            "kind": "felt", "who": pid(story, who), "toward": pid(story, toward),
            "min": min, "max": max,
        }),
    }
}

fn strategy_json(story: &Story, s: &StrategyReport) -> Value {
    let outcomes: serde_json::Map<String, Value> = s
        .outcomes
        .iter()
        .zip(story.outcomes())
        .map(|(p, o)| (story.outcome_id(o).to_string(), json!(p)))
        .collect();
    json!({
        "name": s.policy.name(),
        "bright": s.bright,
        "stuck": s.stuck,
        "outcomes": outcomes,
    })
}

fn lint_json(story: &Story, l: &Lint) -> Value {
    let (outcome, strategy, choice) = match *l {
        Lint::UnreachedOutcome { outcome } => (Some(story.outcome_id(outcome)), None, None),
        Lint::DominantStrategy { policy, .. } => (None, Some(policy.name()), None),
        Lint::ChoiceNeverOffered { choice, .. } => (None, None, Some(choice.index() + 1)),
        _ => (None, None, None),
    };
    json!({
        "lint": l.name(),
        "node": l.node().map(|n| story.node_id(n)),
        "outcome": outcome,
        "strategy": strategy,
        "choice": choice,
        "message": l.message(story),
    })
}

/// The stable JSON report (docs/authoring.md, "Analysis").
pub fn to_json(story: &Story, a: &Analysis, file: &str) -> Value {
    json!({
        "schema": SCHEMA,
        "scenario": story.id(),
        "file": file,
        "states": a.states,
        "transitions": a.transitions,
        "max_states": a.max_states,
        "max_memory_mb": a.max_bytes >> 20,
        "max_seconds": a.max_time.map(|t| t.as_secs_f64()),
        "stopped_by": a.stopped_by.map(|l| match l {
            Limit::States => "states",
            Limit::Memory => "memory",
            Limit::Time => "time",
        }),
        "answers": answers_json(a),
        "bounds_cells": a.bounds_cells,
        "complete": a.complete,
        "approximate": a.approximate,
        "never_ends": a.never_ends,
        "unexplored": a.unexplored,
        "outcomes": a.outcomes.iter().map(|r| json!({
            "id": story.outcome_id(r.outcome),
            "tone": format!("{:?}", story.tone(r.outcome)),
            "reachable": r.reachable,
            "probability": r.probability,
            "witness": r.witness.as_ref().map(|w| witness_json(story, w)),
            "found_by_search": r.found_by_search,
            "answer": r.answer.map(Answer::name),
            "exact": exact(a, r),
            "unreachable_because": r.unreachable_because,
            "balances": r.balances.iter()
                .map(|b| balance_json(story, b.kind, b.min, b.max))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "stuck": a.stuck.iter().map(|s| json!({
            "node": story.node_id(s.node),
            "error": error_kind(&s.error),
            "message": s.error.to_string(),
            "probability": s.probability,
            "witness": witness_json(story, &s.witness),
        })).collect::<Vec<_>>(),
        "strategies": a.strategies.iter().map(|s| strategy_json(story, s)).collect::<Vec<_>>(),
        "lints": a.lints.iter().map(|l| lint_json(story, l)).collect::<Vec<_>>(),
    })
}

/// Whether an outcome's answer is exact: from a complete exploration, or proven (reached by
/// a script, ruled out by the bounds). Probabilities are exact only in the first case.
fn exact(a: &Analysis, r: &story::OutcomeReport) -> bool {
    a.complete || r.reachable.is_some()
}

/// How many outcomes each kind of answer settled, and how many stay unknown.
fn answers_json(a: &Analysis) -> Value {
    let count = |k: Option<Answer>| a.outcomes.iter().filter(|r| r.answer == k).count();
    json!({
        "enumeration": count(Some(Answer::Enumeration)),
        "bounds": count(Some(Answer::Bounds)),
        "search": count(Some(Answer::Search)),
        "unknown": count(None),
    })
}

fn percent(p: f64) -> String {
    let pct = p * 100.0;
    if p > 0.0 && pct < 0.1 {
        "<0.1%".to_string()
    } else {
        format!("{pct:.1}%")
    }
}

fn script(w: &Witness) -> String {
    let choices: Vec<String> = w.choices.iter().map(|c| c.to_string()).collect();
    let seed = match w.seed {
        Some(s) => format!(" --seed {s}"),
        None => String::new(),
    };
    if choices.is_empty() {
        format!("no choices{seed}")
    } else {
        format!("--choices {}{seed}", choices.join(","))
    }
}

fn witness_line(story: &Story, w: &Witness) -> String {
    let mut s = script(w);
    if w.probability.is_nan() {
        s.push_str(" (found by search after the exploration stopped)");
    } else if w.probability < 1.0 - 1e-9 {
        s.push_str(&format!(
            " (this script gets there {})",
            percent(w.probability)
        ));
    }
    if w.seed.is_none() {
        s.push_str(&format!(
            "; no seed below {} replays it",
            story::SEEDS_SEARCHED
        ));
    }
    if !w.reactions.is_empty() {
        let draws: Vec<String> = w
            .reactions
            .iter()
            .map(|d| {
                format!(
                    "{} → reaction {} ({})",
                    story.node_id(d.node),
                    d.reaction.index() + 1,
                    percent(d.chance)
                )
            })
            .collect();
        s.push_str(&format!(
            "\n{:>8}draws on the way: {}",
            "",
            draws.join(", ")
        ));
    }
    s
}

fn balance_text(story: &Story, kind: BalanceKind, min: i32, max: i32) -> String {
    let range = if min == max {
        format!("{min}")
    } else {
        format!("{min}..{max}")
    };
    match kind {
        BalanceKind::Credit {
            holder,
            with,
            layer,
        } => format!(
            "credit {}→{} {}: {range}",
            pid(story, holder),
            pid(story, with),
            format!("{layer:?}").to_lowercase()
        ),
        BalanceKind::Felt { who, toward } => {
            format!("felt {}→{}: {range}", pid(story, who), pid(story, toward))
        }
    }
}

fn print_text(story: &Story, a: &Analysis, file: &str) {
    let approx = if a.approximate { "≈" } else { "" };
    println!("{} — {file}", story.id());
    println!(
        "explored {} distinct states, {} transitions — {}",
        a.states,
        a.transitions,
        if a.complete {
            "every path explored".to_string()
        } else {
            match a.stopped_by {
                Some(Limit::Time) => format!(
                    "STOPPED at the time budget of {} s: results are incomplete (raise it with --max-seconds)",
                    a.max_time.map_or(0.0, |t| t.as_secs_f64())
                ),
                Some(Limit::Memory) => format!(
                    "STOPPED at the memory budget of {} MB: results are incomplete (raise it with --max-memory)",
                    a.max_bytes >> 20
                ),
                _ => format!(
                    "STOPPED at the bound of {} states: results are incomplete (raise it with --max-states)",
                    a.max_states
                ),
            }
        }
    );
    if !a.complete {
        let c = |k| a.outcomes.iter().filter(|r| r.answer == k).count();
        println!(
            "answers: {} from the explored states, {} ruled out by interval bounds, {} reached by \
             guided search, {} unknown (only a complete exploration gives exact probabilities)",
            c(Some(Answer::Enumeration)),
            c(Some(Answer::Bounds)),
            c(Some(Answer::Search)),
            c(None)
        );
    }
    if a.approximate {
        println!(
            "player choices can loop back, so probabilities were found by iteration (≈, approximate)"
        );
    }
    println!("\noutcomes (chance for a player choosing at random):");
    let width = story
        .outcomes()
        .map(|o| story.outcome_id(o).len())
        .max()
        .unwrap_or(0);
    for r in &a.outcomes {
        let id = story.outcome_id(r.outcome);
        let tone = format!("{:?}", story.tone(r.outcome));
        match (&r.witness, r.reachable) {
            (Some(w), _) => {
                println!(
                    "  {:<width$}  {tone:<6}  {approx}{:>6}  {}",
                    id,
                    percent(r.probability),
                    witness_line(story, w)
                );
                let balances: Vec<String> = r
                    .balances
                    .iter()
                    .map(|b| balance_text(story, b.kind, b.min, b.max))
                    .collect();
                if !balances.is_empty() {
                    let text = balances.join(", ");
                    let opts = textwrap::Options::new(100)
                        .initial_indent("        at the end: ")
                        .subsequent_indent("                    ");
                    println!("{}", textwrap::fill(&text, opts));
                }
            }
            (None, Some(false)) => match &r.unreachable_because {
                Some(why) => {
                    println!(
                        "  {:<width$}  {tone:<6}  NEVER REACHED (proven by interval bounds)",
                        id
                    );
                    let opts = textwrap::Options::new(100)
                        .initial_indent("        because ")
                        .subsequent_indent("                ");
                    println!("{}", textwrap::fill(why, opts));
                }
                None => println!(
                    "  {:<width$}  {tone:<6}  NEVER REACHED given the values",
                    id
                ),
            },
            (None, _) => println!(
                "  {:<width$}  {tone:<6}  UNKNOWN: not found within the bound nor ruled out by the bounds",
                id
            ),
        }
    }
    if a.never_ends > 1e-9 {
        println!(
            "  (the story never ends {} of the time: the player can loop forever)",
            percent(a.never_ends)
        );
    }
    if a.unexplored > 0.0 {
        println!(
            "  (beyond the bound: {} — the percentages above are lower bounds)",
            percent(a.unexplored)
        );
    }

    if a.stuck.is_empty() {
        println!("\nstuck paths: none");
    } else {
        println!("\nSTUCK PATHS (runtime errors):");
        for s in &a.stuck {
            println!(
                "  at `{}` ({}): {}",
                story.node_id(s.node),
                percent(s.probability),
                s.error
            );
            println!("        {}", witness_line(story, &s.witness));
        }
    }

    println!("\nblunt policies (each over every draw of the reactions):");
    for s in &a.strategies {
        let dist: Vec<String> = s
            .outcomes
            .iter()
            .zip(story.outcomes())
            .filter(|(p, _)| **p > 1e-12)
            .map(|(p, o)| format!("{} {}", story.outcome_id(o), percent(*p)))
            .collect();
        let stuck = if s.stuck > 1e-12 {
            format!(", stuck {}", percent(s.stuck))
        } else {
            String::new()
        };
        println!(
            "  {:<12} bright {:>6}  {}{stuck}",
            s.policy.name(),
            percent(s.bright),
            if dist.is_empty() {
                "never ends".to_string()
            } else {
                dist.join(", ")
            }
        );
    }

    if !a.complete {
        println!("\nlints: skipped (the exploration is incomplete)");
    } else if a.lints.is_empty() {
        println!("\nlints: none");
    } else {
        println!("\nlints:");
        for l in &a.lints {
            println!("  {:<21} {}", l.name(), l.message(story));
        }
    }
}
