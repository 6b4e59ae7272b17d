//! `give-and-take diff OLD NEW`: would games saved with the old version of a scenario still
//! resume with the new one? Exit 1 if any saved position would break.

use super::{Format, load, print_diagnostics};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use story::{Compat, Story};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The version saves were made with.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new version.
    #[arg(value_name = "NEW")]
    new: PathBuf,
}

/// Reads and checks one version (parsed once). A save can only have been made with a
/// version that loads, and only resume on one, so a version with errors is refused: exit 2
/// when the file cannot be read, 1 with its errors when it does not load.
fn read(path: &Path) -> Result<Story, ExitCode> {
    let mut loaded = load(path).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    loaded.checked.story.take().ok_or_else(|| {
        print_diagnostics(&loaded, Format::Human);
        eprintln!(
            "{}: the scenario does not load, so no save could resume on it; fix it first (`give-and-take check`)",
            loaded.name
        );
        ExitCode::from(1)
    })
}

pub fn run(args: Args) -> ExitCode {
    let (old, new) = match (read(&args.old), read(&args.new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let (old, new) = (old.written(), new.written());
    if old.id != new.id {
        println!(
            "note: the scenario ids differ (`{}` → `{}`): saves name the scenario by id, so none would resume",
            old.id, new.id
        );
    }
    let c = story::compare(old, new);
    print_report(&c);
    if c.broken.is_empty() && old.id == new.id {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn list(title: &str, items: &[String]) {
    if !items.is_empty() {
        println!("{title}: {}", items.join(", "));
    }
}

fn print_report(c: &Compat) {
    list("removed nodes", &c.removed_nodes);
    list("added nodes", &c.added_nodes);
    let renamed: Vec<String> = c
        .renamed_nodes
        .iter()
        .map(|(a, b)| format!("{a} → {b}"))
        .collect();
    list("renamed nodes", &renamed);
    list("removed parties", &c.removed_parties);
    list("removed flags", &c.removed_flags);
    list("removed outcomes", &c.removed_outcomes);
    for ch in &c.choice_changes {
        let mut parts = Vec::new();
        if ch.kind_changed {
            parts.push("offers choices in one version only".to_string());
        }
        for t in &ch.added {
            parts.push(format!("added “{t}”"));
        }
        for t in &ch.removed {
            parts.push(format!("removed “{t}”"));
        }
        if ch.reordered {
            parts.push("reordered".to_string());
        }
        for t in &ch.conditions {
            parts.push(format!("condition changed on “{t}”"));
        }
        for (a, b) in &ch.rewritten {
            parts.push(format!("“{a}” now reads “{b}”"));
        }
        for (t, a, b) in &ch.retargeted {
            parts.push(format!("“{t}” now leads to `{b}` instead of `{a}`"));
        }
        println!("choices at `{}`: {}", ch.node, parts.join("; "));
    }
    if c.broken.is_empty() {
        println!(
            "saves: all {} positions a save can rest at would still resume",
            c.positions
        );
    } else {
        println!(
            "saves: {} of {} positions a save can rest at would break:",
            c.broken.len(),
            c.positions
        );
        for b in &c.broken {
            let reasons: Vec<String> = b.reasons.iter().map(|r| r.to_string()).collect();
            println!("  at `{}`: {}", b.node, reasons.join("; "));
        }
    }
}
