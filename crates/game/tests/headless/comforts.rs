//! The comforts players of visual novels expect: rollback, the backlog, switching language
//! mid-scenario, save slots, full screen and a remembered window.

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowResized};

use super::*;
use give_and_take_game::{
    BacklogChoice, BacklogLine, QuickMenuButton, RollBack, SLOTS, SlotButton, SlotSave, Slots,
    WindowSize,
};
use story::{Save, Story};

/// Reads on (every line shown at once) until choices are offered or the outcome shows.
fn read_to_choices(app: &mut App) {
    for _ in 0..60 {
        app.update();
        if screen(app) != Screen::Play || !entities::<ChoiceButton>(app).is_empty() {
            return;
        }
        if let Some(&c) = entities::<ContinueButton>(app).first() {
            activate(app, c);
        }
    }
    panic!("no choices came");
}

/// Chooses the choice at `position` among those shown, with its number key.
fn choose(app: &mut App, position: usize) {
    read_to_choices(app);
    let (code, key) = digit(position + 1);
    press_key(app, code, key);
    read_to_choices(app);
}

fn run(app: &App) -> (std::sync::Arc<Story>, RunState) {
    let pt = app.world().resource::<Playthrough>();
    (pt.story.clone(), pt.run.clone())
}

/// The save for Continue, in memory and on disk.
fn saves(app: &App, data: &Path) -> (Option<Save>, Option<Save>) {
    let memory = app.world().resource::<SaveSlot>().0.clone();
    let disk = std::fs::read_to_string(data.join("save.json"))
        .ok()
        .map(|t| serde_json::from_str(&t).expect("the save parses"));
    (memory, disk)
}

fn instant(app: &mut App) {
    app.world_mut().resource_mut::<Settings>().text_speed = TextSpeed::Instant;
}

/// Stepping back (Backspace, the quick menu, several at once) leaves exactly the run the
/// story core replays from the choices before: ledger, random draws, transcript, entries;
/// the save for Continue follows on disk; choosing again forgets the abandoned branch, and
/// the reflection knows nothing of it.
#[test]
fn rolling_back_restores_the_ledger_the_draws_and_the_save_exactly() {
    let data = scratch("rollback");
    let mut app = game(&root().join("scenarios"), &data, false);
    instant(&mut app);
    open_quote_dispute(&mut app);
    // Choices until some reactions have been drawn at random.
    for pick in [1, 0, 0, 1, 0] {
        choose(&mut app, pick);
        let (_, r) = run(&app);
        if r.draws > 0 && r.choices.len() >= 3 || r.ended() {
            break;
        }
    }
    let (story, before) = run(&app);
    assert!(!before.ended() && before.draws > 0, "{before:?}");
    let made = before.choices.clone();
    let n = made.len();

    // Backspace: one choice back.
    press_key(&mut app, KeyCode::Backspace, Key::Backspace);
    app.update();
    let (_, now) = run(&app);
    let expected = RunState::replay(&story, SEED, &made[..n - 1]).unwrap();
    assert_eq!(
        now, expected,
        "one step back is the replay of the choices before"
    );
    assert!(now.draws <= before.draws);
    let save = Save::of(&story, &expected);
    assert_eq!(saves(&app, &data), (Some(save.clone()), Some(save)));
    // Back at the choice, offered at once.
    assert_eq!(
        entities::<ChoiceButton>(&mut app).len(),
        expected.offered(&story).len()
    );

    // The quick menu's Step back, then two at once.
    let step_back = button(&mut app, QuickMenuButton::StepBack);
    activate(&mut app, step_back);
    assert_eq!(
        run(&app).1,
        RunState::replay(&story, SEED, &made[..n - 2]).unwrap()
    );
    app.world_mut().trigger(RollBack(2));
    app.update();
    let (_, now) = run(&app);
    let keep = n.saturating_sub(4);
    assert_eq!(now, RunState::replay(&story, SEED, &made[..keep]).unwrap());
    // More than there are goes back to the start, not further.
    app.world_mut().trigger(RollBack(99));
    app.update();
    assert_eq!(run(&app).1, RunState::new(&story, SEED).unwrap());

    // Choosing otherwise: the same draws come again where the path is the same, and the
    // abandoned branch is gone from the run, the save and the reflection.
    let other: Vec<usize> = vec![2];
    choose(&mut app, 2);
    let (_, now) = run(&app);
    let replayed = RunState::replay(&story, SEED, &other).unwrap();
    assert_eq!(now, replayed);
    let save = Save::of(&story, &replayed);
    assert_eq!(saves(&app, &data), (Some(save.clone()), Some(save)));
    let rest = play_to_outcome(&mut app, |_| 0, By::Key);
    let (_, end) = run(&app);
    let path: Vec<usize> = other.into_iter().chain(rest).collect();
    assert_eq!(end, RunState::replay(&story, SEED, &path).unwrap());
    assert_eq!(
        Reflection::build(&story, &end),
        Reflection::build(&story, &RunState::replay(&story, SEED, &path).unwrap())
    );
    // The ending was reached: nothing is left to continue.
    assert_eq!(saves(&app, &data), (None, None));
}

