//! Banners above every screen: a scenario file's errors while it is broken (the game keeps
//! running on its last good version), and short-lived notices (a reload kept your place, a
//! saved game no longer fits).

use bevy::prelude::*;
use std::time::{Duration, Instant};

use super::GameSystems;
use super::layout::BannerArea;
use super::persist::Settings;
use super::scenarios::Catalog;
use super::theme::fonts::TextRole;
use super::theme::palette::Palette;
use super::theme::widgets;
use story::{Lang, Text};

/// How long a notice stays up.
const NOTICE_TIME: Duration = Duration::from_secs(7);
/// How long a notice about the player's data stays up.
const LASTING_TIME: Duration = Duration::from_secs(25);
/// At most this many error lines per file; the rest are counted.
const MAX_LINES: usize = 4;

/// A text the game writes itself, in every language: a banner switches language with the
/// rest of the screen.
pub(crate) fn in_every_language(f: impl Fn(Lang) -> String) -> Text {
    Text {
        en: Some(f(Lang::En)),
        nl: Some(f(Lang::Nl)),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// In every language; shown in the current one.
    pub text: Text,
    pub(crate) error: bool,
    pub(crate) until: Instant,
}

#[derive(Resource, Debug, Default)]
pub struct Notices(pub Vec<Notice>);

impl Notices {
    /// `text` in a language: called once for each.
    pub(crate) fn notice(&mut self, text: impl Fn(Lang) -> String) {
        self.push(in_every_language(text), false, NOTICE_TIME);
    }

    pub(crate) fn error(&mut self, text: impl Fn(Lang) -> String) {
        self.push(in_every_language(text), true, NOTICE_TIME);
    }

    /// An error the player must not miss (their data): it stays up longer.
    pub(crate) fn lasting_error(&mut self, text: Text) {
        self.push(text, true, LASTING_TIME);
    }

    fn push(&mut self, text: Text, error: bool, time: Duration) {
        info!("notice: {}", text.get(Lang::En));
        self.0.push(Notice {
            text,
            error,
            until: Instant::now() + time,
        });
        // An idle app sleeps: wake it when the notice is due to go.
        std::thread::spawn(move || {
            std::thread::sleep(time + Duration::from_millis(50));
            super::redraw::wake_from_any_thread();
        });
    }
}

/// One banner's text, for tests.
#[derive(Component)]
pub struct BannerText;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Notices>().add_systems(
        Update,
        (expire_notices, show_banners)
            .chain()
            .in_set(GameSystems::Ui),
    );
}

fn expire_notices(mut notices: ResMut<Notices>) {
    let now = Instant::now();
    if notices.0.iter().any(|n| n.until <= now) {
        notices.0.retain(|n| n.until > now);
    }
}

fn show_banners(
    catalog: Res<Catalog>,
    notices: Res<Notices>,
    settings: Res<Settings>,
    palette: Res<Palette>,
    area: Single<(Entity, Option<&Children>), With<BannerArea>>,
    mut commands: Commands,
) {
    if !(catalog.is_changed()
        || notices.is_changed()
        || settings.is_changed()
        || palette.is_changed())
    {
        return;
    }
    let (area, old) = *area;
    for &e in old.into_iter().flatten() {
        commands.entity(e).despawn();
    }
    let lang = settings.lang;
    let mut banners: Vec<(String, bool)> = Vec::new();
    for entry in &catalog.entries {
        let Some(error) = &entry.error else { continue };
        let head = if entry.story.is_some() {
            lang.pick(
                "This edit does not load; the game keeps running on the last good version:",
                "Deze wijziging laadt niet; het spel draait door op de laatste goede versie:",
            )
        } else {
            lang.pick("This scenario does not load:", "Dit scenario laadt niet:")
        };
        let lines: Vec<&str> = error.lines().collect();
        let mut text = format!("{head}\n{}", lines[..lines.len().min(MAX_LINES)].join("\n"));
        if lines.len() > MAX_LINES {
            let more = lines.len() - MAX_LINES;
            text.push_str(&match lang {
                Lang::En => format!("\n… and {more} more"),
                Lang::Nl => format!("\n… en nog {more}"),
            });
        }
        banners.push((text, true));
    }
    banners.extend(
        notices
            .0
            .iter()
            .map(|n| (n.text.get(lang).to_string(), n.error)),
    );
    for (text, error) in banners {
        commands.spawn((
            ChildOf(area),
            Node {
                padding: UiRect::axes(px(20), px(8)),
                border: UiRect::bottom(px(1)),
                ..default()
            },
            BackgroundColor(if error { palette.error } else { palette.notice }),
            BorderColor::all(Color::BLACK.with_alpha(0.4)),
            children![(
                BannerText,
                widgets::text(TextRole::Note, text, palette.on_color)
            )],
        ));
    }
}
