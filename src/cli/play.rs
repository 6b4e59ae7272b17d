//! `give-and-take play`: the scenario in a terminal, interactive (numbered choices) or
//! scripted with `--choices`, ending with the ledger explained entry by entry.

use super::load_story;
use serde_json::json;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use story::{
    Beat, Cause, Entry, Lang, Layer, LedgerChange, NodeId, PartyId, Reflection, Rule, RunState,
    Story, Text, capitalize, possessive, printable, quoted, signed,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (or the id of a shipped scenario).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Seed for the other parties' random reactions.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Choices to make, counted from 1 as shown, e.g. `2,1,3`. Play continues from
    /// standard input if the story has not ended when they run out.
    #[arg(long, value_delimiter = ',', value_name = "N,N,...")]
    choices: Vec<std::num::NonZeroUsize>,
    /// Print the whole run as JSON instead of text.
    #[arg(long)]
    json: bool,
}

struct Out {
    color: bool,
    width: usize,
    lang: Lang,
}

impl Out {
    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn wrap(&self, s: &str, indent: &str) -> String {
        self.hang(s, indent, indent)
    }
    /// Wraps with a first-line prefix (e.g. `  2) `) and a hanging indent for the rest.
    fn hang(&self, s: &str, first: &str, rest: &str) -> String {
        let opts = textwrap::Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest);
        textwrap::fill(s, opts)
    }
    /// A scenario's text, safe for the terminal.
    fn t<'a>(&self, t: &'a Text) -> std::borrow::Cow<'a, str> {
        printable(t.get(self.lang))
    }
    fn p(&self, en: &'static str, nl: &'static str) -> &'static str {
        self.lang.pick(en, nl)
    }
}

pub fn run(args: Args, lang: Lang) -> ExitCode {
    let (name, story) = match load_story(&args.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let story = &story;
    let out = Out {
        color: !args.json && std::io::stdout().is_terminal(),
        width: 78,
        lang,
    };
    let mut rs = match RunState::new(story, args.seed) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: {e}", name);
            return ExitCode::from(1);
        }
    };
    if !args.json {
        println!("{}", out.bold(&format!("== {} ==", out.t(story.title()))));
        println!("{}\n", out.wrap(&out.t(story.summary()), ""));
        println!(
            "{}\n",
            out.dim(&format!(
                "{} {}.",
                out.p("You play", "Je speelt"),
                printable(story.party_name(story.player(), lang))
            ))
        );
    }
    let mut shown = 0usize;
    let mut script = args.choices.iter().map(|n| n.get());
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut lines = stdin.lock().lines();
    loop {
        if !args.json {
            shown = print_beats(story, &rs, shown, &out);
        }
        if rs.ended() {
            break;
        }
        let offered = rs.offered(story);
        let texts: Vec<&Text> = offered
            .iter()
            .map(|o| story.choice_text(rs.node, o.index).expect("choice node"))
            .collect();
        if !args.json {
            println!();
            for (k, t) in texts.iter().enumerate() {
                println!(
                    "{}",
                    out.hang(&out.t(t), &format!("  {}) ", k + 1), "     ")
                );
            }
        }
        let pick = match script.next() {
            Some(n) => {
                if !args.json {
                    println!("{} {n}", out.dim(">"));
                }
                n
            }
            None => loop {
                if !args.json && interactive {
                    print!("> ");
                    let _ = std::io::stdout().flush();
                }
                match lines.next() {
                    Some(Ok(line)) => {
                        let line = line.trim();
                        if line.eq_ignore_ascii_case("q") || line.eq_ignore_ascii_case("quit") {
                            return ExitCode::SUCCESS;
                        }
                        match line.parse::<usize>() {
                            Ok(n) if (1..=offered.len()).contains(&n) => {
                                if !interactive && !args.json {
                                    println!("> {n}");
                                }
                                break n;
                            }
                            _ if interactive => {
                                println!(
                                    "{}",
                                    out.p(
                                        "Type the number of a choice (or q to quit).",
                                        "Typ het nummer van een keuze (of q om te stoppen)."
                                    )
                                );
                            }
                            _ => {
                                eprintln!(
                                    "{}: `{line}` is not one of the choices 1–{}",
                                    name,
                                    offered.len()
                                );
                                return ExitCode::from(1);
                            }
                        }
                    }
                    _ => {
                        eprintln!(
                            "{}: input ended, but the story waits for a choice at node `{}` (step {})",
                            name,
                            story.node_id(rs.node),
                            rs.step() + 1
                        );
                        return ExitCode::from(1);
                    }
                }
            },
        };
        if let Err(e) = rs.choose(story, pick - 1) {
            eprintln!("{}: step {}: {e}", name, rs.step() + 1);
            return ExitCode::from(1);
        }
    }
    if script.next().is_some() {
        eprintln!("{}: the story ended before all --choices were used", name);
        return ExitCode::from(1);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(story, &rs, lang)).unwrap_or_default()
        );
    } else {
        print_ending(story, &rs, &out);
    }
    ExitCode::SUCCESS
}

