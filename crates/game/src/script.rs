//! Scripted runs, for the real-window test and the helper scripts: the steps in
//! `GIVE_AND_TAKE_SCRIPT` (separated by `;` or new lines) drive the game with synthetic key
//! presses, which take the same path as real keys, and save screenshots into
//! `GIVE_AND_TAKE_SHOTS`. Without the variable this plugin adds nothing.
//!
//! Steps: `ready` (fonts and scenarios loaded) · `frames N` · `screen NAME` (wait for it) ·
//! `shot NAME` · `key NAME` (enter, space, tab, up, down, left, right, escape, backspace,
//! pageup, pagedown, home, end, f1, f11, l, 1-9) · `set lang|size|contrast VALUE` (a
//! setting, as the settings screen sets it: `en`/`nl`, `100`/`125`/`150`,
//! `standard`/`high`) ·
//! `start ID` (what a scenario's card does) · `read` (reveal and continue until the choices)
//! · `read-until TEXT` (until a line containing TEXT is fully shown) · `choose N` ·
//! `autoplay N` (always choice N, or the last when fewer, until the outcome) · `wait-reload`
//! (until the played scenario reloads or fails to) · `sleep MS` · `exit`.
//! `GIVE_AND_TAKE_SCRIPT_TIMEOUT` (seconds, default 120) fails a run that hangs.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::PrimaryWindow;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use story::Lang;

use super::persist::{Contrast, Settings, TextSize};
use super::playthrough::{Playthrough, StartScenario};
use super::redraw::KeepAwake;
use super::scenarios::Catalog;
use super::screens::play::{ChoiceButton, ContinueButton, DialogueText, Typewriter};
use super::theme::fonts::UiFonts;
use super::{GameSystems, Screen};

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Ready,
    Frames(u32),
    Screen(Screen),
    Shot(String),
    Key(KeyCode),
    Set(Setting),
    Start(String),
    Read(Option<String>),
    Choose(usize),
    Autoplay(usize),
    WaitReload,
    Sleep(u64),
    Exit,
}

/// A setting a script changes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Setting {
    Lang(Lang),
    Size(TextSize),
    Contrast(Contrast),
}

fn setting(arg: &str) -> Option<Setting> {
    let (name, value) = arg.split_once(' ')?;
    Some(match (name, value.trim()) {
        ("lang", v) => Setting::Lang(Lang::from_code(v)?),
        ("size", "100") => Setting::Size(TextSize::Normal),
        ("size", "125") => Setting::Size(TextSize::Large),
        ("size", "150") => Setting::Size(TextSize::Largest),
        ("contrast", "standard") => Setting::Contrast(Contrast::Standard),
        ("contrast", "high") => Setting::Contrast(Contrast::High),
        _ => return None,
    })
}

fn parse(text: &str) -> Result<Vec<Step>, String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (word, arg) = s.split_once(' ').map_or((s, ""), |(w, a)| (w, a.trim()));
            let number = || {
                arg.parse::<u64>()
                    .map_err(|_| format!("`{s}`: expected a number"))
            };
            // A choice is picked with its number key, 1 to 9.
            let choice = || match arg.parse::<usize>() {
                Ok(n @ 1..=9) => Ok(n),
                _ => Err(format!("`{s}`: expected a choice number from 1 to 9")),
            };
            Ok(match word {
                "ready" => Step::Ready,
                "frames" => Step::Frames(number()? as u32),
                "screen" => Step::Screen(match arg {
                    "title" => Screen::Title,
                    "list" => Screen::List,
                    "play" => Screen::Play,
                    "outcome" => Screen::Outcome,
                    "reflection" => Screen::Reflection,
                    "settings" => Screen::Settings,
                    "slots" => Screen::Slots,
                    _ => return Err(format!("`{s}`: unknown screen")),
                }),
                "shot" => Step::Shot(arg.to_string()),
                "key" => Step::Key(key_code(arg).ok_or_else(|| format!("`{s}`: unknown key"))?),
                "set" => Step::Set(setting(arg).ok_or_else(|| format!("`{s}`: unknown setting"))?),
                "start" => Step::Start(arg.to_string()),
                "read" => Step::Read(None),
                "read-until" => Step::Read(Some(arg.to_string())),
                "choose" => Step::Choose(choice()?),
                "autoplay" => Step::Autoplay(choice()?),
                "wait-reload" => Step::WaitReload,
                "sleep" => Step::Sleep(number()?),
                "exit" => Step::Exit,
                _ => return Err(format!("`{s}`: unknown step")),
            })
        })
        .collect()
}

