//! What the game remembers between sessions, as small JSON files in the data directory:
//! the settings, the outcomes found per scenario ("n of m"), and the run to continue.

use bevy::prelude::*;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::GameConfig;
use super::banner::{Notices, in_every_language};
use story::Save;
use story::{Lang, Story, Text};

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

/// How large text is set, relative to the sizes the screens were designed with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    Largest,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Normal, TextSize::Large, TextSize::Largest];

    /// The factor on every text role's size.
    pub fn scale(self) -> f32 {
        match self {
            TextSize::Normal => 1.0,
            TextSize::Large => 1.25,
            TextSize::Largest => 1.5,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            TextSize::Normal => "100 %",
            TextSize::Large => "125 %",
            TextSize::Largest => "150 %",
        }
    }
}

/// The colour theme: the standard one, or one whose every text meets WCAG AA contrast.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Contrast {
    #[default]
    Standard,
    High,
}

impl Contrast {
    pub(crate) const ALL: [Contrast; 2] = [Contrast::Standard, Contrast::High];

    pub(crate) fn name(self, lang: Lang) -> &'static str {
        match self {
            Contrast::Standard => lang.pick("Standard", "Standaard"),
            Contrast::High => lang.pick("High contrast", "Hoog contrast"),
        }
    }
}

/// The window's size in pixels, as the player last left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowSize {
    pub width: u32,
    pub height: u32,
}

/// The settings in effect: what the player chose, with `--lang` applied for this session.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub text_speed: TextSpeed,
    pub text_size: TextSize,
    pub contrast: Contrast,
    /// Backspace, the wheel and the Step back button undo choices (on by default; players
    /// who want their choices to stick turn it off).
    pub rollback: bool,
    /// `None` until the player resizes the window.
    pub window: Option<WindowSize>,
    pub fullscreen: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::default(),
            text_speed: TextSpeed::default(),
            text_size: TextSize::default(),
            contrast: Contrast::default(),
            rollback: true,
            window: None,
            fullscreen: false,
        }
    }
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
    let mut notices = app
        .world_mut()
        .get_resource_or_insert_with(Notices::default);
    for problem in [settings_problem, progress_problem, save_problem]
        .into_iter()
        .flatten()
    {
        notices.lasting_error(in_every_language(|lang| problem.describe(lang)));
    }
    app.insert_resource(settings)
        .insert_resource(ChosenSettings(chosen))
        .insert_resource(progress)
        .insert_resource(SaveSlot(save))
        .insert_resource(DataDir(dir));
}

/// The window's saved size and full screen, read before the window opens. Only a peek: a
/// damaged file is dealt with (and reported) when the settings are loaded.
pub(crate) fn saved_window(dir: &Path) -> (Option<WindowSize>, bool) {
    let value = std::fs::read(dir.join(SETTINGS))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    let Some(value) = value else {
        return (None, false);
    };
    let window = value
        .get("window")
        .and_then(|v| WindowSize::deserialize(v).ok())
        .filter(|w| w.width >= 320 && w.height >= 240);
    let fullscreen = value.get("fullscreen").and_then(|v| v.as_bool()) == Some(true);
    (window, fullscreen)
}

impl DataDir {
    /// Each `store_*` writes one file durably; the error is the player's message.
    pub(crate) fn store_settings(&self, s: &ChosenSettings) -> Result<(), Text> {
        write(&self.0, SETTINGS, &s.0).map_err(|e| e.text())
    }
    pub(crate) fn store_progress(&self, p: &Progress) -> Result<(), Text> {
        write(&self.0, PROGRESS, p).map_err(|e| e.text())
    }
    pub fn store_save(&self, save: Option<&Save>) -> Result<(), Text> {
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
        .map_err(|e| e.text())
    }
}

/// A data file that was there but could not be read whole.
#[derive(Debug)]
pub(crate) struct Damaged {
    file: PathBuf,
    /// Where the damaged file was kept (`None`: it could not even be moved).
    kept: Option<PathBuf>,
    /// Whether some of it was recovered (one bad setting resets that setting only).
    partly: bool,
}

impl Damaged {
    pub(crate) fn describe(&self, lang: Lang) -> String {
        let name = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let what = match (name.as_str(), lang) {
            (SETTINGS, _) => lang.pick("Your settings", "Je instellingen"),
            (PROGRESS, _) => lang.pick("The endings you found", "De gevonden eindes"),
            (n, _) if n.starts_with("slot-") => {
                lang.pick("A game saved in a slot", "Een spel opgeslagen in een plek")
            }
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
pub(crate) struct WriteError {
    file: PathBuf,
    error: String,
}

impl WriteError {
    pub(crate) fn text(&self) -> Text {
        in_every_language(|lang| self.describe(lang))
    }

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
pub(crate) trait Recover: Sized + Default + DeserializeOwned {
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
        // Each field on its own: one bad setting resets that setting only.
        fn field<T: DeserializeOwned>(value: &serde_json::Value, name: &str) -> Option<T> {
            value.get(name).and_then(|v| T::deserialize(v).ok())
        }
        if let Some(v) = field(&value, "text_speed") {
            s.text_speed = v;
            any = true;
        }
        if let Some(v) = field(&value, "text_size") {
            s.text_size = v;
            any = true;
        }
        if let Some(v) = field(&value, "contrast") {
            s.contrast = v;
            any = true;
        }
        if let Some(v) = field(&value, "rollback") {
            s.rollback = v;
            any = true;
        }
        if let Some(v) = field(&value, "window") {
            s.window = v;
            any = true;
        }
        if let Some(v) = field(&value, "fullscreen") {
            s.fullscreen = v;
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
pub(crate) fn load<T: Recover>(dir: &Path, name: &str) -> (T, Option<Damaged>) {
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
    let (year, month, day, h, m, s) = civil_utc(now_secs());
    format!("{year:04}{month:02}{day:02}-{h:02}{m:02}{s:02}")
}

/// Seconds since 1970 (UTC).
pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Seconds since 1970 as a UTC date and time: year, month, day, hours, minutes, seconds.
pub(crate) fn civil_utc(secs: u64) -> (i64, i64, i64, u64, u64, u64) {
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
    (year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Written durably: to a temporary file, flushed to disk, renamed over the old one, and the
/// folder flushed too, so a crash or power cut leaves the old file or the new, never half.
pub(crate) fn write<T: Serialize>(dir: &Path, name: &str, value: &T) -> Result<(), WriteError> {
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