/// Prints the beats not shown yet; returns how many are shown now.
fn print_beats(story: &Story, rs: &RunState, from: usize, out: &Out) -> usize {
    for beat in &rs.transcript[from..] {
        match *beat {
            Beat::Line { node } => {
                if let Some(role) = story.hands_player(node) {
                    let who = printable(story.party_name(role, out.lang));
                    let line = match out.lang {
                        Lang::En => format!("(From here on you play {who}.)"),
                        Lang::Nl => format!("(Vanaf hier speel je {who}.)"),
                    };
                    println!("\n{}", out.dim(&line));
                }
                if let Some(scene) = story.scene(node) {
                    println!("\n{}\n", out.bold(&format!("— {} —", out.t(scene))));
                }
                let text = out.t(story.node_text(node));
                match story.speaker(node) {
                    Some(p) => {
                        let who = capitalize(&printable(story.party_name(p, out.lang)));
                        println!("{}", out.wrap(&format!("{}: {text}", out.bold(&who)), ""));
                    }
                    None => println!("{}", out.wrap(&text, "    ")),
                }
            }
            Beat::Chose { node, choice } => {
                if let Some(t) = story.choice_text(node, choice) {
                    println!(
                        "{}",
                        out.dim(&out.wrap(&format!("{} {}", out.p("You:", "Jij:"), out.t(t)), ""))
                    );
                }
            }
            Beat::Reacted { .. } => {}
            Beat::Ended { .. } => {}
        }
    }
    rs.transcript.len()
}

