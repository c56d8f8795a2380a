//! The demo world: three fictional providers with practitioners, about ten client records each
//! with care data, and letters in every status. It is made through the same use cases the
//! provider side uses, and described in a `DemoWorld` that the binary writes to `demo.json`.

mod accounts;
mod pdf;
mod people;

use crate::care::{self, NewAppointment};
use crate::clients::{NewClient, register_client};
use crate::letters::issue_letter;
use crate::providers::{NewProvider, add_practitioner, create_provider};
use crate::{App, AppResult, dutch_time_zone};
use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Timestamp};
use people::*;
use serde::Serialize;
use zk_domain::BirthDate;
use zk_domain::client::{ClientRecord, PostalAddress};
use zk_domain::letter::IntendedFor;
use zk_domain::provider::{Practitioner, Provider};

pub use accounts::{DEMO_PASSWORD, DemoAccount, DemoRelative};
pub use pdf::simple_pdf;

/// Everything a tester needs to walk the demo world, as written to `demo.json`.
#[derive(Debug, Serialize)]
pub struct DemoWorld {
    pub providers: Vec<DemoProviderInfo>,
    pub clients: Vec<DemoClient>,
    pub letters: Vec<DemoLetter>,
    /// Ready-made logins: the clients whose letter is "used" used it for this account.
    pub accounts: Vec<DemoAccount>,
    /// Relatives in the network of a demo client's care page (SPEC S6).
    pub relatives: Vec<DemoRelative>,
}

#[derive(Debug, Serialize)]
pub struct DemoProviderInfo {
    pub id: String,
    pub name: String,
    pub secretariat: DemoSecretariat,
    /// A full-scope token for the FHIR API (`Authorization: Bearer …`), as a record system
    /// would get one.
    pub api_token: String,
    /// A staff login (admin) of this provider, with a verified phone (SMS codes in the outbox).
    pub staff_email: String,
    pub staff_password: String,
}

