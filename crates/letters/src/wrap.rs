//! Measuring and breaking text into lines that fit a width, in one or two fonts.
//!
//! Text is broken at spaces. A word wider than the whole line (a long e-mail address or
//! URL) is broken between characters, so no line is ever wider than asked. Single-line
//! fields, such as an address line, are instead cut and end in an ellipsis.

use crate::metrics::Font;
use crate::winansi;

/// Text in one font, as a paragraph is written: `[plain("Ga naar "), bold(url)]`.
#[derive(Clone, Debug)]
pub struct Span {
    pub font: Font,
    pub text: String,
}

/// A span in the regular font.
pub fn plain(text: impl Into<String>) -> Span {
    Span {
        font: Font::Regular,
        text: text.into(),
    }
}

/// A span in the bold font.
pub fn bold(text: impl Into<String>) -> Span {
    Span {
        font: Font::Bold,
        text: text.into(),
    }
}

/// A run of WinAnsi bytes in one font within a line; it includes its leading space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub font: Font,
    pub bytes: Vec<u8>,
}

/// One wrapped line.
pub type Line = Vec<Run>;

/// The width of a line at `size`, in points.
pub fn line_width(line: &[Run], size: f32) -> f32 {
    line.iter().map(|r| r.font.width(&r.bytes, size)).sum()
}

/// A word: pieces in possibly different fonts with no space between them.
type Word = Vec<Run>;

/// The words of `spans`, in order.
fn words(spans: &[Span]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Word = Vec::new();
    for span in spans {
        for byte in winansi::encode(&span.text) {
            if byte == b' ' {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                continue;
            }
            match current.last_mut() {
                Some(run) if run.font == span.font => run.bytes.push(byte),
                _ => current.push(Run {
                    font: span.font,
                    bytes: vec![byte],
                }),
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Appends `piece` to `line`, merging it with the last run when the font is the same.
fn push_run(line: &mut Line, piece: Run) {
    match line.last_mut() {
        Some(last) if last.font == piece.font => last.bytes.extend(piece.bytes),
        _ => line.push(piece),
    }
}

/// Splits a word too wide for a line into pieces of at most `max` points each (at least one
/// character per piece, so a width smaller than one glyph still makes progress).
fn split_word(word: Word, size: f32, max: f32) -> Vec<Word> {
    let mut pieces: Vec<Word> = Vec::new();
    let mut current: Word = Vec::new();
    let mut width = 0.0;
    for run in word {
        for byte in run.bytes {
            let w = run.font.width(&[byte], size);
            if width + w > max && !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
                width = 0.0;
            }
            push_run(
                &mut current,
                Run {
                    font: run.font,
                    bytes: vec![byte],
                },
            );
            width += w;
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Breaks `spans` into lines no wider than `max` points at font `size`.
pub fn wrap(spans: &[Span], size: f32, max: f32) -> Vec<Line> {
    let space = Font::Regular.width(b" ", size);
    let mut lines: Vec<Line> = Vec::new();
    let mut line: Line = Vec::new();
    let mut width = 0.0;
    for word in words(spans) {
        let word_width = line_width(&word, size);
        let pieces = if word_width > max {
            split_word(word, size, max)
        } else {
            vec![word]
        };
        for piece in pieces {
            let piece_width = line_width(&piece, size);
            if !line.is_empty() && width + space + piece_width > max {
                lines.push(std::mem::take(&mut line));
                width = 0.0;
            }
            let mut runs = piece.into_iter();
            if !line.is_empty()
                && let Some(mut first) = runs.next()
            {
                first.bytes.insert(0, b' ');
                push_run(&mut line, first);
                width += space;
            }
            for run in runs {
                push_run(&mut line, run);
            }
            width += piece_width;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` in `font` on one line of at most `max` points: cut and ended with "…" when longer.
pub fn fit_line(text: &str, font: Font, size: f32, max: f32) -> Vec<u8> {
    let mut bytes = winansi::encode(text.trim());
    if font.width(&bytes, size) <= max {
        return bytes;
    }
    const ELLIPSIS: u8 = 0x85;
    let room = max - font.width(&[ELLIPSIS], size);
    while !bytes.is_empty() && font.width(&bytes, size) > room {
        bytes.pop();
    }
    while bytes.last() == Some(&b' ') {
        bytes.pop();
    }
    bytes.push(ELLIPSIS);
    bytes
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use super::*;

    fn text_of(line: &[Run]) -> Vec<u8> {
        line.iter().flat_map(|r| r.bytes.clone()).collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_every_word() {
        let spans = [
            plain("Ga naar "),
            bold("https://zorgkring.example/registreren"),
            plain(" en kies ‘Account aanmaken’."),
        ];
        let lines = wrap(&spans, 10.0, 250.0);
        assert!(lines.len() > 1);
        let joined: Vec<u8> = lines
            .iter()
            .map(|l| text_of(l))
            .collect::<Vec<_>>()
            .join(&b' ');
        assert_eq!(
            joined,
            winansi::encode(
                "Ga naar https://zorgkring.example/registreren en kies ‘Account aanmaken’."
            )
        );
        assert!(lines.iter().any(|l| l.iter().any(|r| r.font == Font::Bold)));
    }

    #[test]
    fn punctuation_after_a_bold_word_stays_on_its_line() {
        let lines = wrap(
            &[plain("Bel "), bold("010-1234567"), plain(".")],
            10.0,
            500.0,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].len(), 3);
        assert_eq!(lines[0][2].bytes, b".");
    }

    #[test]
    fn no_line_is_ever_wider_than_asked() {
        let long_word = "x".repeat(300);
        let inputs = [
            "Beste Maria Johanna Wilhelmina van den Heuvel-Oosterbroek-Schimmelpenninck,"
                .to_string(),
            long_word,
            format!(
                "Ga naar https://zorgkring.example/{} of bel",
                "registreren".repeat(12)
            ),
            "Wërëldë dëëlnëmër ïnfórmatië ".repeat(40),
            "W".to_string(),
            "a b c d e f g h i j k l m n o p".to_string(),
        ];
        for text in &inputs {
            for &(size, max) in &[(10.0, 453.0), (10.0, 120.0), (24.0, 60.0), (8.0, 30.0)] {
                for font in [Font::Regular, Font::Bold] {
                    let span = Span {
                        font,
                        text: text.clone(),
                    };
                    let lines = wrap(&[span], size, max);
                    assert!(!lines.is_empty());
                    for line in &lines {
                        let w = line_width(line, size);
                        assert!(w <= max + 1e-3, "{w} > {max} for {text:?}");
                    }
                    let kept: usize = lines
                        .iter()
                        .map(|l| text_of(l).iter().filter(|&&b| b != b' ').count())
                        .sum();
                    assert_eq!(
                        kept,
                        winansi::encode(text).iter().filter(|&&b| b != b' ').count()
                    );
                }
                let fitted = fit_line(text, Font::Bold, size, max);
                assert!(Font::Bold.width(&fitted, size) <= max + 1e-3);
            }
        }
    }

    #[test]
    fn fit_line_cuts_with_an_ellipsis_only_when_needed() {
        assert_eq!(
            fit_line("Kerkstraat 1", Font::Regular, 10.0, 200.0),
            b"Kerkstraat 1"
        );
        let cut = fit_line(
            "Burgemeester van Walsum-Oosterhoutlaan 1234 bis",
            Font::Regular,
            10.0,
            100.0,
        );
        assert_eq!(cut.last(), Some(&0x85));
        assert!(cut.starts_with(b"Burgemeester"));
        assert!(Font::Regular.width(&cut, 10.0) <= 100.0);
    }
}
