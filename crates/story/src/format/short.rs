//! Short forms: briefer ways to write a node or a choice, which reading the file expands into
//! the long form (`Node(...)`, `Choice(...)`). Everything after parsing (the checks, play,
//! analysis, saves and diffs, the graph) sees only the long form; the long form stays valid.
//!
//! - `Say(id: …, who: "jort", en: "…", nl: "…", then: …)`: a node whose line `who` speaks;
//! - `Narrate(id: …, en: "…", nl: "…", then: …)`: a node of narration;
//! - `Pick(en: "…", nl: "…", effects: […], next: "…")`: a choice whose `move` may be left out
//!   when its effects say it (see [`infer_move`]).
//!
//! Diagnostics keep pointing at what the author wrote: [`written_field`] tells the span index
//! where a long-form field of a short form stands in the text.

use crate::format::scenario::{Choice, Cond, Effect, Move, Node, Then};
use crate::text::Text;
use serde::de::{self, Deserializer, EnumAccess, MapAccess, VariantAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// A node whose line a party speaks: `Say(id: "asks", who: "visser", en: "…", nl: "…",
/// then: …)` is `Node(id: "asks", speaker: "visser", text: (en: "…", nl: "…"), then: …)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Say {
    /// Unique id that `next`, `Goto`, `start` and `Visited` refer to.
    pub id: String,
    /// Who speaks the line (a node's `speaker`).
    pub who: String,
    /// The line in English (the node's `text`).
    #[serde(default)]
    pub en: Option<String>,
    /// The line in Dutch (the node's `text`).
    #[serde(default)]
    pub nl: Option<String>,
    /// A scene heading shown before this node.
    #[serde(default)]
    pub scene: Option<Text>,
    /// From this node on, the player plays this party (a person).
    #[serde(default)]
    pub player: Option<String>,
    /// Applied when the node is entered.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// What follows the line.
    pub then: Then,
}

/// A node of narration: `Narrate(id: "counter", en: "…", nl: "…", then: …)` is
/// `Node(id: "counter", text: (en: "…", nl: "…"), then: …)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrate {
    /// Unique id that `next`, `Goto`, `start` and `Visited` refer to.
    pub id: String,
    /// The line in English (the node's `text`).
    #[serde(default)]
    pub en: Option<String>,
    /// The line in Dutch (the node's `text`).
    #[serde(default)]
    pub nl: Option<String>,
    /// A scene heading shown before this node.
    #[serde(default)]
    pub scene: Option<Text>,
    /// From this node on, the player plays this party (a person).
    #[serde(default)]
    pub player: Option<String>,
    /// Applied when the node is entered.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// What follows the line.
    pub then: Then,
}

/// A choice in brief: `Pick(en: "…", nl: "…", effects: [Give(...)], next: "x")` is
/// `Choice(text: (en: "…", nl: "…"), move: Give, effects: [Give(...)], next: "x")`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pick {
    /// What the player says or does, in English (the choice's `text`).
    #[serde(default)]
    pub en: Option<String>,
    /// What the player says or does, in Dutch (the choice's `text`).
    #[serde(default)]
    pub nl: Option<String>,
    /// The kind of move; when absent, the one the effects make (see [`infer_move`]).
    #[serde(default, rename = "move")]
    pub move_kind: Option<Move>,
    /// Offered only when this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    /// Applied when the choice is made.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// The node the choice leads to.
    pub next: String,
}

/// The constructors of the short forms and the long form each expands into; the editor's
/// reading of a file (`lsp`) takes them from here.
pub const SHORT_FORMS: &[(&str, &str)] =
    &[("Say", "Node"), ("Narrate", "Node"), ("Pick", "Choice")];

/// Where a long-form field of a short form is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Written {
    /// Under this field name.
    Field(&'static str),
    /// In the form itself: `text`, whose `en` and `nl` stand in the form.
    Inline,
}

/// Where the long form's `field` stands in the short form `form` (`None`: `form` is no
/// short form, the field is where the long form has it).
pub(crate) fn written_field(form: &str, field: &'static str) -> Option<Written> {
    match (form, field) {
        ("Say", "speaker") => Some(Written::Field("who")),
        ("Say" | "Narrate" | "Pick", "text") => Some(Written::Inline),
        _ => None,
    }
}

/// The move a choice without `move` makes: the one kind of move among its own effects
/// (`Acknowledge`, `Deflect`, `Give`, `Take`, `ClaimCredit`), `Neutral` when it makes none.
/// `Err` holds the kinds when there are several: the author must say which is meant.
pub fn infer_move(effects: &[Effect]) -> Result<Move, Vec<Move>> {
    let made: Vec<Move> = Move::ALL
        .into_iter()
        .filter(|&m| {
            effects.iter().any(|e| {
                matches!(
                    (m, e),
                    (Move::Acknowledge, Effect::Acknowledge { .. })
                        | (Move::Deflect, Effect::Deflect { .. })
                        | (Move::Give, Effect::Give { .. })
                        | (Move::Take, Effect::Take { .. })
                        | (Move::ClaimCredit, Effect::ClaimCredit { .. })
                )
            })
        })
        .collect();
    match made[..] {
        [] => Ok(Move::Neutral),
        [m] => Ok(m),
        _ => Err(made),
    }
}

impl From<Say> for Node {
    fn from(s: Say) -> Node {
        Node {
            id: s.id,
            scene: s.scene,
            player: s.player,
            speaker: Some(s.who),
            text: Text { en: s.en, nl: s.nl },
            effects: s.effects,
            then: s.then,
        }
    }
}

impl From<Narrate> for Node {
    fn from(s: Narrate) -> Node {
        Node {
            id: s.id,
            scene: s.scene,
            player: s.player,
            speaker: None,
            text: Text { en: s.en, nl: s.nl },
            effects: s.effects,
            then: s.then,
        }
    }
}

