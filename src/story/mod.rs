//! The story core: scenario format, give-and-take ledger, runner, checks and analysis.
//! Pure and deterministic; it knows nothing of Bevy or of files on disk.

pub mod analysis;
pub mod check;
pub mod compat;
pub mod cond;
pub mod diagnostics;
pub mod generate;
pub mod ledger;
pub mod model;
pub mod reflect;
pub mod rules;
pub mod runner;
pub mod save;
pub mod scenario;
pub mod span;
pub mod testing;
pub mod text;

pub use check::{Checked, check_bytes, check_str};
pub use ledger::{Entry, Ledger, State};
pub use model::Story;
pub use runner::{Beat, RunError, RunState};
pub use scenario::{Layer, Move, Scenario, Tone};
pub use text::{Lang, Text};
