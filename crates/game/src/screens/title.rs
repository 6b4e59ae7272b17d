//! The title screen: Continue (when there is a saved run), Scenarios, Settings, Quit.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::Screen;
use super::slots::{SlotsMode, SlotsReturn};
use crate::layout::screen_root;
use crate::persist::{SaveSlot, Settings};
use crate::playthrough::ContinueSaved;
use crate::slots::Slots;
use crate::theme::fonts::TextRole;
use crate::theme::palette::Palette;
use crate::theme::widgets;
use story::Lang;

/// The buttons, for tests and scripted runs.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleButton {
    Continue,
    Load,
    Scenarios,
    Settings,
    Quit,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn);
}

/// The game's name in each language (the window's title too).
pub(crate) fn game_title(lang: Lang) -> &'static str {
    lang.pick("Give and Take", "Geven en nemen")
}

fn spawn(
    mut commands: Commands,
    settings: Res<Settings>,
    palette: Res<Palette>,
    slot: Res<SaveSlot>,
    slots: Res<Slots>,
) {
    let lang = settings.lang;
    let p = &*palette;
    let root = commands
        .spawn(screen_root(
            Screen::Title,
            "Title screen",
            JustifyContent::Center,
        ))
        .id();
    // Scrolls rather than spill when the largest text meets a small window.
    let root =
        widgets::spawn_centred_column(&mut commands, p, root, Name::new("Title content"), 10.0);
    commands.spawn((
        ChildOf(root),
        widgets::text(TextRole::Display, game_title(lang), p.text),
    ));
    commands.spawn((
        ChildOf(root),
        Node {
            width: px(120),
            height: px(3),
            margin: UiRect::vertical(px(4)),
            ..default()
        },
        BackgroundColor(p.accent),
    ));
    commands.spawn((
        ChildOf(root),
        widgets::text(
            TextRole::Lead,
            lang.pick(
                "Everyday clients, and the balances nobody writes down.",
                "Gewone klanten, en de balansen die niemand opschrijft.",
            ),
            p.text_dim,
        ),
        TextLayout::justify(Justify::Center),
        Node {
            margin: UiRect::bottom(px(14)),
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
    if slots.any() {
        buttons.push((TitleButton::Load, lang.pick("Load", "Laden")));
    }
    buttons.extend([
        (TitleButton::Scenarios, lang.pick("Scenarios", "Scenario’s")),
        (TitleButton::Settings, lang.pick("Settings", "Instellingen")),
        (TitleButton::Quit, lang.pick("Quit", "Afsluiten")),
    ]);
    for (i, (which, text)) in buttons.into_iter().enumerate() {
        let mut b = commands.spawn((ChildOf(root), which, widgets::button(p, text, activate)));
        if i == 0 {
            b.insert(AutoFocus);
        }
    }
}

fn activate(
    ev: On<Activate>,
    buttons: Query<&TitleButton>,
    mut next: ResMut<NextState<Screen>>,
    mut slots: (ResMut<SlotsMode>, ResMut<SlotsReturn>),
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
) {
    match buttons.get(ev.entity) {
        Ok(TitleButton::Continue) => commands.trigger(ContinueSaved),
        Ok(TitleButton::Load) => {
            *slots.0 = SlotsMode::Load;
            slots.1.0 = Screen::Title;
            next.set(Screen::Slots);
        }
        Ok(TitleButton::Scenarios) => next.set(Screen::List),
        Ok(TitleButton::Settings) => next.set(Screen::Settings),
        Ok(TitleButton::Quit) => {
            exit.write(AppExit::Success);
        }
        Err(_) => {}
    }
}
