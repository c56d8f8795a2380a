//! The light box with the code printed large, its validity, and the QR code beside it.

use crate::LetterContent;
use crate::format::{dutch_date, group_code};
use crate::layout::{self, MARGIN, MM, Pages, TEXT_WIDTH};
use crate::metrics::Font;
use crate::qr::QrMatrix;
use crate::wrap::fit_line;
use pdf_writer::{Content, Name};

/// Height of the box.
pub const HEIGHT: f32 = 41.0 * MM;
/// Side of the QR code, quiet zone included.
const QR_SIZE: f32 = 30.0 * MM;
/// Modules of white around the QR code, as the standard asks.
const QUIET_ZONE: usize = 4;
const PADDING: f32 = 5.0 * MM;
const BOX_GRAY: f32 = 0.93;
const CODE_SIZE: f32 = 26.0;
/// Extra room between the code's digits, so each one is easy to read.
const CODE_SPACING: f32 = 1.5;

/// Draws the box at the cursor (on a new page if it does not fit) and moves below it.
pub fn draw(pages: &mut Pages, letter: &LetterContent) {
    pages.ensure(HEIGHT);
    let top = pages.y;
    let content = pages.content();
    layout::fill_rect(content, MARGIN, top, TEXT_WIDTH, HEIGHT, BOX_GRAY);

    let qr_x = MARGIN + TEXT_WIDTH - PADDING - QR_SIZE;
    let qr_top = top + 3.5 * MM;
    let text_x = MARGIN + 6.0 * MM;
    let text_width = qr_x - 6.0 * MM - text_x;

    let label = format!("Persoonlijke code van {}", letter.client_name.trim());
    let label = fit_line(&label, Font::Regular, 10.0, text_width);
    layout::draw_text(content, text_x, top + 9.5 * MM, Font::Regular, 10.0, &label);

    draw_code(
        content,
        text_x,
        top + 20.0 * MM,
        text_width,
        &group_code(&letter.code),
    );

    let until = format!(
        "Deze code is geldig tot en met {}.",
        dutch_date(letter.expires_on)
    );
    let until = fit_line(&until, Font::Regular, 10.0, text_width);
    layout::draw_text(
        content,
        text_x,
        top + 28.5 * MM,
        Font::Regular,
        10.0,
        &until,
    );
    let once = fit_line("De code werkt maar één keer.", Font::Bold, 10.0, text_width);
    layout::draw_text(content, text_x, top + 34.0 * MM, Font::Bold, 10.0, &once);

    if let Some(matrix) = QrMatrix::encode(&letter.registration_url_with_code) {
        draw_qr(content, qr_x, qr_top, &matrix);
        let caption = fit_line("Scan om te beginnen", Font::Regular, 8.5, QR_SIZE + PADDING);
        let caption_x = qr_x + (QR_SIZE - Font::Regular.width(&caption, 8.5)) / 2.0;
        layout::draw_text(
            content,
            caption_x,
            qr_top + QR_SIZE + 3.8 * MM,
            Font::Regular,
            8.5,
            &caption,
        );
    }
    pages.y = top + HEIGHT;
}

/// The code, bold and large, shrunk only if an unusually long code would not fit.
fn draw_code(content: &mut Content, x: f32, baseline: f32, width: f32, code: &str) {
    let bytes = crate::winansi::encode(code);
    let spacing = CODE_SPACING * bytes.len().saturating_sub(1) as f32;
    let natural = Font::Bold.width(&bytes, CODE_SIZE) + spacing;
    let size = if natural > width {
        CODE_SIZE * width / natural
    } else {
        CODE_SIZE
    };
    content.begin_text();
    content.set_char_spacing(CODE_SPACING * size / CODE_SIZE);
    content.set_font(Name(Font::Bold.resource()), size);
    content.next_line(x, layout::PAGE_HEIGHT - baseline);
    content.show(pdf_writer::Str(&bytes));
    content.set_char_spacing(0.0);
    content.end_text();
}

/// The QR code on a white square (its quiet zone), `QR_SIZE` wide. The dark modules sit in
/// a marked-content section tagged `/QRCode`, so tests can find exactly what was drawn.
fn draw_qr(content: &mut Content, x: f32, top: f32, matrix: &QrMatrix) {
    layout::fill_rect(content, x, top, QR_SIZE, QR_SIZE, 1.0);
    let module = QR_SIZE / (matrix.width() + 2 * QUIET_ZONE) as f32;
    content.begin_marked_content(Name(b"QRCode"));
    content.set_fill_gray(0.0);
    for run in matrix.runs() {
        let rx = x + (run.x + QUIET_ZONE) as f32 * module;
        let rtop = top + (run.y + QUIET_ZONE) as f32 * module;
        content.rect(
            rx,
            layout::PAGE_HEIGHT - rtop - module,
            run.len as f32 * module,
            module,
        );
    }
    content.fill_nonzero();
    content.end_marked_content();
}