/// With rollback turned off the choices stick: no Step back button, Backspace and RollBack
/// do nothing.
#[test]
fn with_rollback_off_choices_stick() {
    let data = scratch("rollback-off");
    let mut app = game(&root().join("scenarios"), &data, false);
    instant(&mut app);
    app.world_mut().resource_mut::<Settings>().rollback = false;
    open_quote_dispute(&mut app);
    choose(&mut app, 1);
    let (_, before) = run(&app);
    press_key(&mut app, KeyCode::Backspace, Key::Backspace);
    app.world_mut().trigger(RollBack(1));
    app.update();
    assert_eq!(run(&app).1, before);
    assert!(entities::<QuickMenuButton>(&mut app).len() == 4);
    let w = app.world_mut();
    assert!(
        !w.query::<&QuickMenuButton>()
            .iter(w)
            .any(|b| *b == QuickMenuButton::StepBack)
    );
}

/// The backlog, in order (sorted by its numbers).
fn backlog(app: &mut App) -> (Vec<String>, Vec<String>) {
    let w = app.world_mut();
    let mut lines: Vec<(usize, String)> = w
        .query::<(&BacklogLine, &Text)>()
        .iter(w)
        .map(|(n, t)| (n.0, t.0.clone()))
        .collect();
    lines.sort();
    let mut replies: Vec<(usize, String)> = w
        .query::<(&BacklogChoice, &Text)>()
        .iter(w)
        .map(|(n, t)| (n.0, t.0.clone()))
        .collect();
    replies.sort();
    (
        lines.into_iter().map(|l| l.1).collect(),
        replies.into_iter().map(|l| l.1).collect(),
    )
}

/// What the backlog must show of `run` in `lang`: every line of its transcript that has
/// words, and every reply.
fn expected_backlog(story: &Story, run: &RunState, lang: Lang) -> (Vec<String>, Vec<String>) {
    let mut lines = Vec::new();
    let mut replies = Vec::new();
    for beat in &run.transcript {
        match *beat {
            Beat::Line { node } => {
                let text = story.node_text(node);
                if Lang::ALL.iter().any(|&l| !text.get(l).trim().is_empty()) {
                    lines.push(text.get(lang).to_string());
                }
            }
            Beat::Chose { node, choice } => {
                let words = story.choice_text(node, choice).unwrap().get(lang);
                replies.push(format!("{} {words}", lang.pick("You:", "Jij:")));
            }
            _ => {}
        }
    }
    (lines, replies)
}

