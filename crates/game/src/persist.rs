//! What the game remembers between sessions, as small JSON files in the data directory:
//! the settings, the outcomes found per scenario ("n of m"), and the run to continue.

use bevy::prelude::*;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::GameConfig;
use super::banner::Notices;
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
pub struct DataDir(pub PathBuf);

/// Reads the files while the app is built: the first screen already needs them. A file that
/// is there but cannot be read whole is never overwritten: it is kept aside, what parses of
/// it is used, and the player is told in a banner.
pub(crate) fn plugin(app: &mut App) {
    let config = app.world().resource::<GameConfig>();
    let dir = config.data_dir.clone();
    let session_lang = config.lang;
    let (chosen, settings_problem) = load::<Settings>(&dir, SETTINGS);
    let mut settings = chosen.clone();
    // `--lang` chooses the language of this session without changing the saved setting.
    if let Some(lang) = session_lang {
        settings.lang = lang;
    }
    let (progress, progress_problem) = load::<Progress>(&dir, PROGRESS);
    let (save, save_problem) = load::<Option<Save>>(&dir, SAVE);
    let lang = settings.lang;
    let mut notices = app
        .world_mut()
        .get_resource_or_insert_with(Notices::default);
    for problem in [settings_problem, progress_problem, save_problem]
        .into_iter()
        .flatten()
    {
        notices.lasting_error(problem.describe(lang));
    }
    app.insert_resource(settings)
        .insert_resource(ChosenSettings(chosen))
        .insert_resource(progress)
        .insert_resource(SaveSlot(save))
        .insert_resource(DataDir(dir));
}

impl DataDir {
    /// Each `store_*` writes one file durably; the error is the player's message.
    pub(crate) fn store_settings(&self, s: &ChosenSettings, lang: Lang) -> Result<(), String> {
        write(&self.0, SETTINGS, &s.0).map_err(|e| e.describe(lang))
    }
    pub(crate) fn store_progress(&self, p: &Progress, lang: Lang) -> Result<(), String> {
        write(&self.0, PROGRESS, p).map_err(|e| e.describe(lang))
    }
    pub fn store_save(&self, save: Option<&Save>, lang: Lang) -> Result<(), String> {
        match save {
            Some(s) => write(&self.0, SAVE, s),
            None => match std::fs::remove_file(self.0.join(SAVE)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(WriteError {
                    file: self.0.join(SAVE),
                    error: e.to_string(),
                }),
                _ => Ok(()),
            },
        }
        .map_err(|e| e.describe(lang))
    }
}

/// A data file that was there but could not be read whole.
#[derive(Debug)]
struct Damaged {
    file: PathBuf,
    /// Where the damaged file was kept (`None`: it could not even be moved).
    kept: Option<PathBuf>,
    /// Whether some of it was recovered (one bad setting resets that setting only).
    partly: bool,
}

impl Damaged {
    fn describe(&self, lang: Lang) -> String {
        let name = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let what = match (name.as_str(), lang) {
            (SETTINGS, _) => lang.pick("Your settings", "Je instellingen"),
            (PROGRESS, _) => lang.pick("The endings you found", "De gevonden eindes"),
            _ => lang.pick("The run to continue", "Het spel om verder te spelen"),
        };
        let kept = match &self.kept {
            Some(k) => match lang {
                Lang::En => format!("the damaged file is kept as {}", k.display()),
                Lang::Nl => format!("het beschadigde bestand staat nu in {}", k.display()),
            },
            None => lang
                .pick(
                    "the damaged file could not be moved aside and is left as it is",
                    "het beschadigde bestand kon niet opzij gezet worden en blijft staan",
                )
                .to_string(),
        };
        let recovered = match (self.partly, lang) {
            (true, Lang::En) => "what could be read is kept",
            (true, Lang::Nl) => "wat leesbaar was is behouden",
            (false, Lang::En) => "it starts afresh",
            (false, Lang::Nl) => "dat begint opnieuw",
        };
        match lang {
            Lang::En => format!("{what} could not be read ({name}): {recovered}; {kept}."),
            Lang::Nl => format!("{what} kon niet gelezen worden ({name}): {recovered}; {kept}."),
        }
    }
}

