//! The shipped fonts and the roles text plays. A widget spawns its text with a [`TextRole`];
//! one system gives it the role's font and size, so no caller handles fonts or sizes.

use bevy::prelude::*;
use bevy::ui::UiSystems;

use crate::persist::{Settings, TextSize};

/// The shipped Unicode fonts: Bevy's built-in font is an ASCII-only subset, and é, ë, ’, “ ”
/// and … must render.
#[derive(Resource, Clone)]
pub(crate) struct UiFonts {
    pub(crate) regular: Handle<Font>,
    pub(crate) bold: Handle<Font>,
}

impl FromWorld for UiFonts {
    fn from_world(world: &mut World) -> Self {
        let assets = world.resource::<AssetServer>();
        UiFonts {
            regular: assets.load("fonts/NotoSans-Regular.ttf"),
            bold: assets.load("fonts/NotoSans-Bold.ttf"),
        }
    }
}

/// What a text is, which fixes its weight and size (in logical pixels at 100 %, in the
/// comments; the player's text size scales them, see [`TextRole::font`]).
/// Roles of one size stay apart where they say different things.
///
/// The sizes keep to one scale: 13 · 15 · 17 · 20 · 24 · 28 · 40 · 52 · 84 (seven steps in
/// bold, six in regular). Every face and size in use holds its own glyph atlases, on the CPU
/// and on the GPU: the 26 sizes this scale replaced made a playthrough's peak memory 27 MB
/// larger (docs/performance.md).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
#[require(TextFont)]
pub(crate) enum TextRole {
    // Bold.
    /// The game's name on the title screen: 84.
    Display,
    /// An ending's title on the outcome screen: 52.
    EndingTitle,
    /// The settings screen's title: 52.
    ScreenTitle,
    /// A scene heading's title card: 52.
    SceneTitle,
    /// The scenario list's title: 40.
    ListTitle,
    /// The ending's title heading the reflection: 40.
    RevealTitle,
    /// A section's or a scenario card's heading; a speaker's name: 28.
    Heading,
    /// Names heading a card (a relationship's parties, a file that does not load): 20.
    Subheading,
    /// A choice's number; the head of a reflection moment: 20.
    Strong,
    /// A bar's title on the reflection: 17.
    RowTitle,
    /// A choice's step number on the reflection's timeline: 17.
    Step,
    /// Small but marked: a balance change (+4), the inspector's headings: 15.
    SmallStrong,
    /// The initial in a large badge (a speaker's): 28.
    BadgeLarge,
    /// The initial in a small badge (a relationship's parties): 17.
    BadgeSmall,
    // Regular.
    /// A spoken line: 28.
    Speech,
    /// Narration, a little quieter: 24.
    Narration,
    /// A line under a title (the tagline) and an ending's epilogue: 24.
    Lead,
    /// A button's text: 24.
    Button,
    /// A settings row's name; the empty list's hint: 20.
    Prompt,
    /// A choice's words: 20.
    Choice,
    /// The small line above a big title ("How it ended"): 20.
    Kicker,
    /// A reflection moment's explanation: 20.
    Summary,
    /// Running text (the reflection's introduction, a scenario's summary): 20.
    Body,
    /// Secondary lines: the played scenario's name, the echo of a choice, "and": 17.
    Caption,
    /// Details: outcomes found, a load status, bar values, an author's note: 17.
    Detail,
    /// Notes: a speaker's role, the legend, banners: 15.
    Note,
    /// Small print: the Menu button, a rule's explanation: 15.
    Small,
    /// Fine print: who owes whom over the bars, whose credit a bar is; the inspector: 13.
    Fine,
    /// The inspector's entries and warnings: 13.
    Tiny,
}

impl TextRole {
    /// Whether the role is set in the bold font, and its size.
    fn style(self) -> (bool, f32) {
        use TextRole::*;
        match self {
            Display => (true, 84.0),
            EndingTitle | ScreenTitle | SceneTitle => (true, 52.0),
            ListTitle | RevealTitle => (true, 40.0),
            Heading | BadgeLarge => (true, 28.0),
            Subheading | Strong => (true, 20.0),
            RowTitle | Step | BadgeSmall => (true, 17.0),
            SmallStrong => (true, 15.0),
            Speech => (false, 28.0),
            Narration | Lead | Button => (false, 24.0),
            Prompt | Choice | Kicker | Summary | Body => (false, 20.0),
            Caption | Detail => (false, 17.0),
            Note | Small => (false, 15.0),
            Fine | Tiny => (false, 13.0),
        }
    }

    /// The role's font at the player's text size (`scale`): reading text grows by the whole
    /// factor, titles (already large) by half of it, and a badge's initial not at all (it
    /// fills a badge of fixed size).
    pub(crate) fn font(self, fonts: &UiFonts, scale: f32) -> TextFont {
        let (bold, size) = self.style();
        let factor = match self {
            TextRole::BadgeLarge | TextRole::BadgeSmall => 1.0,
            _ if size >= 40.0 => 1.0 + (scale - 1.0) / 2.0,
            _ => scale,
        };
        let face = if bold { &fonts.bold } else { &fonts.regular };
        TextFont::from(face.clone()).with_font_size((size * factor).round())
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiFonts>()
        // After every schedule that spawns text, before the UI measures it: new text is
        // laid out in its own font in the frame it appears.
        .add_systems(PostUpdate, apply_text_roles.before(UiSystems::Prepare));
}

/// New texts get their role's font; a new text size reaches every text.
#[allow(clippy::type_complexity)]
fn apply_text_roles(
    fonts: Res<UiFonts>,
    settings: Res<Settings>,
    mut applied: Local<Option<TextSize>>,
    mut texts: ParamSet<(
        Query<(&TextRole, &mut TextFont), Changed<TextRole>>,
        Query<(&TextRole, &mut TextFont)>,
    )>,
) {
    let size = settings.text_size;
    let scale = size.scale();
    if *applied != Some(size) {
        *applied = Some(size);
        for (role, mut font) in &mut texts.p1() {
            *font = role.font(&fonts, scale);
        }
    } else {
        for (role, mut font) in &mut texts.p0() {
            *font = role.font(&fonts, scale);
        }
    }
}
