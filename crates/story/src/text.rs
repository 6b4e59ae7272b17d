//! Player-facing text in every language a scenario ships.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The languages every player-facing text must be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl Lang {
    /// Every language the game ships, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The language's two-letter code: `en`, `nl`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The language of a code in any case (`en`, `NL`); `None` for one the game does not ship.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "nl" => Some(Lang::Nl),
            _ => None,
        }
    }

    /// Picks the phrase for this language (for texts the engine itself writes).
    pub fn pick<'a>(self, en: &'a str, nl: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text in English and Dutch. Both fields are optional in the file so that `check`
/// can report every missing translation at once instead of stopping at the first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The English text; `None` where the file leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// The Dutch text; `None` where the file leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
}

impl Text {
    /// A text written in both languages (for texts the engine itself writes).
    pub(crate) fn new(en: impl Into<String>, nl: impl Into<String>) -> Text {
        Text {
            en: Some(en.into()),
            nl: Some(nl.into()),
        }
    }

    /// The text in `lang` only, `None` when it is not written in it.
    pub(crate) fn get_opt(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::Nl => self.nl.as_deref(),
        }
    }

    /// The text in `lang`, falling back to the other language (a checked scenario has both).
    pub fn get(&self, lang: Lang) -> &str {
        self.get_opt(lang)
            .or_else(|| Lang::ALL.iter().find_map(|&l| self.get_opt(l)))
            .unwrap_or("")
    }
}

/// An English possessive: "Jort's", but "Van Dijk Motors'".
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// The text with its first letter in upper case: names written mid-sentence style
/// ("meneer Visser") still open a sentence or a label properly.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text with every control character but newline and tab shown as an escape (`\u{1b}`),
/// so a scenario can never clear or retitle the terminal it is played in.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.contains(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A change as people read it: `+2`, `0`, `-3`.
pub fn signed(n: i32) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// A choice or note in typographic quotes, the same in every front end and language. A
/// text that is one quotation already (straight or curly) keeps it, in curly quotes;
/// quotations inside a longer text become single quotes within the double ones.
pub fn quoted(s: &str) -> String {
    let s = s.trim();
    let one_quotation = |open: char, close: char| {
        s.chars().count() >= 2
            && s.starts_with(open)
            && s.ends_with(close)
            && s.chars().filter(|&c| c == open || c == close).count() == 2
    };
    if one_quotation('"', '"') || one_quotation('“', '”') {
        let inner: String = {
            let mut c = s.chars();
            c.next();
            c.next_back();
            c.collect()
        };
        return format!("“{inner}”");
    }
    let mut open = false;
    let inner: String = s
        .chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open { '‘' } else { '’' }
            }
            '“' => '‘',
            '”' => '’',
            c => c,
        })
        .collect();
    format!("“{inner}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalizes_and_quotes() {
        assert_eq!(capitalize("mevrouw Kuipers zegt"), "Mevrouw Kuipers zegt");
        assert_eq!(capitalize("élan"), "Élan");
        assert_eq!(capitalize(""), "");
        assert_eq!(
            printable("a\u{1b}]0;x\u{7}b\n\tc"),
            "a\\u{1b}]0;x\\u{7}b\n\tc"
        );
        assert_eq!(quoted("\"Pull up a chair.\""), "“Pull up a chair.”");
        assert_eq!(quoted(" “Sign today.” "), "“Sign today.”");
        assert_eq!(quoted("Call Harry."), "“Call Harry.”");
        assert_eq!(
            quoted("Laugh. \"Hockey's worse.\""),
            "“Laugh. ‘Hockey's worse.’”"
        );
        assert_eq!(
            quoted("“Two minutes.” To Noor: “Open wide.”"),
            "“‘Two minutes.’ To Noor: ‘Open wide.’”"
        );
    }
}
