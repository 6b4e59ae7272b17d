//! Playing: the lines since the player's last choice, one card at a time (a scene heading as
//! a title card, then each line with its speaker), typed out and skippable, then the choices
//! as buttons, under the quick menu. The cards scroll when they do not fit. The balances stay
//! hidden here. Leaving for the settings or the save slots and coming back, or a change of
//! language, size or theme, shows the same card again at once.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;
use bevy::ui_widgets::{Activate, observe};
use std::time::Duration;

use super::{Screen, backlog, quick_menu};
use crate::layout::no_modal;
use crate::layout::screen_root;
use crate::persist::Settings;
use crate::playthrough::{Choose, Kept, Playthrough, RunEvent};
use crate::redraw::KeepAwake;
use crate::theme::fonts::TextRole;
use crate::theme::interaction::ScrollEdges;
use crate::theme::palette::{Palette, party_color};
use crate::theme::widgets::{self, BadgeSize, button_base};
use crate::{GameSystems, a11y};
use story::{Beat, ChoiceId, Lang, NodeId, RunState, Story, capitalize};

/// One thing shown at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Card {
    /// A node's scene heading, as a title card before its line.
    Scene(NodeId),
    Line(NodeId),
}

/// The cards since the player's last choice and which one is showing.
#[derive(Resource, Debug, Default)]
pub struct Reading {
    /// The playthrough revision these cards were made from.
    revision: Option<u32>,
    pub(crate) cards: Vec<Card>,
    /// For each card, the index of its line in the run's transcript.
    beats: Vec<usize>,
    pub(crate) at: usize,
    /// The choice that led here (node, index as written), echoed above the first card.
    pub echo: Option<(NodeId, ChoiceId)>,
    /// Show the card's text at once (after a reload the author wants to see the edit).
    instant: bool,
}

impl Reading {
    /// The transcript index of the line on the card being read, and whether the card shows
    /// only its scene's heading (the line comes on the next card).
    pub(crate) fn beat(&self) -> Option<(usize, bool)> {
        let scene = matches!(self.cards.get(self.at), Some(Card::Scene(_)));
        self.beats.get(self.at).map(|&b| (b, scene))
    }
}

/// The container of the current card; rebuilt when the card changes.
#[derive(Component)]
struct CardView;

/// The scroller the cards are in.
#[derive(Component)]
pub(crate) struct PlayScroll;

/// Where the choices or the Continue button appear once the text is revealed.
#[derive(Component)]
pub(crate) struct Actions;

/// The line's text, revealed by its [`Typewriter`].
#[derive(Component)]
pub struct DialogueText;

#[derive(Component, Debug, Clone, Copy)]
pub struct ChoiceButton(pub usize);

#[derive(Component)]
pub struct ContinueButton;

/// Reveals a text a few characters at a time. The unrevealed rest stays in the layout as a
/// transparent span, so the line breaks never jump while it types.
#[derive(Component, Debug)]
pub struct Typewriter {
    pub full: String,
    /// Characters (not bytes) revealed.
    pub(crate) shown: usize,
    /// Characters in `full`, counted once.
    total: usize,
    chars_per_sec: Option<f32>,
    acc: f32,
    /// True in the frame the text appeared: the key press that brought it (Enter on a
    /// button) is still "just pressed" in this frame and must not skip it. Cleared in
    /// PostUpdate, after every Update system and observer, whatever their order.
    fresh: bool,
}

impl Typewriter {
    pub(crate) fn new(full: impl Into<String>, chars_per_sec: Option<f32>) -> Typewriter {
        let full: String = full.into();
        let total = full.chars().count();
        let shown = if chars_per_sec.is_some() { 0 } else { total };
        Typewriter {
            full,
            shown,
            total,
            chars_per_sec,
            acc: 0.0,
            fresh: true,
        }
    }
    pub(crate) fn total(&self) -> usize {
        self.total
    }
    pub fn done(&self) -> bool {
        self.shown >= self.total()
    }
    fn split(&self) -> (&str, &str) {
        let byte = self
            .full
            .char_indices()
            .nth(self.shown)
            .map_or(self.full.len(), |(i, _)| i);
        self.full.split_at(byte)
    }
}

#[derive(Component)]
struct Revealed;
#[derive(Component)]
struct Unrevealed;

/// Reveal the whole line now (a click on the text, Space or Enter while it types).
#[derive(Event, Debug, Clone, Copy)]
pub struct SkipTypewriter;

