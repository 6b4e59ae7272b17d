//! Player-facing text in every language a scenario ships.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The languages every player-facing text must be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Nl,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
}

impl Text {
    pub fn new(en: impl Into<String>, nl: impl Into<String>) -> Text {
        Text {
            en: Some(en.into()),
            nl: Some(nl.into()),
        }
    }

    pub fn get_opt(&self, lang: Lang) -> Option<&str> {
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

/// The text with its first letter in upper case: names written mid-sentence style
/// ("meneer Visser") still open a sentence or a label properly.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Wraps a quotation in curly quotes, unless it is already quoted.
pub fn quoted(s: &str, lang: Lang) -> String {
    let s = s.trim();
    if s.starts_with(['"', '“', '‘', '„', '\'']) {
        s.to_string()
    } else {
        match lang {
            Lang::En => format!("“{s}”"),
            Lang::Nl => format!("‘{s}’"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalizes_and_quotes() {
        assert_eq!(capitalize("mevrouw Kuipers zegt"), "Mevrouw Kuipers zegt");
        assert_eq!(capitalize("élan"), "Élan");
        assert_eq!(capitalize(""), "");
        assert_eq!(quoted("\"Sign today.\"", Lang::En), "\"Sign today.\"");
        assert_eq!(quoted("Call Harry.", Lang::En), "“Call Harry.”");
        assert_eq!(quoted("Bel Harry.", Lang::Nl), "‘Bel Harry.’");
    }
}
