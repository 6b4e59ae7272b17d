//! The play screen's quick menu, as visual novels have it: Step back, Backlog, Save,
//! Settings and Menu, each also a key (Backspace, L, Escape) or the wheel. Out of the tab
//! order: Tab and the arrows land on the choices.

use bevy::input_focus::tab_navigation::TabIndex;
use bevy::picking::events::Scroll;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};
use std::time::{Duration, Instant};

use super::Screen;
use super::backlog::ToggleBacklog;
use super::slots::{SlotsMode, SlotsReturn};
use crate::GameSystems;
use crate::layout::Modal;
use crate::persist::Settings;
use crate::playthrough::{Playthrough, RollBack};
use crate::theme::fonts::TextRole;
use crate::theme::palette::Palette;
use crate::theme::widgets::{self, button_base_at};

/// A quick-menu button, for tests and scripted runs.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickMenuButton {
    StepBack,
    Backlog,
    Save,
    Settings,
    Menu,
}

/// Back to the title mid-run (the mouse's Escape).
#[derive(Component)]
pub struct MenuButton;

/// A touchpad sends many small wheel events per gesture: one step back per this long.
const WHEEL_STEP: Duration = Duration::from_millis(350);

/// When the wheel last stepped back.
#[derive(Resource, Default)]
pub(crate) struct WheelGate(Option<Instant>);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<WheelGate>().add_systems(
        Update,
        keys.run_if(in_state(Screen::Play))
            .in_set(GameSystems::Input),
    );
}

/// The quick menu's buttons, into the play screen's `header`.
pub(crate) fn spawn(
    commands: &mut Commands,
    header: Entity,
    palette: &Palette,
    settings: &Settings,
) {
    let lang = settings.lang;
    let row = commands
        .spawn((
            ChildOf(header),
            Node {
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::FlexEnd,
                column_gap: px(8),
                row_gap: px(6),
                flex_shrink: 0.0,
                ..default()
            },
        ))
        .id();
    // Each with what a screen reader says: what it does and its key.
    let mut buttons = Vec::new();
    if settings.rollback {
        buttons.push((
            QuickMenuButton::StepBack,
            lang.pick("Step back", "Stap terug"),
            lang.pick(
                "Step back to the previous choice (Backspace)",
                "Stap terug naar de vorige keuze (Backspace)",
            ),
        ));
    }
    buttons.extend([
        (
            QuickMenuButton::Backlog,
            lang.pick("Backlog (L)", "Terugblik (L)"),
            lang.pick(
                "Backlog: the lines so far (L)",
                "Terugblik: de regels tot nu toe (L)",
            ),
        ),
        (
            QuickMenuButton::Save,
            lang.pick("Save", "Opslaan"),
            lang.pick("Save in a slot", "Opslaan in een plek"),
        ),
        (
            QuickMenuButton::Settings,
            lang.pick("Settings", "Instellingen"),
            lang.pick("Settings", "Instellingen"),
        ),
        (
            QuickMenuButton::Menu,
            "Menu (Esc)",
            lang.pick(
                "Menu: back to the title, the run is kept (Escape)",
                "Menu: terug naar het begin, het spel blijft bewaard (Escape)",
            ),
        ),
    ]);
    for (which, label, heard) in buttons {
        let mut b = commands.spawn((
            ChildOf(row),
            which,
            crate::a11y::button_label(heard.to_string()),
            button_base_at(
                Node {
                    padding: UiRect::axes(px(14), px(6)),
                    border: UiRect::all(px(1)),
                    border_radius: BorderRadius::all(px(8)),
                    ..default()
                },
                TabIndex(-1),
            ),
            observe(activate),
            children![(
                widgets::text(TextRole::Small, label, palette.text_dim),
                Pickable::IGNORE
            )],
        ));
        if which == QuickMenuButton::Menu {
            b.insert(MenuButton);
        }
    }
}

fn activate(
    ev: On<Activate>,
    buttons: Query<&QuickMenuButton>,
    mut next: ResMut<NextState<Screen>>,
    mut slots: ResMut<SlotsReturn>,
    mut mode: ResMut<SlotsMode>,
    mut commands: Commands,
) {
    let Ok(&which) = buttons.get(ev.entity) else {
        return;
    };
    match which {
        QuickMenuButton::StepBack => commands.trigger(RollBack(1)),
        QuickMenuButton::Backlog => commands.trigger(ToggleBacklog),
        QuickMenuButton::Save => {
            *mode = SlotsMode::Save;
            slots.0 = Screen::Play;
            next.set(Screen::Slots);
        }
        QuickMenuButton::Settings => next.set(Screen::Settings),
        QuickMenuButton::Menu => next.set(Screen::Title),
    }
}

/// Backspace steps back a choice (not while the backlog is open over the play screen); L
/// opens and closes the backlog.
fn keys(keys: Res<ButtonInput<KeyCode>>, modals: Query<(), With<Modal>>, mut commands: Commands) {
    if keys.just_pressed(KeyCode::Backspace) && modals.is_empty() {
        commands.trigger(RollBack(1));
    }
    if keys.just_pressed(KeyCode::KeyL) {
        commands.trigger(ToggleBacklog);
    }
}

/// The wheel turned up over the line steps back a choice, as in Ren'Py; with nothing to
/// step back to (or rollback off) it opens the backlog instead. Down scrolls as usual.
pub(crate) fn wheel_over_line(
    mut ev: On<Pointer<Scroll>>,
    settings: Res<Settings>,
    pt: Option<Res<Playthrough>>,
    mut gate: ResMut<WheelGate>,
    mut commands: Commands,
) {
    if ev.y <= 0.0 {
        return;
    }
    ev.propagate(false);
    let now = Instant::now();
    if gate.0.is_some_and(|t| now < t + WHEEL_STEP) {
        return;
    }
    gate.0 = Some(now);
    let can_step_back = settings.rollback && pt.is_some_and(|p| !p.run.choices.is_empty());
    if can_step_back {
        commands.trigger(RollBack(1));
    } else {
        commands.trigger(ToggleBacklog);
    }
}
