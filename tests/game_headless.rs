//! The game without a window: `MinimalPlugins` and the plugins the game needs, driven by
//! `app.update()`. Buttons are pressed the way a click or Enter presses them (an `Activate`
//! on the button entity), number keys through real `KeyboardInput` messages.

// The game exists only with the `game` feature (`cargo test --no-default-features` tests the core).
#![cfg(feature = "game")]

use bevy::asset::AssetPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::{ButtonState, InputPlugin};
use bevy::input_focus::InputFocusPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::ui_widgets::Activate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use give_and_take::game::banner::{BannerText, Notices};
use give_and_take::game::debug_overlay::OverlayLine;
use give_and_take::game::persist::{Progress, SaveSlot, Settings, TextSpeed};
use give_and_take::game::playthrough::{Change, Kept, Playthrough};
use give_and_take::game::scenarios::{self, Catalog};
use give_and_take::game::screens::list::ScenarioCard;
use give_and_take::game::screens::outcome::OutcomeTitle;
use give_and_take::game::screens::play::{
    ChoiceButton, ContinueButton, DialogueText, MenuButton, SkipTypewriter, Typewriter,
};
use give_and_take::game::screens::reflection::MomentSummary;
use give_and_take::game::screens::title::TitleButton;
use give_and_take::game::{GameConfig, ScenarioFolder, Screen, plugin};
use give_and_take::story::ledger::{Cause, Change as LedgerChange};
use give_and_take::story::reflect::Reflection;
use give_and_take::story::{Lang, RunState};

const SEED: u64 = 7;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gat-game-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The game over `folder`, saving into `data`; `watch` turns on the file watcher.
fn game(folder: &Path, data: &Path, watch: bool) -> App {
    let config = GameConfig {
        folders: vec![ScenarioFolder {
            source: "scenarios".into(),
            dir: folder.to_path_buf(),
            authored: false,
        }],
        data_dir: data.to_path_buf(),
        lang: Some(Lang::En),
        debug: true,
        seed: Some(SEED),
    };
    let mut app = App::new();
    scenarios::register_sources(&mut app, &config.folders);
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: root().join("assets").to_string_lossy().into_owned(),
            watch_for_changes_override: Some(watch),
            ..default()
        },
        StatesPlugin,
        InputPlugin,
        InputFocusPlugin,
        // The fonts are `Font` assets.
        bevy::text::TextPlugin,
    ))
    .insert_resource(config)
    .add_plugins(plugin);
    app
}

fn update_until(app: &mut App, what: &str, mut done: impl FnMut(&mut World) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        app.update();
        if done(app.world_mut()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("timed out waiting for {what}");
}

fn loaded(app: &mut App) {
    update_until(app, "the scenarios to load", |w| {
        let c = w.resource::<Catalog>();
        !c.entries.is_empty() && c.settled()
    });
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn entities<C: Component>(app: &mut App) -> Vec<Entity> {
    let w = app.world_mut();
    w.query_filtered::<Entity, With<C>>().iter(w).collect()
}

fn texts_of<C: Component>(app: &mut App) -> Vec<String> {
    let w = app.world_mut();
    w.query_filtered::<&Text, With<C>>()
        .iter(w)
        .map(|t| t.0.clone())
        .collect()
}

fn all_texts(app: &mut App) -> Vec<String> {
    let w = app.world_mut();
    w.query::<&Text>().iter(w).map(|t| t.0.clone()).collect()
}

/// Presses a button the way a click or Enter does.
fn activate(app: &mut App, button: Entity) {
    app.world_mut().trigger(Activate { entity: button });
    app.update();
    app.update();
}

fn title_button(app: &mut App, which: TitleButton) -> Entity {
    let w = app.world_mut();
    w.query::<(Entity, &TitleButton)>()
        .iter(w)
        .find(|(_, b)| **b == which)
        .map(|(e, _)| e)
        .unwrap_or_else(|| panic!("no {which:?} button on the title screen"))
}

fn press_key(app: &mut App, key_code: KeyCode, logical_key: Key) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code,
            logical_key: logical_key.clone(),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
}

fn digit(n: usize) -> (KeyCode, Key) {
    let codes = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
    ];
    (codes[n - 1], Key::Character(n.to_string().into()))
}

/// From the title through the list into the quote dispute.
fn open_quote_dispute(app: &mut App) {
    loaded(app);
    assert_eq!(screen(app), Screen::Title);
    assert!(all_texts(app).iter().any(|t| t == "Give and Take"));
    let scenarios = title_button(app, TitleButton::Scenarios);
    activate(app, scenarios);
    assert_eq!(screen(app), Screen::List);
    let card = {
        let w = app.world_mut();
        w.query::<(Entity, &ScenarioCard)>()
            .iter(w)
            .find(|(_, c)| c.0.path().ends_with("quote_dispute.ron"))
            .map(|(e, _)| e)
            .expect("a card for the quote dispute")
    };
    activate(app, card);
    assert_eq!(screen(app), Screen::Play);
}

