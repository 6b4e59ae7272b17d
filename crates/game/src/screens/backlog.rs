//! The backlog: this run's lines and the player's replies so far, with the speakers' names,
//! in the current language, in a scrollable panel over the play screen (L, the quick menu,
//! or the wheel turned up at the top of the play screen). With rollback on, a reply in it
//! steps back to that choice.

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::picking::events::Scroll;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

use super::Screen;
use super::play::{PlayScroll, Reading};
use crate::layout::Modal;
use crate::persist::Settings;
use crate::playthrough::{Playthrough, RollBack};
use crate::theme::fonts::TextRole;
use crate::theme::interaction::ScrollEdges;
use crate::theme::palette::{Palette, party_color};
use crate::theme::widgets::{self, button_base};
use story::{Beat, Lang, NodeId, PartyId, RunState, Story, capitalize};

/// Open the backlog, or close it when it is open.
#[derive(Event, Debug, Clone, Copy)]
pub(crate) struct ToggleBacklog;

/// The panel (a [`Modal`]).
#[derive(Component)]
pub(crate) struct BacklogPanel;

/// A line's words in the backlog, numbered in order, for tests.
#[derive(Component, Debug, Clone, Copy)]
pub struct BacklogLine(pub usize);

/// A reply of the player's in the backlog: the choice's number in the run (from 0).
#[derive(Component, Debug, Clone, Copy)]
pub struct BacklogChoice(pub usize);

/// What the backlog shows, in order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Entry {
    /// A scene heading.
    Scene(NodeId),
    /// A line: its speaker (none for narration).
    Line(NodeId, Option<PartyId>),
    /// The player's reply: the choice node, the choice, and which of the run's choices it
    /// was (from 0).
    Reply(NodeId, story::ChoiceId, usize),
}

/// The backlog of `run` up to and including transcript beat `upto` (only its scene heading
/// when `heading_only`): what the player has been shown, nothing ahead of the card being
/// read.
pub(crate) fn entries(
    story: &Story,
    run: &RunState,
    upto: usize,
    heading_only: bool,
) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut replies = 0;
    for (i, beat) in run.transcript.iter().enumerate().take(upto + 1) {
        match *beat {
            Beat::Line { node } => {
                if story.scene(node).is_some() {
                    out.push(Entry::Scene(node));
                }
                if heading_only && i == upto {
                    break;
                }
                // As the cards: a node without words is not a line.
                let text = story.node_text(node);
                if Lang::ALL.iter().any(|&l| !text.get(l).trim().is_empty()) {
                    out.push(Entry::Line(node, story.speaker(node)));
                }
            }
            Beat::Chose { node, choice } => {
                out.push(Entry::Reply(node, choice, replies));
                replies += 1;
            }
            Beat::Reacted { .. } | Beat::Ended { .. } => {}
        }
    }
    out
}

pub(crate) fn plugin(app: &mut App) {
    app.add_observer(on_toggle);
}

fn on_toggle(
    _: On<ToggleBacklog>,
    open: Query<Entity, With<BacklogPanel>>,
    screen: Res<State<Screen>>,
    pt: Option<Res<Playthrough>>,
    reading: Res<Reading>,
    (settings, palette): (Res<Settings>, Res<Palette>),
    mut commands: Commands,
) {
    if !open.is_empty() {
        for e in &open {
            commands.entity(e).despawn();
        }
        return;
    }
    let Some(pt) = pt.filter(|_| *screen.get() == Screen::Play) else {
        return;
    };
    let last = pt.run.transcript.len().saturating_sub(1);
    let (upto, heading_only) = reading.beat().unwrap_or((last, false));
    spawn(
        &mut commands,
        &palette,
        &settings,
        &pt.story,
        &entries(&pt.story, &pt.run, upto, heading_only),
    );
}