/// Show the next card, or the outcome after the last (the Continue button).
#[derive(Event, Debug, Clone, Copy)]
pub(crate) struct NextCard;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Reading>()
        .add_systems(OnEnter(Screen::Play), spawn)
        .add_systems(
            Update,
            (
                (number_keys, skip_keys)
                    .run_if(no_modal)
                    .in_set(GameSystems::Input),
                (
                    read_playthrough,
                    show_card,
                    tick_typewriter,
                    show_actions,
                    scroll_to_actions,
                )
                    .chain()
                    .in_set(GameSystems::Ui),
            )
                .run_if(in_state(Screen::Play)),
        )
        .add_systems(PostUpdate, |mut tws: Query<&mut Typewriter>| {
            for mut tw in &mut tws {
                tw.bypass_change_detection().fresh = false;
            }
        })
        .add_observer(on_skip)
        .add_observer(on_next_card);
}

fn spawn(
    mut commands: Commands,
    settings: Res<Settings>,
    palette: Res<Palette>,
    pt: Option<Res<Playthrough>>,
    mut reading: ResMut<Reading>,
) {
    let lang = settings.lang;
    // Back on the same run (from the settings, the save slots, a language or theme change):
    // the player is shown the card they were reading, at once. A new run replaces this in
    // `read_playthrough`.
    reading.instant = true;
    let root = commands
        .spawn(screen_root(
            Screen::Play,
            "Play screen",
            JustifyContent::FlexStart,
        ))
        .id();
    let title = pt
        .as_ref()
        .map(|p| p.story.title().get(lang).to_string())
        .unwrap_or_default();
    let header = commands
        .spawn((
            ChildOf(root),
            Node {
                width: percent(100),
                padding: UiRect::axes(px(28), px(14)),
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::Center,
                column_gap: px(16),
                flex_shrink: 0.0,
                ..default()
            },
            children![(
                widgets::text(TextRole::Caption, title, palette.text_dim),
                Node {
                    flex_shrink: 1.0,
                    ..default()
                },
            )],
        ))
        .id();
    quick_menu::spawn(&mut commands, header, &palette, &settings);
    // Long lines, many choices or large text may not fit: the cards scroll (the choices
    // scroll into view when the keyboard moves to them).
    let area = widgets::spawn_scroller(
        &mut commands,
        &palette,
        root,
        (PlayScroll, ScrollEdges::default()),
    );
    commands.entity(area).observe(backlog::wheel_above_the_top);
    commands.spawn((
        ChildOf(area),
        CardView,
        Node {
            // A pixel width capped by a percentage (see outcome.rs).
            width: px(980),
            max_width: percent(100),
            align_self: AlignSelf::Center,
            flex_grow: 1.0,
            flex_shrink: 0.0,
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            row_gap: px(18),
            padding: UiRect::new(px(32), px(32), px(0), px(40)),
            ..default()
        },
    ));
}

/// Each card with the index of its line in the transcript, and the choice echoed above.
type CardsAndEcho = (Vec<(Card, usize)>, Option<(NodeId, ChoiceId)>);

/// The cards since the last choice in the transcript, and that choice.
fn cards_since_last_choice(story: &Story, run: &RunState) -> CardsAndEcho {
    let last = run
        .transcript
        .iter()
        .rposition(|b| matches!(b, Beat::Chose { .. }));
    let echo = last.and_then(|i| match run.transcript[i] {
        Beat::Chose { node, choice } => Some((node, choice)),
        _ => None,
    });
    let mut cards = Vec::new();
    let first = last.map_or(0, |i| i + 1);
    for (i, beat) in run.transcript.iter().enumerate().skip(first) {
        if let Beat::Line { node } = *beat {
            if story.scene(node).is_some() {
                cards.push((Card::Scene(node), i));
            }
            let text = story.node_text(node);
            // A node without words (a pure junction) is not worth a click, unless the
            // choices hang on it.
            if Lang::ALL.iter().any(|&l| !text.get(l).trim().is_empty()) || node == run.node {
                cards.push((Card::Line(node), i));
            }
        }
    }
    (cards, echo)
}

