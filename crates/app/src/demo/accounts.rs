//! Demo accounts: for each provider the client whose letter is "used" has an account made with
//! it, through the registration use cases, with a verified phone, so a tester can log in at once
//! and see a care page with data. Their e-mail address and password are in `demo.json`; the SMS
//! codes appear on the demo outbox page.

use crate::registration::{self as reg, MatchedLetter};
use crate::{App, AppError, AppResult};
use serde::Serialize;
use zk_domain::client::ClientRecord;
use zk_domain::letter::Letter;
use zk_domain::provider::Provider;

/// The password of every demo account (it passes the password policy).
pub const DEMO_PASSWORD: &str = "blauwe fiets zomer 2026";
/// The mobile number of every demo account: the codes go to the demo outbox anyway.
pub const DEMO_PHONE: &str = "+31612345678";

#[derive(Debug, Serialize)]
pub struct DemoAccount {
    pub email: String,
    pub password: String,
    pub phone: String,
    pub provider: String,
    pub client_name: String,
}

/// Makes the account of `client` with its (issued) `letter`, which is then used.
pub async fn create(
    app: &App,
    provider: &Provider,
    client: &ClientRecord,
    letter: &Letter,
) -> AppResult<DemoAccount> {
    let email = format!(
        "{}.{}@demo.zorgkring.example",
        client.first_name.to_lowercase(),
        client.client_number.to_lowercase()
    );
    let (_, mut progress) = reg::start(app, "nl").await?;
    let s = &mut progress.state;
    s.first_name = Some(client.first_name.clone());
    s.last_name = Some(client.last_name.clone());
    s.email = Some(email.clone());
    s.has_letter = Some(true);
    s.letter = Some(MatchedLetter {
        letter_id: letter.id,
        client_record_id: client.id,
        provider_id: provider.id,
        client_name: client.full_name(),
        client_first_name: client.first_name.clone(),
        client_last_name: client.last_name.clone(),
        client_birth_date: client.birth_date.iso(),
        provider_name: provider.name.clone(),
    });
    s.match_confirmed = true;
    s.activation_sent = true;
    s.activated = true;
    let created = reg::finish(app, &progress, DEMO_PASSWORD, DEMO_PASSWORD, "demo")
        .await?
        .map_err(|r| AppError::invalid("demo account", format!("{r:?}")))?;
    app.store
        .set_phone(created.account, Some(DEMO_PHONE), Some(app.now()))
        .await?;
    Ok(DemoAccount {
        email,
        password: DEMO_PASSWORD.to_owned(),
        phone: DEMO_PHONE.to_owned(),
        provider: provider.name.clone(),
        client_name: client.full_name(),
    })
}
