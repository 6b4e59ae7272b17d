//! The reflection: the point of the game. The hidden ledger revealed, relationship by
//! relationship (each layer's balance at the start and at the end, drawn as bars, and the
//! deficits people feel), then the moments that moved it, each tied to the player's own
//! choice and explained.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::Screen;
use crate::layout::screen_root;
use crate::persist::Settings;
use crate::playthrough::{Playthrough, StartScenario};
use crate::theme::fonts::TextRole;
use crate::theme::palette::{Palette, party_color};
use crate::theme::widgets::{self, BadgeSize};
use story::{
    Cause, Lang, Layer, LedgerChange, Moment, PartyId, Reflection, Relationship, RunState, Story,
    capitalize, possessive, quoted, signed,
};

/// Widths of a bar row's label column and value column (the bar takes the rest).
const LABELS: f32 = 300.0;
const VALUES: f32 = 170.0;

/// The scrolling content, for the keys that scroll it.
#[derive(Component)]
pub(crate) struct ReflectionScroll;

/// One moment's explanation ("You chose …: the deficit Jort feels toward you eased by 4."),
/// for tests.
#[derive(Component)]
pub struct MomentSummary;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Reflection), spawn);
}

fn spawn(
    mut commands: Commands,
    settings: Res<Settings>,
    palette: Res<Palette>,
    pt: Option<Res<Playthrough>>,
) {
    let lang = settings.lang;
    let p = *palette;
    let Some(pt) = pt.filter(|p| p.run.ended()) else {
        commands.set_state(Screen::Title);
        return;
    };
    let story = &pt.story;
    let run = &pt.run;
    let reflection = Reflection::build(story, run);
    let root = commands
        .spawn(screen_root(
            Screen::Reflection,
            "Reflection screen",
            JustifyContent::FlexStart,
        ))
        .id();
    let content = widgets::spawn_scroller(&mut commands, &p, root, ReflectionScroll);
    let column = commands
        .spawn((
            ChildOf(content),
            Node {
                // A pixel width capped by a percentage (see outcome.rs).
                width: px(1040),
                max_width: percent(100),
                flex_direction: FlexDirection::Column,
                flex_shrink: 0.0,
                align_self: AlignSelf::Center,
                row_gap: px(14),
                padding: UiRect::new(px(36), px(36), px(28), px(36)),
                ..default()
            },
        ))
        .id();
    let ui = Ui {
        player: reflection.player,
        lang,
        story,
        run,
        p,
        scale: settings.text_size.scale(),
    };
    ui.header(&mut commands, column, &pt);
    ui.section(
        &mut commands,
        column,
        lang.pick("Where things stand", "Hoe het ervoor staat"),
    );
    let scale = scale_of(&reflection.relationships);
    for r in &reflection.relationships {
        ui.relationship(&mut commands, column, r, scale);
    }
    ui.section(
        &mut commands,
        column,
        lang.pick("What moved the balances", "Wat de balansen bewoog"),
    );
    ui.timeline(&mut commands, column, &reflection);

    let footer = commands
        .spawn((
            ChildOf(root),
            Node {
                width: percent(100),
                justify_content: JustifyContent::Center,
                column_gap: px(16),
                padding: UiRect::axes(px(24), px(14)),
                border: UiRect::top(px(1)),
                flex_shrink: 0.0,
                ..default()
            },
            BackgroundColor(p.panel),
            BorderColor::all(p.edge),
        ))
        .id();
    let path = pt.path.clone();
    commands.spawn((
        ChildOf(footer),
        widgets::button(
            &p,
            lang.pick("Play again", "Opnieuw spelen"),
            move |_: On<Activate>, mut commands: Commands| {
                commands.trigger(StartScenario(path.clone()));
            },
        ),
    ));
    commands.spawn((
        ChildOf(footer),
        AutoFocus,
        widgets::button(
            &p,
            lang.pick("Back to the list", "Terug naar de lijst"),
            |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::List),
        ),
    ));
}

/// The largest number any bar shows, so all bars share one scale (at least 10, so a few
/// points do not fill a bar).
fn scale_of(relationships: &[Relationship]) -> i32 {
    relationships
        .iter()
        .flat_map(|r| {
            r.layers.iter().flat_map(|&(s, e)| [s, e]).chain([
                r.felt_ab.0,
                r.felt_ab.1,
                r.felt_ba.0,
                r.felt_ba.1,
            ])
        })
        .map(i32::abs)
        .max()
        .unwrap_or(0)
        .max(10)
}