/// L opens the backlog: exactly the run's lines and the player's replies so far, in the
/// current language; L or Escape closes it (Escape does not leave the run); the keys of the
/// play screen wait while it is open; a reply in it steps back to that choice.
#[test]
fn the_backlog_lists_exactly_the_runs_lines() {
    let data = scratch("backlog");
    let mut app = game(&root().join("scenarios"), &data, false);
    instant(&mut app);
    open_quote_dispute(&mut app);
    for pick in [1, 0, 1] {
        choose(&mut app, pick);
    }
    read_to_choices(&mut app);
    let (story, now) = run(&app);
    open_backlog(&mut app);
    assert_eq!(backlog(&mut app), expected_backlog(&story, &now, Lang::En));
    // Speakers are named.
    let shown = all_texts(&mut app);
    assert!(shown.iter().any(|t| t == "Jort"), "{shown:?}");
    // While it is open a number key does not choose.
    let (code, key) = digit(1);
    press_key(&mut app, code, key);
    assert_eq!(run(&app).1, now);
    // Escape closes it and stays in the run; L opens and closes it.
    press_key(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Play);
    assert!(backlog(&mut app).0.is_empty());
    open_backlog(&mut app);
    assert!(!backlog(&mut app).0.is_empty());
    open_backlog(&mut app);
    assert!(backlog(&mut app).0.is_empty());

    // In Dutch, the same lines in Dutch.
    app.world_mut().resource_mut::<Settings>().lang = Lang::Nl;
    app.update();
    app.update();
    open_backlog(&mut app);
    assert_eq!(backlog(&mut app), expected_backlog(&story, &now, Lang::Nl));

    // A reply in it steps back to before that choice.
    let second = {
        let w = app.world_mut();
        w.query::<(&BacklogChoice, &ChildOf)>()
            .iter(w)
            .find(|(c, _)| c.0 == 1)
            .map(|(_, p)| p.parent())
            .unwrap()
    };
    activate(&mut app, second);
    assert!(backlog(&mut app).0.is_empty(), "it closed");
    assert_eq!(
        run(&app).1,
        RunState::replay(&story, SEED, &now.choices[..1]).unwrap()
    );
}

/// Lines ahead of the card being read are not in the backlog.
#[test]
fn the_backlog_stops_at_the_card_being_read() {
    let data = scratch("backlog-ahead");
    let mut app = game(&root().join("scenarios"), &data, false);
    instant(&mut app);
    open_quote_dispute(&mut app);
    app.update();
    // The first card: the scene's heading; its line is not shown yet, nor in the backlog.
    open_backlog(&mut app);
    let (lines, replies) = backlog(&mut app);
    assert!(lines.is_empty() && replies.is_empty(), "{lines:?}");
    assert!(
        all_texts(&mut app)
            .iter()
            .any(|t| t == "The evening before")
    );
    // The next card shows the line: now the backlog has it.
    open_backlog(&mut app);
    let next = entities::<ContinueButton>(&mut app)[0];
    activate(&mut app, next);
    open_backlog(&mut app);
    assert_eq!(backlog(&mut app).0.len(), 1);
}

/// Every string on screen, sorted: what the player sees.
fn screen_texts(app: &mut App) -> Vec<String> {
    let mut t = all_texts(app);
    t.sort();
    t
}

