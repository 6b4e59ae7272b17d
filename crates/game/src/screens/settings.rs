//! Settings: the language of the game and its scenarios, and how fast lines type out.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::Screen;
use crate::banner::Notices;
use crate::layout::screen_root;
use crate::persist::{ChosenSettings, DataDir, Settings, TextSpeed};
use crate::theme::fonts::TextRole;
use crate::theme::interaction::Selected;
use crate::theme::palette::{TEXT, TEXT_DIM};
use crate::theme::widgets;
use story::Lang;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsButton {
    Lang(Lang),
    Speed(TextSpeed),
    Back,
}

/// A row of options: its title, and each option's button, label and whether it is chosen.
type Row<'a> = (&'a str, Vec<(SettingsButton, &'a str, bool)>);

/// The button to focus when the screen is rebuilt after a change (the one just pressed).
#[derive(Resource, Default)]
struct Refocus(Option<SettingsButton>);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Refocus>()
        .add_systems(OnEnter(Screen::Settings), spawn);
}

fn spawn(mut commands: Commands, settings: Res<Settings>, mut refocus: ResMut<Refocus>) {
    let lang = settings.lang;
    let focus = refocus.0.take().unwrap_or(SettingsButton::Lang(lang));
    let root = commands
        .spawn(screen_root(
            Screen::Settings,
            "Settings screen",
            JustifyContent::Center,
        ))
        .id();
    commands.spawn((
        ChildOf(root),
        widgets::text(
            TextRole::ScreenTitle,
            lang.pick("Settings", "Instellingen"),
            TEXT,
        ),
        Node {
            margin: UiRect::bottom(px(20)),
            ..default()
        },
    ));
    let rows: [Row; 2] = [
        (
            lang.pick("Language", "Taal"),
            Lang::ALL
                .iter()
                .map(|&l| {
                    let name = match l {
                        Lang::En => "English",
                        Lang::Nl => "Nederlands",
                    };
                    (SettingsButton::Lang(l), name, l == lang)
                })
                .collect(),
        ),
        (
            lang.pick("Text speed", "Tekstsnelheid"),
            TextSpeed::ALL
                .iter()
                .map(|&s| {
                    (
                        SettingsButton::Speed(s),
                        s.name(lang),
                        s == settings.text_speed,
                    )
                })
                .collect(),
        ),
    ];
    for (title, options) in rows {
        let row = commands
            .spawn((
                ChildOf(root),
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    row_gap: px(10),
                    margin: UiRect::bottom(px(18)),
                    ..default()
                },
            ))
            .id();
        commands.spawn((
            ChildOf(row),
            widgets::text(TextRole::Prompt, title, TEXT_DIM),
        ));
        let buttons = commands
            .spawn((
                ChildOf(row),
                Node {
                    column_gap: px(12),
                    ..default()
                },
            ))
            .id();
        for (which, text, selected) in options {
            let mut b = commands.spawn((
                ChildOf(buttons),
                which,
                widgets::sized_button(text, 170.0, activate),
            ));
            if selected {
                b.insert(Selected);
            }
            if which == focus {
                b.insert(AutoFocus);
            }
        }
    }
    let mut back = commands.spawn((
        ChildOf(root),
        SettingsButton::Back,
        widgets::button(lang.pick("Back", "Terug"), activate),
    ));
    if focus == SettingsButton::Back {
        back.insert(AutoFocus);
    }
}

// A Bevy system: each argument is a resource it needs.
#[allow(clippy::too_many_arguments)]
fn activate(
    ev: On<Activate>,
    buttons: Query<&SettingsButton>,
    mut settings: ResMut<Settings>,
    mut chosen: ResMut<ChosenSettings>,
    data: Res<DataDir>,
    mut notices: ResMut<Notices>,
    mut refocus: ResMut<Refocus>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Ok(&which) = buttons.get(ev.entity) else {
        return;
    };
    // Only what the player changed here is stored: a session's `--lang` stays out of the
    // file unless the player picks a language.
    match which {
        SettingsButton::Lang(l) => {
            settings.lang = l;
            chosen.0.lang = l;
        }
        SettingsButton::Speed(s) => {
            settings.text_speed = s;
            chosen.0.text_speed = s;
        }
        SettingsButton::Back => {
            next.set(Screen::Title);
            return;
        }
    }
    if let Err(e) = data.store_settings(&chosen, settings.lang) {
        notices.lasting_error(e);
    }
    refocus.0 = Some(which);
    // Rebuild in the new language, with the new selection marked.
    next.set(Screen::Settings);
}
