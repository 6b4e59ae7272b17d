//! The game's colours in two themes, and the colours chosen per party and per ending. The
//! theme in effect is the [`Palette`] resource; screens read it when they are built and are
//! rebuilt when the player switches theme.

use bevy::prelude::*;

use crate::persist::{Contrast, Settings};
use story::Tone;
use story::{PartyId, Story};

/// Every colour a screen uses, by what it is for.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Palette {
    pub(crate) high_contrast: bool,
    pub(crate) bg: Color,
    pub(crate) panel: Color,
    pub(crate) panel_light: Color,
    pub(crate) edge: Color,
    pub(crate) text: Color,
    pub(crate) text_dim: Color,
    /// Narration: warmer and quieter than speech.
    pub(crate) narration: Color,
    pub(crate) accent: Color,
    pub(crate) button: Color,
    pub(crate) button_hover: Color,
    pub(crate) button_pressed: Color,
    pub(crate) focus_ring: Color,
    /// A balance in the first party's favour (the other owes), and the other way round.
    pub(crate) credit_for: Color,
    pub(crate) credit_against: Color,
    /// A felt deficit.
    pub(crate) felt: Color,
    pub(crate) error: Color,
    pub(crate) notice: Color,
    /// Text on a banner or a badge.
    pub(crate) on_color: Color,
    pub(crate) bright: Color,
    pub(crate) mixed: Color,
    pub(crate) dark: Color,
}

impl Palette {
    pub(crate) const STANDARD: Palette = Palette {
        high_contrast: false,
        bg: Color::srgb(0.078, 0.086, 0.114),
        panel: Color::srgb(0.125, 0.137, 0.184),
        panel_light: Color::srgb(0.165, 0.180, 0.239),
        edge: Color::srgb(0.267, 0.286, 0.361),
        text: Color::srgb(0.937, 0.918, 0.875),
        text_dim: Color::srgb(0.686, 0.671, 0.635),
        narration: Color::srgb(0.855, 0.808, 0.706),
        accent: Color::srgb(0.929, 0.690, 0.353),
        button: Color::srgb(0.173, 0.192, 0.259),
        button_hover: Color::srgb(0.227, 0.255, 0.345),
        button_pressed: Color::srgb(0.310, 0.384, 0.322),
        focus_ring: Color::srgb(1.0, 0.800, 0.300),
        credit_for: Color::srgb(0.373, 0.702, 0.631),
        credit_against: Color::srgb(0.851, 0.541, 0.306),
        felt: Color::srgb(0.824, 0.384, 0.478),
        error: Color::srgb(0.580, 0.133, 0.133),
        notice: Color::srgb(0.42, 0.32, 0.1),
        on_color: Color::WHITE,
        bright: Color::srgb(0.910, 0.757, 0.353),
        mixed: Color::srgb(0.541, 0.651, 0.757),
        dark: Color::srgb(0.800, 0.400, 0.373),
    };

    /// Near-black surfaces, white text, light edges; every text pair at least 4.5:1
    /// (most above 7:1). The ledger's colours are the Okabe–Ito blue and orange and Paul
    /// Tol's red, apart for red-green colour blindness too.
    pub(crate) const HIGH_CONTRAST: Palette = Palette {
        high_contrast: true,
        bg: Color::srgb(0.0, 0.0, 0.0),
        panel: Color::srgb(0.071, 0.071, 0.078),
        panel_light: Color::srgb(0.165, 0.165, 0.180),
        edge: Color::srgb(0.741, 0.741, 0.760),
        text: Color::WHITE,
        text_dim: Color::srgb(0.851, 0.851, 0.851),
        narration: Color::srgb(1.0, 0.925, 0.780),
        accent: Color::srgb(1.0, 0.800, 0.333),
        button: Color::srgb(0.102, 0.102, 0.114),
        button_hover: Color::srgb(0.165, 0.165, 0.188),
        button_pressed: Color::srgb(0.0, 0.160, 0.240),
        focus_ring: Color::srgb(1.0, 0.863, 0.0),
        credit_for: Color::srgb(0.337, 0.706, 0.914),
        credit_against: Color::srgb(0.902, 0.624, 0.0),
        felt: Color::srgb(0.933, 0.400, 0.467),
        error: Color::srgb(0.541, 0.0, 0.0),
        notice: Color::srgb(0.231, 0.180, 0.0),
        on_color: Color::WHITE,
        bright: Color::srgb(1.0, 0.863, 0.400),
        mixed: Color::srgb(0.620, 0.792, 1.0),
        dark: Color::srgb(1.0, 0.541, 0.502),
    };

    pub(crate) fn of(contrast: Contrast) -> Palette {
        match contrast {
            Contrast::Standard => Palette::STANDARD,
            Contrast::High => Palette::HIGH_CONTRAST,
        }
    }

    /// The colour of an ending's tone.
    pub(crate) fn tone(&self, tone: Tone) -> Color {
        match tone {
            Tone::Bright => self.bright,
            Tone::Mixed => self.mixed,
            Tone::Dark => self.dark,
        }
    }

    /// `color` as text on `bg`: as it is in the standard theme; in high contrast lightened
    /// until it reaches 4.5:1 (a scenario's party colours may be dark).
    pub(crate) fn readable(&self, color: Color, bg: Color) -> Color {
        if !self.high_contrast {
            return color;
        }
        lighten_to(color, bg, 4.6)
    }

    /// `color` at `alpha` in the standard theme (quieter text); opaque in high contrast.
    pub(crate) fn fade(&self, color: Color, alpha: f32) -> Color {
        if self.high_contrast {
            color
        } else {
            color.with_alpha(alpha)
        }
    }

