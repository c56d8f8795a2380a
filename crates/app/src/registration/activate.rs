//! The end of a registration: the activation e-mail (a link valid 24 hours, replaced when a new
//! one is asked for), using the link (only by a POST, so mail scanners that open links do not
//! use it up), and the password that creates the account, its care page and the connection in
//! one go.

use super::redeem::Purpose;
use super::state::*;
use super::steps::{Progress, Refusal, save};
use crate::limits::{self, Limit};
use crate::password::{check_new_password, hash_password};
use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppResult};
use zk_domain::account::{Account, CarePage, Connection, Session};
use zk_domain::{AccountId, BirthDate, CarePageId, ConnectionId, SessionId};
use zk_store::{
    AccountCreation, HandOver, HandOverAccount, HandOverOutcome, NewAccount, OutgoingMessage,
};

/// An e-mail as the web layer wrote it, in the user's language.
#[derive(Clone, Debug)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What the activation e-mail should say.
pub enum ActivationMail {
    /// The link that activates the account.
    Link(String),
    /// The address has an account already: a mail that says so (the page cannot, or it would
    /// tell anyone whether an address has an account).
    AlreadyRegistered,
}

/// Activation e-mails for one registration: a few, then a growing wait, so the form cannot be
/// used to flood someone's mailbox.
pub const ACTIVATION_MAILS: Limit = Limit {
    scope: "activation-mail",
    free: 3,
    window: jiff::SignedDuration::from_hours(1),
};

/// Sends (or sends again) the activation e-mail. `render` writes the mail for a link.
pub async fn send_activation(
    app: &App,
    progress: &mut Progress,
    base_url: &str,
    render: impl FnOnce(ActivationMail) -> RenderedMail,
) -> AppResult<Result<(), Refusal>> {
    let Some(email) = progress.state.email.clone() else {
        return Err(crate::AppError::invalid("email", "is missing"));
    };
    let key = progress.id.to_string();
    // Counted before sending, so a burst of clicks cannot slip past the limit.
    if let Err(until) = limits::take_try(app, &ACTIVATION_MAILS, &key).await? {
        return Ok(Err(Refusal::Wait { until }));
    }
    let mail = if app.store.find_account_by_email(&email).await?.is_some() {
        render(ActivationMail::AlreadyRegistered)
    } else {
        let (token, hash) = new_token();
        // The link proves this address only: it is stored with the token.
        app.store
            .set_activation_token(progress.id, &hash, &email, app.now() + ACTIVATION_LIFETIME)
            .await?;
        render(ActivationMail::Link(format!(
            "{}/activeren/{token}",
            base_url.trim_end_matches('/')
        )))
    };
    progress.state.activation_sent = true;
    save(app, progress).await?;
    app.store
        .enqueue_message(&OutgoingMessage::mail(
            &email,
            &mail.subject,
            &mail.text,
            Some(&mail.html),
            app.now(),
        ))
        .await?;
    Ok(Ok(()))
}

/// Uses an activation link: returns the new browser token and the registration, or `None` when
/// the link is unknown, used or expired.
pub async fn claim(app: &App, link_token: &str) -> AppResult<Option<(String, Progress)>> {
    if !looks_like_token(link_token) {
        return Ok(None);
    }
    let (browser, browser_hash) = new_token();
    let Some(claimed) = app
        .store
        .claim_activation(&hash_token(link_token), app.now(), &browser_hash)
        .await?
    else {
        return Ok(None);
    };
    let stored = claimed.registration;
    let mut state: RegistrationState = serde_json::from_str(&stored.state).map_err(|e| {
        crate::AppError::Store(zk_store::StoreError::Corrupt(format!(
            "registration state: {e}"
        )))
    })?;
    // A link proves the address it was sent to, nothing else: when the e-mail step names
    // another address now, the link is used up and activates nothing.
    if state.email.as_deref() != Some(claimed.email.as_str()) {
        return Ok(None);
    }
    state.activated = true;
    state.proven_email = Some(claimed.email);
    let progress = Progress {
        id: stored.id,
        state,
    };
    save(app, &progress).await?;
    Ok(Some((browser, progress)))
}