/// How a player chooses: by clicking the button, or with its number key.
#[derive(Clone, Copy)]
enum By {
    Button,
    Key,
}

/// Reads through the lines, choosing with `pick` (from how many are offered, the 0-based
/// position to take) until the outcome; checks on the way that the balances are never
/// shown while playing. Returns the positions chosen.
fn play_to_outcome(app: &mut App, pick: impl Fn(usize) -> usize, by: By) -> Vec<usize> {
    let mut made = Vec::new();
    let before = app.world().resource::<Playthrough>().run.choices.len();
    for _ in 0..600 {
        app.update();
        if screen(app) == Screen::Outcome {
            return made;
        }
        for t in all_texts(app) {
            assert!(
                !t.contains("credit") && !t.contains('›'),
                "a balance is shown while playing: {t}"
            );
        }
        // The line types out; a click on it or Space reveals it.
        app.world_mut().trigger(SkipTypewriter);
        app.update();
        if let Some(&cont) = entities::<ContinueButton>(app).first() {
            activate(app, cont);
            continue;
        }
        let choices: Vec<(Entity, usize)> = {
            let w = app.world_mut();
            w.query::<(Entity, &ChoiceButton)>()
                .iter(w)
                .map(|(e, c)| (e, c.0))
                .collect()
        };
        if choices.is_empty() {
            continue;
        }
        let choice = pick(choices.len());
        made.push(choice);
        match by {
            By::Button => {
                let (button, _) = choices
                    .iter()
                    .find(|(_, i)| *i == choice)
                    .expect("the pick is on offer");
                activate(app, *button);
            }
            By::Key => {
                let (code, key) = digit(choice + 1);
                press_key(app, code, key);
            }
        }
        let pt = app.world().resource::<Playthrough>();
        assert_eq!(pt.run.choices[before..], made, "the choice was not taken");
    }
    panic!("no outcome after 600 frames");
}

#[test]
fn plays_the_quote_dispute_to_its_outcome_and_reflection() {
    let data = scratch("play");
    let mut app = game(&root().join("scenarios"), &data, false);
    open_quote_dispute(&mut app);
    let picks = play_to_outcome(&mut app, |_| 0, By::Button);

    let pt = app.world().resource::<Playthrough>();
    let story = pt.story.clone();
    let run = pt.run.clone();
    assert_eq!(run.choices, picks);
    // The same run as the story core plays it.
    assert_eq!(run, RunState::replay(&story, SEED, &picks).unwrap());
    let outcome = run.outcome.expect("ended");
    assert_eq!(
        texts_of::<OutcomeTitle>(&mut app),
        vec![story.outcome_title(outcome).get(Lang::En).to_string()]
    );
    assert!(
        all_texts(&mut app)
            .iter()
            .any(|t| t == story.scenario.outcomes[outcome].epilogue.get(Lang::En))
    );

    // The outcome was recorded, the save for Continue is gone.
    let progress = app.world().resource::<Progress>();
    assert_eq!(progress.found(&story), 1);
    assert!(app.world().resource::<SaveSlot>().0.is_none());

    // "See what happened" is the focused first button.
    let see = entities::<bevy::input_focus::AutoFocus>(&mut app)[0];
    activate(&mut app, see);
    assert_eq!(screen(&app), Screen::Reflection);
    let shown = all_texts(&mut app);
    let summaries = texts_of::<MomentSummary>(&mut app);
    let reflection = Reflection::build(&story, &run);
    // Every moment the player caused is explained, tied to the choice's words.
    for m in reflection
        .moments
        .iter()
        .filter(|m| matches!(m.cause, Cause::Choice { .. }))
    {
        assert!(summaries.contains(&m.summary.get(Lang::En).to_string()));
        let unquoted = |t: &str| t.replace(['"', '“', '”', '‘', '’'], "");
        let choice = unquoted(m.choice.as_ref().unwrap().get(Lang::En));
        assert!(
            shown
                .iter()
                .any(|t| t.starts_with("You chose") && unquoted(t).contains(choice.trim())),
            "no “You chose …” for {choice}"
        );
    }
    // Every entry that moved a balance is explained by its rule.
    for e in run
        .entries
        .iter()
        .filter(|e| e.cause != Cause::History && !matches!(e.change, LedgerChange::Flag { .. }))
    {
        assert!(
            shown.contains(&e.why.get(Lang::En).to_string()),
            "{:?}",
            e.why
        );
    }
    // The first choice eased what Jort felt: his deficit toward Bernard, 4 at the start, 0
    // at the end, drawn as a bar with its values.
    assert!(summaries[0].contains("Jort") && summaries[0].contains("eased"));
    assert!(shown.iter().any(|t| t == "4  ›  0"), "{shown:?}");

    // Back to the list, which now counts the outcome found.
    let back = entities::<bevy::input_focus::AutoFocus>(&mut app)[0];
    activate(&mut app, back);
    assert_eq!(screen(&app), Screen::List);
    app.update();
    let total = story.outcomes.len();
    assert!(
        all_texts(&mut app)
            .iter()
            .any(|t| t.starts_with(&format!("Outcomes found: 1 of {total}"))),
    );
}