    /// A badge's fill: the party's colour, darkened in high contrast until its white
    /// initial reaches 4.5:1.
    pub(crate) fn badge_fill(&self, color: Color) -> Color {
        if !self.high_contrast {
            return color;
        }
        let mut c = color;
        for _ in 0..40 {
            if contrast(self.on_color, c) >= 4.6 {
                break;
            }
            c = c.darker(0.03);
        }
        c
    }
}

impl Default for Palette {
    fn default() -> Self {
        Palette::STANDARD
    }
}

/// `color` lightened step by step until it stands out from `bg` by `ratio`.
fn lighten_to(color: Color, bg: Color, ratio: f32) -> Color {
    let mut c = color.with_alpha(1.0);
    for _ in 0..40 {
        if contrast(c, bg) >= ratio {
            break;
        }
        c = c.lighter(0.03);
    }
    c
}

/// The WCAG relative luminance of an opaque colour.
pub(crate) fn luminance(c: Color) -> f32 {
    let l = c.to_linear();
    0.2126 * l.red + 0.7152 * l.green + 0.0722 * l.blue
}

/// The WCAG contrast ratio of two opaque colours, from 1 to 21.
pub(crate) fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A party's colour: the scenario's `color` when it has a valid one, else from a palette.
pub(crate) fn party_color(story: &Story, p: PartyId) -> Color {
    const PALETTE: [Color; 6] = [
        Color::srgb(0.75, 0.44, 0.23),
        Color::srgb(0.25, 0.50, 0.75),
        Color::srgb(0.48, 0.55, 0.24),
        Color::srgb(0.56, 0.31, 0.66),
        Color::srgb(0.20, 0.58, 0.55),
        Color::srgb(0.70, 0.33, 0.40),
    ];
    story
        .party_color(p)
        .and_then(|c| Srgba::hex(c).ok())
        .map(Color::from)
        .unwrap_or(PALETTE[p.index() % PALETTE.len()])
}

pub(super) fn plugin(app: &mut App) {
    let contrast = app
        .world()
        .get_resource::<Settings>()
        .map_or(Contrast::Standard, |s| s.contrast);
    app.insert_resource(Palette::of(contrast)).add_systems(
        PreUpdate,
        follow_setting.run_if(resource_changed::<Settings>),
    );
}

/// The theme follows the setting (the screens rebuild themselves, see `screens`).
fn follow_setting(settings: Res<Settings>, mut palette: ResMut<Palette>) {
    palette.set_if_neq(Palette::of(settings.contrast));
}

#[cfg(test)]
mod tests {
    use super::{Palette, contrast};
    use bevy::prelude::*;

    /// Every pair of theme colours the screens set text in, text first: in high contrast
    /// each reaches WCAG AA's 4.5:1, including on a hovered or pressed button and on a
    /// banner. (The headless tests measure every text actually on screen as well.)
    #[test]
    fn high_contrast_text_pairs_reach_4_5_to_1() {
        let p = Palette::HIGH_CONTRAST;
        let surfaces = [
            ("bg", p.bg),
            ("panel", p.panel),
            ("button", p.button),
            ("button_hover", p.button_hover),
            ("button_pressed", p.button_pressed),
        ];
        let inks = [
            ("text", p.text),
            ("text_dim", p.text_dim),
            ("narration", p.narration),
            ("accent", p.accent),
            ("credit_for", p.credit_for),
            ("credit_against", p.credit_against),
            ("felt", p.felt),
            ("bright", p.bright),
            ("mixed", p.mixed),
            ("dark", p.dark),
        ];
        let mut pairs: Vec<(&str, Color, &str, Color)> = Vec::new();
        for (i, ink) in inks {
            for (s, surface) in surfaces {
                pairs.push((i, ink, s, surface));
            }
        }
        pairs.push(("on_color", p.on_color, "error", p.error));
        pairs.push(("on_color", p.on_color, "notice", p.notice));
        for (i, ink, s, surface) in pairs {
            let ratio = contrast(ink, surface);
            assert!(ratio >= 4.5, "{i} on {s}: {ratio:.2}:1");
        }
    }

    /// Machado et al. (2009), severity 1, in linear RGB.
    const PROTANOPIA: [[f32; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f32; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];

    /// The colour as seen with the deficiency `m`, in CIELAB.
    fn seen(c: Color, m: &[[f32; 3]; 3]) -> Vec3 {
        let l = c.to_linear();
        let v = [l.red, l.green, l.blue];
        let s: [f32; 3] =
            std::array::from_fn(|i| (0..3).map(|j| m[i][j] * v[j]).sum::<f32>().clamp(0.0, 1.0));
        let lab = Laba::from(LinearRgba::rgb(s[0], s[1], s[2]));
        Vec3::new(lab.lightness * 100.0, lab.a * 100.0, lab.b * 100.0)
    }

    /// The ledger's three colours (in your favour, against you, a felt deficit) stay apart
    /// for protanopia and deuteranopia: at least 30 CIELAB units between any two. (They
    /// also differ in shape: sides of the bar, signs, a hollow bar and an outlined mark
    /// for a felt deficit.)
    #[test]
    fn high_contrast_ledger_colours_stay_apart_for_red_green_colour_blindness() {
        let p = Palette::HIGH_CONTRAST;
        let ledger = [
            ("credit_for", p.credit_for),
            ("credit_against", p.credit_against),
            ("felt", p.felt),
        ];
        for (name, m) in [("protanopia", &PROTANOPIA), ("deuteranopia", &DEUTERANOPIA)] {
            for (i, (a, ca)) in ledger.iter().enumerate() {
                for (b, cb) in &ledger[i + 1..] {
                    let d = seen(*ca, m).distance(seen(*cb, m));
                    assert!(d >= 30.0, "{name}: {a} and {b} are {d:.1} apart");
                }
            }
        }
    }
}