/// Proves the address of the e-mail step as its activation link would, without sending it: for
/// accounts the operator's own code makes (the demo world, tests), never for a browser.
pub async fn activate_without_mail(app: &App, progress: &mut Progress) -> AppResult<()> {
    let Some(email) = progress.state.email.clone() else {
        return Err(crate::AppError::invalid("email", "is missing"));
    };
    let (token, hash) = new_token();
    app.store
        .set_activation_token(progress.id, &hash, &email, app.now() + ACTIVATION_LIFETIME)
        .await?;
    progress.state.activation_sent = true;
    save(app, progress).await?;
    match claim(app, &token).await? {
        Some((_, claimed)) => {
            *progress = claimed;
            Ok(())
        }
        None => Err(crate::AppError::invalid(
            "registration",
            "was not activated",
        )),
    }
}

/// Session lifetimes (SPEC S7): idle 15 minutes, at most 12 hours.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle: jiff::SignedDuration,
    pub absolute: jiff::SignedDuration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: jiff::SignedDuration::from_mins(15),
            absolute: jiff::SignedDuration::from_hours(12),
        }
    }
}

/// A new account: its id and the token of its first session.
#[derive(Debug)]
pub struct Created {
    pub account: AccountId,
    pub session_token: String,
}

/// [`finish_with`] with the plain Dutch hand-over e-mail ([`crate::hand_over::plain_mail`]), for
/// callers without the web's translations (the demo seed, tests).
pub async fn finish(
    app: &App,
    progress: &Progress,
    password: &str,
    repeated: &str,
    user_agent: &str,
) -> AppResult<Result<Created, Refusal>> {
    let mail = crate::hand_over::plain_mail;
    finish_with(app, progress, password, repeated, user_agent, &mail).await
}