fn key_code(name: &str) -> Option<KeyCode> {
    const DIGITS: [KeyCode; 9] = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    Some(match name.to_ascii_lowercase().as_str() {
        "enter" => KeyCode::Enter,
        "space" => KeyCode::Space,
        "tab" => KeyCode::Tab,
        "up" => KeyCode::ArrowUp,
        "down" => KeyCode::ArrowDown,
        "left" => KeyCode::ArrowLeft,
        "right" => KeyCode::ArrowRight,
        "escape" => KeyCode::Escape,
        "backspace" => KeyCode::Backspace,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "f1" => KeyCode::F1,
        "f11" => KeyCode::F11,
        "l" => KeyCode::KeyL,
        d => *DIGITS.get(d.parse::<usize>().ok()?.checked_sub(1)?)?,
    })
}

fn logical_key(code: KeyCode) -> Key {
    match code {
        KeyCode::Enter => Key::Enter,
        KeyCode::Space => Key::Space,
        KeyCode::Tab => Key::Tab,
        KeyCode::ArrowUp => Key::ArrowUp,
        KeyCode::ArrowDown => Key::ArrowDown,
        KeyCode::ArrowLeft => Key::ArrowLeft,
        KeyCode::ArrowRight => Key::ArrowRight,
        KeyCode::Escape => Key::Escape,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::F1 => Key::F1,
        KeyCode::F11 => Key::F11,
        KeyCode::KeyL => Key::Character("l".into()),
        _ => Key::Unidentified(NativeKey::Unidentified),
    }
}

#[derive(Resource)]
struct Script {
    steps: VecDeque<Step>,
    shots: PathBuf,
    deadline: Instant,
    /// Frames to let pass before the next action.
    wait: u32,
    shot_pending: bool,
    /// A key pressed last frame, released this frame.
    release: Option<KeyCode>,
    /// The played scenario's state when `wait-reload` began.
    reload_from: Option<(u32, bool)>,
    sleep_until: Option<Instant>,
}

pub(crate) fn plugin(app: &mut App) {
    let Ok(text) = std::env::var("GIVE_AND_TAKE_SCRIPT") else {
        return;
    };
    let steps = match parse(&text) {
        Ok(s) => s,
        Err(e) => panic!("GIVE_AND_TAKE_SCRIPT: {e}"),
    };
    let shots = std::env::var_os("GIVE_AND_TAKE_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("give-and-take-shots"));
    std::fs::create_dir_all(&shots).expect("cannot create the screenshot folder");
    let timeout = std::env::var("GIVE_AND_TAKE_SCRIPT_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    app.insert_resource(Script {
        steps: steps.into(),
        shots,
        deadline: Instant::now() + Duration::from_secs(timeout),
        wait: 0,
        shot_pending: false,
        release: None,
        reload_from: None,
        sleep_until: None,
    })
    .add_systems(Update, run_script.in_set(GameSystems::Input));
}

fn run_script(world: &mut World) {
    let window = world
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(world)
        .unwrap_or(Entity::PLACEHOLDER);
    let mut script = world.remove_resource::<Script>().expect("script");
    if !script.steps.is_empty() {
        // A script keeps the app running until its last step; after that it idles like a
        // player who stopped pressing keys (the idle CPU measurement relies on this).
        world
            .resource_mut::<KeepAwake>()
            .bump(Duration::from_millis(100));
    }
    if Instant::now() > script.deadline {
        error!("script timed out at step {:?}", script.steps.front());
        world.write_message(AppExit::error());
    } else {
        step(world, &mut script, window);
    }
    world.insert_resource(script);
}

fn press(world: &mut World, script: &mut Script, code: KeyCode, window: Entity) {
    world.write_message(KeyboardInput {
        key_code: code,
        logical_key: logical_key(code),
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window,
    });
    script.release = Some(code);
}

fn count<C: Component>(world: &mut World) -> usize {
    world.query_filtered::<(), With<C>>().iter(world).count()
}

