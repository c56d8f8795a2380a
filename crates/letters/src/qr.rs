//! The QR code on the letter: its module matrix, drawn as horizontal runs of dark modules.

use qrcode::{Color, EcLevel, QrCode};

/// A QR code's modules, without the quiet zone.
#[derive(Clone, Debug)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

/// A horizontal run of dark modules: row `y`, from column `x`, `len` modules long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub y: usize,
    pub x: usize,
    pub len: usize,
}

impl QrMatrix {
    /// The QR code for `data`, with medium error correction (a crease or smudge in the paper
    /// still scans). `None` when `data` is too long for any QR code.
    pub fn encode(data: &str) -> Option<Self> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        Some(Self {
            width: code.width(),
            dark,
        })
    }

    /// Modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The dark modules, row by row, merged into runs so the PDF has few rectangles.
    pub fn runs(&self) -> Vec<Run> {
        let mut runs = Vec::new();
        for (y, row) in self.dark.chunks(self.width.max(1)).enumerate() {
            let mut x = 0;
            while x < row.len() {
                if row[x] {
                    let len = row[x..].iter().take_while(|&&d| d).count();
                    runs.push(Run { y, x, len });
                    x += len;
                } else {
                    x += 1;
                }
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use super::*;

    /// Paints the runs, with a four-module quiet zone, `scale` pixels per module.
    fn paint(matrix: &QrMatrix, scale: usize) -> (usize, Vec<u8>) {
        let side = (matrix.width() + 8) * scale;
        let mut pixels = vec![255u8; side * side];
        for run in matrix.runs() {
            for py in (run.y + 4) * scale..(run.y + 5) * scale {
                for px in (run.x + 4) * scale..(run.x + 4 + run.len) * scale {
                    pixels[py * side + px] = 0;
                }
            }
        }
        (side, pixels)
    }

    #[test]
    fn the_drawn_runs_decode_back_to_the_data() {
        let url = "https://zorgkring.example/registreren?code=1234567890";
        let matrix = QrMatrix::encode(url).unwrap();
        let (side, pixels) = paint(&matrix, 4);
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let matrix = QrMatrix::encode("abc").unwrap();
        let covered: usize = matrix.runs().iter().map(|r| r.len).sum();
        assert_eq!(covered, matrix.dark.iter().filter(|&&d| d).count());
        assert!(matrix.runs().iter().all(|r| r.x + r.len <= matrix.width()));
    }

    #[test]
    fn data_too_long_for_a_qr_code_gives_none() {
        assert!(QrMatrix::encode(&"x".repeat(5000)).is_none());
    }
}
