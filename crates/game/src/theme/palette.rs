//! The game's colours, and the colours chosen per party and per ending.

use bevy::prelude::*;

use story::Tone;
use story::{PartyId, Story};

pub(crate) const BG: Color = Color::srgb(0.078, 0.086, 0.114);
pub(crate) const PANEL: Color = Color::srgb(0.125, 0.137, 0.184);
pub(crate) const PANEL_LIGHT: Color = Color::srgb(0.165, 0.180, 0.239);
pub(crate) const EDGE: Color = Color::srgb(0.267, 0.286, 0.361);
pub(crate) const TEXT: Color = Color::srgb(0.937, 0.918, 0.875);
pub(crate) const TEXT_DIM: Color = Color::srgb(0.686, 0.671, 0.635);
/// Narration: warmer and quieter than speech.
pub(crate) const NARRATION: Color = Color::srgb(0.855, 0.808, 0.706);
pub(crate) const ACCENT: Color = Color::srgb(0.929, 0.690, 0.353);
pub(crate) const BUTTON: Color = Color::srgb(0.173, 0.192, 0.259);
pub(crate) const BUTTON_HOVER: Color = Color::srgb(0.227, 0.255, 0.345);
pub(crate) const BUTTON_PRESSED: Color = Color::srgb(0.310, 0.384, 0.322);
pub(crate) const FOCUS_RING: Color = Color::srgb(1.0, 0.800, 0.300);
/// A balance in the first party's favour (the other owes), and the other way round.
pub(crate) const CREDIT_FOR: Color = Color::srgb(0.373, 0.702, 0.631);
pub(crate) const CREDIT_AGAINST: Color = Color::srgb(0.851, 0.541, 0.306);
/// A felt deficit.
pub(crate) const FELT: Color = Color::srgb(0.824, 0.384, 0.478);
pub(crate) const ERROR: Color = Color::srgb(0.580, 0.133, 0.133);
pub(crate) const NOTICE: Color = Color::srgb(0.42, 0.32, 0.1);

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

/// The colour of an ending's tone.
pub(crate) fn tone_color(tone: Tone) -> Color {
    match tone {
        Tone::Bright => Color::srgb(0.910, 0.757, 0.353),
        Tone::Mixed => Color::srgb(0.541, 0.651, 0.757),
        Tone::Dark => Color::srgb(0.800, 0.400, 0.373),
    }
}
