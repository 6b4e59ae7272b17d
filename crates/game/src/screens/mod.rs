//! The screens, one state each. Every screen's entities carry `DespawnOnExit(Screen::..)`;
//! re-entering the current state (`NextState::set` with the same screen) rebuilds it.

pub(crate) mod list;
pub(crate) mod outcome;
pub(crate) mod play;
pub(crate) mod reflection;
pub(crate) mod settings;
pub(crate) mod title;

use bevy::prelude::*;
use bevy::state::state::StateTransitionEvent;

use crate::GameSystems;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    List,
    Play,
    Outcome,
    Reflection,
    Settings,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_systems(Update, log_screen_changes.in_set(GameSystems::Ui))
        .add_plugins((
            title::plugin,
            list::plugin,
            play::plugin,
            outcome::plugin,
            reflection::plugin,
            settings::plugin,
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
