//! The letter's Dutch wording (B1, formal "u"), following the portal's own screens and the
//! instructions care providers hand out.

use crate::LetterContent;
use crate::wrap::{Span, bold, plain};

/// What the portal is and, for a representative, whose account this letter makes.
pub fn introduction(letter: &LetterContent) -> Vec<Vec<Span>> {
    let provider = letter.provider_name.trim();
    let brand = letter.brand_name.trim();
    let client = letter.client_name.trim();
    if !letter.addressed_to_representative {
        return vec![vec![plain(format!(
            "{provider} gebruikt {brand}. Dat is een veilige website voor uw zorginformatie. \
                 Daar ziet u wie uw behandelaar is, uw afspraken, uw zorgplan, verslagen en \
                 documenten. Met deze brief maakt u een account aan. \
                 U heeft nodig: deze brief, een eigen e-mailadres en een mobiele telefoon."
        ))]];
    }
    let mut about = vec![
        plain("Met deze brief maakt u een account aan voor "),
        bold(client),
        plain(format!(
            ". U krijgt deze brief omdat u {client} helpt, bijvoorbeeld als ouder, voogd, \
             mentor of curator."
        )),
    ];
    if letter.client_birth_date_hint {
        about.push(plain(format!(
            " Bij het aanmelden vult u de geboortedatum van {client} in, niet uw eigen geboortedatum."
        )));
    }
    about.push(plain(
        " U heeft nodig: deze brief, een eigen e-mailadres en een mobiele telefoon.",
    ));
    vec![
        vec![plain(format!(
            "{provider} gebruikt {brand}. Dat is een veilige website voor zorginformatie. \
             Daar ziet u wie de behandelaar is, de afspraken, het zorgplan, verslagen en \
             documenten."
        ))],
        about,
    ]
}

/// The numbered steps, following the portal's own screens.
pub fn steps(letter: &LetterContent) -> Vec<Vec<Span>> {
    let role = if letter.addressed_to_representative {
        "Ik geef hulp"
    } else {
        "Ik ontvang hulp"
    };
    let code = match (
        letter.client_birth_date_hint,
        letter.addressed_to_representative,
    ) {
        (false, _) => "Vul de code uit deze brief in.".to_string(),
        (true, false) => "Vul de code uit deze brief in en uw geboortedatum.".to_string(),
        (true, true) => format!(
            "Vul de code uit deze brief in en de geboortedatum van {}.",
            letter.client_name.trim()
        ),
    };
    vec![
        vec![
            plain("Ga naar "),
            bold(letter.registration_url.trim()),
            plain(". Of scan de QR-code met de camera van uw telefoon. Kies "),
            bold("‘Account aanmaken’"),
            plain("."),
        ],
        vec![plain(format!(
            "Ga akkoord met de voorwaarden. Vul daarna uw eigen naam en e-mailadres in. \
             Bij ‘Wat is jouw rol?’ kiest u ‘{role}’."
        ))],
        vec![plain(format!(
            "Bij ‘Heb je een brief ontvangen?’ kiest u ‘Ja’. {code}"
        ))],
        vec![plain(
            "Controleer de namen en klik op ‘Volgende’. U krijgt een e-mail. \
             Klik in die e-mail op ‘Account activeren’.",
        )],
        vec![plain(
            "Kies een wachtwoord en vul het twee keer in. Uw account is nu klaar.",
        )],
        vec![plain(
            "Voeg daarna uw mobiele telefoonnummer toe. Als u inlogt, krijgt u een code per sms.",
        )],
    ]
}

/// Whom to call when the code expired or the letter is lost.
pub fn lost_or_expired(letter: &LetterContent) -> Vec<Span> {
    let provider = letter.provider_name.trim();
    let phone = letter.secretariat_phone.trim();
    let email = letter.secretariat_email.trim();
    let mut spans = vec![plain(format!(
        "Is de code verlopen of bent u deze brief kwijt? Neem dan contact op met het \
         secretariaat van {provider}"
    ))];
    match (phone.is_empty(), email.is_empty()) {
        (false, false) => spans.extend([
            plain(": bel "),
            bold(phone),
            plain(" of mail naar "),
            bold(email),
        ]),
        (false, true) => spans.extend([plain(": bel "), bold(phone)]),
        (true, false) => spans.extend([plain(": mail naar "), bold(email)]),
        (true, true) => {}
    }
    spans.push(plain(". U krijgt dan een nieuwe brief."));
    spans
}

/// The warning that the provider never asks for the code.
pub fn never_asked(letter: &LetterContent) -> Vec<Span> {
    vec![
        bold("Let op: "),
        plain(format!(
            "{} vraagt nooit om deze code, niet aan de telefoon en niet per e-mail. \
             Geef de code aan niemand anders.",
            letter.provider_name.trim()
        )),
    ]
}
