//! The pieces every screen builds from, as functions returning `impl Bundle`: texts by
//! role, buttons, the scroller and the badge. They carry their own sizes; colours that vary
//! by use are passed in.

use bevy::ecs::system::IntoObserverSystem;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui_widgets::{
    Activate, Button, ControlOrientation, ScrollArea, Scrollbar, ScrollbarThumb, observe,
};

use super::fonts::TextRole;
use super::interaction::KeyScroll;
use super::palette::Palette;

/// A text in its role's font and size (set by the fonts module once it is spawned).
pub(crate) fn text(role: TextRole, text: impl Into<String>, color: Color) -> impl Bundle {
    (Text::new(text), role, TextColor(color))
}

/// A focusable, clickable button. `ui_widgets::Button` sends `Activate` on a click and on
/// Enter/Space while it has the focus; `action` observes it.
pub(crate) fn button<M: Send + Sync + 'static>(
    palette: &Palette,
    text: impl Into<String>,
    action: impl IntoObserverSystem<Activate, (), M> + Sync,
) -> impl Bundle {
    sized_button(palette, text, 300.0, action)
}

/// A [`button`] at least `min_width` pixels wide.
pub(crate) fn sized_button<M: Send + Sync + 'static>(
    palette: &Palette,
    label: impl Into<String>,
    min_width: f32,
    action: impl IntoObserverSystem<Activate, (), M> + Sync,
) -> impl Bundle {
    (
        button_base(Node {
            min_width: px(min_width),
            padding: UiRect::axes(px(28), px(12)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        }),
        observe(action),
        children![(
            text(TextRole::Button, label, palette.text),
            Pickable::IGNORE
        )],
    )
}

/// The parts every button shares: the widget, hover tracking, a place in the tab order and
/// the colours the interaction module gives it (before it is first drawn).
pub(crate) fn button_base(node: Node) -> impl Bundle {
    button_base_at(node, TabIndex(0))
}

/// A [`button_base`] at its own place in the tab order (`TabIndex(-1)`: left out of it,
/// for the mouse only).
pub(crate) fn button_base_at(node: Node, tab: TabIndex) -> impl Bundle {
    (
        Button,
        Hovered::default(),
        tab,
        node,
        BackgroundColor::default(),
        BorderColor::default(),
    )
}

/// A vertical scroller filling the rest of `parent`, with a scrollbar; returns the entity to
/// put the content in. The wheel scrolls it ([`ScrollArea`]), and so do keys ([`KeyScroll`]).
pub(crate) fn spawn_scroller(
    commands: &mut Commands,
    palette: &Palette,
    parent: Entity,
    marker: impl Bundle,
) -> Entity {
    let frame = commands
        .spawn((
            ChildOf(parent),
            Node {
                width: percent(100),
                flex_grow: 1.0,
                // A flex item shrinks below its content only with a zero minimum.
                min_height: px(0),
                ..default()
            },
        ))
        .id();
    let area = commands
        .spawn((
            ChildOf(frame),
            marker,
            ScrollArea,
            KeyScroll,
            Node {
                flex_grow: 1.0,
                flex_direction: FlexDirection::Column,
                overflow: Overflow::scroll_y(),
                ..default()
            },
        ))
        .id();
    commands.spawn((
        ChildOf(frame),
        Node {
            width: px(8),
            margin: UiRect::axes(px(6), px(8)),
            ..default()
        },
        Scrollbar {
            target: area,
            orientation: ControlOrientation::Vertical,
            min_thumb_length: 32.0,
        },
        children![(
            BackgroundColor(palette.edge),
            ScrollbarThumb {
                border_radius: BorderRadius::all(px(4)),
                border: px(0).all(),
            },
        )],
    ));
    area
}

/// A [`spawn_scroller`] holding a centred column; returns the column. The content sits in
/// the middle while it fits and scrolls when large text or a small window makes it taller
/// than the screen.
pub(crate) fn spawn_centred_column(
    commands: &mut Commands,
    palette: &Palette,
    parent: Entity,
    marker: impl Bundle,
    row_gap: f32,
) -> Entity {
    let area = spawn_scroller(commands, palette, parent, marker);
    commands
        .spawn((
            ChildOf(area),
            Node {
                flex_grow: 1.0,
                flex_shrink: 0.0,
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                justify_content: JustifyContent::Center,
                row_gap: px(row_gap),
                padding: UiRect::axes(px(24), px(16)),
                ..default()
            },
        ))
        .id()
}

/// How big a [`badge`] is.
#[derive(Clone, Copy, Debug)]
pub(crate) enum BadgeSize {
    /// Beside a speaker's line.
    Large,
    /// In a row of names.
    Small,
}

/// A round badge with an initial, in a party's colour.
pub(crate) fn badge(palette: &Palette, name: &str, color: Color, size: BadgeSize) -> impl Bundle {
    let color = palette.badge_fill(color);
    let initial: String = name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    // The initial is half the badge's size.
    let (side, role) = match size {
        BadgeSize::Large => (64.0, TextRole::BadgeLarge),
        BadgeSize::Small => (34.0, TextRole::BadgeSmall),
    };
    (
        Node {
            width: px(side),
            height: px(side),
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border: UiRect::all(px(3)),
            border_radius: BorderRadius::MAX,
            ..default()
        },
        BackgroundColor(color),
        BorderColor::all(color.lighter(0.25)),
        // The name is said beside it: a screen reader skips the initial.
        children![(text(role, initial, palette.on_color), crate::a11y::hidden())],
    )
}