#[derive(Debug, Serialize)]
pub struct DemoSecretariat {
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Serialize)]
pub struct DemoClient {
    pub provider: String,
    pub client_number: String,
    pub name: String,
    pub birth_date: String,
    pub practitioners: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DemoLetter {
    pub provider: String,
    pub client_name: String,
    pub client_number: String,
    pub code: String,
    pub birth_date: String,
    pub status: &'static str,
    pub expires: String,
    pub intended_for: &'static str,
}

/// What happens to the letter of the client at a given position in a provider's list.
enum LetterPlan {
    Valid,
    Expired,
    Used,
    Revoked,
    ForRepresentative,
    None,
}

const CLIENTS_PER_PROVIDER: usize = 10;
/// The client at this position is 12 years old: their letter is meant for a parent.
const CHILD_POSITION: usize = 9;

fn letter_plan(position: usize) -> LetterPlan {
    match position {
        0..=2 => LetterPlan::Valid,
        3 => LetterPlan::Expired,
        4 => LetterPlan::Used,
        5 => LetterPlan::Revoked,
        CHILD_POSITION => LetterPlan::ForRepresentative,
        _ => LetterPlan::None,
    }
}

/// Seeds the whole demo world. Call once per installation (the caller claims it first).
pub async fn seed(app: &App) -> AppResult<DemoWorld> {
    let mut world = DemoWorld {
        providers: Vec::new(),
        clients: Vec::new(),
        letters: Vec::new(),
        accounts: Vec::new(),
        relatives: Vec::new(),
    };
    for (pi, spec) in PROVIDERS.iter().enumerate() {
        let provider = create_provider(
            app,
            NewProvider {
                name: spec.name.into(),
                secretariat_email: spec.email.into(),
                secretariat_phone: spec.phone.into(),
                letter_validity_days: zk_domain::provider::DEFAULT_LETTER_VALIDITY_DAYS,
            },
        )
        .await?;
        // The first provider reads and answers messages, so the demo shows both cases.
        if pi == 0 {
            app.store
                .set_provider_messaging(provider.id, true, app.now())
                .await?;
        }
        let api_token = crate::api_tokens::create(
            app,
            crate::audit::staff_changes::By::Operator,
            provider.id,
            "Demo: lezen en schrijven",
            crate::api_tokens::Scopes::full(),
        )
        .await?
        .secret;
        let mut practitioners = Vec::new();
        for (name, discipline) in spec.practitioners {
            practitioners.push(add_practitioner(app, provider.id, name, discipline).await?);
        }
        let staff_email = format!("beheer.{}@demo.zorgkring.example", pi + 1);
        crate::staff::add_demo_staff(
            app,
            provider.id,
            &staff_email,
            DEMO_PASSWORD,
            accounts::DEMO_PHONE,
        )
        .await?;
        world.providers.push(DemoProviderInfo {
            id: provider.id.to_string(),
            name: provider.name.clone(),
            secretariat: DemoSecretariat {
                email: provider.secretariat.email.clone(),
                phone: provider.secretariat.phone.clone(),
            },
            api_token,
            staff_email,
            staff_password: DEMO_PASSWORD.to_owned(),
        });
        for ci in 0..CLIENTS_PER_PROVIDER {
            let client = seed_client(app, &provider, spec, pi, ci).await?;
            let team = seed_care_data(app, &provider, spec, &practitioners, &client, ci).await?;
            world.clients.push(DemoClient {
                provider: provider.name.clone(),
                client_number: client.client_number.clone(),
                name: client.full_name(),
                birth_date: client.birth_date.iso(),
                practitioners: team,
            });
            let (letter, account) = seed_letter(app, &provider, &client, letter_plan(ci)).await?;
            if let Some(owner) = account.as_ref().filter(|_| world.relatives.is_empty()) {
                let relative = accounts::create_relative(app, owner, &client).await?;
                world.relatives.push(relative);
            }
            world.accounts.extend(account);
            if let Some(letter) = letter {
                world.letters.push(letter);
            }
        }
    }
    Ok(world)
}

async fn seed_client(
    app: &App,
    provider: &Provider,
    spec: &DemoProvider,
    pi: usize,
    ci: usize,
) -> AppResult<ClientRecord> {
    let today = app.today();
    let year = if ci == CHILD_POSITION {
        today.year() - 12
    } else {
        1962 + ((pi * 13 + ci * 4) % 42) as i16
    };
    let birth = Date::new(
        year,
        ((ci * 5 + pi) % 12 + 1) as i8,
        ((ci * 7 + pi * 3) % 28 + 1) as i8,
    )
    .unwrap_or(Date::constant(1990, 1, 1));
    let first = FIRST_NAMES[(pi * CLIENTS_PER_PROVIDER + ci) % FIRST_NAMES.len()];
    let last = LAST_NAMES[(pi * 7 + ci * 3) % LAST_NAMES.len()];
    let (postcode, city) = CITIES[pi % CITIES.len()];
    register_client(
        app,
        crate::audit::staff_changes::By::Operator,
        provider.id,
        NewClient {
            client_number: format!("{}-{}", spec.client_prefix, 1001 + ci),
            first_name: first.into(),
            last_name: last.into(),
            birth_date: BirthDate::new(birth),
            email: ci
                .is_multiple_of(2)
                .then(|| format!("{}.{}@voorbeeld.example", first.to_lowercase(), ci)),
            address: Some(PostalAddress {
                street: format!("{} {}", STREETS[ci % STREETS.len()], 3 + ci * 2),
                postal_code: format!("{postcode} {}", ["AB", "CD", "EF", "GH"][ci % 4]),
                city: city.into(),
            }),
        },
    )
    .await
}

/// A moment on a Dutch calendar day `days` from today, at `hour:minute` local time.
fn local(app: &App, days: i64, hour: i8, minute: i8) -> Timestamp {
    let day = app
        .today()
        .saturating_add(SignedDuration::from_hours(24 * days));
    day.to_datetime(Time::constant(hour, minute, 0, 0))
        .to_zoned(dutch_time_zone())
        .map(|z| z.timestamp())
        .unwrap_or_else(|_| app.now())
}

async fn seed_care_data(
    app: &App,
    provider: &Provider,
    spec: &DemoProvider,
    practitioners: &[Practitioner],
    client: &ClientRecord,
    ci: usize,
) -> AppResult<Vec<String>> {
    let main = &practitioners[ci % practitioners.len()];
    let second = &practitioners[(ci + 1) % practitioners.len()];
    care::add_to_care_team(app, client.id, main.id, spec.main_role).await?;
    care::add_to_care_team(app, client.id, second.id, &second.discipline).await?;

    for (n, days) in [-30i64, -14, -3, 2, 9, 23].into_iter().enumerate() {
        let starts_at = local(
            app,
            days,
            9 + ((ci + n) % 7) as i8,
            if n % 2 == 0 { 0 } else { 30 },
        );
        let video = (ci + n).is_multiple_of(3);
        let with = if n % 2 == 0 { main } else { second };
        care::add_appointment(
            app,
            client.id,
            NewAppointment {
                practitioner: Some(with.id),
                starts_at,
                ends_at: starts_at + SignedDuration::from_mins(45),
                title: APPOINTMENT_TITLES[(ci + n) % APPOINTMENT_TITLES.len()].into(),
                location: (!video).then(|| format!("{}, spreekkamer {}", provider.name, 1 + n % 4)),
                video_url: video.then(|| {
                    format!(
                        "https://beeldbellen.example/{}-{n}",
                        spec.client_prefix.to_lowercase()
                    )
                }),
            },
        )
        .await?;
    }

    let start = app
        .today()
        .saturating_sub(SignedDuration::from_hours(24 * 60));
    let end = app
        .today()
        .saturating_add(SignedDuration::from_hours(24 * 120));
    care::add_care_plan(
        app,
        client.id,
        if spec.main_role == "persoonlijk begeleider" {
            "Ondersteuningsplan"
        } else {
            "Behandelplan"
        },
        "Samen met jou hebben we afgesproken waar we de komende maanden aan werken.",
        (start, Some(end)),
        &[
            (
                "Ik slaap weer minstens zeven uur per nacht.",
                ci.is_multiple_of(3),
                None,
            ),
            (
                "Ik ga twee keer per week naar buiten om te wandelen.",
                false,
                Some(end),
            ),
            (
                "Ik weet wat ik kan doen als het minder goed gaat.",
                false,
                None,
            ),
        ],
    )
    .await?;

    for (n, days) in [-40i64, -20, -5].into_iter().enumerate() {
        let author = if n % 2 == 0 { main } else { second };
        care::add_report(
            app,
            client.id,
            Some(author.id),
            local(app, days, 16, 15),
            [
                "Verslag intake",
                "Verslag behandelgesprek",
                "Tussenevaluatie",
            ][n],
            "We hebben gesproken over hoe het de afgelopen weken ging.\n\
             Het slapen gaat iets beter. We spreken af dat je een slaapdagboek bijhoudt.\n\
             Volgende keer kijken we samen naar je doelen.",
        )
        .await?;
    }

    let plan_pdf = simple_pdf(&[
        &format!(
            "{} - {}",
            provider.name,
            if spec.main_role == "persoonlijk begeleider" {
                "Ondersteuningsplan"
            } else {
                "Behandelplan"
            }
        ),
        &format!("Voor: {}", client.full_name()),
        "Dit is een voorbeeld-document uit de demo van Zorgkring.",
    ]);
    care::add_document(
        app,
        client.id,
        "Behandelplan.pdf",
        "application/pdf",
        &plan_pdf,
    )
    .await?;
    if ci.is_multiple_of(2) {
        let info = simple_pdf(&[
            &provider.name,
            "Informatie over je behandeling",
            "Voorbeeld-document uit de demo.",
        ]);
        care::add_document(
            app,
            client.id,
            "Informatie over je behandeling.pdf",
            "application/pdf",
            &info,
        )
        .await?;
    }

    let (label, unit, base) = if spec.main_role == "persoonlijk begeleider" {
        ("Slaap (uren per nacht)", "uur", 6.0)
    } else {
        ("Vragenlijst OQ-45, totaalscore", "punten", 88.0)
    };
    for (n, days) in [-90i64, -60, -30, -7].into_iter().enumerate() {
        let drift = if unit == "uur" {
            n as f64 * 0.25
        } else {
            -(n as f64) * 6.0
        };
        care::add_measurement(
            app,
            client.id,
            label,
            base + drift + (ci % 3) as f64,
            unit,
            local(app, days, 10, 0),
        )
        .await?;
    }
    Ok(vec![main.name.clone(), second.name.clone()])
}

async fn seed_letter(
    app: &App,
    provider: &Provider,
    client: &ClientRecord,
    plan: LetterPlan,
) -> AppResult<(Option<DemoLetter>, Option<DemoAccount>)> {
    let now = app.now();
    let days_ago = |d: i64| now - SignedDuration::from_hours(24 * d);
    let (intended_for, issued_at) = match plan {
        LetterPlan::None => return Ok((None, None)),
        LetterPlan::ForRepresentative => (IntendedFor::Representative, days_ago(2)),
        LetterPlan::Expired => (IntendedFor::Client, days_ago(40)),
        LetterPlan::Used => (IntendedFor::Client, days_ago(10)),
        LetterPlan::Revoked => (IntendedFor::Client, days_ago(8)),
        LetterPlan::Valid => (IntendedFor::Client, days_ago(2)),
    };
    let issued = issue_letter(app, client.id, intended_for, issued_at).await?;
    let mut account = None;
    match plan {
        LetterPlan::Used => {
            account = Some(accounts::create(app, provider, client, &issued.letter).await?);
        }
        LetterPlan::Revoked => {
            app.store
                .revoke_letter(issued.letter.id, days_ago(6))
                .await?;
        }
        _ => {}
    }
    let letter = app
        .store
        .get_letter(issued.letter.id)
        .await?
        .ok_or(crate::AppError::NotFound("letter"))?;
    let demo_letter = DemoLetter {
        provider: provider.name.clone(),
        client_name: client.full_name(),
        client_number: client.client_number.clone(),
        code: issued.code.digits(),
        birth_date: client.birth_date.iso(),
        status: letter.status(now).as_str(),
        expires: letter
            .expires_at
            .to_zoned(dutch_time_zone())
            .date()
            .to_string(),
        intended_for: intended_for.as_str(),
    };
    Ok((Some(demo_letter), account))
}

#[cfg(test)]
mod tests;
