//! Settings: the language of the game and its scenarios, how fast lines type out, how large
//! text is, the contrast, whether choices can be rolled back, and full screen. Opened from
//! the title or mid-run (the play screen's Settings); Back returns where the player was.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::state::state::StateTransitionEvent;
use bevy::ui_widgets::Activate;

use super::Screen;
use crate::GameSystems;
use crate::banner::Notices;
use crate::layout::screen_root;
use crate::persist::{ChosenSettings, Contrast, DataDir, Settings, TextSize, TextSpeed};
use crate::theme::fonts::TextRole;
use crate::theme::interaction::Selected;
use crate::theme::palette::Palette;
use crate::theme::widgets;
use story::Lang;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsButton {
    Lang(Lang),
    Speed(TextSpeed),
    Size(TextSize),
    Contrast(Contrast),
    Rollback(bool),
    Fullscreen(bool),
    Back,
}

/// A row of options: its title, and each option's button, label and whether it is chosen.
type Row<'a> = (&'a str, Vec<(SettingsButton, &'a str, bool)>);

/// The button to focus when the screen is rebuilt after a change (the one just pressed).
#[derive(Resource, Default)]
struct Refocus(Option<SettingsButton>);

/// The screen the settings were opened from: Back and Escape return there.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SettingsReturn(pub(crate) Screen);

impl Default for SettingsReturn {
    fn default() -> Self {
        SettingsReturn(Screen::Title)
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Refocus>()
        .init_resource::<SettingsReturn>()
        .add_systems(OnEnter(Screen::Settings), spawn)
        .add_systems(Update, remember_where_from.in_set(GameSystems::Ui));
}

/// Where the settings were opened from (a rebuild of the settings themselves is not that).
fn remember_where_from(
    mut transitions: MessageReader<StateTransitionEvent<Screen>>,
    mut back: ResMut<SettingsReturn>,
) {
    for t in transitions.read() {
        if let (Some(Screen::Settings), Some(from)) = (t.entered, t.exited)
            && from != Screen::Settings
        {
            back.0 = from;
        }
    }
}

/// The options, in the order of the screen.
fn rows(settings: &Settings) -> [Row<'static>; 6] {
    let lang = settings.lang;
    let on_off = [
        (true, lang.pick("On", "Aan")),
        (false, lang.pick("Off", "Uit")),
    ];
    [
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
                    let chosen = s == settings.text_speed;
                    (SettingsButton::Speed(s), s.name(lang), chosen)
                })
                .collect(),
        ),
        (
            lang.pick("Text size", "Tekstgrootte"),
            TextSize::ALL
                .iter()
                .map(|&s| (SettingsButton::Size(s), s.name(), s == settings.text_size))
                .collect(),
        ),
        (
            lang.pick("Contrast", "Contrast"),
            Contrast::ALL
                .iter()
                .map(|&c| {
                    let chosen = c == settings.contrast;
                    (SettingsButton::Contrast(c), c.name(lang), chosen)
                })
                .collect(),
        ),
        (
            lang.pick("Step back (rollback)", "Terugstappen"),
            on_off
                .into_iter()
                .map(|(v, name)| (SettingsButton::Rollback(v), name, v == settings.rollback))
                .collect(),
        ),
        (
            lang.pick("Display (F11)", "Weergave (F11)"),
            [
                (false, lang.pick("Window", "Venster")),
                (true, lang.pick("Full screen", "Volledig scherm")),
            ]
            .into_iter()
            .map(|(v, name)| {
                (
                    SettingsButton::Fullscreen(v),
                    name,
                    v == settings.fullscreen,
                )
            })
            .collect(),
        ),
    ]
}

fn spawn(
    mut commands: Commands,
    settings: Res<Settings>,
    palette: Res<Palette>,
    mut refocus: ResMut<Refocus>,
) {
    let lang = settings.lang;
    let p = &*palette;
    let focus = refocus.0.take().unwrap_or(SettingsButton::Lang(lang));
    let root = commands
        .spawn(screen_root(
            Screen::Settings,
            "Settings screen",
            JustifyContent::Center,
        ))
        .id();
    let column =
        widgets::spawn_centred_column(&mut commands, p, root, Name::new("Settings content"), 6.0);
    commands.spawn((
        ChildOf(column),
        widgets::text(
            TextRole::ScreenTitle,
            lang.pick("Settings", "Instellingen"),
            p.text,
        ),
    ));
    for (title, options) in rows(&settings) {
        // The name beside its options; both wrap under each other when text is large.
        let row = commands
            .spawn((
                ChildOf(column),
                Node {
                    max_width: percent(100),
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    column_gap: px(20),
                    row_gap: px(8),
                    ..default()
                },
            ))
            .id();
        commands.spawn((
            ChildOf(row),
            Node {
                width: px(260),
                max_width: percent(100),
                justify_content: JustifyContent::FlexEnd,
                ..default()
            },
            children![widgets::text(TextRole::Prompt, title, p.text_dim)],
        ));
        let buttons = commands
            .spawn((
                ChildOf(row),
                Node {
                    width: px(900),
                    max_width: percent(100),
                    flex_wrap: FlexWrap::Wrap,
                    column_gap: px(12),
                    row_gap: px(8),
                    ..default()
                },
            ))
            .id();
        for (which, text, selected) in options {
            let mut b = commands.spawn((
                ChildOf(buttons),
                which,
                widgets::sized_button(p, text, 170.0, activate),
            ));
            if selected {
                b.insert(Selected);
            }
            if which == focus {
                b.insert(AutoFocus);
            }
        }
    }
    let under = commands
        .spawn((
            ChildOf(column),
            Node {
                margin: UiRect::top(px(6)),
                ..default()
            },
        ))
        .id();
    let mut back = commands.spawn((
        ChildOf(under),
        SettingsButton::Back,
        widgets::button(p, lang.pick("Back", "Terug"), activate),
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
    back: Res<SettingsReturn>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Ok(&which) = buttons.get(ev.entity) else {
        return;
    };
    // Only what the player changed here is stored: a session's `--lang` stays out of the
    // file unless the player picks a language.
    let (s, c) = (&mut *settings, &mut chosen.0);
    match which {
        SettingsButton::Lang(l) => (s.lang, c.lang) = (l, l),
        SettingsButton::Speed(v) => (s.text_speed, c.text_speed) = (v, v),
        SettingsButton::Size(v) => (s.text_size, c.text_size) = (v, v),
        SettingsButton::Contrast(v) => (s.contrast, c.contrast) = (v, v),
        SettingsButton::Rollback(v) => (s.rollback, c.rollback) = (v, v),
        SettingsButton::Fullscreen(v) => (s.fullscreen, c.fullscreen) = (v, v),
        SettingsButton::Back => {
            next.set(back.0);
            return;
        }
    }
    if let Err(e) = data.store_settings(&chosen) {
        notices.lasting_error(e);
    }
    refocus.0 = Some(which);
    // Rebuild with the new selection marked (a language, size or theme change rebuilds
    // whatever screen is shown anyway).
    next.set(Screen::Settings);
}