/// A data file that could not be written.
#[derive(Debug)]
struct WriteError {
    file: PathBuf,
    error: String,
}

impl WriteError {
    fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!(
                "Could not save to {}: {}. Your progress from here on may be lost.",
                self.file.display(),
                self.error
            ),
            Lang::Nl => format!(
                "Opslaan in {} lukte niet: {}. Je voortgang vanaf hier kan verloren gaan.",
                self.file.display(),
                self.error
            ),
        }
    }
}

/// A data file's contents, read as far as they go.
trait Recover: Sized + Default + DeserializeOwned {
    /// What can be saved of a file that does not read as a whole, and whether anything was.
    fn recover(value: serde_json::Value) -> (Self, bool);
}

impl Recover for Settings {
    fn recover(value: serde_json::Value) -> (Self, bool) {
        let mut s = Settings::default();
        let mut any = false;
        if let Some(lang) = value.get("lang").and_then(|v| Lang::deserialize(v).ok()) {
            s.lang = lang;
            any = true;
        }
        if let Some(speed) = value
            .get("text_speed")
            .and_then(|v| TextSpeed::deserialize(v).ok())
        {
            s.text_speed = speed;
            any = true;
        }
        (s, any)
    }
}

impl Recover for Progress {
    fn recover(value: serde_json::Value) -> (Self, bool) {
        let mut p = Progress::default();
        if let Some(found) = value.get("found").and_then(|v| v.as_object()) {
            for (scenario, outcomes) in found {
                if let Ok(set) = BTreeSet::<String>::deserialize(outcomes) {
                    p.found.insert(scenario.clone(), set);
                }
            }
        }
        let any = !p.found.is_empty();
        (p, any)
    }
}

impl Recover for Option<Save> {
    /// A save is all or nothing: half a run would resume somewhere else.
    fn recover(_: serde_json::Value) -> (Self, bool) {
        (None, false)
    }
}

/// Reads one data file: missing is the default; a damaged one is moved aside and what
/// parses of it is used.
fn load<T: Recover>(dir: &Path, name: &str) -> (T, Option<Damaged>) {
    let path = dir.join(name);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (T::default(), None),
        Err(e) => {
            // There but unreadable (a folder, no permission): leave it where it is.
            warn!("{}: cannot read: {e}", path.display());
            return (
                T::default(),
                Some(Damaged {
                    file: path,
                    kept: None,
                    partly: false,
                }),
            );
        }
    };
    if let Ok(value) = serde_json::from_slice::<T>(&bytes) {
        return (value, None);
    }
    let (value, partly) = serde_json::from_slice::<serde_json::Value>(&bytes)
        .map(T::recover)
        .unwrap_or_default();
    let kept = dir.join(format!("{name}.corrupt-{}", timestamp()));
    let kept = std::fs::rename(&path, &kept)
        .inspect_err(|e| warn!("{}: cannot move aside: {e}", path.display()))
        .ok()
        .map(|_| kept);
    warn!("{}: damaged; kept aside as {kept:?}", path.display());
    (
        value,
        Some(Damaged {
            file: path,
            kept,
            partly,
        }),
    )
}

/// The time now as `YYYYMMDD-HHMMSS` (UTC), for the names of files kept aside.
fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Written durably: to a temporary file, flushed to disk, renamed over the old one, and the
/// folder flushed too, so a crash or power cut leaves the old file or the new, never half.
fn write<T: Serialize>(dir: &Path, name: &str, value: &T) -> Result<(), WriteError> {
    use std::io::Write as _;
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    let bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    let result = std::fs::create_dir_all(dir)
        .and_then(|_| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()
        })
        .and_then(|_| std::fs::rename(&tmp, &path))
        .and_then(|_| {
            // The rename is durable only once the folder is.
            #[cfg(unix)]
            std::fs::File::open(dir)?.sync_all()?;
            Ok(())
        });
    result.map_err(|e| {
        warn!("{}: cannot write: {e}", path.display());
        WriteError {
            file: path,
            error: e.to_string(),
        }
    })
}
