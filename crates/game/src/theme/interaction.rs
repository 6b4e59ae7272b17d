//! How controls answer the player: hover and pressed colours, the focus ring, the chosen
//! option's mark, and which areas the keyboard scrolls.

use bevy::input_focus::{InputFocus, InputFocusVisible, IsFocused, IsFocusedHelper};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui::Pressed;
use bevy::ui_widgets::Button;

use super::palette::{BUTTON, BUTTON_HOVER, BUTTON_PRESSED, EDGE, FOCUS_RING};
use crate::GameSystems;

/// Marks the chosen option among buttons (the current language, the current text speed):
/// drawn with an accent border.
#[derive(Component, Clone, Copy, Default)]
pub(crate) struct Selected;

/// Scrolls with the keyboard (Page Up/Down, Home, End; and Up/Down where the arrows do not
/// move the focus): the input module's keys act on it.
#[derive(Component, Default)]
pub(crate) struct KeyScroll;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, style_buttons.in_set(GameSystems::Ui));
}

/// Buttons whose look may have to change: new ones, and those hovered or pressed or let go.
type Restyle = (
    With<Button>,
    Or<(
        Added<Button>,
        Changed<Hovered>,
        Added<Pressed>,
        Changed<Selected>,
    )>,
);

/// Hover and pressed colours, and a visible focus ring while the keyboard moves the focus.
/// Runs only when one of those can have changed: a new or hovered or (un)pressed button, or
/// the focus or its visibility.
#[allow(clippy::type_complexity)]
fn style_buttons(
    focus: IsFocusedHelper,
    focus_changed: (Res<InputFocus>, Res<InputFocusVisible>),
    restyle: Query<(), Restyle>,
    mut released: RemovedComponents<Pressed>,
    mut buttons: Query<
        (
            Entity,
            Has<Selected>,
            &Hovered,
            Has<Pressed>,
            &mut BackgroundColor,
            &mut BorderColor,
            Option<&Outline>,
        ),
        With<Button>,
    >,
    mut commands: Commands,
) {
    // Drain the removals every frame, so old ones never count later.
    let released = released.read().count() > 0;
    let (input_focus, visible) = focus_changed;
    if !(released || input_focus.is_changed() || visible.is_changed() || !restyle.is_empty()) {
        return;
    }
    for (e, selected, hovered, pressed, mut bg, mut border, outline) in &mut buttons {
        let color = if pressed {
            BUTTON_PRESSED
        } else if hovered.get() {
            BUTTON_HOVER
        } else {
            BUTTON
        };
        bg.set_if_neq(BackgroundColor(color));
        let ring = focus.is_focus_visible(e);
        let edge = if ring || selected { FOCUS_RING } else { EDGE };
        border.set_if_neq(BorderColor::all(edge));
        match (ring, outline.is_some()) {
            (true, false) => {
                // `try_`: the button may be despawned by the time commands apply (its screen
                // closed in the same frame).
                commands.entity(e).try_insert(Outline {
                    width: px(3),
                    offset: px(3),
                    color: FOCUS_RING,
                });
            }
            (false, true) => {
                commands.entity(e).try_remove::<Outline>();
            }
            _ => {}
        }
    }
}
