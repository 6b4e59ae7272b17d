//! The scenario list: every scenario found, with its title and summary in the current
//! language and how many of its outcomes the player has found.

use bevy::input_focus::tab_navigation::TabIndex;
use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

use super::Screen;
use crate::GameSystems;
use crate::layout::screen_root;
use crate::persist::{Progress, Settings};
use crate::playthrough::StartScenario;
use crate::scenarios::{Catalog, CatalogEntry, scan_folders};
use crate::theme::fonts::TextRole;
use crate::theme::palette::Palette;
use crate::theme::widgets;
use story::Lang;

/// A scenario's card (a button when it loads), for tests and scripted runs.
#[derive(Component, Debug, Clone)]
pub struct ScenarioCard(pub bevy::asset::AssetPath<'static>);

/// The scrolling column the cards live in.
#[derive(Component)]
struct Cards;

/// What the cards were built from: rebuilt when a scenario loads, breaks or appears.
#[derive(Resource, Default, PartialEq)]
struct Built(Vec<(String, u32, bool)>);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Built>()
        .add_systems(OnEnter(Screen::List), (scan_folders, spawn).chain())
        .add_systems(
            Update,
            refresh
                .run_if(in_state(Screen::List))
                .in_set(GameSystems::Ui),
        );
}

fn signature(catalog: &Catalog) -> Built {
    Built(
        catalog
            .entries
            .iter()
            .map(|e| (e.file.clone(), e.version, e.error.is_some()))
            .collect(),
    )
}

fn spawn(mut commands: Commands, settings: Res<Settings>, palette: Res<Palette>) {
    let lang = settings.lang;
    let p = &*palette;
    let root = commands
        .spawn(screen_root(
            Screen::List,
            "Scenario list",
            JustifyContent::FlexStart,
        ))
        .id();
    commands.spawn((
        ChildOf(root),
        widgets::text(
            TextRole::ListTitle,
            lang.pick("Scenarios", "Scenario’s"),
            p.text,
        ),
        Node {
            margin: UiRect::top(px(28)),
            ..default()
        },
    ));
    let scroller = widgets::spawn_scroller(&mut commands, p, root, Name::new("Scenario cards"));
    commands.spawn((
        ChildOf(scroller),
        Cards,
        Node {
            // A pixel width capped by a percentage (see outcome.rs).
            width: px(980),
            max_width: percent(100),
            align_self: AlignSelf::Center,
            flex_shrink: 0.0,
            flex_direction: FlexDirection::Column,
            row_gap: px(14),
            padding: UiRect::axes(px(24), px(8)),
            ..default()
        },
    ));
    commands.spawn((
        ChildOf(root),
        Node {
            margin: UiRect::bottom(px(24)),
            ..default()
        },
        children![widgets::button(
            p,
            lang.pick("Back", "Terug"),
            |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Title),
        )],
    ));
    // The cards follow in `refresh`, now and whenever a scenario (re)loads.
    commands.insert_resource(Built::default());
}

