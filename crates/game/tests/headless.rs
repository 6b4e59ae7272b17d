//! The game without a window: `MinimalPlugins` and the plugins the game needs, driven by
//! `app.update()`. Buttons are pressed the way a click or Enter presses them (an `Activate`
//! on the button entity), number keys through real `KeyboardInput` messages.

use bevy::asset::AssetPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::{ButtonState, InputPlugin};
use bevy::input_focus::InputFocusPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::ui_widgets::Activate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use give_and_take_game::{
    BannerText, Catalog, ChoiceButton, ContinueButton, DialogueText, GameConfig, Kept, MenuButton,
    MomentSummary, Notices, OutcomeTitle, OverlayLine, Playthrough, Progress, Reading, RunEvent,
    SaveSlot, ScenarioCard, ScenarioFolder, Screen, Settings, SettingsButton, SkipTypewriter,
    TextSpeed, TitleButton, Typewriter, plugin, register_sources,
};
use story::{Beat, Cause, Lang, LedgerChange, Reflection, RunState};

#[path = "headless/comforts.rs"]
mod comforts;
#[path = "headless/data.rs"]
mod data;
#[path = "headless/looks.rs"]
mod looks;
#[path = "headless/reload.rs"]
mod reload;

const SEED: u64 = 7;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
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
    game_in(folder, data, watch, Some(Lang::En))
}

