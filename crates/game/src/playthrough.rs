//! The run being played: starting, continuing, choosing, and following the author's edits of
//! the scenario (hot reload) without losing the player's place.
//!
//! Buttons and keys never touch the run directly: they trigger [`StartScenario`],
//! [`ContinueSaved`] or [`Choose`], which the observers here carry out.

use bevy::asset::AssetPath;
use bevy::prelude::*;
use std::sync::Arc;

use super::banner::Notices;
use super::persist::{DataDir, Progress, SaveSlot, Settings};
use super::scenarios::Catalog;
use super::{GameConfig, GameSystems, Screen};
use story::{Lang, RunState, Story};
use story::{ResumeError, Save};

/// Start a new run of the scenario at this path (the list's buttons, Replay).
#[derive(Event, Debug, Clone)]
pub(crate) struct StartScenario(pub(crate) AssetPath<'static>);

/// Resume the saved run (the title's Continue).
#[derive(Event, Debug, Clone, Copy)]
pub(crate) struct ContinueSaved;

/// Resume this saved run (Continue, a save slot); it becomes the run to continue.
#[derive(Event, Debug, Clone)]
pub(crate) struct Resume(pub(crate) Save);

/// Make the choice at this position among those shown (0-based): a choice button or a
/// number key.
#[derive(Event, Debug, Clone, Copy)]
pub(crate) struct Choose(pub(crate) usize);

/// Step back this many choices (at least one) and choose again: Backspace, the wheel over
/// the line, the Step back button, a choice in the backlog. The run becomes exactly the
/// replay of the choices before them, so the ledger, the random draws and the text are as
/// they were, and the save for Continue forgets the abandoned branch. Does nothing when the
/// player turned rollback off, or outside the play screen.
#[derive(Event, Debug, Clone, Copy)]
pub struct RollBack(pub usize);

/// What last happened to the run; screens rebuild differently for each. (Not the story's
/// ledger `Change`, an entry in the hidden balances.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunEvent {
    Started,
    Chose,
    /// The player stepped back to an earlier choice ([`RollBack`]).
    RolledBack,
    /// The scenario was edited and the run moved onto the new version.
    Reloaded(Kept),
}

/// How much of the player's place survived an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kept {
    /// Same node, ledger and history ([`story::rebase`]).
    Place,
    /// The place could not be kept, but replaying the choices lands on the same node.
    Replayed,
    /// Neither: the scenario started over.
    Restarted,
}

#[derive(Resource, Debug)]
pub struct Playthrough {
    pub(crate) path: AssetPath<'static>,
    pub story: Arc<Story>,
    pub run: RunState,
    /// The catalog version of `story`.
    pub(crate) version: u32,
    /// Bumped on every change; screens compare it to know when to rebuild.
    pub(crate) revision: u32,
    pub last: RunEvent,
    /// The entries made by the latest choice start at this index.
    pub(crate) fresh_from: usize,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_observer(on_start)
        .add_observer(on_continue)
        .add_observer(on_resume)
        .add_observer(on_choose)
        .add_observer(on_roll_back)
        // Only while the run is on screen: elsewhere Continue and Play replay or start the
        // run on whatever version is loaded by then.
        .add_systems(
            Update,
            follow_edits
                .run_if(
                    in_state(Screen::Play)
                        .or_else(in_state(Screen::Outcome))
                        .or_else(in_state(Screen::Reflection)),
                )
                .in_set(GameSystems::Story),
        );
}

/// A seed for the other parties' reactions: every new run may go differently, unless the
/// configuration fixes one.
fn fresh_seed(config: &GameConfig) -> u64 {
    config.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    })
}

fn on_start(
    ev: On<StartScenario>,
    catalog: Res<Catalog>,
    config: Res<GameConfig>,
    mut notices: ResMut<Notices>,
    mut commands: Commands,
) {
    let Some(entry) = catalog.get(&ev.0) else {
        return;
    };
    let Some(story) = entry.story.clone() else {
        notices.error(|lang| {
            format!(
                "{}\n{}",
                lang.pick("This scenario has errors:", "Dit scenario bevat fouten:"),
                entry.error.as_deref().unwrap_or_default()
            )
        });
        return;
    };
    match RunState::new(&story, fresh_seed(&config)) {
        Ok(run) => {
            let path = entry.path.clone();
            let version = entry.version;
            commands.queue(move |world: &mut World| begin(world, path, story, run, version));
        }
        Err(e) => notices.error(|lang| format!("{}: {}", entry.file, e.describe(lang))),
    }
}

