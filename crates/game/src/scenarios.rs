//! Scenario files as Bevy assets. The loader runs the story core's parser and checks once
//! per (re)load; the [`Catalog`] keeps every scenario found in the folders with its last
//! good version, so a broken edit never takes a playable scenario away.

use bevy::asset::io::{AssetSource, AssetSourceBuilder, AssetSourceEvent, Reader};
use bevy::asset::{AssetLoadError, AssetLoadFailedEvent, AssetLoader, AssetPath, LoadContext};
use bevy::prelude::*;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::{GameConfig, ScenarioFolder};
use story::Story;
use story::{Severity, Source};

/// A checked scenario.
#[derive(Asset, TypePath, Debug)]
pub(crate) struct ScenarioAsset {
    pub(crate) story: Arc<Story>,
    /// The checks' warnings, as `file:line:col: warning[..]: ...` (the catalog keeps them for
    /// the debug overlay).
    pub(crate) warnings: Vec<String>,
}

/// Why a scenario file did not load: its errors, one `file:line:col: error[..]: ...` a line.
#[derive(Debug)]
pub(crate) struct ScenarioLoadError(pub(crate) String);

impl fmt::Display for ScenarioLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScenarioLoadError {}

/// Wakes the event loop when dropped: at the end of a load, whichever way it ends.
struct WakeWhenDone;

impl Drop for WakeWhenDone {
    fn drop(&mut self) {
        super::redraw::wake_from_any_thread();
    }
}

/// Loads `.ron` scenario files through [`story::Source`].
#[derive(TypePath)]
pub(crate) struct ScenarioLoader {
    /// Folder behind each asset source, to name files as the author knows them.
    folders: Vec<ScenarioFolder>,
}

/// The file on disk behind an asset path in one of `folders`, as messages and the list name
/// it (the loader's messages and the catalog use this one name).
pub(crate) fn file_name(folders: &[ScenarioFolder], path: &AssetPath) -> String {
    let source = path.source().as_str();
    folders
        .iter()
        .find(|f| Some(f.source.as_str()) == source)
        .map(|f| shown_path(&f.dir.join(path.path())))
        .unwrap_or_else(|| path.to_string())
}

/// A path relative to the working directory when it lies below it (shorter in a banner),
/// else absolute.
pub(crate) fn shown_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        // Below `/` every path is; relative to it they only look odd.
        .filter(|cwd| cwd.parent().is_some())
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = ScenarioLoadError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        cx: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, ScenarioLoadError> {
        // However long the check takes, the sleeping event loop must see its result (a
        // broken edit's banner) at once, not at the next key press: wake it when done.
        let _wake = WakeWhenDone;
        let file = file_name(&self.folders, cx.path());
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| ScenarioLoadError(format!("{file}: cannot read: {e}")))?;
        let source = Source::from_bytes(file, &bytes);
        let warnings = source.lines(Severity::Warning);
        match source.checked.story {
            Some(story) => Ok(ScenarioAsset {
                story: Arc::new(story),
                warnings,
            }),
            None => Err(ScenarioLoadError(source.lines(Severity::Error).join("\n"))),
        }
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// Registers one asset source per scenario folder. Must run before the `AssetPlugin` is
/// added. Each source's file watcher also wakes the sleeping event loop, so an edit is
/// picked up at once rather than at the next key press.
pub fn register_sources(app: &mut App, folders: &[ScenarioFolder]) {
    for folder in folders {
        let path = folder.dir.to_string_lossy().into_owned();
        let mut watcher =
            AssetSource::get_default_watcher(path.clone(), Duration::from_millis(200));
        app.register_asset_source(
            folder.source.clone(),
            AssetSourceBuilder::new(AssetSource::get_default_reader(path)).with_watcher(
                move |sender: async_channel::Sender<AssetSourceEvent>| {
                    let (tx, rx) = async_channel::unbounded::<AssetSourceEvent>();
                    let watcher = watcher(tx)?;
                    std::thread::Builder::new()
                        .name("scenario-watch-wake".into())
                        .spawn(move || {
                            while let Ok(ev) = rx.recv_blocking() {
                                if sender.send_blocking(ev).is_err() {
                                    break;
                                }
                                super::redraw::wake_from_any_thread();
                            }
                        })
                        .ok()?;
                    Some(watcher)
                },
            ),
        );
    }
}

/// A scenario file found in one of the folders.
#[derive(Debug)]
pub struct CatalogEntry {
    pub path: AssetPath<'static>,
    /// The file, as messages name it.
    pub(crate) file: String,
    pub(crate) authored: bool,
    pub(crate) handle: Handle<ScenarioAsset>,
    /// The last version that loaded without errors.
    pub(crate) story: Option<Arc<Story>>,
    /// Counts good (re)loads: a playthrough on an older version follows the edit.
    pub version: u32,
    /// The latest (re)load failed: its errors, one a line.
    pub error: Option<String>,
    /// The checks' warnings on `story`, one `file:line:col: warning[..]: ...` each (the
    /// debug overlay shows them).
    pub(crate) warnings: Vec<String>,
}

impl CatalogEntry {
    /// Loaded, or failed: either way nothing more will happen until the file changes.
    pub(crate) fn settled(&self) -> bool {
        self.story.is_some() || self.error.is_some()
    }
}

/// Every scenario found, the author's folder first, each folder by file name.
#[derive(Resource, Debug, Default)]
pub struct Catalog {
    pub entries: Vec<CatalogEntry>,
}

