//! The desktop game: plays the scenarios in a Bevy window, keeps the give-and-take balances
//! hidden while playing and reveals them afterwards (the reflection screen).
//!
//! Every module is a plugin function in the style of bevy_new_2d; screens are the states of
//! [`Screen`] and their entities are scoped with `DespawnOnExit`. [`plugin`] is everything
//! that also runs headless (the tests use it with `MinimalPlugins`); [`run`] adds the window,
//! the renderer and the desktop-style update mode.

mod a11y;
mod banner;
mod debug_overlay;
mod input;
mod layout;
mod persist;
mod playthrough;
mod redraw;
mod scenarios;
mod screens;
#[cfg(feature = "dev")]
mod script;
mod slots;
mod theme;
mod window;

use bevy::input_focus::tab_navigation::TabNavigationPlugin;
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use story::Lang;

// The binary needs only `run` and `Options`. The rest of the public API is for the headless
// tests (tests/headless.rs): they build the game from `plugin` and a `GameConfig`, drive it
// through these components and events, and inspect these resources.
pub use banner::{BannerText, Notice, Notices};
pub use debug_overlay::OverlayLine;
pub use persist::{
    Contrast, DataDir, Progress, SaveSlot, Settings, TextSize, TextSpeed, WindowSize,
};
pub use playthrough::{Kept, Playthrough, RollBack, RunEvent};
pub use scenarios::{Catalog, CatalogEntry, register_sources};
pub use screens::Screen;
pub use screens::backlog::{BacklogChoice, BacklogLine};
pub use screens::list::ScenarioCard;
pub use screens::outcome::OutcomeTitle;
pub use screens::play::{
    ChoiceButton, ContinueButton, DialogueText, Reading, SkipTypewriter, Typewriter,
};
pub use screens::quick_menu::{MenuButton, QuickMenuButton};
pub use screens::reflection::MomentSummary;
pub use screens::settings::SettingsButton;
pub use screens::slots::{SlotButton, SlotsMode};
pub use screens::title::TitleButton;
pub use slots::{SLOTS, SlotSave, Slots};

/// What the command line hands the game.
pub struct Options {
    /// The shipped `scenarios/` folder.
    pub shipped: PathBuf,
    /// The shipped `assets/` folder (fonts, images).
    pub assets: PathBuf,
    /// Settings, progress and the save for "Continue".
    pub data_dir: PathBuf,
    /// An author's own folder of scenarios, loaded next to the shipped ones.
    pub scenarios: Option<PathBuf>,
    /// The language for this session (overrides the saved setting).
    pub lang: Option<Lang>,
    /// The author's debug overlay is available (F1).
    pub debug: bool,
}

/// A folder of scenario files behind a named asset source (`scenarios://quote_dispute.ron`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFolder {
    /// The asset source's name.
    pub source: String,
    /// Absolute, so nothing depends on the working directory.
    pub dir: PathBuf,
    /// An author's folder given with `--scenarios` (listed first, marked as such).
    pub authored: bool,
}

/// The game's configuration, fixed for the whole session.
#[derive(Resource, Clone, Debug)]
pub struct GameConfig {
    pub folders: Vec<ScenarioFolder>,
    /// Settings, progress and the save for "Continue".
    pub data_dir: PathBuf,
    pub lang: Option<Lang>,
    pub debug: bool,
    /// One seed for every run instead of a fresh one (tests and scripted runs reproduce a
    /// run exactly); `GIVE_AND_TAKE_SEED`.
    pub seed: Option<u64>,
}

/// The window's size until the player changes it.
pub(crate) const INITIAL_WINDOW: WindowSize = WindowSize {
    width: 1280,
    height: 720,
};

/// Name of the asset source for the shipped `scenarios/` folder.
pub(crate) const SHIPPED_SOURCE: &str = "scenarios";
/// Name of the asset source for `--scenarios DIR`.
pub(crate) const AUTHOR_SOURCE: &str = "authored";

