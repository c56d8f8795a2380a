//! Puts the laid-out pages into one PDF file: two standard fonts, no embedding, no clock.

use crate::layout::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::metrics::Font;
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Settings, TextStr};

const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const REGULAR: Ref = Ref::new(3);
const BOLD: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);
const FIRST_PAGE: i32 = 6;

/// A PDF with one page per content stream, in order. The file holds no date or random ID,
/// so the same pages always give the same bytes.
pub fn document(pages: &[Vec<u8>], title: &str) -> Vec<u8> {
    let mut pdf = Pdf::with_settings(Settings { pretty: false });
    let mut next = Ref::new(FIRST_PAGE);
    // (page, content stream) for each page.
    let refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (next.bump(), next.bump())).collect();

    pdf.catalog(CATALOG).pages(PAGE_TREE);
    pdf.pages(PAGE_TREE)
        .kids(refs.iter().map(|&(page, _)| page))
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    for (reference, base) in [(REGULAR, "Helvetica"), (BOLD, "Helvetica-Bold")] {
        pdf.type1_font(reference)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(INFO)
        .producer(TextStr("Zorgkring"))
        .title(TextStr(title));

    for (content, &(page_ref, content_ref)) in pages.iter().zip(&refs) {
        let mut page = pdf.page(page_ref);
        page.parent(PAGE_TREE)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_ref);
        page.resources()
            .fonts()
            .pair(Name(Font::Regular.resource()), REGULAR)
            .pair(Name(Font::Bold.resource()), BOLD);
        page.finish();
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(content, 6);
        pdf.stream(content_ref, &compressed)
            .filter(Filter::FlateDecode);
    }
    pdf.finish()
}
