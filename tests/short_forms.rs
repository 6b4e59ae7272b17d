//! The short forms (`Say`, `Narrate`, `Pick`; docs/authoring.md, "Short forms") lose
//! nothing: the tutorial and a campaign scenario, rewritten in them, are at most 60 % of
//! their long form's lines and play identically — the same expanded scenario, the same
//! diagnostics, every in-file test and hundreds of seeded playthroughs through the same
//! nodes to the same ending with the same ledger entries. And a mistake in a short form is
//! reported where it was written.

mod common;

use common::root;
use story::{Lang, Policy, RunState, Severity, Source, Story, check_str, run_test};

/// Each rewrite in the short forms, and the long form it was rewritten from.
const REWRITES: &[(&str, &str)] = &[
    (
        "docs/tutorial/corner_bakery.ron",
        "tests/fixtures/long_form/corner_bakery.ron",
    ),
    (
        "scenarios/school.ron",
        "tests/fixtures/long_form/school.ron",
    ),
];

/// Seeded playthroughs per rewrite, spread over every blunt policy.
const PLAYTHROUGHS: u64 = 400;

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn story(path: &str) -> Story {
    let checked = check_str(&read(path));
    checked
        .story
        .unwrap_or_else(|| panic!("{path} does not check: {:?}", checked.diagnostics))
}

/// Everything a run shows and records, in words: the nodes and choices in order, the
/// reactions drawn, the ending, and each ledger entry with what it says in both languages.
fn trace(story: &Story, rs: &RunState) -> Vec<String> {
    let mut out: Vec<String> = rs.transcript.iter().map(|b| format!("{b:?}")).collect();
    for b in &rs.transcript {
        match b {
            story::Beat::Line { node } => out.push(format!("line {}", story.node_id(*node))),
            story::Beat::Chose { node, choice } => {
                let story::Then::Choices(cs) = &story.written().nodes[node.index()].then else {
                    unreachable!("a choice is made at a choice node")
                };
                let c = &cs[choice.index()];
                out.push(format!("chose {:?}: {:?}", c.move_kind, c.text));
            }
            _ => {}
        }
    }
    out.push(format!(
        "outcome {:?}",
        rs.outcome.map(|o| story.outcome_id(o))
    ));
    out.push(format!("player {}", story.party_id(rs.player)));
    for e in &rs.entries {
        out.push(format!(
            "{:?} {:?} {:?} step {} | {} | {} | note {:?}",
            e.change,
            e.rule,
            e.cause,
            e.step,
            e.why.get(story, Lang::En),
            e.why.get(story, Lang::Nl),
            e.note
        ));
    }
    out
}

/// One playthrough with `policy`; choices a policy leaves open are drawn from `seed`.
fn play(story: &Story, policy: Policy, seed: u64) -> Result<RunState, String> {
    let mut rs = RunState::new(story, seed).map_err(|e| e.to_string())?;
    // SplitMix64: a stream of its own for the open choices, the same for both forms.
    let mut x = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    while !rs.ended() && rs.choices.len() < 200 {
        let offered = rs.offered(story);
        let shown = policy
            .pick(story, rs.node, rs.player, &offered)
            .unwrap_or_else(|| (next() % offered.len() as u64) as usize);
        rs.choose(story, shown).map_err(|e| e.to_string())?;
    }
    Ok(rs)
}

#[test]
fn the_rewrites_are_at_most_60_percent_of_the_lines() {
    for (short, long) in REWRITES {
        let (s, l) = (read(short).lines().count(), read(long).lines().count());
        assert!(
            s * 100 <= l * 60,
            "{short}: {s} lines, {}% of the {l} of {long}",
            s * 100 / l
        );
    }
}

#[test]
fn the_rewrites_expand_into_their_long_forms() {
    for (short, long) in REWRITES {
        let (s, l) = (story(short), story(long));
        let as_json = |st: &Story| serde_json::to_value(st.written()).unwrap();
        assert_eq!(as_json(&s), as_json(&l), "{short} expands into {long}");
        // The same diagnostics (warnings), message for message.
        let said = |path: &str| -> Vec<(String, String)> {
            check_str(&read(path))
                .diagnostics
                .iter()
                .map(|d| (d.code.to_string(), d.message.clone()))
                .collect()
        };
        assert_eq!(said(short), said(long), "{short}");
    }
}

