//! Demo accounts: for each provider the client whose letter is "used" has an account made with
//! it, through the registration use cases, with a verified phone, so a tester can log in at once
//! and see a care page with data. Their e-mail address and password are in `demo.json`; the SMS
//! codes appear on the demo outbox page. The first of them has a relative in their network.

use crate::registration::{self as reg, MatchedLetter};
use crate::{App, AppError, AppResult};
use serde::Serialize;
use zk_domain::client::ClientRecord;
use zk_domain::letter::Letter;
use zk_domain::network::{Member, Preset, Relation};
use zk_domain::page::PageRequest;
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
    reg::activate_without_mail(app, &mut progress).await?;
    let created = reg::finish(app, &progress, DEMO_PASSWORD, DEMO_PASSWORD, "demo")
        .await?
        .map_err(|r| AppError::invalid("demo account", format!("{r:?}")))?;
    app.store
        .set_phone(
            created.account,
            Some(DEMO_PHONE),
            Some(app.now()),
            zk_store::Audit::NONE,
        )
        .await?;
    Ok(DemoAccount {
        email,
        password: DEMO_PASSWORD.to_owned(),
        phone: DEMO_PHONE.to_owned(),
        provider: provider.name.clone(),
        client_name: client.full_name(),
    })
}

/// A relative in the demo world: a member of a demo client's care page who sees only what
/// "Alleen de agenda" grants, so a tester can see the network from both sides.
#[derive(Debug, Serialize)]
pub struct DemoRelative {
    pub email: String,
    pub password: String,
    pub phone: String,
    /// Whose care page the relative is a member of.
    pub member_of: String,
    pub relation: &'static str,
    pub preset: &'static str,
}

/// Makes an account without a letter for a relative of `client` (whose demo account `owner`
/// manages the care page), and adds it to that care page's network as a parent who sees the
/// agenda only.
pub async fn create_relative(
    app: &App,
    owner: &DemoAccount,
    client: &ClientRecord,
) -> AppResult<DemoRelative> {
    let email = format!(
        "naaste.{}@demo.zorgkring.example",
        client.client_number.to_lowercase()
    );
    let (_, mut progress) = reg::start(app, "nl").await?;
    let s = &mut progress.state;
    s.first_name = Some("Ria".into());
    s.last_name = Some(client.last_name.clone());
    s.email = Some(email.clone());
    s.has_letter = Some(false);
    reg::activate_without_mail(app, &mut progress).await?;
    let created = reg::finish(app, &progress, DEMO_PASSWORD, DEMO_PASSWORD, "demo")
        .await?
        .map_err(|r| AppError::invalid("demo relative", format!("{r:?}")))?;
    app.store
        .set_phone(
            created.account,
            Some(DEMO_PHONE),
            Some(app.now()),
            zk_store::Audit::NONE,
        )
        .await?;
    let owner = app
        .store
        .find_account_by_email(&owner.email)
        .await?
        .ok_or(AppError::NotFound("demo account"))?;
    let page = app
        .store
        .care_pages_of(owner.id, &PageRequest::first(1))
        .await?
        .items
        .into_iter()
        .next()
        .ok_or(AppError::NotFound("demo care page"))?;
    let relation = Relation::Parent;
    let preset = Preset::AgendaOnly;
    app.store
        .add_member(
            &Member {
                care_page_id: page.id,
                account_id: created.account,
                relation,
                permissions: preset.permissions(),
                co_beheerder: false,
                sees_contacts: false,
                joined_at: app.now(),
            },
            &[],
        )
        .await?;
    Ok(DemoRelative {
        email,
        password: DEMO_PASSWORD.to_owned(),
        phone: DEMO_PHONE.to_owned(),
        member_of: client.full_name(),
        relation: relation.as_str(),
        preset: preset.as_str(),
    })
}
