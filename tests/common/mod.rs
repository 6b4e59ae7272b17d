//! Shared by the test files that need Graphviz.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// Whether Graphviz `dot` can be run. When it cannot, the skip is written to the real
/// stderr (the harness hides `println!`), and with `GIVE_AND_TAKE_REQUIRE_DOT=1` (set by
/// `.ci/run`, which installs Graphviz) a missing `dot` fails the test instead.
pub fn dot_available(what: &str) -> bool {
    let ok = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var_os("GIVE_AND_TAKE_REQUIRE_DOT").is_some_and(|v| v == "1") {
            panic!(
                "Graphviz `dot` is not installed, and GIVE_AND_TAKE_REQUIRE_DOT=1 says {what} must run"
            );
        }
        let _ = writeln!(
            std::io::stderr(),
            "skipped {what}: Graphviz `dot` is not installed"
        );
    }
    ok
}