#[test]
fn the_rewrites_play_identically() {
    for (short, long) in REWRITES {
        let (s, l) = (story(short), story(long));
        // Every test written in the file: it passes in both, through the same run.
        assert!(!s.tests().is_empty());
        for (i, t) in s.tests().iter().enumerate() {
            run_test(&s, i).unwrap_or_else(|f| panic!("{short}: {}: {f}", t.name));
            run_test(&l, i).unwrap_or_else(|f| panic!("{long}: {}: {f}", t.name));
            let script: Vec<usize> = t.choices.iter().map(|c| c - 1).collect();
            let run = |st: &Story| {
                RunState::replay(st, t.seed, &script)
                    .map(|rs| trace(st, &rs))
                    .map_err(|e| e.to_string())
            };
            assert_eq!(run(&s), run(&l), "{short}: test `{}`", t.name);
        }
        // Seeded playthroughs, every policy in turn.
        let mut endings = std::collections::BTreeSet::new();
        for seed in 0..PLAYTHROUGHS {
            let policy = Policy::ALL[seed as usize % Policy::ALL.len()];
            let a = play(&s, policy, seed).map(|rs| trace(&s, &rs));
            let b = play(&l, policy, seed).map(|rs| trace(&l, &rs));
            assert_eq!(a, b, "{short}: {policy:?}, seed {seed}");
            if let Ok(t) = a {
                endings.insert(t.iter().find(|x| x.starts_with("outcome")).cloned());
            }
        }
        assert!(
            endings.len() >= 3,
            "{short}: the playthroughs reach several endings: {endings:?}"
        );
    }
}

/// Where `check` reports the first diagnostic of `code` in `src`: (line, column).
fn reported(src: &str, code: &str) -> (usize, usize, String) {
    let source = Source::from_bytes("x.ron", src.as_bytes());
    let d = source
        .located()
        .into_iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", source.located()));
    (d.line, d.col, format!("{}{:?}", d.message, d.help))
}

/// The line and column (both from 1, in characters) of the `n`-th byte.
fn line_col(src: &str, byte: usize) -> (usize, usize) {
    let line = src[..byte].matches('\n').count() + 1;
    let start = src[..byte].rfind('\n').map_or(0, |i| i + 1);
    (line, src[start..byte].chars().count() + 1)
}

/// `old` replaced once in the tutorial; where its replacement starts, `after` bytes in.
fn broken(old: &str, new: &str, after: usize) -> (String, (usize, usize)) {
    let src = read("docs/tutorial/corner_bakery.ron");
    let at = src
        .find(old)
        .unwrap_or_else(|| panic!("`{old}` in the tutorial"));
    let out = src.replacen(old, new, 1);
    let place = line_col(&out, at + after);
    (out, place)
}