fn spawn(
    commands: &mut Commands,
    p: &Palette,
    settings: &Settings,
    story: &Story,
    entries: &[Entry],
) {
    let lang = settings.lang;
    let panel = commands
        .spawn((
            Name::new("Backlog"),
            BacklogPanel,
            Modal,
            DespawnOnExit(Screen::Play),
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                ..default()
            },
            BackgroundColor(p.bg),
            GlobalZIndex(10),
            TabGroup::modal(),
        ))
        .id();
    commands.spawn((
        ChildOf(panel),
        Node {
            width: px(980),
            max_width: percent(100),
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            flex_wrap: FlexWrap::Wrap,
            column_gap: px(16),
            padding: UiRect::axes(px(32), px(16)),
            flex_shrink: 0.0,
            ..default()
        },
        children![
            widgets::text(
                TextRole::ListTitle,
                lang.pick("Backlog", "Terugblik"),
                p.text
            ),
            (
                AutoFocus,
                widgets::sized_button(
                    p,
                    lang.pick("Close (L)", "Sluiten (L)"),
                    180.0,
                    |_: On<Activate>, mut commands: Commands| commands.trigger(ToggleBacklog),
                ),
            ),
        ],
    ));
    let area = widgets::spawn_scroller(
        commands,
        p,
        panel,
        (Name::new("Backlog lines"), ScrollEdges::default()),
    );
    // The latest lines are what the player looks back from: start at the bottom.
    commands
        .entity(area)
        .insert(ScrollPosition(Vec2::new(0.0, 1.0e7)))
        .observe(wheel_below_the_bottom);
    let column = commands
        .spawn((
            ChildOf(area),
            Node {
                width: px(980),
                max_width: percent(100),
                align_self: AlignSelf::Center,
                flex_direction: FlexDirection::Column,
                flex_shrink: 0.0,
                row_gap: px(14),
                padding: UiRect::new(px(32), px(32), px(8), px(32)),
                ..default()
            },
        ))
        .id();
    if entries.is_empty() {
        commands.spawn((
            ChildOf(column),
            widgets::text(
                TextRole::Body,
                lang.pick("Nothing yet.", "Nog niets."),
                p.text_dim,
            ),
        ));
    }
    let mut lines = 0;
    for entry in entries {
        match *entry {
            Entry::Scene(node) => {
                let heading = story.scene(node).map_or("", |t| t.get(lang));
                commands.spawn((
                    ChildOf(column),
                    widgets::text(TextRole::Subheading, heading, p.accent),
                    Node {
                        margin: UiRect::top(px(10)),
                        ..default()
                    },
                ));
            }
            Entry::Line(node, speaker) => {
                let text = story.node_text(node).get(lang).to_string();
                let item = commands
                    .spawn((
                        ChildOf(column),
                        Node {
                            flex_direction: FlexDirection::Column,
                            row_gap: px(2),
                            ..default()
                        },
                    ))
                    .id();
                let color = match speaker {
                    Some(who) => {
                        let color = p.readable(party_color(story, who).lighter(0.2), p.bg);
                        commands.spawn((
                            ChildOf(item),
                            widgets::text(
                                TextRole::Strong,
                                capitalize(story.party_name(who, lang)),
                                color,
                            ),
                        ));
                        p.text
                    }
                    None => p.narration,
                };
                let role = if speaker.is_some() {
                    TextRole::Body
                } else {
                    TextRole::Summary
                };
                commands.spawn((
                    ChildOf(item),
                    BacklogLine(lines),
                    widgets::text(role, text, color),
                ));
                lines += 1;
            }
            Entry::Reply(node, choice, k) => {
                let words = story.choice_text(node, choice).map_or("", |t| t.get(lang));
                reply(commands, column, p, settings, words, k);
            }
        }
    }
}

/// The player's reply: a button that steps back to that choice when rollback is on.
fn reply(
    commands: &mut Commands,
    column: Entity,
    p: &Palette,
    settings: &Settings,
    words: &str,
    k: usize,
) {
    let lang = settings.lang;
    let text = format!("{} {words}", lang.pick("You:", "Jij:"));
    let words = (
        BacklogChoice(k),
        widgets::text(TextRole::Body, text, p.accent),
    );
    if !settings.rollback {
        commands.spawn((ChildOf(column), words));
        return;
    }
    commands.spawn((
        ChildOf(column),
        button_base(Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(14), px(8)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(8)),
            ..default()
        }),
        observe(
            move |_: On<Activate>, pt: Option<Res<Playthrough>>, mut commands: Commands| {
                let made = pt.map_or(0, |p| p.run.choices.len());
                commands.trigger(ToggleBacklog);
                commands.trigger(RollBack(made.saturating_sub(k)));
            },
        ),
        children![
            (words, Pickable::IGNORE),
            (
                widgets::text(
                    TextRole::Small,
                    lang.pick(
                        "Step back to choose again",
                        "Stap terug om opnieuw te kiezen"
                    ),
                    p.text_dim,
                ),
                Pickable::IGNORE
            ),
        ],
    ));
}

/// The wheel turned down at the bottom of the backlog closes it.
fn wheel_below_the_bottom(
    ev: On<Pointer<Scroll>>,
    edges: Query<&ScrollEdges>,
    mut commands: Commands,
) {
    if ev.y < 0.0 && edges.get(ev.entity).is_ok_and(|e| e.bottom) {
        commands.trigger(ToggleBacklog);
    }
}

/// On the play screen's scroller: the wheel turned up at its top opens the backlog.
pub(crate) fn wheel_above_the_top(
    ev: On<Pointer<Scroll>>,
    edges: Query<&ScrollEdges, With<PlayScroll>>,
    mut commands: Commands,
) {
    if ev.y > 0.0 && edges.get(ev.entity).is_ok_and(|e| e.top) {
        commands.trigger(ToggleBacklog);
    }
}
