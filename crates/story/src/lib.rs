//! The story core of Give and Take: the scenario format, the give-and-take ledger and its
//! rules, the runner, the checks and the analysis. Pure and deterministic given a seed; it
//! knows nothing of Bevy, of terminals or of files it is not handed.

pub mod analysis;
pub mod check;
pub mod compiled;
pub mod format;
pub mod generate;
pub mod play;
pub mod scenario_tests;
mod source;
pub mod text;
pub mod versions;

pub use check::{Checked, check_bytes, check_str};
pub use compiled::Story;
pub use format::scenario::{Layer, Move, Scenario, Tone};
pub use play::ledger::{Entry, Ledger, State};
pub use play::runner::{Beat, RunError, RunState};
pub use source::{Source, scenario_files};
pub use text::{Lang, Text};