/// Switching to Dutch mid-scenario (through the play screen's Settings) changes every
/// visible string at once: the screen is exactly the one a Dutch game shows at the same
/// card (so the player stays on the card they were reading).
#[test]
fn switching_language_mid_scenario_changes_every_visible_string() {
    let picks = [1, 0];
    let english = {
        let data = scratch("lang-switch");
        let mut app = game(&root().join("scenarios"), &data, false);
        instant(&mut app);
        open_quote_dispute(&mut app);
        for p in picks {
            choose(&mut app, p);
        }
        let open = button(&mut app, QuickMenuButton::Settings);
        activate(&mut app, open);
        assert_eq!(screen(&app), Screen::Settings);
        let dutch = button(&mut app, SettingsButton::Lang(Lang::Nl));
        activate(&mut app, dutch);
        // The settings screen itself is in Dutch at once.
        assert!(all_texts(&mut app).iter().any(|t| t == "Instellingen"));
        assert!(!all_texts(&mut app).iter().any(|t| t == "Settings"));
        let back = button(&mut app, SettingsButton::Back);
        activate(&mut app, back);
        assert_eq!(screen(&app), Screen::Play, "Back returns to the run");
        app.update();
        screen_texts(&mut app)
    };
    let dutch = {
        let data = scratch("lang-dutch");
        let mut app = game_in(&root().join("scenarios"), &data, false, Some(Lang::Nl));
        instant(&mut app);
        open_scenario(&mut app, "quote_dispute.ron");
        for p in picks {
            choose(&mut app, p);
        }
        screen_texts(&mut app)
    };
    assert_eq!(english, dutch);
    assert!(dutch.iter().any(|t| t == "Stap terug"), "{dutch:?}");
}

/// The title is "Geven en nemen" in Dutch, on the title screen and the window.
#[test]
fn the_title_is_geven_en_nemen_in_dutch() {
    let data = scratch("dutch-title");
    let mut app = game_in(&root().join("scenarios"), &data, false, Some(Lang::Nl));
    let window = app
        .world_mut()
        .spawn((Window::default(), PrimaryWindow))
        .id();
    loaded(&mut app);
    assert!(all_texts(&mut app).iter().any(|t| t == "Geven en nemen"));
    assert_eq!(
        app.world().get::<Window>(window).unwrap().title,
        "Geven en nemen"
    );
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    app.update();
    app.update();
    assert!(all_texts(&mut app).iter().any(|t| t == "Give and Take"));
    assert_eq!(
        app.world().get::<Window>(window).unwrap().title,
        "Give and Take"
    );
}

fn slot_file(data: &Path, n: usize) -> Option<SlotSave> {
    std::fs::read_to_string(data.join(format!("slot-{n}.json")))
        .ok()
        .map(|t| serde_json::from_str(&t).expect("a slot parses"))
}

/// The play screen's Save puts the run in a slot, named by scenario, step and date, written
/// to its own file; the title's Load plays it on, in this session and the next.
#[test]
fn save_slots_keep_runs_besides_continue() {
    let data = scratch("slots");
    let mut app = game(&root().join("scenarios"), &data, false);
    instant(&mut app);
    open_quote_dispute(&mut app);
    choose(&mut app, 1);
    choose(&mut app, 0);
    let (story, saved) = run(&app);
    let save = button(&mut app, QuickMenuButton::Save);
    activate(&mut app, save);
    assert_eq!(screen(&app), Screen::Slots);
    assert_eq!(entities::<SlotButton>(&mut app).len(), SLOTS);
    let third = button(&mut app, SlotButton(2));
    activate(&mut app, third);
    assert_eq!(screen(&app), Screen::Play, "back to the run");
    let slot = slot_file(&data, 3).expect("slot-3.json");
    assert_eq!(slot.save, Save::of(&story, &saved));
    assert_eq!(slot.title.get(Lang::En), story.title().get(Lang::En));
    assert!(app.world().resource::<Slots>().0[2].is_some());

    // Play on, then load the slot from the title.
    choose(&mut app, 0);
    assert_ne!(run(&app).1, saved);
    press_key(&mut app, KeyCode::Escape, Key::Escape);
    let load = title_button(&mut app, TitleButton::Load);
    activate(&mut app, load);
    assert_eq!(screen(&app), Screen::Slots);
    // Named by scenario and step, with the date.
    let label = all_texts(&mut app)
        .into_iter()
        .find(|t| t.starts_with("Slot 3:"))
        .unwrap();
    let step = saved.choices.len() + 1;
    assert!(
        label.contains(story.title().get(Lang::En)) && label.contains(&format!("step {step}")),
        "{label}"
    );
    assert!(
        label
            .split(" · ")
            .nth(1)
            .is_some_and(|d| d.len() >= 16 && d.as_bytes()[4] == b'-' && d.as_bytes()[13] == b':'),
        "{label}"
    );
    // Empty slots are not buttons when loading.
    assert_eq!(entities::<SlotButton>(&mut app).len(), 1);
    let third = button(&mut app, SlotButton(2));
    activate(&mut app, third);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(run(&app).1, saved);
    // It became the run to continue.
    assert_eq!(saves(&app, &data).1, Some(Save::of(&story, &saved)));
    drop(app);

    // The next session finds it.
    let mut app = game(&root().join("scenarios"), &data, false);
    loaded(&mut app);
    assert!(app.world().resource::<Slots>().0[2].is_some());
    title_button(&mut app, TitleButton::Load);
}

