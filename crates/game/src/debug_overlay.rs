//! The author's inspector (F1; available in debug builds and with `--debug`): the live hidden
//! ledger, the felt deficits, who knows what, the flags, and the entries as they are made.
//! Players never see it; it is what an author watches while trying a scenario.

use bevy::prelude::*;

use super::persist::Settings;
use super::playthrough::Playthrough;
use super::scenarios::Catalog;
use super::theme::fonts::TextRole;
use super::theme::palette::Palette;
use super::theme::widgets;
use super::{GameConfig, GameSystems};
use story::Layer;
use story::{LedgerChange, PartyId, RunState, Story};

/// How many of the latest entries the overlay lists.
const ENTRIES: usize = 14;
/// How many of the played scenario's warnings it lists.
const WARNINGS: usize = 5;

#[derive(Resource, Debug, Default)]
pub(crate) struct DebugOverlay {
    /// F1 does something (debug builds, `--debug`).
    pub(crate) available: bool,
    pub(crate) shown: bool,
}

/// The overlay's root.
#[derive(Component)]
pub(crate) struct OverlayPanel;

/// Every line of the overlay, for tests.
#[derive(Component)]
pub struct OverlayLine;

pub(crate) fn plugin(app: &mut App) {
    let available = app.world().resource::<GameConfig>().debug;
    app.insert_resource(DebugOverlay {
        available,
        shown: false,
    })
    .add_systems(
        Update,
        (
            toggle.in_set(GameSystems::Input),
            show.in_set(GameSystems::Ui),
        ),
    );
}

fn toggle(keys: Res<ButtonInput<KeyCode>>, mut overlay: ResMut<DebugOverlay>) {
    if overlay.available && keys.just_pressed(KeyCode::F1) {
        overlay.shown = !overlay.shown;
    }
}

/// Rebuilt when it is toggled, the run changes (a choice, a reload) or a scenario (re)loads,
/// never per frame.
fn show(
    overlay: Res<DebugOverlay>,
    pt: Option<Res<Playthrough>>,
    settings: Res<Settings>,
    palette: Res<Palette>,
    catalog: Res<Catalog>,
    old: Query<Entity, With<OverlayPanel>>,
    mut commands: Commands,
) {
    let run_changed = pt.as_ref().is_some_and(|p| p.is_changed());
    if !(overlay.is_changed() || run_changed || settings.is_changed() || catalog.is_changed()) {
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
    if !overlay.shown {
        return;
    }
    let panel = commands
        .spawn((
            Name::new("Debug overlay"),
            OverlayPanel,
            Node {
                position_type: PositionType::Absolute,
                top: px(48),
                right: px(12),
                width: px(460),
                max_height: percent(88),
                flex_direction: FlexDirection::Column,
                row_gap: px(2),
                padding: UiRect::all(px(14)),
                border: UiRect::all(px(1)),
                border_radius: BorderRadius::all(px(8)),
                overflow: Overflow::clip(),
                ..default()
            },
            BackgroundColor(Color::srgba(0.02, 0.02, 0.03, 0.9)),
            BorderColor::all(palette.accent.with_alpha(0.6)),
            GlobalZIndex(15),
            Pickable::IGNORE,
        ))
        .id();
    let lines = match &pt {
        Some(pt) => {
            let mut lines = inspect(&pt.story, &pt.run, pt.fresh_from, settings.lang);
            // The checks' warnings on the played file, near the top where they are seen.
            let warnings = catalog
                .get(&pt.path)
                .map(|e| e.warnings.as_slice())
                .unwrap_or_default();
            lines.splice(1..1, warning_lines(warnings));
            lines
        }
        None => vec![Line::head("No scenario is being played.")],
    };
    let mut all = vec![Line::head("Author's inspector  (F1 hides)")];
    all.extend(lines);
    for line in all {
        let (role, color) = match line.kind {
            Kind::Head => (TextRole::SmallStrong, palette.accent),
            Kind::Plain => (TextRole::Fine, palette.text),
            Kind::Dim => (TextRole::Tiny, palette.text_dim),
            Kind::Fresh => (TextRole::Tiny, palette.felt.lighter(0.15)),
            Kind::Warning => (TextRole::Tiny, palette.accent.lighter(0.2)),
        };
        commands.spawn((
            ChildOf(panel),
            OverlayLine,
            widgets::text(role, line.text, color),
            Pickable::IGNORE,
        ));
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Head,
    Plain,
    Dim,
    /// Made by the latest choice.
    Fresh,
    /// A warning of the checks.
    Warning,
}

struct Line {
    text: String,
    kind: Kind,
}

impl Line {
    fn head(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            kind: Kind::Head,
        }
    }
    fn plain(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            kind: Kind::Plain,
        }
    }
}

