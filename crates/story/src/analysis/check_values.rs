//! What `check` takes from the analysis: unreachable outcomes and stuck paths as
//! diagnostics, under a smaller bound.

use super::explore::{Explorer, Stop};
use super::{
    AnalysisOptions, CHECK_MAX_BYTES, CHECK_MAX_STATES, CHECK_MAX_TIME, CHECK_TIMED_AFTER, Limit,
    beyond, bounds, report,
};
use crate::format::diagnostics::{Diagnostic, Loc};
use crate::format::span::Path;
use crate::ids::OutcomeId;
use crate::story::Story;

/// Above this many nodes `check` leaves the value analysis to `analyze`, so that checking
/// a huge file stays fast.
pub const CHECK_MAX_NODES: usize = 20_000;

/// What `check` learns from the analysis.
#[derive(Debug, Default)]
pub struct ValueCheck {
    /// Outcomes no path reaches given the values (E0164) and places where a path gets
    /// stuck (E0165).
    pub diagnostics: Vec<Diagnostic>,
    /// Limits of the analysis itself (skipped, or stopped at the bound). They say nothing
    /// about the scenario, so they are notes rather than warnings: a scenario that is too
    /// rich to explore within `check`'s bound can still check clean.
    pub notes: Vec<String>,
}

/// Runs the analysis with `check`'s smaller bounds ([`CHECK_MAX_STATES`], [`CHECK_MAX_TIME`])
/// and turns what it finds into diagnostics. Where the exploration stops short, the interval
/// bounds still prove outcomes unreachable (E0164) without enumerating paths.
pub fn check_values(story: &Story) -> ValueCheck {
    let mut out = ValueCheck::default();
    if story.nodes.len() > CHECK_MAX_NODES {
        out.notes.push(format!(
            "the value analysis was skipped: the scenario has {} nodes (more than {CHECK_MAX_NODES}); \
             run `give-and-take analyze` to find unreachable outcomes and stuck paths",
            story.nodes.len()
        ));
        return out;
    }
    let options = AnalysisOptions {
        max_states: CHECK_MAX_STATES,
        max_bytes: CHECK_MAX_BYTES,
        max_time: Some(CHECK_MAX_TIME),
        timed_after: CHECK_TIMED_AFTER,
        find_seeds: false,
        walk_threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(2)),
    };
    // Only what the diagnostics need: which outcomes some explored state ends in, and the
    // stuck places with a script to each. `analyze`'s report (probabilities per policy,
    // balances, lints) costs as much again and is not shown.
    let g = Explorer::new(story, &options).run();
    let mut reached = vec![false; story.outcomes.len()];
    for vx in &g.vertices {
        if let Stop::Ended(o) = vx.stop {
            reached[o.index()] = true;
        }
    }
    let open: Vec<OutcomeId> = story
        .outcomes
        .ids()
        .filter(|o| !reached[o.index()])
        .collect();
    // What the exploration did not reach: unreachable if it was complete, else what the
    // interval bounds rule out (with their reason).
    let unreachable: Vec<(OutcomeId, Option<String>)> = if g.complete {
        open.into_iter().map(|o| (o, None)).collect()
    } else {
        beyond::ruled_out(story, &bounds::bounds(story), &open)
            .into_iter()
            .map(|(o, why)| (o, Some(why)))
            .collect()
    };
    for (o, why) in unreachable {
        let id = &story.outcomes[o].id;
        let mut d = Diagnostic::error(
            "E0164",
            format!("no path reaches the outcome `{id}` given the values"),
            Loc::Path(Path::root().f("outcomes").i(o.index()).f("id")),
        );
        let help = match why {
            Some(why) => format!("bounds on the values at every node prove it: {why}"),
            None => "nodes lead to it, but no choices and reactions make its `when` hold (before \
                     an earlier outcome's); `give-and-take analyze` shows the balances each \
                     outcome is reached with"
                .to_string(),
        };
        d.label("never reached").help(help);
        out.diagnostics.push(d);
    }
    // A stuck story is rare; only then is the report made, for its scripts.
    let stuck = if g.stuck.is_empty() {
        Vec::new()
    } else {
        report(story, &g, &options).stuck
    };
    for s in &stuck {
        let script: Vec<String> = s.witness.choices.iter().map(|c| c.to_string()).collect();
        let mut d = Diagnostic::error(
            "E0165",
            format!("a path gets stuck here: {}", s.error),
            Loc::Path(Path::root().f("nodes").i(s.node.index()).f("id")),
        );
        let how = if script.is_empty() {
            "reached without any choice".to_string()
        } else {
            format!("reached with `--choices {}`", script.join(","))
        };
        let draws = if s.witness.reactions.is_empty() {
            ""
        } else {
            " (and the right draws; `give-and-take analyze` finds a seed)"
        };
        d.label("stuck here").help(format!(
            "{how}{draws}; add a fallback: a reaction without `when`, an unconditional last \
             outcome, or a choice without `when`"
        ));
        out.diagnostics.push(d);
    }
    if !g.complete {
        let bound = match g.stopped_by {
            Some(Limit::Memory) => format!("its memory budget ({} MB)", CHECK_MAX_BYTES >> 20),
            Some(Limit::Time) => format!("its time budget ({} ms)", CHECK_MAX_TIME.as_millis()),
            _ => format!("{CHECK_MAX_STATES} states"),
        };
        out.notes.push(format!(
            "the value analysis stopped at {bound}; interval bounds stood in for it, so \
             outcomes that no path reaches may still go unreported, and stuck paths are found \
             only within the bound; run `give-and-take analyze`"
        ));
    }
    out
}
