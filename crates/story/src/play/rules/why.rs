//! Why an entry was made, stored as what happened (the rule's parties and numbers) and put
//! into words only when something shows it: the reflection screen, `play`, JSON. Playing and
//! analysing never format a sentence.

use crate::compiled::Permille;
use crate::format::scenario::Layer;
use crate::ids::{FlagId, KindId, PartyId};
use crate::play::ledger::Refusal;
use crate::story::Story;
use crate::text::{Lang, Text, capitalize};
use serde::{Deserialize, Serialize};

/// The words of the rules, for one story (`explain.rs`, `explain_model.rs`).
pub(super) struct Words<'a> {
    pub(super) story: &'a Story,
}

/// What an entry's rule did, with the parties and numbers its explanation names;
/// [`Why::text`] puts it into words in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)] // the fields are the parties and numbers the variant's text names
pub enum Why {
    /// A gift of a kind the receiver values at `worth` (not 1), worth `value` to him.
    Valuation {
        from: PartyId,
        to: PartyId,
        kind: KindId,
        worth: Permille,
        value: i32,
        unnoticed: bool,
    },
    /// A plain gift.
    Gift {
        from: PartyId,
        to: PartyId,
        layer: Layer,
        value: i32,
        unnoticed: bool,
    },
    /// `by` takes without giving back.
    Take {
        by: PartyId,
        from: PartyId,
        layer: Layer,
        amount: i32,
        unnoticed: bool,
    },
    /// `who` learns of the credits `holder` has with `with`.
    Tell {
        who: PartyId,
        holder: PartyId,
        with: PartyId,
    },
    /// A flag turned on or off.
    Flag { flag: FlagId, on: bool },
    /// A felt deficit moved directly by `delta`.
    Felt {
        who: PartyId,
        toward: PartyId,
        delta: i32,
    },
    /// `member`'s act moves `client`'s balance (or deficit) with `org` too.
    CallingCard {
        member: PartyId,
        org: PartyId,
        client: PartyId,
        weight: Permille,
    },
    /// `at` passes `passed` on to `pass_to`; the chain's own note says why.
    Chain {
        at: PartyId,
        pass_to: PartyId,
        passed: i32,
        index: usize,
    },
    /// Being seen eases `of`'s deficit toward `by` by `relief` beyond what the balance did.
    Acknowledge {
        by: PartyId,
        of: PartyId,
        relief: i32,
    },
    /// The gift on `Seen` that an acknowledgment also is.
    Recognition {
        by: PartyId,
        of: PartyId,
        amount: i32,
    },
    /// A deflection by someone who carries a deficit (toward `source`): `hurt`, not `amount`.
    Escalation {
        by: PartyId,
        toward: PartyId,
        source: PartyId,
        hurt: i32,
        amount: i32,
    },
    /// A deflection by someone who carries no deficit.
    Deflect {
        by: PartyId,
        toward: PartyId,
        amount: i32,
    },
    /// The understanding a deflection takes on `Seen`.
    Understanding {
        by: PartyId,
        toward: PartyId,
        amount: i32,
    },
    /// Why `with` does not honour `claimant`'s credits with `pred`.
    Refusal {
        reason: Refusal,
        claimant: PartyId,
        with: PartyId,
        pred: PartyId,
    },
    /// `with` honours `moved` of `claimant`'s credits with `pred` on `layer`.
    Succession {
        with: PartyId,
        claimant: PartyId,
        pred: PartyId,
        layer: Layer,
        moved: i32,
        loyalty: Permille,
    },
    /// The honoured credits leave `pred`'s account.
    Takeover {
        with: PartyId,
        pred: PartyId,
        claimant: PartyId,
        layer: Layer,
        moved: i32,
    },
    /// Honouring a predecessor's debts is a gift to him.
    Loyalty { with: PartyId, pred: PartyId },
    /// `who`'s felt deficit toward `with` followed its view of the balance by `delta`.
    Perception {
        who: PartyId,
        with: PartyId,
        delta: i32,
    },
    /// `who` now sees its balance with `with` on `layer` `delta` closer to the truth.
    Realise {
        who: PartyId,
        with: PartyId,
        layer: Layer,
        delta: i32,
    },
    /// `by`'s acknowledgment of `of` eases the deficit `of` carries toward `source`.
    Consolation {
        by: PartyId,
        of: PartyId,
        source: PartyId,
        eased: i32,
    },
    /// `speaker`, hurt by `source`, reads `player`'s neutral reply as a slight.
    Slight {
        speaker: PartyId,
        player: PartyId,
        source: PartyId,
    },
    /// `org` pays for the `share` its member `member` gave `client` in the deal.
    Expense {
        org: PartyId,
        member: PartyId,
        client: PartyId,
        share: i32,
    },
    /// A refused claim presses `with`, who feels it.
    Pressed {
        with: PartyId,
        claimant: PartyId,
        pressure: i32,
    },
    /// An explanation already in words (an entry carried over from an earlier version of
    /// the scenario, whose parties may be gone).
    Said(Text),
}