/// A damaged slot file is kept aside and the player told, like the other files.
#[test]
fn a_damaged_slot_is_kept_aside() {
    let data = scratch("slot-damaged");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("slot-2.json"), "{ not json").unwrap();
    let mut app = game(&root().join("scenarios"), &data, false);
    loaded(&mut app);
    assert!(
        app.world()
            .resource::<Slots>()
            .0
            .iter()
            .all(Option::is_none)
    );
    let notices = notices_shown(&app);
    assert!(
        notices.len() == 1 && notices[0].contains("slot-2.json"),
        "{notices:?}"
    );
    assert_eq!(kept_aside(&data, "slot-2.json.corrupt-").len(), 1);
}

/// F11 switches full screen and the settings remember it; a resized window's size is
/// stored once it settles.
#[test]
fn full_screen_and_the_window_size_are_remembered() {
    let data = scratch("window");
    let mut app = game(&root().join("scenarios"), &data, false);
    let window = app
        .world_mut()
        .spawn((Window::default(), PrimaryWindow))
        .id();
    loaded(&mut app);
    press_key(&mut app, KeyCode::F11, Key::F11);
    app.update();
    assert!(app.world().resource::<Settings>().fullscreen);
    assert!(matches!(
        app.world().get::<Window>(window).unwrap().mode,
        bevy::window::WindowMode::BorderlessFullscreen(_)
    ));
    press_key(&mut app, KeyCode::F11, Key::F11);
    app.update();
    assert_eq!(
        app.world().get::<Window>(window).unwrap().mode,
        bevy::window::WindowMode::Windowed
    );
    // The player drags the window to 1500×900.
    app.world_mut()
        .get_mut::<Window>(window)
        .unwrap()
        .resolution
        .set_physical_resolution(1500, 900);
    app.world_mut().write_message(WindowResized {
        window,
        width: 1500.0,
        height: 900.0,
    });
    update_until(&mut app, "the size to be stored", |w| {
        w.resource::<Settings>().window.is_some()
    });
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("settings.json")).unwrap())
            .unwrap();
    assert_eq!(stored["window"]["width"], 1500);
    assert_eq!(stored["window"]["height"], 900);
    assert_eq!(stored["fullscreen"], false);
    drop(app);
    let app = game(&root().join("scenarios"), &data, false);
    assert_eq!(
        app.world().resource::<Settings>().window,
        Some(WindowSize {
            width: 1500,
            height: 900
        })
    );
}

/// The new settings recover one by one from a damaged file, like the old ones.
#[test]
fn each_new_setting_recovers_on_its_own() {
    let data = scratch("settings-recover");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("settings.json"),
        r#"{ "text_size": "Largest", "contrast": "Neon", "rollback": false,
             "fullscreen": "yes", "window": { "width": 1600, "height": 900 } }"#,
    )
    .unwrap();
    let app = game_in(&root().join("scenarios"), &data, false, None);
    let s = app.world().resource::<Settings>();
    assert_eq!(s.text_size, give_and_take_game::TextSize::Largest);
    assert_eq!(s.contrast, give_and_take_game::Contrast::Standard);
    assert!(!s.rollback);
    assert!(!s.fullscreen);
    assert_eq!(
        s.window,
        Some(WindowSize {
            width: 1600,
            height: 900
        })
    );
    assert_eq!(kept_aside(&data, "settings.json.corrupt-").len(), 1);
}

