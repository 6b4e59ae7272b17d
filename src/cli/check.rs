use super::{Format, expand, load, print_diagnostics};
use std::path::PathBuf;
use std::process::ExitCode;
use story::{Located, Severity, Source};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario files (or folders of them).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Treat warnings as errors (exit 1).
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args) -> ExitCode {
    let files = match expand(&args.files) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut json = Vec::new();
    for file in &files {
        // A bug in the checker must never take the whole run down with it.
        let result = std::panic::catch_unwind(|| load(file));
        let mut loaded: Source = match result {
            Ok(Ok(l)) => l,
            Ok(Err(msg)) => {
                errors += 1;
                report_plain(&args.format, &mut json, file, &msg);
                continue;
            }
            Err(_) => {
                errors += 1;
                let msg = "internal error while checking this file (please report it)";
                report_plain(&args.format, &mut json, file, msg);
                continue;
            }
        };
        // The file is sound; now see what its values allow: outcomes no path reaches and
        // paths that get stuck.
        let values = loaded.checked.story.as_ref().map(|story| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| story::check_values(story)))
        });
        let notes = match values {
            Some(Ok(v)) => {
                loaded.checked.diagnostics.extend(v.diagnostics);
                v.notes
            }
            Some(Err(_)) => vec!["internal error in the value analysis (please report it)".into()],
            None => Vec::new(),
        };
        errors += loaded.checked.errors();
        warnings += loaded.checked.warnings();
        if args.format == Format::Json {
            json.extend(loaded.located());
            print_notes(&loaded.name, &notes, args.format);
            continue;
        }
        print_diagnostics(&loaded, args.format);
        print_notes(&loaded.name, &notes, args.format);
        if let Some(story) = &loaded.checked.story
            && args.format == Format::Human
            && loaded.checked.errors() == 0
        {
            println!(
                "{}: ok — {} nodes, {} outcomes, {} tests{}",
                loaded.name,
                story.nodes().len(),
                story.outcomes().len(),
                story.tests().len(),
                match loaded.checked.warnings() {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                }
            );
        }
    }
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        ),
        Format::Human => println!(
            "checked {} file{}: {errors} error{}, {warnings} warning{}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        ),
        _ => {}
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Notes on the analysis itself; not diagnostics, so the JSON array on stdout stays a pure
/// list of them and the notes go to stderr there.
fn print_notes(name: &str, notes: &[String], format: Format) {
    for note in notes {
        if format == Format::Json {
            eprintln!("{name}: note: {note}");
        } else {
            println!("{name}: note: {note}");
        }
    }
}

fn report_plain(format: &Format, json: &mut Vec<Located>, file: &std::path::Path, msg: &str) {
    let name = file.display().to_string();
    let msg = msg
        .strip_prefix(&format!("{name}: "))
        .unwrap_or(msg)
        .to_string();
    match format {
        Format::Json => json.push(Located {
            file: name,
            severity: Severity::Error,
            code: "E0004",
            message: msg,
            line: 1,
            col: 1,
            span: None,
            label: None,
            help: None,
        }),
        _ => println!("{name}: error[E0004]: {msg}"),
    }
}
