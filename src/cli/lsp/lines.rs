//! Byte offsets ⇄ LSP positions. LSP counts a position's `character` in UTF-16 code units
//! (the default and only encoding this server announces): `é` is one unit and two bytes,
//! `🙂` two units and four bytes. Lines end at `\n`, `\r\n` or a lone `\r`, as in LSP.

use lsp_types::{Position, Range};

/// Where each line of a text starts.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The position of a byte offset (clamped to the text, and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(self.len).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, span: (usize, usize)) -> Range {
        Range::new(self.position(text, span.0), self.position(text, span.1))
    }

    /// The byte offset of a position. A line past the end gives the end of the text; a
    /// character past the end of its line gives the line's end; one inside a surrogate pair
    /// gives the start of that character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let line_text = text[start..end].trim_end_matches(['\n', '\r']);
        let mut units = 0usize;
        for (i, c) in line_text.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
            if units > pos.character as usize {
                return start + i;
            }
        }
        start + line_text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_emoji_count_in_utf16_units() {
        let text = "ab\n  \"café 🙂\" x\r\nlast\rone";
        let ix = LineIndex::new(text);
        let x = text.find(" x").unwrap() + 1;
        // "  \"café 🙂\" " = 2 + 1 + 4 + 1 + 2 + 1 + 1 = 12 units
        assert_eq!(ix.position(text, x), Position::new(1, 12));
        assert_eq!(ix.offset(text, Position::new(1, 12)), x);
        let emoji = text.find('🙂').unwrap();
        assert_eq!(ix.position(text, emoji), Position::new(1, 8));
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(ix.offset(text, Position::new(1, 9)), emoji);
        assert_eq!(ix.offset(text, Position::new(1, 10)), emoji + 4);
        // A lone \r ends a line too; past the end clamps.
        assert_eq!(
            ix.position(text, text.find("one").unwrap()),
            Position::new(3, 0)
        );
        assert_eq!(
            ix.offset(text, Position::new(2, 99)),
            text.find("\rone").unwrap()
        );
        assert_eq!(ix.offset(text, Position::new(9, 0)), text.len());
        // A byte inside a character counts from its start.
        assert_eq!(ix.position(text, emoji + 1), Position::new(1, 8));
    }
}
