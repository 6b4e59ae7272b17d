//! The title screen: Continue (when there is a saved run), Scenarios, Settings, Quit.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::Screen;
use crate::layout::screen_root;
use crate::persist::{SaveSlot, Settings};
use crate::playthrough::ContinueSaved;
use crate::theme::fonts::TextRole;
use crate::theme::palette::{ACCENT, TEXT, TEXT_DIM};
use crate::theme::widgets;

/// The buttons, for tests and scripted runs.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleButton {
    Continue,
    Scenarios,
    Settings,
    Quit,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn);
}

fn spawn(mut commands: Commands, settings: Res<Settings>, slot: Res<SaveSlot>) {
    let lang = settings.lang;
    let root = commands
        .spawn(screen_root(
            Screen::Title,
            "Title screen",
            JustifyContent::Center,
        ))
        .id();
    commands.spawn((
        ChildOf(root),
        widgets::text(TextRole::Display, "Give and Take", TEXT),
    ));
    commands.spawn((
        ChildOf(root),
        Node {
            width: px(120),
            height: px(3),
            margin: UiRect::vertical(px(4)),
            ..default()
        },
        BackgroundColor(ACCENT),
    ));
    commands.spawn((
        ChildOf(root),
        widgets::text(
            TextRole::Lead,
            lang.pick(
                "Everyday clients, and the balances nobody writes down.",
                "Gewone klanten, en de balansen die niemand opschrijft.",
            ),
            TEXT_DIM,
        ),
        Node {
            margin: UiRect::bottom(px(28)),
            ..default()
        },
    ));
    let mut buttons = Vec::new();
    if slot.0.is_some() {
        buttons.push((
            TitleButton::Continue,
            lang.pick("Continue", "Verder spelen"),
        ));
    }
    buttons.extend([
        (TitleButton::Scenarios, lang.pick("Scenarios", "Scenario’s")),
        (TitleButton::Settings, lang.pick("Settings", "Instellingen")),
        (TitleButton::Quit, lang.pick("Quit", "Afsluiten")),
    ]);
    for (i, (which, text)) in buttons.into_iter().enumerate() {
        let mut b = commands.spawn((ChildOf(root), which, widgets::button(text, activate)));
        if i == 0 {
            b.insert(AutoFocus);
        }
    }
}

fn activate(
    ev: On<Activate>,
    buttons: Query<&TitleButton>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
) {
    match buttons.get(ev.entity) {
        Ok(TitleButton::Continue) => commands.trigger(ContinueSaved),
        Ok(TitleButton::Scenarios) => next.set(Screen::List),
        Ok(TitleButton::Settings) => next.set(Screen::Settings),
        Ok(TitleButton::Quit) => {
            exit.write(AppExit::Success);
        }
        Err(_) => {}
    }
}