/// One frame of the script: does at most one thing.
fn step(world: &mut World, script: &mut Script, window: Entity) {
    if let Some(code) = script.release.take() {
        world.write_message(KeyboardInput {
            key_code: code,
            logical_key: logical_key(code),
            state: ButtonState::Released,
            text: None,
            repeat: false,
            window,
        });
        return;
    }
    if script.shot_pending {
        return;
    }
    if script.wait > 0 {
        script.wait -= 1;
        return;
    }
    let Some(current) = script.steps.front().cloned() else {
        return;
    };
    let screen = *world.resource::<State<Screen>>().get();
    let done = match current {
        Step::Ready => {
            let fonts = world.resource::<UiFonts>().clone();
            let assets = world.resource::<AssetServer>();
            let fonts_ready = assets.is_loaded_with_dependencies(&fonts.regular)
                && assets.is_loaded_with_dependencies(&fonts.bold);
            let catalog = world.resource::<Catalog>();
            fonts_ready && !catalog.entries.is_empty() && catalog.settled()
        }
        Step::Frames(n) => {
            script.wait = n;
            true
        }
        Step::Screen(s) => screen == s,
        Step::Shot(name) => {
            let path = script.shots.join(format!("{name}.png"));
            info!("script: screenshot {}", path.display());
            script.shot_pending = true;
            world
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path))
                .observe(|_: On<ScreenshotCaptured>, mut s: ResMut<Script>| {
                    s.shot_pending = false;
                });
            true
        }
        Step::Key(code) => {
            press(world, script, code, window);
            script.wait = 2;
            true
        }
        Step::Set(change) => {
            let mut settings = world.resource_mut::<Settings>();
            match change {
                Setting::Lang(l) => settings.lang = l,
                Setting::Size(v) => settings.text_size = v,
                Setting::Contrast(v) => settings.contrast = v,
            }
            // The screen rebuilds in the next frames.
            script.wait = 3;
            true
        }
        Step::Start(id) => {
            let path = world
                .resource::<Catalog>()
                .by_id(&id)
                .map(|e| e.path.clone());
            match path {
                Some(p) => world.trigger(StartScenario(p)),
                None => {
                    error!("script: no loaded scenario with id `{id}`");
                    world.write_message(AppExit::error());
                }
            }
            true
        }
        Step::Read(until) => read(world, script, window, screen, until.as_deref()),
        Step::Choose(n) => {
            let shown = count::<ChoiceButton>(world);
            if shown >= n {
                press(
                    world,
                    script,
                    key_code(&n.to_string()).expect("1-9"),
                    window,
                );
                script.wait = 2;
            }
            shown >= n
        }
        Step::Autoplay(n) => match screen {
            Screen::Outcome => true,
            Screen::Play => {
                let shown = count::<ChoiceButton>(world);
                if shown > 0 {
                    let pick = n.min(shown);
                    press(
                        world,
                        script,
                        key_code(&pick.to_string()).expect("1-9"),
                        window,
                    );
                    script.wait = 2;
                } else {
                    read(world, script, window, screen, None);
                }
                false
            }
            _ => false,
        },
        Step::WaitReload => {
            let now = world.get_resource::<Playthrough>().and_then(|pt| {
                let entry = world.resource::<Catalog>().get(&pt.path)?;
                Some((entry.version, entry.error.is_some()))
            });
            match script.reload_from {
                None => {
                    script.reload_from = now;
                    false
                }
                Some(from) if now != Some(from) => {
                    script.reload_from = None;
                    true
                }
                Some(_) => false,
            }
        }
        Step::Sleep(ms) => {
            let until = *script
                .sleep_until
                .get_or_insert_with(|| Instant::now() + Duration::from_millis(ms));
            let over = Instant::now() >= until;
            if over {
                script.sleep_until = None;
            }
            over
        }
        Step::Exit => {
            info!("script: done");
            world.write_message(AppExit::Success);
            true
        }
    };
    if done {
        script.steps.pop_front();
    }
}

/// Reveals and continues through the lines; true once the choices are up (or, with
/// `until`, once a fully shown line contains that text).
fn read(
    world: &mut World,
    script: &mut Script,
    window: Entity,
    screen: Screen,
    until: Option<&str>,
) -> bool {
    if screen != Screen::Play {
        return until.is_none();
    }
    let lines: Vec<(String, bool)> = world
        .query_filtered::<&Typewriter, With<DialogueText>>()
        .iter(world)
        .map(|t| (t.full.clone(), t.done()))
        .collect();
    if let Some(text) = until
        && lines
            .iter()
            .any(|(full, done)| *done && full.contains(text))
    {
        return true;
    }
    if lines.iter().any(|(_, done)| !done) {
        press(world, script, KeyCode::Space, window);
        script.wait = 2;
    } else if count::<ContinueButton>(world) > 0 {
        press(world, script, KeyCode::Enter, window);
        script.wait = 3;
    } else if count::<ChoiceButton>(world) > 0 {
        if let Some(text) = until {
            error!("script: the choices came before a line containing `{text}`");
            world.write_message(AppExit::error());
        }
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{Step, parse};

    #[test]
    fn choice_numbers_are_1_to_9() {
        assert_eq!(
            parse("choose 1; autoplay 9"),
            Ok(vec![Step::Choose(1), Step::Autoplay(9)])
        );
        for bad in [
            "choose 0",
            "choose 10",
            "autoplay 0",
            "autoplay x",
            "choose",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains("from 1 to 9"), "{bad}: {err}");
        }
    }
}
