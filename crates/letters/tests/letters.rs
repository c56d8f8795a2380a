#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
//! The rendered PDFs: well-formed, saying what they must, with a QR code that scans, and
//! the same bytes every time.

use jiff::civil::date;
use lopdf::content::Content;
use lopdf::{Document, Object};
use zk_letters::{LetterContent, render_batch, render_letter};

fn letter(code: &str) -> LetterContent {
    LetterContent {
        provider_name: "Praktijk De Linde GGZ".into(),
        secretariat_phone: "010-1234567".into(),
        secretariat_email: "secretariaat@delinde.nl".into(),
        recipient_name: "Anna de Vries".into(),
        address_lines: vec!["Kerkstraat 12".into(), "1234 AB  Hoofddorp".into()],
        client_name: "Anna de Vries".into(),
        addressed_to_representative: false,
        code: code.into(),
        client_birth_date_hint: true,
        issued_on: date(2026, 11, 23),
        expires_on: date(2027, 1, 22),
        registration_url: "https://zorgkring.example/registreren".into(),
        registration_url_with_code: format!("https://zorgkring.example/registreren?code={code}"),
        brand_name: "Zorgkring".into(),
    }
}

/// The text of page `number` (from 1), whitespace collapsed to single spaces.
fn page_text(doc: &Document, number: u32) -> String {
    let text = doc.extract_text(&[number]).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn number(object: &Object) -> f32 {
    match object {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn a_letter_is_one_well_formed_page_saying_what_it_must() {
    let pdf = render_letter(&letter("4827193056"));
    assert!(pdf.starts_with(b"%PDF-"));
    let doc = Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let text = page_text(&doc, 1);
    for expected in [
        "482 719 3056",
        "Anna de Vries",
        "22 januari 2027",
        "Deze code is geldig tot en met 22 januari 2027.",
        "De code werkt maar één keer.",
        "010-1234567",
        "secretariaat@delinde.nl",
        "https://zorgkring.example/registreren",
        "Datum: 23 november 2026",
        "Uw persoonlijke code voor Zorgkring",
        "Beste Anna de Vries,",
        "Scan om te beginnen",
        "Met vriendelijke groet,",
        "uw geboortedatum",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(
        !text.contains("Pagina"),
        "a one-page letter has no page numbers"
    );
}

#[test]
fn the_info_names_the_producer_and_no_date() {
    let pdf = render_letter(&letter("4827193056"));
    let doc = Document::load_mem(&pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert_eq!(
        info.get(b"Producer").unwrap().as_str().unwrap(),
        b"Zorgkring"
    );
    assert!(info.get(b"CreationDate").is_err());
}

#[test]
fn a_representative_is_told_whose_account_and_whose_birth_date() {
    let mut content = letter("1112223334");
    content.recipient_name = "J. Jansen".into();
    content.client_name = "Sem Jansen".into();
    content.addressed_to_representative = true;
    let doc = Document::load_mem(&render_letter(&content)).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let text = page_text(&doc, 1);
    assert!(text.contains("Beste J. Jansen,"));
    assert!(text.contains("een account aan voor Sem Jansen"), "{text}");
    assert!(text.contains("geboortedatum van Sem Jansen"), "{text}");
    assert!(text.contains("niet uw eigen geboortedatum"), "{text}");
    assert!(text.contains("Persoonlijke code van Sem Jansen"), "{text}");
}

#[test]
fn a_batch_puts_each_letter_with_its_own_code_on_its_own_page() {
    let codes = ["1000000001", "2000000002", "3000000003"];
    let letters: Vec<_> = codes.iter().map(|c| letter(c)).collect();
    let doc = Document::load_mem(&render_batch(&letters)).unwrap();
    assert_eq!(doc.get_pages().len(), 3);
    let grouped = ["100 000 0001", "200 000 0002", "300 000 0003"];
    for (page, own) in (1..=3).zip(grouped) {
        let text = page_text(&doc, page);
        for other in grouped {
            assert_eq!(text.contains(other), other == own, "page {page}: {other}");
        }
    }
}

#[test]
fn the_drawn_qr_code_scans_to_the_registration_url_with_code() {
    let content = letter("4827193056");
    let doc = Document::load_mem(&render_letter(&content)).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let ops = Content::decode(&doc.get_page_content(page))
        .unwrap()
        .operations;

    // The dark modules are the rectangles inside the `/QRCode` marked content.
    let start = ops.iter().position(|op| op.operator == "BMC").unwrap();
    let end = start
        + ops[start..]
            .iter()
            .position(|op| op.operator == "EMC")
            .unwrap();
    let rects: Vec<[f32; 4]> = ops[start..end]
        .iter()
        .filter(|op| op.operator == "re")
        .map(|op| [0, 1, 2, 3].map(|i| number(&op.operands[i])))
        .collect();
    assert!(rects.len() > 50);

    // Paint them back onto a white image, 4 pixels per module, with a quiet zone.
    let module = rects.iter().map(|r| r[3]).fold(f32::MAX, f32::min);
    let left = rects.iter().map(|r| r[0]).fold(f32::MAX, f32::min);
    let top = rects.iter().map(|r| r[1] + r[3]).fold(f32::MIN, f32::max);
    let cells = |v: f32| (v / module).round() as usize;
    let modules = rects
        .iter()
        .map(|r| cells(r[0] + r[2] - left))
        .max()
        .unwrap();
    let (scale, quiet) = (4, 4);
    let side = (modules + 2 * quiet) * scale;
    let mut pixels = vec![255u8; side * side];
    for r in &rects {
        let (col, row, len) = (cells(r[0] - left), cells(top - r[1] - r[3]), cells(r[2]));
        for py in (row + quiet) * scale..(row + quiet + 1) * scale {
            for px in (col + quiet) * scale..(col + quiet + len) * scale {
                pixels[py * side + px] = 0;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, decoded) = grids[0].decode().unwrap();
    assert_eq!(decoded, content.registration_url_with_code);
}

#[test]
fn rendering_is_deterministic() {
    let content = letter("4827193056");
    assert_eq!(render_letter(&content), render_letter(&content));
    let batch = [letter("1000000001"), letter("2000000002")];
    assert_eq!(render_batch(&batch), render_batch(&batch));
}

#[test]
fn long_names_and_addresses_stay_on_the_page() {
    let mut content = letter("4827193056");
    let long = "Wilhelmina Johanna Maria van den Heuvel-Oosterbroek-Schimmelpenninck van der Oye";
    content.provider_name = format!("Stichting {long} voor Geestelijke Gezondheidszorg");
    content.recipient_name = long.into();
    content.client_name = long.into();
    content.address_lines = vec![format!("Burgemeester {long}laan 1234 bis"); 9];
    content.secretariat_email = format!("{}@example.nl", "secretariaat".repeat(8));
    content.registration_url = format!("https://zorgkring.example/{}", "registreren/".repeat(10));
    content.addressed_to_representative = true;
    let doc = Document::load_mem(&render_letter(&content)).unwrap();
    let pages = doc.get_pages();
    assert!(pages.len() <= 2);
    for (_, page) in pages {
        let ops = Content::decode(&doc.get_page_content(page))
            .unwrap()
            .operations;
        // Every line starts within the margins (the wrap unit tests keep its end inside).
        let margin = 25.0 * 72.0 / 25.4;
        for op in ops.iter().filter(|op| op.operator == "Td") {
            let (x, y) = (number(&op.operands[0]), number(&op.operands[1]));
            assert!((margin - 0.01..595.3 - margin).contains(&x), "x {x}");
            assert!((0.0..=841.9).contains(&y), "y {y}");
        }
    }
}

#[test]
fn a_thousand_letters_render_in_one_batch() {
    let letters: Vec<_> = (0..1000u32)
        .map(|i| letter(&format!("{:010}", 1_000_000_000 + i)))
        .collect();
    let pdf = render_batch(&letters);
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
}

#[test]
fn a_batch_counts_every_page_shares_its_fonts_and_prints_every_code() {
    // The middle letter is long enough to need a second page.
    let mut long = letter("2000000002");
    let words = "Wilhelmina Johanna Maria van den Heuvel-Oosterbroek-Schimmelpenninck van der Oye";
    long.provider_name = format!("Stichting {words} voor Geestelijke Gezondheidszorg {words}");
    long.address_lines = vec![format!("Burgemeester {words}laan 1234 bis"); 5];
    long.recipient_name = words.into();
    long.client_name = words.into();
    long.addressed_to_representative = true;
    long.registration_url = format!("https://zorgkring.example/{}", "registreren/".repeat(8));
    let alone = Document::load_mem(&render_letter(&long))
        .unwrap()
        .get_pages()
        .len();
    let letters = [letter("1000000001"), long, letter("3000000003")];
    let doc = Document::load_mem(&render_batch(&letters)).unwrap();
    let pages = doc.get_pages().len();
    assert_eq!(pages, 2 + alone, "each letter keeps its own pages");

    let text: Vec<String> = (1..=u32::try_from(pages).unwrap())
        .map(|n| page_text(&doc, n))
        .collect();
    for code in ["100 000 0001", "200 000 0002", "300 000 0003"] {
        assert_eq!(
            text.iter().filter(|t| t.contains(code)).count(),
            1,
            "{code} is printed once"
        );
    }
    // Each letter starts on a new page: its greeting opens a page of its own.
    assert!(text[0].contains("Beste Anna de Vries,"));
    assert!(text[1].contains("Beste Wilhelmina"));
    assert!(text[pages - 1].contains("Beste Anna de Vries,"));

    // Two font objects for the whole batch, however many pages use them.
    let fonts = doc
        .objects
        .values()
        .filter(|o| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Type")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|n| n == b"Font")
            })
        })
        .count();
    assert_eq!(fonts, 2);
}