/// Checks the password and creates the account, its care page, the connection (the letter is
/// then used) and a first session, all at once. When the letter's client record is connected to
/// a page the new account takes over (SPEC S3: a client of 16 with their own letter, or a
/// vacant page), it takes over that page instead, and `hand_over_mail` tells those who lose it.
pub async fn finish_with(
    app: &App,
    progress: &Progress,
    password: &str,
    repeated: &str,
    user_agent: &str,
    hand_over_mail: &crate::hand_over::HandOverMail,
) -> AppResult<Result<Created, Refusal>> {
    let s = &progress.state;
    if s.activated && !s.email_proven() {
        return Ok(Err(Refusal::EmailNotProven));
    }
    let (Some(email), Some(first), Some(last), true) = (
        s.email.clone(),
        s.first_name.clone(),
        s.last_name.clone(),
        s.email_proven(),
    ) else {
        return Err(crate::AppError::invalid(
            "registration",
            "is not ready for a password",
        ));
    };
    let personal = [first.as_str(), last.as_str(), email.as_str()];
    if let Err(problem) = check_new_password(password, repeated, &personal) {
        return Ok(Err(Refusal::Password(problem)));
    }
    let password_hash = hash_password(app, password.to_owned()).await?;
    let now = app.now();
    let account = Account {
        id: AccountId::new(),
        email,
        first_name: first.clone(),
        last_name: last.clone(),
        password_hash,
        phone: None,
        phone_verified_at: None,
        has_authenticator: false,
        passkeys: 0,
        language: if s.language == "en" {
            "en".into()
        } else {
            "nl".into()
        },
        created_at: now,
    };
    // The care page is the client's: with a letter, named as the provider knows them; a
    // helper without a letter names the client themselves.
    let (page_first, page_last, birth_date) = match (&s.letter, s.helps()) {
        (Some(l), _) => (
            l.client_first_name.clone(),
            l.client_last_name.clone(),
            BirthDate::parse_iso(&l.client_birth_date),
        ),
        (None, true) => (
            s.client_first_name.clone().unwrap_or(first),
            s.client_last_name.clone().unwrap_or(last),
            None,
        ),
        (None, false) => (first, last, None),
    };
    let care_page = CarePage {
        id: CarePageId::new(),
        first_name: page_first,
        last_name: page_last,
        birth_date,
        beheerder: account.id,
        // A helper manages the page for the client; a client manages their own.
        beheerder_relation: if s.helps() { s.relation() } else { None },
        vacant_since: None,
        created_at: now,
    };
    let connection = s.letter.as_ref().map(|l| Connection {
        id: ConnectionId::new(),
        care_page_id: care_page.id,
        provider_id: l.provider_id,
        client_record_id: l.client_record_id,
        letter_id: l.letter_id,
        connected_at: now,
    });
    let (session_token, session_hash) = new_token();
    let session = Session {
        id: SessionId::new(),
        account_id: account.id,
        created_at: now,
        last_seen_at: now,
        expires_at: now + app.policy.sessions.absolute,
        second_factor_at: None,
        authenticated_at: now,
        user_agent: user_agent.chars().take(100).collect(),
    };
    let purpose = match s.relation() {
        Some(relation) if s.helps() => Purpose::Representative(relation),
        _ => Purpose::SelfManagement,
    };
    if let Some(l) = &s.letter
        && let Some(page) =
            crate::hand_over::page_to_take_over(app, l.client_record_id, purpose.redeemer()).await?
    {
        let by_client = care_page.beheerder_relation.is_none();
        let messages = crate::hand_over::messages(app, &page, by_client, hand_over_mail).await?;
        let (record, relation) = (l.client_record_id, care_page.beheerder_relation);
        let pending =
            crate::audit::changes::hand_over(app, &account, page.id, record, relation).await?;
        let hand_over = HandOver {
            care_page: page.id,
            from: page.beheerder,
            to: account.id,
            relation: care_page.beheerder_relation,
            letter: l.letter_id,
            client_record: l.client_record_id,
            at: now,
        };
        let new = HandOverAccount {
            account: account.clone(),
            registration: progress.id,
            session,
            session_token: session_hash,
        };
        return Ok(
            match app
                .store
                .hand_over_care_page(&hand_over, Some(&new), &messages, pending.audit())
                .await?
            {
                HandOverOutcome::HandedOver => Ok(Created {
                    account: account.id,
                    session_token,
                }),
                HandOverOutcome::NotUsable | HandOverOutcome::EmailTaken => {
                    Err(Refusal::LetterTakenMeanwhile)
                }
                HandOverOutcome::EmailNotProven => Err(Refusal::EmailNotProven),
            },
        );
    }
    // The provider's webhook events are stored with the account, or not at all.
    let messages = match &connection {
        Some(c) => crate::webhooks::redemption_messages(app, c).await?,
        None => Vec::new(),
    };
    let new = NewAccount {
        account: account.clone(),
        care_page,
        connection,
        registration: progress.id,
        session,
        session_token: session_hash,
        messages,
    };
    let pending = crate::audit::changes::account_created(
        app,
        &new.account,
        &new.care_page,
        new.connection.as_ref(),
    );
    Ok(
        match app.store.create_account(&new, now, pending.audit()).await? {
            AccountCreation::Created => Ok(Created {
                account: account.id,
                session_token,
            }),
            // Both mean: this registration cannot finish as it is. The e-mail case only happens
            // when the same address registered twice at the same time.
            AccountCreation::LetterNotUsable | AccountCreation::EmailTaken => {
                Err(Refusal::LetterTakenMeanwhile)
            }
            AccountCreation::EmailNotProven => Err(Refusal::EmailNotProven),
        },
    )
}
