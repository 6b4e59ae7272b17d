//! Keys that work on every screen: arrows move the focus like Tab (the ring shows), Escape
//! goes back, Page Up/Down, Home and End scroll. Enter and Space on the focused button are
//! `ui_widgets::Button`'s own; the play screen adds 1-9 and skipping.

use bevy::input_focus::tab_navigation::{NavAction, TabIndex, TabNavigation, TabNavigationError};
use bevy::input_focus::{FocusCause, InputFocus, InputFocusVisible};
use bevy::prelude::*;
use bevy::ui_widgets::ScrollIntoView;

use super::layout::Modal;
use super::screens::settings::SettingsReturn;
use super::screens::slots::SlotsReturn;
use super::theme::interaction::KeyScroll;
use super::{GameSystems, Screen};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            (arrow_navigation, scroll_keys, escape).in_set(GameSystems::Input),
            scroll_focus_into_view.in_set(GameSystems::Ui),
        ),
    );
}

/// Where Up and Down scroll instead of moving the focus (its buttons sit side by side).
fn arrows_scroll(screen: Screen) -> bool {
    screen == Screen::Reflection
}

fn arrow_navigation(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    nav: TabNavigation,
    mut focus: ResMut<InputFocus>,
    mut visible: ResMut<InputFocusVisible>,
    focusable: Query<(), With<TabIndex>>,
) {
    let vertical = !arrows_scroll(*screen.get());
    let action = if keys.just_pressed(KeyCode::ArrowRight)
        || (vertical && keys.just_pressed(KeyCode::ArrowDown))
    {
        NavAction::Next
    } else if keys.just_pressed(KeyCode::ArrowLeft)
        || (vertical && keys.just_pressed(KeyCode::ArrowUp))
    {
        NavAction::Previous
    } else {
        return;
    };
    // The first arrow press only shows where the focus already is.
    if !visible.0 && focus.get().is_some_and(|e| focusable.contains(e)) {
        visible.0 = true;
        return;
    }
    match nav.navigate(&focus, action) {
        Ok(next)
        | Err(TabNavigationError::NoTabGroupForCurrentFocus {
            new_focus: next, ..
        }) => {
            focus.set(next, FocusCause::Navigated);
            visible.0 = true;
        }
        Err(e) => debug!("arrow navigation: {e}"),
    }
}

fn scroll_keys(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    mut areas: Query<(Entity, &mut ScrollPosition, &ComputedNode), With<KeyScroll>>,
    modals: Query<(), With<Modal>>,
    parents: Query<&ChildOf>,
) {
    const LINE: f32 = 60.0;
    for (e, mut pos, node) in &mut areas {
        // With a panel open, only what is in it scrolls.
        if !modals.is_empty() && !parents.iter_ancestors(e).any(|a| modals.contains(a)) {
            continue;
        }
        let view = node.size().y * node.inverse_scale_factor;
        let max = (node.content_size().y * node.inverse_scale_factor - view).max(0.0);
        let arrows = arrows_scroll(*screen.get());
        let y = if keys.just_pressed(KeyCode::PageDown) {
            pos.y + view * 0.85
        } else if keys.just_pressed(KeyCode::PageUp) {
            pos.y - view * 0.85
        } else if keys.just_pressed(KeyCode::Home) {
            0.0
        } else if keys.just_pressed(KeyCode::End) {
            max
        } else if arrows && keys.pressed(KeyCode::ArrowDown) {
            // Held arrows keep scrolling: key repeat comes in as new input events.
            pos.y
                + LINE
                    * if keys.just_pressed(KeyCode::ArrowDown) {
                        1.0
                    } else {
                        0.5
                    }
        } else if arrows && keys.pressed(KeyCode::ArrowUp) {
            pos.y
                - LINE
                    * if keys.just_pressed(KeyCode::ArrowUp) {
                        1.0
                    } else {
                        0.5
                    }
        } else {
            continue;
        };
        let y = y.clamp(0.0, max);
        if y != pos.y {
            pos.y = y;
        }
    }
}

/// Escape: closes a panel over the screen, else back to where the player came from.
fn escape(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    modals: Query<Entity, With<Modal>>,
    settings_from: Res<SettingsReturn>,
    slots_from: Res<SlotsReturn>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    if !keys.just_pressed(KeyCode::Escape) {
        return;
    }
    if !modals.is_empty() {
        for m in &modals {
            commands.entity(m).despawn();
        }
        return;
    }
    match screen.get() {
        Screen::Settings => next.set(settings_from.0),
        Screen::Slots => next.set(slots_from.0),
        // The run is saved after every choice: Continue picks it up again.
        Screen::Play | Screen::List => next.set(Screen::Title),
        Screen::Outcome | Screen::Reflection => next.set(Screen::List),
        Screen::Title => {}
    }
}

/// A button focused with the keyboard inside a scroller is scrolled into view.
fn scroll_focus_into_view(focus: Res<InputFocus>, mut commands: Commands) {
    if focus.is_changed()
        && let Some(e) = focus.get()
    {
        commands.trigger(ScrollIntoView { entity: e });
    }
}