/// Makes `run` the playthrough, saves it for Continue and opens the play screen.
fn begin(
    world: &mut World,
    path: AssetPath<'static>,
    story: Arc<Story>,
    run: RunState,
    version: u32,
) {
    let save = Save::of(&story, &run);
    let revision = world
        .get_resource::<Playthrough>()
        .map_or(0, |p| p.revision + 1);
    world.insert_resource(Playthrough {
        path,
        story,
        fresh_from: run.entries.len(),
        run,
        version,
        revision,
        last: RunEvent::Started,
    });
    store_save(world, Some(save));
    world.resource_mut::<NextState<Screen>>().set(Screen::Play);
}

fn store_save(world: &mut World, save: Option<Save>) {
    if let Err(e) = world.resource::<DataDir>().store_save(save.as_ref()) {
        world.resource_mut::<Notices>().lasting_error(e);
    }
    world.resource_mut::<SaveSlot>().0 = save;
}

fn on_continue(_: On<ContinueSaved>, slot: Res<SaveSlot>, mut commands: Commands) {
    if let Some(save) = slot.0.clone() {
        commands.trigger(Resume(save));
    }
}

fn on_resume(
    ev: On<Resume>,
    catalog: Res<Catalog>,
    config: Res<GameConfig>,
    mut notices: ResMut<Notices>,
    mut commands: Commands,
) {
    let save = &ev.0;
    let Some(entry) = catalog.by_id(&save.scenario) else {
        notices.error(|lang| {
            format!(
                "{} “{}”",
                lang.pick(
                    "The saved game's scenario is not here any more:",
                    "Het scenario van het opgeslagen spel is er niet meer:"
                ),
                save.scenario
            )
        });
        return;
    };
    let story = entry
        .story
        .clone()
        .expect("by_id finds loaded scenarios only");
    let (path, version) = (entry.path.clone(), entry.version);
    let run = match save.restore(&story) {
        Ok(run) => run,
        Err(why) => {
            // The scenario was edited since: start it afresh rather than refuse to play.
            notices.notice(|lang| {
                format!(
                    "{} ({}).",
                    lang.pick(
                        "Your saved game no longer fits the scenario, so it starts over",
                        "Je opgeslagen spel past niet meer bij het scenario, dus het begint opnieuw"
                    ),
                    why.describe(lang)
                )
            });
            match RunState::new(&story, fresh_seed(&config)) {
                Ok(run) => run,
                Err(e) => {
                    notices.error(|lang| format!("{}: {}", entry.file, e.describe(lang)));
                    return;
                }
            }
        }
    };
    commands.queue(move |world: &mut World| begin(world, path, story, run, version));
}

fn on_choose(
    ev: On<Choose>,
    playthrough: Option<ResMut<Playthrough>>,
    mut progress: ResMut<Progress>,
    mut slot: ResMut<SaveSlot>,
    data: Res<DataDir>,
    mut notices: ResMut<Notices>,
) {
    let Some(mut pt) = playthrough else { return };
    if pt.run.ended() || pt.run.offered(&pt.story).len() <= ev.0 {
        return;
    }
    // An `Arc`: the run borrows the story while the playthrough is changed.
    let story = pt.story.clone();
    let fresh_from = pt.run.entries.len();
    // `choose` leaves the run as it was when the story gets stuck after this choice (an
    // author's mistake): the player stays where they were.
    if let Err(e) = pt.run.choose(&story, ev.0) {
        notices.error(|lang| format!("{}: {}", story.id(), e.describe(lang)));
        return;
    }
    pt.fresh_from = fresh_from;
    pt.revision += 1;
    pt.last = RunEvent::Chose;
    match pt.run.outcome {
        Some(o) => {
            info!(
                "{}: outcome `{}` after {} choices",
                story.id(),
                story.outcome_id(o),
                pt.run.choices.len()
            );
            progress
                .found
                .entry(story.id().to_string())
                .or_default()
                .insert(story.outcome_id(o).to_string());
            if let Err(e) = data.store_progress(&progress) {
                notices.lasting_error(e);
            }
            slot.0 = None;
        }
        None => slot.0 = Some(Save::of(&story, &pt.run)),
    }
    if let Err(e) = data.store_save(slot.0.as_ref()) {
        notices.lasting_error(e);
    }
}

fn on_roll_back(
    ev: On<RollBack>,
    playthrough: Option<ResMut<Playthrough>>,
    settings: Res<Settings>,
    screen: Res<State<Screen>>,
    mut notices: ResMut<Notices>,
    mut commands: Commands,
) {
    let Some(mut pt) = playthrough else { return };
    let made = pt.run.choices.len();
    if !settings.rollback || *screen.get() != Screen::Play || made == 0 || ev.0 == 0 {
        return;
    }
    let keep = made - ev.0.min(made);
    let story = pt.story.clone();
    // A run is its seed and its choices: replaying the first `keep` rebuilds it exactly as
    // it stood before the next one, draws included.
    let run = match RunState::replay(&story, pt.run.seed, &pt.run.choices[..keep]) {
        Ok(run) => run,
        Err(e) => {
            notices.error(|lang| format!("{}: {}", story.id(), e.describe(lang)));
            return;
        }
    };
    info!("{}: rolled back to {keep} choices", story.id());
    let save = Save::of(&story, &run);
    pt.fresh_from = run.entries.len();
    pt.run = run;
    pt.revision += 1;
    pt.last = RunEvent::RolledBack;
    commands.queue(move |world: &mut World| store_save(world, Some(save)));
}