fn print_ending(story: &Story, rs: &RunState, out: &Out) {
    let lang = out.lang;
    let Some(o) = rs.outcome else { return };
    println!(
        "\n{}",
        out.bold(&format!(
            "== {}: {} ==",
            out.p("Ending", "Einde"),
            out.t(story.outcome_title(o))
        ))
    );
    println!("{}\n", out.wrap(&out.t(story.epilogue(o)), ""));

    let refl = Reflection::build(story, rs);
    println!(
        "{}",
        out.bold(out.p("== The ledger ==", "== Het grootboek =="))
    );
    println!(
        "{}",
        out.dim(&out.wrap(
            out.p(
                "Credit: what one gave the other beyond what came back (positive: the other owes). Felt deficit: how short-changed someone feels.",
                "Tegoed: wat de een de ander gaf boven wat terugkwam (positief: de ander staat in het krijt). Gevoeld tekort: hoe tekortgedaan iemand zich voelt."
            ),
            ""
        ))
    );
    for r in &refl.relationships {
        let (a, b) = (
            printable(story.party_name(r.a, lang)),
            printable(story.party_name(r.b, lang)),
        );
        let header = format!("{} ↔ {}", capitalize(&a), capitalize(&b));
        println!("\n{}", out.bold(&header));
        for l in Layer::ALL {
            let (s, e) = r.layer(l);
            println!(
                "  {:<16} {} {:>4}  →  {:>4}",
                l.name(lang),
                match lang {
                    Lang::En => format!("{} credit", possessive(&a)),
                    Lang::Nl => format!("tegoed van {a}"),
                },
                signed(s),
                signed(e)
            );
        }
        for (who, toward, (s, e)) in [(&a, &b, r.felt_ab), (&b, &a, r.felt_ba)] {
            if s != 0 || e != 0 {
                let label = match lang {
                    Lang::En => format!("deficit {who} feels toward {toward}"),
                    Lang::Nl => format!("tekort dat {who} voelt tegenover {toward}"),
                };
                println!("  {label:<40} {s:>4}  →  {e:>4}");
            }
        }
    }

    println!(
        "\n{}",
        out.bold(out.p("== What moved it ==", "== Wat het bewoog =="))
    );
    for m in &refl.moments {
        let head = match m.cause {
            Cause::Choice { .. } => {
                let choice = m.choice.as_ref().map(|t| out.t(t)).unwrap_or_default();
                format!(
                    "{} {} — {} {}",
                    out.p("Step", "Stap"),
                    m.step + 1,
                    out.p("you chose", "je koos"),
                    quoted(&choice)
                )
            }
            Cause::Reaction { .. } | Cause::Enter { .. } => {
                let who = m
                    .actor
                    .map(|p| capitalize(&printable(story.party_name(p, lang))));
                match who {
                    Some(w) => format!("{} {} — {w}", out.p("Step", "Stap"), m.step + 1),
                    None => format!("{} {}", out.p("Step", "Stap"), m.step + 1),
                }
            }
            _ => continue,
        };
        println!("\n{}", out.bold(&head));
        println!("{}", out.wrap(&printable(m.summary.get(lang)), "  "));
        let mut last_note: Option<&Text> = None;
        for &i in &m.entries {
            let e = &rs.entries[i];
            if let Some(n) = &e.note
                && last_note != Some(n)
            {
                println!("{}", out.wrap(&format!("“{}”", out.t(n)), "    "));
                last_note = Some(n);
            }
            println!(
                "{}",
                out.dim(&out.wrap(
                    &format!("{} {}", change_mark(e), out.t(&e.why.text(story))),
                    "      "
                ))
            );
        }
    }
}

fn change_mark(e: &Entry) -> String {
    match e.change {
        LedgerChange::Transfer { amount, .. } => format!("[{}]", signed(amount)),
        LedgerChange::Felt { delta, .. } | LedgerChange::Perceive { delta, .. } => {
            format!("[{}]", signed(delta))
        }
        _ => "[·]".to_string(),
    }
}

fn rule_name(r: &Rule) -> &'static str {
    match r {
        Rule::Gift => "gift",
        Rule::Valuation { .. } => "valuation",
        Rule::Take => "take",
        Rule::Acknowledge => "acknowledge",
        Rule::Deflect => "deflect",
        Rule::Escalation => "escalation",
        Rule::CallingCard { .. } => "calling_card",
        Rule::Chain { .. } => "chain",
        Rule::Succession { .. } => "succession",
        Rule::Loyalty => "loyalty",
        Rule::ClaimRefused { .. } => "claim_refused",
        Rule::Perception => "perception",
        Rule::Slight => "slight",
        Rule::Consolation => "consolation",
        Rule::Expense { .. } => "expense",
        Rule::Direct => "direct",
    }
}

