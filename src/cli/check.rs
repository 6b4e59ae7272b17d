use super::{Format, Loaded, expand, load, print_diagnostics};
use crate::story::diagnostics;
use std::path::PathBuf;
use std::process::ExitCode;

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
        let loaded: Loaded = match result {
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
        errors += loaded.checked.errors();
        warnings += loaded.checked.warnings();
        if args.format == Format::Json {
            json.extend(diagnostics::locate(
                &loaded.name,
                &loaded.text,
                &loaded.checked.diagnostics,
            ));
            continue;
        }
        print_diagnostics(&loaded, args.format);
        if let Some(story) = &loaded.checked.story
            && args.format == Format::Human
        {
            println!(
                "{}: ok — {} nodes, {} outcomes, {} tests{}",
                loaded.name,
                story.nodes.len(),
                story.outcomes.len(),
                story.scenario.tests.len(),
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

fn report_plain(
    format: &Format,
    json: &mut Vec<diagnostics::Located>,
    file: &std::path::Path,
    msg: &str,
) {
    let name = file.display().to_string();
    let msg = msg
        .strip_prefix(&format!("{name}: "))
        .unwrap_or(msg)
        .to_string();
    match format {
        Format::Json => json.push(diagnostics::Located {
            file: name,
            severity: diagnostics::Severity::Error,
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