/// Follows the playthrough: after a choice the new lines start from the first; after a
/// reload the player stays on the card they were reading.
fn read_playthrough(pt: Option<Res<Playthrough>>, mut reading: ResMut<Reading>) {
    let Some(pt) = pt else { return };
    if reading.revision == Some(pt.revision) {
        return;
    }
    let (cards, echo) = cards_since_last_choice(&pt.story, &pt.run);
    let (cards, beats): (Vec<Card>, Vec<usize>) = cards.into_iter().unzip();
    let reloaded = matches!(pt.last, RunEvent::Reloaded(Kept::Place | Kept::Replayed));
    let rolled_back = pt.last == RunEvent::RolledBack;
    let at = if reloaded && reading.revision.is_some() {
        reading.at.min(cards.len().saturating_sub(1))
    } else if rolled_back {
        // Back at the choice, shown at once, to choose again.
        cards.len().saturating_sub(1)
    } else {
        0
    };
    *reading = Reading {
        revision: Some(pt.revision),
        cards,
        beats,
        at,
        echo,
        instant: reloaded || rolled_back,
    };
}

fn show_card(
    reading: Res<Reading>,
    pt: Option<Res<Playthrough>>,
    settings: Res<Settings>,
    palette: Res<Palette>,
    view: Single<(Entity, Option<&Children>), With<CardView>>,
    mut commands: Commands,
) {
    if !reading.is_changed() {
        return;
    }
    let (Some(pt), Some(&card)) = (pt, reading.cards.get(reading.at)) else {
        return;
    };
    let (view, children) = *view;
    for &c in children.into_iter().flatten() {
        commands.entity(c).despawn();
    }
    let story = &pt.story;
    let lang = settings.lang;
    let p = &*palette;
    let speed = if reading.instant {
        None
    } else {
        settings.text_speed.chars_per_sec()
    };
    if reading.at == 0
        && let Some((node, choice)) = reading.echo
        && let Some(text) = story.choice_text(node, choice)
    {
        commands.spawn((
            ChildOf(view),
            widgets::text(
                TextRole::Caption,
                format!("{} {}", lang.pick("You:", "Jij:"), text.get(lang)),
                p.text_dim,
            ),
        ));
    }
    match card {
        Card::Scene(node) => {
            let heading = story.scene(node).map_or("", |t| t.get(lang));
            commands.spawn((
                ChildOf(view),
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    row_gap: px(18),
                    margin: UiRect::vertical(px(40)),
                    ..default()
                },
                children![
                    (
                        widgets::text(TextRole::SceneTitle, heading, p.text),
                        TextLayout::justify(Justify::Center)
                    ),
                    (
                        Node {
                            width: px(140),
                            height: px(3),
                            ..default()
                        },
                        BackgroundColor(p.accent)
                    ),
                ],
            ));
        }
        Card::Line(node) => {
            let text = story.node_text(node).get(lang).to_string();
            let speaker = story.speaker(node);
            // What a screen reader says: the speaker, then the whole line.
            let spoken = match speaker {
                Some(who) => format!("{}: {text}", capitalize(story.party_name(who, lang))),
                None => text.clone(),
            };
            if let Some(who) = speaker {
                let color = party_color(story, who);
                // A name written mid-sentence style ("mevrouw Kuipers") heads the line.
                let name = capitalize(story.party_name(who, lang));
                let role = story
                    .party_role(who)
                    .map(|r| r.get(lang).to_string())
                    .unwrap_or_default();
                commands.spawn((
                    ChildOf(view),
                    Node {
                        align_items: AlignItems::Center,
                        column_gap: px(16),
                        ..default()
                    },
                    children![
                        widgets::badge(p, &name, color, BadgeSize::Large),
                        (
                            Node {
                                flex_direction: FlexDirection::Column,
                                ..default()
                            },
                            children![
                                widgets::text(
                                    TextRole::Heading,
                                    name,
                                    p.readable(color.lighter(0.2), p.bg)
                                ),
                                widgets::text(TextRole::Note, role, p.text_dim),
                            ],
                        ),
                    ],
                ));
            }
            // Speech sits in a panel edged in the speaker's colour; narration stands apart,
            // quieter, against a rule on the left.
            let (node_style, bg, border, color) = match speaker {
                Some(who) => (
                    Node {
                        padding: UiRect::axes(px(30), px(24)),
                        border: UiRect::all(px(2)),
                        border_radius: BorderRadius::all(px(14)),
                        ..default()
                    },
                    p.panel,
                    party_color(story, who).with_alpha(0.7),
                    p.text,
                ),
                None => (
                    Node {
                        padding: UiRect::new(px(28), px(12), px(8), px(8)),
                        border: UiRect::left(px(4)),
                        ..default()
                    },
                    Color::NONE,
                    p.narration.with_alpha(0.5),
                    p.narration,
                ),
            };
            let role = if speaker.is_some() {
                TextRole::Speech
            } else {
                TextRole::Narration
            };
            commands.spawn((
                ChildOf(view),
                node_style,
                BackgroundColor(bg),
                BorderColor::all(border),
                observe(|mut click: On<Pointer<Click>>, mut commands: Commands| {
                    click.propagate(false);
                    commands.trigger(SkipTypewriter);
                }),
                observe(quick_menu::wheel_over_line),
                children![(
                    DialogueText,
                    a11y::line_node(spoken),
                    Typewriter::new(text.clone(), speed),
                    Text::default(),
                    role,
                    TextColor(color),
                    TextLayout::linebreak(LineBreak::WordBoundary),
                    children![
                        (Revealed, TextSpan::default(), role, TextColor(color)),
                        (
                            Unrevealed,
                            TextSpan::new(text),
                            role,
                            TextColor(Color::NONE)
                        ),
                    ],
                )],
            ));
        }
    }
    commands.spawn((
        ChildOf(view),
        Actions,
        Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: px(10),
            margin: UiRect::top(px(6)),
            ..default()
        },
    ));
}

