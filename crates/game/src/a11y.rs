//! Screen readers: every button, choice and text is in the accessibility tree (`bevy_a11y`,
//! which the window hands to the platform's screen reader through AccessKit). A button is
//! read as its words unless it has its own label (a choice says its number); other texts
//! are read as they are; the line being read is one node, with its speaker, announced when
//! it appears.

use accesskit::{Live, Role};
use bevy::a11y::AccessibilityNode;
use bevy::prelude::*;
use bevy::ui::UiSystems;
use bevy::ui::widget::Label;
use bevy::ui_widgets::Button;

pub(crate) fn plugin(app: &mut App) {
    // After every schedule that spawns UI, before Bevy's UI builds its accessibility nodes.
    app.add_systems(
        PostUpdate,
        (label_buttons, label_texts).before(UiSystems::Prepare),
    );
}

/// The node for the line being read: its words and speaker, whole even while it types out,
/// and announced as it appears (a polite live region).
pub(crate) fn line_node(label: String) -> impl Bundle {
    let mut node = accesskit::Node::new(Role::Label);
    node.set_live(Live::Polite);
    // A label's words are its value (as Bevy's own labels have them; AT-SPI names a label
    // by its value), and its label too.
    node.set_value(label.clone());
    (AccessibilityNode::from(node), AccessibleLabel::new(label))
}

/// A button that says `label` rather than the words on it (the role is given again: a label
/// alone would bring an unknown one).
pub(crate) fn button_label(label: String) -> impl Bundle {
    (
        AccessibilityNode::from(accesskit::Node::new(Role::Button)),
        AccessibleLabel::new(label),
    )
}

/// Left out of what a screen reader says (a badge's initial beside the name).
pub(crate) fn hidden() -> AccessibilityNode {
    let mut node = accesskit::Node::new(Role::GenericContainer);
    node.set_hidden();
    AccessibilityNode::from(node)
}

/// A button without a label of its own is read as the words on it.
fn label_buttons(
    buttons: Query<Entity, (Added<Button>, Without<AccessibleLabel>)>,
    children: Query<&Children>,
    texts: Query<&Text>,
    mut commands: Commands,
) {
    for button in &buttons {
        let words: Vec<&str> = children
            .iter_descendants(button)
            .filter_map(|e| texts.get(e).ok())
            .map(|t| t.0.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if !words.is_empty() {
            commands
                .entity(button)
                .try_insert(AccessibleLabel::new(words.join(" ")));
        }
    }
}

/// Every other text is read as it is, except the words on a button (the button says them)
/// and texts with a node of their own (the line being read).
fn label_texts(
    texts: Query<Entity, (Added<Text>, Without<AccessibilityNode>)>,
    parents: Query<&ChildOf>,
    buttons: Query<(), With<Button>>,
    mut commands: Commands,
) {
    for text in &texts {
        if !parents.iter_ancestors(text).any(|a| buttons.contains(a)) {
            commands.entity(text).try_insert(Label);
        }
    }
}
