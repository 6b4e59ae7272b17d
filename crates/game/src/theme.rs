//! The look of the game: palette, the shipped fonts, and the widgets every screen builds
//! from (functions returning `impl Bundle`), plus hover, press and focus-ring styling.

use bevy::ecs::system::IntoObserverSystem;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::input_focus::{InputFocus, InputFocusVisible, IsFocused, IsFocusedHelper};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui::Pressed;
use bevy::ui_widgets::{
    Activate, Button, ControlOrientation, ScrollArea, Scrollbar, ScrollbarThumb, observe,
};

use story::Tone;
use story::compiled::{P, Story};

pub const BG: Color = Color::srgb(0.078, 0.086, 0.114);
pub const PANEL: Color = Color::srgb(0.125, 0.137, 0.184);
pub const PANEL_LIGHT: Color = Color::srgb(0.165, 0.180, 0.239);
pub const EDGE: Color = Color::srgb(0.267, 0.286, 0.361);
pub const TEXT: Color = Color::srgb(0.937, 0.918, 0.875);
pub const TEXT_DIM: Color = Color::srgb(0.686, 0.671, 0.635);
/// Narration: warmer and quieter than speech.
pub const NARRATION: Color = Color::srgb(0.855, 0.808, 0.706);
pub const ACCENT: Color = Color::srgb(0.929, 0.690, 0.353);
pub const BUTTON: Color = Color::srgb(0.173, 0.192, 0.259);
pub const BUTTON_HOVER: Color = Color::srgb(0.227, 0.255, 0.345);
pub const BUTTON_PRESSED: Color = Color::srgb(0.310, 0.384, 0.322);
pub const FOCUS_RING: Color = Color::srgb(1.0, 0.800, 0.300);
/// A balance in the first party's favour (the other owes), and the other way round.
pub const CREDIT_FOR: Color = Color::srgb(0.373, 0.702, 0.631);
pub const CREDIT_AGAINST: Color = Color::srgb(0.851, 0.541, 0.306);
/// A felt deficit.
pub const FELT: Color = Color::srgb(0.824, 0.384, 0.478);
pub const ERROR: Color = Color::srgb(0.580, 0.133, 0.133);
pub const NOTICE: Color = Color::srgb(0.42, 0.32, 0.1);

/// The shipped Unicode fonts: Bevy's built-in font is an ASCII-only subset, and é, ë, ’, “ ”
/// and … must render.
#[derive(Resource, Clone)]
pub struct UiFonts {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
}

impl FromWorld for UiFonts {
    fn from_world(world: &mut World) -> Self {
        let assets = world.resource::<AssetServer>();
        UiFonts {
            regular: assets.load("fonts/NotoSans-Regular.ttf"),
            bold: assets.load("fonts/NotoSans-Bold.ttf"),
        }
    }
}

impl UiFonts {
    pub fn regular(&self, px: f32) -> TextFont {
        TextFont::from(self.regular.clone()).with_font_size(px)
    }
    pub fn bold(&self, px: f32) -> TextFont {
        TextFont::from(self.bold.clone()).with_font_size(px)
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<UiFonts>()
        .add_systems(Update, style_buttons.in_set(crate::GameSystems::Ui));
}

/// A text in the regular font.
pub fn label(fonts: &UiFonts, text: impl Into<String>, px: f32, color: Color) -> impl Bundle {
    (Text::new(text), fonts.regular(px), TextColor(color))
}

/// A text in the bold font.
pub fn bold(fonts: &UiFonts, text: impl Into<String>, px: f32, color: Color) -> impl Bundle {
    (Text::new(text), fonts.bold(px), TextColor(color))
}

/// Marks the chosen option among buttons (the current language, the current text speed):
/// drawn with an accent border.
#[derive(Component, Clone, Copy, Default)]
pub struct Selected;

/// A focusable, clickable button. `ui_widgets::Button` sends `Activate` on a click and on
/// Enter/Space while it has the focus; `action` observes it.
pub fn button<M: Send + Sync + 'static>(
    fonts: &UiFonts,
    text: impl Into<String>,
    action: impl IntoObserverSystem<Activate, (), M> + Sync,
) -> impl Bundle {
    sized_button(fonts, text, 300.0, action)
}

/// A [`button`] at least `min_width` pixels wide.
pub fn sized_button<M: Send + Sync + 'static>(
    fonts: &UiFonts,
    text: impl Into<String>,
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
        children![(label(fonts, text, 24.0, TEXT), Pickable::IGNORE)],
    )
}

/// The parts every button shares: the widget, hover tracking, a place in the tab order and
/// the colours [`style_buttons`] maintains.
pub fn button_base(node: Node) -> impl Bundle {
    button_base_at(node, TabIndex(0))
}

/// A [`button_base`] at its own place in the tab order (`TabIndex(-1)`: left out of it,
/// for the mouse only).
pub fn button_base_at(node: Node, tab: TabIndex) -> impl Bundle {
    (
        Button,
        Hovered::default(),
        tab,
        node,
        BackgroundColor(BUTTON),
        BorderColor::all(EDGE),
    )
}

/// Scrolls with the keyboard (Page Up/Down, Home, End; and Up/Down where the arrows do not
/// move the focus).
#[derive(Component, Default)]
pub struct KeyScroll;

/// A vertical scroller filling the rest of `parent`, with a scrollbar; returns the entity to
/// put the content in. The wheel scrolls it ([`ScrollArea`]), and so do keys ([`KeyScroll`]).
pub fn spawn_scroller(commands: &mut Commands, parent: Entity, marker: impl Component) -> Entity {
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
            BackgroundColor(EDGE),
            ScrollbarThumb {
                border_radius: BorderRadius::all(px(4)),
                border: px(0).all(),
            },
        )],
    ));
    area
}

/// A round badge with an initial, in a party's colour.
pub fn badge(fonts: &UiFonts, name: &str, color: Color, size: f32) -> impl Bundle {
    let initial: String = name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    (
        Node {
            width: px(size),
            height: px(size),
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border: UiRect::all(px(3)),
            border_radius: BorderRadius::MAX,
            ..default()
        },
        BackgroundColor(color),
        BorderColor::all(color.lighter(0.25)),
        children![bold(fonts, initial, size * 0.5, Color::WHITE)],
    )
}

/// A party's colour: the scenario's `color` when it has a valid one, else from a palette.
pub fn party_color(story: &Story, p: P) -> Color {
    const PALETTE: [Color; 6] = [
        Color::srgb(0.75, 0.44, 0.23),
        Color::srgb(0.25, 0.50, 0.75),
        Color::srgb(0.48, 0.55, 0.24),
        Color::srgb(0.56, 0.31, 0.66),
        Color::srgb(0.20, 0.58, 0.55),
        Color::srgb(0.70, 0.33, 0.40),
    ];
    story.scenario.parties[p]
        .color
        .as_deref()
        .and_then(|c| Srgba::hex(c).ok())
        .map(Color::from)
        .unwrap_or(PALETTE[p % PALETTE.len()])
}

/// The colour of an ending's tone.
pub fn tone_color(tone: Tone) -> Color {
    match tone {
        Tone::Bright => Color::srgb(0.910, 0.757, 0.353),
        Tone::Mixed => Color::srgb(0.541, 0.651, 0.757),
        Tone::Dark => Color::srgb(0.800, 0.400, 0.373),
    }
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