/// [`game`] started with `--lang` (`None`: without it).
fn game_in(folder: &Path, data: &Path, watch: bool, lang: Option<Lang>) -> App {
    let config = GameConfig {
        folders: vec![ScenarioFolder {
            source: "scenarios".into(),
            dir: folder.to_path_buf(),
            authored: false,
        }],
        data_dir: data.to_path_buf(),
        lang,
        debug: true,
        seed: Some(SEED),
    };
    let mut app = App::new();
    register_sources(&mut app, &config.folders);
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

/// The game headless, with Bevy's UI running (layout, text, accessibility nodes) against a
/// target of `size` pixels.
fn laid_out_game(data: &Path, size: UVec2) -> App {
    let mut app = game(&root().join("scenarios"), data, false);
    app.add_plugins((
        TransformPlugin,
        bevy::image::ImagePlugin::default(),
        bevy::image::TextureAtlasPlugin,
        bevy::picking::PickingPlugin,
        bevy::picking::InteractionPlugin,
        bevy::ui::UiPlugin,
    ));
    // No renderer computes the camera's target: it is the window's size.
    app.add_systems(First, move |mut cameras: Query<&mut Camera>| {
        for mut camera in &mut cameras {
            camera.computed = bevy::camera::ComputedCameraValues {
                target_info: Some(bevy::camera::RenderTargetInfo {
                    physical_size: size,
                    scale_factor: 1.0,
                }),
                ..default()
            };
        }
    });
    app
}

/// Files in `data` whose names start with `prefix`.
fn kept_aside(data: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect()
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

/// The notices as the player reads them, in the current language.
fn notices_shown(app: &App) -> Vec<String> {
    let lang = app.world().resource::<Settings>().lang;
    app.world()
        .resource::<Notices>()
        .0
        .iter()
        .map(|n| n.text.get(lang).to_string())
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

/// The button on screen marked `which` (a title or settings button).
fn button<B: Component + PartialEq + std::fmt::Debug>(app: &mut App, which: B) -> Entity {
    let w = app.world_mut();
    w.query::<(Entity, &B)>()
        .iter(w)
        .find(|(_, b)| **b == which)
        .map(|(e, _)| e)
        .unwrap_or_else(|| panic!("no {which:?} button on screen"))
}

fn title_button(app: &mut App, which: TitleButton) -> Entity {
    button(app, which)
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

/// L: opens the backlog over the play screen, or closes it.
fn open_backlog(app: &mut App) {
    press_key(app, KeyCode::KeyL, Key::Character("l".into()));
}

/// From the title through the list into the quote dispute.
fn open_quote_dispute(app: &mut App) {
    open_scenario(app, "quote_dispute.ron");
}

/// From the title through the list into the scenario in `file`.
fn open_scenario(app: &mut App, file: &str) {
    loaded(app);
    assert_eq!(screen(app), Screen::Title);
    let title = match app.world().resource::<Settings>().lang {
        Lang::En => "Give and Take",
        Lang::Nl => "Geven en nemen",
    };
    assert!(all_texts(app).iter().any(|t| t == title));
    let scenarios = title_button(app, TitleButton::Scenarios);
    activate(app, scenarios);
    assert_eq!(screen(app), Screen::List);
    let card = {
        let w = app.world_mut();
        w.query::<(Entity, &ScenarioCard)>()
            .iter(w)
            .find(|(_, c)| c.0.path().ends_with(file))
            .map(|(e, _)| e)
            .unwrap_or_else(|| panic!("a card for {file}"))
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
            .any(|t| t == story.epilogue(outcome).get(Lang::En))
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
        assert!(shown.contains(&e.why.get(&story, Lang::En)), "{:?}", e.why);
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
    let total = story.outcomes().len();
    assert!(
        all_texts(&mut app)
            .iter()
            .any(|t| t.starts_with(&format!("Outcomes found: 1 of {total}"))),
    );
}

/// Every text is set in a shipped font (Bevy's built-in one is ASCII only) at its role's
/// size: the text roles reach every text, spans included.
#[test]
fn texts_get_their_roles_fonts() {
    use bevy::text::{FontSize, FontSource};
    let data = scratch("fonts");
    let mut app = game(&root().join("scenarios"), &data, false);
    app.world_mut().resource_mut::<Settings>().text_speed = TextSpeed::Instant;
    open_quote_dispute(&mut app);
    // Past the scene's title card to the first spoken line.
    for _ in 0..20 {
        if !entities::<DialogueText>(&mut app).is_empty() {
            break;
        }
        match entities::<ContinueButton>(&mut app).first() {
            Some(&c) => activate(&mut app, c),
            None => app.update(),
        }
    }
    let w = app.world_mut();
    let fonts: Vec<TextFont> = w.query::<&TextFont>().iter(w).cloned().collect();
    assert!(fonts.len() > 5, "{} texts", fonts.len());
    for font in &fonts {
        assert!(
            matches!(&font.font, FontSource::Handle(h) if *h != Handle::default()),
            "a text in Bevy's built-in font: {font:?}"
        );
    }
    // The spoken line and its two spans: one role, one size.
    let w = app.world_mut();
    let line = w
        .query_filtered::<(&TextFont, &Children), With<DialogueText>>()
        .single(w)
        .map(|(f, c)| (f.font_size, c.to_vec()))
        .expect("a line on screen");
    let sizes: Vec<FontSize> = std::iter::once(line.0)
        .chain(
            line.1
                .iter()
                .map(|&c| w.get::<TextFont>(c).unwrap().font_size),
        )
        .collect();
    assert!(
        sizes
            .iter()
            .all(|s| matches!(s, FontSize::Px(24.0) | FontSize::Px(28.0)))
            && sizes.len() == 3,
        "{sizes:?}"
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

fn stored_settings(data: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(data.join("settings.json")).expect("settings stored");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn lang_on_the_command_line_is_not_saved_with_other_settings() {
    let data = scratch("settings");
    // A session started with `--lang nl`: the game speaks Dutch...
    let mut app = game_in(&root().join("scenarios"), &data, false, Some(Lang::Nl));
    loaded(&mut app);
    assert_eq!(app.world().resource::<Settings>().lang, Lang::Nl);
    let open = title_button(&mut app, TitleButton::Settings);
    activate(&mut app, open);
    assert_eq!(screen(&app), Screen::Settings);
    assert!(all_texts(&mut app).iter().any(|t| t == "Instellingen"));
    // ...and changing the text speed stores only that: not the session's language.
    let fast = button(&mut app, SettingsButton::Speed(TextSpeed::Fast));
    activate(&mut app, fast);
    let stored = stored_settings(&data);
    assert_eq!(stored["text_speed"], "Fast", "{stored}");
    assert_eq!(stored["lang"], "en", "{stored}");
    assert_eq!(app.world().resource::<Settings>().lang, Lang::Nl);
    drop(app);

    // The next session without `--lang` is in English, at the chosen speed.
    let mut app = game_in(&root().join("scenarios"), &data, false, None);
    loaded(&mut app);
    let settings = app.world().resource::<Settings>().clone();
    assert_eq!(
        (settings.lang, settings.text_speed),
        (Lang::En, TextSpeed::Fast)
    );
    // Choosing a language in Settings is saved.
    let open = title_button(&mut app, TitleButton::Settings);
    activate(&mut app, open);
    let nl = button(&mut app, SettingsButton::Lang(Lang::Nl));
    activate(&mut app, nl);
    assert_eq!(stored_settings(&data)["lang"], "nl");
    assert_eq!(app.world().resource::<Settings>().lang, Lang::Nl);
}

#[test]
fn dutch_names_open_labels_capitalised() {
    let data = scratch("names");
    let mut app = game_in(&root().join("scenarios"), &data, false, Some(Lang::Nl));
    app.world_mut().resource_mut::<Settings>().text_speed = TextSpeed::Instant;
    open_scenario(&mut app, "furniture_delivery.ron");
    let mut seen = Vec::new();
    // Mrs Kuipers is "mevrouw Kuipers" in Dutch, written mid-sentence style.
    let mut look = |app: &mut App| {
        for t in all_texts(app) {
            assert!(
                !t.starts_with("mevrouw"),
                "a label opens in lower case: {t}"
            );
            seen.push(t);
        }
    };
    for _ in 0..600 {
        look(&mut app);
        if screen(&app) == Screen::Outcome {
            break;
        }
        if let Some(&c) = entities::<ContinueButton>(&mut app).first() {
            activate(&mut app, c);
            continue;
        }
        match entities::<ChoiceButton>(&mut app).first() {
            Some(&c) => activate(&mut app, c),
            None => app.update(),
        }
    }
    assert_eq!(screen(&app), Screen::Outcome);
    let see = entities::<bevy::input_focus::AutoFocus>(&mut app)[0];
    activate(&mut app, see);
    assert_eq!(screen(&app), Screen::Reflection);
    look(&mut app);
    assert!(seen.iter().any(|t| t == "Mevrouw Kuipers"), "{seen:?}");
}

#[test]
fn the_debug_overlay_shows_the_scenarios_warnings() {
    let folder = scratch("warnings-scenarios");
    let data = scratch("warnings-data");
    let original = std::fs::read_to_string(root().join("scenarios/quote_dispute.ron")).unwrap();
    // A Dutch text left the same as the English one: a warning, not an error.
    let edited = original.replace("nl: \"De avond ervoor\"", "nl: \"The evening before\"");
    assert_ne!(edited, original);
    std::fs::write(folder.join("quote_dispute.ron"), &edited).unwrap();
    let mut app = game(&folder, &data, false);
    open_quote_dispute(&mut app);
    press_key(&mut app, KeyCode::F1, Key::F1);
    app.update();
    let lines = texts_of::<OverlayLine>(&mut app);
    assert!(lines.iter().any(|l| l == "Warnings  (1)"), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("quote_dispute.ron:") && l.contains("warning[W0201]")),
        "{lines:?}"
    );
}

#[test]
fn the_list_keeps_the_focused_card_when_a_scenario_reloads() {
    use bevy::input_focus::InputFocus;
    let data = scratch("list-focus");
    let mut app = game(&root().join("scenarios"), &data, false);
    loaded(&mut app);
    let scenarios = title_button(&mut app, TitleButton::Scenarios);
    activate(&mut app, scenarios);
    assert_eq!(screen(&app), Screen::List);
    let focused_path = |app: &mut App| {
        let focus = app.world().resource::<InputFocus>().get();
        let w = app.world_mut();
        focus.and_then(|e| w.get::<ScenarioCard>(e).map(|c| c.0.clone()))
    };
    // The cards in the list's order (the catalog's).
    let cards: Vec<(Entity, String)> = {
        let order: Vec<String> = app
            .world()
            .resource::<Catalog>()
            .entries
            .iter()
            .map(|e| e.path.to_string())
            .collect();
        let w = app.world_mut();
        let mut cards: Vec<(Entity, String)> = w
            .query::<(Entity, &ScenarioCard)>()
            .iter(w)
            .map(|(e, c)| (e, c.0.to_string()))
            .collect();
        cards.sort_by_key(|(_, p)| order.iter().position(|o| o == p));
        cards
    };
    // The first card has the focus; the player moves it to the third.
    assert_eq!(
        focused_path(&mut app).map(|p| p.to_string()),
        Some(cards[0].1.clone())
    );
    let third = cards[2].0;
    app.world_mut()
        .resource_mut::<InputFocus>()
        .set(third, bevy::input_focus::FocusCause::Navigated);
    app.update();
    // A scenario reloads: the cards are rebuilt, the focus stays on the third scenario.
    app.world_mut().resource_mut::<Catalog>().entries[0].version += 1;
    app.update();
    app.update();
    assert!(
        app.world().get_entity(third).is_err(),
        "the cards were rebuilt"
    );
    assert_eq!(
        focused_path(&mut app).map(|p| p.to_string()),
        Some(cards[2].1.clone())
    );
}

/// Not a test of its own: the child process of `a_save_killed_mid_write_leaves_a_loadable_save`,
/// which saves two different runs in turn as fast as it can until it is killed.
#[test]
#[ignore = "run as a child process by a_save_killed_mid_write_leaves_a_loadable_save"]
fn save_loop_child() {
    let Some(dir) = std::env::var_os("GIVE_AND_TAKE_SAVE_LOOP") else {
        return;
    };
    let data = give_and_take_game::DataDir(PathBuf::from(dir));
    // Long saves, so that a kill often lands in the middle of writing one.
    let save = |n: usize| story::Save {
        scenario: "quote_dispute".into(),
        seed: n as u64,
        choices: vec![n; 200_000],
        node: format!("node_{n}"),
    };
    let (a, b) = (save(1), save(2));
    loop {
        data.store_save(Some(&a)).unwrap();
        data.store_save(Some(&b)).unwrap();
    }
}

/// Saving is atomic: killed (SIGKILL) at any moment while saving, again and again, the game
/// leaves either the old save or the new one, whole, never half a file.
#[test]
#[cfg(unix)]
fn a_save_killed_mid_write_leaves_a_loadable_save() {
    let data = scratch("killed-saves");
    for round in 0..25u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "save_loop_child",
                "--test-threads=1",
            ])
            .env("GIVE_AND_TAKE_SAVE_LOOP", &data)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Let it get going (on a busy machine the first save can take a while: wait for it),
        // then kill it at a different moment each round.
        let started = std::time::Instant::now();
        while !data.join("save.json").exists() && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(20 + round * 13));
        child.kill().unwrap();
        child.wait().unwrap();
        let text = std::fs::read_to_string(data.join("save.json"))
            .unwrap_or_else(|e| panic!("round {round}: no save: {e}"));
        let save: story::Save = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("round {round}: the save is damaged: {e}"));
        assert!(
            matches!(save.seed, 1 | 2) && save.choices.len() == 200_000,
            "round {round}"
        );
    }
    let _ = std::fs::remove_dir_all(&data);
}

/// A data folder that cannot be written (here it is a file) is not only logged: the player is
/// told, in a banner that stays, and plays on.
#[test]
fn a_save_that_cannot_be_written_is_shown_to_the_player() {
    let data = scratch("unwritable").join("data-is-a-file");
    std::fs::write(&data, "not a folder").unwrap();
    let mut app = game(&root().join("scenarios"), &data, false);
    open_quote_dispute(&mut app);
    let errors = |app: &App| -> Vec<String> {
        notices_shown(app)
            .into_iter()
            .filter(|n| n.contains("Could not save"))
            .collect()
    };
    // Starting the run already saves it for Continue.
    let shown = errors(&app);
    assert!(
        !shown.is_empty(),
        "{:?}",
        app.world().resource::<Notices>().0
    );
    assert!(shown[0].contains("data-is-a-file"), "{shown:?}");
    app.update();
    assert!(
        texts_of::<BannerText>(&mut app)
            .iter()
            .any(|t| t.contains("Could not save")),
        "the banner shows it"
    );
    assert_eq!(screen(&app), Screen::Play);
}
