//! What the game remembers between sessions, as small JSON files in the data directory:
//! the settings, the outcomes found per scenario ("n of m"), and the run to continue.

use bevy::prelude::*;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::GameConfig;
use story::Save;
use story::{Lang, Story};

const SETTINGS: &str = "settings.json";
const PROGRESS: &str = "progress.json";
const SAVE: &str = "save.json";

/// How fast a line types itself out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextSpeed {
    Slow,
    #[default]
    Normal,
    Fast,
    /// The whole line at once.
    Instant,
}

impl TextSpeed {
    pub(crate) const ALL: [TextSpeed; 4] = [
        TextSpeed::Slow,
        TextSpeed::Normal,
        TextSpeed::Fast,
        TextSpeed::Instant,
    ];

    /// Characters per second; `None` for no reveal at all.
    pub(crate) fn chars_per_sec(self) -> Option<f32> {
        match self {
            TextSpeed::Slow => Some(25.0),
            TextSpeed::Normal => Some(50.0),
            TextSpeed::Fast => Some(110.0),
            TextSpeed::Instant => None,
        }
    }

    pub(crate) fn name(self, lang: Lang) -> &'static str {
        match self {
            TextSpeed::Slow => lang.pick("Slow", "Langzaam"),
            TextSpeed::Normal => lang.pick("Normal", "Normaal"),
            TextSpeed::Fast => lang.pick("Fast", "Snel"),
            TextSpeed::Instant => lang.pick("Instant", "Direct"),
        }
    }
}

/// The settings in effect: what the player chose, with `--lang` applied for this session.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub text_speed: TextSpeed,
}

/// The settings as the player chose them and as they are stored: unlike [`Settings`],
/// without the session's `--lang`, so changing the text speed in a `--lang nl` session does
/// not save Dutch as the language.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct ChosenSettings(pub(crate) Settings);

/// The outcomes the player has reached, per scenario id.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub(crate) found: BTreeMap<String, BTreeSet<String>>,
}

impl Progress {
    /// How many of the story's outcomes the player has reached (outcomes an author has
    /// since renamed or removed no longer count).
    pub fn found(&self, story: &Story) -> usize {
        self.found.get(story.id()).map_or(0, |found| {
            story
                .outcomes()
                .filter(|&o| found.contains(story.outcome_id(o)))
                .count()
        })
    }
}

/// The run "Continue" resumes: the seed and choices replay it exactly.
#[derive(Resource, Clone, Debug, Default)]
pub struct SaveSlot(pub Option<Save>);

/// Where the files live (from [`GameConfig`]).
#[derive(Resource, Clone, Debug)]
pub(crate) struct DataDir(pub(crate) PathBuf);

/// Reads the files while the app is built: the first screen already needs them.
pub(crate) fn plugin(app: &mut App) {
    let config = app.world().resource::<GameConfig>();
    let dir = config.data_dir.clone();
    let chosen: Settings = read(&dir, SETTINGS).unwrap_or_default();
    let mut settings = chosen.clone();
    // `--lang` chooses the language of this session without changing the saved setting.
    if let Some(lang) = config.lang {
        settings.lang = lang;
    }
    app.insert_resource(settings)
        .insert_resource(ChosenSettings(chosen))
        .insert_resource(read::<Progress>(&dir, PROGRESS).unwrap_or_default())
        .insert_resource(SaveSlot(read(&dir, SAVE)))
        .insert_resource(DataDir(dir));
}

impl DataDir {
    pub(crate) fn store_settings(&self, s: &ChosenSettings) {
        write(&self.0, SETTINGS, &s.0);
    }
    pub(crate) fn store_progress(&self, p: &Progress) {
        write(&self.0, PROGRESS, p);
    }
    pub(crate) fn store_save(&self, save: Option<&Save>) {
        match save {
            Some(s) => write(&self.0, SAVE, s),
            None => {
                let _ = std::fs::remove_file(self.0.join(SAVE));
            }
        }
    }
}

/// A missing or unreadable file is the same as none: the game starts fresh (and says so in
/// the log when the file was there but could not be read).
fn read<T: DeserializeOwned>(dir: &Path, name: &str) -> Option<T> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).ok()?;
    serde_json::from_slice(&bytes)
        .inspect_err(|e| warn!("{}: ignored, cannot read it: {e}", path.display()))
        .ok()
}

/// Written to a temporary file first, so a crash mid-write never leaves half a file.
fn write<T: Serialize>(dir: &Path, name: &str, value: &T) {
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    let result = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&tmp, serde_json::to_vec_pretty(value).unwrap_or_default()))
        .and_then(|_| std::fs::rename(&tmp, &path));
    if let Err(e) = result {
        warn!("{}: cannot write: {e}", path.display());
    }
}
