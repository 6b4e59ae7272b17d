//! The screens, one state each. Every screen's entities carry `DespawnOnExit(Screen::..)`;
//! re-entering the current state (`NextState::set` with the same screen) rebuilds it.

pub mod list;
pub mod outcome;
pub mod play;
pub mod reflection;
pub mod settings;
pub mod title;

use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use bevy::state::state::StateTransitionEvent;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    List,
    Play,
    Outcome,
    Reflection,
    Settings,
}

/// The window's layout: the banners on top, in the flow so they push the screen down
/// instead of covering it, and below them the stage every screen is put on.
#[derive(Component)]
pub struct BannerArea;

#[derive(Component)]
pub struct Stage;

/// The root entity of the current screen.
#[derive(Component)]
pub struct ScreenRoot;

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_systems(Startup, spawn_layout)
        .add_systems(Update, (put_screens_on_stage, log_screen_changes))
        .add_plugins((
            title::plugin,
            list::plugin,
            play::plugin,
            outcome::plugin,
            reflection::plugin,
            settings::plugin,
        ));
}

fn spawn_layout(mut commands: Commands) {
    commands.spawn((
        Name::new("Layout"),
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            ..default()
        },
        Pickable::IGNORE,
        children![
            (
                Name::new("Banners"),
                BannerArea,
                Node {
                    flex_direction: FlexDirection::Column,
                    flex_shrink: 0.0,
                    ..default()
                },
            ),
            (
                Name::new("Stage"),
                Stage,
                Node {
                    flex_grow: 1.0,
                    min_height: px(0),
                    flex_direction: FlexDirection::Column,
                    ..default()
                },
                Pickable::IGNORE,
            ),
        ],
    ));
}

/// Screens spawn on their own; each is moved onto the stage before it is first laid out.
fn put_screens_on_stage(
    screens: Query<Entity, (Added<ScreenRoot>, Without<ChildOf>)>,
    stage: Single<Entity, With<Stage>>,
    mut commands: Commands,
) {
    for screen in &screens {
        commands.entity(screen).insert(ChildOf(*stage));
    }
}

/// The log says which screen opens: scripts that drive the game from outside wait for it.
fn log_screen_changes(mut transitions: MessageReader<StateTransitionEvent<Screen>>) {
    for t in transitions.read() {
        if let Some(s) = t.entered {
            info!("screen {s:?}");
        }
    }
}

/// The root of a screen: fills the stage, lays its children out in a centred column, and
/// is the tab group its buttons are navigated in.
pub fn screen_root(screen: Screen, name: &'static str, justify: JustifyContent) -> impl Bundle {
    (
        Name::new(name),
        ScreenRoot,
        DespawnOnExit(screen),
        Node {
            width: percent(100),
            flex_grow: 1.0,
            min_height: px(0),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            justify_content: justify,
            row_gap: px(16),
            ..default()
        },
        TabGroup::new(0),
    )
}