/// Moves the playthrough onto a newly loaded version of its scenario: keeps the place when
/// it can ([`story::rebase`]), else replays the choices, else starts over, and says which.
#[allow(clippy::too_many_arguments)]
fn follow_edits(
    catalog: Res<Catalog>,
    playthrough: Option<ResMut<Playthrough>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut notices: ResMut<Notices>,
    mut slot: ResMut<SaveSlot>,
    data: Res<DataDir>,
) {
    let Some(mut pt) = playthrough else { return };
    if !catalog.is_changed() {
        return;
    }
    let Some(entry) = catalog.get(&pt.path) else {
        return;
    };
    let Some(new) = entry.story.clone().filter(|_| entry.version != pt.version) else {
        return;
    };
    pt.version = entry.version;
    let (run, kept, why) = match moved_onto(&pt.story, &new, &pt.run) {
        Ok(moved) => moved,
        Err(e) => {
            notices.error(|lang| {
                format!(
                    "{}: {}. {}",
                    entry.file,
                    e.describe(lang),
                    lang.pick(
                        "Still playing the previous version.",
                        "Je speelt verder op de vorige versie."
                    )
                )
            });
            return;
        }
    };
    let node = new.node_id(run.node).to_string();
    notices.notice(|lang| reload_notice(lang, &entry.file, &node, &kept, why.as_ref()));
    pt.story = new.clone();
    pt.run = run;
    pt.fresh_from = pt.run.entries.len();
    pt.revision += 1;
    pt.last = RunEvent::Reloaded(kept);
    slot.0 = (!pt.run.ended()).then(|| Save::of(&new, &pt.run));
    if let Err(e) = data.store_save(slot.0.as_ref()) {
        notices.lasting_error(e);
    }
    // The ending screens show the run's end: rebuild them, or go back to playing when the
    // run restarted.
    match (screen.get(), pt.run.ended()) {
        (Screen::Outcome | Screen::Reflection, true) => next.set(*screen.get()),
        (Screen::Outcome | Screen::Reflection, false) => next.set(Screen::Play),
        _ => {}
    }
}

/// What the banner says after a reload: the same shape in every language.
fn reload_notice(
    lang: Lang,
    file: &str,
    node: &str,
    kept: &Kept,
    why: Option<&ResumeError>,
) -> String {
    let why = why.map_or_else(String::new, |w| w.describe(lang));
    let what = match (kept, lang) {
        (Kept::Place, Lang::En) => format!("you are still at “{node}”."),
        (Kept::Place, Lang::Nl) => format!("je bent nog steeds bij “{node}”."),
        (Kept::Replayed, Lang::En) => {
            format!("your place could not be carried over ({why}); your choices were replayed.")
        }
        (Kept::Replayed, Lang::Nl) => {
            format!("je plek kon niet worden meegenomen ({why}); je keuzes zijn opnieuw gespeeld.")
        }
        (Kept::Restarted, Lang::En) => format!("the scenario started over ({why})."),
        (Kept::Restarted, Lang::Nl) => format!("het scenario begint opnieuw ({why})."),
    };
    format!("{} {file} — {what}", lang.pick("Reloaded:", "Herladen:"))
}

/// The run carried over to `new`, how much of it was kept and, when not all, why: the
/// place itself ([`story::rebase`]), else the same choices replayed to the same node
/// ([`story::replay_onto`]; both find each choice again by its text), else a fresh start.
fn moved_onto(
    old: &Story,
    new: &Story,
    run: &RunState,
) -> Result<(RunState, Kept, Option<ResumeError>), story::RunError> {
    let playable = |r: &RunState| r.ended() || !r.offered(new).is_empty();
    let why = match story::rebase(old, new, run) {
        Ok(r) if playable(&r) => return Ok((r, Kept::Place, None)),
        Ok(_) => ResumeError::NothingOffered(old.node_id(run.node).to_string()),
        Err(e) => e,
    };
    match story::replay_onto(old, new, run) {
        Ok(r) if playable(&r) => Ok((r, Kept::Replayed, Some(why))),
        _ => RunState::new(new, run.seed).map(|r| (r, Kept::Restarted, Some(why))),
    }
}
