//! Glyph widths of the two standard fonts, for measuring and wrapping text.
//!
//! The numbers are Adobe's Font Metrics (AFM) for Helvetica and Helvetica-Bold, in
//! thousandths of the font size, laid out by WinAnsiEncoding code from 32 to 255. The codes
//! WinAnsi leaves empty (127, 129, 141, 143, 144, 157) carry the bullet width; [`crate::winansi`]
//! never produces them.

/// One of the two fonts a letter uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The resource name the page content uses for this font.
    pub fn resource(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    /// The width of one WinAnsi byte, in thousandths of the font size.
    pub fn glyph_width(self, byte: u8) -> u16 {
        let table = match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        };
        byte.checked_sub(32)
            .and_then(|i| table.get(usize::from(i)))
            .copied()
            .unwrap_or(0)
    }

    /// The width of WinAnsi `bytes` at font `size`, in points.
    pub fn width(self, bytes: &[u8], size: f32) -> f32 {
        let units: u32 = bytes.iter().map(|&b| u32::from(self.glyph_width(b))).sum();
        // Lines are short: the sum stays far below 2^24, where f32 would round.
        units as f32 * size / 1000.0
    }
}

/// Helvetica, WinAnsi codes 32..=255.
#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 32
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 48
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 64
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 80
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 96
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350, // 112
    556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, // 128
    350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667, // 144
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 224
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 240
];

/// Helvetica-Bold, WinAnsi codes 32..=255.
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 32
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 48
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 64
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 80
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 96
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 350, // 112
    556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, // 128
    350, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667, // 144
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 224
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 240
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use super::*;

    #[test]
    fn widths_match_the_adobe_metrics() {
        assert_eq!(Font::Regular.glyph_width(b' '), 278);
        assert_eq!(Font::Regular.glyph_width(b'@'), 1015);
        assert_eq!(Font::Regular.glyph_width(b'i'), 222);
        assert_eq!(Font::Regular.glyph_width(b'W'), 944);
        assert_eq!(Font::Regular.glyph_width(0xEB), 556); // ë
        assert_eq!(Font::Regular.glyph_width(0x80), 556); // €
        assert_eq!(Font::Bold.glyph_width(b'@'), 975);
        assert_eq!(Font::Bold.glyph_width(b'i'), 278);
        assert_eq!(Font::Bold.glyph_width(0xFF), 556); // ÿ
        assert_eq!(Font::Regular.glyph_width(b'\n'), 0);
    }

    #[test]
    fn width_scales_with_the_size() {
        assert!((Font::Regular.width(b"0123456789", 10.0) - 55.6).abs() < 1e-3);
        assert!((Font::Bold.width(b"mm", 12.0) - 21.336).abs() < 1e-3);
    }
}
