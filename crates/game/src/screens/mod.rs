//! The screens, one state each. Every screen's entities carry `DespawnOnExit(Screen::..)`;
//! re-entering the current state (`NextState::set` with the same screen) rebuilds it, which
//! is how a change of language, text size or theme reaches every string at once.

pub(crate) mod backlog;
pub(crate) mod list;
pub(crate) mod outcome;
pub(crate) mod play;
pub(crate) mod quick_menu;
pub(crate) mod reflection;
pub(crate) mod settings;
pub(crate) mod slots;
pub(crate) mod title;

use bevy::prelude::*;
use bevy::state::state::StateTransitionEvent;

use crate::GameSystems;
use crate::persist::{Contrast, Settings, TextSize};
use story::Lang;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    List,
    Play,
    Outcome,
    Reflection,
    Settings,
    Slots,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_systems(
            Update,
            (log_screen_changes, rebuild_on_display_change).in_set(GameSystems::Ui),
        )
        .add_plugins((
            title::plugin,
            list::plugin,
            play::plugin,
            quick_menu::plugin,
            backlog::plugin,
            outcome::plugin,
            reflection::plugin,
            settings::plugin,
            slots::plugin,
        ));
}

/// The log says which screen opens: scripts that drive the game from outside wait for it.
fn log_screen_changes(mut transitions: MessageReader<StateTransitionEvent<Screen>>) {
    for t in transitions.read() {
        if let Some(s) = t.entered {
            info!("screen {s:?}");
        }
    }
}

/// A change of language, text size or theme rebuilds the screen shown, so every string,
/// size and colour changes at once (the play screen keeps the card being read). F11 changes
/// only what the settings screen shows.
fn rebuild_on_display_change(
    settings: Res<Settings>,
    mut shown: Local<Option<(Lang, TextSize, Contrast, bool)>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let now = (
        settings.lang,
        settings.text_size,
        settings.contrast,
        settings.fullscreen,
    );
    let rebuild = shown.is_some_and(|(lang, size, contrast, full)| {
        (lang, size, contrast) != (now.0, now.1, now.2)
            || (full != now.3 && *screen.get() == Screen::Settings)
    });
    if rebuild && matches!(*next, NextState::Unchanged) {
        next.set(*screen.get());
    }
    *shown = Some(now);
}