/// What every part of the screen needs to build itself.
struct Ui<'a> {
    /// Whom the player played last: marks are told from their side.
    player: PartyId,
    lang: Lang,
    story: &'a Story,
    run: &'a RunState,
    p: Palette,
    /// The text size's factor: the fixed columns beside the bars grow with their text.
    scale: f32,
}

impl Ui<'_> {
    fn pick(&self, en: &'static str, nl: &'static str) -> &'static str {
        self.lang.pick(en, nl)
    }

    fn name(&self, p: PartyId) -> &str {
        self.story.party_name(p, self.lang)
    }

    /// A width that holds text: grows with the text size.
    fn width(&self, v: f32) -> Val {
        px(v * self.scale)
    }

    /// A party's colour as text on a card.
    fn party_text(&self, p: PartyId) -> Color {
        self.p.readable(party_color(self.story, p), self.p.panel)
    }

    fn header(&self, commands: &mut Commands, column: Entity, pt: &Playthrough) {
        let story = self.story;
        commands.spawn((
            ChildOf(column),
            widgets::text(
                TextRole::Kicker,
                self.pick("The ledger, revealed", "Het grootboek, onthuld"),
                self.p.accent,
            ),
        ));
        if let Some(o) = pt.run.outcome {
            commands.spawn((
                ChildOf(column),
                widgets::text(
                    TextRole::RevealTitle,
                    story.outcome_title(o).get(self.lang),
                    self.p.readable(self.p.tone(story.tone(o)), self.p.bg),
                ),
            ));
        }
        commands.spawn((
            ChildOf(column),
            widgets::text(
                TextRole::Body,
                self.pick(
                    "While you played, every reply moved balances nobody spoke of: what people gave each other on the deal (work, time, money) and in being seen (recognition, respect), and how short-changed they felt. This is where they ended up.",
                    "Terwijl je speelde, bewoog elk antwoord balansen waar niemand over sprak: wat mensen elkaar gaven in de deal (werk, tijd, geld) en in gezien worden (erkenning, respect), en hoe tekortgedaan ze zich voelden. Zo staan ze er nu voor.",
                ),
                self.p.text,
            ),
        ));
        commands.spawn((ChildOf(column), self.legend()));
    }

    /// How to read a bar: faint is the start, solid the end, the side says who owes whom.
    fn legend(&self) -> impl Bundle {
        // A felt deficit is drawn hollow, a balance solid: they differ in shape, not only in
        // colour.
        let swatch = |color: Color, height: f32, hollow: bool| {
            (
                Node {
                    width: px(28),
                    height: px(height),
                    border: UiRect::all(px(if hollow { 2 } else { 0 })),
                    border_radius: BorderRadius::all(px(3)),
                    ..default()
                },
                BackgroundColor(if hollow { Color::NONE } else { color }),
                BorderColor::all(color),
            )
        };
        let item = |color: Color, height: f32, hollow: bool, text: &'static str| {
            (
                Node {
                    align_items: AlignItems::Center,
                    column_gap: px(8),
                    ..default()
                },
                children![
                    swatch(color, height, hollow),
                    widgets::text(TextRole::Note, text, self.p.text_dim)
                ],
            )
        };
        (
            Node {
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(24),
                row_gap: px(6),
                padding: UiRect::axes(px(16), px(10)),
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
            BackgroundColor(self.p.panel),
            children![
                item(
                    self.p.text_dim.with_alpha(0.35),
                    14.0,
                    false,
                    self.pick("at the start", "bij het begin")
                ),
                item(
                    self.p.text,
                    7.0,
                    false,
                    self.pick("at the end", "aan het eind")
                ),
                item(
                    self.p.felt,
                    11.0,
                    true,
                    self.pick("felt deficit", "gevoeld tekort")
                ),
            ],
        )
    }

    fn section(&self, commands: &mut Commands, column: Entity, title: &str) {
        commands.spawn((
            ChildOf(column),
            widgets::text(TextRole::Heading, title, self.p.text),
            Node {
                margin: UiRect::top(px(18)),
                ..default()
            },
        ));
    }

    /// A card for one relationship: the two parties, a bar per layer, a bar per felt deficit.
    fn relationship(&self, commands: &mut Commands, column: Entity, r: &Relationship, scale: i32) {
        // Names as written (mid-sentence style, "mevrouw Kuipers") and opening a label.
        let (a, b) = (self.name(r.a).to_string(), self.name(r.b).to_string());
        let (cap_a, cap_b) = (capitalize(&a), capitalize(&b));
        let card = commands
            .spawn((
                ChildOf(column),
                Node {
                    flex_direction: FlexDirection::Column,
                    flex_shrink: 0.0,
                    row_gap: px(8),
                    padding: UiRect::axes(px(22), px(16)),
                    border: UiRect::all(px(1)),
                    border_radius: BorderRadius::all(px(12)),
                    ..default()
                },
                BackgroundColor(self.p.panel),
                BorderColor::all(if r.changed() {
                    self.p.edge
                } else {
                    self.p.panel
                }),
            ))
            .id();
        commands.spawn((
            ChildOf(card),
            Node {
                align_items: AlignItems::Center,
                column_gap: px(10),
                margin: UiRect::bottom(px(4)),
                ..default()
            },
            children![
                widgets::badge(&self.p, &a, party_color(self.story, r.a), BadgeSize::Small),
                widgets::text(TextRole::Subheading, cap_a.clone(), self.p.text),
                widgets::text(TextRole::Caption, self.pick("and", "en"), self.p.text_dim),
                widgets::badge(&self.p, &b, party_color(self.story, r.b), BadgeSize::Small),
                widgets::text(TextRole::Subheading, cap_b.clone(), self.p.text),
            ],
        ));
        // Which way the balance bars lean: the two phrases meet at the bars' centre line, each
        // free to run out over the column beside the bars (so long Dutch phrases and names fit
        // on one line). Equal growth from bases of one side column each puts the meeting point
        // exactly above the bars' centre.
        let (left, right) = match self.lang {
            Lang::En => (format!("{cap_a} owes {b}"), format!("{cap_b} owes {a}")),
            Lang::Nl => (
                format!("{cap_a} staat bij {b} in het krijt"),
                format!("{cap_b} staat bij {a} in het krijt"),
            ),
        };
        let half = |basis: f32, justify: JustifyContent, pad: UiRect| Node {
            flex_basis: self.width(basis),
            flex_grow: 1.0,
            flex_shrink: 0.0,
            justify_content: justify,
            padding: pad,
            ..default()
        };
        commands.spawn((
            ChildOf(card),
            Node::default(),
            children![
                (
                    half(LABELS + 16.0, JustifyContent::FlexEnd, UiRect::right(px(8))),
                    children![widgets::text(TextRole::Fine, left, self.p.credit_against)],
                ),
                (
                    half(
                        VALUES + 16.0,
                        JustifyContent::FlexStart,
                        UiRect::left(px(8))
                    ),
                    children![widgets::text(TextRole::Fine, right, self.p.credit_for)],
                ),
            ],
        ));
        for layer in Layer::ALL {
            let (start, end) = r.layer(layer);
            let title = capitalize(layer.name(self.lang));
            let whose = match self.lang {
                Lang::En => format!("{} credit with {b}", possessive(&cap_a)),
                Lang::Nl => format!("tegoed van {a} bij {b}"),
            };
            commands.spawn((
                ChildOf(card),
                self.bar_row(title, whose, start, end, scale, true),
            ));
        }
        for (who, toward, (start, end)) in [(&a, &b, r.felt_ab), (&b, &a, r.felt_ba)] {
            if start == 0 && end == 0 {
                continue;
            }
            let title = self.pick("Felt deficit", "Gevoeld tekort").to_string();
            let whose = match self.lang {
                Lang::En => format!("how short-changed {who} feels by {toward}"),
                Lang::Nl => format!("{} voelt zich tekortgedaan door {toward}", capitalize(who)),
            };
            commands.spawn((
                ChildOf(card),
                self.bar_row(title, whose, start, end, scale, false),
            ));
        }
    }

    /// A labelled bar: `centred` bars have zero in the middle (a balance either way);
    /// the others grow from the left (a felt deficit is never negative).
    fn bar_row(
        &self,
        title: String,
        whose: String,
        start: i32,
        end: i32,
        scale: i32,
        centred: bool,
    ) -> impl Bundle {
        let end_color = match (centred, end) {
            (false, _) => self.p.felt,
            (true, e) if e < 0 => self.p.credit_against,
            _ => self.p.credit_for,
        };
        let values = if start == end {
            format!(
                "{}  ({})",
                signed(end),
                self.pick("unchanged", "onveranderd")
            )
        } else if centred {
            format!("{}  ›  {}", signed(start), signed(end))
        } else {
            format!("{start}  ›  {end}")
        };
        (
            Node {
                align_items: AlignItems::Center,
                column_gap: px(16),
                ..default()
            },
            children![
                (
                    Node {
                        width: self.width(LABELS),
                        flex_shrink: 0.0,
                        flex_direction: FlexDirection::Column,
                        ..default()
                    },
                    children![
                        widgets::text(TextRole::RowTitle, title, self.p.text),
                        widgets::text(TextRole::Fine, whose, self.p.text_dim),
                    ],
                ),
                bar(&self.p, start, end, scale, centred, end_color),
                (
                    Node {
                        width: self.width(VALUES),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    children![widgets::text(TextRole::Detail, values, end_color)],
                ),
            ],
        )
    }

    /// The moments that moved the ledger, in order, each told from the player's side.
    fn timeline(&self, commands: &mut Commands, column: Entity, reflection: &Reflection) {
        let mut shown = 0;
        for m in &reflection.moments {
            if m.entries.is_empty() || m.cause == Cause::History {
                continue;
            }
            shown += 1;
            self.moment(commands, column, m, &m.entries);
        }
        if shown == 0 {
            commands.spawn((
                ChildOf(column),
                widgets::text(
                    TextRole::Body,
                    self.pick(
                        "Nothing you did moved a balance.",
                        "Niets wat je deed bewoog een balans.",
                    ),
                    self.p.text_dim,
                ),
            ));
        }
    }

    fn moment(&self, commands: &mut Commands, column: Entity, m: &Moment, entries: &[usize]) {
        let lang = self.lang;
        let by_player = matches!(m.cause, Cause::Choice { .. });
        let (who, color) = match (by_player, m.actor) {
            (true, _) => (self.pick("You", "Jij").to_string(), self.p.accent),
            (false, Some(p)) => (capitalize(self.name(p)), self.party_text(p)),
            (false, None) => (
                self.pick("What happened", "Wat er gebeurde").to_string(),
                self.p.text_dim,
            ),
        };
        let row = commands
            .spawn((
                ChildOf(column),
                Node {
                    column_gap: px(16),
                    flex_shrink: 0.0,
                    ..default()
                },
            ))
            .id();
        // The player's choices are numbered; what others did in answer hangs off them as a
        // smaller dot. A rule runs down to the next moment.
        let size = if by_player { 36.0 } else { 16.0 };
        let marker = (
            Node {
                width: px(size),
                height: px(size),
                margin: UiRect::top(px(if by_player { 0.0 } else { 8.0 })),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::MAX,
                ..default()
            },
            BackgroundColor(if by_player {
                self.p.accent.with_alpha(0.2)
            } else {
                self.p.panel
            }),
            BorderColor::all(color),
        );
        let rail = commands
            .spawn((
                ChildOf(row),
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    width: px(44),
                    flex_shrink: 0.0,
                    ..default()
                },
            ))
            .id();
        let dot = commands.spawn((ChildOf(rail), marker)).id();
        if by_player {
            commands.spawn((
                ChildOf(dot),
                widgets::text(TextRole::Step, (m.step + 1).to_string(), self.p.text),
            ));
        }
        commands.spawn((
            ChildOf(rail),
            Node {
                width: px(2),
                flex_grow: 1.0,
                margin: UiRect::top(px(4)),
                ..default()
            },
            BackgroundColor(self.p.edge),
        ));
        let body = commands
            .spawn((
                ChildOf(row),
                Node {
                    flex_direction: FlexDirection::Column,
                    flex_grow: 1.0,
                    flex_shrink: 1.0,
                    row_gap: px(5),
                    padding: UiRect::bottom(px(14)),
                    ..default()
                },
            ))
            .id();
        let head = match (&m.choice, by_player) {
            (Some(choice), true) => format!(
                "{} {}",
                self.pick("You chose", "Je koos"),
                quoted(choice.get(lang))
            ),
            _ => who.clone(),
        };
        commands.spawn((ChildOf(body), widgets::text(TextRole::Strong, head, color)));
        commands.spawn((
            ChildOf(body),
            MomentSummary,
            widgets::text(TextRole::Summary, m.summary.get(lang), self.p.text),
        ));
        // The author's notes and each rule's own explanation, quieter.
        let mut last_note = None;
        for &i in entries {
            let e = &self.run.entries[i];
            if let Some(note) = &e.note
                && last_note != Some(note)
            {
                commands.spawn((
                    ChildOf(body),
                    widgets::text(TextRole::Detail, quoted(note.get(lang)), self.p.text_dim),
                    Node {
                        margin: UiRect::top(px(2)),
                        ..default()
                    },
                ));
                last_note = Some(note);
            }
            let (mark, mark_color) = mark(&self.p, e.change.clone(), self.player);
            let felt = matches!(e.change, LedgerChange::Felt { .. });
            commands.spawn((
                ChildOf(body),
                Node {
                    column_gap: px(10),
                    padding: UiRect::left(px(14)),
                    ..default()
                },
                children![
                    (
                        Node {
                            width: self.width(48.0),
                            flex_shrink: 0.0,
                            align_items: AlignItems::FlexStart,
                            ..default()
                        },
                        children![mark_badge(mark, mark_color, felt)],
                    ),
                    widgets::text(
                        TextRole::Small,
                        e.why.get(self.story, lang),
                        self.p.fade(self.p.text_dim, 0.85)
                    ),
                ],
            ));
        }
    }
}

