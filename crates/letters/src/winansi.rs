//! Unicode text to WinAnsiEncoding bytes, the encoding of the standard PDF fonts we use.
//!
//! WinAnsi (Windows-1252 as PDF defines it) covers ASCII, Latin-1 (so ë, é, ï, ó, ü, ç)
//! and a few extra signs in 0x80..=0x9F (€, ‘ ’ “ ”, –, —, …, •, Š, Ž, Œ, Ÿ).
//! Every other character, such as Polish ł or an emoji, becomes `?`: the fonts are not
//! embedded, so no other glyph can be shown. Tabs, line breaks and other whitespace become
//! a plain space; other control characters are dropped.

/// The byte WinAnsiEncoding uses for `c`, or `None` when it has none.
pub fn byte_for(c: char) -> Option<u8> {
    let code = u32::from(c);
    match code {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(code).ok(),
        _ => extra_byte(c),
    }
}

/// The signs WinAnsi puts in 0x80..=0x9F.
fn extra_byte(c: char) -> Option<u8> {
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// `text` as WinAnsi bytes: whitespace becomes a space, other control characters are
/// dropped and characters WinAnsi lacks become `?`.
pub fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(b' ')
            } else if c.is_control() {
                None
            } else {
                Some(byte_for(c).unwrap_or(b'?'))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use super::*;

    #[test]
    fn dutch_characters_map_to_their_winansi_bytes() {
        assert_eq!(
            encode("ë é ï ó €"),
            [0xEB, b' ', 0xE9, b' ', 0xEF, b' ', 0xF3, b' ', 0x80]
        );
        assert_eq!(encode("één"), [0xE9, 0xE9, b'n']);
        assert_eq!(
            encode("‘Ja’ – …"),
            [0x91, b'J', b'a', 0x92, b' ', 0x96, b' ', 0x85]
        );
        assert_eq!(encode("Cliënt"), b"Cli\xEBnt");
    }

    #[test]
    fn characters_outside_winansi_become_a_question_mark() {
        assert_eq!(encode("Łódź"), b"?\xF3d?");
        assert_eq!(encode("a😀b"), b"a?b");
        assert_eq!(encode("字"), b"?");
    }

    #[test]
    fn whitespace_becomes_a_space_and_controls_go() {
        assert_eq!(encode("a\tb\nc\u{7}d"), b"a b cd");
        assert_eq!(byte_for('\u{A0}'), Some(0xA0));
        assert_eq!(byte_for('\u{81}'), None);
    }
}
