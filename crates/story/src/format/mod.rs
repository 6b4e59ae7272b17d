//! The file as written: scenario types, texts' places in the source, diagnostics.

pub mod codes;
pub mod diagnostics;
#[cfg(feature = "render")]
pub mod render;
pub mod scenario;
pub mod short;
pub mod span;