impl Why {
    /// The explanation in both languages, each opening with a capital (names written
    /// mid-sentence style, "meneer Visser", still open a sentence properly).
    pub fn text(&self, story: &Story) -> Text {
        let w = Words { story };
        let t = match self {
            Why::Valuation {
                from,
                to,
                kind,
                worth,
                value,
                unnoticed,
            } => w.valuation_text(*from, *to, *kind, *worth, *value, *unnoticed),
            Why::Gift {
                from,
                to,
                layer,
                value,
                unnoticed,
            } => w.gift_text(*from, *to, *layer, *value, *unnoticed),
            Why::Take {
                by,
                from,
                layer,
                amount,
                unnoticed,
            } => w.take_text(*by, *from, *layer, *amount, *unnoticed),
            Why::Tell { who, holder, with } => w.tell_text(*who, *holder, *with),
            Why::Flag { flag, on } => w.flag_text(*flag, *on),
            Why::Felt { who, toward, delta } => w.felt_text(*who, *toward, *delta),
            Why::CallingCard {
                member,
                org,
                client,
                weight,
            } => w.calling_card_text(*member, *org, *client, *weight),
            Why::Chain {
                at,
                pass_to,
                passed,
                index,
            } => w.chain_text(*at, *pass_to, *passed, &story.chains[*index].note),
            Why::Acknowledge { by, of, relief } => w.acknowledge_text(*by, *of, *relief),
            Why::Recognition { by, of, amount } => w.recognition_text(*by, *of, *amount),
            Why::Escalation {
                by,
                toward,
                source,
                hurt,
                amount,
            } => w.escalation_text(*by, *toward, *source, *hurt, *amount),
            Why::Deflect { by, toward, amount } => w.deflect_text(*by, *toward, *amount),
            Why::Understanding { by, toward, amount } => {
                w.understanding_text(*by, *toward, *amount)
            }
            Why::Refusal {
                reason,
                claimant,
                with,
                pred,
            } => w.refusal_text(*reason, *claimant, *with, *pred),
            Why::Succession {
                with,
                claimant,
                pred,
                layer,
                moved,
                loyalty,
            } => w.succession_text(*with, *claimant, *pred, *layer, *moved, *loyalty),
            Why::Takeover {
                with,
                pred,
                claimant,
                layer,
                moved,
            } => w.takeover_text(*with, *pred, *claimant, *layer, *moved),
            Why::Loyalty { with, pred } => w.loyalty_text(*with, *pred),
            Why::Perception { who, with, delta } => w.perception_text(*who, *with, *delta),
            Why::Realise {
                who,
                with,
                layer,
                delta,
            } => w.realise_text(*who, *with, *layer, *delta),
            Why::Consolation {
                by,
                of,
                source,
                eased,
            } => w.consolation_text(*by, *of, *source, *eased),
            Why::Slight {
                speaker,
                player,
                source,
            } => w.slight_text(*speaker, *player, *source),
            Why::Expense {
                org,
                member,
                client,
                share,
            } => w.expense_text(*org, *member, *client, *share),
            Why::Pressed {
                with,
                claimant,
                pressure,
            } => w.pressed_text(*with, *claimant, *pressure),
            Why::Said(t) => t.clone(),
        };
        Text {
            en: t.en.as_deref().map(capitalize),
            nl: t.nl.as_deref().map(capitalize),
        }
    }

    /// The explanation in one language.
    pub fn get(&self, story: &Story, lang: Lang) -> String {
        self.text(story).get(lang).to_string()
    }
}