/// The played scenario's warnings (the first few, and how many more).
fn warning_lines(warnings: &[String]) -> Vec<Line> {
    if warnings.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::head(format!("Warnings  ({})", warnings.len()))];
    out.extend(warnings.iter().take(WARNINGS).map(|w| Line {
        text: w.clone(),
        kind: Kind::Warning,
    }));
    if warnings.len() > WARNINGS {
        out.push(Line::plain(format!(
            "… and {} more (`give-and-take check` lists them all)",
            warnings.len() - WARNINGS
        )));
    }
    out
}

/// The overlay's lines: where the run is, the ledger, and the latest entries.
fn inspect(story: &Story, run: &RunState, fresh_from: usize, lang: story::Lang) -> Vec<Line> {
    let name = |p: PartyId| story.party_id(p);
    let ledger = &run.state.ledger;
    let mut out = vec![Line::plain(format!(
        "{} · node `{}` · step {} · seed {}{}",
        story.id(),
        story.node_id(run.node),
        run.step(),
        run.seed,
        run.outcome
            .map(|o| format!(" · outcome `{}`", story.outcome_id(o)))
            .unwrap_or_default()
    ))];
    out.push(Line::head(
        "Balances  (first's credit with second: deal / seen)",
    ));
    let mut any = false;
    for (a, b) in ledger.pairs() {
        let (d, s) = (
            ledger.credit(a, b, Layer::Deal),
            ledger.credit(a, b, Layer::Seen),
        );
        if d != 0 || s != 0 {
            any = true;
            out.push(Line::plain(format!(
                "{} › {}:  {d:+} / {s:+}",
                name(a),
                name(b)
            )));
        }
    }
    if !any {
        out.push(Line::plain("none"));
    }
    out.push(Line::head("Felt deficits  (who › toward)"));
    let parties = || story.parties();
    let felt: Vec<Line> = parties()
        .flat_map(|a| parties().map(move |b| (a, b)))
        .filter(|&(a, b)| ledger.felt(a, b) != 0)
        .map(|(a, b)| Line::plain(format!("{} › {}:  {}", name(a), name(b), ledger.felt(a, b))))
        .collect();
    if felt.is_empty() {
        out.push(Line::plain("none"));
    }
    out.extend(felt);
    let knows: Vec<String> = parties()
        .flat_map(|w| parties().flat_map(move |h| parties().map(move |t| (w, h, t))))
        .filter(|&(w, h, t)| ledger.knows(w, h, t))
        .map(|(w, h, t)| {
            format!(
                "{} knows {} credit with {}",
                name(w),
                story::possessive(name(h)),
                name(t)
            )
        })
        .collect();
    let flags: Vec<&str> = story
        .flags()
        .filter(|&f| run.state.flag(f))
        .map(|f| story.flag_name(f))
        .collect();
    out.push(Line::head("Knowledge and flags"));
    out.extend(knows.into_iter().map(Line::plain));
    out.push(Line::plain(if flags.is_empty() {
        "flags: none".to_string()
    } else {
        format!("flags: {}", flags.join(", "))
    }));
    out.push(Line::head(format!(
        "Entries  ({} in all; newest first; highlighted: the last choice)",
        run.entries.len()
    )));
    for (i, e) in run.entries.iter().enumerate().rev().take(ENTRIES) {
        let mark = match e.change {
            LedgerChange::Transfer { amount, .. } => format!("[{amount:+}]"),
            LedgerChange::Felt { delta, .. } => format!("[{delta:+}]"),
            _ => "[·]".into(),
        };
        out.push(Line {
            text: format!("#{i} step {}  {mark} {}", e.step, e.why.get(story, lang)),
            kind: if i >= fresh_from {
                Kind::Fresh
            } else {
                Kind::Dim
            },
        });
    }
    out
}
