//! Writes a demo letter to /tmp/letter-demo.pdf (and a representative's letter to
//! /tmp/letter-demo-representative.pdf) to look at.

use jiff::civil::date;
use zk_letters::{LetterContent, render_letter};

fn main() -> std::io::Result<()> {
    let client = LetterContent {
        provider_name: "Praktijk De Linde GGZ".into(),
        secretariat_phone: "010 - 123 45 67".into(),
        secretariat_email: "secretariaat@praktijkdelinde.nl".into(),
        recipient_name: "Mevrouw A.M. de Vries-Ëlzinga".into(),
        address_lines: vec!["Kerkstraat 12 B".into(), "1234 AB  Hoofddorp".into()],
        client_name: "Anna de Vries-Ëlzinga".into(),
        addressed_to_representative: false,
        code: "4827193056".into(),
        client_birth_date_hint: true,
        issued_on: date(2026, 11, 23),
        expires_on: date(2027, 1, 22),
        registration_url: "https://zorgkring.example/registreren".into(),
        registration_url_with_code: "https://zorgkring.example/registreren?code=4827193056".into(),
        brand_name: "Zorgkring".into(),
    };
    std::fs::write("/tmp/letter-demo.pdf", render_letter(&client))?;
    let representative = LetterContent {
        recipient_name: "De heer J. Jansen".into(),
        client_name: "Sem Jansen".into(),
        addressed_to_representative: true,
        ..client
    };
    std::fs::write(
        "/tmp/letter-demo-representative.pdf",
        render_letter(&representative),
    )?;
    Ok(())
}
