//! Every diagnostic code, in one table. The checks name their codes through these
//! constants; docs/authoring.md documents each one (tests/docs.rs keeps both true).

/// Declares each code's constant, with its summary as the constant's doc, and the table.
macro_rules! codes {
    ($($name:ident = $code:literal: $summary:literal;)*) => {
        $(#[doc = $summary] pub(crate) const $name: &str = $code;)*

        /// Every diagnostic code the checks can give (`check`, its value analysis, and
        /// the CLI's unreadable file) with a one-line summary, sorted by code. Errors are
        /// `E…`, warnings `W…`; docs/authoring.md explains each.
        pub const CODES: &[(&str, &str)] = &[$(($name, $summary)),*];
    };
}

codes! {
    SYNTAX = "E0001": "syntax error (RON), unknown or missing field, unknown kind";
    NOT_UTF8 = "E0002": "the file is not UTF-8";
    EMPTY_FILE = "E0003": "the file is empty";
    UNREADABLE = "E0004": "the file cannot be read (missing, not a regular file, or over the size limit)";
    DUPLICATE_PARTY = "E0101": "a party id is defined twice";
    DUPLICATE_NODE = "E0102": "a node id is defined twice";
    DUPLICATE_OUTCOME = "E0103": "an outcome id is defined twice";
    DUPLICATE = "E0104": "something else is listed twice (gift kind, member, valuation, test name)";
    BAD_ID = "E0105": "an id is empty, longer than 64 characters, or contains spaces or control characters";
    UNKNOWN_PARTY = "E0110": "unknown party";
    UNKNOWN_NODE = "E0111": "unknown node";
    UNKNOWN_OUTCOME = "E0112": "unknown outcome";
    MISSING_TEXT = "E0120": "a missing `en` or `nl` text";
    EMPTY_TEXT = "E0121": "an empty `en` or `nl` text";
    CONTROL_CHARACTER = "E0122": "a control character (other than newline and tab) in a text";
    TEXT_TOO_LONG = "E0123": "a text too long for the game's text box (over 700 characters)";
    OUT_OF_RANGE = "E0130": "a number out of range (amount, weight, share, worth, `per`, rule, colour) or over a limit (parties, nodes, choices per node)";
    NOT_A_PERSON = "E0140": "an organisation where a person is needed, or members on a person";
    UNCLEAR_VIA = "E0141": "whose credits a claim weighs is unclear: no `via` and `with` succeeds nobody, or `via` is `with`";
    MEMBER_OF_ITSELF = "E0142": "an organisation that is (through others) a member of itself";
    BAD_SUCCESSION = "E0143": "invalid succession (an organisation, oneself, or a circle)";
    NOTHING_NEXT = "E0150": "a scenario without nodes, or a node with no choices or reactions";
    NO_OUTCOMES = "E0151": "a scenario without outcomes";
    UNCLEAR_MOVE = "E0152": "a `Pick` without `move` whose effects make more than one kind of move";
    UNREACHABLE_NODE = "E0160": "a node that can never be reached";
    DEAD_END = "E0161": "a node from which no path leads to an ending";
    UNREACHED_OUTCOME = "E0162": "an outcome no path reaches";
    CHOICELESS_LOOP = "E0163": "a loop without a player choice";
    UNREACHED_BY_VALUES = "E0164": "an outcome no path reaches given the values (the value analysis)";
    STUCK = "E0165": "a path that gets stuck: no reaction applies, no outcome matches or no choice is offered";
    CHOICE_FROM_ZERO = "E0170": "a test choice counted from 0";
    UNTRANSLATED = "W0201": "a Dutch text identical to the English one";
    UNUSED_PARTY = "W0202": "a party that takes no part in the story";
    FLAG_NEVER_SET = "W0203": "a flag that is tested but never set";
    UNTESTED_OUTCOME = "W0204": "an outcome no test reaches";
    REACTIONS_MAY_FAIL = "W0205": "reactions that may all fail to apply";
    END_ALL_CONDITIONAL = "W0206": "an `End` where every outcome has a condition";
    MOVE_NOT_MADE = "W0207": "a choice whose `move` it does not make";
    UNDECLARED_GIFT_KIND = "W0209": "a gift kind that is given or valued but not declared in `gifts`";
    UNUSED_GIFT_KIND = "W0210": "a gift kind declared in `gifts` that nobody gives or values";
    MODEL_SWITCHED_OFF = "W0211": "a rule of the model switched off (`perception`, `hurt_travels`, `giving_costs`)";
    FEEL_REPEATS_MOVE = "W0212": "a `Feel` beside a move that already makes that party feel it";
    MOVE_INFERRED_ELSEWHERE = "W0213": "a `Pick`'s move taken from effects the player does not make, or `Neutral` where the next node makes the move";
}
