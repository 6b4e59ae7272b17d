//! The window: titled in the player's language, resizable with its size remembered, and
//! full screen on F11 (or in the settings). Headless there is no window and the systems
//! that touch one find nothing to do; F11 still flips the setting.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode, WindowResized};
use std::time::{Duration, Instant};

use super::banner::Notices;
use super::persist::{ChosenSettings, DataDir, Settings, WindowSize};
use super::redraw::KeepAwake;
use super::screens::title::game_title;
use super::{GameSystems, INITIAL_WINDOW};

/// A resize that has not been stored yet, and when it happened: a drag of the window's
/// edge sends many; only the size it settles at is written.
#[derive(Resource, Default)]
struct PendingSize(Option<(WindowSize, Instant)>);

/// How long a size must hold before it is stored.
const SETTLE: Duration = Duration::from_millis(600);

pub(crate) fn plugin(app: &mut App) {
    // WindowPlugin registers this message in the real app; headless tests need it too.
    app.add_message::<WindowResized>()
        .init_resource::<PendingSize>()
        .add_systems(
            Update,
            (
                toggle_fullscreen.in_set(GameSystems::Input),
                (follow_settings, note_resizes, store_settled_size)
                    .chain()
                    .in_set(GameSystems::Ui),
            ),
        );
}

/// F11 switches between the window and full screen, and remembers it.
fn toggle_fullscreen(
    keys: Res<ButtonInput<KeyCode>>,
    mut settings: ResMut<Settings>,
    mut chosen: ResMut<ChosenSettings>,
    data: Res<DataDir>,
    mut notices: ResMut<Notices>,
) {
    if !keys.just_pressed(KeyCode::F11) {
        return;
    }
    settings.fullscreen = !settings.fullscreen;
    chosen.0.fullscreen = settings.fullscreen;
    if let Err(e) = data.store_settings(&chosen) {
        notices.lasting_error(e);
    }
}

/// The window's title and mode follow the settings (language, full screen).
fn follow_settings(settings: Res<Settings>, mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    let Ok(mut window) = windows.single_mut() else {
        return;
    };
    let title = game_title(settings.lang);
    if window.title != title {
        window.title = title.to_string();
    }
    let mode = if settings.fullscreen {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    if window.mode != mode {
        window.mode = mode;
    }
}

fn note_resizes(
    mut resized: MessageReader<WindowResized>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut pending: ResMut<PendingSize>,
    mut awake: ResMut<KeepAwake>,
) {
    for ev in resized.read() {
        // Full screen is not a window size to come back to.
        let Ok(window) = windows.get(ev.window) else {
            continue;
        };
        if window.mode != WindowMode::Windowed {
            continue;
        }
        let size = WindowSize {
            width: window.resolution.physical_width(),
            height: window.resolution.physical_height(),
        };
        pending.0 = Some((size, Instant::now()));
        // The loop sleeps between inputs: wake it to store the size once it settles.
        awake.bump(SETTLE + Duration::from_millis(100));
    }
}

fn store_settled_size(
    mut pending: ResMut<PendingSize>,
    mut settings: ResMut<Settings>,
    mut chosen: ResMut<ChosenSettings>,
    data: Res<DataDir>,
    mut notices: ResMut<Notices>,
) {
    let Some((size, at)) = pending.0 else { return };
    if at.elapsed() < SETTLE {
        return;
    }
    pending.0 = None;
    let unchanged = chosen.0.window.unwrap_or(INITIAL_WINDOW) == size;
    if unchanged {
        return;
    }
    chosen.0.window = Some(size);
    settings.window = Some(size);
    if let Err(e) = data.store_settings(&chosen) {
        notices.lasting_error(e);
    }
}