/// An entry's number as the player feels it: what it did to the player's own credit or to
/// a deficit felt toward the player (green: good for them, orange or rose: bad); entries
/// between others show their plain size.
fn mark(p: &Palette, change: LedgerChange, player: PartyId) -> (String, Color) {
    let colour = |good: bool, bad: Color| if good { p.credit_for } else { bad };
    match change {
        LedgerChange::Transfer {
            from, to, amount, ..
        } if from == player || to == player => {
            let mine = if from == player { amount } else { -amount };
            (signed(mine), colour(mine >= 0, p.credit_against))
        }
        LedgerChange::Transfer { amount, .. } => (amount.abs().to_string(), p.text_dim),
        LedgerChange::Felt { delta, .. } => (signed(delta), colour(delta <= 0, p.felt)),
        _ => ("•".to_string(), p.text_dim),
    }
}

/// A mark on the timeline: a felt deficit's in an outline, a balance's bare, so the two
/// differ in shape as well as in colour.
fn mark_badge(mark: String, color: Color, felt: bool) -> impl Bundle {
    (
        Node {
            padding: UiRect::axes(px(5), px(0)),
            border: UiRect::all(px(if felt { 2 } else { 0 })),
            border_radius: BorderRadius::all(px(8)),
            ..default()
        },
        BorderColor::all(color),
        children![widgets::text(TextRole::SmallStrong, mark, color)],
    )
}