impl Catalog {
    pub(crate) fn get(&self, path: &AssetPath) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| &e.path == path)
    }

    /// The first loadable scenario with this id (ids are what saves and progress store).
    pub(crate) fn by_id(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries
            .iter()
            .find(|e| e.story.as_ref().is_some_and(|s| s.id() == id))
    }

    pub fn settled(&self) -> bool {
        self.entries.iter().all(CatalogEntry::settled)
    }
}

pub(crate) fn plugin(app: &mut App) {
    let folders = app.world().resource::<GameConfig>().folders.clone();
    app.init_asset::<ScenarioAsset>()
        .register_asset_loader(ScenarioLoader { folders })
        .init_resource::<Catalog>()
        .add_systems(Startup, scan_folders)
        .add_systems(PreUpdate, track_loads);
}

/// The order in which the shipped scenarios are listed: the essay's central case first,
/// then roles alternating (surgeon, customer, shopkeeper…). A scenario file added to
/// `scenarios/` and not named here is listed after these, by file name.
pub(crate) const CAMPAIGN: &[&str] = &[
    "quote_dispute",
    "oral_surgeon",
    "furniture_delivery",
    "loyalty_stamps",
    "discount",
    "painter",
    "bank_helpdesk",
    "embroidery_chain",
    "school",
];

fn campaign_position(file: &Path) -> usize {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    CAMPAIGN
        .iter()
        .position(|id| *id == stem)
        .unwrap_or(CAMPAIGN.len())
}

/// Finds scenario files not seen yet and starts loading them; forgets files that are gone.
/// Cheap (one directory listing per folder), so it also runs when the list screen opens and
/// picks up scenarios written while the game runs.
pub(crate) fn scan_folders(
    config: Res<GameConfig>,
    assets: Res<AssetServer>,
    mut catalog: ResMut<Catalog>,
) {
    let mut found = Vec::new();
    for folder in &config.folders {
        let files = match story::scenario_files(&folder.dir) {
            Ok(f) => f,
            Err(e) => {
                warn!("{}: cannot list scenarios: {e}", folder.dir.display());
                continue;
            }
        };
        let mut files = files;
        if !folder.authored {
            // Stable sort: files the campaign does not name keep their order by name, after it.
            files.sort_by_key(|f| campaign_position(f));
        }
        for file in files {
            let Ok(rel) = file.strip_prefix(&folder.dir) else {
                continue;
            };
            let path = AssetPath::from(rel.to_path_buf())
                .with_source(folder.source.clone())
                .into_owned();
            found.push((path, folder.authored));
        }
    }
    let before: Vec<_> = catalog.entries.iter().map(|e| e.path.clone()).collect();
    if before == found.iter().map(|f| f.0.clone()).collect::<Vec<_>>() {
        return;
    }
    let mut old = std::mem::take(&mut catalog.entries);
    for (path, authored) in found {
        match old.iter().position(|e| e.path == path) {
            Some(i) => catalog.entries.push(old.swap_remove(i)),
            None => {
                let handle = assets.load(path.clone());
                catalog.entries.push(CatalogEntry {
                    file: file_name(&config.folders, &path),
                    path,
                    authored,
                    handle,
                    story: None,
                    version: 0,
                    error: None,
                    warnings: Vec::new(),
                });
            }
        }
    }
}

/// Takes each good (re)load into the catalog and records failures; a failed reload keeps the
/// last good version playable.
fn track_loads(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    mut failures: MessageReader<AssetLoadFailedEvent<ScenarioAsset>>,
    assets: Res<Assets<ScenarioAsset>>,
    mut catalog: ResMut<Catalog>,
) {
    for ev in events.read() {
        // A load sends `LoadedWithDependencies` (and `Added`), a reload `Modified` (and
        // `LoadedWithDependencies`): take the asset once per load, on `LoadedWithDependencies`.
        let AssetEvent::LoadedWithDependencies { id } = ev else {
            continue;
        };
        let Some(asset) = assets.get(*id) else {
            continue;
        };
        if let Some(entry) = catalog.entries.iter_mut().find(|e| e.handle.id() == *id) {
            info!("loaded {} ({})", entry.file, asset.story.id());
            entry.story = Some(asset.story.clone());
            entry.warnings = asset.warnings.clone();
            entry.version += 1;
            entry.error = None;
        }
    }
    for f in failures.read() {
        if let Some(entry) = catalog.entries.iter_mut().find(|e| e.handle.id() == f.id) {
            let message = describe_load_error(&f.error);
            warn!("{message}");
            entry.error = Some(message);
        }
    }
}

/// The `Display` of an [`AssetLoadError`] carries a backtrace in debug builds; a banner wants
/// just our own `file:line:col` lines.
fn describe_load_error(e: &AssetLoadError) -> String {
    if let AssetLoadError::AssetLoaderError(le) = e
        && let Some(ours) = le.error().downcast_ref::<ScenarioLoadError>()
    {
        return ours.0.clone();
    }
    e.to_string().lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod campaign_tests {
    use super::CAMPAIGN;

    /// The campaign names each shipped scenario exactly once, so none drops to the end
    /// of the list by accident.
    #[test]
    fn the_campaign_lists_every_shipped_scenario() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
        let mut shipped: Vec<String> = story::scenario_files(&dir)
            .unwrap()
            .iter()
            .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        shipped.sort();
        let mut listed: Vec<String> = CAMPAIGN.iter().map(|s| s.to_string()).collect();
        listed.sort();
        assert_eq!(listed, shipped);
    }
}
