//! The look of the game: the palette, the fonts and the roles text plays in them, the
//! widgets every screen builds from, and how controls answer hover, press and focus.

pub(crate) mod fonts;
pub(crate) mod interaction;
pub(crate) mod palette;
pub(crate) mod widgets;

use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((palette::plugin, fonts::plugin, interaction::plugin));
}