/// A bar on a shared scale: the start faint and tall, the end solid and slim on top of it.
fn bar(p: &Palette, start: i32, end: i32, scale: i32, centred: bool, color: Color) -> impl Bundle {
    let span = |v: i32| -> (f32, f32) {
        let f = (v.clamp(-scale, scale) as f32 / scale as f32) * 100.0;
        match (centred, v < 0) {
            (true, false) => (50.0, f / 2.0),
            (true, true) => (50.0 + f / 2.0, -f / 2.0),
            (false, _) => (0.0, f.max(0.0)),
        }
    };
    let piece = |v: i32, top: f32, height: f32, color: Color, hollow: bool| {
        let (left, width) = span(v);
        (
            Node {
                position_type: PositionType::Absolute,
                left: percent(left),
                width: percent(width),
                top: px(top),
                height: px(height),
                border: UiRect::all(px(if hollow { 2 } else { 0 })),
                border_radius: BorderRadius::all(px(3)),
                ..default()
            },
            BackgroundColor(if hollow { Color::NONE } else { color }),
            BorderColor::all(color),
        )
    };
    (
        Node {
            flex_grow: 1.0,
            height: px(24),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(p.panel_light),
        children![
            piece(start, 2.0, 20.0, p.text_dim.with_alpha(0.3), false),
            // A felt deficit (not centred) hollow, as in the legend.
            if centred {
                piece(end, 8.5, 7.0, color, false)
            } else {
                piece(end, 6.5, 11.0, color, true)
            },
            // The zero line.
            (
                Node {
                    position_type: PositionType::Absolute,
                    left: percent(if centred { 50.0 } else { 0.0 }),
                    width: px(2),
                    top: px(0),
                    height: percent(100),
                    ..default()
                },
                BackgroundColor(p.text_dim.with_alpha(0.6)),
            ),
        ],
    )
}
