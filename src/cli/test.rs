use super::{Format, expand, load, print_diagnostics};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use story::run_test;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario files or folders (default: the shipped scenarios).
    #[arg(value_name = "FILE|DIR")]
    paths: Vec<PathBuf>,
    /// Only run tests whose name contains this.
    #[arg(long)]
    filter: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![crate::paths::scenarios_dir()]
    } else {
        args.paths.clone()
    };
    let files = match expand(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let color = std::io::stdout().is_terminal();
    let (ok, bad) = if color {
        ("\x1b[32mok\x1b[0m", "\x1b[31mFAILED\x1b[0m")
    } else {
        ("ok", "FAILED")
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut failures = Vec::new();
    for file in &files {
        let loaded = match load(file) {
            Ok(l) => l,
            Err(e) => {
                println!("{e} ... {bad}");
                failed += 1;
                failures.push(e);
                continue;
            }
        };
        let Some(story) = &loaded.checked.story else {
            print_diagnostics(&loaded, Format::Human);
            println!(
                "{}: does not check, so its tests cannot run ... {bad}",
                loaded.name
            );
            failed += 1;
            failures.push(format!("{}: the file has errors", loaded.name));
            continue;
        };
        let tests: Vec<_> = story
            .tests()
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                args.filter
                    .as_ref()
                    .is_none_or(|f| t.name.contains(f.as_str()))
            })
            .collect();
        println!("running {} tests from {}", tests.len(), loaded.name);
        for (index, t) in tests {
            match run_test(story, index) {
                Ok(_) => {
                    passed += 1;
                    println!("test {}::{} ... {ok}", story.id(), t.name);
                }
                Err(f) => {
                    failed += 1;
                    println!("test {}::{} ... {bad}", story.id(), t.name);
                    failures.push(format!(
                        "{}: test `{}` (seed {}, choices {:?}): {f}",
                        loaded.name, t.name, t.seed, t.choices
                    ));
                }
            }
        }
    }
    if !failures.is_empty() {
        println!("\nfailures:");
        for f in &failures {
            println!("    {f}");
        }
    }
    println!("\n{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
