//! Zorgkring's paper letters: the letter with a one-time code that a care provider posts to a
//! client (or the client's representative) so they can make an account, rendered as PDF.
//!
//! The PDF is written directly with `pdf-writer`, in the standard fonts Helvetica and
//! Helvetica-Bold (WinAnsiEncoding, not embedded). Text is wrapped with the fonts' Adobe
//! metrics, so it never runs off the page; characters outside WinAnsi print as `?`
//! (see [`winansi`]). Rendering is infallible and deterministic: the same letters always give
//! the same bytes.
//!
//! Layout of one A4 letter (margins 25 mm): the provider's name as letterhead, the address
//! block 50 mm from the top at the left for a window envelope, the date, the subject, the
//! text, a light box with the code large and bold beside a 30 mm QR code, numbered steps,
//! whom to contact, and the closing. A letter whose text does not fit one page continues on
//! a second, and then both carry "Pagina 1 van 2".

mod code_box;
mod format;
mod layout;
mod letter;
mod metrics;
mod pdf;
mod qr;
pub mod winansi;
mod wording;
mod wrap;

pub use format::{dutch_date, group_code};

/// Everything one letter says. All text is plain Unicode; see [`winansi`] for what prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterContent {
    /// The care provider; letterhead, text and closing.
    pub provider_name: String,
    pub secretariat_phone: String,
    pub secretariat_email: String,
    /// Who the letter is addressed to: the client, or the client's representative.
    pub recipient_name: String,
    /// Street, "1234 AB  Plaats"; may be empty. At most five lines are printed, each cut
    /// with an ellipsis when too wide for the envelope window.
    pub address_lines: Vec<String>,
    /// The client the care page is for.
    pub client_name: String,
    /// The letter goes to a parent, guardian, mentor or curator, who makes the account for
    /// the client: the text says so, and asks for the client's birth date.
    pub addressed_to_representative: bool,
    /// The 10-digit one-time code, printed in groups of 3, 3 and 4 ([`group_code`]).
    pub code: String,
    /// Whether the steps say the (client's) birth date is asked with the code.
    pub client_birth_date_hint: bool,
    pub issued_on: jiff::civil::Date,
    /// The last day the code works ("geldig tot en met").
    pub expires_on: jiff::civil::Date,
    /// The address people type, e.g. `https://zorgkring.example/registreren`.
    pub registration_url: String,
    /// What the QR code holds, e.g. `.../registreren?code=1234567890`. When it is too long
    /// for a QR code (about 2300 bytes) the letter has no QR code.
    pub registration_url_with_code: String,
    /// The product's name, "Zorgkring".
    pub brand_name: String,
}

/// One letter as a PDF: one A4 page, two if the text really needs it.
pub fn render_letter(letter: &LetterContent) -> Vec<u8> {
    pdf::document(&letter::layout(letter), "Brief met persoonlijke code")
}

/// Many letters in one PDF for printing; each starts on a new page. No letters give a
/// PDF without pages.
pub fn render_batch(letters: &[LetterContent]) -> Vec<u8> {
    let pages: Vec<Vec<u8>> = letters.iter().flat_map(letter::layout).collect();
    pdf::document(&pages, "Brieven met persoonlijke code")
}