/// What a screen reader is given for the entity: its role and what it says.
fn heard(app: &mut App, e: Entity) -> Option<(accesskit::Role, String)> {
    let node = app.world().get::<bevy::a11y::AccessibilityNode>(e)?;
    let said = node
        .label()
        .or_else(|| node.value())
        .unwrap_or_default()
        .to_string();
    Some((node.role(), said))
}

/// Every button says what it is; a choice its number and words; the line being read its
/// speaker and all its words, even while it types out, announced as it appears (a live
/// region); other texts are readable labels. In both languages.
#[test]
fn a_screen_reader_hears_buttons_choices_and_the_line() {
    let data = scratch("a11y");
    let mut app = laid_out_game(&data, UVec2::new(1280, 720));
    open_quote_dispute(&mut app);
    let buttons = |app: &mut App| -> Vec<Entity> {
        let w = app.world_mut();
        w.query_filtered::<Entity, With<bevy::ui_widgets::Button>>()
            .iter(w)
            .collect()
    };
    // The first line, still typing out: the whole line is heard at once.
    for _ in 0..20 {
        app.update();
        if !entities::<DialogueText>(&mut app).is_empty() {
            break;
        }
        if let Some(&c) = entities::<ContinueButton>(&mut app).first() {
            activate(&mut app, c);
        }
    }
    let (story, now) = run(&app);
    let line = entities::<DialogueText>(&mut app)[0];
    let full = {
        let w = app.world();
        w.get::<Typewriter>(line).unwrap().full.clone()
    };
    let (role, said) = heard(&mut app, line).expect("the line is in the tree");
    assert_eq!(role, accesskit::Role::Label);
    assert!(said.ends_with(&full), "{said}");
    let live = app
        .world()
        .get::<bevy::a11y::AccessibilityNode>(line)
        .unwrap()
        .live();
    assert_eq!(live, Some(accesskit::Live::Polite));
    instant(&mut app);
    app.world_mut().trigger(SkipTypewriter);
    read_to_choices(&mut app);
    let line = entities::<DialogueText>(&mut app)[0];
    let (_, said) = heard(&mut app, line).unwrap();
    assert!(said.starts_with("Jort: "), "{said}");

    for lang in [Lang::En, Lang::Nl] {
        app.world_mut().resource_mut::<Settings>().lang = lang;
        for _ in 0..4 {
            app.update();
        }
        read_to_choices(&mut app);
        for b in buttons(&mut app) {
            let (role, said) = heard(&mut app, b).unwrap_or_else(|| panic!("{b:?} unheard"));
            assert_eq!(role, accesskit::Role::Button);
            assert!(!said.trim().is_empty(), "a button says nothing");
        }
        let choices: Vec<(Entity, usize)> = {
            let w = app.world_mut();
            w.query::<(Entity, &ChoiceButton)>()
                .iter(w)
                .map(|(e, c)| (e, c.0))
                .collect()
        };
        assert!(!choices.is_empty());
        for (e, i) in choices {
            let offered = now.offered(&story)[i].index;
            let words = story.choice_text(now.node, offered).unwrap().get(lang);
            let number = lang.pick("Choice", "Keuze");
            assert_eq!(
                heard(&mut app, e).unwrap().1,
                format!("{number} {}: {words}", i + 1)
            );
        }
        // The quick menu says what each button does.
        let step_back = button(&mut app, QuickMenuButton::StepBack);
        assert!(heard(&mut app, step_back).unwrap().1.contains("Backspace"));
    }
    // Elsewhere: the reflection's texts are readable, its buttons heard.
    let rest = play_to_outcome(&mut app, |_| 0, By::Key);
    assert!(!rest.is_empty());
    let see = entities::<bevy::input_focus::AutoFocus>(&mut app)[0];
    activate(&mut app, see);
    assert_eq!(screen(&app), Screen::Reflection);
    let summaries = entities::<MomentSummary>(&mut app);
    assert!(!summaries.is_empty());
    for s in summaries {
        let (role, said) = heard(&mut app, s).expect("a summary is readable");
        assert_eq!(role, accesskit::Role::Label);
        assert!(!said.is_empty());
    }
    for b in buttons(&mut app) {
        assert!(!heard(&mut app, b).unwrap().1.is_empty());
    }
}

