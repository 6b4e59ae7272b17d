//! The window's fixed layout: the camera, the banners on top and the stage every screen is
//! put on. Banners and screens both build on it, so neither needs the other.

use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

use crate::GameSystems;
use crate::theme::palette::Palette;

/// Where the banners go: on top, in the flow, so they push the screen down instead of
/// covering it.
#[derive(Component)]
pub(crate) struct BannerArea;

/// Below the banners: where the current screen is shown.
#[derive(Component)]
pub(crate) struct Stage;

/// The root entity of the current screen.
#[derive(Component)]
pub(crate) struct ScreenRoot;

/// A panel over the screen (the backlog) that has the keys while it is open: Escape closes
/// it rather than leaving the screen, and the screen under it ignores its own keys.
#[derive(Component)]
pub(crate) struct Modal;

/// Run condition: no [`Modal`] is open.
pub(crate) fn no_modal(modals: Query<(), With<Modal>>) -> bool {
    modals.is_empty()
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Startup, (spawn_camera, spawn_layout))
        .add_systems(
            Update,
            (
                put_screens_on_stage,
                follow_theme.run_if(resource_changed::<Palette>),
            )
                .in_set(GameSystems::Ui),
        );
}

fn spawn_camera(mut commands: Commands, palette: Res<Palette>) {
    commands.spawn((
        Name::new("Camera"),
        Camera2d,
        Camera {
            clear_color: ClearColorConfig::Custom(palette.bg),
            ..default()
        },
        // The game draws only UI, whose edges and glyphs are smoothed by their shaders: a
        // multisampled target would cost four times the window in memory, and with software
        // rendering a good part of each frame.
        bevy::render::view::Msaa::Off,
    ));
}

/// The window's background follows the theme.
fn follow_theme(palette: Res<Palette>, mut cameras: Query<&mut Camera>) {
    for mut camera in &mut cameras {
        camera.clear_color = ClearColorConfig::Custom(palette.bg);
    }
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

/// The root of a screen: fills the stage, lays its children out in a centred column, and
/// is the tab group its buttons are navigated in. Despawned when the game leaves `screen`
/// (any state type, so the layout need not know the screens).
pub(crate) fn screen_root<S: States>(
    screen: S,
    name: &'static str,
    justify: JustifyContent,
) -> impl Bundle {
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