fn tick_typewriter(
    time: Res<Time>,
    mut tws: Query<(&mut Typewriter, &Children)>,
    mut revealed: Query<&mut TextSpan, (With<Revealed>, Without<Unrevealed>)>,
    mut unrevealed: Query<&mut TextSpan, (With<Unrevealed>, Without<Revealed>)>,
    mut awake: ResMut<KeepAwake>,
) {
    for (mut tw, children) in &mut tws {
        if !tw.done()
            && let Some(cps) = tw.chars_per_sec
        {
            // Reactive mode sleeps between inputs: keep frames coming while typing.
            awake.bump(Duration::from_millis(100));
            // The first frame after an idle spell has a huge delta.
            tw.acc += time.delta_secs().min(0.1) * cps;
            let n = tw.acc.floor() as usize;
            tw.acc -= n as f32;
            tw.shown = (tw.shown + n).min(tw.total());
        }
        if tw.is_changed() {
            let (a, b) = tw.split();
            for &c in children {
                // TextSpan has no PartialEq: compare the strings to avoid needless relayout.
                if let Ok(mut s) = revealed.get_mut(c)
                    && s.0 != a
                {
                    s.0 = a.to_string();
                }
                if let Ok(mut s) = unrevealed.get_mut(c)
                    && s.0 != b
                {
                    s.0 = b.to_string();
                }
            }
        }
    }
}

/// Once the line is revealed: the choices (at the last card of a run still going) or a
/// Continue button.
fn show_actions(
    reading: Res<Reading>,
    pt: Option<Res<Playthrough>>,
    settings: Res<Settings>,
    palette: Res<Palette>,
    tws: Query<&Typewriter, With<DialogueText>>,
    actions: Single<(Entity, Option<&Children>), With<Actions>>,
    mut commands: Commands,
) {
    let (actions, children) = *actions;
    commands.entity(actions).insert(RevealActions);
    if children.is_some_and(|c| !c.is_empty()) || tws.iter().any(|t| !t.done()) {
        return;
    }
    let Some(pt) = pt else { return };
    let lang = settings.lang;
    let last = reading.at + 1 >= reading.cards.len();
    if last && !pt.run.ended() {
        // No choice takes the focus by itself: the Space or Enter that revealed the line
        // must not pick the first choice a moment later. Keys 1-9 pick directly; an arrow or
        // Tab shows the focus ring on the first choice, then Enter picks it.
        for (i, offered) in pt.run.offered(&pt.story).iter().enumerate() {
            let text = pt
                .story
                .choice_text(pt.run.node, offered.index)
                .map_or("", |t| t.get(lang));
            commands.spawn((ChildOf(actions), choice_button(&palette, lang, i, text)));
        }
    } else {
        commands.spawn((
            ChildOf(actions),
            ContinueButton,
            AutoFocus,
            widgets::button(
                &palette,
                lang.pick("Continue", "Verder"),
                |_: On<Activate>, mut commands: Commands| commands.trigger(NextCard),
            ),
        ));
    }
}

/// On the actions while they are new: once laid out, the cards scroll so they show.
#[derive(Component)]
struct RevealActions;