/// The run as JSON, with ids instead of indices (documented in docs/authoring.md).
pub fn to_json(story: &Story, rs: &RunState, lang: Lang) -> serde_json::Value {
    let pid = |p: PartyId| story.party_id(p).to_string();
    let nid = |n: NodeId| story.node_id(n).to_string();
    let transcript: Vec<_> = rs
        .transcript
        .iter()
        .map(|b| match *b {
            Beat::Line { node } => json!({
                "kind": "line", "node": nid(node),
                "speaker": story.speaker(node).map(pid),
                "player": story.hands_player(node).map(pid),
                "text": story.node_text(node).get(lang),
            }),
            Beat::Chose { node, choice } => {
                let mv = story.choice_move(node, choice).map(|m| format!("{m:?}"));
                json!({
                    "kind": "choice", "node": nid(node), "choice": choice.index() + 1,
                    "move": mv, "text": story.choice_text(node, choice).map(|t| t.get(lang)),
                })
            }
            Beat::Reacted {
                node,
                reaction,
                chance,
            } => json!({
                "kind": "reaction", "node": nid(node), "reaction": reaction.index() + 1,
                "chance": chance.map(|c| c as f64 / 1000.0),
            }),
            Beat::Ended { outcome } => {
                json!({ "kind": "outcome", "outcome": story.outcome_id(outcome) })
            }
        })
        .collect();
    let entries: Vec<_> = rs
        .entries
        .iter()
        .map(|e| {
            let change = match e.change {
                LedgerChange::Transfer {
                    from,
                    to,
                    layer,
                    amount,
                    giver_counts,
                    receiver_counts,
                } => json!({
                    "kind": "transfer", "from": pid(from), "to": pid(to),
                    "layer": format!("{layer:?}").to_lowercase(), "amount": amount,
                    "giver_counts": giver_counts, "receiver_counts": receiver_counts,
                }),
                LedgerChange::Perceive {
                    who,
                    with,
                    layer,
                    delta,
                } => json!({
                    "kind": "perceive", "who": pid(who), "with": pid(with),
                    "layer": format!("{layer:?}").to_lowercase(), "delta": delta,
                }),
                LedgerChange::Felt { who, toward, delta } => json!({
                    "kind": "felt", "who": pid(who), "toward": pid(toward), "delta": delta,
                }),
                LedgerChange::Learn { who, holder, with } => json!({
                    "kind": "learn", "who": pid(who), "holder": pid(holder), "with": pid(with),
                }),
                LedgerChange::Flag { flag, on } => {
                    json!({ "kind": "flag", "flag": story.flag_name(flag), "on": on })
                }
            };
            let cause = match e.cause {
                Cause::History => json!({ "kind": "history" }),
                Cause::Enter { node } => json!({ "kind": "enter", "node": nid(node) }),
                Cause::Choice { node, choice } => {
                    json!({ "kind": "choice", "node": nid(node), "choice": choice.index() + 1 })
                }
                Cause::Reaction { node, reaction } => {
                    json!({ "kind": "reaction", "node": nid(node), "reaction": reaction.index() + 1 })
                }
            };
            json!({
                "step": e.step, "cause": cause, "change": change, "rule": rule_name(&e.rule),
                "note": e.note.as_ref().map(|n| n.get(lang)), "why": e.why.get(story, lang),
            })
        })
        .collect();
    let refl = Reflection::build(story, rs);
    let relationships: Vec<_> = refl
        .relationships
        .iter()
        .map(|r| {
            json!({
                "a": pid(r.a), "b": pid(r.b),
                "deal": { "start": r.layers[0].0, "end": r.layers[0].1 },
                "seen": { "start": r.layers[1].0, "end": r.layers[1].1 },
                "felt_a_toward_b": { "start": r.felt_ab.0, "end": r.felt_ab.1 },
                "felt_b_toward_a": { "start": r.felt_ba.0, "end": r.felt_ba.1 },
            })
        })
        .collect();
    json!({
        "scenario": story.id(),
        "lang": lang.code(),
        "seed": rs.seed,
        "choices": rs.choices.iter().map(|c| c + 1).collect::<Vec<_>>(),
        "outcome": rs.outcome.map(|o| json!({
            "id": story.outcome_id(o),
            "title": story.outcome_title(o).get(lang),
            "tone": format!("{:?}", story.tone(o)),
        })),
        "transcript": transcript,
        "entries": entries,
        "relationships": relationships,
    })
}
