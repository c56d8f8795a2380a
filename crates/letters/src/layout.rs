//! A4 pages with a cursor that runs from top to bottom and starts a new page when full.
//!
//! Positions are measured in points from the top left corner, as a reader sees the page;
//! only the drawing calls turn them into PDF coordinates (from the bottom left).

use crate::metrics::Font;
use crate::wrap::{self, Line, Span};
use pdf_writer::{Content, Name, Str};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// A4.
pub const PAGE_WIDTH: f32 = 210.0 * MM;
pub const PAGE_HEIGHT: f32 = 297.0 * MM;
/// Left and right margin.
pub const MARGIN: f32 = 25.0 * MM;
/// Width of the text column.
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where text starts on a follow-on page.
const TOP: f32 = 25.0 * MM;
/// Text stops here; below is room for the page number.
const BOTTOM: f32 = PAGE_HEIGHT - 18.0 * MM;

/// Text colour of small print.
pub const GREY: f32 = 0.35;

/// The pages of one letter, being filled.
pub struct Pages {
    pages: Vec<Content>,
    /// The cursor, from the top of the current page.
    pub y: f32,
}

impl Pages {
    /// One empty page, the cursor at the top margin.
    pub fn new() -> Self {
        Self {
            pages: vec![Content::new()],
            y: TOP,
        }
    }

    /// The content stream of the current page.
    pub fn content(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page when `height` more points do not fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.pages.push(Content::new());
            self.y = TOP;
        }
    }

    /// Moves the cursor down; a gap never starts a new page by itself.
    pub fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// Wraps `spans` into the column from `x`, `width` wide, one `leading` per line.
    pub fn paragraph(&mut self, x: f32, width: f32, size: f32, leading: f32, spans: &[Span]) {
        for line in wrap::wrap(spans, size, width) {
            self.ensure(leading);
            let baseline = self.y + baseline_offset(size, leading);
            draw_line(self.content(), x, baseline, size, &line);
            self.y += leading;
        }
    }

    /// How many pages there are.
    pub fn count(&self) -> usize {
        self.pages.len()
    }

    /// The content streams, one per page.
    pub fn finish(self) -> Vec<Vec<u8>> {
        self.pages
            .into_iter()
            .map(|c| c.finish().to_vec())
            .collect()
    }

    /// The content stream of page `index` (from 0).
    pub fn page(&mut self, index: usize) -> Option<&mut Content> {
        self.pages.get_mut(index)
    }
}

/// Where the baseline sits below the top of a line box.
pub fn baseline_offset(size: f32, leading: f32) -> f32 {
    (leading - size) / 2.0 + size * 0.8
}

/// Draws one wrapped line with its baseline `baseline` points from the top.
pub fn draw_line(content: &mut Content, x: f32, baseline: f32, size: f32, line: &Line) {
    content.begin_text();
    content.next_line(x, PAGE_HEIGHT - baseline);
    for run in line {
        content.set_font(Name(run.font.resource()), size);
        content.show(Str(&run.bytes));
    }
    content.end_text();
}

/// Draws WinAnsi `bytes` in one font.
pub fn draw_text(
    content: &mut Content,
    x: f32,
    baseline: f32,
    font: Font,
    size: f32,
    bytes: &[u8],
) {
    let line = vec![wrap::Run {
        font,
        bytes: bytes.to_vec(),
    }];
    draw_line(content, x, baseline, size, &line);
}

/// Fills a rectangle in `gray` (0 black, 1 white), `top` points from the top of the page.
pub fn fill_rect(content: &mut Content, x: f32, top: f32, width: f32, height: f32, gray: f32) {
    content.set_fill_gray(gray);
    content.rect(x, PAGE_HEIGHT - top - height, width, height);
    content.fill_nonzero();
    content.set_fill_gray(0.0);
}
