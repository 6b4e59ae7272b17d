//! Helpers shared by the test files that run the binary. Each test file compiles its own
//! copy and uses some of them.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_give-and-take");

/// The source tree: scenarios, docs and fixtures are named relative to it.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, started in the source tree with no input.
pub fn bin() -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(root()).stdin(Stdio::null());
    c
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

/// Standard output and standard error, one after the other.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

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
