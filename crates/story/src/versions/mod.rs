//! A story across versions: saves, rebasing a run onto an edited file, compatibility.

pub mod compat;
pub mod save;