#[test]
fn number_keys_choose_and_continue_resumes_the_saved_run() {
    let data = scratch("keys");
    let mut app = game(&root().join("scenarios"), &data, false);
    app.world_mut().resource_mut::<Settings>().text_speed = TextSpeed::Instant;
    open_quote_dispute(&mut app);
    // Read to the first choice, then pick the third with the 3 key.
    for _ in 0..20 {
        if let Some(&c) = entities::<ContinueButton>(&mut app).first() {
            activate(&mut app, c);
        } else {
            app.update();
        }
        if !entities::<ChoiceButton>(&mut app).is_empty() {
            break;
        }
    }
    let (code, key) = digit(3);
    press_key(&mut app, code, key);
    let pt = app.world().resource::<Playthrough>();
    assert_eq!(pt.run.choices, vec![2]);
    let node = pt.story.node_id(pt.run.node).to_string();
    let save = app.world().resource::<SaveSlot>().0.clone().expect("saved");
    assert_eq!(
        (save.choices.clone(), save.node.clone()),
        (vec![2], node.clone())
    );
    // The mouse's way out mid-run: the header's Menu button; the title then offers Continue.
    let menu = entities::<MenuButton>(&mut app)[0];
    activate(&mut app, menu);
    assert_eq!(screen(&app), Screen::Title);
    title_button(&mut app, TitleButton::Continue);
    drop(app);

    // A new session: the title offers Continue, which lands on the same node.
    let mut app = game(&root().join("scenarios"), &data, false);
    loaded(&mut app);
    let cont = title_button(&mut app, TitleButton::Continue);
    activate(&mut app, cont);
    assert_eq!(screen(&app), Screen::Play);
    let pt = app.world().resource::<Playthrough>();
    assert_eq!(pt.story.node_id(pt.run.node), node);
    assert_eq!(pt.run.choices, vec![2]);

    // Keys all the way to an ending: always the second choice.
    let rest = play_to_outcome(&mut app, |_| 1, By::Key);
    let pt = app.world().resource::<Playthrough>();
    let all: Vec<usize> = [2].into_iter().chain(rest).collect();
    assert_eq!(pt.run, RunState::replay(&pt.story, SEED, &all).unwrap());
    let o = pt.run.outcome.unwrap();
    let title = pt.story.outcome_title(o).get(Lang::En).to_string();
    assert_eq!(texts_of::<OutcomeTitle>(&mut app), vec![title]);
}

#[test]
fn the_debug_overlay_shows_the_live_ledger() {
    let data = scratch("overlay");
    let mut app = game(&root().join("scenarios"), &data, false);
    open_quote_dispute(&mut app);
    press_key(&mut app, KeyCode::F1, Key::F1);
    app.update();
    let lines = texts_of::<OverlayLine>(&mut app);
    assert!(lines.iter().any(|l| l.contains("node `")), "{lines:?}");
    // The history already put Bernard 12 ahead with Harry on the deal.
    assert!(
        lines.iter().any(|l| l == "bernard › harry:  +12 / +8"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "jort › bernard:  4"), "{lines:?}");
    press_key(&mut app, KeyCode::F1, Key::F1);
    app.update();
    assert!(texts_of::<OverlayLine>(&mut app).is_empty());
}

