//! The save slots: from the play screen's Save, the run is saved into the slot picked; from
//! the title's Load, the slot picked is played on (and becomes the run to continue). Back
//! and Escape return where the player came from.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

use super::Screen;
use crate::banner::Notices;
use crate::layout::screen_root;
use crate::persist::{DataDir, Settings, now_secs};
use crate::playthrough::{Playthrough, Resume};
use crate::slots::{SLOTS, SlotSave, Slots};
use crate::theme::fonts::TextRole;
use crate::theme::palette::Palette;
use crate::theme::widgets::{self, button_base};
use story::Save;

/// Whether picking a slot saves into it or loads from it.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SlotsMode {
    #[default]
    Load,
    Save,
}

/// The screen the slots were opened from.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SlotsReturn(pub(crate) Screen);

impl Default for SlotsReturn {
    fn default() -> Self {
        SlotsReturn(Screen::Title)
    }
}

/// A slot's button (from 0), for tests.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotButton(pub usize);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<SlotsMode>()
        .init_resource::<SlotsReturn>()
        .add_systems(OnEnter(Screen::Slots), spawn);
}

fn spawn(
    mut commands: Commands,
    settings: Res<Settings>,
    palette: Res<Palette>,
    mode: Res<SlotsMode>,
    slots: Res<Slots>,
    pt: Option<Res<Playthrough>>,
) {
    let lang = settings.lang;
    let p = &*palette;
    let root = commands
        .spawn(screen_root(
            Screen::Slots,
            "Save slots",
            JustifyContent::Center,
        ))
        .id();
    let column =
        widgets::spawn_centred_column(&mut commands, p, root, Name::new("Slots content"), 8.0);
    let title = match *mode {
        SlotsMode::Save => lang.pick("Save the game", "Spel opslaan"),
        SlotsMode::Load => lang.pick("Load a game", "Spel laden"),
    };
    commands.spawn((
        ChildOf(column),
        widgets::text(TextRole::ScreenTitle, title, p.text),
        Node {
            margin: UiRect::bottom(px(4)),
            ..default()
        },
    ));
    let saving = *mode == SlotsMode::Save;
    let can_save = pt.as_ref().is_some_and(|p| !p.run.ended());
    if saving && !can_save {
        commands.spawn((
            ChildOf(column),
            widgets::text(
                TextRole::Prompt,
                lang.pick(
                    "This run has ended: there is nothing to save.",
                    "Dit spel is afgelopen: er is niets op te slaan.",
                ),
                p.text_dim,
            ),
        ));
    }
    let mut focused = false;
    for (n, slot) in slots.0.iter().enumerate().take(SLOTS) {
        let name = match slot {
            Some(s) => s.label(lang),
            None => lang.pick("empty", "leeg").to_string(),
        };
        let text = format!("{} {}:  {name}", lang.pick("Slot", "Plek"), n + 1);
        let usable = if saving { can_save } else { slot.is_some() };
        let node = Node {
            width: px(900),
            max_width: percent(100),
            padding: UiRect::axes(px(22), px(8)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        };
        let color = if slot.is_some() { p.text } else { p.text_dim };
        let words = (
            widgets::text(TextRole::Prompt, text, color),
            Pickable::IGNORE,
        );
        if !usable {
            commands.spawn((
                ChildOf(column),
                node,
                BackgroundColor(p.panel),
                children![words],
            ));
            continue;
        }
        let mut b = commands.spawn((
            ChildOf(column),
            SlotButton(n),
            button_base(node),
            observe(pick),
            children![words],
        ));
        if !focused {
            b.insert(AutoFocus);
            focused = true;
        }
    }
    commands.spawn((
        ChildOf(column),
        Node {
            margin: UiRect::top(px(4)),
            ..default()
        },
        children![widgets::button(
            p,
            lang.pick("Back", "Terug"),
            |_: On<Activate>, back: Res<SlotsReturn>, mut next: ResMut<NextState<Screen>>| {
                next.set(back.0)
            },
        )],
    ));
}

#[allow(clippy::too_many_arguments)]
fn pick(
    ev: On<Activate>,
    buttons: Query<&SlotButton>,
    mode: Res<SlotsMode>,
    mut slots: ResMut<Slots>,
    pt: Option<Res<Playthrough>>,
    data: Res<DataDir>,
    back: Res<SlotsReturn>,
    mut notices: ResMut<Notices>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    let Ok(&SlotButton(n)) = buttons.get(ev.entity) else {
        return;
    };
    match *mode {
        SlotsMode::Save => {
            let Some(pt) = pt.filter(|p| !p.run.ended()) else {
                return;
            };
            let slot = SlotSave {
                save: Save::of(&pt.story, &pt.run),
                title: pt.story.title().clone(),
                saved_at: now_secs(),
            };
            match data.store_slot(n, &slot) {
                Ok(()) => {
                    notices.notice(|lang| {
                        let saved = lang.pick("Saved in slot", "Opgeslagen in plek");
                        format!("{saved} {}.", n + 1)
                    });
                    slots.0[n] = Some(slot);
                }
                Err(e) => notices.lasting_error(e),
            }
            next.set(back.0);
        }
        SlotsMode::Load => {
            if let Some(slot) = &slots.0[n] {
                commands.trigger(Resume(slot.save.clone()));
            }
        }
    }
}