#[test]
fn mistakes_in_short_forms_are_reported_where_they_are_written() {
    // A node id misspelt in a `Pick`'s `next`.
    let (src, at) = broken(
        "next: \"visser_reacts\"",
        "next: \"visser_react\"",
        "next: ".len(),
    );
    let (line, col, msg) = reported(&src, "E0111");
    assert_eq!((line, col), at, "{msg}");
    assert!(msg.contains("did you mean `visser_reacts`"), "{msg}");

    // An unknown party as a `Say`'s `who` (the long form's `speaker`).
    let (src, at) = broken("who: \"visser\"", "who: \"vissser\"", "who: ".len());
    let (line, col, msg) = reported(&src, "E0110");
    assert_eq!((line, col), at, "{msg}");

    // A `Say` without its Dutch line: at the `Say`.
    let (src, _) = broken(
        "\n            nl: \"Mijn desembrood, alsjeblieft. Zoals altijd.\",",
        "",
        0,
    );
    let say = src.find("Say(id: \"asks\"").unwrap();
    let (line, col, msg) = reported(&src, "E0120");
    assert_eq!((line, col), line_col(&src, say), "{msg}");

    // An empty English text of a `Pick`: at that text.
    let (src, at) = broken("en: \"Turn the sign to Closed.\"", "en: \"\"", "en: ".len());
    let (line, col, msg) = reported(&src, "E0121");
    assert_eq!((line, col), at, "{msg}");

    // A `Pick` whose effects make two kinds of move and that does not say which.
    let (src, at) = broken(
        "effects: [Give(from: \"sanne\", to: \"visser\", layer: Seen, amount: 2)]",
        "effects: [Give(from: \"sanne\", to: \"visser\", layer: Seen, amount: 2), \
         Acknowledge(by: \"sanne\", of: \"visser\", amount: 1)]",
        "effects: ".len(),
    );
    let (line, col, msg) = reported(&src, "E0152");
    assert_eq!((line, col), at, "{msg}");
    assert!(msg.contains("move: Acknowledge"), "{msg}");
    // Saying which clears it.
    let fixed = src.replacen(
        "effects: [Give(from: \"sanne\", to: \"visser\", layer: Seen, amount: 2), ",
        "move: Give, effects: [Give(from: \"sanne\", to: \"visser\", layer: Seen, amount: 2), ",
        1,
    );
    assert!(check_str(&fixed).story.is_some());

    // A misspelt field of a short form: a syntax error naming the form, with a suggestion.
    let (src, at) = broken("next: \"closing\"", "nxt: \"closing\"", 0);
    let (line, col, msg) = reported(&src, "E0001");
    assert_eq!((line, col), at, "{msg}");
    assert!(
        msg.contains("in `Pick`") && msg.contains("did you mean `next`"),
        "{msg}"
    );

    // A misspelt form: the forms are suggested.
    let (src, at) = broken("Narrate(id: \"closing\"", "Narate(id: \"closing\"", 0);
    let (line, col, msg) = reported(&src, "E0001");
    assert_eq!((line, col), at, "{msg}");
    assert!(msg.contains("did you mean `Narrate`"), "{msg}");
}

#[test]
fn short_and_long_forms_mix_in_one_file() {
    // The long form stays valid next to the short: a `Node` with `Pick`s, a `Say` with a
    // `Choice`.
    let long = read("tests/fixtures/long_form/corner_bakery.ron");
    let mixed = long
        .replacen(
            "        Node(\n            id: \"closing\",\n            text: (en: \"You sweep the last crumbs from the counter.\", nl: \"Je veegt de laatste kruimels van de toonbank.\"),\n            then: End,\n        ),",
            "        Narrate(id: \"closing\", en: \"You sweep the last crumbs from the counter.\",\n                nl: \"Je veegt de laatste kruimels van de toonbank.\", then: End),",
            1,
        )
        .replacen(
            "Choice(\n                    text: (en: \"Turn the sign to Closed.\", nl: \"Draai het bordje op Gesloten.\"),\n                    move: Neutral,\n                    next: \"closing\",\n                ),",
            "Pick(en: \"Turn the sign to Closed.\", nl: \"Draai het bordje op Gesloten.\", next: \"closing\"),",
            1,
        );
    assert!(
        mixed.contains("Narrate(") && mixed.contains("Pick("),
        "the fixture's layout changed"
    );
    let a = story("tests/fixtures/long_form/corner_bakery.ron");
    let checked = check_str(&mixed);
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.severity != Severity::Error),
        "{:?}",
        checked.diagnostics
    );
    let b = checked.story.unwrap();
    assert_eq!(
        serde_json::to_value(a.written()).unwrap(),
        serde_json::to_value(b.written()).unwrap()
    );
}

#[test]
fn a_node_without_its_form_named_says_so() {
    let long = read("tests/fixtures/long_form/corner_bakery.ron");
    let at = long.find("Node(\n            id: \"grumbles\"").unwrap();
    let src = long.replacen(
        "Node(\n            id: \"grumbles\"",
        "(\n            id: \"grumbles\"",
        1,
    );
    let (line, col, msg) = reported(&src, "E0001");
    assert_eq!((line, col), line_col(&src, at), "{msg}");
    assert!(
        msg.contains("`Say(...)`") && msg.contains("`Pick(...)`"),
        "{msg}"
    );
}