#[allow(clippy::too_many_arguments)]
fn refresh(
    catalog: Res<Catalog>,
    progress: Res<Progress>,
    settings: Res<Settings>,
    palette: Res<Palette>,
    mut built: ResMut<Built>,
    cards: Single<(Entity, Option<&Children>), With<Cards>>,
    focus: (
        Res<InputFocus>,
        Query<&ScenarioCard>,
        Query<(), With<TabIndex>>,
    ),
    mut commands: Commands,
) {
    // `spawn` resets `Built`; after that only a change to the catalog can call for new cards.
    if !(catalog.is_changed() || built.is_changed()) {
        return;
    }
    let now = signature(&catalog);
    if *built == now {
        return;
    }
    *built = now;
    // Where the focus is: a card keeps it across the rebuild (found again by its path);
    // another button keeps it anyway; with none, the first playable card takes it.
    let (focus, scenario_cards, focusable) = focus;
    let focused = focus.get();
    let refocus = focused.and_then(|e| scenario_cards.get(e).ok().map(|c| c.0.clone()));
    let focus_elsewhere = refocus.is_none() && focused.is_some_and(|e| focusable.contains(e));
    let (list, children) = *cards;
    for &c in children.into_iter().flatten() {
        commands.entity(c).despawn();
    }
    let lang = settings.lang;
    let p = &*palette;
    if catalog.entries.is_empty() {
        commands.spawn((
            ChildOf(list),
            widgets::text(
                TextRole::Prompt,
                lang.pick(
                    "No scenarios found. Put .ron files in the scenarios folder.",
                    "Geen scenario’s gevonden. Zet .ron-bestanden in de map scenarios.",
                ),
                p.text_dim,
            ),
        ));
        return;
    }
    let playable = |e: &CatalogEntry| e.story.is_some();
    let takes_focus = match &refocus {
        _ if focus_elsewhere => None,
        Some(path) if catalog.get(path).is_some_and(playable) => Some(path.clone()),
        _ => catalog
            .entries
            .iter()
            .find(|e| playable(e))
            .map(|e| e.path.clone()),
    };
    for entry in &catalog.entries {
        let card = match &entry.story {
            Some(_) => commands
                .spawn(playable_card(p, entry, &progress, lang))
                .id(),
            None => commands.spawn(unplayable_card(p, entry, lang)).id(),
        };
        commands
            .entity(card)
            .insert((ChildOf(list), ScenarioCard(entry.path.clone())));
        if takes_focus.as_ref() == Some(&entry.path) {
            commands.entity(card).insert(AutoFocus);
        }
    }
}

fn card_node() -> Node {
    Node {
        width: percent(100),
        flex_direction: FlexDirection::Column,
        flex_shrink: 0.0,
        row_gap: px(6),
        padding: UiRect::axes(px(24), px(16)),
        border: UiRect::all(px(2)),
        border_radius: BorderRadius::all(px(12)),
        ..default()
    }
}

fn playable_card(
    p: &Palette,
    entry: &CatalogEntry,
    progress: &Progress,
    lang: Lang,
) -> impl Bundle {
    let story = entry.story.as_ref().expect("a playable card has a story");
    let found = progress.found(story);
    let total = story.outcomes().len();
    let found_text = match lang {
        Lang::En => format!("Outcomes found: {found} of {total}"),
        Lang::Nl => format!("Uitkomsten gevonden: {found} van {total}"),
    };
    let tag = if entry.authored {
        lang.pick("  ·  your folder", "  ·  jouw map")
    } else {
        ""
    };
    let path = entry.path.clone();
    (
        widgets::button_base(card_node()),
        observe(move |_: On<Activate>, mut commands: Commands| {
            commands.trigger(StartScenario(path.clone()));
        }),
        children![
            (
                widgets::text(TextRole::Heading, story.title().get(lang), p.text),
                Pickable::IGNORE
            ),
            (
                widgets::text(TextRole::Body, story.summary().get(lang), p.text_dim),
                Pickable::IGNORE
            ),
            (
                widgets::text(TextRole::Detail, format!("{found_text}{tag}"), p.accent),
                Pickable::IGNORE
            ),
        ],
    )
}

fn unplayable_card(p: &Palette, entry: &CatalogEntry, lang: Lang) -> impl Bundle {
    let status = match &entry.error {
        Some(e) => format!(
            "{}\n{}",
            lang.pick("Does not load:", "Laadt niet:"),
            e.lines().next().unwrap_or_default()
        ),
        None => lang.pick("Loading…", "Laden…").to_string(),
    };
    (
        card_node(),
        BackgroundColor(p.panel),
        BorderColor::all(if entry.error.is_some() {
            p.error
        } else {
            p.panel
        }),
        children![
            widgets::text(TextRole::Subheading, entry.file.clone(), p.text_dim),
            widgets::text(TextRole::Detail, status, p.text_dim),
        ],
    )
}
