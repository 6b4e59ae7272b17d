//! How controls answer the player: hover and pressed colours, the focus ring, the chosen
//! option's mark, and which areas the keyboard scrolls.

use bevy::input_focus::{InputFocus, InputFocusVisible, IsFocused, IsFocusedHelper};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui::{Pressed, UiSystems};
use bevy::ui_widgets::{Button, Scrollbar, ScrollbarThumb};

use super::palette::Palette;
use crate::GameSystems;

/// Marks the chosen option among buttons (the current language, the current text speed):
/// drawn with an accent border.
#[derive(Component, Clone, Copy, Default)]
pub(crate) struct Selected;

/// Scrolls with the keyboard (Page Up/Down, Home, End; and Up/Down where the arrows do not
/// move the focus): the input module's keys act on it.
#[derive(Component, Default)]
pub(crate) struct KeyScroll;

/// Whether a scroller was at its top and at its bottom before this frame's input: the wheel
/// can then do more than scroll there (open the backlog above the top, close it below the
/// bottom). Read before the scroller itself moves in this frame.
#[derive(Component, Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct ScrollEdges {
    pub(crate) top: bool,
    pub(crate) bottom: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(First, note_scroll_edges)
        .add_systems(Update, hide_idle_scrollbars.in_set(GameSystems::Ui));
    // In PostUpdate, after every schedule that spawns buttons and before the UI is drawn:
    // a new button never shows a frame in the wrong colours.
    app.add_systems(PostUpdate, style_buttons.before(UiSystems::Prepare));
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
    palette: Res<Palette>,
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
    if !(released
        || input_focus.is_changed()
        || visible.is_changed()
        || palette.is_changed()
        || !restyle.is_empty())
    {
        return;
    }
    for (e, selected, hovered, pressed, mut bg, mut border, outline) in &mut buttons {
        let p = &palette;
        let color = if pressed {
            p.button_pressed
        } else if hovered.get() {
            p.button_hover
        } else {
            p.button
        };
        bg.set_if_neq(BackgroundColor(color));
        let ring = focus.is_focus_visible(e);
        let edge = if ring || selected {
            p.focus_ring
        } else {
            p.edge
        };
        border.set_if_neq(BorderColor::all(edge));
        match (ring, outline.is_some()) {
            (true, true) if palette.is_changed() => {
                commands.entity(e).try_insert(ring_outline(p));
            }
            (true, false) => {
                // `try_`: the button may be despawned by the time commands apply (its screen
                // closed in the same frame).
                commands.entity(e).try_insert(ring_outline(p));
            }
            (false, true) => {
                commands.entity(e).try_remove::<Outline>();
            }
            _ => {}
        }
    }
}

/// The focus ring: thicker in high contrast.
fn ring_outline(p: &Palette) -> Outline {
    Outline {
        width: px(if p.high_contrast { 4 } else { 3 }),
        offset: px(3),
        color: p.focus_ring,
    }
}

fn note_scroll_edges(mut areas: Query<(&ScrollPosition, &ComputedNode, &mut ScrollEdges)>) {
    for (pos, node, mut edges) in &mut areas {
        let view = node.size().y * node.inverse_scale_factor;
        let max = (node.content_size().y * node.inverse_scale_factor - view).max(0.0);
        edges.set_if_neq(ScrollEdges {
            top: pos.y <= 0.5,
            bottom: pos.y >= max - 0.5,
        });
    }
}

/// A scrollbar shows only while its area has more than fits: a thumb as long as the track
/// says nothing.
fn hide_idle_scrollbars(
    bars: Query<(&Scrollbar, &Children)>,
    areas: Query<&ComputedNode, Changed<ComputedNode>>,
    mut thumbs: Query<&mut Visibility, With<ScrollbarThumb>>,
) {
    for (bar, children) in &bars {
        let Ok(area) = areas.get(bar.target) else {
            continue;
        };
        let scrolls = area.content_size().y > area.size().y + 0.5;
        let shown = if scrolls {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        for &c in children {
            if let Ok(mut v) = thumbs.get_mut(c) {
                v.set_if_neq(shown);
            }
        }
    }
}
