//! Give and Take: a narrative simulation of the hidden balances of giving and taking
//! between people and their clients.
//!
//! - [`story`]: the pure story core (no Bevy, no files): scenario format, ledger, runner.
//! - [`cli`]: the `give-and-take` command line.
//! - `game`: the Bevy front end (feature `game`, on by default).

pub mod cli;
#[cfg(feature = "game")]
pub mod game;
pub mod paths;
pub mod story;
