//! The letter itself: letterhead, address for the window envelope, and the Dutch text (B1).

use crate::LetterContent;
use crate::code_box;
use crate::format::dutch_date;
use crate::layout::{self, GREY, MARGIN, MM, PAGE_HEIGHT, PAGE_WIDTH, Pages, TEXT_WIDTH};
use crate::metrics::Font;
use crate::wording::{introduction, lost_or_expired, never_asked, steps};
use crate::wrap::{Span, bold, fit_line, plain};

const BODY: f32 = 10.0;
const LEADING: f32 = 13.2;
/// Space between paragraphs.
const PARAGRAPH: f32 = 4.5;
/// Address block for a window envelope: 50 mm from the top, at the left margin.
const ADDRESS_TOP: f32 = 50.0 * MM;
const ADDRESS_WIDTH: f32 = 85.0 * MM;
/// Recipient plus at most this many address lines fit the window.
const ADDRESS_LINES: usize = 5;
/// The date stands right of the address block, outside the envelope window.
const DATE_RIGHT: f32 = PAGE_WIDTH - MARGIN;
/// Below the longest address block (six lines).
const SUBJECT_TOP: f32 = 83.0 * MM;
/// Hanging indent of the numbered steps.
const STEP_INDENT: f32 = 6.0 * MM;

/// Lays out one letter; returns the content stream of each of its pages.
pub fn layout(letter: &LetterContent) -> Vec<Vec<u8>> {
    let mut pages = Pages::new();
    letterhead(&mut pages, letter);
    address(&mut pages, letter);

    date(&mut pages, letter);
    pages.y = SUBJECT_TOP;
    let subject = format!("Uw persoonlijke code voor {}", letter.brand_name.trim());
    pages.paragraph(MARGIN, TEXT_WIDTH, 12.0, 16.0, &[bold(subject)]);
    pages.gap(PARAGRAPH);

    body(
        &mut pages,
        &format!("Beste {},", letter.recipient_name.trim()),
    );
    for spans in introduction(letter) {
        paragraph(&mut pages, &spans);
    }
    code_box::draw(&mut pages, letter);
    pages.gap(PARAGRAPH + 1.0);

    pages.ensure(2.0 * LEADING);
    pages.paragraph(
        MARGIN,
        TEXT_WIDTH,
        11.0,
        LEADING,
        &[bold("Zo maakt u een account aan")],
    );
    pages.gap(1.0);
    for (number, spans) in steps(letter).iter().enumerate() {
        step(&mut pages, number + 1, spans);
    }
    pages.gap(PARAGRAPH);
    paragraph(&mut pages, &lost_or_expired(letter));
    paragraph(&mut pages, &never_asked(letter));

    pages.ensure(2.0 * LEADING);
    pages.paragraph(
        MARGIN,
        TEXT_WIDTH,
        BODY,
        LEADING,
        &[plain("Met vriendelijke groet,")],
    );
    pages.paragraph(
        MARGIN,
        TEXT_WIDTH,
        BODY,
        LEADING,
        &[plain(letter.provider_name.trim())],
    );

    page_numbers(&mut pages);
    pages.finish()
}

/// A body paragraph and the space after it.
fn paragraph(pages: &mut Pages, spans: &[Span]) {
    pages.paragraph(MARGIN, TEXT_WIDTH, BODY, LEADING, spans);
    pages.gap(PARAGRAPH);
}

fn body(pages: &mut Pages, text: &str) {
    paragraph(pages, &[plain(text)]);
}

/// The provider's name large, the secretariat below it in small grey print, and a rule.
fn letterhead(pages: &mut Pages, letter: &LetterContent) {
    let content = pages.content();
    let name = fit_line(&letter.provider_name, Font::Bold, 16.0, TEXT_WIDTH);
    layout::draw_text(content, MARGIN, 22.0 * MM, Font::Bold, 16.0, &name);
    let contact = [
        letter.secretariat_phone.trim(),
        letter.secretariat_email.trim(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("  ·  ");
    if !contact.is_empty() {
        let line = fit_line(
            &format!("Secretariaat: {contact}"),
            Font::Regular,
            9.0,
            TEXT_WIDTH,
        );
        content.set_fill_gray(GREY);
        layout::draw_text(content, MARGIN, 28.0 * MM, Font::Regular, 9.0, &line);
        content.set_fill_gray(0.0);
    }
    content.set_stroke_gray(0.75);
    content.set_line_width(0.5);
    content.move_to(MARGIN, PAGE_HEIGHT - 32.0 * MM);
    content.line_to(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 32.0 * MM);
    content.stroke();
}

/// "Datum: 23 november 2026", level with the first address line, against the right margin.
fn date(pages: &mut Pages, letter: &LetterContent) {
    let text = format!("Datum: {}", dutch_date(letter.issued_on));
    let bytes = fit_line(
        &text,
        Font::Regular,
        BODY,
        TEXT_WIDTH - ADDRESS_WIDTH - 5.0 * MM,
    );
    let x = DATE_RIGHT - Font::Regular.width(&bytes, BODY);
    layout::draw_text(
        pages.content(),
        x,
        ADDRESS_TOP + BODY,
        Font::Regular,
        BODY,
        &bytes,
    );
}

/// Recipient and address, each line cut to the window's width.
fn address(pages: &mut Pages, letter: &LetterContent) {
    let content = pages.content();
    let lines = std::iter::once(&letter.recipient_name).chain(
        letter
            .address_lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .take(ADDRESS_LINES),
    );
    for (i, line) in lines.enumerate() {
        let bytes = fit_line(line, Font::Regular, BODY, ADDRESS_WIDTH);
        let baseline = ADDRESS_TOP + i as f32 * 13.0 + BODY;
        layout::draw_text(content, MARGIN, baseline, Font::Regular, BODY, &bytes);
    }
}

/// One numbered step with a hanging indent.
fn step(pages: &mut Pages, number: usize, spans: &[Span]) {
    pages.ensure(LEADING);
    let baseline = pages.y + layout::baseline_offset(BODY, LEADING);
    let label = format!("{number}.");
    layout::draw_text(
        pages.content(),
        MARGIN,
        baseline,
        Font::Bold,
        BODY,
        label.as_bytes(),
    );
    pages.paragraph(
        MARGIN + STEP_INDENT,
        TEXT_WIDTH - STEP_INDENT,
        BODY,
        LEADING,
        spans,
    );
    pages.gap(1.0);
}

/// "Pagina 1 van 2" at the foot of each page, only when the letter has more than one.
fn page_numbers(pages: &mut Pages) {
    let count = pages.count();
    if count < 2 {
        return;
    }
    for index in 0..count {
        let text = format!("Pagina {} van {count}", index + 1);
        let width = Font::Regular.width(text.as_bytes(), 8.5);
        if let Some(content) = pages.page(index) {
            content.set_fill_gray(GREY);
            let x = PAGE_WIDTH - MARGIN - width;
            layout::draw_text(
                content,
                x,
                PAGE_HEIGHT - 12.0 * MM,
                Font::Regular,
                8.5,
                text.as_bytes(),
            );
            content.set_fill_gray(0.0);
        }
    }
}
