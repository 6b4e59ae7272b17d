//! Save slots besides Continue: the player saves a run into one of [`SLOTS`] places and
//! loads it later, each named by its scenario and step, with the date. One small file per
//! slot (`slot-1.json` …), written durably like the others and kept aside when damaged.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::GameConfig;
use super::banner::{Notices, in_every_language};
use super::persist::{DataDir, Recover, civil_utc, load, write};
use story::{Lang, Save, Text};

/// How many slots there are.
pub const SLOTS: usize = 6;

/// A run saved in a slot: the save replays it; the title and the step name it even when
/// its scenario is gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotSave {
    pub save: Save,
    /// The scenario's title, in both languages.
    pub title: Text,
    /// When it was saved, in seconds since 1970.
    pub saved_at: u64,
}

impl SlotSave {
    /// How the slot is listed: "Quote dispute — step 3 · 2025-05-01 14:03".
    pub(crate) fn label(&self, lang: Lang) -> String {
        let step = self.save.choices.len() + 1;
        format!(
            "{} — {} {step} · {}",
            self.title.get(lang),
            lang.pick("step", "stap"),
            local_time(self.saved_at)
        )
    }
}

/// The slots, `None` where empty; always [`SLOTS`] long.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct Slots(pub Vec<Option<SlotSave>>);

impl Slots {
    pub fn any(&self) -> bool {
        self.0.iter().any(Option::is_some)
    }
}

impl Recover for Option<SlotSave> {
    /// All or nothing, as the save for Continue.
    fn recover(_: serde_json::Value) -> (Self, bool) {
        (None, false)
    }
}

fn file(n: usize) -> String {
    format!("slot-{}.json", n + 1)
}

impl DataDir {
    /// Writes slot `n` (from 0) durably.
    pub(crate) fn store_slot(&self, n: usize, slot: &SlotSave) -> Result<(), Text> {
        write(&self.0, &file(n), slot).map_err(|e| e.text())
    }
}

/// Reads the slots while the app is built (the title's Load needs them).
pub(crate) fn plugin(app: &mut App) {
    let dir = app.world().resource::<GameConfig>().data_dir.clone();
    let mut slots = Vec::with_capacity(SLOTS);
    let mut notices = app
        .world_mut()
        .get_resource_or_insert_with(Notices::default);
    for n in 0..SLOTS {
        let (slot, problem) = load::<Option<SlotSave>>(&dir, &file(n));
        if let Some(problem) = problem {
            notices.lasting_error(in_every_language(|lang| problem.describe(lang)));
        }
        slots.push(slot);
    }
    app.insert_resource(Slots(slots));
}

/// `secs` as the player's local date and time, `2025-05-01 14:03` (UTC where the local
/// time zone cannot be read).
fn local_time(secs: u64) -> String {
    #[cfg(unix)]
    {
        let t = secs as libc::time_t;
        // SAFETY: `tm` is plain data that `localtime_r` fills in; it keeps no pointer to
        // either argument.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        if !unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
            return format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                tm.tm_year + 1900,
                tm.tm_mon + 1,
                tm.tm_mday,
                tm.tm_hour,
                tm.tm_min
            );
        }
    }
    let (y, mo, d, h, mi, _) = civil_utc(secs);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
}