/// When the line and its choices do not fit (large text, a long line), the choices are what
/// the player needs next: scroll until the last shows, but never past the first.
fn scroll_to_actions(
    actions: Query<(Entity, &ComputedNode, &UiGlobalTransform), With<RevealActions>>,
    mut area: Query<(&mut ScrollPosition, &ComputedNode, &UiGlobalTransform), With<PlayScroll>>,
    mut commands: Commands,
) {
    let Ok((mut pos, view, at)) = area.single_mut() else {
        return;
    };
    for (e, node, node_at) in &actions {
        if node.size().y <= 0.0 {
            continue;
        }
        commands.entity(e).remove::<RevealActions>();
        let scale = view.inverse_scale_factor;
        let view_h = view.size().y * scale;
        let view_top = (at.translation.y - view.size().y / 2.0) * scale;
        let top = (node_at.translation.y - node.size().y / 2.0) * scale - view_top + pos.y;
        let bottom = top + node.size().y * scale;
        let max = (view.content_size().y * scale - view_h).max(0.0);
        if bottom > pos.y + view_h {
            pos.y = (bottom - view_h).min(top).clamp(0.0, max);
        }
    }
}

/// A choice: its number (the key that picks it) and its words.
fn choice_button(p: &Palette, lang: Lang, index: usize, text: &str) -> impl Bundle {
    let heard = format!("{} {}: {text}", lang.pick("Choice", "Keuze"), index + 1);
    (
        ChoiceButton(index),
        a11y::button_label(heard),
        button_base(Node {
            width: percent(100),
            align_items: AlignItems::Center,
            column_gap: px(16),
            padding: UiRect::axes(px(16), px(12)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        }),
        observe(move |_: On<Activate>, mut commands: Commands| {
            commands.trigger(Choose(index));
        }),
        children![
            (
                Node {
                    width: px(34),
                    height: px(34),
                    flex_shrink: 0.0,
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(px(8)),
                    ..default()
                },
                BackgroundColor(
                    p.accent
                        .with_alpha(if p.high_contrast { 0.3 } else { 0.18 })
                ),
                Pickable::IGNORE,
                children![(
                    widgets::text(TextRole::Strong, (index + 1).to_string(), p.accent),
                    Pickable::IGNORE
                )],
            ),
            (
                widgets::text(TextRole::Choice, text, p.text),
                Node {
                    flex_shrink: 1.0,
                    ..default()
                },
                Pickable::IGNORE
            ),
        ],
    )
}

fn on_skip(_: On<SkipTypewriter>, mut tws: Query<&mut Typewriter>) {
    for mut tw in &mut tws {
        if !tw.fresh && !tw.done() {
            tw.shown = tw.total();
        }
    }
}

fn on_next_card(
    _: On<NextCard>,
    mut reading: ResMut<Reading>,
    pt: Option<Res<Playthrough>>,
    mut next: ResMut<NextState<Screen>>,
) {
    if reading.at + 1 < reading.cards.len() {
        reading.at += 1;
        reading.instant = false;
    } else if pt.is_some_and(|p| p.run.ended()) {
        next.set(Screen::Outcome);
    }
}

/// 1–9 pick a choice, through the same [`Choose`] the buttons trigger.
fn number_keys(
    keys: Res<ButtonInput<KeyCode>>,
    choices: Query<&ChoiceButton>,
    mut commands: Commands,
) {
    const DIGITS: [(KeyCode, KeyCode); 9] = [
        (KeyCode::Digit1, KeyCode::Numpad1),
        (KeyCode::Digit2, KeyCode::Numpad2),
        (KeyCode::Digit3, KeyCode::Numpad3),
        (KeyCode::Digit4, KeyCode::Numpad4),
        (KeyCode::Digit5, KeyCode::Numpad5),
        (KeyCode::Digit6, KeyCode::Numpad6),
        (KeyCode::Digit7, KeyCode::Numpad7),
        (KeyCode::Digit8, KeyCode::Numpad8),
        (KeyCode::Digit9, KeyCode::Numpad9),
    ];
    for (i, (a, b)) in DIGITS.iter().enumerate() {
        if keys.any_just_pressed([*a, *b]) && choices.iter().any(|c| c.0 == i) {
            commands.trigger(Choose(i));
            return;
        }
    }
}

/// Space or Enter while a line types reveals it (when it is revealed, Enter goes to the
/// focused button instead).
fn skip_keys(
    keys: Res<ButtonInput<KeyCode>>,
    tws: Query<&Typewriter, With<DialogueText>>,
    mut commands: Commands,
) {
    if keys.any_just_pressed([KeyCode::Space, KeyCode::Enter, KeyCode::NumpadEnter])
        && tws.iter().any(|t| !t.done())
    {
        commands.trigger(SkipTypewriter);
    }
}