/// Writes `text` where a watcher sees a whole new file (never a half-written one).
fn save_file(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn line_shown(app: &mut App) -> String {
    let w = app.world_mut();
    w.query_filtered::<&Typewriter, With<DialogueText>>()
        .iter(w)
        .map(|t| t.full.clone())
        .next()
        .unwrap_or_default()
}

#[test]
fn hot_reload_keeps_the_place_and_survives_a_broken_edit() {
    let folder = scratch("reload-scenarios");
    let data = scratch("reload-data");
    let file = folder.join("quote_dispute.ron");
    let original = std::fs::read_to_string(root().join("scenarios/quote_dispute.ron")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let mut app = game(&folder, &data, true);
    app.world_mut().resource_mut::<Settings>().text_speed = TextSpeed::Instant;
    open_quote_dispute(&mut app);
    choose_then_read(&mut app, &[0, 1]);
    let at = |app: &App| {
        let pt = app.world().resource::<Playthrough>();
        pt.story.node_id(pt.run.node).to_string()
    };
    assert_eq!(at(&app), "erik_opens");
    let version = |app: &App| {
        let c = app.world().resource::<Catalog>();
        (c.entries[0].version, c.entries[0].error.clone())
    };
    let v0 = version(&app).0;

    // The author rewrites Erik's line: same place, new words, a notice says so.
    save_file(
        &file,
        &original.replace("Walk me through it.", "Talk me through it."),
    );
    update_until(&mut app, "the edit to load", |w| {
        w.resource::<Catalog>().entries[0].version > v0
    });
    app.update();
    app.update();
    assert_eq!(at(&app), "erik_opens");
    let pt = app.world().resource::<Playthrough>();
    assert_eq!(pt.last, Change::Reloaded(Kept::Place));
    assert_eq!(pt.run.choices, vec![0, 1]);
    assert!(line_shown(&mut app).ends_with("Talk me through it."));
    let notices = app.world().resource::<Notices>();
    assert!(
        notices
            .0
            .iter()
            .any(|n| n.text.contains("still at “erik_opens”"))
    );

    // A broken edit: a banner with file:line:col, the game plays on the last good version.
    let v1 = version(&app).0;
    let broken = original.replacen("then: Choices([", "then: Choices([[", 1);
    save_file(&file, &broken);
    update_until(&mut app, "the broken edit to fail", |w| {
        w.resource::<Catalog>().entries[0].error.is_some()
    });
    app.update();
    let banner = texts_of::<BannerText>(&mut app).join("\n");
    let line = broken
        .lines()
        .position(|l| l.contains("Choices([["))
        .unwrap()
        + 1;
    assert!(
        banner.contains(&format!("quote_dispute.ron:{line}:")) && banner.contains("error["),
        "{banner}"
    );
    assert!(banner.contains("last good version"));
    assert_eq!(version(&app).0, v1);
    assert_eq!(at(&app), "erik_opens");
    assert!(!entities::<ChoiceButton>(&mut app).is_empty());

    // Fixed again: the banner goes.
    save_file(&file, &original);
    update_until(&mut app, "the fix to load", |w| {
        w.resource::<Catalog>().entries[0].error.is_none()
    });
    app.update();
    assert!(
        texts_of::<BannerText>(&mut app)
            .iter()
            .all(|t| !t.contains("last good version"))
    );
    assert_eq!(at(&app), "erik_opens");

    // The node the player is at is renamed: the place cannot be kept, the scenario starts
    // over, and the notice says why.
    let v2 = version(&app).0;
    save_file(
        &file,
        &original.replace("\"erik_opens\"", "\"erik_begins\""),
    );
    update_until(&mut app, "the rename to load", |w| {
        w.resource::<Catalog>().entries[0].version > v2
    });
    app.update();
    let pt = app.world().resource::<Playthrough>();
    assert_eq!(pt.last, Change::Reloaded(Kept::Restarted));
    assert!(pt.run.choices.is_empty());
    let notices = app.world().resource::<Notices>();
    assert!(
        notices
            .0
            .iter()
            .any(|n| n.text.contains("started over") && n.text.contains("erik_opens")),
        "{:?}",
        notices.0
    );
}

/// Makes `picks` with the typewriter off, stopping at the next choice.
fn choose_then_read(app: &mut App, picks: &[usize]) {
    for &pick in picks {
        for _ in 0..40 {
            if !entities::<ChoiceButton>(app).is_empty() {
                break;
            }
            match entities::<ContinueButton>(app).first() {
                Some(&c) => activate(app, c),
                None => app.update(),
            }
        }
        let button = {
            let w = app.world_mut();
            w.query::<(Entity, &ChoiceButton)>()
                .iter(w)
                .find(|(_, c)| c.0 == pick)
                .map(|(e, _)| e)
                .expect("the pick is on offer")
        };
        activate(app, button);
    }
    for _ in 0..40 {
        if !entities::<ChoiceButton>(app).is_empty() {
            return;
        }
        match entities::<ContinueButton>(app).first() {
            Some(&c) => activate(app, c),
            None => app.update(),
        }
    }
}
