//! The outcome: the ending's title in the colour of its tone, and its epilogue.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::Screen;
use crate::layout::screen_root;
use crate::persist::Settings;
use crate::playthrough::Playthrough;
use crate::theme::fonts::TextRole;
use crate::theme::palette::Palette;
use crate::theme::widgets;

/// The ending's title, for tests.
#[derive(Component)]
pub struct OutcomeTitle;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Outcome), spawn);
}

fn spawn(
    mut commands: Commands,
    settings: Res<Settings>,
    palette: Res<Palette>,
    pt: Option<Res<Playthrough>>,
) {
    let lang = settings.lang;
    let p = &*palette;
    let Some((pt, o)) = pt.as_ref().and_then(|p| Some((p, p.run.outcome?))) else {
        // Only a finished run has an outcome to show.
        commands.set_state(Screen::Title);
        return;
    };
    let story = &pt.story;
    let tone = p.readable(p.tone(story.tone(o)), p.bg);
    let root = commands
        .spawn(screen_root(
            Screen::Outcome,
            "Outcome screen",
            JustifyContent::Center,
        ))
        .id();
    let root =
        widgets::spawn_centred_column(&mut commands, p, root, Name::new("Outcome content"), 16.0);
    commands.spawn((
        ChildOf(root),
        widgets::text(
            TextRole::Kicker,
            lang.pick("How it ended", "Hoe het afliep"),
            p.text_dim,
        ),
    ));
    commands.spawn((
        ChildOf(root),
        OutcomeTitle,
        widgets::text(
            TextRole::EndingTitle,
            story.outcome_title(o).get(lang),
            tone,
        ),
        TextLayout::justify(Justify::Center),
        Node {
            max_width: px(1000),
            ..default()
        },
    ));
    commands.spawn((
        ChildOf(root),
        Node {
            width: px(140),
            height: px(3),
            ..default()
        },
        BackgroundColor(tone),
    ));
    // A pixel width capped by a percentage, not the other way round: with a percentage
    // width capped in pixels, the epilogue's height is measured at the uncapped width and
    // the text overflows its panel.
    commands.spawn((
        ChildOf(root),
        Node {
            width: px(900),
            max_width: percent(92),
            flex_direction: FlexDirection::Column,
            margin: UiRect::vertical(px(12)),
            ..default()
        },
        children![(
            Node {
                padding: UiRect::axes(px(36), px(28)),
                border: UiRect::left(px(4)),
                border_radius: BorderRadius::all(px(12)),
                ..default()
            },
            BackgroundColor(p.panel),
            BorderColor::all(tone.with_alpha(0.8)),
            children![widgets::text(
                TextRole::Lead,
                story.epilogue(o).get(lang),
                p.text
            )],
        )],
    ));
    let buttons = commands
        .spawn((
            ChildOf(root),
            Node {
                max_width: percent(100),
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                column_gap: px(16),
                row_gap: px(12),
                ..default()
            },
        ))
        .id();
    commands.spawn((
        ChildOf(buttons),
        AutoFocus,
        widgets::button(
            p,
            lang.pick("See what happened", "Kijk wat er gebeurde"),
            |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Reflection),
        ),
    ));
    commands.spawn((
        ChildOf(buttons),
        widgets::button(
            p,
            lang.pick("Back to the list", "Terug naar de lijst"),
            |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::List),
        ),
    ));
}