impl GameConfig {
    /// Resolves the folders; fails when the author's folder does not exist.
    pub(crate) fn new(opts: &Options) -> Result<GameConfig, String> {
        let absolute = |p: PathBuf| std::path::absolute(&p).unwrap_or(p);
        let shipped = absolute(opts.shipped.clone());
        let mut folders = Vec::new();
        if let Some(dir) = &opts.scenarios {
            if !dir.is_dir() {
                return Err(format!("{}: no such folder", dir.display()));
            }
            let dir = absolute(dir.clone());
            let same = |a: &PathBuf, b: &PathBuf| {
                a.canonicalize()
                    .ok()
                    .zip(b.canonicalize().ok())
                    .is_some_and(|(a, b)| a == b)
            };
            // `--scenarios scenarios` is the shipped folder itself: list it once.
            if !same(&dir, &shipped) {
                folders.push(ScenarioFolder {
                    source: AUTHOR_SOURCE.into(),
                    dir,
                    authored: true,
                });
            }
        }
        folders.push(ScenarioFolder {
            source: SHIPPED_SOURCE.into(),
            dir: shipped,
            authored: false,
        });
        Ok(GameConfig {
            folders,
            data_dir: opts.data_dir.clone(),
            lang: opts.lang,
            debug: opts.debug,
            seed: std::env::var("GIVE_AND_TAKE_SEED")
                .ok()
                .and_then(|s| s.parse().ok()),
        })
    }
}

/// Opens the game window and runs until the player quits.
pub fn run(opts: Options) -> ExitCode {
    // Without a display winit can only panic; say what is missing instead.
    #[cfg(all(unix, not(target_os = "macos")))]
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        eprintln!("error: the game needs a display: DISPLAY is not set (X11, or XWayland).");
        eprintln!(
            "In a terminal, play with `give-and-take play scenarios/quote_dispute.ron`; see --help."
        );
        return ExitCode::from(1);
    }
    let config = match GameConfig::new(&opts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let assets = std::path::absolute(&opts.assets).unwrap_or_else(|_| opts.assets.clone());
    // The window opens at the size the player left it, in full screen if they left it so.
    let (size, fullscreen) = persist::saved_window(&config.data_dir);
    let size = size.unwrap_or(INITIAL_WINDOW);
    let mut app = App::new();
    // A player's game logs a stray command on a vanished entity and plays on; debug builds
    // (and the tests) keep Bevy's default of panicking, so such bugs are seen.
    #[cfg(not(debug_assertions))]
    app.set_error_handler(bevy::ecs::error::warn);
    // Asset sources must exist before the AssetPlugin (part of DefaultPlugins) is built.
    scenarios::register_sources(&mut app, &config.folders);
    app.add_plugins(
        DefaultPlugins
            .set(AssetPlugin {
                // Absolute: independent of the working directory, BEVY_ASSET_ROOT and a
                // CARGO_MANIFEST_DIR that is only set under `cargo run`.
                file_path: assets.to_string_lossy().into_owned(),
                ..default()
            })
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: screens::title::game_title(config.lang.unwrap_or_default()).into(),
                    resolution: (size.width, size.height).into(),
                    resizable: true,
                    mode: if fullscreen {
                        bevy::window::WindowMode::BorderlessFullscreen(
                            bevy::window::MonitorSelection::Current,
                        )
                    } else {
                        bevy::window::WindowMode::Windowed
                    },
                    ..default()
                }),
                ..default()
            }),
    )
    // Tab / Shift+Tab and click-to-focus; not part of DefaultPlugins.
    .add_plugins(TabNavigationPlugin)
    // Update only on input, on a redraw request or after a long timeout: an idle game
    // costs next to nothing. Desktop-style, with a longer wait than `desktop_app`'s 5 s while
    // focused: nothing in the game changes by itself, and each frame software rendering
    // draws costs tens of milliseconds.
    .insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(Duration::from_secs(30)),
        unfocused_mode: UpdateMode::reactive_low_power(Duration::from_secs(60)),
    })
    .insert_resource(config)
    .add_plugins((plugin, redraw::winit_plugin));
    #[cfg(feature = "dev")]
    app.add_plugins(script::plugin);
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// The order of the game's `Update` systems in each frame (like bevy_new_2d's `AppSystems`):
/// keys first, then the run they may have changed, then the screens that show it, so a key
/// press is shown in the same frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum GameSystems {
    /// Keys and other input the game reads itself (Bevy's widgets handle theirs in
    /// `PreUpdate`).
    Input,
    /// The run: following the author's edits.
    Story,
    /// Everything on screen: building and refreshing screens, banners, styling.
    Ui,
}

/// Everything that also runs without a window: screens, input, scenario assets, saves.
/// Needs a [`GameConfig`] resource and the scenario sources registered
/// ([`register_sources`]) before the asset plugin.
pub fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (GameSystems::Input, GameSystems::Story, GameSystems::Ui).chain(),
    );
    // The saved files first: the theme and the first screen depend on the settings.
    app.add_plugins((
        persist::plugin,
        slots::plugin,
        redraw::plugin,
        theme::plugin,
        layout::plugin,
        window::plugin,
        scenarios::plugin,
        playthrough::plugin,
        screens::plugin,
        input::plugin,
        banner::plugin,
        debug_overlay::plugin,
        a11y::plugin,
    ));
}
