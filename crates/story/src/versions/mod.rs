//! A story across versions: saves, rebasing a run onto an edited file (hot reload), and
//! whether saves survive an edit (`diff`).

pub(crate) mod compat;
#[cfg(test)]
mod compat_tests;
mod matching;
pub(crate) mod rebase;
pub(crate) mod save;
#[cfg(test)]
mod tests;
