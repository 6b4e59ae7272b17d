//! Playing a story: the ledger and its rules, the runner, the reflection afterwards.

pub mod cond;
pub mod ledger;
pub(crate) mod policy;
pub mod reflection;
pub mod rules;
pub mod runner;
pub(crate) mod simulate;
pub(crate) mod walk;