/// The wheel turned over `target` (up when `up`), as the picking backend sends it.
fn wheel(app: &mut App, target: Entity, up: bool) {
    use bevy::camera::NormalizedRenderTarget;
    use bevy::input::mouse::MouseScrollUnit;
    use bevy::input::touch::TouchPhase;
    use bevy::picking::backend::HitData;
    use bevy::picking::events::{Pointer, Scroll};
    use bevy::picking::pointer::{Location, PointerId};
    let event = Scroll {
        unit: MouseScrollUnit::Line,
        x: 0.0,
        y: if up { 1.0 } else { -1.0 },
        hit: HitData::new(Entity::PLACEHOLDER, 0.0, None, None),
        phase: TouchPhase::Moved,
    };
    let location = Location {
        target: NormalizedRenderTarget::None {
            width: 1280,
            height: 720,
        },
        position: Vec2::ZERO,
    };
    app.world_mut()
        .trigger(Pointer::new(PointerId::Mouse, location, event, target));
    app.update();
    app.update();
}

/// The wheel, Ren'Py style: up over the line steps back a choice (a touchpad's burst of
/// events only one); with nothing to step back to it opens the backlog; up at the top of the
/// cards opens it too; down at the backlog's bottom closes it.
#[test]
fn the_wheel_steps_back_and_opens_the_backlog() {
    let data = scratch("wheel");
    let mut app = game(&root().join("scenarios"), &data, false);
    instant(&mut app);
    open_quote_dispute(&mut app);
    let line_panel = |app: &mut App| {
        let line = entities::<DialogueText>(app)[0];
        app.world().get::<ChildOf>(line).unwrap().parent()
    };
    read_to_choices(&mut app);
    // Nothing to step back to: the backlog opens; down at its bottom closes it.
    let panel = line_panel(&mut app);
    wheel(&mut app, panel, true);
    assert!(!backlog(&mut app).0.is_empty(), "the backlog opened");
    let lines_area = {
        let w = app.world_mut();
        w.query::<(Entity, &Name)>()
            .iter(w)
            .find(|(_, n)| n.as_str() == "Backlog lines")
            .map(|(e, _)| e)
            .unwrap()
    };
    wheel(&mut app, lines_area, false);
    assert!(backlog(&mut app).0.is_empty(), "the backlog closed");

    choose(&mut app, 1);
    choose(&mut app, 0);
    let (story, before) = run(&app);
    let panel = line_panel(&mut app);
    // The wheel opened the backlog a moment ago: the next step back waits for its pause.
    std::thread::sleep(Duration::from_millis(400));
    // A burst of wheel events over the line: one step back.
    for _ in 0..5 {
        wheel(&mut app, panel, true);
    }
    assert_eq!(
        run(&app).1,
        RunState::replay(&story, SEED, &before.choices[..1]).unwrap()
    );
    // Down over the line does not step back.
    let panel = line_panel(&mut app);
    wheel(&mut app, panel, false);
    assert_eq!(run(&app).1.choices.len(), 1);
    // Up at the top of the cards, away from the line: the backlog.
    let cards = {
        let w = app.world_mut();
        w.query_filtered::<Entity, With<bevy::ui_widgets::ScrollArea>>()
            .iter(w)
            .next()
            .unwrap()
    };
    wheel(&mut app, cards, true);
    assert!(!backlog(&mut app).0.is_empty(), "the backlog opened");
}