impl From<Pick> for Choice {
    fn from(p: Pick) -> Choice {
        // An unclear move is kept for the checker to report (E0152) at the right place.
        let move_inferred = p.move_kind.is_none();
        let (move_kind, unclear_move) = match p
            .move_kind
            .map(Ok)
            .unwrap_or_else(|| infer_move(&p.effects))
        {
            Ok(m) => (m, Vec::new()),
            Err(made) => (made[0], made),
        };
        Choice {
            text: Text { en: p.en, nl: p.nl },
            move_kind,
            when: p.when,
            effects: p.effects,
            next: p.next,
            unclear_move,
            move_inferred,
        }
    }
}

/// Reads `scenario.nodes`: each item in the long form or a short form.
pub(crate) fn nodes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Node>, D::Error> {
    Ok(Vec::<Form<NodeForms>>::deserialize(d)?
        .into_iter()
        .map(|f| f.0)
        .collect())
}

/// Reads the list of `Choices([...])`: each item in the long form or a short form.
pub(crate) fn choices<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Choice>, D::Error> {
    Ok(Vec::<Form<ChoiceForms>>::deserialize(d)?
        .into_iter()
        .map(|f| f.0)
        .collect())
}

/// The forms one kind of list item may be written in, each expanding into `Long`.
trait Forms {
    type Long;
    /// The name errors use ("unknown Node kind `Nod`").
    const NAME: &'static str;
    /// The constructors, the long form's first.
    const VARIANTS: &'static [&'static str];
    /// Reads the fields of the form `variant` (an index into `VARIANTS`).
    fn read<'de, A: VariantAccess<'de>>(variant: usize, a: A) -> Result<Self::Long, A::Error>;
}

struct NodeForms;

impl Forms for NodeForms {
    type Long = Node;
    const NAME: &'static str = "Node";
    const VARIANTS: &'static [&'static str] = &["Node", "Say", "Narrate"];
    fn read<'de, A: VariantAccess<'de>>(variant: usize, a: A) -> Result<Node, A::Error> {
        match variant {
            0 => a.struct_variant(&[], Fields::<Node>(PhantomData)),
            1 => a
                .struct_variant(&[], Fields::<Say>(PhantomData))
                .map(Node::from),
            _ => a
                .struct_variant(&[], Fields::<Narrate>(PhantomData))
                .map(Node::from),
        }
    }
}

struct ChoiceForms;

impl Forms for ChoiceForms {
    type Long = Choice;
    const NAME: &'static str = "Choice";
    const VARIANTS: &'static [&'static str] = &["Choice", "Pick"];
    fn read<'de, A: VariantAccess<'de>>(variant: usize, a: A) -> Result<Choice, A::Error> {
        match variant {
            0 => a.struct_variant(&[], Fields::<Choice>(PhantomData)),
            _ => a
                .struct_variant(&[], Fields::<Pick>(PhantomData))
                .map(Choice::from),
        }
    }
}

/// One list item, read by its constructor. `ron` names the constructor of an enum variant
/// but not of a struct, so the item is read as an enum whose variants are the forms.
struct Form<F: Forms>(F::Long);

impl<'de, F: Forms> Deserialize<'de> for Form<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_enum(F::NAME, F::VARIANTS, FormVisitor::<F>(PhantomData))
    }
}

struct FormVisitor<F>(PhantomData<F>);

impl<'de, F: Forms> Visitor<'de> for FormVisitor<F> {
    type Value = Form<F>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "one of {}", F::VARIANTS.join(", "))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Form<F>, A::Error> {
        let (variant, access) = data.variant_seed(Constructor::<F>(PhantomData))?;
        F::read(variant, access).map(Form)
    }
}

/// The constructor's name, as an index into the forms' `VARIANTS`.
struct Constructor<F>(PhantomData<F>);

impl<'de, F: Forms> de::DeserializeSeed<'de> for Constructor<F> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, F: Forms> Visitor<'de> for Constructor<F> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "one of {}", F::VARIANTS.join(", "))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        F::VARIANTS
            .iter()
            .position(|&n| n == v)
            .ok_or_else(|| E::unknown_variant(v, F::VARIANTS))
    }
}

/// The named fields of a form, read by the form's own (derived) reading, so that unknown and
/// missing fields are reported as for any struct.
struct Fields<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Fields<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("named fields in parentheses")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::scenario::Layer;

    fn give() -> Effect {
        Effect::Give {
            from: "a".into(),
            to: "b".into(),
            layer: Layer::Seen,
            amount: 1,
            kind: None,
            unnoticed: false,
            note: None,
        }
    }

    #[test]
    fn the_move_follows_from_the_effects_when_they_make_one() {
        assert_eq!(infer_move(&[]), Ok(Move::Neutral));
        assert_eq!(infer_move(&[Effect::Set("f".into())]), Ok(Move::Neutral));
        assert_eq!(
            infer_move(&[give(), Effect::Set("f".into()), give()]),
            Ok(Move::Give)
        );
        let ack = Effect::Acknowledge {
            by: "a".into(),
            of: "b".into(),
            amount: 1,
            note: None,
        };
        assert_eq!(
            infer_move(&[give(), ack]),
            Err(vec![Move::Acknowledge, Move::Give])
        );
    }

    #[test]
    fn short_fields_are_found_where_they_are_written() {
        assert_eq!(written_field("Say", "speaker"), Some(Written::Field("who")));
        assert_eq!(written_field("Narrate", "text"), Some(Written::Inline));
        assert_eq!(written_field("Pick", "next"), None);
        assert_eq!(written_field("Node", "text"), None);
    }
}
