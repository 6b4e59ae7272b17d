//! The story core of Give and Take: the scenario format, the give-and-take ledger and its
//! rules, the runner, the checks and the analysis. Pure and deterministic given a seed; it
//! knows nothing of Bevy, of terminals or of files it is not handed.
//!
//! - Load: [`Source`] reads and checks a file ([`check_str`] checks text) into a [`Story`],
//!   or diagnostics that point at the exact place ([`Located`]); [`CODES`] lists their codes.
//! - Play: [`RunState`] plays a story (seeded, reproducible); every movement of the
//!   [`Ledger`] is an [`Entry`] that explains itself; [`Reflection`] reads a finished run.
//! - Keep: [`Save`] resumes a run; [`rebase`] carries it onto an edited file;
//!   [`compare`] says whether saved runs survive an edit.
//! - Examine: [`analyze`] explores every path; [`run_test`] runs a test written in a file.

#![warn(missing_docs)]

mod analysis;
mod check;
mod compiled;
mod format;
mod generate;
mod graph;
mod ids;
mod play;
mod scenario_tests;
mod source;
mod story;
mod text;
mod versions;

pub use analysis::{
    Analysis, AnalysisOptions, Answer, BLUNT_WINS, Balance, BalanceKind, CHECK_MAX_BYTES,
    CHECK_MAX_NODES, CHECK_MAX_STATES, CHECK_MAX_TIME, CHECK_TIMED_AFTER, DEFAULT_MAX_BYTES,
    DEFAULT_MAX_STATES, DEFAULT_MAX_TIME, DEFAULT_TIMED_AFTER, Drawn, Limit, Lint, OutcomeReport,
    SEARCH_RUNS, SEARCH_TIME, SEEDS_SEARCHED, StrategyReport, StuckReport, ValueCheck, Witness,
    analyze, check_values,
};
pub use check::{
    Checked, MAX_CHOICES, MAX_FILE_BYTES, MAX_ID_CHARS, MAX_NODES, MAX_PARTIES, MAX_SAME_CODE,
    MAX_TEXT_CHARS, check_bytes, check_str, parse,
};
pub use compiled::Permille;
pub use format::codes::CODES;
pub use format::diagnostics::{Diagnostic, Loc, Located, Severity};
pub use format::scenario::{
    Chain, Choice, Cond, Effect, GiftKind, Layer, Member, Move, Node, Outcome, Party, PartyKind,
    Reaction, Rules, Scenario, Test, Then, Tone, Valuation, Value, WeightTerm,
};
pub use format::short::{Narrate, Pick, SHORT_FORMS, Say};
pub use generate::{counters_ron, min_nodes, synthetic, synthetic_ron};
pub use ids::{ChoiceId, FlagId, KindId, NodeId, OutcomeId, PartyId, ReactionId};
pub use play::ledger::{Cause, Entry, Ledger, LedgerChange, Refusal, Rule, State};
pub use play::policy::Policy;
pub use play::reflection::{Moment, Reflection, Relationship};
pub use play::rules::Why;
pub use play::runner::{Beat, RunError, RunState};
pub use play::simulate::{MAX_CHOICES_PER_RUN, Simulation, simulate, wilson};
pub use scenario_tests::{TestFailure, describe_cond, describe_value, run_test};
pub use source::{Source, scenario_files};
pub use story::Story;
pub use text::{Lang, Text, capitalize, possessive, printable, quoted, signed};
pub use versions::compat::{BrokenPosition, ChoiceChange, Compat, Reason, compare};
pub use versions::rebase::{rebase, replay_onto};
pub use versions::save::{ResumeError, Save};
