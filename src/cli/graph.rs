//! `give-and-take graph`: the story as a Graphviz DOT graph — nodes labelled with speaker and
//! first words and coloured by speaker, edges labelled with the move or the reaction's odds,
//! outcomes as terminal shapes coloured by tone. `--svg OUT` renders it through `dot`.

use super::load;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use story::{Reaction, Scenario, Then, Tone, describe_cond, describe_value};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (or the id of a shipped scenario).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Render to this SVG file with Graphviz `dot` instead of printing DOT.
    #[arg(long, value_name = "OUT")]
    svg: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let loaded = match load(&args.file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    // A file with errors is drawn too, as far as it parses: a loop or a dead end is where a
    // drawing helps most. The errors go to standard error, the drawing to its place.
    let scenario = match &loaded.checked.story {
        Some(story) => story.written().clone(),
        None => match story::parse(&loaded.text) {
            Ok(sc) => {
                eprint!("{}", loaded.render(std::io::stderr().is_terminal()));
                eprintln!(
                    "{}: drawn as written, with the errors above (`give-and-take check`)",
                    loaded.name
                );
                sc
            }
            Err(_) => {
                eprint!("{}", loaded.render(std::io::stderr().is_terminal()));
                eprintln!("{}: cannot be drawn: it does not parse", loaded.name);
                return ExitCode::from(1);
            }
        },
    };
    let dot = to_dot(&scenario);
    match &args.svg {
        None => {
            print!("{dot}");
            ExitCode::SUCCESS
        }
        Some(out) => match render_svg(&dot, out) {
            Ok(()) => {
                println!("wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

/// Runs `dot -Tsvg -o OUT` with the graph on its standard input.
fn render_svg(dot: &str, out: &std::path::Path) -> Result<(), String> {
    // Like any tool writing a file an author names: make its folder if it is not there yet.
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .arg("-o")
        .arg(out)
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "`dot` (Graphviz) is not installed, so no SVG can be \
                 rendered: install Graphviz (e.g. `apt-get install graphviz`), or run without \
                 --svg to get the DOT text"
                .to_string(),
            _ => format!("cannot run `dot`: {e}"),
        })?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(dot.as_bytes())
        .map_err(|e| format!("cannot send the graph to `dot`: {e}"))?;
    let status = child
        .wait()
        .map_err(|e| format!("`dot` did not finish: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`dot` failed ({status}) rendering {}",
            out.display()
        ))
    }
}

/// Colours for speakers without a `color`, picked by party position.
const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
];

fn tone_style(tone: Tone) -> (&'static str, &'static str) {
    // (fill, font colour)
    match tone {
        Tone::Bright => ("#ffd966", "black"),
        Tone::Mixed => ("#c9c9c9", "black"),
        Tone::Dark => ("#4a4a68", "white"),
    }
}

/// A DOT string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first words of a text, about `max` characters, with an ellipsis when cut.
fn first_words(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() && out.chars().count() + 1 + word.chars().count() > max {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn reaction_label(r: &Reaction, weighted: bool) -> String {
    let mut parts = Vec::new();
    if weighted {
        let mut w = format!("w {}", r.weight.unwrap_or(1));
        for t in &r.weight_by {
            let _ = write!(w, " {:+}×{}", t.per, describe_value(&t.value));
        }
        parts.push(w);
    }
    match &r.when {
        Some(c) => parts.push(format!("if {}", describe_cond(c))),
        None if !weighted => parts.push("else".to_string()),
        None => {}
    }
    parts.join("\n")
}

/// The story as DOT, from the file as written (so that a file with errors can be drawn).
pub fn to_dot(sc: &Scenario) -> String {
    let party = |id: &str| sc.parties.iter().position(|p| p.id == id);
    let mut d = String::new();
    let _ = writeln!(d, "digraph {} {{", quote(&sc.id));
    let _ = writeln!(
        d,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", rankdir=TB];",
        quote(sc.title.get(story::Lang::En))
    );
    let _ = writeln!(
        d,
        "  node [fontname=\"Helvetica\", fontsize=10, style=\"rounded,filled\", shape=box];"
    );
    let _ = writeln!(d, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for n in &sc.nodes {
        let words = first_words(n.text.get(story::Lang::En), 40);
        let speaker = n.speaker.as_deref();
        let (who, color) = match speaker.map(|id| (id, party(id))) {
            Some((_, Some(i))) => {
                let p = &sc.parties[i];
                (
                    p.name.get(story::Lang::En).to_string(),
                    p.color
                        .clone()
                        .unwrap_or_else(|| PALETTE[i % PALETTE.len()].to_string()),
                )
            }
            // An unknown speaker (an error `check` reports) is drawn by its id.
            Some((id, None)) => (id.to_string(), "#999999".to_string()),
            None => ("narration".to_string(), "#999999".to_string()),
        };
        // Narration is a note, a spoken line a rounded box; a thick border marks where the
        // player chooses.
        let (shape, style) = if speaker.is_none() {
            ("note", "filled")
        } else {
            ("box", "rounded,filled")
        };
        // The speaker's colour as the border and, translucent, as the fill.
        let _ = writeln!(
            d,
            "  {} [label={}, shape={shape}, style={}, color={}, fillcolor={}, penwidth={}];",
            quote(&format!("n:{}", n.id)),
            quote(&format!("{} · {who}\n{words}", n.id)),
            quote(style),
            quote(&color),
            quote(&format!("{color}33")),
            if matches!(n.then, Then::Choices(_)) {
                3
            } else {
                1
            }
        );
    }
    for out in &sc.outcomes {
        let (fill, font) = tone_style(out.tone);
        let _ = writeln!(
            d,
            "  {} [label={}, shape=doubleoctagon, style=filled, fillcolor={}, fontcolor={font}];",
            quote(&format!("o:{}", out.id)),
            quote(&format!(
                "{}\n{} ({:?})",
                out.id,
                first_words(out.title.get(story::Lang::En), 30),
                out.tone
            )),
            quote(fill)
        );
    }
    for n in &sc.nodes {
        let from = quote(&format!("n:{}", n.id));
        let to_node = |id: &str| quote(&format!("n:{id}"));
        match &n.then {
            Then::Choices(cs) => {
                for (k, c) in cs.iter().enumerate() {
                    let mut label = format!("{} {:?}", k + 1, c.move_kind);
                    if let Some(w) = &c.when {
                        let _ = write!(label, "\nif {}", describe_cond(w));
                    }
                    let _ = writeln!(
                        d,
                        "  {from} -> {} [label={}, penwidth=1.5];",
                        to_node(&c.next),
                        quote(&label)
                    );
                }
            }
            Then::Goto(next) => {
                let _ = writeln!(d, "  {from} -> {};", to_node(next));
            }
            Then::React(rs) => {
                let weighted = rs
                    .iter()
                    .any(|r| r.weight.is_some() || !r.weight_by.is_empty());
                for r in rs {
                    let _ = writeln!(
                        d,
                        "  {from} -> {} [label={}, style=dashed];",
                        to_node(&r.next),
                        quote(&reaction_label(r, weighted))
                    );
                }
            }
            Then::End => {
                // An `End` may pick every outcome up to the first one without a condition.
                for out in &sc.outcomes {
                    let label = out
                        .when
                        .as_ref()
                        .map_or("otherwise".to_string(), describe_cond);
                    let _ = writeln!(
                        d,
                        "  {from} -> {} [label={}, style=dotted];",
                        quote(&format!("o:{}", out.id)),
                        quote(&label)
                    );
                    if out.when.is_none() {
                        break;
                    }
                }
            }
            Then::Outcome(id) => {
                let _ = writeln!(d, "  {from} -> {};", quote(&format!("o:{id}")));
            }
        }
    }
    d.push_str("}\n");
    d
}
